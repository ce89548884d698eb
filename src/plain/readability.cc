// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include <cctype>

#include "trialfinder/plain.h"

namespace trialfinder {
namespace {

bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

// Vowel groups, less a silent final "e"; at least one.
int Syllables(const std::string& lower_word) {
  int count = 0;
  bool previous_vowel = false;
  for (char c : lower_word) {
    const bool vowel = IsVowel(c);
    if (vowel && !previous_vowel) ++count;
    previous_vowel = vowel;
  }
  const std::size_t n = lower_word.size();
  if (n > 2 && lower_word[n - 1] == 'e' && lower_word[n - 2] != 'l' &&
      !IsVowel(lower_word[n - 2]) && count > 1) {
    --count;
  }
  return count < 1 ? 1 : count;
}

}  // namespace

std::optional<double> FleschKincaidGrade(std::string_view text) {
  int words = 0;
  int syllables = 0;
  int sentences = 0;
  bool in_sentence = false;
  std::string word;
  auto finish_word = [&] {
    if (word.empty()) return;
    bool has_letter = false;
    for (char c : word) has_letter = has_letter || std::isalpha(static_cast<unsigned char>(c));
    if (has_letter) {
      ++words;
      syllables += Syllables(word);
      in_sentence = true;
    }
    word.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      continue;
    }
    if (c == '\'' && !word.empty()) continue;  // "patient's" is one word
    finish_word();
    // A sentence ends at . ! ? (not inside "2.5") and at a line break after text.
    const bool decimal_point =
        c == '.' && i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1]));
    if (((c == '.' || c == '!' || c == '?') && !decimal_point) || c == '\n') {
      if (in_sentence) ++sentences;
      in_sentence = false;
    }
  }
  finish_word();
  if (in_sentence) ++sentences;
  if (words == 0 || sentences == 0) return std::nullopt;
  return 0.39 * words / sentences + 11.8 * syllables / words - 15.59;
}

}  // namespace trialfinder
