// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/combined_rules.h"

#include <gtest/gtest.h>

#include "trialfinder/evaluation.h"

namespace trialfinder {
namespace {

// Through the judge: "active" or "current" in an exclusion is settled by a
// record that says the thing goes on now, and by nothing less.
TEST(WeakExclusionRuleTest, NowSettlesActiveAndCurrent) {
  const std::string smoker = "54 year old man, smokes a pack a day. Hypertension.";
  EXPECT_EQ(PredictCriterionLabel(smoker, false, "Active smokers"), "excluded");
  EXPECT_EQ(PredictCriterionLabel(smoker, false, "Current tobacco use"), "excluded");
  // How much is not said: "heavy" stays open.
  EXPECT_EQ(PredictCriterionLabel(smoker, false, "Heavy smokers"), "not enough information");
  EXPECT_EQ(
      PredictCriterionLabel("54 year old man, quit smoking in 2010.", false, "Active smokers"),
      "not excluded");
  EXPECT_EQ(PredictCriterionLabel("54 yo man, currently has active hepatitis C.", false,
                                  "Active hepatitis C infection"),
            "excluded");
  // "currently" about another thing does not make the infection active.
  EXPECT_EQ(PredictCriterionLabel("54 yo man with hepatitis C, currently on metformin.", false,
                                  "Active hepatitis C infection"),
            "not enough information");
}

// An alternative the record meets whole decides; a qualifier of the other
// does not leave it open; a smoker who quit is met by neither for sure.
TEST(WeakExclusionRuleTest, AnAlternativeMetWhole) {
  const std::string criterion = "Current smokers or stopped less than 6 months ago";
  EXPECT_EQ(PredictCriterionLabel("54 year old man, smokes a pack a day.", false, criterion),
            "excluded");
  EXPECT_EQ(PredictCriterionLabel("54 year old man, quit smoking in 2010.", false, criterion),
            "not enough information");
  EXPECT_EQ(PredictCriterionLabel("54 year old man with hypertension.", false,
                                  "Uncontrolled hypertension or heart failure"),
            "not enough information");
}

// How well a disease is controlled is asked beyond the diagnosis (second
// helper of the fifth user test: "Poorly controlled asthma" was met by
// well-controlled asthma).
TEST(WeakExclusionRuleTest, ControlIsAskedBeyondTheDiagnosis) {
  const std::string note = "30 yo woman with mild asthma, well controlled on albuterol.";
  EXPECT_EQ(PredictCriterionLabel(note, true, "Poorly controlled asthma"),
            "not enough information");
  EXPECT_EQ(PredictCriterionLabel(note, true, "Asthma"), "included");
}

}  // namespace
}  // namespace trialfinder
