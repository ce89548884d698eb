// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "trialfinder/partial_date.h"

#include <gtest/gtest.h>

namespace trialfinder {
namespace {

using namespace std::chrono;

TEST(PartialDateTest, ParsesTheRegistrysThreePrecisions) {
  EXPECT_EQ(PartialDate::Parse("2025")->precision(), DatePrecision::kYear);
  EXPECT_EQ(PartialDate::Parse("2025-07")->precision(), DatePrecision::kMonth);
  EXPECT_EQ(PartialDate::Parse("2025-07-31")->precision(), DatePrecision::kDay);
  EXPECT_EQ(PartialDate::Parse("2025-07-31")->first_day(), year{2025} / July / 31);
  for (const char* text : {"2025", "2025-07", "2025-07-31", "2024-02-29"})
    EXPECT_EQ(PartialDate::Parse(text)->ToIso(), text);
}

TEST(PartialDateTest, RefusesWhatIsNotADate) {
  for (const char* text : {"", "25", "2025-7", "2025-00", "2025-13", "2025-07-32", "2025-02-29",
                           "2025-07-00", "July 2025", "2025/07", "20x5", "2025-07-3a"}) {
    EXPECT_FALSE(PartialDate::Parse(text)) << text;
  }
}

TEST(PartialDateTest, ReadsTheOldRecordsEnglishDates) {
  EXPECT_EQ(PartialDate::ParseEnglish("January 15, 2005")->ToIso(), "2005-01-15");
  EXPECT_EQ(PartialDate::ParseEnglish("March 5, 2005")->ToIso(), "2005-03-05");
  EXPECT_EQ(PartialDate::ParseEnglish("March 5 2005")->ToIso(), "2005-03-05");
  EXPECT_EQ(PartialDate::ParseEnglish("December 2005")->ToIso(), "2005-12");
  EXPECT_FALSE(PartialDate::ParseEnglish("2005-12"));
  EXPECT_FALSE(PartialDate::ParseEnglish("Smarch 2005"));
  EXPECT_FALSE(PartialDate::ParseEnglish("February 30, 2005"));
  EXPECT_FALSE(PartialDate::ParseEnglish("January 15, 2005 extra"));
}

TEST(PartialDateTest, SaysInEnglishOnlyWhatWasGiven) {
  EXPECT_EQ(PartialDate::Parse("2019")->ToEnglish(), "2019");
  EXPECT_EQ(PartialDate::Parse("2019-03")->ToEnglish(), "March 2019");
  EXPECT_EQ(PartialDate::Parse("2019-03-05")->ToEnglish(), "March 5, 2019");
}

TEST(PartialDateTest, SortKeysOrderYearsBeforeTheirMonthsAndDays) {
  EXPECT_EQ(PartialDate::Parse("2019")->SortKey(), 20190000);
  EXPECT_EQ(PartialDate::Parse("2019-03")->SortKey(), 20190300);
  EXPECT_EQ(PartialDate::Parse("2019-03-05")->SortKey(), 20190305);
  EXPECT_LT(PartialDate::Parse("2018-12-31")->SortKey(), PartialDate::Parse("2019")->SortKey());
}

TEST(PartialDateTest, MonthsUntilAssumesMidYearForAYear) {
  const year_month_day today = year{2026} / December / 1;
  EXPECT_EQ(PartialDate::Parse("2026-01-31")->MonthsUntil(today), 11);
  EXPECT_EQ(PartialDate::Parse("2024-12")->MonthsUntil(today), 24);
  EXPECT_EQ(PartialDate::Parse("2025")->MonthsUntil(today), 17);
}

TEST(PartialDateTest, MonthNamesAreOneBased) {
  EXPECT_EQ(MonthName(1), "January");
  EXPECT_EQ(MonthName(12), "December");
  EXPECT_EQ(MonthName(0), "");
  EXPECT_EQ(MonthName(13), "");
}

}  // namespace
}  // namespace trialfinder
