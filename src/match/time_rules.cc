// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/time_rules.h"

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "match/criterion_wording.h"
#include "match/verdict_combine.h"
#include "text/ascii_case.h"
#include "text/normalize.h"
#include "text/pattern.h"

namespace trialfinder {
namespace {

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

}  // namespace trialfinder
