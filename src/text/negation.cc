// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/negation.h"

#include <algorithm>

#include "assets/embedded_assets.h"
#include "text/normalize.h"
#include "text/word_list.h"

namespace trialfinder {
namespace {

std::optional<CueRole> RoleNamed(std::string_view name) {
  if (name == "forward") return CueRole::kForward;
  if (name == "two-way") return CueRole::kTwoWay;
  if (name == "invert") return CueRole::kInvert;
  if (name == "prefix") return CueRole::kPrefix;
  if (name == "pseudo") return CueRole::kPseudo;
  if (name == "other-person") return CueRole::kOtherPerson;
  if (name == "clause-break") return CueRole::kClauseBreak;
  if (name == "uncertain") return CueRole::kUncertain;
  return std::nullopt;
}

// The pattern that finds a negating cue at the end of a window.
std::string BeforePattern(const WordList& list) {
  std::vector<std::string> cues = list.EntriesTagged("forward");
  for (const std::string& cue : list.EntriesTagged("invert")) cues.push_back(cue);
  for (const std::string& cue : list.EntriesTagged("two-way")) cues.push_back(cue + " for");
  // Up to 60 characters of the clause: "No serological evidence of
  // chronic infection with Hepatitis C" (50) was read as asking for it.
  // Across a list's commas when an "or"/"and" leads to the mention: "No
  // serious heart, lung, liver, or kidney disease".
  const std::string alternatives = WordList::Alternatives(cues);
  return "\\b(" + alternatives + ")\\b[^.;,:]{0,60}$|\\b(?:" + alternatives +
         ")\\b[^.;:,]{0,40}(?:,\\s*[^.;:,]{1,25}){0,6},?\\s+(?:or|and|and/"
         "or|nor)\\s+[^.;:,]{0,25}$";
}

// "non-pregnant", and "negative hiv test" (a two-way cue right before the
// mention, not after a hyphen: "her2-negative breast cancer" names a
// cancer).
std::string PrefixPattern(const WordList& list) {
  return "\\b(?:" + WordList::Alternatives(list.EntriesTagged("prefix")) +
         ")[- ]?$|(?<![-\\w])(?:" + WordList::Alternatives(list.EntriesTagged("two-way")) +
         ")\\s+$";
}

std::string AfterPattern() {
  return "^[\\s-]*(?:[\\w/]+[\\s-]+){0,3}?(?:negative|non-?reactive|not detected|undetectable)"
         "\\b(?!\\s+for\\b)";
}

std::string PseudoPattern(const WordList& list) {
  return "\\b(" + WordList::Alternatives(list.EntriesTagged("pseudo")) + ")\\b";
}

}  // namespace

const NegationCues& NegationCues::Builtin() {
  static const NegationCues kBuiltin(EmbeddedAsset("negation.tsv"));
  return kBuiltin;
}

NegationCues::NegationCues(std::string_view tsv) : NegationCues(WordList(tsv)) {}

NegationCues::NegationCues(const WordList& list)
    : before_(BeforePattern(list)),
      prefix_(PrefixPattern(list)),
      after_(AfterPattern()),
      pseudo_(PseudoPattern(list)) {
  for (const WordList::Row& row : list.rows()) {
    if (row.columns.empty()) continue;
    const std::optional<CueRole> role = RoleNamed(row.columns.front());
    // Split as the text's words are: "don't" is the words "don" "t".
    if (role) rows_.push_back({SplitCriteriaWords(row.entry), *role});
  }
  std::stable_sort(rows_.begin(), rows_.end(),
                   [](const Row& a, const Row& b) { return a.words.size() > b.words.size(); });
}

bool NegationCues::NegatedBefore(std::string_view text, std::size_t position) const {
  position = std::min(position, text.size());
  const std::size_t begin = position > 80 ? position - 80 : 0;
  const std::string window = pseudo_.ReplaceAll(text.substr(begin, position - begin), " ");
  return before_.Search(window) || prefix_.Search(window);
}

bool NegationCues::NegatedAfter(std::string_view text, std::size_t end) const {
  end = std::min(end, text.size());
  std::string_view window = text.substr(end, 60);
  const std::size_t clause_end = window.find_first_of(".;,:");
  if (clause_end != std::string_view::npos) window = window.substr(0, clause_end);
  return after_.Search(window);
}

std::optional<NegationCues::Cue> NegationCues::CueAt(const std::vector<std::string>& words,
                                                     std::size_t i) const {
  for (const Row& row : rows_) {
    if (i + row.words.size() > words.size()) continue;
    if (std::equal(row.words.begin(), row.words.end(), words.begin() + static_cast<long>(i))) {
      return Cue{row.role, row.words.size()};
    }
  }
  return std::nullopt;
}

}  // namespace trialfinder
