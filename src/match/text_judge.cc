// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/text_judge.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "match/combined_rules.h"
#include "match/criterion_wording.h"
#include "match/note_timing.h"
#include "match/operations.h"
#include "match/treatment_rules.h"
#include "text/ascii_case.h"
#include "text/labs.h"
#include "text/named_table.h"
#include "text/pattern.h"

namespace trialfinder {
namespace {

// True when lower-case criterion text names the qualitative lab result
// `name` ("anti-dsDNA" in "anti-double stranded DNA (dsDNA) positive"), by
// the patterns of data/lexicon/lab-markers.tsv, or by its words.
bool NamesMarker(const std::string& lower_text, const std::string& name) {
  for (const NamedTable::Row& row : LabMarkers().rows()) {
    if (row.name == name && row.pattern.Search(lower_text)) return true;
  }
  return PatientFacts::Contains(lower_text, name);
}

// The one finding a short inclusion names ("Fever", "typical chest pain",
// "presence of claudication"), once the words that introduce it are taken
// out; nothing when the criterion has a number or more than three words
// left (a sentence asks more than the finding).
std::optional<std::string> NamedFinding(const std::string& lower) {
  static const Pattern kLead(
      "^\\W*(?:(?:patients?|subjects?|participants?|people|persons?|those|individuals?)\\s+"
      "(?:with|who have|having|presenting with)\\s+|(?:presence|evidence|signs?|symptoms?|"
      "history|diagnosis|complaints?) of\\s+|(?:documented|confirmed|clinical|known)\\s+|"
      "diagnosed with\\s+)*");
  // How the diagnosis was made ("diagnosed with DSM-IV criteria",
  // "confirmed by biopsy") and the subtypes in brackets ("bipolar
  // disorders (I, II, NOS)") do not change which finding is named; a
  // stage, marker or score does (AsksMoreThanTheDiagnosis).
  static const Pattern kHow(
      "\\s*\\([^()]*\\)|,?\\s*(?:as\\s+)?(?:(?:clinically|previously)\\s+)?(?:diagnosed|confirmed|"
      "defined|documented|established|verified)\\s+(?:by|with|using|according to|per|on|"
      "through)\\b.*$|,?\\s*according to\\b.*\\bcriteria\\b.*$|"
      // The time window, which the note's times decide (ApplyNoteTiming).
      "\\s*\\b(?:within|in)\\s+(?:the\\s+)?(?:last|past|previous|prior|preceding)?\\s*\\d+\\s*"
      "(?:days?|weeks?|months?|years?)\\b(?:\\s+(?:prior to|before|of|preceding)\\s+(?:the\\s+)?"
      "(?:screening|enrollment|enrolment|randomi[sz]ation|study entry|first dose|baseline|"
      "day 1|study drug|treatment|signing|consent))?");
  if (AsksMoreThanTheDiagnosis(lower) || MeasuresTheCondition(lower)) return std::nullopt;
  // An absence ("No other tumors") names no finding to look up.
  if (AsksForAnAbsence(lower)) return std::nullopt;
  std::string core = kHow.ReplaceAll(lower, "");
  static const Pattern kDigit("\\d");
  if (kDigit.Search(core)) return std::nullopt;
  if (std::optional<PatternMatch> lead = kLead.Find(core)) core.erase(0, lead->length());
  while (!core.empty() && (core.back() == '.' || core.back() == ' ' || core.back() == ';'))
    core.pop_back();
  if (core.empty() || std::count(core.begin(), core.end(), ' ') > 2) return std::nullopt;
  if (core.find_first_of(",:/()") != std::string::npos) return std::nullopt;
  return core;
}

// A criterion about consent or compliance, settled by the consent answer;
// nullopt for any other. Consent as a point in time ("in the past 4 weeks
// prior to obtaining consent") is not a question of consent, and an
// exclusion that names consent or compliance without refusing it is about
// something else ("a psychiatric disorder that may have an impact on
// compliance"; "rituximab prior to the informed consent"): willing patients
// are not excluded by it (user test: "Yes" to consent excluded a diabetic
// man from his only diabetes trial).
std::optional<Judgement> JudgeConsentWording(const std::string& lower, bool exclusion,
                                             const PatientFacts& facts) {
  if (!AsksForConsent(lower)) return std::nullopt;  // the anchors only take words away
  static const Pattern kConsentAnchor(
      "\\b(?:prior to|before|at the time of|after|since|until|of)\\s+(?:(?:signing|obtaining|"
      "providing|giving|signature of|the|written|informed|icf)\\s+)*consent(?:\\s+forms?)?");
  const std::string unanchored = kConsentAnchor.ReplaceAll(lower, " ");
  static const Pattern kNegativeWording(
      "\\b(unable|unwilling|inability|refus|not willing|cannot)|"
      "\\b(?:no|not|without|lack\\w*|missing|absence of)\\b[^.;:]{0,40}\\bconsent");
  const bool negative_wording = kNegativeWording.Search(unanchored);
  if (!AsksForConsent(unanchored) || (exclusion && !negative_wording)) return std::nullopt;
  // Willing and fit for something ("Willing and medically eligible to use
  // NRT", "willing and able to swallow tablets"): consent settles only the
  // willing (user test: "consents" met it).
  static const Pattern kAlsoFit(
      "\\b(?:medically|eligible|candidates?|contraindicat\\w*|physically|able to (?:take|swallow|"
      "tolerate|undergo|walk|exercise|use))\\b");
  if (kAlsoFit.Search(unanchored)) return std::nullopt;
  Judgement consent = JudgeConsent(facts);
  if (negative_wording && (consent.truth == Truth::kTrue || consent.truth == Truth::kFalse)) {
    consent.truth = consent.truth == Truth::kTrue ? Truth::kFalse : Truth::kTrue;
  }
  return consent;
}

// A criterion about taking any medicine at all ("Took any prescription
// drugs ... within 14 days", "Any concomitant medication", "Not taking any
// medications"), settled by a drug the record says is taken now: it is
// any medicine, within any window up to now. A qualified one ("any drug
// that alters liver enzymes", "except contraceptives") or a drug whose
// timing is not given is left to a person; a record without drugs says
// nothing (people leave out what they take). nullopt for other criteria.
// User test: a woman on methotrexate was "does not apply" for "Took any
// prescription drugs ... within 14 days" in a healthy-volunteer study.
std::optional<Judgement> JudgeAnyMedication(const std::string& lower, bool exclusion,
                                            const PatientFacts& facts) {
  static const Pattern kAnyMedicine(
      "\\b(?:any|all)\\s+(?:other\\s+)?(?:(?:prescription|prescribed|non-?prescription|"
      "concomitant|regular|chronic|daily|oral|over-the-counter|otc)\\s+)*(?:drugs?|medications?|"
      "medicines?|medicinal products?)\\b(?!\\s+(?:abuse|use|addiction|dependence|screen))|"
      "\\bconcomitant\\s+(?:drugs?|medications?|medicines?)\\b|"
      "\\b(?:taking|takes|use of|using|receiving|took)\\s+(?:prescription\\s+)?"
      "(?:drugs|medications|medicines)\\b");
  static const Pattern kOther(
      "\\b(?:investigational|experimental|study|trial|illicit|recreational|street|"
      "psychoactive|herbal)\\s+(?:drugs?|medications?|medicines?|products?)\\b");
  std::optional<PatternMatch> asked = kAnyMedicine.Find(lower);
  if (!asked || kOther.Search(asked->str())) return std::nullopt;
  if (!exclusion && !AsksForAnAbsence(lower)) return std::nullopt;
  const PatientTreatment* now = nullptr;
  const PatientTreatment* undated = nullptr;
  for (const PatientTreatment& t : facts.patient().treatments) {
    if (t.response == "never received") continue;
    if (t.timing == TreatmentTiming::kCurrent && now == nullptr) now = &t;
    if (t.timing == TreatmentTiming::kNotSaid && undated == nullptr) undated = &t;
  }
  if (now == nullptr && undated == nullptr) return std::nullopt;
  // What follows the medicine names which ones ("that alter ...", "for
  // hypertension"), or makes exceptions.
  static const Pattern kWhich(
      "^\\s*(?:that|which|known|affecting|with|for|to|interfering|interacting|likely|able|"
      "metaboli[sz]ed|prohibited|listed|specified|in the)\\b");
  static const Pattern kExceptions(
      "\\bexcept|\\bother than\\b|\\bapart from\\b|\\bwith the exception\\b|"
      "\\b(?:allowed|permitted)\\b");
  const std::string after = lower.substr(asked->position() + asked->length());
  const bool qualified = kWhich.Search(after) || kExceptions.Search(lower);
  const PatientTreatment& drug = now != nullptr ? *now : *undated;
  const std::string evidence =
      PatientFacts::DescribeEvidence(drug.evidence, drug.name) + "; " + drug.name;
  if (now == nullptr || qualified) {
    return Judgement{Truth::kUnknown,
                     evidence + (now == nullptr ? ": when it is taken is not known from the record"
                                                : " taken now: whether it is one of the medicines "
                                                  "the criterion means is not known"),
                     std::nullopt, true};
  }
  const bool absence = !exclusion;  // an inclusion here asks for none
  return Judgement{absence ? Truth::kFalse : Truth::kTrue, evidence + " taken now", std::nullopt};
}

// An operation on an organ the criterion names ("Previous prostate
// surgery", "prior breast surgery", "history of gastrectomy") against the
// record's operations on it ("radical prostatectomy", "lumpectomy"): had,
// or never had. nullopt when the criterion names no such operation, is
// about one to come ("scheduled for"), or the record says nothing of it.
// Only organs whose operations are named "-ectomy" are known. User test:
// "Previous prostate surgery" was assumed not to apply after a radical
// prostatectomy.
std::optional<Judgement> JudgeOrganSurgery(const std::string& lower, const PatientFacts& facts) {
  static const Pattern kToCome(
      "\\b(?:planned|scheduled|candidates?|eligible|awaiting|undergo|will|requir\\w+|indicat\\w*)"
      "\\b");
  if (kToCome.Search(lower)) return std::nullopt;
  for (const std::string& operation : OperationsOnOrganIn(lower)) {
    const Finding had = facts.Treatment(operation);
    if (had.truth == Truth::kTrue || had.truth == Truth::kFalse)
      return Judgement{had.truth, had.evidence, std::nullopt};
  }
  return std::nullopt;
}

}  // namespace

// A criterion no constraint could be read from: consent wording, or the
// patient's own conditions named in it.
// `lower` is the criterion's text as NormalizeForMatching gives it.
Judgement JudgeText(const Criterion& criterion, const std::string& lower,
                    const PatientFacts& facts) {
  const bool exclusion = criterion.section == CriterionSection::kExclusion;
  if (std::optional<Judgement> consent = JudgeConsentWording(lower, exclusion, facts))
    return *consent;
  if (std::optional<Judgement> any = JudgeAnyMedication(lower, exclusion, facts)) return *any;
  // An absence asked for ("No prior prostate surgery", "No current use of
  // prednisone"): what the record has fails it, and the reverse.
  const bool absence = AsksForAnAbsence(lower);
  const auto as_asked = [absence](Truth truth) {
    if (!absence) return truth;
    return truth == Truth::kTrue ? Truth::kFalse : truth == Truth::kFalse ? Truth::kTrue : truth;
  };
  if (std::optional<Judgement> surgery = JudgeOrganSurgery(lower, facts)) {
    surgery->truth = as_asked(surgery->truth);
    return *surgery;
  }
  for (const PatientLab& lab : facts.patient().labs) {
    if (!lab.positive || !NamesMarker(lower, lab.name)) continue;
    static const Pattern kAbsenceWording(
        "\\bnegative\\b|\\bno\\b|\\bwithout\\b|\\babsen(?:ce|t)\\b|\\black\\b|\\bwild[- ]?type\\b");
    const bool absent_wanted = kAbsenceWording.Search(lower);
    const bool holds = *lab.positive != absent_wanted;
    const std::string evidence = lab.name + (*lab.positive ? " positive" : " negative");
    // "At least one of: ANA and/or anti-dsDNA and/or anti-Sm": one marker
    // that does not hold leaves the others open (user test: anti-dsDNA
    // negative excluded a lupus patient whose ANA was not given).
    static const Pattern kAlternatives(
        "\\band/or\\b|\\beither\\b|\\b(?:at least|any) one\\b|\\bone or more\\b|\\bany of\\b");
    if (!exclusion && !holds && kAlternatives.Search(lower))
      return {Truth::kUnknown, evidence + "; the criterion accepts other markers too",
              std::nullopt};
    return {exclusion ? Truth::kUnknown
            : holds   ? Truth::kTrue
                      : Truth::kFalse,
            evidence, std::nullopt};
  }
  // A drug the criterion names without a reading of what it asks ("Carboplatin
  // within 3 weeks", "allergy to carboplatin"): the patient's having taken
  // it is worth a look, never a verdict; never having taken it settles an
  // exclusion.
  // Physician user test: current paclitaxel met "No other concurrent
  // chemotherapy" and "Four weeks since the last cytotoxic chemotherapy",
  // and left "chemotherapy within 4 weeks" open.
  static const Pattern kSinceLast(
      "\\bsince\\s+(?:the\\s+)?(?:last|prior|previous|most recent|completion of)\\b|"
      "\\b(?:from|after)\\s+(?:the\\s+)?(?:last|most recent|completion of)\\b");
  static const Pattern kWithinWindow(
      "\\b(?:within|in)\\s+(?:the\\s+)?(?:last|past|previous|prior|preceding)?\\s*\\d+\\s*"
      "(?:days?|weeks?|months?|years?)\\b");
  for (const std::string& drug : criterion.drugs) {
    const Finding finding = facts.Treatment(drug);
    // About taking it now ("Current use of prednisone", "Currently
    // receiving hydroxychloroquine"): the record's current or past use
    // decides; a record that does not say when leaves it open.
    const std::optional<TreatmentTiming> timing =
        finding.truth == Truth::kTrue ? TimingOf({drug}, facts) : std::nullopt;
    if (finding.truth == Truth::kTrue && AsksAboutCurrentUse(lower)) {
      if (timing == TreatmentTiming::kPast) {
        return {as_asked(Truth::kFalse), finding.evidence + "; taken in the past, not now",
                std::nullopt};
      }
      if (timing == TreatmentTiming::kCurrent && !AsksForHowLong(lower))
        return {as_asked(Truth::kTrue), finding.evidence + "; taken now", std::nullopt};
    }
    // Any use before ("Previous use of infliximab or other anti-TNF
    // antagonists", "prior treatment with rituximab"): taken, now or in the
    // past, whatever its outcome (user test: unknown for a man whose
    // infliximab had failed). Not within a window, nor about how it went.
    static const Pattern kPriorUse(
        "\\b(?:previous(?:ly)?|prior|past|history of|ever)\\s+(?:[a-z-]+\\s+){0,2}?(?:use|used|"
        "usage|treatment|treated|therapy|exposure|exposed|receipt|received|administration|taken)"
        "\\b|\\b(?:previously|ever|already)\\s+(?:been\\s+)?(?:received|treated|exposed|used|"
        "taken)\\b");
    static const Pattern kOutcome(
        "\\bfail\\w*|\\binadequate\\b|\\brefractory\\b|\\bintoleran\\w*|\\brespon\\w*|"
        "\\bresistan\\w*|\\bnaive\\b|\\bnaïve\\b");
    if (finding.truth == Truth::kTrue && kPriorUse.Search(lower) && !kWithinWindow.Search(lower) &&
        !kSinceLast.Search(lower) && !AsksForHowLong(lower) && !kOutcome.Search(lower)) {
      return {as_asked(Truth::kTrue), finding.evidence + "; taken before", std::nullopt};
    }
    // Taken now: within any window up to now ("within 4 weeks"), and not
    // yet stopped for a time since the last dose.
    if (timing == TreatmentTiming::kCurrent) {
      if (kSinceLast.Search(lower)) {
        return {exclusion ? Truth::kTrue : Truth::kFalse,
                finding.evidence + "; taken now, so no time has passed since the last dose",
                std::nullopt};
      }
      if (kWithinWindow.Search(lower))
        return {as_asked(Truth::kTrue), finding.evidence + "; taken now", std::nullopt};
    }
    if (finding.truth == Truth::kTrue)
      return {Truth::kUnknown,
              finding.evidence + "; what the criterion asks about " + drug +
                  " is not known from the record",
              std::nullopt, true};
    if (finding.truth == Truth::kFalse && exclusion)
      return {Truth::kFalse, finding.evidence, std::nullopt};
  }
  for (const PatientCondition& condition : facts.patient().conditions) {
    if (!condition.present) continue;
    // The name and its multi-word or abbreviated variants: a one-word
    // variant such as "lupus" would find "British Isles Lupus Assessment".
    // A broader name the patient's condition is a kind of ("autoimmune
    // disease" for lupus) is named too.
    const std::vector<std::string>& variants = facts.VariantsAndBroader(condition.name);
    const auto named = std::find_if(variants.begin(), variants.end(), [&](const std::string& v) {
      if (v != condition.name && v.find(' ') == std::string::npos && v.size() > 4) return false;
      return PatientFacts::Contains(criterion.text, v);
    });
    if (named == variants.end()) continue;
    // A condition the record says is over: ApplyResolvedRule reads whether
    // the criterion asks for a current one.
    if (condition.resolved) {
      Judgement had{Truth::kTrue,
                    PatientFacts::DescribeEvidence(condition.evidence, condition.name),
                    std::nullopt};
      had.resolved = true;
      return had;
    }
    // Named in an inclusion: likely the disease studied. In an exclusion it
    // may be a variant of it ("drug-induced lupus"): left to a person. A
    // score or threshold about it ("hSLEDAI >= 6") is not met by having
    // the disease.
    if (exclusion)
      return {Truth::kUnknown, "mentions " + condition.name + "; needs review", std::nullopt};
    // One word read from a case note ("pain" from "joint pain") is named in
    // criteria about many diagnoses ("radiculopathy ... with arm pain"):
    // worth a look, never met (user test).
    if (condition.evidence != "record" && IsSymptomWord(condition.name))
      return {Truth::kUnknown,
              "the case note mentions " + condition.name +
                  "; whether it is what the "
                  "criterion asks for needs review",
              std::nullopt, true};
    if (MeasuresTheCondition(lower))
      return {Truth::kUnknown,
              "has " + condition.name + "; the score or value asked for is not in the record",
              std::nullopt};
    if (AsksMoreThanTheDiagnosis(lower))
      return {Truth::kUnknown,
              "has " + condition.name +
                  "; the stage, markers or treatment history asked for are not in the record",
              std::nullopt};
    // "MDD and CUD": both are asked for (user test: met by MDD alone).
    if (std::optional<std::string> other = UnmetJoinedCondition(lower, *named, facts))
      return {Truth::kUnknown,
              "has " + condition.name + "; the criterion also asks for " + *other +
                  ", which the record does not give",
              std::nullopt, true};
    if (HasTimeWindow(criterion) || AsksForDoseOrDuration(lower))
      return {Truth::kUnknown,
              "has " + condition.name +
                  "; when or for how long, as the criterion asks, is not in "
                  "the record",
              std::nullopt, true};
    return {Truth::kTrue, PatientFacts::DescribeEvidence(condition.evidence, condition.name),
            std::nullopt};
  }
  if (std::optional<std::string> finding = NamedFinding(lower)) {
    // In an exclusion, only a finding of several words or a disease the
    // note names in the same words ("Transient ischemic attack", "carotid
    // bruit"), not a word such as "pain" that many conditions share.
    Finding found = facts.Condition(*finding);
    if ((!exclusion || finding->find(' ') != std::string::npos || NamesADisease(*finding)) &&
        found.truth != Truth::kNotReported) {
      Judgement judgement{found.truth, found.evidence, std::nullopt,
                          found.truth == Truth::kUnknown};
      // Within a time: the note's "6 months ago" decides, or nothing does.
      if (HasTimeWindow(criterion) && found.truth == Truth::kTrue) {
        const std::vector<Judgement> parts{judgement};
        const std::vector<ConstraintType> types{ConstraintType::kCondition};
        const std::vector<std::string> names{*finding};
        if (!ApplyNoteTiming(criterion, {parts, types, names}, judgement)) {
          judgement = {Truth::kUnknown,
                       found.evidence + "; when it happened is not known from the record",
                       std::nullopt, true};
        }
      }
      return judgement;
    }
  }
  return {Truth::kNotReported, "", std::nullopt};
}

}  // namespace trialfinder
