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

// A habit or condition going on now falls within any window up to now,
// unless the window times an onset; a diagnosis date does not say it is
// over.
TEST(NoteTimingTest, GoingOnNowIsWithinTheWindow) {
  const std::string window = "Use of tobacco products within the past 6 months";
  EXPECT_EQ(PredictCriterionLabel("54 year old man, smokes a pack a day.", false, window),
            "excluded");
  EXPECT_EQ(PredictCriterionLabel("I am 54 and I still smoke.", false, window), "excluded");
  EXPECT_EQ(PredictCriterionLabel("54 year old man, current smoker.", false, window), "excluded");
  EXPECT_EQ(PredictCriterionLabel("54 year old man, quit smoking in 2010.", false, window),
            "not enough information");
  EXPECT_EQ(PredictCriterionLabel("54 year old man, never smoked.", false, window), "not excluded");
  // Stemmed names are found as written ("hepatitis C" for "hepat c").
  EXPECT_EQ(PredictCriterionLabel("54 yo man, currently has active hepatitis C.", false,
                                  "Active hepatitis C within the past 6 months"),
            "excluded");
  // A plural is not a present tense: "seizures controlled" says nothing of
  // when the last one was.
  EXPECT_EQ(PredictCriterionLabel("45F, seizures controlled on keppra.", false,
                                  "Seizures within the past 6 months"),
            "not enough information");
  const std::string diagnosed = "54 yo man, hepatitis C diagnosed 3 years ago.";
  EXPECT_EQ(
      PredictCriterionLabel(diagnosed, false, "Hepatitis C infection within the past 6 months"),
      "not enough information");
  EXPECT_EQ(
      PredictCriterionLabel(diagnosed, false, "Diagnosis of hepatitis C within the past 6 months"),
      "not excluded");
}

// A never-smoker meets "non-smoker" without a pack-year count to ask for;
// a smoker does not.
TEST(NoteTimingTest, AnAbsenceHasNoDoseToAskFor) {
  const std::string criterion = "Non-smoker or ex-smoker with 10 pack-years or less";
  EXPECT_EQ(PredictCriterionLabel("54 year old man, never smoked.", true, criterion), "included");
  EXPECT_EQ(PredictCriterionLabel("54 year old man, smokes a pack a day.", true, criterion),
            "not included");
}

}  // namespace
}  // namespace trialfinder
