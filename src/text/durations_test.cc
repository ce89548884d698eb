// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/durations.h"

#include <gtest/gtest.h>

namespace trialfinder {
namespace {

TEST(DurationsTest, UnitsInMonths) {
  EXPECT_DOUBLE_EQ(MonthsIn(2, "years"), 24);
  EXPECT_DOUBLE_EQ(MonthsIn(2, "year"), 24);
  EXPECT_DOUBLE_EQ(MonthsIn(3, "months"), 3);
  EXPECT_DOUBLE_EQ(MonthsIn(4.345, "weeks"), 1);
  EXPECT_DOUBLE_EQ(MonthsIn(30.44, "day"), 1);
}

TEST(DurationsTest, NumbersInWords) {
  EXPECT_EQ(NumberInWords("twelve"), 12);
  EXPECT_EQ(NumberInWords("zero"), 0);
  EXPECT_EQ(NumberInWords("an"), 1);
  EXPECT_EQ(NumberInWords("2.5"), 2.5);
  EXPECT_EQ(NumberInWords("1,000"), 1000);
  EXPECT_FALSE(NumberInWords("several").has_value());
  EXPECT_FALSE(NumberInWords("").has_value());
}

}  // namespace
}  // namespace trialfinder
