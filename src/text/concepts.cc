// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/concepts.h"

#include <algorithm>
#include <cctype>
#include <cinttypes>
#include <cstdio>
#include <optional>
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

// British and American spellings of medical stems as one ("leukaemia" =
// "leukemia", "haematological" = "hematological"), for matching names only.
std::string SpellingKey(std::string_view stem) {
  static constexpr std::pair<std::string_view, std::string_view> kPrefixes[] = {
      {"leukaem", "leukem"},   {"haem", "hem"},          {"anaem", "anem"},
      {"oesophag", "esophag"}, {"paediat", "pediat"},    {"tumour", "tumor"},
      {"oedem", "edem"},       {"ischaem", "ischem"},    {"orthopaed", "orthoped"},
      {"gynaec", "gynec"},     {"coeliac", "celiac"},    {"diarrhoe", "diarrhe"},
      {"foetal", "fetal"},     {"oestrogen", "estrogen"}};
  for (const auto& [british, american] : kPrefixes) {
    if (stem.substr(0, british.size()) == british)
      return std::string(american) + std::string(stem.substr(british.size()));
  }
  return std::string(stem);
}

// `name` in British spelling where a stem has one ("acute leukemia" ->
// "acute leukaemia"); `name` itself when none has.
ConceptTable::Name BritishSpelling(const ConceptTable::Name& name) {
  static constexpr std::pair<std::string_view, std::string_view> kPrefixes[] = {
      {"leukem", "leukaem"}, {"hemat", "haemat"},     {"hemo", "haemo"},
      {"anem", "anaem"},     {"esophag", "oesophag"}, {"pediat", "paediat"},
      {"tumor", "tumour"},   {"edem", "oedem"},       {"ischem", "ischaem"}};
  ConceptTable::Name british = name;
  for (std::string& stem : british) {
    for (const auto& [american, spelling] : kPrefixes) {
      if (stem.compare(0, american.size(), american) == 0) {
        stem = std::string(spelling) + stem.substr(american.size());
        break;
      }
    }
  }
  return british;
}

std::vector<std::string> SpellingKeys(const std::vector<Word>& words) {
  std::vector<std::string> keys;
  keys.reserve(words.size());
  for (const Word& word : words) keys.push_back(SpellingKey(word.stemmed));
  return keys;
}

// Every group reachable from `group` through `edges`, without `group`.
std::vector<std::size_t> Reachable(const std::vector<std::vector<std::size_t>>& edges,
                                   std::size_t group) {
  std::vector<std::size_t> found;
  std::vector<std::size_t> stack = {group};
  std::vector<bool> seen(edges.size(), false);
  seen[group] = true;
  while (!stack.empty()) {
    const std::size_t at = stack.back();
    stack.pop_back();
    for (std::size_t next : edges[at]) {
      if (seen[next]) continue;
      seen[next] = true;
      found.push_back(next);
      stack.push_back(next);
    }
  }
  return found;
}

}  // namespace

ConceptTable ConceptTable::Parse(std::string_view text) {
  ConceptTable table;
  std::istringstream lines{std::string(text)};
  struct Link {
    std::string broader;
    std::string narrower;
    bool included;  // ">>": a trial of the broader usually takes the narrower
  };
  std::vector<Link> hierarchy;
  for (std::string line; std::getline(lines, line);) {
    line = Trim(line);
    if (line.empty() || line[0] == '#') continue;
    bool linked = false;
    for (const std::string_view arrow : {" >> ", " > "}) {
      const std::size_t at = line.find(arrow);
      if (at == std::string::npos) continue;
      hierarchy.push_back({Trim(std::string_view(line).substr(0, at)),
                           Trim(std::string_view(line).substr(at + arrow.size())),
                           arrow == " >> "});
      linked = true;
      break;
    }
    if (linked) continue;
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
      } else if (!member.empty()) {
        table.written_.push_back(member);
      }
      Name name;
      for (const Word& word : SplitWords(member)) name.push_back(word.stemmed);
      if (name.empty()) continue;
      Name key;
      for (const std::string& stem : name) key.push_back(SpellingKey(stem));
      table.entries_.push_back({key, table.groups_.size(), capitals});
      // The British spelling as a name too, so that the group's phrases
      // find what its concept term finds.
      ConceptTable::Name british = BritishSpelling(name);
      group.push_back(std::move(name));
      capitals_only.push_back(!capitals.empty());
      if (british != group.back() &&
          std::find(group.begin(), group.end(), british) == group.end()) {
        group.push_back(std::move(british));
        capitals_only.push_back(!capitals.empty());
      }
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
  // "broader > narrower" lines name a member of each group.
  std::vector<std::vector<std::size_t>> down(table.groups_.size());
  std::vector<std::vector<std::size_t>> up(table.groups_.size());
  auto group_named = [&](const std::string& member) -> std::optional<std::size_t> {
    Name key;
    for (const Word& word : SplitWords(member[0] == '=' ? member.substr(1) : member))
      key.push_back(SpellingKey(word.stemmed));
    for (const Entry& entry : table.entries_) {
      if (entry.name == key) return entry.group;
    }
    return std::nullopt;
  };
  std::vector<std::vector<std::size_t>> including(table.groups_.size());
  for (const Link& link : hierarchy) {
    const std::optional<std::size_t> above = group_named(link.broader);
    const std::optional<std::size_t> below = group_named(link.narrower);
    if (!above || !below || *above == *below) continue;
    down[*above].push_back(*below);
    up[*below].push_back(*above);
    if (link.included) including[*below].push_back(*above);
  }
  table.narrower_.resize(table.groups_.size());
  table.broader_.resize(table.groups_.size());
  table.including_.resize(table.groups_.size());
  for (std::size_t group = 0; group < table.groups_.size(); ++group) {
    table.narrower_[group] = Reachable(down, group);
    table.broader_[group] = Reachable(up, group);
    table.including_[group] = including[group];
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
  const std::vector<std::string> keys = SpellingKeys(words);
  std::vector<bool> taken(words.size(), false);
  // A word that is the whole text is the abbreviation in any case: "sle"
  // typed into a search box or given as a patient's condition means SLE
  // (user test: a patient whose condition was "SLE", read as "sle", got 3
  // candidate trials, one whose condition was "lupus" 100). Inside longer
  // text, "all" and "as" are words.
  const bool alone = words.size() == 1;
  for (const Entry& entry : entries_) {
    if (!entry.capitals.empty() && !alone && !ContainsInCapitals(raw_text, entry.capitals))
      continue;
    const std::size_t length = entry.name.size();
    for (std::size_t begin = 0; begin + length <= words.size(); ++begin) {
      bool fits = true;
      for (std::size_t i = 0; i < length && fits; ++i) {
        fits = !taken[begin + i] && keys[begin + i] == entry.name[i];
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
  for (const Occurrence& occurrence : OccurrencesIn(words, raw_text))
    groups.push_back(occurrence.group);
  return groups;
}

std::vector<ConceptTable::Occurrence> ConceptTable::OccurrencesIn(const std::vector<Word>& words,
                                                                  std::string_view raw_text) const {
  std::vector<Occurrence> groups;
  const std::vector<std::string> keys = SpellingKeys(words);
  for (std::size_t begin = 0; begin < words.size(); ++begin) {
    // "Non-Hodgkin lymphoma" holds no Hodgkin lymphoma, "non-small cell
    // lung cancer" no small cell lung cancer (user test: "hodgkin" found
    // non-Hodgkin trials first).
    if (begin > 0 && words[begin - 1].raw == "non") continue;
    const auto found = entries_by_first_word_.find(keys[begin]);
    if (found == entries_by_first_word_.end()) continue;
    for (std::size_t index : found->second) {
      const Entry& entry = entries_[index];
      if (begin + entry.name.size() > words.size()) continue;
      bool fits = true;
      for (std::size_t i = 1; i < entry.name.size() && fits; ++i)
        fits = keys[begin + i] == entry.name[i];
      if (fits && !entry.capitals.empty()) fits = ContainsInCapitals(raw_text, entry.capitals);
      if (fits) groups.push_back({entry.group, !entry.capitals.empty()});
    }
  }
  return groups;
}

std::string AmericanSpelling(std::string_view lower_case_word) {
  return SpellingKey(lower_case_word);
}

std::string MeshNaturalOrder(std::string_view heading) {
  std::string natural;
  while (!heading.empty()) {
    const std::size_t comma = heading.rfind(", ");
    const std::string_view part =
        comma == std::string_view::npos ? heading : heading.substr(comma + 2);
    if (!part.empty()) natural += (natural.empty() ? "" : " ") + std::string(part);
    heading = comma == std::string_view::npos ? std::string_view() : heading.substr(0, comma);
  }
  return natural;
}

bool ConceptTable::IsWrittenAbbreviation(const Match& match, const std::vector<Word>& words) const {
  if (match.end != match.begin + 1) return false;
  const std::vector<Name>& names = groups_[match.group];
  for (std::size_t m = 0; m < names.size(); ++m) {
    if (capitals_only_[match.group][m] && names[m].size() == 1 &&
        names[m][0] == words[match.begin].stemmed)
      return true;
  }
  return false;
}

}  // namespace trialfinder
