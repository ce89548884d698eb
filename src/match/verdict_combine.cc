// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/verdict_combine.h"

#include <algorithm>
#include <map>
#include <optional>

#include "match/criterion_wording.h"
#include "text/ascii_case.h"
#include "text/normalize.h"
#include "text/pattern.h"

namespace trialfinder {

namespace {

// An inclusion asking for an absence a person reading the record would
// assume ("No history of malignancy"), not one a test shows ("without
// EGFR mutation"): `lower` is its normalised text.
bool AssumedAbsent(const std::string& lower) {
  return (AsksForAnAbsence(lower) || AsksForTimeSince(lower)) && !AsksForATestResult(lower);
}

}  // namespace

bool IsQualifier(const Constraint& c) { return c.type == ConstraintType::kTimeWindow; }

// Inclusion: OR within a type, AND across types. Exclusion: OR over all.
Judgement Combine(const std::vector<Judgement>& parts, const std::vector<ConstraintType>& types,
                  bool exclusion) {
  auto any = [&](Truth truth) {
    return std::find_if(parts.begin(), parts.end(),
                        [&](const Judgement& j) { return j.truth == truth; });
  };
  if (exclusion) {
    // Age and sex beside anything else qualify it ("atrophic gastritis
    // (onset age less than 60 years)", "women over 50 with osteoporosis"):
    // alone they never apply the exclusion (user test: an 8-year-old was
    // excluded for her age); a qualifier the patient fails rules it out.
    const auto qualifier = [](ConstraintType type) {
      return type == ConstraintType::kAge || type == ConstraintType::kSex;
    };
    if (!std::all_of(types.begin(), types.end(), qualifier)) {
      std::vector<Judgement> rest;
      std::vector<ConstraintType> rest_types;
      for (std::size_t i = 0; i < parts.size(); ++i) {
        if (!qualifier(types[i])) {
          rest.push_back(parts[i]);
          rest_types.push_back(types[i]);
        } else if (parts[i].truth == Truth::kFalse) {
          return parts[i];
        }
      }
      if (rest.size() < parts.size()) return Combine(rest, rest_types, exclusion);
    }
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
    // Labs and scores in one criterion are all required ("ANC >= 1.5,
    // platelets >= 100, Hb >= 9"): the worst one speaks.
    const bool all_required =
        types[i] == ConstraintType::kLab || types[i] == ConstraintType::kScore;
    if (all_required ? rank(parts[i].truth) > rank(kept.truth)
                     : rank(parts[i].truth) < rank(kept.truth)) {
      kept = parts[i];
    }
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

CriterionVerdict ToVerdict(const Criterion& criterion, const Judgement& judgement) {
  CriterionVerdict verdict;
  verdict.criterion_id = criterion.id;
  verdict.section = criterion.section;
  verdict.cohort = criterion.cohort;
  verdict.text = criterion.text;
  const bool exclusion = criterion.section == CriterionSection::kExclusion;
  verdict.evidence = judgement.evidence;
  verdict.needs_review = judgement.record_speaks && judgement.truth == Truth::kUnknown;
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
      // An exclusion the record does not mention is assumed not to apply;
      // so is an inclusion that asks for an absence ("No history of
      // malignancy", "not pregnant"): a person reading the record would
      // assume both, and a clinician confirms them. Not an absence a test
      // shows ("without EGFR mutation", "absence of QTcF prolongation"):
      // a record seldom lists what was tested negative.
      if (exclusion ||
          (criterion.section == CriterionSection::kInclusion &&
           (judgement.absence_assumed || AssumedAbsent(NormalizeForMatching(criterion.text))))) {
        verdict.verdict = exclusion ? Verdict::kDoesNotApply : Verdict::kMet;
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

// Why a "true" reading of an exclusion is too weak to exclude: the
// criterion adds a time window or a qualifier the record does not speak
// to. Empty when the reading stands.
std::string WeakExclusionReason(const Criterion& criterion, const std::string& lower,
                                const Judgement& combined,
                                const std::vector<ConstraintType>& true_types) {
  if (combined.truth != Truth::kTrue) return "";
  static const Pattern kPlanned(std::string("\\b(?:") + kPlannedWords + ")\\b");
  // "Pregnant, or intend to become pregnant": a pregnancy now applies it
  // whatever is planned (user test: left unknown for a pregnant woman).
  const bool pregnant_now = std::find(true_types.begin(), true_types.end(),
                                      ConstraintType::kPregnancy) != true_types.end();
  if (kPlanned.Search(lower) && !pregnant_now)
    return "; the criterion is about something planned, which the record does not say";
  // "Steroids are permitted until 48 h before the infusion": what an
  // exclusion permits, and when, is no reason to exclude on its own.
  static const Pattern kPermits(
      "\\b(?:is|are|will be|may be|being)\\s+(?:permitted|allowed|acceptable|accepted)\\b|"
      "\\b(?:permitted|allowed) (?:if|when|until|provided|as long as)\\b");
  if (kPermits.Search(lower))
    return "; the criterion permits it under conditions the record does not settle";
  // A time window among the criterion's exceptions ("Active or history of
  // autoimmune disease ..., with the following exceptions: ... no
  // exacerbation ... within the previous 12 months") does not time what it
  // excludes (user test: SLE was "when it happened is not known").
  static const Pattern kExceptions("\\bexcept|\\bunless\\b|\\b(?:are|is) eligible\\b");
  std::optional<std::size_t> exceptions_at;
  if (std::optional<PatternMatch> found = kExceptions.Find(lower))
    exceptions_at = found->position();
  const bool timed = std::any_of(criterion.constraints.begin(), criterion.constraints.end(),
                                 [&](const Constraint& c) {
                                   if (!IsQualifier(c)) return false;
                                   if (!exceptions_at) return true;
                                   const std::size_t at = lower.find(AsciiLowercase(c.evidence));
                                   return at == std::string::npos || at < *exceptions_at;
                                 });
  const bool only_history = std::all_of(true_types.begin(), true_types.end(), IsHistoryType);
  // "Chemotherapy within 2 weeks": a treatment or diagnosis in the record
  // does not say when.
  if (only_history && timed) return "; when it happened is not known from the record";
  // "Daily high-dose steroids", "> 2 years > 5 mg prednisolone".
  if (only_history && AsksForDoseOrDuration(lower))
    return "; the dose or duration asked for is not in the record";
  const bool only_conditions =
      std::all_of(true_types.begin(), true_types.end(), [](ConstraintType type) {
        return type == ConstraintType::kCondition || type == ConstraintType::kInfection;
      });
  if (!only_conditions) return "";
  if (QualifiesTheCondition(exceptions_at ? lower.substr(0, *exceptions_at) : lower))
    return "; whether it is as the criterion describes is not known from the record";
  return "";
}

}  // namespace trialfinder
