// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The registry's dates: a year, a year and month, or a full day
// ("2019", "2019-03", "2019-03-05"), as ClinicalTrials.gov writes them.

#ifndef TRIALFINDER_PARTIAL_DATE_H_
#define TRIALFINDER_PARTIAL_DATE_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace trialfinder {

enum class DatePrecision { kYear, kMonth, kDay };

// A value type. The parts a date does not give are not invented: a
// year-only date has no month, and each use below says what it assumes.
class PartialDate {
 public:
  // "YYYY", "YYYY-MM" or "YYYY-MM-DD" with a month of 1-12 and a day that
  // exists in that month (2025-02-29 does not); nullopt otherwise.
  static std::optional<PartialDate> Parse(std::string_view text);
  // The old XML records' English dates: "January 15, 2005" or
  // "January 2005"; nullopt for anything else.
  static std::optional<PartialDate> ParseEnglish(std::string_view text);

  DatePrecision precision() const { return precision_; }
  // The first day of what the date names (January 1 for a year), with
  // precision() telling how much of it was given.
  std::chrono::year_month_day first_day() const { return first_day_; }

  // "2019", "2019-03" or "2019-03-05": as parsed, at its precision.
  std::string ToIso() const;
  // "March 2019" or "March 5, 2019"; "2019" for a year.
  std::string ToEnglish() const;
  // Orders dates as numbers (YYYYMMDD, parts not given are 0), so a year
  // sorts before its months: stored in the search index's value slots.
  double SortKey() const;
  // Whole months from this date's month to `today`'s (days ignored). A
  // year-only date is assumed to be mid-year (July): the answer can be off
  // by six months, never more.
  int MonthsUntil(std::chrono::year_month_day today) const;

  friend bool operator==(const PartialDate&, const PartialDate&) = default;

 private:
  PartialDate(std::chrono::year_month_day first_day, DatePrecision precision)
      : first_day_(first_day), precision_(precision) {}

  std::chrono::year_month_day first_day_;
  DatePrecision precision_;
};

// The month's English name ("January" for 1); "" outside 1-12.
std::string_view MonthName(unsigned month);

}  // namespace trialfinder

#endif  // TRIALFINDER_PARTIAL_DATE_H_
