// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Durations as criteria and case notes write them: "3 months", "two
// weeks", "a year". One conversion for every reader, so that "for at
// least 12 weeks" in a criterion and "for 6 months" in a note compare.

#ifndef TRIALFINDER_TEXT_DURATIONS_H_
#define TRIALFINDER_TEXT_DURATIONS_H_

#include <optional>
#include <string_view>

namespace trialfinder {

// `value` of `unit` in months: a unit starting with "day", "week" or
// "year" ("days", "week", "years") is converted, any other is taken as
// months. Approximate: a month is 30.44 days and 4.345 weeks.
double MonthsIn(double value, std::string_view unit);

// The number a word or numeral gives: "3", "2.5", "1,000", "a"/"an" (1),
// "zero" to "twelve"; nullopt for any other word.
std::optional<double> NumberInWords(std::string_view word);

}  // namespace trialfinder

#endif  // TRIALFINDER_TEXT_DURATIONS_H_
