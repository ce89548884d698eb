// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// One criterion's verdict. Each typed constraint of a criterion is checked
// against the patient's facts (true, false, unknown, not reported, not
// applicable); the criterion's verdict combines them:
//  - inclusion: within one type any true counts ("diabetes or
//    hypertension"), except labs and scores, which must all hold; every
//    type must hold ("women aged 18-65");
//  - exclusion: any true constraint applies it ("HIV, hepatitis B or C"),
//    unless the words around it make the reading weak (a time window, a
//    qualifier, a planned procedure, the trial's own disease area).
// Exclusions the record does not mention are assumed not to apply (as a
// clinician reading a complete case would), and flagged `assumed` with the
// question that would confirm it.

#include "match/criterion_judge.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "match/combined_rules.h"
#include "match/constraint_in_criterion.h"
#include "match/constraint_judge.h"
#include "match/criterion_wording.h"
#include "match/disease_subtype.h"
#include "match/note_timing.h"
#include "match/receptor_status.h"
#include "match/stage_judge.h"
#include "match/study_fit.h"
#include "match/text_judge.h"
#include "match/time_rules.h"
#include "match/treatment_rules.h"
#include "match/value_rules.h"
#include "match/verdict_combine.h"
#include "text/ascii_case.h"
#include "text/cancer_stage.h"
#include "text/normalize.h"
#include "text/pattern.h"

namespace trialfinder {
namespace {

// What the record says that a criterion no reader could decide names, as
// the record names it; empty when nothing. "Not mentioned" must be true
// before anything is assumed from it: the readers may have missed how the
// record says it ("Use of insulin" for a patient on insulin glargine).
//  - The disease the trial studies is the context of most of its criteria
//    ("anti-SLE therapies" in a lupus trial), not a sign they apply; in a
//    trial of the patient's cancer, "other malignancies" are others.
//  - An absence assumed met is held to more: no word of the criterion may
//    be stated in the description ("Absence of EGFR-sensitising mutation"
//    for a note reporting an EGFR exon 19 deletion the readers missed).
std::string NamedByTheRecord(const Criterion& criterion, const std::string& lower,
                             const PatientFacts& facts, const TrialContext& trial) {
  const bool studies_patient = !trial.studied_evidence.empty();
  for (const auto& [name, shown] : facts.NamesInCriterion(criterion.text)) {
    if (IsStudiedTopic(shown, trial.topics)) continue;
    if (studies_patient && name.rfind("malignan", 0) == 0) continue;
    return shown;
  }
  // "No prior systemic therapy", "anticancer treatment within 4 weeks":
  // for a patient with a cancer, any treatment the record names may be one
  // (user test: a patient given carboplatin and pembrolizumab was assumed
  // to have had none). Without a cancer, aspirin is no "antineoplastic".
  // The wording first: most criteria have none of it, and the cancer check
  // runs a pattern per condition.
  static const Pattern kAnyTherapy(
      "\\b(?:systemic|anti-?cancer|anti-?neoplastic|anti-?tumou?r|cancer-directed)\\s+"
      "(?:\\w+\\s+)?(?:therapy|therapies|treatments?|regimens?|agents?|drugs?)\\b");
  const auto& conditions = facts.patient().conditions;
  if (kAnyTherapy.Search(lower) &&
      std::any_of(conditions.begin(), conditions.end(), [](const PatientCondition& c) {
        return c.present && NamesACancer(AsciiLowercase(c.name));
      })) {
    for (const PatientTreatment& treatment : facts.patient().treatments) {
      if (treatment.response != "never received") return treatment.name;
    }
  }
  if (criterion.section == CriterionSection::kInclusion && AsksForAnAbsence(lower))
    return facts.DescriptionWordIn(criterion.text);
  // An exclusion no constraint reads, naming a procedure the record says
  // the patient had ("prior fusion at the levels to be treated" after an
  // L4-L5 fusion): a person checks it, as nothing is assumed away (user
  // test: "does not apply").
  if (criterion.section == CriterionSection::kExclusion && criterion.constraints.empty()) {
    std::string word = facts.DescriptionWordIn(criterion.text);
    if (!word.empty() && IsProcedureName(AsciiLowercase(word))) return word;
  }
  return "";
}

}  // namespace

CriterionVerdict JudgeCriterion(const Criterion& criterion, const PatientFacts& facts,
                                const TrialContext& trial) {
  const std::string lower = NormalizeForMatching(criterion.text);
  // An inclusion that says whom it excludes is one exclusion (user test:
  // "No" to breastfeeding failed "... pregnant or breast feeding are
  // excluded", and "Yes" met it).
  if (criterion.section == CriterionSection::kInclusion && StatesAnExclusion(lower)) {
    Criterion as_exclusion = criterion;
    as_exclusion.section = CriterionSection::kExclusion;
    return JudgeCriterion(as_exclusion, facts, trial);
  }
  const bool exclusion = criterion.section == CriterionSection::kExclusion;
  if (std::optional<std::string> other = SubjectRulesOut(lower, facts.patient()))
    return ToVerdict(criterion, {Truth::kNotApplicable, *other, std::nullopt});
  if (std::optional<Judgement> conditional = JudgeIfReceiving(criterion, lower, facts))
    return ToVerdict(criterion, *conditional);
  if (LeftToTheInvestigator(lower)) {
    return ToVerdict(criterion,
                     {Truth::kUnknown, "left to the investigator's judgment", std::nullopt});
  }
  // In an exclusion about a treatment ("prior EGFR TKI for NSCLC"), the
  // conditions named are its context, not a reason to exclude.
  const bool about_treatment =
      exclusion && std::any_of(criterion.constraints.begin(), criterion.constraints.end(),
                               [](const Constraint& c) {
                                 return c.type == ConstraintType::kPriorTherapy ||
                                        c.type == ConstraintType::kCellGeneTherapy;
                               });
  std::vector<Judgement> parts;
  std::vector<ConstraintType> types;
  std::vector<std::string> names;  // parallel to parts: the constraint's name
  std::vector<bool> absences;      // parallel to parts: asks for an absence
  const CriterionScope scope{criterion, lower, facts, trial, exclusion, about_treatment};
  for (const Constraint& constraint : criterion.constraints) {
    ConstraintPart part = JudgeInCriterion(constraint, scope);
    if (part.role == PartRole::kDecides) return ToVerdict(criterion, part.judgement);
    if (part.role == PartRole::kSkipped) continue;
    parts.push_back(std::move(part.judgement));
    types.push_back(constraint.type);
    names.push_back(constraint.name);
    absences.push_back(constraint.negated);
  }
  OpenDisagreeingThresholds(parts, types, names);
  Judgement combined =
      parts.empty() ? JudgeText(criterion, lower, facts) : Combine(parts, types, exclusion);
  // Every open part of an inclusion an absence the record does not
  // mention, the rest met: the absences are assumed.
  // Not a result a test gives ("negative HIV test"): the record seldom
  // lists what was tested negative.
  // "Desire to quit smoking" asks for a wish, not an absence.
  static const Pattern kWish(
      "\\b(?:quit\\w*|stop\\w*|cessation|desire|wish\\w*|want\\w*|willing\\w*)\\b");
  combined.absence_assumed =
      !exclusion && combined.truth == Truth::kNotReported && !AsksForATestResult(lower) &&
      !WordsATest(lower) && !kWish.Search(lower) &&
      std::any_of(parts.begin(), parts.end(),
                  [](const Judgement& j) { return j.absence_assumed; }) &&
      std::all_of(parts.begin(), parts.end(), [](const Judgement& j) {
        return j.absence_assumed || j.truth == Truth::kTrue || j.truth == Truth::kNotApplicable;
      });
  ApplyExceptionsOnlyRule(criterion, lower, combined);
  const JudgedParts judged{parts, types, names};
  ApplyJoinedConditionsRule(exclusion, lower, judged, facts, combined);
  ApplyLabRules(exclusion, lower, judged, combined);
  if (combined.truth == Truth::kNotReported) {
    const std::string named = NamedByTheRecord(criterion, lower, facts, trial);
    if (!named.empty()) {
      combined = {Truth::kUnknown,
                  "the record mentions \"" + named + "\"; a person should check this criterion",
                  std::move(combined.question), true};
    }
  }
  std::vector<ConstraintType> true_types;
  // Of them, those met by what the record has, not by what it lacks: a
  // never-smoker meets "Non-smoker or ex-smoker with <= 10 pack-years"
  // without a when or how much to ask about (user test).
  std::vector<ConstraintType> true_presences;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].truth != Truth::kTrue) continue;
    true_types.push_back(types[i]);
    if (!absences[i]) true_presences.push_back(types[i]);
  }
  if (std::optional<Judgement> other = ForAnotherGroup(exclusion, lower, judged, combined))
    return ToVerdict(criterion, *other);
  ApplyAgeAndSexOnlyRule(criterion, exclusion, true_types, combined);
  const bool timed_by_the_note = ApplyNoteTiming(criterion, judged, combined);
  if (!exclusion && !timed_by_the_note)
    ApplyWhenHowLongRule(criterion, lower, true_presences, facts, combined);
  ApplyResolvedRule(lower, judged, combined);
  ApplyQualifiedKindRule(lower, judged, combined);
  ApplyWillingToStopRule(lower, combined);
  if (exclusion && !parts.empty() && !timed_by_the_note)
    ApplyWeakExclusionRule(criterion, lower, judged, true_types, facts, combined);
  if (!exclusion) ApplyIndicatedRule(criterion, lower, judged, true_types, combined);
  // An inclusion met only by the diagnosis while it asks for a stage, a
  // marker, a treatment history or a score ("stage IV NSCLC with an EGFR
  // mutation") is not met by the diagnosis alone.
  const bool only_diagnosis =
      !true_types.empty() &&
      std::all_of(true_types.begin(), true_types.end(),
                  [](ConstraintType t) { return t == ConstraintType::kCondition; });
  if (!exclusion && only_diagnosis) ApplyProcedureForDiseaseRule(lower, judged, facts, combined);
  // The receptor status asked for ("triple-negative", "HER2-positive")
  // against the record's ER, PR and HER2 results: a contradicted one
  // decides, unless the criterion offers another way in ("or"); one that
  // holds is taken out of what else the criterion asks.
  std::string asked = lower;
  if (std::optional<ReceptorJudgement> receptors = JudgeReceptorStatus(lower, facts)) {
    static const Pattern kAlternative("\\bor\\b");
    const bool alone = !kAlternative.Search(receptors->rest);
    const Judgement& status = receptors->judgement;
    if (status.truth == Truth::kFalse && alone) return ToVerdict(criterion, status);
    if (status.truth == Truth::kTrue && alone) {
      asked = receptors->rest;
      const bool more = AsksMoreThanTheDiagnosis(asked) || MeasuresTheCondition(asked) ||
                        NamesAMolecularMarker(asked);
      // "HER2-positive disease": nothing else is asked.
      const bool nothing_else = parts.empty() && SplitCriteriaWords(asked).size() <= 3;
      if (!more && (combined.truth == Truth::kTrue || nothing_else)) {
        return ToVerdict(
            criterion,
            {Truth::kTrue,
             (combined.truth == Truth::kTrue ? combined.evidence + "; " : "") + status.evidence,
             std::nullopt});
      }
    }
  }
  // The record's cancer stage against a stage the criterion asks for.
  if (std::optional<Judgement> stage =
          JudgeStage(asked, facts, trial.topics, exclusion, combined, only_diagnosis)) {
    return ToVerdict(criterion, *stage);
  }
  // A molecular marker asked for ("with documented KRAS G12D mutation")
  // is not met by the diagnosis and a treatment history either (user
  // test: met for a breast-cancer patient after chemotherapy); only a lab
  // or marker the record gives speaks to it.
  const bool marker_unread =
      std::none_of(true_types.begin(), true_types.end(),
                   [](ConstraintType t) { return t == ConstraintType::kLab; }) &&
      NamesAMolecularMarker(asked);
  // With an age or sex beside it too ("18 years of age or older, with
  // moderate to severe ulcerative colitis"; user test: met for mild UC).
  const bool diagnosis_and_demographics =
      std::find(true_types.begin(), true_types.end(), ConstraintType::kCondition) !=
          true_types.end() &&
      std::all_of(true_types.begin(), true_types.end(), [](ConstraintType t) {
        return t == ConstraintType::kCondition || t == ConstraintType::kAge ||
               t == ConstraintType::kSex;
      });
  if (!exclusion && combined.truth == Truth::kTrue &&
      (diagnosis_and_demographics || marker_unread) &&
      (AsksMoreThanTheDiagnosis(asked) || MeasuresTheCondition(asked))) {
    combined = {Truth::kUnknown,
                combined.evidence +
                    "; the stage, markers, severity, control, treatment history or score "
                    "asked for are not in the record",
                std::nullopt};
  }
  ApplySubtypeRule(criterion, lower, true_types, facts, combined);
  return ToVerdict(criterion, combined);
}

}  // namespace trialfinder
