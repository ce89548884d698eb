// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/concepts.h"

#include <algorithm>
#include <cctype>
#include <cinttypes>
#include <cstdio>
#include <sstream>

#include "text/fnv_hash.h"

namespace trialfinder {
namespace {

std::string Trim(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return "";
  const auto end = text.find_last_not_of(" \t\r");
  return std::string(text.substr(begin, end - begin + 1));
}

// Does `raw_text` contain `capitals` as a whole word, in capitals?
bool ContainsInCapitals(std::string_view raw_text, const std::string& capitals) {
  for (std::size_t pos = raw_text.find(capitals); pos != std::string_view::npos;
       pos = raw_text.find(capitals, pos + 1)) {
    const bool starts = pos == 0 || !std::isalnum(static_cast<unsigned char>(raw_text[pos - 1]));
    const std::size_t after = pos + capitals.size();
    const bool ends =
        after >= raw_text.size() || !std::isalnum(static_cast<unsigned char>(raw_text[after]));
    if (starts && ends) return true;
  }
  return false;
}

}  // namespace

ConceptTable ConceptTable::Parse(std::string_view text) {
  ConceptTable table;
  std::istringstream lines{std::string(text)};
  for (std::string line; std::getline(lines, line);) {
    line = Trim(line);
    if (line.empty() || line[0] == '#') continue;
    std::vector<Name> group;
    std::vector<bool> capitals_only;
    std::size_t start = 0;
    while (start <= line.size()) {
      std::size_t bar = line.find('|', start);
      if (bar == std::string::npos) bar = line.size();
      std::string member = Trim(std::string_view(line).substr(start, bar - start));
      start = bar + 1;
      std::string capitals;
      if (!member.empty() && member[0] == '=') {
        member = member.substr(1);
        capitals = member;
      }
      Name name;
      for (const Word& word : SplitWords(member)) name.push_back(word.stemmed);
      if (name.empty()) continue;
      table.entries_.push_back({name, table.groups_.size(), capitals});
      group.push_back(std::move(name));
      capitals_only.push_back(!capitals.empty());
    }
    if (!group.empty()) {
      table.groups_.push_back(std::move(group));
      table.capitals_only_.push_back(std::move(capitals_only));
    }
  }
  std::stable_sort(table.entries_.begin(), table.entries_.end(),
                   [](const Entry& a, const Entry& b) { return a.name.size() > b.name.size(); });
  for (std::size_t i = 0; i < table.entries_.size(); ++i) {
    table.entries_by_first_word_[table.entries_[i].name.front()].push_back(i);
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016" PRIx64, Fnv1aHash(text));
  table.fingerprint_ = hex;
  return table;
}

const ConceptTable& ConceptTable::Builtin() {
  static const ConceptTable table = Parse(BuiltinConceptText());
  return table;
}

std::vector<ConceptTable::Match> ConceptTable::FindMatches(const std::vector<Word>& words,
                                                           std::string_view raw_text) const {
  std::vector<Match> matches;
  std::vector<bool> taken(words.size(), false);
  for (const Entry& entry : entries_) {
    if (!entry.capitals.empty() && !ContainsInCapitals(raw_text, entry.capitals)) continue;
    const std::size_t length = entry.name.size();
    for (std::size_t begin = 0; begin + length <= words.size(); ++begin) {
      bool fits = true;
      for (std::size_t i = 0; i < length && fits; ++i) {
        fits = !taken[begin + i] && words[begin + i].stemmed == entry.name[i];
      }
      if (!fits) continue;
      matches.push_back({begin, begin + length, entry.group});
      std::fill(taken.begin() + begin, taken.begin() + begin + length, true);
    }
  }
  std::sort(matches.begin(), matches.end(),
            [](const Match& a, const Match& b) { return a.begin < b.begin; });
  return matches;
}

std::vector<std::size_t> ConceptTable::GroupsOccurringIn(const std::vector<Word>& words,
                                                         std::string_view raw_text) const {
  std::vector<std::size_t> groups;
  for (std::size_t begin = 0; begin < words.size(); ++begin) {
    const auto found = entries_by_first_word_.find(words[begin].stemmed);
    if (found == entries_by_first_word_.end()) continue;
    for (std::size_t index : found->second) {
      const Entry& entry = entries_[index];
      if (begin + entry.name.size() > words.size()) continue;
      bool fits = true;
      for (std::size_t i = 1; i < entry.name.size() && fits; ++i)
        fits = words[begin + i].stemmed == entry.name[i];
      if (fits && !entry.capitals.empty()) fits = ContainsInCapitals(raw_text, entry.capitals);
      if (fits) groups.push_back(entry.group);
    }
  }
  return groups;
}

}  // namespace trialfinder
