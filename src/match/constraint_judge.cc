// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/constraint_judge.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "text/ascii_case.h"
#include "text/drugs.h"
#include "text/durations.h"
#include "text/labs.h"
#include "text/pattern.h"
#include "trialfinder/partial_date.h"

namespace trialfinder {

std::optional<Question> Ask(std::string key) {
  Question question;
  question.text = QuestionText(key);
  if (question.text.empty()) return std::nullopt;
  question.key = std::move(key);
  return question;
}

std::string FormatNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

std::string AgeEvidence(double years) {
  if (years >= 2) return "age " + FormatNumber(std::floor(years)) + " years";
  const double weeks = std::round(years * 52);
  if (years * 12 < 2.5) return "age " + FormatNumber(weeks) + (weeks == 1 ? " week" : " weeks");
  return "age " + FormatNumber(std::round(years * 12)) + " months";
}

namespace {

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

Judgement FromTruth(Truth truth, std::string evidence) {
  return {truth, std::move(evidence), std::nullopt};
}

Judgement JudgeAge(const Constraint& c, const PatientFacts& facts) {
  const Patient& p = facts.patient();
  if (!p.age_years || !c.value) return {Truth::kUnknown, "age not given", std::nullopt};
  // Bounds in whole years count completed years, as ages are said: 80.5
  // is "80 years", within "between 18 and 80 years" (physician user test:
  // not met). A bound in months (0.5 years) takes the age as it is.
  const auto whole = [](std::optional<double> v) { return !v || *v == std::floor(*v); };
  const double age = *p.age_years >= 1 && whole(c.value) && whole(c.upper_value)
                         ? std::floor(*p.age_years)
                         : *p.age_years;
  // "Above 18 years of age", "> 18" at exactly 18: registries and most
  // protocols mean 18 or older (the record's minimum age is often 18), so
  // the bound itself is not failed; a person checks (user test: an
  // 18-year-old was excluded by "above 18 years of age").
  if (c.comparator == Comparator::kGreater && whole(c.value) && age == *c.value) {
    return {Truth::kUnknown,
            AgeEvidence(*p.age_years) + ", at the bound: whether the criterion takes " +
                FormatNumber(*c.value) + " is not clear",
            std::nullopt};
  }
  const bool ok = Compare(age, c.comparator, *c.value, c.upper_value);
  return FromTruth(ok ? Truth::kTrue : Truth::kFalse, AgeEvidence(*p.age_years));
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
                     p.sex == "MALE" ? "male" : AgeEvidence(p.age_years.value_or(0)));
  }
  const bool pregnancy = c.type == ConstraintType::kPregnancy;
  const std::optional<bool>& known = pregnancy ? p.pregnant : p.breastfeeding;
  if (known)
    return FromTruth(*known ? Truth::kTrue : Truth::kFalse,
                     *known ? (pregnancy ? "pregnant" : "breastfeeding")
                            : (pregnancy ? "not pregnant" : "not breastfeeding"));
  // Pregnancy is not assumed either way for someone who could be pregnant:
  // a case note does not record its absence (expert labels leave it "not
  // enough information"), and a patient answers the question at once.
  // Breastfeeding is left unmentioned (assumed absent in an exclusion), so
  // that "not pregnant" settles "pregnant or lactating women".
  if (pregnancy) return {Truth::kUnknown, "whether pregnant is not in the record", Ask("pregnant")};
  return {Truth::kNotReported, "", Ask("breastfeeding")};
}

Judgement JudgeContraception(const PatientFacts& facts) {
  if (!facts.CouldBePregnant() && facts.patient().sex == "FEMALE") {
    return FromTruth(Truth::kNotApplicable, "not of childbearing potential");
  }
  return JudgeConsent(facts);
}

Judgement JudgeLab(const Constraint& c, const PatientFacts& facts) {
  // By usual name and unit: a patient's "creatinine" is the criterion's
  // "serum creatinine", "Hgb" is "hemoglobin", "g/dl" is "g/dL".
  const std::string wanted = AsciiLowercase(CanonicalLabName(AsciiLowercase(c.name)));
  for (const PatientLab& lab : facts.patient().labs) {
    if (!lab.value || !c.value) continue;
    const std::string name = CanonicalLabName(AsciiLowercase(lab.name));
    if (AsciiLowercase(name) != wanted) continue;
    std::string unit = NormalizeLabUnit(AsciiLowercase(lab.unit), false);
    std::string taken_as;
    if (unit.empty()) {
      if (std::optional<std::string> usual = UnitOfAValueWithout(name, *lab.value)) {
        unit = *usual;
        taken_as = " (no unit given: taken as " + unit + ")";
      }
    }
    const std::string shown = lab.name + " " + FormatNumber(*lab.value) +
                              (lab.unit.empty() ? "" : " " + lab.unit) + taken_as;
    const std::optional<LabValue> have = CanonicalLabValue(name, *lab.value, unit);
    // A threshold without a unit ("BMI >= 27") in the unit usual for its
    // value, as the record's value is read.
    std::optional<double> threshold = c.canonical_value;
    std::string threshold_unit = c.canonical_unit;
    std::string criterion_unit = c.unit;
    if (!threshold && c.unit.empty()) {
      if (std::optional<std::string> usual = UnitOfAValueWithout(name, *c.value)) {
        if (std::optional<LabValue> read = CanonicalLabValue(name, *c.value, *usual)) {
          threshold = read->value;
          threshold_unit = read->unit;
          criterion_unit = *usual;
        }
      }
    }
    if (!have || !threshold || have->unit != threshold_unit) {
      return {Truth::kUnknown, shown + " (units cannot be compared)", std::nullopt};
    }
    const bool ok = Compare(
        have->value, c.comparator, *threshold,
        c.upper_value
            ? CanonicalLabValue(c.name, *c.upper_value, criterion_unit).value_or(LabValue{}).value
            : std::optional<double>());
    // "Platelet count = 100,000/ul": registry text often loses the sign
    // of a bound ("≥" to "="); a lab is seldom asked for at one exact
    // value, so another value is not known to fail it (physician user
    // test: a count of 150,000 excluded the patient).
    if (!ok && c.comparator == Comparator::kEqual) {
      return {Truth::kUnknown,
              shown + "; the criterion's \"=\" may stand for a lost \u2265 or \u2264",
              std::nullopt};
    }
    return FromTruth(ok ? Truth::kTrue : Truth::kFalse, shown);
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

// Months from a partial date ("2019", "2019-03", "2019-03-05") to today
// (PartialDate::MonthsUntil: a year counts from July).
std::optional<double> MonthsSince(const std::string& date) {
  const std::optional<PartialDate> parsed = PartialDate::Parse(date);
  if (!parsed) return std::nullopt;
  return parsed->MonthsUntil(std::chrono::year_month_day(
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())));
}

Judgement JudgeDiseaseDuration(const Constraint& c, const PatientFacts& facts) {
  for (const PatientCondition& condition : facts.patient().conditions) {
    if (!condition.present || condition.diagnosed.empty() || !c.value) continue;
    const std::optional<double> months = MonthsSince(condition.diagnosed);
    if (!months) continue;
    const double wanted = MonthsIn(*c.value, c.unit);
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

// True when the patient's treatment `which` counts toward a minimum of
// `classes` (any treatment counts when the criterion names none).
bool CountsToward(const std::string& which, const std::vector<std::string>& classes) {
  if (classes.empty()) return true;
  const DrugTable& drugs = DrugTable::Builtin();
  const std::string generic = drugs.GenericOf(which).value_or(which);
  const std::string lower = AsciiLowercase(which);
  return std::any_of(classes.begin(), classes.end(), [&](const std::string& name) {
    return drugs.InClass(generic, name) || lower.find(name) != std::string::npos ||
           name.find(lower) != std::string::npos || generic == drugs.GenericOf(name);
  });
}

// "At least 2 of ...": distinct treatments of the patient are counted, so
// hydroxychloroquine answering both "antimalarials" and
// "hydroxychloroquine" counts once; with counted classes ("at least 2
// immunosuppressants and/or biologics") only their members count.
Judgement JudgePriorTherapy(const Constraint& c, const PatientFacts& facts) {
  const bool refractory = IsRefractoryTrigger(c.name);
  // "Allergic or intolerant to PD-1 antibody": a failure is no intolerance
  // (user test: "it stopped working" applied it).
  static const Pattern kIntoleranceOnly("intoleran|allerg|hypersensitiv");
  static const Pattern kFailureWords(
      "refractory|inadequate|insufficient|failed|failure|resistant|relapse");
  const bool intolerance_only =
      refractory && kIntoleranceOnly.Search(c.name) && !kFailureWords.Search(c.name);
  const int needed = c.minimum_count.value_or(1);
  std::vector<std::string> counted;
  int received = 0;
  std::size_t never = 0;
  std::string evidence;
  std::string never_evidence;
  std::optional<Question> question;
  for (const std::string& item : c.items) {
    std::string response;
    std::string which;
    const Finding finding = facts.Treatment(item, &response, &which);
    if (finding.truth == Truth::kTrue) {
      ++received;
      const bool fits =
          !refractory || response == "intolerant" || (response == "failed" && !intolerance_only);
      if (fits && CountsToward(which, c.counted) &&
          std::find(counted.begin(), counted.end(), which) == counted.end()) {
        counted.push_back(which);
        const std::string detail = refractory ? response : finding.evidence;
        evidence +=
            (evidence.empty() ? "" : "; ") + which + (detail.empty() ? "" : " (" + detail + ")");
      }
    } else if (finding.truth == Truth::kFalse) {
      ++never;
      never_evidence += (never_evidence.empty() ? "" : "; ") + finding.evidence;
    } else if (finding.truth == Truth::kNotReported && !question) {
      question = Ask("treatment:" + item);
    }
  }
  const int failed = static_cast<int>(counted.size());
  if (failed >= needed) return FromTruth(Truth::kTrue, evidence);
  if (!c.items.empty() && never == c.items.size()) return FromTruth(Truth::kFalse, never_evidence);
  if (received > 0) {
    std::string of;
    for (const std::string& name : c.counted) {
      if (!DrugTable::Builtin().Members(name).empty())
        of += (of.empty() ? " " : " or ") + name + "s";
    }
    return {Truth::kUnknown,
            std::to_string(failed) + " of " + std::to_string(needed) + of + " needed" +
                (evidence.empty() ? "" : ": " + evidence),
            question};
  }
  return {Truth::kNotReported, "", question};
}

Judgement JudgeTreatmentNamed(const std::string& name, const PatientFacts& facts) {
  const Finding finding = facts.Treatment(name);
  Judgement judgement{finding.truth, finding.evidence, std::nullopt};
  if (finding.truth == Truth::kNotReported) judgement.question = Ask("treatment:" + name);
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
                         const PatientFacts& facts) {
  Finding best;
  Finding kind;     // the patient has a kind of it (lupus, for "autoimmune disease")
  Finding symptom;  // a word such as "pain", found in a case note
  for (const std::string& each : names) {
    const Finding finding = facts.Condition(each);
    // One generic word read from a case note ("pain" in "joint pain") is
    // named in criteria about many diagnoses ("lumbago with radiating pain
    // of one lower limb"): worth a look, not met (user test).
    if (finding.truth == Truth::kTrue && finding.evidence.rfind("record", 0) != 0 &&
        IsSymptomWord(each)) {
      if (symptom.evidence.empty()) symptom = finding;
      continue;
    }
    if (finding.truth == Truth::kTrue) {
      Judgement had{Truth::kTrue, finding.evidence, std::nullopt};
      had.resolved = finding.resolved;
      had.kind_of = finding.kind_of;
      return had;
    }
    if (finding.truth == Truth::kFalse) best = finding;
    if (finding.truth == Truth::kUnknown && !finding.evidence.empty() && kind.evidence.empty())
      kind = finding;
  }
  if (!symptom.evidence.empty())
    return {Truth::kUnknown,
            symptom.evidence + "; whether it is what the criterion names needs review",
            std::nullopt, true};
  if (best.truth == Truth::kFalse) return {Truth::kFalse, best.evidence, std::nullopt};
  // Not asked: the record answers (she has lupus), and "Yes" would apply
  // "overlap autoimmune diseases not in the studied cohorts" to her (user
  // test: asked "Have you been diagnosed with autoimmune diseases?" after
  // giving SLE, and "Yes" removed the lupus trial). A person decides.
  if (!kind.evidence.empty()) return {Truth::kUnknown, kind.evidence, std::nullopt, true};
  return {Truth::kNotReported, "", Ask("condition:" + name)};
}

}  // namespace

bool IsHistoryType(ConstraintType type) {
  return type == ConstraintType::kCondition || type == ConstraintType::kInfection ||
         type == ConstraintType::kPriorTherapy || type == ConstraintType::kCellGeneTherapy;
}

bool HasTimeWindow(const Criterion& criterion) {
  return std::any_of(criterion.constraints.begin(), criterion.constraints.end(),
                     [](const Constraint& c) { return c.type == ConstraintType::kTimeWindow; });
}

bool IsSymptomWord(const std::string& word) {
  static const Pattern kSymptoms(
      "^(?:pain|ache|aches|fatigue|tiredness|fever|cough|nausea|vomiting|rash|itching|itch|"
      "swelling|headache|dizziness|weakness|numbness|stiffness|bleeding|discomfort|"
      "symptoms?)$",
      PatternCase::kInsensitive);
  return kSymptoms.Search(word);
}

Judgement JudgeConsent(const PatientFacts& facts) {
  const std::optional<bool>& consents = facts.patient().consents;
  if (consents) {
    return FromTruth(
        *consents ? Truth::kTrue : Truth::kFalse,
        *consents ? "willing to consent and follow the protocol" : "not willing to take part");
  }
  return {Truth::kUnknown, "", Ask("consents")};
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
      return JudgeCondition(name, InfectionNames(c.name), facts);
    }
    case ConstraintType::kCondition:
      return JudgeCondition(c.name, {c.name}, facts);
    case ConstraintType::kTimeWindow:  // qualifies another constraint; judged with it
      break;
  }
  return {Truth::kUnknown, "", std::nullopt};
}

}  // namespace trialfinder
