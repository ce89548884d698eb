// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/condition_course.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace trialfinder {
namespace {

// The names of the conditions `text` says are over, of `names`.
std::vector<std::string> Over(const std::string& text, const std::vector<std::string>& names) {
  Patient patient;
  for (const std::string& name : names) patient.conditions.push_back({name, true, "", text});
  MarkResolvedConditions(text, patient);
  std::vector<std::string> over;
  for (const PatientCondition& c : patient.conditions) {
    if (c.resolved) over.push_back(c.name);
  }
  return over;
}

using Names = std::vector<std::string>;

TEST(ConditionCourseTest, WhatTheNoteSaysIsOver) {
  EXPECT_EQ(Over("I had breast cancer 10 years ago and no longer have cancer.",
                 {"breast cancer", "cancer"}),
            (Names{"breast cancer", "cancer"}));
  EXPECT_EQ(Over("My breast cancer is in remission.", {"breast cancer"}), Names{"breast cancer"});
  EXPECT_EQ(Over("Hepatitis C, cured with sofosbuvir in 2019.", {"hepatitis c"}),
            Names{"hepatitis c"});
  EXPECT_EQ(Over("I am a breast cancer survivor.", {"breast cancer"}), Names{"breast cancer"});
  EXPECT_EQ(Over("Had lymphoma in 2015 and it is cured. I have asthma.", {"lymphoma", "asthma"}),
            Names{"lymphoma"});
  EXPECT_EQ(Over("Colon cancer, now no evidence of disease.", {"colon cancer"}),
            Names{"colon cancer"});
  EXPECT_EQ(
      Over("had breast cancer at 70 (lumpectomy + radiation), all clear since.", {"breast cancer"}),
      Names{"breast cancer"});
  // The treatment between the name and "cured" is how it ended.
  EXPECT_EQ(Over("58 yo man with hep C, treated with Epclusa in 2020, cured.", {"hep c"}),
            Names{"hep c"});
}

TEST(ConditionCourseTest, WhatIsNotSaidToBeOver) {
  // Time alone, another condition, a negation, someone else.
  EXPECT_EQ(Over("I had breast cancer 10 years ago.", {"breast cancer"}), Names{});
  EXPECT_EQ(Over("I have lupus and my rash resolved.", {"lupus", "rash"}), Names{"rash"});
  EXPECT_EQ(Over("No longer have lung cancer; my breast cancer is active.",
                 {"breast cancer", "lung cancer"}),
            Names{"lung cancer"});
  EXPECT_EQ(Over("My back pain has not resolved.", {"back pain"}), Names{});
  EXPECT_EQ(Over("Hep C, treated with Epclusa in 2020, not cured.", {"hep c"}), Names{});
  EXPECT_EQ(Over("I have lupus, treated with plaquenil, my rash resolved.", {"lupus", "rash"}),
            Names{"rash"});
  EXPECT_EQ(Over("I have breast cancer. My mother's cancer is in remission.", {"breast cancer"}),
            Names{});
}

}  // namespace
}  // namespace trialfinder
