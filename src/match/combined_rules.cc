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

// The pack-years an inclusion asks for at least ("at least 10 pack-years",
// "> 20 pack years") against those the description gives ("40 pack-year
// smoker"); nullopt when either is not said.
std::optional<Judgement> ComparePackYears(const std::string& lower, const Patient& patient) {
  static const Pattern kAsked(
      "(?:at least|(>=?)|greater than(?: or equal to)?|(more than|over)|minimum of)\\s*"
      "(\\d+(?:\\.\\d+)?)\\s*-?\\s*pack[- ]?y(?:ea)?rs?\\b|"
      "(\\d+(?:\\.\\d+)?)\\s*(?:or more|\\+)\\s*pack[- ]?y(?:ea)?rs?\\b");
  static const Pattern kGiven("(\\d+(?:\\.\\d+)?)\\s*-?\\s*(?:pack[- ]?y(?:ea)?rs?|py)\\b");
  const std::optional<PatternMatch> asked = kAsked.Find(lower);
  if (!asked) return std::nullopt;
  const std::optional<PatternMatch> given = kGiven.Find(NormalizeForMatching(patient.description));
  if (!given) return std::nullopt;
  const bool strict = (asked->matched(1) && asked->str(1) == ">") || asked->matched(2);
  const double least =
      std::strtod((asked->matched(3) ? asked->str(3) : asked->str(4)).c_str(), nullptr);
  const double had = std::strtod(given->str(1).c_str(), nullptr);
  const bool enough = strict ? had > least : had >= least;
  return Judgement{enough ? Truth::kTrue : Truth::kFalse, given->str() + " (from the record)",
                   std::nullopt};
}

}  // namespace

void ApplyLabRules(bool exclusion, const std::string& lower, const JudgedParts& j,
                   Judgement& combined) {
  if (!exclusion) return;
  // An exclusion of a condition its lab values define ("poorly controlled
  // diabetes (HbA1c of 9.0% or higher)") does not apply when the values
  // given fall outside, whatever else is unknown about the condition.
  if (combined.truth == Truth::kUnknown && NamesWhatItsLabsDefine(lower)) {
    std::optional<Judgement> outside;  // the last lab part, when every one is false
    bool every_lab_outside = true;
    for (std::size_t i = 0; i < j.parts.size(); ++i) {
      if (j.types[i] != ConstraintType::kLab) continue;
      every_lab_outside = every_lab_outside && j.parts[i].truth == Truth::kFalse;
      outside = j.parts[i];
    }
    if (outside && every_lab_outside) combined = *outside;
  }
  // A condition an exclusion qualifies by a score ("NYHA class IV heart
  // failure"): a score the record gives outside it decides; one it does
  // not give leaves it open, as a qualifier would.
  if (combined.truth == Truth::kTrue) {
    // Only when it names one condition: in a list ("NYHA class III/IV
    // heart failure, myocardial infarction, ...") the others stand alone.
    const Judgement* score = nullptr;
    bool only_conditions_hold = true;
    int conditions = 0;
    for (std::size_t i = 0; i < j.parts.size(); ++i) {
      if (j.types[i] == ConstraintType::kScore && j.parts[i].truth != Truth::kTrue)
        score = &j.parts[i];
      if (j.types[i] == ConstraintType::kCondition) ++conditions;
      if (j.parts[i].truth == Truth::kTrue && j.types[i] != ConstraintType::kCondition)
        only_conditions_hold = false;
    }
    if (score != nullptr && only_conditions_hold && conditions == 1) {
      if (score->truth == Truth::kFalse) {
        combined = *score;
      } else {
        combined = {Truth::kUnknown,
                    combined.evidence +
                        "; the class or score the criterion names is not in "
                        "the record",
                    std::nullopt, true};
      }
      return;
    }
  }
  // An exclusion that is lab values alone ("WBC > 15000") is not assumed
  // away: nothing in a record implies a value, and a test settles it. One
  // that names a condition and gives its lab definition ("severe renal
  // impairment (creatinine > 3 mg/dL)") is assumed absent with it (expert
  // labels: 6 of 9 development exclusions of the first kind are "not
  // enough information", all 3 of the second "not excluded").
  if (combined.truth == Truth::kNotReported && !j.types.empty() &&
      std::all_of(j.types.begin(), j.types.end(),
                  [](ConstraintType type) { return type == ConstraintType::kLab; }) &&
      !NamesWhatItsLabsDefine(lower)) {
    combined = {Truth::kUnknown, combined.evidence + ": a test result would settle this",
                std::move(combined.question)};
  }
}

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

void OpenDisagreeingThresholds(std::vector<Judgement>& parts,
                               const std::vector<ConstraintType>& types,
                               const std::vector<std::string>& names) {
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (types[i] != ConstraintType::kLab) continue;
    for (std::size_t k = i + 1; k < parts.size(); ++k) {
      if (types[k] != ConstraintType::kLab || names[k] != names[i]) continue;
      const bool disagree = (parts[i].truth == Truth::kTrue && parts[k].truth == Truth::kFalse) ||
                            (parts[i].truth == Truth::kFalse && parts[k].truth == Truth::kTrue);
      if (!disagree) continue;
      for (std::size_t j : {i, k}) {
        parts[j] = {Truth::kUnknown,
                    parts[j].evidence +
                        "; meets one of the thresholds given, and which applies "
                        "depends on more than the record says",
                    std::nullopt, true};
      }
    }
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

void ApplyResolvedRule(const std::string& lower, const JudgedParts& j, Judgement& combined) {
  // The parts that decided: true ones, or false ones read from a negated
  // constraint ("no active cancer"), which keep their reading's flag.
  if (combined.truth != Truth::kTrue && combined.truth != Truth::kFalse) return;
  const bool asks_absence = combined.truth == Truth::kFalse;
  bool any = j.parts.empty() && combined.resolved;  // read by JudgeText
  for (std::size_t i = 0; i < j.parts.size(); ++i) {
    if (j.parts[i].truth != combined.truth) continue;
    const bool condition =
        j.types[i] == ConstraintType::kCondition || j.types[i] == ConstraintType::kInfection;
    if (!condition || !j.parts[i].resolved) return;
    any = true;
  }
  if (!any) return;
  static const Pattern kHistory(
      "\\b(?:history|histories|prior|previous(?:ly)?|past|former(?:ly)?|survivors?|had|ever|"
      "never|lifetime|remission|treated for|ago)\\b");
  // A recent window ("daily cigarette smoking over the past 30 days"): when
  // it ended is seldom said, so whether it falls inside is not known (user
  // test: an ex-smoker who quit 5 years ago met it as a history).
  static const Pattern kRecentWindow(
      "\\b(?:past|last|previous|preceding)\\s+(?:\\d+|one|two|three|six|twelve)\\s*"
      "(?:days?|weeks?|months?)\\b");
  if (kRecentWindow.Search(lower)) {
    combined = {Truth::kUnknown,
                combined.evidence +
                    "; over, as the record says: whether that was within the "
                    "time the criterion asks is not known",
                std::nullopt, true};
    return;
  }
  if (kHistory.Search(lower)) return;
  static const Pattern kCurrent(
      "\\b(?:active|current(?:ly)?|ongoing|present(?:ly)?|existing|concomitant|concurrent|"
      "co-?existing|uncontrolled|untreated|newly diagnosed|under(?:going)? treatment|"
      "receiving (?:treatment|therapy)|requir\\w* (?:treatment|therapy)|evidence of|persistent|"
      "residual|measurable|metastatic|recurrent|relapsed|refractory|progressive|advanced|"
      "suffering from|living with)\\b");
  if (kCurrent.Search(lower)) {
    combined = {asks_absence ? Truth::kTrue : Truth::kFalse,
                combined.evidence + (asks_absence ? "; over, as the record says, so none now"
                                                  : "; over, as the record says, so not current"),
                std::nullopt};
    return;
  }
  combined = {
      Truth::kUnknown,
      combined.evidence + "; the record says it is over: whether a past one counts is not known",
      std::nullopt, true};
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

void ApplyWhenHowLongRule(const Criterion& criterion, const std::string& lower,
                          const std::vector<ConstraintType>& true_types, const PatientFacts& facts,
                          Judgement& combined) {
  // An inclusion met by a history alone while it asks when, for how long
  // or how much ("Diagnosed with T2D >= 180 days before screening",
  // "stable for at least 90 days", "prednisone > 20 mg/day"): the record
  // names the condition or treatment, not that (user test: all three
  // were met).
  const bool history_only =
      !true_types.empty() && std::all_of(true_types.begin(), true_types.end(), IsHistoryType);
  if (combined.truth == Truth::kTrue && history_only) {
    if (std::optional<Judgement> packs = ComparePackYears(lower, facts.patient())) {
      combined = std::move(*packs);
      return;
    }
  }
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
  if (combined.truth == Truth::kTrue && history_only &&
      (windowed || AsksForDoseOrDuration(lower)) && !AsksForAFailure(lower) && !duration_known) {
    combined = {Truth::kUnknown,
                combined.evidence +
                    "; when, for how long or at what dose, as the criterion asks, is not in the "
                    "record",
                std::nullopt, true};
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
  for (std::size_t i = 0; i < judged.parts.size(); ++i) {
    if (judged.parts[i].truth != Truth::kTrue) continue;
    std::vector<std::string> names = PatientFacts::Variants(judged.names[i]);
    if (!GoingOnNowInClause(judged.parts[i].evidence, names)) continue;
    static const Pattern kNow("\\b(?:current(?:ly)?|active(?:ly)?|ongoing)\\b");
    qualified = kNow.ReplaceAll(qualified, "");
    break;
  }
  const std::string weak = WeakExclusionReason(criterion, qualified, combined, true_types);
  if (!weak.empty()) combined = {Truth::kUnknown, combined.evidence + weak, std::nullopt, true};
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
