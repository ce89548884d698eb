// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "trialfinder/age.h"

#include <gtest/gtest.h>

namespace trialfinder {
namespace {

TEST(ParseAgeTest, ParsesRegistryForms) {
  auto years = ParseAge("18 Years");
  ASSERT_TRUE(years.ok());
  ASSERT_TRUE(years->has_value());
  EXPECT_DOUBLE_EQ((*years)->value, 18);
  EXPECT_EQ((*years)->unit, AgeUnit::kYears);
  EXPECT_EQ((*years)->text, "18 Years");

  auto months = ParseAge("6 Months");
  ASSERT_TRUE(months.ok() && months->has_value());
  EXPECT_DOUBLE_EQ((*months)->InYears(), 0.5);

  auto one_year = ParseAge("1 Year");
  ASSERT_TRUE(one_year.ok() && one_year->has_value());
  EXPECT_DOUBLE_EQ((*one_year)->InYears(), 1);

  auto weeks = ParseAge(" 2 weeks ");
  ASSERT_TRUE(weeks.ok() && weeks->has_value());
  EXPECT_NEAR((*weeks)->InYears(), 14 / 365.25, 1e-9);
  EXPECT_EQ((*weeks)->text, "2 weeks");

  auto bare = ParseAge("65");
  ASSERT_TRUE(bare.ok() && bare->has_value());
  EXPECT_EQ((*bare)->unit, AgeUnit::kYears);
}

TEST(ParseAgeTest, NoBoundForms) {
  for (const char* text : {"N/A", "NA", "", "None", "n/a"}) {
    auto age = ParseAge(text);
    ASSERT_TRUE(age.ok()) << text;
    EXPECT_FALSE(age->has_value()) << text;
  }
}

TEST(ParseAgeTest, RejectsNonsenseWithTheText) {
  for (const char* text : {"eighteen", "18 Decades", "-3 Years", "Years 18"}) {
    auto age = ParseAge(text);
    ASSERT_FALSE(age.ok()) << text;
    EXPECT_NE(age.status().message().find(text), std::string::npos) << age.status().message();
  }
}

}  // namespace
}  // namespace trialfinder
