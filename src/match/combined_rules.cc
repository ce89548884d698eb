// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/combined_rules.h"

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "match/criterion_wording.h"
#include "match/disease_subtype.h"
#include "match/note_timing.h"
#include "match/patient_facts.h"
#include "match/verdict_combine.h"
#include "text/ascii_case.h"
#include "text/normalize.h"
#include "text/pattern.h"

namespace trialfinder {
namespace {

// Whether some part judged false has a type (and name) `pick` accepts.
template <typename Pick>
bool SomePartFails(const JudgedParts& j, Pick pick) {
  for (std::size_t i = 0; i < j.parts.size(); ++i) {
    if (j.parts[i].truth == Truth::kFalse && pick(j.types[i], j.names[i])) return true;
  }
  return false;
}

// `lower` with each occurrence of `name` blanked.
void ReplaceName(std::string& lower, const std::string& name) {
  if (name.empty()) return;
  for (std::size_t at = lower.find(name); at != std::string::npos; at = lower.find(name, at))
    lower.replace(at, name.size(), std::string(name.size(), ' '));
}

// "current", "active", "ongoing": what a record saying the thing goes on
// now settles.
const Pattern& NowWords() {
  static const Pattern kNow("\\b(?:current(?:ly)?|active(?:ly)?|ongoing)\\b");
  return kNow;
}

// Whether an exclusion of two alternatives in one clause has one the
// record meets whole: "Current smokers or stopped less than 6 months ago"
// for a man who smokes now (`now`: the record says so, which settles
// "current"); the qualifier is the other alternative's (second helper of
// the fifth user test). Not for lists or exceptions ("such as A, B, or C.
// History of mild D or E ... is not an exclusion"), where the development
// labels moved the wrong way, nor through a condition that is over.
bool OneOfTwoMetWhole(const std::string& lower, const JudgedParts& judged, bool now) {
  static const Pattern kOr("\\s+or\\s+");
  static const Pattern kListOrException("[.;,:]|\\b(?:not|except\\w*|unless|exclud\\w*)\\b");
  const std::vector<PatternMatch> splits = kOr.FindAll(lower);
  if (splits.size() != 1 || kListOrException.Search(lower)) return false;
  static const Pattern kOpen(
      "\\d|\\b(?:within|since|prior|past|recent\\w*|last|previous\\w*|current(?:ly)?|active|"
      "ongoing)\\b");
  const std::size_t split = splits.front().position();
  for (std::string branch :
       {lower.substr(0, split), lower.substr(split + splits.front().length())}) {
    bool named = false;
    for (std::size_t i = 0; i < judged.parts.size(); ++i) {
      if (judged.parts[i].truth != Truth::kTrue || judged.parts[i].resolved) continue;
      const std::string name = AsciiLowercase(judged.names[i]);
      if (name.empty() || branch.find(name) == std::string::npos) continue;
      ReplaceName(branch, name);
      named = true;
    }
    if (!named) continue;
    if (now) branch = NowWords().ReplaceAll(branch, "");
    if (!QualifiesTheCondition(branch) && !kOpen.Search(branch)) return true;
  }
  return false;
}

}  // namespace

std::optional<Judgement> ForAnotherGroup(bool exclusion, const std::string& lower,
                                         const JudgedParts& j, const Judgement& combined) {
  if (exclusion) return std::nullopt;
  // "Participants with HIV are eligible if ...": a rule for people who have
  // it, which their absence does not fail (user test: "No" to HIV excluded
  // a breast-cancer trial).
  if (combined.truth == Truth::kFalse && ForPeopleWhoHaveIt(lower)) {
    const bool only_conditions_fail = !SomePartFails(j, [](ConstraintType t, const std::string&) {
      return t != ConstraintType::kCondition && t != ConstraintType::kInfection;
    });
    if (only_conditions_fail) {
      return Judgement{Truth::kNotApplicable,
                       combined.evidence + ": this criterion is for people who have it",
                       std::nullopt};
    }
  }
  // "Adult arm: aged at least 12 years", "For adults who are age 75 years
  // or older ...": a criterion for one group of a trial with several. An
  // age or sex that fails it puts the patient in another group, not out of
  // the trial (user test: an 8-year-old excluded by the adult arm's age).
  if (combined.truth == Truth::kFalse && !j.parts.empty()) {
    const bool only_age_or_sex_fails = !SomePartFails(j, [](ConstraintType t, const std::string&) {
      return t != ConstraintType::kAge && t != ConstraintType::kSex;
    });
    if (only_age_or_sex_fails && OpensWithAGroupLabel(lower)) {
      return Judgement{Truth::kNotApplicable,
                       combined.evidence + ": this criterion is for another group", std::nullopt};
    }
  }
  return std::nullopt;
}

void ApplyIndicatedRule(const Criterion& criterion, const std::string& lower, const JudgedParts& j,
                        const std::vector<ConstraintType>& true_types, Judgement& combined) {
  // An inclusion about what is indicated or planned ("indication for
  // allogeneic HSCT", "suitable for surgery", "metastases requiring
  // surgery") is not failed by a history that lacks it: "No" to "Have you
  // had a stem cell transplant?" says nothing of one to come (second
  // user test of /match).
  // An age or sex that does not fit fails it all the same (user test: an
  // 8-year-old was "unknown" for ">= 12 years of age").
  // A pregnancy now fails "must have a negative pregnancy test" as well.
  const bool age_or_sex_fails = SomePartFails(j, [](ConstraintType t, const std::string&) {
    return t == ConstraintType::kAge || t == ConstraintType::kSex ||
           t == ConstraintType::kPregnancy;
  });
  // Nor is one met by a treatment's absence ("Not eligible for autologous
  // stem cell transplant" for a patient who never had one).
  const bool met_by_an_absence =
      (combined.truth == Truth::kTrue || combined.truth == Truth::kNotReported) &&
      std::any_of(criterion.constraints.begin(), criterion.constraints.end(),
                  [](const Constraint& c) { return c.negated; }) &&
      std::none_of(true_types.begin(), true_types.end(), [](ConstraintType t) {
        return t == ConstraintType::kAge || t == ConstraintType::kSex || t == ConstraintType::kLab;
      });
  // A disease the patient does not have fails it all the same ("with
  // moderate to severe ulcerative colitis, with an indication for ...").
  const bool disease_fails = SomePartFails(j, [](ConstraintType t, const std::string& name) {
    return t == ConstraintType::kCondition && NamesADisease(name);
  });
  if ((combined.truth == Truth::kFalse || met_by_an_absence) && !age_or_sex_fails &&
      !disease_fails && AboutWhatIsIndicated(lower)) {
    combined = {Truth::kUnknown,
                (combined.evidence.empty() ? "" : combined.evidence + "; ") +
                    "the criterion is about what is indicated or planned, which the record "
                    "does not say",
                std::nullopt};
  }
}

std::optional<std::string> UnmetJoinedCondition(const std::string& lower, const std::string& name,
                                                const PatientFacts& facts) {
  // "... and <up to four words> disorder", or "and" an abbreviation that
  // ends the phrase ("MDD and CUD (DSM-5)"): a condition the lexicon may
  // not read in the criterion. Not one denied or left open ("and no
  // other psychiatric disorder", "and any other disease").
  static const Pattern kAndJoined(
      "^\\s+and\\s+(?!/)(?!(?:\\w+\\s+)*?(?:no|not|without|any|other|free)\\b)"
      "(?:((?:[a-z][a-z'-]*\\s+){0,4}(?:disorder|disease|syndrome)s?)\\b|"
      "([a-z]{2,5})\\s*(?:$|[(),;.]))");
  const std::string wanted = AsciiLowercase(name);
  const std::size_t at = lower.find(wanted);
  if (wanted.empty() || at == std::string::npos) return std::nullopt;
  const std::string after = lower.substr(at + wanted.size());
  const std::optional<PatternMatch> joined = kAndJoined.Find(after);
  if (!joined) return std::nullopt;
  const std::string other = joined->str(1).empty() ? joined->str(2) : joined->str(1);
  // An abbreviation is read as the concept table writes it, in capitals.
  if (joined->str(1).empty() && !NamesADisease(AsciiUppercase(other))) return std::nullopt;
  if (facts.Condition(other).truth == Truth::kTrue) return std::nullopt;
  return other;
}

void ApplyJoinedConditionsRule(bool exclusion, const std::string& lower, const JudgedParts& j,
                               const PatientFacts& facts, Judgement& combined) {
  if (exclusion || combined.truth != Truth::kTrue) return;
  static const Pattern kAnd("\\band\\b(?!/)");
  static const Pattern kOr("\\bor\\b|/|,");
  for (std::size_t i = 0; i < j.parts.size(); ++i) {
    if (j.types[i] != ConstraintType::kCondition || j.parts[i].truth != Truth::kTrue) continue;
    if (std::optional<std::string> other = UnmetJoinedCondition(lower, j.names[i], facts)) {
      combined = {Truth::kUnknown,
                  combined.evidence + "; the criterion also asks for " + *other +
                      ", which the record does not give",
                  std::nullopt, true};
      return;
    }
    for (std::size_t k = 0; k < j.parts.size(); ++k) {
      if (j.types[k] != ConstraintType::kCondition || j.parts[k].truth == Truth::kTrue ||
          j.parts[k].truth == Truth::kNotApplicable) {
        continue;
      }
      const std::size_t a = lower.find(AsciiLowercase(j.names[i]));
      const std::size_t b = lower.find(AsciiLowercase(j.names[k]));
      if (a == std::string::npos || b == std::string::npos || a == b) continue;
      const std::string between = lower.substr(std::min(a, b), std::max(a, b) - std::min(a, b));
      if (kAnd.Search(between) && !kOr.Search(between)) {
        combined = {Truth::kUnknown,
                    combined.evidence + "; the criterion also asks for " +
                        AsciiLowercase(j.names[k]) + ", which the record does not give",
                    std::nullopt, true};
        return;
      }
    }
  }
}

void ApplyExceptionsOnlyRule(const Criterion& criterion, const std::string& lower,
                             Judgement& combined) {
  static const Pattern kException("\\b(?:except|excluding|other than|but not|apart from)\\b");
  if (criterion.section == CriterionSection::kExclusion || criterion.constraints.empty() ||
      (combined.truth != Truth::kNotReported && combined.truth != Truth::kTrue)) {
    return;
  }
  const bool only_exceptions = std::all_of(
      criterion.constraints.begin(), criterion.constraints.end(), [&](const Constraint& c) {
        if (!c.negated) return false;
        const std::size_t at = lower.find(AsciiLowercase(c.name));
        if (at == std::string::npos) return false;
        const std::size_t from = at > 60 ? at - 60 : 0;
        return kException.Search(lower.substr(from, at - from));
      });
  if (!only_exceptions) return;
  combined = {Truth::kUnknown,
              "what the criterion asks for is not read; the record has none of the exceptions it "
              "names",
              std::nullopt};
}

void ApplyProcedureForDiseaseRule(const std::string& lower, const JudgedParts& j,
                                  const PatientFacts& facts, Judgement& combined) {
  if (combined.truth != Truth::kTrue) return;
  static const Pattern kProcedureAfter(
      "^\\s+(surgery|surgeries|resection|operation|radiotherapy|radiation|transplant\\w*|"
      "\\w+ectomy)\\b");
  for (std::size_t i = 0; i < j.parts.size(); ++i) {
    if (j.parts[i].truth != Truth::kTrue) continue;
    const std::string name = AsciiLowercase(j.names[i]);
    const std::size_t at = lower.find(name);
    if (at == std::string::npos) continue;
    const std::string after = lower.substr(at + name.size());
    const std::optional<PatternMatch> procedure = kProcedureAfter.Find(after);
    if (!procedure) continue;
    const std::string asked = name + " " + procedure->str(1);
    if (facts.Condition(asked).truth == Truth::kTrue) continue;
    combined = {Truth::kUnknown,
                combined.evidence + "; the criterion asks for " + asked +
                    ", which the record does not give",
                std::nullopt, true};
    return;
  }
}

void ApplyAgeAndSexOnlyRule(const Criterion& criterion, bool exclusion,
                            const std::vector<ConstraintType>& true_types, Judgement& combined) {
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
}

void ApplyQualifiedKindRule(const std::string& lower, const JudgedParts& judged,
                            Judgement& combined) {
  // Met as a kind of the category it names, while the criterion qualifies
  // the category ("Dementia with Lewy Bodies" for Alzheimer disease): which
  // kind is asked, and the patient's is not known to be it.
  if (combined.truth == Truth::kTrue) {
    static const Pattern kQualified(
        "^\\s*(?:with|due to|associated with|secondary to|caused by|related to|of the \\w+ "
        "type)\\b");
    for (std::size_t i = 0; i < judged.parts.size(); ++i) {
      if (judged.parts[i].truth != Truth::kTrue || !judged.parts[i].kind_of) continue;
      const std::string name = AsciiLowercase(judged.names[i]);
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
}

void ApplyWeakExclusionRule(const Criterion& criterion, const std::string& lower,
                            const JudgedParts& judged,
                            const std::vector<ConstraintType>& true_types,
                            const PatientFacts& facts, Judgement& combined) {
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
  for (std::size_t i = 0; i < judged.parts.size(); ++i) {
    if (judged.parts[i].truth != Truth::kTrue ||
        facts.patient().FindCondition(judged.names[i]) == nullptr)
      continue;
    ReplaceName(qualified, AsciiLowercase(judged.names[i]));
  }
  // "Active smokers", "current tobacco use": the record says it goes on
  // now (user test: unknown for a man who smokes a pack a day).
  bool now = false;
  for (std::size_t i = 0; i < judged.parts.size() && NowWords().Search(qualified); ++i) {
    if (judged.parts[i].truth != Truth::kTrue) continue;
    std::vector<std::string> names = PatientFacts::Variants(judged.names[i]);
    if (!GoingOnNowInClause(judged.parts[i].evidence, names)) continue;
    qualified = NowWords().ReplaceAll(qualified, "");
    now = true;
  }
  const std::string weak = WeakExclusionReason(criterion, qualified, combined, true_types);
  if (weak.empty()) return;
  if (OneOfTwoMetWhole(lower, judged, now)) return;
  combined = {Truth::kUnknown, combined.evidence + weak, std::nullopt, true};
}

void ApplySubtypeRule(const Criterion& criterion, const std::string& lower,
                      const std::vector<ConstraintType>& true_types, const PatientFacts& facts,
                      Judgement& combined) {
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
}

void ApplyWillingToStopRule(const std::string& lower, Judgement& combined) {
  if (combined.truth != Truth::kTrue) return;
  // User test: "Must agree to stop breastfeeding" was met by breastfeeding.
  static const Pattern kWillingToStop(
      "\\b(?:agree\\w*|willing\\w*|unwilling\\w*|consent\\w*|able|unable|refus\\w*)\\s+"
      "(?:\\w+\\s+){0,2}?to\\s+(?:stop|discontinu\\w*|cease|refrain|abstain|avoid|withdraw|"
      "wean|hold|interrupt|give up)\\b");
  if (!kWillingToStop.Search(lower)) return;
  combined = {Truth::kUnknown,
              combined.evidence +
                  "; whether you would stop it, as the criterion asks, is not in "
                  "the record",
              std::nullopt, true};
}

}  // namespace trialfinder
