// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "trialfinder/partial_date.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <sstream>
#include <string>

namespace trialfinder {
namespace {

constexpr std::array<std::string_view, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

// The number `count` digits at `from` spell; nullopt unless all are digits.
std::optional<int> Digits(std::string_view text, std::size_t from, std::size_t count) {
  if (from + count > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = from; i < from + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

std::string TwoDigits(unsigned value) {
  char buffer[4];
  std::snprintf(buffer, sizeof buffer, "%02u", value % 100);
  return buffer;
}

}  // namespace

std::string_view MonthName(unsigned month) {
  return month >= 1 && month <= 12 ? kMonthNames[month - 1] : std::string_view();
}

std::optional<PartialDate> PartialDate::Parse(std::string_view text) {
  using namespace std::chrono;
  if (text.size() != 4 && text.size() != 7 && text.size() != 10) return std::nullopt;
  const std::optional<int> y = Digits(text, 0, 4);
  if (!y) return std::nullopt;
  if (text.size() == 4) return PartialDate(year{*y} / January / 1, DatePrecision::kYear);
  const std::optional<int> m = text[4] == '-' ? Digits(text, 5, 2) : std::nullopt;
  if (!m || *m < 1 || *m > 12) return std::nullopt;
  const auto month_of = month{static_cast<unsigned>(*m)};
  if (text.size() == 7) return PartialDate(year{*y} / month_of / 1, DatePrecision::kMonth);
  const std::optional<int> d = text[7] == '-' ? Digits(text, 8, 2) : std::nullopt;
  if (!d) return std::nullopt;
  const year_month_day day_of = year{*y} / month_of / day{static_cast<unsigned>(*d)};
  if (!day_of.ok()) return std::nullopt;
  return PartialDate(day_of, DatePrecision::kDay);
}

std::optional<PartialDate> PartialDate::ParseEnglish(std::string_view text) {
  using namespace std::chrono;
  std::istringstream words{std::string(text)};
  std::string month_word, second, third, more;
  words >> month_word >> second >> third;
  if (words >> more) return std::nullopt;
  const auto name = std::find(kMonthNames.begin(), kMonthNames.end(), month_word);
  if (name == kMonthNames.end() || second.empty()) return std::nullopt;
  const auto month_of = month{static_cast<unsigned>(name - kMonthNames.begin()) + 1};
  if (third.empty()) {  // "January 2005"
    const std::optional<int> y = second.size() == 4 ? Digits(second, 0, 4) : std::nullopt;
    if (!y) return std::nullopt;
    return PartialDate(year{*y} / month_of / 1, DatePrecision::kMonth);
  }
  // "January 15, 2005" (the comma may be missing)
  if (second.back() == ',') second.pop_back();
  const std::optional<int> d =
      second.size() == 1 || second.size() == 2 ? Digits(second, 0, second.size()) : std::nullopt;
  const std::optional<int> y = third.size() == 4 ? Digits(third, 0, 4) : std::nullopt;
  if (!d || !y) return std::nullopt;
  const year_month_day day_of = year{*y} / month_of / day{static_cast<unsigned>(*d)};
  if (!day_of.ok()) return std::nullopt;
  return PartialDate(day_of, DatePrecision::kDay);
}

std::string PartialDate::ToIso() const {
  std::string iso = std::to_string(static_cast<int>(first_day_.year()));
  if (precision_ == DatePrecision::kYear) return iso;
  iso += "-" + TwoDigits(static_cast<unsigned>(first_day_.month()));
  if (precision_ == DatePrecision::kMonth) return iso;
  return iso + "-" + TwoDigits(static_cast<unsigned>(first_day_.day()));
}

std::string PartialDate::ToEnglish() const {
  const std::string year_text = std::to_string(static_cast<int>(first_day_.year()));
  if (precision_ == DatePrecision::kYear) return year_text;
  const std::string month_text(MonthName(static_cast<unsigned>(first_day_.month())));
  if (precision_ == DatePrecision::kMonth) return month_text + " " + year_text;
  return month_text + " " + std::to_string(static_cast<unsigned>(first_day_.day())) + ", " +
         year_text;
}

double PartialDate::SortKey() const {
  double key = static_cast<int>(first_day_.year()) * 10000.0;
  if (precision_ != DatePrecision::kYear) key += static_cast<unsigned>(first_day_.month()) * 100;
  if (precision_ == DatePrecision::kDay) key += static_cast<unsigned>(first_day_.day());
  return key;
}

int PartialDate::MonthsUntil(std::chrono::year_month_day today) const {
  const int month = precision_ == DatePrecision::kYear
                        ? 7
                        : static_cast<int>(static_cast<unsigned>(first_day_.month()));
  return (static_cast<int>(today.year()) - static_cast<int>(first_day_.year())) * 12 +
         (static_cast<int>(static_cast<unsigned>(today.month())) - month);
}

}  // namespace trialfinder
