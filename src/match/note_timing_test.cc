// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/note_timing.h"

#include <gtest/gtest.h>

#include "trialfinder/evaluation.h"

namespace trialfinder {
namespace {

TEST(NoteTimingTest, ReadsTheTimeAfterEachName) {
  const std::string clause =
      "The patient had an uncomplicated myocardial infarction 2 years earlier and a transient "
      "ischemic attack 6 months ago";
  EXPECT_DOUBLE_EQ(*MonthsAgoInClause(clause, {"myocardial infarction"}), 24);
  EXPECT_DOUBLE_EQ(*MonthsAgoInClause(clause, {"transient ischemic attack"}), 6);
  EXPECT_FALSE(MonthsAgoInClause(clause, {"stroke"}).has_value());
  // The only time in the clause, before the name.
  EXPECT_NEAR(*MonthsAgoInClause("Three weeks ago she started chemotherapy", {"chemotherapy"}),
              3 / 4.345, 1e-9);
  EXPECT_DOUBLE_EQ(*MonthsAgoInClause("chest pain that began yesterday", {"chest pain"}),
                   1 / 30.44);
  EXPECT_DOUBLE_EQ(*MonthsAgoInClause("a stroke last year", {"stroke"}), 12);
  // Vague times and durations are not read.
  EXPECT_FALSE(MonthsAgoInClause("a stroke several years ago", {"stroke"}).has_value());
  EXPECT_FALSE(MonthsAgoInClause("calf pain for the past 3 months", {"calf pain"}).has_value());
}

// Through the judge: a criterion's window against the note's time, for
// inclusions and exclusions, for names the lexicon reads and for findings
// it does not.
TEST(NoteTimingTest, DecidesTimedCriteria) {
  const std::string note =
      "A 72-year-old man. The patient had an uncomplicated myocardial infarction 2 years earlier "
      "and a transient ischemic attack 6 months ago. There is a right carotid bruit.";
  EXPECT_EQ(PredictCriterionLabel(note, false,
                                  "Myocardial infarction within 3 months prior to "
                                  "screening"),
            "not excluded");
  EXPECT_EQ(PredictCriterionLabel(note, true, "Myocardial infarction within the past 3 months"),
            "not included");
  EXPECT_EQ(PredictCriterionLabel(note, false, "Myocardial infarction within the last 5 years"),
            "excluded");
  EXPECT_EQ(PredictCriterionLabel(note, false, "Transient ischemic attack within 12 months"),
            "excluded");
  EXPECT_EQ(
      PredictCriterionLabel(note, false, "Transient ischemic attack within the last 3 months"),
      "not excluded");
  // A list with another event the note dates within the window: open.
  EXPECT_EQ(PredictCriterionLabel(note, false, "Myocardial infarction, CVA or TIA within 6 months"),
            "not enough information");
  // Named without a time: when is not known.
  EXPECT_EQ(PredictCriterionLabel(note, false, "Carotid bruit within 3 months"),
            "not enough information");
  // Two windows: left as before.
  EXPECT_EQ(PredictCriterionLabel(
                "A 60-year-old woman who had a myocardial infarction 2 years ago.", false,
                "Myocardial infarction within 6 months or stroke within 3 months"),
            "not enough information");
}

}  // namespace
}  // namespace trialfinder
