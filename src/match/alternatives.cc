// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/alternatives.h"

#include <algorithm>
#include <map>
#include <string>

#include "match/criterion_wording.h"
#include "text/ascii_case.h"
#include "text/normalize.h"
#include "text/pattern.h"

namespace trialfinder {
namespace {

// How many items of a list introduced by `parent_text` the patient needs:
// 1 for "including:" or "one of the following", N for "at least N of";
// 0 when the text does not introduce alternatives.
int AlternativesNeeded(std::string_view parent_text) {
  // A cue must end the parent or name "the following": "including" inside
  // a sentence ("diseases including lupus are excluded") is no list cue.
  static const Pattern kAtLeast(
      "\\b(?:at least|a minimum of|minimum of|>=|≥)\\s*(one|two|three|four|[1-9])\\s*"
      "(?:\\([1-9]\\)\\s*)?(?:of|or more of)\\b",
      PatternCase::kInsensitive);
  static const Pattern kOneOf(
      "\\b(?:(?:any )?one (?:or more )?of|any of|either of|one or more of)\\s+(?:the )?"
      "(?:following|these|below)\\b|"
      "\\b(?:including|includes|such as|e\\.g\\.|for example|for instance|either)\\s*[:,]?\\s*$",
      PatternCase::kInsensitive);
  if (std::optional<PatternMatch> at_least = kAtLeast.Find(parent_text)) {
    static const std::map<std::string, int> kWords = {
        {"one", 1}, {"two", 2}, {"three", 3}, {"four", 4}};
    const std::string word = AsciiLowercase(at_least->view(1));
    if (auto named = kWords.find(word); named != kWords.end()) return named->second;
    return std::max(1, std::stoi(word));
  }
  return kOneOf.Search(parent_text) ? 1 : 0;
}

// The first words of a criterion, to name it in evidence.
std::string Quoted(const std::string& text) {
  constexpr std::size_t kLongest = 70;
  if (text.size() <= kLongest) return "\"" + text + "\"";
  std::size_t cut = text.rfind(' ', kLongest);
  if (cut == std::string::npos || cut < kLongest / 2) cut = kLongest;
  return "\"" + text.substr(0, cut) + "...\"";
}

void Settle(CriterionVerdict& verdict, Verdict to, std::string evidence) {
  verdict.verdict = to;
  verdict.evidence = std::move(evidence);
  verdict.assumed = false;
  verdict.needs_review = false;
  verdict.question.reset();
}

bool Holds(const CriterionVerdict& v) {
  return (v.verdict == Verdict::kMet || v.verdict == Verdict::kApplies) && !v.assumed;
}

void CombineAlternatives(const Criterion& parent, CriterionVerdict* parent_verdict,
                         const std::vector<CriterionVerdict*>& items, int needed) {
  const CriterionVerdict* first_met = nullptr;
  int met = 0;
  int unknown = 0;
  for (const CriterionVerdict* item : items) {
    if (Holds(*item)) {
      ++met;
      if (!first_met) first_met = item;
    } else if (item->verdict == Verdict::kUnknown || item->verdict == Verdict::kMet) {
      ++unknown;  // unknown, or met only by assumption
    }
  }
  if (met >= needed) {
    const std::string through = Quoted(first_met->text);
    for (CriterionVerdict* item : items) {
      if (!Holds(*item)) {
        Settle(*item, Verdict::kNotApplicable,
               "the trial needs " + std::string(needed == 1 ? "one" : "some") +
                   " of the items listed under " + Quoted(parent.text) + "; " + through +
                   " is met");
      }
    }
    if (parent_verdict && (parent_verdict->verdict == Verdict::kUnknown ||
                           parent_verdict->verdict == Verdict::kNotMet)) {
      Settle(*parent_verdict, Verdict::kMet, "met through " + through);
    }
    return;
  }
  if (met + unknown < needed) return;  // cannot be met: the unmet verdicts stand
  for (CriterionVerdict* item : items) {
    if (item->verdict == Verdict::kNotMet) {
      Settle(*item, Verdict::kNotApplicable,
             "not met, but the trial needs only " +
                 std::string(needed == 1 ? "one" : std::to_string(needed)) +
                 " of the items listed under " + Quoted(parent.text) + ", and another may be met");
    } else if (!Holds(*item)) {
      item->needs_review = true;  // the list is open until one of these is known
    }
  }
  // The parent is met only through one of its items: "not pregnant, not
  // breastfeeding, and at least one of the following applies:" is not met
  // by the first two alone (user test); nor failed while an item is open.
  if (parent_verdict &&
      (parent_verdict->verdict == Verdict::kNotMet || parent_verdict->verdict == Verdict::kMet)) {
    parent_verdict->verdict = Verdict::kUnknown;
    parent_verdict->assumed = false;
    parent_verdict->needs_review = true;
    parent_verdict->evidence += "; none of the items listed under it is known to be met yet";
  }
}

void CombineExceptions(const Criterion& parent, CriterionVerdict* parent_verdict,
                       const std::vector<CriterionVerdict*>& items) {
  const CriterionVerdict* covering = nullptr;
  for (CriterionVerdict* item : items) {
    if (Holds(*item) && !covering) covering = item;
  }
  const std::string covering_text = covering ? covering->text : std::string();
  for (CriterionVerdict* item : items) {
    Settle(*item, Verdict::kNotApplicable,
           "an exception to " + Quoted(parent.text) + ", not an exclusion");
  }
  if (covering && parent_verdict && parent_verdict->verdict == Verdict::kApplies) {
    parent_verdict->verdict = Verdict::kUnknown;
    parent_verdict->needs_review = true;
    parent_verdict->evidence += "; the exception " + Quoted(covering_text) + " may cover it";
  }
}

// An inclusion asking for none of a list ("No concurrent uncontrolled
// illness including:" over "Ongoing or active infection"): each item is a
// thing to be absent, so having it fails the list, and the list is met
// only when every item is known absent (second helper of the fifth user
// test: "Yes" to an active infection met the list, and the question said
// "No" would exclude).
void CombineAbsences(const Criterion& parent, CriterionVerdict* parent_verdict,
                     const std::vector<CriterionVerdict*>& items) {
  const CriterionVerdict* failing = nullptr;
  bool all_absent = true;
  for (CriterionVerdict* item : items) {
    if (item->question) item->question->yes_excludes = !item->question->yes_excludes;
    if (Holds(*item)) {
      item->verdict = Verdict::kNotMet;
      item->evidence += "; " + Quoted(parent.text) + " asks for none of these";
      if (!failing) failing = item;
      all_absent = false;
    } else if (item->verdict == Verdict::kNotMet) {
      item->verdict = Verdict::kMet;
      item->evidence += "; " + Quoted(parent.text) + " asks for none of these";
    } else if (item->verdict != Verdict::kNotApplicable) {
      item->verdict = Verdict::kUnknown;  // an item "met" only by assumption is not known absent
      item->assumed = false;
      all_absent = false;
    }
  }
  if (!parent_verdict) return;
  if (failing) {
    Settle(*parent_verdict, Verdict::kNotMet, "not met through " + Quoted(failing->text));
  } else if (!all_absent && parent_verdict->verdict == Verdict::kMet) {
    parent_verdict->verdict = Verdict::kUnknown;
    parent_verdict->assumed = false;
    parent_verdict->evidence += "; an item listed under it is not known to be absent";
  }
}

}  // namespace

bool IntroducesAlternatives(std::string_view parent_text) {
  return AlternativesNeeded(parent_text) > 0;
}

bool IntroducesExceptions(std::string_view parent_text) {
  static const Pattern kExcept(
      "\\b(?:except|exceptions?|other than|excluding|unless)\\b[^.;]*[:,]?\\s*$|"
      "\\bexceptions?\\b.*\\bfollowing\\b",
      PatternCase::kInsensitive);
  return kExcept.Search(parent_text);
}

void CombineNestedVerdicts(const ParsedCriteria& criteria,
                           std::vector<CriterionVerdict>& verdicts) {
  std::map<int, CriterionVerdict*> by_id;
  for (CriterionVerdict& verdict : verdicts) {
    if (verdict.criterion_id >= 0) by_id[verdict.criterion_id] = &verdict;
  }
  std::map<int, std::vector<CriterionVerdict*>> items_of;
  for (const Criterion& criterion : criteria.criteria) {
    if (criterion.parent < 0 || criterion.is_heading) continue;
    if (auto found = by_id.find(criterion.id); found != by_id.end())
      items_of[criterion.parent].push_back(found->second);
  }
  for (const auto& [parent_id, items] : items_of) {
    if (parent_id >= static_cast<int>(criteria.criteria.size())) continue;
    const Criterion& parent = criteria.criteria[static_cast<std::size_t>(parent_id)];
    if (parent.is_heading) continue;  // a cohort's heading, not a list cue
    auto found = by_id.find(parent_id);
    CriterionVerdict* parent_verdict = found == by_id.end() ? nullptr : found->second;
    if (parent.section == CriterionSection::kExclusion) {
      if (IntroducesExceptions(parent.text)) {
        CombineExceptions(parent, parent_verdict, items);
      } else if (parent_verdict != nullptr && !parent.text.empty() && parent.text.back() == ':') {
        // "HEMATOPOIETIC STEM CELL TRANSPLANTATION:" over "Autologous HSCT
        // within 2 months ...": a heading whose items decide, not an
        // exclusion of its own (user test: it excluded a child after a
        // transplant years ago).
        parent_verdict->verdict = Verdict::kNotApplicable;
        parent_verdict->assumed = false;
        parent_verdict->needs_review = false;
        parent_verdict->question.reset();
        parent_verdict->evidence = "introduces the items below, which decide";
      }
    } else if (AlternativesNeeded(parent.text) > 0 &&
               AsksForAnAbsence(NormalizeForMatching(parent.text))) {
      CombineAbsences(parent, parent_verdict, items);
    } else if (const int needed = AlternativesNeeded(parent.text);
               needed > 0 && items.size() >= static_cast<std::size_t>(std::max(2, needed))) {
      CombineAlternatives(parent, parent_verdict, items, needed);
    }
  }
}

}  // namespace trialfinder
