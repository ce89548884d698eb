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
#include "match/constraint_judge.h"
#include "match/criterion_wording.h"
#include "match/disease_subtype.h"
#include "match/note_timing.h"
#include "match/receptor_status.h"
#include "match/stage_judge.h"
#include "match/study_fit.h"
#include "match/text_judge.h"
#include "match/treatment_rules.h"
#include "match/verdict_combine.h"
#include "text/ascii_case.h"
#include "text/cancer_stage.h"
#include "text/normalize.h"
#include "text/pattern.h"

namespace trialfinder {
namespace {

// Contraception in an exclusion is about not using it ("unwilling to use
// birth control"): it cannot apply to someone who cannot become pregnant,
// and does not apply to someone willing to follow the trial's rules.
Judgement JudgeContraceptionExclusion(const PatientFacts& facts) {
  if (!facts.CouldBePregnant()) {
    const Patient& p = facts.patient();
    return {Truth::kNotApplicable, p.sex == "MALE" ? "male" : AgeEvidence(p.age_years.value_or(0)),
            std::nullopt};
  }
  Judgement consent = JudgeConsent(facts);
  if (consent.truth == Truth::kTrue) return {Truth::kFalse, consent.evidence, std::nullopt};
  if (consent.truth == Truth::kFalse) return {Truth::kTrue, consent.evidence, std::nullopt};
  return consent;
}

// `lower` with each occurrence of `name` blanked.
void ReplaceName(std::string& lower, const std::string& name) {
  if (name.empty()) return;
  for (std::size_t at = lower.find(name); at != std::string::npos; at = lower.find(name, at))
    lower.replace(at, name.size(), std::string(name.size(), ' '));
}

}  // namespace

// True when a condition name of an exclusion is, or is a kind of, or is a
// broader name for, what the trial studies.
bool IsStudiedTopic(const std::string& name, const std::vector<std::string>& topics) {
  const std::string lower = AsciiLowercase(name);
  return std::any_of(topics.begin(), topics.end(), [&](const std::string& topic) {
    return PatientFacts::Contains(topic, lower) || PatientFacts::Contains(lower, topic);
  });
}

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

// A name of one of the patient's conditions, one word or more, written in
// `text` as an item of a list ("RA, lupus, or other ...": after a comma, or
// between "or"/"and" and a comma); nullopt otherwise. A one-word name alone
// is not enough elsewhere ("British Isles Lupus Assessment Group").
std::optional<std::string> ListedBesideItsClass(const std::string& text,
                                                const PatientFacts& facts) {
  const std::string lower = AsciiLowercase(text);
  for (const PatientCondition& condition : facts.patient().conditions) {
    if (!condition.present) continue;
    for (const std::string& variant : PatientFacts::Variants(condition.name)) {
      const std::string v = AsciiLowercase(variant);
      for (const char* before : {", ", ",", " or ", " and ", "(", "e.g. ", "including "}) {
        for (const char* after : {",", " or ", " and ", ")", ";"}) {
          if (lower.find(before + v + after) != std::string::npos) return variant;
        }
      }
    }
  }
  return std::nullopt;
}

CriterionVerdict JudgeCriterion(const Criterion& criterion, const PatientFacts& facts,
                                const TrialContext& trial) {
  const bool exclusion = criterion.section == CriterionSection::kExclusion;
  const std::string lower = NormalizeForMatching(criterion.text);
  // "Males of childbearing potential must use contraception" is about men
  // only: not a woman's criterion (and the reverse). Read from the
  // criterion's first words, where its subject is; "Female patients only"
  // is a requirement, judged as one.
  static const Pattern kSubjectFirst(
      "^\\W*(?:\\w+\\s+){0,2}?(?:males?|men|man|boys?|females?|women|woman|girls?|"
      "post-?menopausal)\\b");
  static const Pattern kOnly("\\bonly\\b");
  // "Male subjects weigh >= 50 kg, female subjects >= 45 kg" is for both;
  // "Females ... ensure male partners use contraception" is not.
  static const Pattern kMale(
      "\\b(?:males?|men|boys)\\s+(?:subjects?|participants?|patients?|volunteers?)\\b");
  static const Pattern kFemale(
      "\\b(?:females?|women|girls)\\s+(?:subjects?|participants?|patients?|volunteers?)\\b");
  // Within the sentence the subject opens, as that is what it governs.
  const std::string first_sentence = lower.substr(0, lower.find(". "));
  // The other sex named later in the sentence as people the criterion is
  // about, not as partners: "Women who are pregnant ... or women/men who
  // are planning to have children" is about men too (user test: "about
  // women only" for a man).
  static const Pattern kMen("\\b(?:males?|men|man|boys?)\\b(?!\\s+(?:sexual\\s+)?partners?)");
  static const Pattern kWomen(
      "\\b(?:females?|women|woman|girls?)\\b(?!\\s+(?:sexual\\s+)?partners?)");
  const bool both_sexes = (kMale.Search(first_sentence) && kFemale.Search(first_sentence)) ||
                          (kMen.Search(first_sentence) && kWomen.Search(first_sentence));
  if (kSubjectFirst.Search(lower) && !kOnly.Search(lower) && !both_sexes) {
    // A partner is no subject: "Male participant with pregnant partner(s)"
    // is about men (user test: "probably met" for a woman).
    static const Pattern kPartner(
        "\\b(?:pregnant|female|male|women|men|woman|man)\\s+(?:sexual\\s+)?partners?\\b");
    const std::string subject = kPartner.ReplaceAll(lower.substr(0, 40), "partner");
    if (std::optional<std::string> other = CohortRulesOut(subject, facts.patient()))
      return ToVerdict(criterion, {Truth::kNotApplicable, *other, std::nullopt});
  }
  if (std::optional<Judgement> conditional = JudgeIfReceiving(criterion, lower, facts))
    return ToVerdict(criterion, std::move(*conditional));
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
  for (const Constraint& constraint : criterion.constraints) {
    if (IsQualifier(constraint)) continue;
    // A negated mention in an exclusion is an exception ("any cancer
    // except basal cell carcinoma"), not a reason to exclude: it decides
    // nothing, and no question is asked about it.
    if (exclusion && constraint.negated) continue;
    // "Malignancy other than breast cancer" for a patient with breast
    // cancer: her cancer is the exception; another one the record does not
    // mention is assumed absent like any exclusion (user test: excluded
    // from a breast-cancer trial).
    if (exclusion && constraint.type == ConstraintType::kCondition) {
      const bool excepted = std::any_of(
          criterion.constraints.begin(), criterion.constraints.end(), [&](const Constraint& c) {
            return c.negated && c.type == ConstraintType::kCondition &&
                   facts.Condition(c.name).truth == Truth::kTrue;
          });
      if (excepted) continue;
    }
    const bool condition = constraint.type == ConstraintType::kCondition;
    if (about_treatment && condition) continue;
    // "Skeletally mature at the time of surgery": the study's surgery, not
    // one the patient had (user test: met by a past spinal fusion).
    if (condition && NamesTheStudyProcedure(lower, AsciiLowercase(constraint.name))) continue;
    // "GvHD ... post bone marrow transplant", "immunosuppression post
    // allogenic HSCT": the transplant is when, not what excludes (user
    // test: every child after a transplant was excluded).
    if (exclusion && constraint.type == ConstraintType::kCellGeneTherapy) {
      static const Pattern kAfter(
          "\\b(?:post|after|following)\\s+(?:an?\\s+|the\\s+)?(?:allo\\w*\\s+|auto\\w*\\s+)?"
          "(?:bone marrow|stem cell|hsct|sct|bmt|transplant|hematopoietic|haematopoietic|car)");
      if (kAfter.Search(lower)) continue;
    }
    // In an exclusion, a sex says whom it is about ("pregnant or
    // breastfeeding (female only)"), never a reason to exclude: the other
    // sex makes it not applicable, the same sex decides nothing.
    if (exclusion && constraint.type == ConstraintType::kSex) {
      Judgement sex = JudgeConstraint(constraint, facts);
      if (sex.truth == Truth::kFalse)
        return ToVerdict(criterion, {Truth::kNotApplicable, sex.evidence, std::nullopt});
      continue;
    }
    Judgement judgement = exclusion && constraint.type == ConstraintType::kContraception
                              ? JudgeContraceptionExclusion(facts)
                              : JudgeConstraint(constraint, facts);
    // "History of spine surgery" is not met by "I had knee surgery" (user
    // test: every surgery was every kind of surgery).
    if (judgement.truth == Truth::kTrue &&
        NamesAnotherKind(lower, AsciiLowercase(constraint.name), judgement.evidence, facts)) {
      judgement = {Truth::kUnknown,
                   judgement.evidence + "; whether it was the kind of " +
                       AsciiLowercase(constraint.name) + " the criterion names needs review",
                   std::nullopt, true};
    }
    // A treatment taken now, asked for ("on treatment with steroids" after
    // "Currently"): a past use does not meet or apply it, one whose time
    // the record does not say leaves it open (user test: applied for
    // prednisone stopped).
    if (constraint.type == ConstraintType::kPriorTherapy && judgement.truth == Truth::kTrue &&
        AsksAboutCurrentUse(lower)) {
      std::vector<std::string> named = constraint.items;
      named.push_back(constraint.name);
      const std::optional<TreatmentTiming> timing = TimingOf(named, facts);
      if (timing == TreatmentTiming::kPast) {
        judgement = {Truth::kFalse, judgement.evidence + "; taken in the past, not now",
                     std::nullopt};
      } else if (timing == TreatmentTiming::kNotSaid) {
        judgement = {Truth::kUnknown,
                     judgement.evidence + "; whether it is taken now is not in the record",
                     std::nullopt, true};
      }
    }
    // "ECOG 0-2 (if aged >= 18 years); Lansky >= 50 (if aged < 16)": the
    // age picks the rule that applies, it is not one (user test of FHIR
    // matching: a 66-year-old failed it for not being 16-17).
    if (constraint.type == ConstraintType::kAge && judgement.truth == Truth::kFalse &&
        AgeChoosesTheRule(lower)) {
      judgement = {
          Truth::kUnknown,
          judgement.evidence + "; the age here chooses which part of the criterion applies",
          std::nullopt};
    }
    // An inclusion's pregnancy wording mostly asks for none ("negative
    // pregnancy test", "must use contraception"), whether or not a
    // negation was read: "No" to "Are you pregnant?" failed both (user test
    // of /match). Asking for a pregnancy, it is not failed by a wish for one
    // ("desire for pregnancy within 6 months or currently pregnant").
    bool negated = constraint.negated;
    if (!exclusion && constraint.type == ConstraintType::kPregnancy) {
      negated = negated || AvoidsPregnancy(lower);
      // Nor by pregnancy named among other things ("symptoms of APS,
      // including vascular thrombosis or pregnancy morbidity").
      const bool among_others = std::any_of(
          criterion.constraints.begin(), criterion.constraints.end(), [](const Constraint& c) {
            return c.type == ConstraintType::kCondition || c.type == ConstraintType::kInfection;
          });
      if (!negated && judgement.truth == Truth::kFalse &&
          (PregnancyOtherThanNow(lower) || among_others)) {
        judgement = {Truth::kUnknown,
                     judgement.evidence + "; the criterion asks about more than a pregnancy now",
                     std::nullopt};
      }
      // Asking for a pregnancy, or a wish for one, and nothing else: not
      // met by someone who cannot become pregnant (user test: a pregnancy
      // registry was "likely eligible" for a woman of 61).
      static const Pattern kPastPregnancy(
          "\\bpregnan\\w*[- ](?:morbidity|loss\\w*|complication\\w*|outcomes?|related|induced|"
          "associated|histor\\w*)|\\b(?:previous|prior|past|history of|earlier)\\s+(?:\\w+\\s+)?"
          "pregnan");
      // Not a partner's ("if the partner becomes pregnant").
      static const Pattern kPartner("\\bpartners?\\b");
      if (!negated && !among_others && !kPastPregnancy.Search(lower) && !kPartner.Search(lower) &&
          judgement.truth == Truth::kNotApplicable) {
        judgement = {Truth::kFalse, judgement.evidence + "; cannot become pregnant", std::nullopt};
      }
    }
    // An inclusion asking for no pregnancy in words, not by a test
    // ("non-pregnant females", "are not pregnant"), is assumed met like
    // any other absence the record does not mention; the question is still
    // asked. A test ("negative serum hCG") is left open, as the record does
    // not give one. Expert labels: "included" for both development cases.
    static const Pattern kPregnancyTest(
        "\\b(?:negative|tests?|testing|hcg|gonadotrop\\w*|urine|urinary|serum|blood)\\b");
    if (!exclusion && negated && constraint.type == ConstraintType::kPregnancy &&
        judgement.truth == Truth::kUnknown && !facts.patient().pregnant &&
        !kPregnancyTest.Search(lower)) {
      judgement.truth = Truth::kNotReported;
    }
    // Not an outcome missed ("Not achieving a CR after 1 cycle"): an event
    // to have had (user test: met, as assumed, for a child never treated).
    static const Pattern kOutcome("\\b(?:achiev\\w*|attain\\w*|respon\\w*|remission|cr|pr)\\b");
    const bool absence_type =
        IsHistoryType(constraint.type) || constraint.type == ConstraintType::kPregnancy;
    if (!exclusion && negated && judgement.truth == Truth::kNotReported && absence_type &&
        !kOutcome.Search(lower))
      judgement.absence_assumed = true;
    // A healthy person's absent diseases do not fail an inclusion asking
    // for a test result ("COVID-19 PCR test result negative", "negative
    // screening for SARS-CoV-2"): no test was given (user test: healthy
    // volunteers were excluded from vaccine trials for them).
    if (!exclusion && judgement.truth == Truth::kFalse && judgement.evidence == kHealthyEvidence) {
      static const Pattern kRisk("\\brisk\\b");
      if (AsksForATestResult(lower) || WordsATest(lower) || kRisk.Search(lower)) {
        judgement = {Truth::kUnknown,
                     "what a test or an assessment would show is not in the record",
                     judgement.question};
      }
    }
    if (judgement.question) judgement.question->yes_excludes = exclusion != negated;
    if (negated && (judgement.truth == Truth::kTrue || judgement.truth == Truth::kFalse)) {
      judgement.truth = judgement.truth == Truth::kTrue ? Truth::kFalse : Truth::kTrue;
    }
    // An exclusion naming the disease the trial studies ("other
    // malignancy", "small cell lung cancer" in an NSCLC trial) is about
    // another form of it: having the disease does not apply it, and the
    // patient is not asked about the trial's own disease.
    const bool studied_disease =
        !trial.studied_evidence.empty() && judgement.evidence == trial.studied_evidence;
    // A class the studied disease belongs to ("overlap autoimmune diseases
    // not in the studied cohorts" in a lupus trial, for a patient with
    // lupus): about other diseases of the class, which the record does not
    // name. User test: her lupus trial was kept from "likely eligible".
    if (exclusion && condition && judgement.truth == Truth::kUnknown &&
        !trial.studied_evidence.empty() &&
        judgement.evidence.rfind(trial.studied_evidence + std::string(kKindOf), 0) == 0) {
      judgement = {Truth::kNotReported, "", std::nullopt};
    } else if (condition && judgement.truth == Truth::kUnknown &&
               judgement.evidence.find(kKindOf) != std::string::npos) {
      // The class, and the patient's disease named beside it in a list
      // ("rheumatoid arthritis, lupus, or other autoimmune disease"): the
      // criterion means her disease (user test: "needs review").
      if (std::optional<std::string> named = ListedBesideItsClass(criterion.text, facts))
        judgement = {Truth::kTrue, "names " + *named, std::nullopt};
    }
    // So is an inclusion asking for its absence ("No history of other
    // malignancy" in an NSCLC trial), whose reading is negated.
    // Not a procedure the trial studies: trials of spinal fusion exclude
    // people who had one (user test: "L4-L5 fusion" was "another form").
    if ((exclusion || negated) && (condition || constraint.type == ConstraintType::kInfection) &&
        !IsProcedureName(AsciiLowercase(constraint.name)) &&
        (IsStudiedTopic(constraint.name, trial.topics) || studied_disease)) {
      if (judgement.truth == (negated ? Truth::kFalse : Truth::kTrue)) {
        judgement = {Truth::kUnknown,
                     judgement.evidence + "; the trial studies " + AsciiLowercase(constraint.name) +
                         ": whether this other form applies is not known from the record",
                     std::nullopt};
      }
      judgement.question.reset();
    }
    parts.push_back(std::move(judgement));
    types.push_back(constraint.type);
    names.push_back(constraint.name);
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
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].truth == Truth::kTrue) true_types.push_back(types[i]);
  }
  if (std::optional<Judgement> other = ForAnotherGroup(exclusion, lower, judged, combined))
    return ToVerdict(criterion, std::move(*other));
  // "At least 18 years of age and a first confirmed diagnosis of MIBC": the
  // age fits and nothing read the rest, so the criterion is not met on the
  // age alone (user test: met for a breast-cancer patient). An exclusion
  // naming more than the age ("gastrointestinal abnormalities ... (onset
  // age less than 60 years)") does not apply for the age either (user
  // test: an 8-year-old excluded): like any exclusion the record does not
  // mention, it is assumed not to.
  if (combined.truth == Truth::kTrue && !true_types.empty() &&
      std::all_of(true_types.begin(), true_types.end(),
                  [](ConstraintType type) {
                    return type == ConstraintType::kAge || type == ConstraintType::kSex;
                  }) &&
      AsksMoreThanAgeAndSex(criterion)) {
    combined = {exclusion ? Truth::kNotReported : Truth::kUnknown,
                combined.evidence + "; the rest of the criterion is not known from the record",
                std::nullopt};
  }
  const bool timed_by_the_note = ApplyNoteTiming(criterion, judged, combined);
  // An inclusion met by a history alone while it asks when, for how long
  // or how much ("Diagnosed with T2D >= 180 days before screening",
  // "stable for at least 90 days", "prednisone > 20 mg/day"): the record
  // names the condition or treatment, not that (user test: all three
  // were met).
  const bool history_only =
      !true_types.empty() && std::all_of(true_types.begin(), true_types.end(), IsHistoryType);
  const bool windowed = HasTimeWindow(criterion);
  // Not a failure asked for (a treatment that failed was used long
  // enough), nor a use as long as the record's: "each used for more than
  // 6 months" meets "for >= 12 weeks".
  const bool duration_known = [&] {
    const std::optional<double> asked = AskedDurationMonths(lower);
    if (!asked || windowed) return false;
    // A stable dose is not a duration the record gives (user test).
    static const Pattern kDose("\\d\\s*(?:mg|mcg|ug|g|units?|iu)\\b|\\bhigh[- ]dose|\\bstable\\b");
    if (kDose.Search(lower)) return false;
    bool any = false;
    for (const PatientTreatment& t : facts.patient().treatments) {
      if (!t.duration_months || t.response == "never received") continue;
      if (*t.duration_months + 1e-9 < *asked) return false;
      any = true;
    }
    return any;
  }();
  if (!exclusion && !timed_by_the_note && combined.truth == Truth::kTrue && history_only &&
      (windowed || AsksForDoseOrDuration(lower)) && !AsksForAFailure(lower) && !duration_known) {
    combined = {Truth::kUnknown,
                combined.evidence +
                    "; when, for how long or at what dose, as the criterion asks, is not in the "
                    "record",
                std::nullopt, true};
  }
  ApplyResolvedRule(lower, judged, combined);
  // Met as a kind of the category it names, while the criterion qualifies
  // the category ("Dementia with Lewy Bodies" for Alzheimer disease): which
  // kind is asked, and the patient's is not known to be it.
  if (combined.truth == Truth::kTrue) {
    static const Pattern kQualified(
        "^\\s*(?:with|due to|associated with|secondary to|caused by|related to|of the \\w+ "
        "type)\\b");
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (parts[i].truth != Truth::kTrue || !parts[i].kind_of) continue;
      const std::string name = AsciiLowercase(names[i]);
      const std::size_t at = lower.find(name);
      if (at == std::string::npos) continue;
      const std::string after = lower.substr(at + name.size());
      if (!kQualified.Search(after)) continue;
      combined = {Truth::kUnknown,
                  combined.evidence + "; a kind of " + name +
                      ": whether it is the kind the criterion names is not known",
                  std::nullopt, true};
      break;
    }
  }
  if (exclusion && !parts.empty() && !timed_by_the_note) {
    // A qualifier inside a name the record has ("active infection", asked
    // and answered yes) is no qualifier the record leaves open (user test:
    // "Yes" left "Evidence of active infection" unknown).
    std::string qualified = lower;
    // An infection's seropositivity is the infection ("known seropositivity
    // for HIV"; user test: unknown for a man with HIV).
    if (std::find(true_types.begin(), true_types.end(), ConstraintType::kInfection) !=
        true_types.end()) {
      static const Pattern kSeropositive("\\bsero-?positiv\\w*");
      qualified = kSeropositive.ReplaceAll(qualified, "positive");
    }
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (parts[i].truth != Truth::kTrue || facts.patient().FindCondition(names[i]) == nullptr)
        continue;
      ReplaceName(qualified, AsciiLowercase(names[i]));
    }
    const std::string weak = WeakExclusionReason(criterion, qualified, combined, true_types);
    if (!weak.empty()) combined = {Truth::kUnknown, combined.evidence + weak, std::nullopt, true};
  }
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
    return ToVerdict(criterion, std::move(*stage));
  }
  // A molecular marker asked for ("with documented KRAS G12D mutation")
  // is not met by the diagnosis and a treatment history either (user
  // test: met for a breast-cancer patient after chemotherapy); only a lab
  // or marker the record gives speaks to it.
  const bool marker_unread =
      std::none_of(true_types.begin(), true_types.end(),
                   [](ConstraintType t) { return t == ConstraintType::kLab; }) &&
      NamesAMolecularMarker(asked);
  if (!exclusion && combined.truth == Truth::kTrue && (only_diagnosis || marker_unread) &&
      (AsksMoreThanTheDiagnosis(asked) || MeasuresTheCondition(asked))) {
    combined = {
        Truth::kUnknown,
        combined.evidence +
            "; the stage, markers, treatment history or score asked for are not in the record",
        std::nullopt};
  }
  // A subtype the criterion puts on the disease ("large cell neuroendocrine
  // lung carcinoma", "lobular breast cancer") is not established by the
  // disease alone, in an inclusion or an exclusion (user test: "lung
  // cancer" met the first and was excluded by the second).
  const bool only_conditions =
      !true_types.empty() &&
      std::all_of(true_types.begin(), true_types.end(), [](ConstraintType t) {
        return t == ConstraintType::kCondition || t == ConstraintType::kAge ||
               t == ConstraintType::kSex;
      });
  if (combined.truth == Truth::kTrue && only_conditions) {
    if (std::optional<std::string> subtype = UnsaidSubtype(criterion, lower, facts.patient())) {
      combined = {Truth::kUnknown,
                  combined.evidence + "; whether it is " + *subtype +
                      ", as the criterion asks, is not known from the record",
                  std::nullopt, true};
    }
  }
  return ToVerdict(criterion, std::move(combined));
}

}  // namespace trialfinder
