// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/note_timing.h"

#include <algorithm>
#include <cmath>

#include "match/patient_facts.h"
#include "text/ascii_case.h"
#include "text/durations.h"
#include "text/pattern.h"

namespace trialfinder {
namespace {

struct TimeMention {
  std::size_t position = 0;
  double months = 0;
};

std::vector<TimeMention> TimesIn(const std::string& lower) {
  static const Pattern kAgo(
      "\\b(\\d+(?:\\.\\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
      "twelve)[\\s-]*(days?|weeks?|months?|years?)\\s+(?:ago|earlier|before|prior|previously)\\b");
  static const Pattern kLast("\\blast\\s+(week|month|year)\\b");
  static const Pattern kNow("\\b(?:yesterday|today|tonight|this morning|this evening)\\b");
  std::vector<TimeMention> times;
  for (const PatternMatch& m : kAgo.FindAll(lower)) {
    if (std::optional<double> value = NumberInWords(m.view(1)))
      times.push_back({m.position(), MonthsIn(*value, m.view(2))});
  }
  for (const PatternMatch& m : kLast.FindAll(lower))
    times.push_back({m.position(), MonthsIn(1, m.view(1))});
  for (const PatternMatch& m : kNow.FindAll(lower))
    times.push_back({m.position(), m.view() == "yesterday" ? MonthsIn(1, "day") : 0});
  std::sort(times.begin(), times.end(),
            [](const TimeMention& a, const TimeMention& b) { return a.position < b.position; });
  return times;
}

struct Window {
  double months = 0;
  std::string text;  // "3 months", as the criterion gives it
};

// The window a criterion gives; nullopt unless exactly one "within" window
// with a number is read.
std::optional<Window> WindowOf(const Criterion& criterion) {
  std::optional<Window> window;
  int windows = 0;
  for (const Constraint& c : criterion.constraints) {
    if (c.type != ConstraintType::kTimeWindow) continue;
    ++windows;
    if (c.value && c.comparator == Comparator::kLessOrEqual)
      window = Window{MonthsIn(*c.value, c.unit), FormatNumber(*c.value) + " " + c.unit};
  }
  if (windows != 1) return std::nullopt;
  return window;
}

std::string Describe(double months) {
  if (months < 1) return "under a month";
  if (months < 24) return FormatNumber(std::round(months)) + " months";
  return FormatNumber(std::round(months / 12)) + " years";
}

}  // namespace

std::optional<double> MonthsAgoInClause(std::string_view clause,
                                        const std::vector<std::string>& names) {
  const std::string lower = AsciiLowercase(std::string(clause));
  std::optional<std::size_t> named_at;
  for (const std::string& name : names) {
    const std::string wanted = AsciiLowercase(name);
    if (wanted.size() < 2) continue;
    const std::size_t at = lower.find(wanted);
    if (at != std::string::npos && (!named_at || at < *named_at)) named_at = at;
  }
  if (!named_at) return std::nullopt;
  const std::vector<TimeMention> times = TimesIn(lower);
  for (const TimeMention& time : times) {
    if (time.position > *named_at) return time.months;
  }
  if (times.size() == 1) return times.front().months;
  return std::nullopt;
}

bool ApplyNoteTiming(const Criterion& criterion, const JudgedParts& j, Judgement& combined) {
  if (combined.truth != Truth::kTrue) return false;
  const std::optional<Window> window = WindowOf(criterion);
  if (!window) return false;
  std::optional<double> latest;  // the most recent time among the parts
  std::string evidence;
  for (std::size_t i = 0; i < j.parts.size(); ++i) {
    if (j.parts[i].truth != Truth::kTrue) continue;
    if (!IsHistoryType(j.types[i])) return false;
    const std::string& clause = j.parts[i].evidence;
    if (clause.rfind("record", 0) == 0) return false;
    std::vector<std::string> names = PatientFacts::Variants(j.names[i]);
    names.push_back(j.names[i]);
    const std::optional<double> months = MonthsAgoInClause(clause, names);
    if (!months) return false;
    if (!latest || *months < *latest) latest = months;
    evidence = clause;
  }
  if (!latest) return false;
  // At the window's edge ("2 months ago" for "within 8 weeks", "6 months
  // ago" for "within 6 months"), a note's rounded time cannot tell.
  if (std::abs(*latest - window->months) <= 0.15 * window->months + 1e-9) {
    combined = {Truth::kUnknown,
                evidence + "; about " + Describe(*latest) + " ago, too close to " + window->text +
                    " to tell",
                std::nullopt, true};
    return true;
  }
  const bool inside = *latest <= window->months + 1e-9;
  // "MI, CVA or TIA within 6 months" and a note with "an MI 2 years ago
  // and a TIA 6 months ago": outside for the MI, but another event the
  // note times falls within, which the criterion may list under a name
  // not read (user test: "does not apply" for the TIA).
  static const Pattern kList(",|\\bor\\b|/|\\band\\b");
  if (!inside && kList.Search(AsciiLowercase(criterion.text))) {
    for (const TimeMention& time : TimesIn(AsciiLowercase(evidence))) {
      if (time.months <= window->months + 1e-9) {
        combined = {Truth::kUnknown,
                    evidence + "; something else the note dates falls within " + window->text,
                    std::nullopt, true};
        return true;
      }
    }
  }
  combined = {inside ? Truth::kTrue : Truth::kFalse,
              evidence +
                  (inside ? "; within " : "; about " + Describe(*latest) + " ago, not within ") +
                  window->text,
              std::nullopt};
  return true;
}

}  // namespace trialfinder
