// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Criterion verdicts. Each typed constraint of a criterion is checked
// against the patient's facts (true, false, unknown, not reported, not
// applicable); the criterion's verdict combines them:
//  - inclusion: within one type any true counts ("diabetes or
//    hypertension"); every type must hold ("women aged 18-65");
//  - exclusion: any true constraint applies it ("HIV, hepatitis B or C").
// Exclusions the record does not mention are assumed not to apply (as a
// clinician reading a complete case would), and flagged `assumed` with the
// question that would confirm it.

#include <algorithm>
#include <cmath>
#include <map>

#include "assets/embedded_assets.h"
#include "match/constraint_judge.h"
#include "match/patient_facts.h"
#include "match/study_fit.h"
#include "text/ascii_case.h"
#include "text/named_table.h"
#include "text/normalize.h"
#include "text/pattern.h"
#include "trialfinder/match.h"

namespace trialfinder {
namespace {
// --- one criterion ------------------------------------------------------------

bool IsQualifier(const Constraint& c) { return c.type == ConstraintType::kTimeWindow; }

bool AsksForConsent(const std::string& lower_text) {
  static const Pattern kConsent(
      "informed consent|\\bwilling|\\bunwilling|able to comply|\\bcomply with|\\bagree(?:s)? "
      "to|\\bconsent\\b|"
      "follow the (?:study|trial) (?:procedures|protocol)");
  return kConsent.Search(lower_text);
}

// Inclusion: OR within a type, AND across types. Exclusion: OR over all.
Judgement Combine(const std::vector<Judgement>& parts, const std::vector<ConstraintType>& types,
                  bool exclusion) {
  auto any = [&](Truth truth) {
    return std::find_if(parts.begin(), parts.end(),
                        [&](const Judgement& j) { return j.truth == truth; });
  };
  if (exclusion) {
    if (auto hit = any(Truth::kTrue); hit != parts.end()) return *hit;
    if (auto open = any(Truth::kUnknown); open != parts.end()) return *open;
    if (auto missing = any(Truth::kNotReported); missing != parts.end()) return *missing;
    if (auto no = any(Truth::kFalse); no != parts.end()) return *no;
    return parts.front();  // all not applicable
  }
  // In the alphabetical order of the types' names (which decides which
  // judgement speaks first), as it always was.
  std::map<std::string, Judgement> by_type;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    auto [it, inserted] = by_type.emplace(ToString(types[i]), parts[i]);
    if (inserted) continue;
    Judgement& kept = it->second;
    const auto rank = [](Truth t) {
      return t == Truth::kTrue            ? 0
             : t == Truth::kNotApplicable ? 1
             : t == Truth::kUnknown       ? 2
             : t == Truth::kNotReported   ? 3
                                          : 4;
    };
    if (rank(parts[i].truth) < rank(kept.truth)) kept = parts[i];
  }
  Judgement result{Truth::kTrue, "", std::nullopt};
  std::string evidence;
  for (const auto& [type, judgement] : by_type) {
    if (judgement.truth == Truth::kFalse) return judgement;
    if (judgement.truth == Truth::kNotApplicable) return judgement;
    if (judgement.truth != Truth::kTrue && result.truth == Truth::kTrue) result = judgement;
    if (judgement.truth == Truth::kTrue && !judgement.evidence.empty()) {
      evidence += (evidence.empty() ? "" : "; ") + judgement.evidence;
    }
  }
  if (result.truth == Truth::kTrue) result.evidence = evidence;
  return result;
}

CriterionVerdict ToVerdict(const Criterion& criterion, Judgement judgement) {
  CriterionVerdict verdict;
  verdict.criterion_id = criterion.id;
  verdict.section = criterion.section;
  verdict.cohort = criterion.cohort;
  verdict.text = criterion.text;
  const bool exclusion = criterion.section == CriterionSection::kExclusion;
  verdict.evidence = judgement.evidence;
  // Outside an "Inclusion" or "Exclusion" section the record does not say
  // which way a criterion counts: what the patient has is reported, but it
  // neither meets nor excludes.
  if (criterion.section == CriterionSection::kUnspecified &&
      (judgement.truth == Truth::kTrue || judgement.truth == Truth::kFalse)) {
    verdict.verdict = Verdict::kUnknown;
    verdict.evidence = (judgement.evidence.empty() ? "" : judgement.evidence + "; ") +
                       "the record does not say whether this is required or excluded";
    verdict.question = judgement.question;
    return verdict;
  }
  switch (judgement.truth) {
    case Truth::kTrue:
      verdict.verdict = exclusion ? Verdict::kApplies : Verdict::kMet;
      break;
    case Truth::kFalse:
      verdict.verdict = exclusion ? Verdict::kDoesNotApply : Verdict::kNotMet;
      break;
    case Truth::kNotApplicable:
      verdict.verdict = Verdict::kNotApplicable;
      break;
    case Truth::kNotReported:
      if (exclusion) {
        verdict.verdict = Verdict::kDoesNotApply;
        verdict.assumed = true;
        if (verdict.evidence.empty()) verdict.evidence = "not mentioned in the patient's record";
      } else {
        verdict.verdict = Verdict::kUnknown;
      }
      verdict.question = judgement.question;
      break;
    case Truth::kUnknown:
      verdict.verdict = Verdict::kUnknown;
      verdict.question = judgement.question;
      break;
  }
  if (verdict.verdict == Verdict::kUnknown && verdict.evidence.empty())
    verdict.evidence = "not enough information";
  return verdict;
}

// True when a criterion asks for a measurement (a comparison with a number,
// a score or an index) rather than the diagnosis itself.
bool MeasuresTheCondition(const std::string& lower_text) {
  static const Pattern kMeasure(
      "(?:[<>]=?|\u2264|\u2265)\\s*\\d|\\b(?:score|index|scale|sledai|bilag|das28|"
      "titer|titre)\\b");
  return kMeasure.Search(lower_text);
}

// True when lower-case criterion text names the qualitative lab result
// `name` ("anti-dsDNA" in "anti-double stranded DNA (dsDNA) positive"), by
// the patterns of data/lexicon/lab-markers.tsv, or by its words.
bool NamesMarker(const std::string& lower_text, const std::string& name) {
  static const NamedTable kMarkers(EmbeddedAsset("lab-markers.tsv"),
                                   NamedTable::Anchoring::kSearch);
  for (const NamedTable::Row& row : kMarkers.rows()) {
    if (row.name == name && row.pattern.Search(lower_text)) return true;
  }
  return PatientFacts::Contains(lower_text, name);
}

// A criterion no constraint could be read from: consent wording, or the
// patient's own conditions named in it.
Judgement JudgeText(const Criterion& criterion, const PatientFacts& facts) {
  const std::string lower = NormalizeForMatching(criterion.text);
  const bool exclusion = criterion.section == CriterionSection::kExclusion;
  if (AsksForConsent(lower)) {
    Judgement consent = JudgeConsent(facts);
    static const Pattern kNegativeWording(
        "\\b(unable|unwilling|inability|refus|not willing|cannot)|"
        "\\b(?:no|not|without|lack\\w*|missing|absence of)\\b[^.;:]{0,40}\\bconsent");
    const bool negative_wording = kNegativeWording.Search(lower);
    if (negative_wording && (consent.truth == Truth::kTrue || consent.truth == Truth::kFalse)) {
      consent.truth = consent.truth == Truth::kTrue ? Truth::kFalse : Truth::kTrue;
    }
    return consent;
  }
  for (const PatientLab& lab : facts.patient().labs) {
    if (!lab.positive || !NamesMarker(lower, lab.name)) continue;
    static const Pattern kAbsenceWording("\\bnegative\\b|\\bno\\b|\\bwithout\\b");
    const bool absent_wanted = kAbsenceWording.Search(lower);
    const bool holds = *lab.positive != absent_wanted;
    return {exclusion ? Truth::kUnknown
            : holds   ? Truth::kTrue
                      : Truth::kFalse,
            lab.name + (*lab.positive ? " positive" : " negative"), std::nullopt};
  }
  for (const PatientCondition& condition : facts.patient().conditions) {
    if (!condition.present) continue;
    // The name and its multi-word or abbreviated variants: a one-word
    // variant such as "lupus" would find "British Isles Lupus Assessment".
    std::vector<std::string> variants = PatientFacts::Variants(condition.name);
    std::erase_if(variants, [&](const std::string& v) {
      return v != condition.name && v.find(' ') == std::string::npos && v.size() > 4;
    });
    if (std::none_of(variants.begin(), variants.end(), [&](const std::string& v) {
          return PatientFacts::Contains(criterion.text, v);
        })) {
      continue;
    }
    // Named in an inclusion: likely the disease studied. In an exclusion it
    // may be a variant of it ("drug-induced lupus"): left to a person. A
    // score or threshold about it ("hSLEDAI >= 6") is not met by having
    // the disease.
    if (exclusion)
      return {Truth::kUnknown, "mentions " + condition.name + "; needs review", std::nullopt};
    if (MeasuresTheCondition(lower))
      return {Truth::kUnknown,
              "has " + condition.name + "; the score or value asked for is not in the record",
              std::nullopt};
    return {Truth::kTrue, PatientFacts::DescribeEvidence(condition.evidence, condition.name),
            std::nullopt};
  }
  return {Truth::kNotReported, "", std::nullopt};
}

// Words that make a mention of a condition in an exclusion more specific
// than the mention itself: "uncontrolled hypertension", "hypertension >
// 170/100 mm Hg". A patient known to have the condition may or may not
// meet them, so the record alone does not apply the exclusion.
bool QualifiesTheCondition(const std::string& lower_text) {
  static const Pattern kQualifier(
      "\\b(?:uncontrolled|poorly controlled|severe|significant|unstable|decompensated|"
      "symptomatic|progressive|requiring|grade\\s*[2-5iv]|class\\s*[2-4iv]|stage\\s*[2-4iv])\\b|"
      "(?:[<>]=?|greater than|less than|more than|above|below|at least|"
      "exceed\\w*)\\s*\\d");
  return kQualifier.Search(lower_text);
}

// A criterion left to the investigator ("in the investigator's judgment"):
// no record decides it.
bool LeftToTheInvestigator(const std::string& lower_text) {
  static const Pattern kJudgment(
      "investigator'?s? (?:judg|opinion|discretion)|(?:judg\\w*|opinion|discretion) of the "
      "(?:investigator|physician|study doctor)|investigator (?:judges|considers|believes)");
  return kJudgment.Search(lower_text);
}

// Why a "true" reading of an exclusion is too weak to exclude: the
// criterion adds a time window or a qualifier the record does not speak
// to. Empty when the reading stands.
std::string WeakExclusionReason(const Criterion& criterion, const Judgement& combined,
                                const std::vector<ConstraintType>& true_types) {
  if (combined.truth != Truth::kTrue) return "";
  const bool only_conditions =
      std::all_of(true_types.begin(), true_types.end(), [](ConstraintType type) {
        return type == ConstraintType::kCondition || type == ConstraintType::kInfection;
      });
  if (!only_conditions) return "";
  const bool timed = std::any_of(criterion.constraints.begin(), criterion.constraints.end(),
                                 [](const Constraint& c) { return IsQualifier(c); });
  if (timed) return "; when it happened is not known from the record";
  if (QualifiesTheCondition(NormalizeForMatching(criterion.text)))
    return "; whether it is as the criterion describes is not known from the record";
  return "";
}

// Contraception in an exclusion is about not using it ("unwilling to use
// birth control"): it cannot apply to someone who cannot become pregnant,
// and does not apply to someone willing to follow the trial's rules.
Judgement JudgeContraceptionExclusion(const PatientFacts& facts) {
  if (!facts.CouldBePregnant()) {
    const Patient& p = facts.patient();
    return {Truth::kNotApplicable,
            p.sex == "MALE" ? "male"
                            : "age " + FormatNumber(std::floor(p.age_years.value_or(0))) + " years",
            std::nullopt};
  }
  Judgement consent = JudgeConsent(facts);
  if (consent.truth == Truth::kTrue) return {Truth::kFalse, consent.evidence, std::nullopt};
  if (consent.truth == Truth::kFalse) return {Truth::kTrue, consent.evidence, std::nullopt};
  return consent;
}

CriterionVerdict JudgeCriterion(const Criterion& criterion, const PatientFacts& facts) {
  const bool exclusion = criterion.section == CriterionSection::kExclusion;
  const std::string lower = NormalizeForMatching(criterion.text);
  // "Males of childbearing potential must use contraception" is about men
  // only: not a woman's criterion (and the reverse). Read from the
  // criterion's first words, where its subject is; a criterion that states
  // a sex requirement ("Female patients only") is judged as one.
  const bool states_sex =
      std::any_of(criterion.constraints.begin(), criterion.constraints.end(),
                  [](const Constraint& c) { return c.type == ConstraintType::kSex; });
  if (!states_sex && CohortRulesOut(criterion.text.substr(0, 40), facts.patient())) {
    Judgement other{
        Truth::kNotApplicable,
        "about " + std::string(facts.patient().sex == "FEMALE" ? "men" : "women") + " only",
        std::nullopt};
    static const Pattern kSubjectFirst(
        "^\\W*(?:\\w+\\s+){0,2}?(?:males?|men|boys|females?|women|girls)\\b");
    if (kSubjectFirst.Search(lower)) return ToVerdict(criterion, std::move(other));
  }
  if (LeftToTheInvestigator(lower)) {
    return ToVerdict(criterion,
                     {Truth::kUnknown, "left to the investigator's judgment", std::nullopt});
  }
  std::vector<Judgement> parts;
  std::vector<ConstraintType> types;
  for (const Constraint& constraint : criterion.constraints) {
    if (IsQualifier(constraint)) continue;
    // A negated mention in an exclusion is an exception ("any cancer
    // except basal cell carcinoma"), not a reason to exclude: it decides
    // nothing, and no question is asked about it.
    if (exclusion && constraint.negated) continue;
    Judgement judgement = exclusion && constraint.type == ConstraintType::kContraception
                              ? JudgeContraceptionExclusion(facts)
                              : JudgeConstraint(constraint, facts);
    if (judgement.question) judgement.question->yes_excludes = exclusion != constraint.negated;
    if (constraint.negated &&
        (judgement.truth == Truth::kTrue || judgement.truth == Truth::kFalse)) {
      judgement.truth = judgement.truth == Truth::kTrue ? Truth::kFalse : Truth::kTrue;
    }
    parts.push_back(std::move(judgement));
    types.push_back(constraint.type);
  }
  Judgement combined =
      parts.empty() ? JudgeText(criterion, facts) : Combine(parts, types, exclusion);
  if (exclusion && !parts.empty()) {
    std::vector<ConstraintType> true_types;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (parts[i].truth == Truth::kTrue) true_types.push_back(types[i]);
    }
    const std::string weak = WeakExclusionReason(criterion, combined, true_types);
    if (!weak.empty()) combined = {Truth::kUnknown, combined.evidence + weak, std::nullopt};
  }
  return ToVerdict(criterion, std::move(combined));
}

// The registry's own limits (eligibilityModule.minimumAge, maximumAge, sex).
std::vector<CriterionVerdict> JudgeRegistryLimits(const EligibilityModule& e,
                                                  const PatientFacts& facts) {
  std::vector<CriterionVerdict> verdicts;
  const Patient& p = facts.patient();
  if (e.minimum_age || e.maximum_age) {
    CriterionVerdict age;
    age.text = "Age: " + (e.minimum_age ? e.minimum_age->text : std::string("any")) + " to " +
               (e.maximum_age ? e.maximum_age->text : std::string("no upper limit"));
    if (!p.age_years) {
      age.verdict = Verdict::kUnknown;
      age.evidence = "age not given";
    } else {
      const bool old_enough = !e.minimum_age || *p.age_years >= e.minimum_age->InYears() - 1e-9;
      // A maximum of "65 Years" admits people until their 66th birthday.
      const bool young_enough =
          !e.maximum_age || *p.age_years < e.maximum_age->InYears() + 1 - 1e-9;
      age.verdict = old_enough && young_enough ? Verdict::kMet : Verdict::kNotMet;
      age.evidence = "age " + FormatNumber(std::floor(*p.age_years)) + " years";
    }
    verdicts.push_back(age);
  }
  if (e.sex == "FEMALE" || e.sex == "MALE") {
    CriterionVerdict sex;
    sex.text = "Sex: " + AsciiLowercase(e.sex) + " only";
    if (p.sex.empty()) {
      sex.verdict = Verdict::kUnknown;
      sex.evidence = "sex not given";
    } else {
      sex.verdict = p.sex == e.sex ? Verdict::kMet : Verdict::kNotMet;
      sex.evidence = "sex " + AsciiLowercase(p.sex);
    }
    verdicts.push_back(sex);
  }
  return verdicts;
}

bool Excludes(const CriterionVerdict& v) {
  return v.verdict == Verdict::kNotMet || v.verdict == Verdict::kApplies;
}

// Verdicts for the shared criteria plus those of `cohort` ("" for none);
// other cohorts' criteria are not applicable.
// Every criterion judged once, in order (headings left out): a criterion
// reads the same for every cohort, only whether it counts changes.
std::vector<CriterionVerdict> JudgeAll(const ParsedCriteria& criteria, const PatientFacts& facts) {
  std::vector<CriterionVerdict> verdicts;
  for (const Criterion& criterion : criteria.criteria) {
    if (!criterion.is_heading) verdicts.push_back(JudgeCriterion(criterion, facts));
  }
  return verdicts;
}

// The verdicts as seen by `cohort` ("": none chosen): another cohort's
// criteria are not applicable.
std::vector<CriterionVerdict> ForCohort(const std::vector<CriterionVerdict>& judged,
                                        const std::string& cohort) {
  std::vector<CriterionVerdict> verdicts;
  verdicts.reserve(judged.size());
  for (const CriterionVerdict& verdict : judged) {
    if (verdict.cohort.empty() || verdict.cohort == cohort) {
      verdicts.push_back(verdict);
      continue;
    }
    CriterionVerdict other;
    other.criterion_id = verdict.criterion_id;
    other.section = verdict.section;
    other.cohort = verdict.cohort;
    other.text = verdict.text;
    other.verdict = Verdict::kNotApplicable;
    other.evidence = "for the " + verdict.cohort + " group";
    verdicts.push_back(std::move(other));
  }
  return verdicts;
}

struct CohortFit {
  bool has_condition = false;
  int excluding = 0;
  int met = 0;
  int unknown = 0;
  bool operator<(const CohortFit& other) const {  // better first
    if (has_condition != other.has_condition) return has_condition;
    if ((excluding > 0) != (other.excluding > 0)) return excluding == 0;
    if (met != other.met) return met > other.met;
    return unknown < other.unknown;
  }
};

CohortFit Fit(const std::vector<CriterionVerdict>& verdicts, bool has_condition) {
  CohortFit fit;
  fit.has_condition = has_condition;
  for (const CriterionVerdict& v : verdicts) {
    if (Excludes(v)) ++fit.excluding;
    if (v.verdict == Verdict::kMet) ++fit.met;
    if (v.verdict == Verdict::kUnknown) ++fit.unknown;
  }
  return fit;
}

// Criteria about who the trial is for (age, sex, the disease, its history
// and treatments), as opposed to measurements taken at screening (labs,
// scores) and agreements (consent, contraception).
bool IsAboutWhoQualifies(const ParsedCriteria& criteria, int id) {
  if (id < 0) return true;  // the registry's age and sex limits
  if (id >= static_cast<int>(criteria.criteria.size())) return false;
  for (const Constraint& c : criteria.criteria[static_cast<std::size_t>(id)].constraints) {
    switch (c.type) {
      case ConstraintType::kAge:
      case ConstraintType::kSex:
      case ConstraintType::kCondition:
      case ConstraintType::kPriorTherapy:
      case ConstraintType::kCellGeneTherapy:
      case ConstraintType::kInfection:
      case ConstraintType::kDiseaseDuration:
        return true;
      case ConstraintType::kPregnancy:
      case ConstraintType::kBreastfeeding:
      case ConstraintType::kContraception:
      case ConstraintType::kLab:
      case ConstraintType::kScore:
      case ConstraintType::kTimeWindow:
        break;
    }
  }
  return false;
}

// Likely eligible: nothing excludes, and every inclusion criterion about who
// qualifies that could be judged is met (at least one criterion of the
// study's own text is met). Open lab, score and consent items do not
// lower it: sites check those at screening.
void SetStatus(TrialMatch& match, const ParsedCriteria& criteria, bool about_patient) {
  int open = 0;
  int substantive_met = 0;
  for (const CriterionVerdict& v : match.criteria) {
    if (v.verdict == Verdict::kMet) ++match.met;
    if (Excludes(v)) ++match.not_met;
    if (v.verdict == Verdict::kUnknown) ++match.unknown;
    if (v.criterion_id >= 0 && v.verdict == Verdict::kMet) ++substantive_met;
    if (v.verdict == Verdict::kUnknown && v.section != CriterionSection::kExclusion &&
        IsAboutWhoQualifies(criteria, v.criterion_id)) {
      ++open;
    }
  }
  if (match.not_met > 0) {
    match.status = EligibilityStatus::kExcluded;
  } else if (open == 0 && substantive_met > 0 && about_patient) {
    match.status = EligibilityStatus::kLikelyEligible;
  } else {
    match.status = EligibilityStatus::kPossiblyEligible;
  }
}

}  // namespace

struct EligibilityJudge::Facts : PatientFacts {
  using PatientFacts::PatientFacts;
};

EligibilityJudge::EligibilityJudge(const Patient& patient)
    : facts_(std::make_unique<Facts>(patient)) {}
EligibilityJudge::~EligibilityJudge() = default;

TrialMatch EligibilityJudge::Judge(const Study& study, const ParsedCriteria& criteria) const {
  TrialMatch match;
  match.nct_id = study.nct_id();
  match.title = study.protocol.identification.brief_title;
  match.overall_status = study.protocol.status.overall_status;
  const std::vector<CriterionVerdict> judged = JudgeAll(criteria, *facts_);
  std::vector<CriterionVerdict> best = ForCohort(judged, "");
  if (!criteria.cohorts.empty()) {
    std::optional<CohortFit> best_fit;
    for (const std::string& cohort : criteria.cohorts) {
      // "Males of reproductive potential" is never a woman's group.
      if (CohortRulesOut(cohort, facts_->patient())) continue;
      std::vector<CriterionVerdict> verdicts = ForCohort(judged, cohort);
      const std::vector<std::string> forms = ConditionNameForms(cohort);
      const bool has_condition = std::any_of(forms.begin(), forms.end(), [&](const std::string& f) {
        return facts_->Condition(f).truth == Truth::kTrue;
      });
      const CohortFit fit = Fit(verdicts, has_condition);
      if (!best_fit || fit < *best_fit) {
        best_fit = fit;
        best = std::move(verdicts);
        match.cohort = cohort;
      }
    }
  }
  match.criteria = JudgeRegistryLimits(study.protocol.eligibility, *facts_);
  const StudyFitResult fit = FitStudy(study, *facts_);
  const bool has_condition = HasKnownCondition(facts_->patient());
  if (fit.fit == StudyFit::kHealthyVolunteers && has_condition) {
    CriterionVerdict healthy;
    healthy.text = "Healthy volunteers";
    healthy.verdict = Verdict::kNotMet;
    std::string conditions;
    for (const PatientCondition& c : facts_->patient().conditions) {
      if (c.present) conditions += (conditions.empty() ? "" : ", ") + c.name;
    }
    healthy.evidence = "a study of healthy volunteers; the record lists " + conditions;
    match.criteria.push_back(std::move(healthy));
  }
  for (CriterionVerdict& verdict : best) match.criteria.push_back(std::move(verdict));
  match.studies_patient_condition = fit.fit == StudyFit::kStudiesPatientCondition;
  const bool about_patient = match.studies_patient_condition ||
                             (fit.fit == StudyFit::kHealthyVolunteers && !has_condition);
  SetStatus(match, criteria, about_patient);
  match.why = fit.evidence + "; " + EligibilityStatusName(match.status);
  if (match.status == EligibilityStatus::kPossiblyEligible && !about_patient)
    match.why += " at most, as it is not about the patient's conditions";
  return match;
}

const char* VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kMet:
      return "met";
    case Verdict::kNotMet:
      return "not met";
    case Verdict::kApplies:
      return "applies";
    case Verdict::kDoesNotApply:
      return "does not apply";
    case Verdict::kUnknown:
      return "unknown";
    case Verdict::kNotApplicable:
      return "not applicable";
  }
  return "unknown";
}

const char* EligibilityStatusName(EligibilityStatus status) {
  switch (status) {
    case EligibilityStatus::kLikelyEligible:
      return "likely eligible";
    case EligibilityStatus::kPossiblyEligible:
      return "possibly eligible";
    case EligibilityStatus::kExcluded:
      return "excluded";
  }
  return "possibly eligible";
}

double RankingScore(const TrialMatch& match) {
  const double about = match.studies_patient_condition ? 1.0 : 0.5;
  switch (match.status) {
    case EligibilityStatus::kLikelyEligible:
      return match.relevance;
    case EligibilityStatus::kPossiblyEligible:
      return about * match.relevance * std::max(0.5, 0.8 * std::pow(0.97, match.unknown));
    case EligibilityStatus::kExcluded:
      return about * match.relevance * 0.05;
  }
  return 0;
}

}  // namespace trialfinder
