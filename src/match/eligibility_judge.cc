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
#include <chrono>
#include <cmath>
#include <map>
#include <tuple>

#include "match/patient_facts.h"
#include "text/ascii_case.h"
#include "text/labs.h"
#include "text/normalize.h"
#include "text/pattern.h"
#include "trialfinder/match.h"

namespace trialfinder {
namespace {

struct Judgement {
  Truth truth = Truth::kUnknown;
  std::string evidence;
  std::optional<Question> question;
};

Question Ask(std::string key, std::string text) {
  Question question;
  question.key = std::move(key);
  question.text = std::move(text);
  return question;
}

bool Compare(double have, Comparator comparator, double value, std::optional<double> upper) {
  constexpr double kEpsilon = 1e-9;
  switch (comparator) {
    case Comparator::kLess:
      return have < value - kEpsilon;
    case Comparator::kLessOrEqual:
      return have <= value + kEpsilon;
    case Comparator::kGreater:
      return have > value + kEpsilon;
    case Comparator::kGreaterOrEqual:
      return have >= value - kEpsilon;
    case Comparator::kRange:
      return have >= value - kEpsilon && (!upper || have <= *upper + kEpsilon);
    case Comparator::kEqual:
    case Comparator::kNone:
      break;
  }
  return std::fabs(have - value) < 1e-6;
}

std::string FormatNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

Judgement FromTruth(Truth truth, std::string evidence) {
  return {truth, std::move(evidence), std::nullopt};
}

// --- one constraint ---------------------------------------------------------

Judgement JudgeAge(const Constraint& c, const PatientFacts& facts) {
  const Patient& p = facts.patient();
  if (!p.age_years || !c.value) return {Truth::kUnknown, "age not given", std::nullopt};
  const bool ok = Compare(*p.age_years, c.comparator, *c.value, c.upper_value);
  return FromTruth(ok ? Truth::kTrue : Truth::kFalse,
                   "age " + FormatNumber(std::floor(*p.age_years)) + " years");
}

Judgement JudgeSex(const Constraint& c, const PatientFacts& facts) {
  const std::string& sex = facts.patient().sex;
  if (c.name == "ALL") return FromTruth(Truth::kTrue, "open to all sexes");
  if (sex.empty()) return {Truth::kUnknown, "sex not given", std::nullopt};
  return FromTruth(sex == c.name ? Truth::kTrue : Truth::kFalse, "sex " + AsciiLowercase(sex));
}

Judgement JudgeReproductive(const Constraint& c, const PatientFacts& facts) {
  const Patient& p = facts.patient();
  if (!facts.CouldBePregnant()) {
    return FromTruth(Truth::kNotApplicable,
                     p.sex == "MALE"
                         ? "male"
                         : "age " + FormatNumber(std::floor(p.age_years.value_or(0))) + " years");
  }
  const bool pregnancy = c.type == ConstraintType::kPregnancy;
  const std::optional<bool>& known = pregnancy ? p.pregnant : p.breastfeeding;
  if (known)
    return FromTruth(*known ? Truth::kTrue : Truth::kFalse,
                     *known ? (pregnancy ? "pregnant" : "breastfeeding")
                            : (pregnancy ? "not pregnant" : "not breastfeeding"));
  return {Truth::kNotReported, "",
          pregnancy ? Ask("pregnant", "Are you pregnant?")
                    : Ask("breastfeeding", "Are you breastfeeding?")};
}

Judgement JudgeConsent(const PatientFacts& facts) {
  const std::optional<bool>& consents = facts.patient().consents;
  if (consents) {
    return FromTruth(
        *consents ? Truth::kTrue : Truth::kFalse,
        *consents ? "willing to consent and follow the protocol" : "not willing to take part");
  }
  return {Truth::kUnknown, "",
          Ask("consents",
              "Are you willing to give informed consent and follow the trial's visits and rules?")};
}

Judgement JudgeContraception(const PatientFacts& facts) {
  if (!facts.CouldBePregnant() && facts.patient().sex == "FEMALE") {
    return FromTruth(Truth::kNotApplicable, "not of childbearing potential");
  }
  return JudgeConsent(facts);
}

Judgement JudgeLab(const Constraint& c, const PatientFacts& facts) {
  for (const PatientLab& lab : facts.patient().labs) {
    if (AsciiLowercase(lab.name) != AsciiLowercase(c.name) || !lab.value || !c.value) continue;
    const std::optional<LabValue> have = CanonicalLabValue(lab.name, *lab.value, lab.unit);
    if (!have || !c.canonical_value || have->unit != c.canonical_unit) {
      return {Truth::kUnknown, lab.evidence + " (units cannot be compared)", std::nullopt};
    }
    const bool ok = Compare(
        have->value, c.comparator, *c.canonical_value,
        c.upper_value ? CanonicalLabValue(c.name, *c.upper_value, c.unit).value_or(LabValue{}).value
                      : std::optional<double>());
    return FromTruth(ok ? Truth::kTrue : Truth::kFalse,
                     lab.name + " " + FormatNumber(*lab.value) + " " + lab.unit);
  }
  return {Truth::kNotReported, c.name + " not given", std::nullopt};
}

Judgement JudgeScore(const Constraint& c, const PatientFacts& facts) {
  const std::string wanted = AsciiUppercase(c.name);
  for (const PatientScore& score : facts.patient().scores) {
    const std::string have = AsciiUppercase(score.name);
    if (have.rfind(wanted, 0) != 0 && wanted.rfind(have, 0) != 0) continue;
    if (!c.value) break;
    const bool ok = Compare(score.value, c.comparator, *c.value, c.upper_value);
    return FromTruth(ok ? Truth::kTrue : Truth::kFalse,
                     score.name + " " + FormatNumber(score.value));
  }
  return {Truth::kNotReported, c.name + " not given", std::nullopt};
}

// Months from a partial date ("2019", "2019-03", "2019-03-05") to today.
std::optional<double> MonthsSince(const std::string& date) {
  if (date.size() < 4) return std::nullopt;
  const int year = std::atoi(date.substr(0, 4).c_str());
  const int month = date.size() >= 7 ? std::atoi(date.substr(5, 2).c_str()) : 7;
  const auto today = std::chrono::year_month_day(
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
  return (static_cast<int>(today.year()) - year) * 12.0 +
         (static_cast<unsigned>(today.month()) - month);
}

Judgement JudgeDiseaseDuration(const Constraint& c, const PatientFacts& facts) {
  for (const PatientCondition& condition : facts.patient().conditions) {
    if (!condition.present || condition.diagnosed.empty() || !c.value) continue;
    const std::optional<double> months = MonthsSince(condition.diagnosed);
    if (!months) continue;
    const double wanted = c.unit == "years"   ? *c.value * 12
                          : c.unit == "weeks" ? *c.value / 4.345
                          : c.unit == "days"  ? *c.value / 30.44
                                              : *c.value;
    const bool ok = Compare(*months, c.comparator, wanted, std::nullopt);
    return FromTruth(ok ? Truth::kTrue : Truth::kFalse,
                     condition.name + " diagnosed " + condition.diagnosed);
  }
  return {Truth::kUnknown, "diagnosis date not given", std::nullopt};
}

bool IsRefractoryTrigger(const std::string& trigger) {
  static const Pattern kFailure(
      "refractory|inadequate|insufficient|intoleran|failed|failure|resistant|relapse");
  return kFailure.Search(trigger);
}

std::string TreatmentQuestion(const std::string& name) {
  if (name == "car-t") return "Have you received CAR-T cell therapy before?";
  if (name == "stem cell transplant") return "Have you had a stem cell transplant?";
  if (name == "organ transplant") return "Have you had an organ transplant?";
  if (name == "cell therapy" || name == "gene therapy" || name == "t-cell engager") {
    return "Have you received " + name + " before?";
  }
  return "Have you been treated with " + name + "?";
}

Judgement JudgePriorTherapy(const Constraint& c, const PatientFacts& facts) {
  const bool refractory = IsRefractoryTrigger(c.name);
  const int needed = c.minimum_count.value_or(1);
  int failed = 0;
  int received = 0;
  std::size_t never = 0;
  std::string evidence;
  std::string never_evidence;
  std::optional<Question> question;
  for (const std::string& item : c.items) {
    std::string response;
    const Finding finding = facts.Treatment(item, &response);
    if (finding.truth == Truth::kTrue) {
      ++received;
      if (!refractory || response == "failed" || response == "intolerant") {
        ++failed;
        const std::string detail = refractory ? response : finding.evidence;
        evidence +=
            (evidence.empty() ? "" : "; ") + item + (detail.empty() ? "" : " (" + detail + ")");
      }
    } else if (finding.truth == Truth::kFalse) {
      ++never;
      never_evidence += (never_evidence.empty() ? "" : "; ") + finding.evidence;
    } else if (finding.truth == Truth::kNotReported && !question) {
      question = Ask("treatment:" + item, TreatmentQuestion(item));
    }
  }
  if (failed >= needed) return FromTruth(Truth::kTrue, evidence);
  if (!c.items.empty() && never == c.items.size()) return FromTruth(Truth::kFalse, never_evidence);
  if (received > 0) {
    return {Truth::kUnknown,
            std::to_string(failed) + " of " + std::to_string(needed) + " needed" +
                (evidence.empty() ? "" : ": " + evidence),
            question};
  }
  return {Truth::kNotReported, "", question};
}

Judgement JudgeTreatmentNamed(const std::string& name, const PatientFacts& facts) {
  const Finding finding = facts.Treatment(name);
  Judgement judgement{finding.truth, finding.evidence, std::nullopt};
  if (finding.truth == Truth::kNotReported)
    judgement.question = Ask("treatment:" + name, TreatmentQuestion(name));
  return judgement;
}

std::vector<std::string> InfectionNames(const std::string& name) {
  if (name == "HIV") return {"hiv", "human immunodeficiency virus"};
  if (name == "HBV") return {"hbv", "hepatitis b"};
  if (name == "HCV") return {"hcv", "hepatitis c"};
  if (name == "TB") return {"tb", "tuberculosis"};
  if (name == "active infection") return {"infection"};
  return {AsciiLowercase(name)};
}

Judgement JudgeCondition(const std::string& name, const std::vector<std::string>& names,
                         const PatientFacts& facts, const std::string& question_text) {
  Finding best;
  for (const std::string& each : names) {
    const Finding finding = facts.Condition(each);
    if (finding.truth == Truth::kTrue) return {Truth::kTrue, finding.evidence, std::nullopt};
    if (finding.truth == Truth::kFalse) best = finding;
  }
  if (best.truth == Truth::kFalse) return {Truth::kFalse, best.evidence, std::nullopt};
  return {Truth::kNotReported, "", Ask("condition:" + name, question_text)};
}

Judgement JudgeConstraint(const Constraint& c, const PatientFacts& facts) {
  switch (c.type) {
    case ConstraintType::kAge:
      return JudgeAge(c, facts);
    case ConstraintType::kSex:
      return JudgeSex(c, facts);
    case ConstraintType::kPregnancy:
    case ConstraintType::kBreastfeeding:
      return JudgeReproductive(c, facts);
    case ConstraintType::kContraception:
      return JudgeContraception(facts);
    case ConstraintType::kLab:
      return JudgeLab(c, facts);
    case ConstraintType::kScore:
      return JudgeScore(c, facts);
    case ConstraintType::kDiseaseDuration:
      return JudgeDiseaseDuration(c, facts);
    case ConstraintType::kPriorTherapy:
      return JudgePriorTherapy(c, facts);
    case ConstraintType::kCellGeneTherapy:
      return JudgeTreatmentNamed(AsciiLowercase(c.name), facts);
    case ConstraintType::kInfection: {
      const std::string name = AsciiLowercase(c.name);
      const std::string text = name == "active infection"
                                   ? "Do you have an active infection?"
                                   : "Have you ever tested positive for " + c.name + "?";
      return JudgeCondition(name, InfectionNames(c.name), facts, text);
    }
    case ConstraintType::kCondition:
      return JudgeCondition(c.name, {c.name}, facts,
                            "Have you been diagnosed with " + c.name + "?");
    case ConstraintType::kTimeWindow:  // qualifies another constraint; judged with it
      break;
  }
  return {Truth::kUnknown, "", std::nullopt};
}

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

// A criterion no constraint could be read from: consent wording, or the
// patient's own conditions named in it.
Judgement JudgeText(const Criterion& criterion, const PatientFacts& facts) {
  const std::string lower = NormalizeForMatching(criterion.text);
  const bool exclusion = criterion.section == CriterionSection::kExclusion;
  if (AsksForConsent(lower)) {
    Judgement consent = JudgeConsent(facts);
    static const Pattern kNegativeWording(
        "\\b(unable|unwilling|inability|refus|not willing|cannot)");
    const bool negative_wording = kNegativeWording.Search(lower);
    if (negative_wording && (consent.truth == Truth::kTrue || consent.truth == Truth::kFalse)) {
      consent.truth = consent.truth == Truth::kTrue ? Truth::kFalse : Truth::kTrue;
    }
    return consent;
  }
  for (const PatientLab& lab : facts.patient().labs) {
    if (!lab.positive || !PatientFacts::Contains(criterion.text, lab.name)) continue;
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
    // may be a variant of it ("drug-induced lupus"): left to a person.
    if (exclusion)
      return {Truth::kUnknown, "mentions " + condition.name + "; needs review", std::nullopt};
    return {Truth::kTrue, PatientFacts::DescribeEvidence(condition.evidence, condition.name),
            std::nullopt};
  }
  return {Truth::kNotReported, "", std::nullopt};
}

CriterionVerdict JudgeCriterion(const Criterion& criterion, const PatientFacts& facts) {
  std::vector<Judgement> parts;
  std::vector<ConstraintType> types;
  for (const Constraint& constraint : criterion.constraints) {
    if (IsQualifier(constraint)) continue;
    Judgement judgement = JudgeConstraint(constraint, facts);
    if (judgement.question) {
      judgement.question->yes_excludes =
          (criterion.section == CriterionSection::kExclusion) != constraint.negated;
    }
    if (constraint.negated &&
        (judgement.truth == Truth::kTrue || judgement.truth == Truth::kFalse)) {
      judgement.truth = judgement.truth == Truth::kTrue ? Truth::kFalse : Truth::kTrue;
    }
    parts.push_back(std::move(judgement));
    types.push_back(constraint.type);
  }
  const bool exclusion = criterion.section == CriterionSection::kExclusion;
  Judgement combined =
      parts.empty() ? JudgeText(criterion, facts) : Combine(parts, types, exclusion);
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
void SetStatus(TrialMatch& match, const ParsedCriteria& criteria) {
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
  } else if (open == 0 && substantive_met > 0) {
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
      std::vector<CriterionVerdict> verdicts = ForCohort(judged, cohort);
      const CohortFit fit = Fit(verdicts, facts_->Condition(cohort).truth == Truth::kTrue);
      if (!best_fit || fit < *best_fit) {
        best_fit = fit;
        best = std::move(verdicts);
        match.cohort = cohort;
      }
    }
  }
  match.criteria = JudgeRegistryLimits(study.protocol.eligibility, *facts_);
  for (CriterionVerdict& verdict : best) match.criteria.push_back(std::move(verdict));
  SetStatus(match, criteria);
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
  switch (match.status) {
    case EligibilityStatus::kLikelyEligible:
      return match.relevance;
    case EligibilityStatus::kPossiblyEligible:
      return match.relevance * std::max(0.5, 0.8 * std::pow(0.97, match.unknown));
    case EligibilityStatus::kExcluded:
      return match.relevance * 0.05;
  }
  return 0;
}

Status ApplyAnswer(const std::string& key, bool yes, Patient& patient) {
  const std::string evidence = std::string("answered ") + (yes ? "yes" : "no");
  if (key == "pregnant") {
    patient.pregnant = yes;
  } else if (key == "breastfeeding") {
    patient.breastfeeding = yes;
  } else if (key == "consents") {
    patient.consents = yes;
  } else if (key.rfind("condition:", 0) == 0 && key.size() > 10) {
    const std::string name = AsciiLowercase(key.substr(10));
    auto existing = std::find_if(patient.conditions.begin(), patient.conditions.end(),
                                 [&](const PatientCondition& c) { return c.name == name; });
    if (existing == patient.conditions.end()) {
      patient.conditions.push_back({name, yes, "", evidence});
    } else {
      existing->present = yes;
      existing->evidence = evidence;
    }
  } else if (key.rfind("treatment:", 0) == 0 && key.size() > 10) {
    const std::string name = AsciiLowercase(key.substr(10));
    auto existing = std::find_if(patient.treatments.begin(), patient.treatments.end(),
                                 [&](const PatientTreatment& t) { return t.name == name; });
    PatientTreatment answered{name, false, std::nullopt, yes ? "" : "never received", evidence};
    if (existing == patient.treatments.end()) {
      patient.treatments.push_back(std::move(answered));
    } else if (!yes || existing->response == "never received") {
      *existing = std::move(answered);
    }
  } else {
    return Status::InvalidArgument("answer '" + key + "': not a question trialfinder asks");
  }
  return Status::Ok();
}

std::optional<Question> ChooseNextQuestion(const std::vector<TrialMatch>& trials) {
  std::map<std::string, Question> questions;
  for (const TrialMatch& trial : trials) {
    if (trial.status == EligibilityStatus::kExcluded) continue;
    std::map<std::string, std::pair<bool, bool>> seen;  // key -> (excluded if yes, if no)
    for (const CriterionVerdict& v : trial.criteria) {
      if (!v.question) continue;
      auto& [if_yes, if_no] = seen[v.question->key];
      (v.question->yes_excludes ? if_yes : if_no) = true;
      questions.emplace(v.question->key, *v.question);
    }
    for (const auto& [key, effect] : seen) {
      questions[key].excluded_if_yes += effect.first ? 1 : 0;
      questions[key].excluded_if_no += effect.second ? 1 : 0;
    }
  }
  std::optional<Question> best;
  // Consent is asked last: nearly every trial needs it and nearly everyone
  // who asks for trials gives it, so it rarely narrows anything.
  auto value = [](const Question& q) {
    return std::make_tuple(q.key != "consents", q.excluded_if_yes + q.excluded_if_no,
                           std::min(q.excluded_if_yes, q.excluded_if_no));
  };
  for (const auto& [key, question] : questions) {
    if (!best || value(question) > value(*best)) best = question;
  }
  return best;
}

}  // namespace trialfinder
