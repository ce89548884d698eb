// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/note_timing.h"

#include <algorithm>
#include <cmath>

#include "match/patient_facts.h"
#include "text/ascii_case.h"
#include "text/durations.h"
#include "text/pattern.h"
#include "text/words.h"

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

// Where in `lower` (a lower-case clause) the name is written: as it is, or
// word by word as stems, since concept variants are stored stemmed
// ("hepat c" is "hepatitis C"). Every place, first to last.
std::vector<std::size_t> PlacesOf(const std::string& lower, const std::string& name) {
  std::vector<std::size_t> places;
  for (std::size_t at = lower.find(name); at != std::string::npos; at = lower.find(name, at + 1))
    places.push_back(at);
  if (!places.empty()) return places;
  std::vector<std::string> wanted;
  for (const Word& word : SplitWords(name)) wanted.push_back(word.stemmed);
  if (wanted.empty()) return places;
  // A stem starts its words ("hepat" in "hepatitis"): no clause without its
  // first letters is split (this runs for every name of every timed part).
  if (lower.find(wanted.front().substr(0, 4)) == std::string::npos) return places;
  const std::vector<Word> words = SplitWords(lower);
  std::vector<std::size_t> starts;  // where each word is written
  std::size_t cursor = 0;
  for (const Word& word : words) {
    const std::size_t at = lower.find(word.raw, cursor);
    starts.push_back(at == std::string::npos ? cursor : at);
    if (at != std::string::npos) cursor = at + word.raw.size();
  }
  for (std::size_t i = 0; i + wanted.size() <= words.size(); ++i) {
    std::size_t k = 0;
    while (k < wanted.size() &&
           (words[i + k].stemmed == wanted[k] || words[i + k].raw == wanted[k]))
      ++k;
    if (k == wanted.size()) places.push_back(starts[i]);
  }
  return places;
}

}  // namespace

bool GoingOnNowInClause(std::string_view clause, const std::vector<std::string>& names) {
  const std::string lower = AsciiLowercase(std::string(clause));
  static const Pattern kNowBefore(
      "\\b(?:current(?:ly)?|active(?:ly)?|ongoing|still|presently)\\s+(?:[a-z-]+\\s+){0,2}$");
  // The words a present tense may be: after a subject ("he smokes", "I
  // still smoke") and before an amount ("smokes a pack a day"), read once
  // for every name.
  // Lookaheads, so that every subject and every word is tried ("he also
  // still smokes").
  static const Pattern kAfterSubject(
      "\\b(?:i|he|she|they|we|you|who|still|currently|also)\\s+(?=(?:(?:still|currently|"
      "also)\\s+)?([a-z]+)\\b)");
  static const Pattern kBeforeAmount(
      "\\b([a-z]+)(?=\\s+(?:an?|\\d+|one|two|three|half|daily|every|regularly|heavily|about|"
      "around)\\b)");
  std::vector<std::string> after_subject;
  std::vector<std::string> before_amount;
  for (const PatternMatch& m : kAfterSubject.FindAll(lower)) after_subject.push_back(m.str(1));
  for (const PatternMatch& m : kBeforeAmount.FindAll(lower)) before_amount.push_back(m.str(1));
  for (const std::string& name : names) {
    const std::string wanted = AsciiLowercase(name);
    if (wanted.size() < 4) continue;
    for (std::size_t at : PlacesOf(lower, wanted)) {
      if (kNowBefore.Search(lower.substr(0, at))) return true;
    }
    // A habit in the present tense, with its subject ("he smokes", "I
    // still smoke", "who drinks") or its amount ("smokes a pack a day",
    // "drinks 3 beers"): "smoking" or the stem "smoke" give "smokes".
    if (wanted.find(' ') != std::string::npos ||
        !std::all_of(wanted.begin(), wanted.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
      continue;
    std::string stem = wanted;
    if (stem.size() > 6 && stem.compare(stem.size() - 3, 3, "ing") == 0)
      stem.resize(stem.size() - 3);
    else if (stem.back() == 'e')
      stem.pop_back();
    const auto is_form = [&stem](const std::string& word, bool bare) {
      if (word.size() < stem.size() || word.compare(0, stem.size(), stem) != 0) return false;
      const std::string ending = word.substr(stem.size());
      return ending == "s" || ending == "es" || (bare && (ending.empty() || ending == "e"));
    };
    if (std::any_of(after_subject.begin(), after_subject.end(),
                    [&](const std::string& word) { return is_form(word, true); }) ||
        std::any_of(before_amount.begin(), before_amount.end(),
                    [&](const std::string& word) { return is_form(word, false); }))
      return true;
  }
  return false;
}

std::optional<double> MonthsAgoInClause(std::string_view clause,
                                        const std::vector<std::string>& names) {
  const std::string lower = AsciiLowercase(std::string(clause));
  std::optional<std::size_t> named_at;
  for (const std::string& name : names) {
    const std::string wanted = AsciiLowercase(name);
    if (wanted.size() < 2) continue;
    const std::vector<std::size_t> places = PlacesOf(lower, wanted);
    if (!places.empty() && (!named_at || places.front() < *named_at)) named_at = places.front();
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
  // A window that times a beginning or an event, not the having of it.
  static const Pattern kOnset(
      "\\b(?:diagnos\\w*|onset|new|newly|first|episodes?|events?|attacks?|hospitali[sz]\\w*|"
      "admi\\w+|occurr\\w*|exacerbation\\w*|flares?|relapses?)\\b");
  const std::optional<Window> window = WindowOf(criterion);
  if (!window) return false;
  const bool onset = kOnset.Search(AsciiLowercase(criterion.text));
  std::optional<double> latest;  // the most recent time among the parts
  std::string evidence;
  for (std::size_t i = 0; i < j.parts.size(); ++i) {
    if (j.parts[i].truth != Truth::kTrue) continue;
    if (!IsHistoryType(j.types[i])) return false;
    const std::string& clause = j.parts[i].evidence;
    if (clause.rfind("record", 0) == 0) return false;
    std::vector<std::string> names = PatientFacts::Variants(j.names[i]);
    names.push_back(j.names[i]);
    std::optional<double> months = MonthsAgoInClause(clause, names);
    // Going on now is within any window up to now, unless the window times
    // an onset ("diagnosed within the past 6 months", "new-onset").
    if (!months && !onset && GoingOnNowInClause(clause, names)) months = 0;
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
  // "hepatitis C diagnosed 3 years ago" dates the diagnosis, not the last
  // time it was present: outside a window about having it ("infection
  // within the past 6 months"), it may well be present still.
  static const Pattern kDiagnosed("\\bdiagnos\\w*|\\bdx\\b|\\bfound to have\\b");
  if (!inside && !onset && kDiagnosed.Search(AsciiLowercase(evidence))) {
    combined = {Truth::kUnknown,
                evidence + "; diagnosed about " + Describe(*latest) +
                    " ago: whether it was still present within " + window->text + " is not known",
                std::nullopt, true};
    return true;
  }
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
