// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/normalize.h"

#include <array>
#include <cctype>
#include <utility>

#include "text/pattern.h"

namespace trialfinder {

std::string RemoveMarkdownEscapes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() &&
        std::ispunct(static_cast<unsigned char>(text[i + 1]))) {
      continue;  // drop the backslash, keep the character
    }
    out += text[i];
  }
  return out;
}

std::string NormalizeForMatching(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 20> kReplacements = {{
      {"\u2265", ">="}, {"\u2264", "<="}, {"\u00d7", "x"},         {"\u2070", "^0"},
      {"\u00b9", "^1"}, {"\u00b2", "^2"}, {"\u00b3", "^3"},        {"\u2076", "^6"},
      {"\u2079", "^9"}, {"\u03bc", "u"},  {"\u00b5", "u"},         {"\u2013", "-"},
      {"\u2014", "-"},  {"\u2212", "-"},  {"\u00a0", " "},         {"\u2019", "'"},
      {"\u201c", "\""}, {"\u201d", "\""}, {"\u2265\u0020", ">= "}, {"\u00b1", "+/-"},
  }};
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    bool replaced = false;
    if (static_cast<unsigned char>(text[i]) >= 0x80) {
      for (const auto& [from, to] : kReplacements) {
        if (text.substr(i, from.size()) == from) {
          out += to;
          i += from.size();
          replaced = true;
          break;
        }
      }
    }
    // ">/=" and "</=" as some registries write >= and <= (user test:
    // "Age >/= 60" failed a 71-year-old).
    if (!replaced && (text[i] == '>' || text[i] == '<') && text.substr(i + 1, 2) == "/=") {
      out += text[i];
      out += '=';
      i += 3;
      replaced = true;
    }
    if (!replaced) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
      ++i;
    }
  }
  return out;
}

std::vector<std::string> SplitCriteriaWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : NormalizeForMatching(text)) {
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
      word += c;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

std::string WithoutPossessiveS(std::string_view name) {
  static const Pattern kPossessive("(?<=[a-z]) s(?= |$)", PatternCase::kInsensitive);
  return kPossessive.ReplaceAll(name, "");
}

}  // namespace trialfinder
