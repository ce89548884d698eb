// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "trialfinder/age.h"

#include "text/ascii_case.h"

#include <array>
#include <cctype>
#include <charconv>
#include <string>
#include <utility>

namespace trialfinder {
namespace {

std::optional<AgeUnit> UnitFromWord(const std::string& word) {
  static constexpr std::array<std::pair<std::string_view, AgeUnit>, 12> kUnits = {{
      {"year", AgeUnit::kYears},
      {"years", AgeUnit::kYears},
      {"month", AgeUnit::kMonths},
      {"months", AgeUnit::kMonths},
      {"week", AgeUnit::kWeeks},
      {"weeks", AgeUnit::kWeeks},
      {"day", AgeUnit::kDays},
      {"days", AgeUnit::kDays},
      {"hour", AgeUnit::kHours},
      {"hours", AgeUnit::kHours},
      {"minute", AgeUnit::kMinutes},
      {"minutes", AgeUnit::kMinutes},
  }};
  for (const auto& [name, unit] : kUnits) {
    if (word == name) return unit;
  }
  return std::nullopt;
}

}  // namespace

double Age::InYears() const {
  switch (unit) {
    case AgeUnit::kYears:
      return value;
    case AgeUnit::kMonths:
      return value / 12.0;
    case AgeUnit::kWeeks:
      return value * 7.0 / 365.25;
    case AgeUnit::kDays:
      return value / 365.25;
    case AgeUnit::kHours:
      return value / (365.25 * 24.0);
    case AgeUnit::kMinutes:
      return value / (365.25 * 24.0 * 60.0);
  }
  return value;
}

Result<std::optional<Age>> ParseAge(std::string_view text) {
  const std::string_view trimmed = TrimAsciiSpace(text);
  const std::string lower = AsciiLowercase(trimmed);
  if (lower.empty() || lower == "n/a" || lower == "na" || lower == "none") {
    return std::optional<Age>();
  }
  double value = 0;
  const char* begin = trimmed.data();
  const char* end = trimmed.data() + trimmed.size();
  auto [number_end, error] = std::from_chars(begin, end, value);
  if (error != std::errc() || value < 0 || value > 200 * 365.25 * 24 * 60) {
    return Status::InvalidArgument("'" + std::string(text) +
                                   "' is not an age such as '18 Years' or '6 Months'");
  }
  const std::string unit_word =
      AsciiLowercase(TrimAsciiSpace(std::string_view(number_end, end - number_end)));
  std::optional<AgeUnit> unit = unit_word.empty() ? AgeUnit::kYears : UnitFromWord(unit_word);
  if (!unit) {
    return Status::InvalidArgument("'" + std::string(text) + "' has an unknown age unit '" +
                                   unit_word +
                                   "' (expected Years, Months, Weeks, Days, "
                                   "Hours or Minutes)");
  }
  return std::optional<Age>(Age{value, *unit, std::string(trimmed)});
}

}  // namespace trialfinder
