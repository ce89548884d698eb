// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/durations.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <string>

namespace trialfinder {

double MonthsIn(double value, std::string_view unit) {
  if (unit.rfind("day", 0) == 0) return value / 30.44;
  if (unit.rfind("week", 0) == 0) return value / 4.345;
  if (unit.rfind("year", 0) == 0) return value * 12;
  return value;
}

std::optional<double> NumberInWords(std::string_view word) {
  if (word.empty()) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(word[0]))) {
    std::string digits(word);
    digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
    return std::atof(digits.c_str());
  }
  if (word == "a" || word == "an") return 1;
  static constexpr std::array<std::string_view, 13> kWords = {
      "zero",  "one",   "two",  "three", "four",   "five",  "six",
      "seven", "eight", "nine", "ten",   "eleven", "twelve"};
  const auto found = std::find(kWords.begin(), kWords.end(), word);
  if (found == kWords.end()) return std::nullopt;
  return static_cast<double>(found - kWords.begin());
}

}  // namespace trialfinder
