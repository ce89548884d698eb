// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include <algorithm>
#include <cctype>
#include <sstream>

#include "assets/embedded_assets.h"
#include "text/ascii_case.h"
#include "trialfinder/lay_terms.h"

namespace trialfinder {
namespace {

bool IsWordCharacter(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '/' ||
         (static_cast<unsigned char>(c) >= 0x80);
}

// A word and where it is in the text; separators between words are kept.
struct Token {
  std::size_t begin;
  std::size_t end;
  std::string lower;
};

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!IsWordCharacter(text[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && IsWordCharacter(text[end])) ++end;
    // A trailing '-' or '/' belongs to punctuation, not to the word.
    std::size_t word_end = end;
    while (word_end > i + 1 && (text[word_end - 1] == '-' || text[word_end - 1] == '/')) --word_end;
    tokens.push_back({i, word_end, AsciiLowercase(std::string(text.substr(i, word_end - i)))});
    i = end;
  }
  return tokens;
}

std::vector<std::string> Words(std::string_view term) {
  std::vector<std::string> words;
  for (const Token& token : Tokenize(term)) words.push_back(token.lower);
  return words;
}

}  // namespace

const LayTerms& LayTerms::Builtin() {
  static const LayTerms kBuiltin(EmbeddedAsset("lay-terms.tsv"));
  return kBuiltin;
}

LayTerms::LayTerms(std::string_view tsv) {
  std::istringstream lines{std::string(tsv)};
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    std::vector<std::string> words = Words(line.substr(0, tab));
    if (words.empty()) continue;
    longest_ = std::max(longest_, words.size());
    terms_.emplace_back(std::move(words), line.substr(tab + 1));
  }
  // Longest first, so "relapsed or refractory" wins over "refractory".
  std::stable_sort(terms_.begin(), terms_.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

std::string LayTerms::Apply(std::string_view text) const {
  const std::vector<Token> tokens = Tokenize(text);
  std::string out;
  std::size_t copied = 0;  // text before this offset is already in `out`
  for (std::size_t i = 0; i < tokens.size();) {
    const std::pair<std::vector<std::string>, std::string>* found = nullptr;
    for (const auto& term : terms_) {
      const std::vector<std::string>& words = term.first;
      if (i + words.size() > tokens.size()) continue;
      bool same = true;
      for (std::size_t k = 0; k < words.size() && same; ++k) same = tokens[i + k].lower == words[k];
      if (same) {
        found = &term;
        break;
      }
    }
    if (!found) {
      ++i;
      continue;
    }
    const std::size_t last = i + found->first.size() - 1;
    out.append(text.substr(copied, tokens[i].begin - copied));
    std::string plain = found->second;
    // The article before it follows the plain words: "a randomized trial"
    // is "an assigned-by-chance trial", not "a assigned ..." (user test).
    if (!plain.empty() && out.size() >= 2) {
      const bool vowel = std::string_view("aeiouAEIOU").find(plain[0]) != std::string_view::npos;
      const std::size_t end = out.size();
      const bool after_a = out[end - 1] == ' ' && (out[end - 2] == 'a' || out[end - 2] == 'A') &&
                           (end == 2 || !std::isalpha(static_cast<unsigned char>(out[end - 3])));
      const bool after_an = end >= 3 && (out[end - 3] == 'a' || out[end - 3] == 'A') &&
                            out[end - 2] == 'n' && out[end - 1] == ' ' &&
                            (end == 3 || !std::isalpha(static_cast<unsigned char>(out[end - 4])));
      if (vowel && after_a) out.insert(end - 1, "n");
      if (!vowel && after_an) out.erase(end - 2, 1);
    }
    // "Refractory" -> "Treatment-resistant", but an acronym stays as written.
    const std::size_t at = tokens[i].begin;
    const bool capitalized =
        std::isupper(static_cast<unsigned char>(text[at])) &&
        (at + 1 >= text.size() || !std::isupper(static_cast<unsigned char>(text[at + 1])));
    if (capitalized && !plain.empty())
      plain[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(plain[0])));
    out += plain;
    copied = tokens[last].end;
    i = last + 1;
  }
  out.append(text.substr(copied));
  return out;
}

std::optional<std::string> LayTerms::Whole(std::string_view text) const {
  const std::vector<std::string> words = Words(text);
  if (words.empty()) return std::nullopt;
  for (const auto& [term, plain] : terms_) {
    if (term == words) return plain;
  }
  return std::nullopt;
}

}  // namespace trialfinder
