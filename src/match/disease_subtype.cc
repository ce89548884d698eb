// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/disease_subtype.h"

#include <cctype>
#include <set>
#include <vector>

#include "text/ascii_case.h"
#include "text/pattern.h"

namespace trialfinder {

namespace {

// Histologic and clinical subtypes of a disease, with a "non-" that
// negates them kept on ("non-squamous" is not "squamous").
const Pattern& SubtypeWords() {
  static const Pattern kSubtype(
      "\\b(?:non-?\\s?)?(?:large[- ]cells?|small[- ]cells?|squamous|neuroendocrine|adenosquamous|"
      "adenocarcinoma|lobular|ductal|inflammatory|mucinous|serous|endometrioid|clear[- ]cells?|"
      "papillary|follicular|medullary|anaplastic|sarcomatoid|signet[- ]ring|spindle[- ]cells?|"
      "basal[- ]like|luminal|urothelial|transitional[- ]cells?|carcinoid|germ[- ]cells?|"
      "mantle[- ]cells?|marginal[- ]zone|burkitt|plasmablastic|micropapillary|pleomorphic|"
      "chromophobe|oncocytic)\\b");
  return kSubtype;
}

// "non squamous", "nonsquamous", "Non-Squamous" -> "nonsquamous";
// "large cell" -> "largecell".
std::string Canonical(const std::string& words) {
  std::string letters;
  for (char c : words) {
    if (c >= 'a' && c <= 'z') letters += c;
  }
  // "large cells" is "large cell".
  if (letters.size() > 5 && letters.compare(letters.size() - 5, 5, "cells") == 0)
    letters.pop_back();
  return letters;
}

std::set<std::string> SubtypesIn(const std::string& lower) {
  std::set<std::string> found;
  for (const PatternMatch& m : SubtypeWords().FindAll(lower)) found.insert(Canonical(m.str(0)));
  return found;
}

// The words before `at` that qualify what starts there: back to a
// punctuation mark or a word that opens another phrase ("confirmed",
// "with", "of"), across "or" ("ductal or lobular breast cancer"); six at
// most.
std::string WordsBefore(const std::string& lower, std::size_t at) {
  static const Pattern kOpener(
      "^(?:of|with|without|for|in|to|and|who|has|have|having|had|diagnos\\w*|confirmed|"
      "documented|proven|known|history|patients?|subjects?|participants?|a|an|the)$");
  std::size_t begin = at;
  int words = 0;
  std::size_t end = at;
  while (end > 0 && words < 6) {
    while (end > 0 && std::isspace(static_cast<unsigned char>(lower[end - 1]))) --end;
    std::size_t start = end;
    while (start > 0 &&
           (std::isalnum(static_cast<unsigned char>(lower[start - 1])) || lower[start - 1] == '-'))
      --start;
    if (start == end) break;  // punctuation
    if (kOpener.Search(std::string_view(lower).substr(start, end - start))) break;
    begin = start;
    end = start;
    ++words;
  }
  return lower.substr(begin, at - begin);
}

// "of squamous histology", "with lobular features", "(adenocarcinoma
// type)" right after what the criterion names.
std::string WordsAfter(const std::string& lower, std::size_t end) {
  static const Pattern kHistology(
      "^\\s*(?:\\(\\w+\\)\\s*)?(?:,\\s*)?(?:of|with|\\()\\s*(?:an?\\s+|the\\s+)?"
      "((?:[\\w-]+\\s+){1,4}?)(?:histolog\\w*|type|subtype|features|differentiation|"
      "morpholog\\w*|component)\\b");
  const std::string after = lower.substr(end);
  if (std::optional<PatternMatch> m = kHistology.Find(after)) return m->str(1);
  return "";
}

}  // namespace

std::optional<std::string> UnsaidSubtype(const Criterion& criterion, const std::string& lower,
                                         const Patient& patient) {
  std::string patient_words = AsciiLowercase(patient.description);
  for (const PatientCondition& condition : patient.conditions) {
    patient_words +=
        "\n" + AsciiLowercase(condition.name) + "\n" + AsciiLowercase(condition.evidence);
  }
  std::set<std::string> said = SubtypesIn(patient_words);
  // An adenocarcinoma or a large cell carcinoma is a non-squamous one.
  if (said.count("adenocarcinoma") > 0 || said.count("largecell") > 0) said.insert("nonsquamous");
  for (const Constraint& constraint : criterion.constraints) {
    if (constraint.type != ConstraintType::kCondition || constraint.negated) continue;
    const std::string evidence = AsciiLowercase(constraint.evidence);
    if (evidence.empty()) continue;
    for (std::size_t at = lower.find(evidence); at != std::string::npos;
         at = lower.find(evidence, at + 1)) {
      const std::string words =
          WordsBefore(lower, at) + " " + WordsAfter(lower, at + evidence.size());
      const std::set<std::string> asked = SubtypesIn(words);
      if (asked.empty()) continue;
      bool given = false;
      for (const std::string& subtype : asked) given = given || said.count(subtype) > 0;
      if (given) return std::nullopt;
      // From the first subtype word to the last: "large cell
      // neuroendocrine", "ductal or lobular".
      const std::vector<PatternMatch> found = SubtypeWords().FindAll(words);
      const std::size_t begin = found.front().position();
      const std::size_t end = found.back().position() + found.back().str(0).size();
      return words.substr(begin, end - begin);
    }
  }
  return std::nullopt;
}

}  // namespace trialfinder
