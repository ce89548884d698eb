// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Nested criteria read as alternatives or exceptions (issue 22: "No" to
// antiphospholipid syndrome removed a registry for lupus *or* APS).

#include "match/alternatives.h"

#include <gtest/gtest.h>

#include "match/judge_test_support.h"
#include "trialfinder/criteria.h"
#include "trialfinder/match.h"
#include "trialfinder/patient.h"

namespace trialfinder {
namespace {

TrialMatch Judge(const Patient& patient, const std::string& criteria) {
  return Judge(patient,
               StudyWith(criteria, {"Systemic Lupus Erythematosus", "Antiphospholipid Syndrome"}));
}

Patient Woman(const std::vector<std::string>& conditions, const std::vector<std::string>& answers) {
  Patient patient;
  patient.age_years = 30;
  patient.sex = "FEMALE";
  for (const std::string& name : conditions)
    patient.conditions.push_back({name, true, "", "record"});
  for (const std::string& answer : answers) EXPECT_TRUE(ApplyAnswerText(answer, patient).ok());
  return patient;
}

const char* const kRegistry =
    "Inclusion Criteria:\n"
    "- 18 years of age or older\n"
    "- Women with systemic autoimmune disease, including:\n"
    "    - Lupus (systemic lupus erythematosus or cutaneous lupus)\n"
    "    - Antiphospholipid Syndrome or positive antiphospholipid antibodies\n"
    "    - Rheumatoid Arthritis\n"
    "Exclusion Criteria:\n"
    "- Unable to provide informed consent\n";

TEST(AlternativesTest, OneMetAlternativeSettlesTheList) {
  const TrialMatch match =
      Judge(Woman({"systemic lupus erythematosus"}, {"condition:antiphospholipid syndrome=no"}),
            kRegistry);
  EXPECT_EQ(Find(match, "Lupus (systemic").verdict, Verdict::kMet);
  const CriterionVerdict& aps = Find(match, "Antiphospholipid Syndrome or");
  EXPECT_EQ(aps.verdict, Verdict::kNotApplicable) << aps.evidence;
  EXPECT_NE(aps.evidence.find("Lupus (systemic"), std::string::npos) << aps.evidence;
  EXPECT_FALSE(aps.question.has_value());
  EXPECT_EQ(Find(match, "Rheumatoid").verdict, Verdict::kNotApplicable);
  EXPECT_EQ(Find(match, "Women with systemic autoimmune").verdict, Verdict::kMet);
  EXPECT_NE(match.status, EligibilityStatus::kExcluded);
}

TEST(AlternativesTest, AnUnmetAlternativeExcludesNoOneWhileAnotherIsOpen) {
  // She has neither named disease, said no to APS; RA is open.
  const TrialMatch match =
      Judge(Woman({"asthma"}, {"condition:antiphospholipid syndrome=no"}), kRegistry);
  const CriterionVerdict& aps = Find(match, "Antiphospholipid Syndrome or");
  EXPECT_EQ(aps.verdict, Verdict::kNotApplicable) << aps.evidence;
  EXPECT_TRUE(Find(match, "Rheumatoid").needs_review);
  EXPECT_EQ(Find(match, "Women with systemic autoimmune").verdict, Verdict::kUnknown);
  EXPECT_NE(match.status, EligibilityStatus::kExcluded);
  EXPECT_NE(match.status, EligibilityStatus::kLikelyEligible);
}

// The parent's own words do not meet it while no item is met.
TEST(AlternativesTest, AParentIsMetOnlyThroughAnItem) {
  const TrialMatch match = Judge(Woman({"asthma"}, {"pregnant=no"}),
                                 "Inclusion Criteria:\n"
                                 "- Not pregnant, and at least one of the following applies:\n"
                                 "    - Systemic lupus erythematosus\n"
                                 "    - Antiphospholipid syndrome\n");
  EXPECT_EQ(Find(match, "Not pregnant, and").verdict, Verdict::kUnknown);
  EXPECT_NE(match.status, EligibilityStatus::kLikelyEligible);
}

TEST(AlternativesTest, EveryAlternativeUnmetStillExcludes) {
  const TrialMatch match =
      Judge(Woman({"asthma"}, {"condition:antiphospholipid syndrome=no", "condition:lupus=no",
                               "condition:rheumatoid arthritis=no"}),
            kRegistry);
  EXPECT_EQ(Find(match, "Antiphospholipid Syndrome or").verdict, Verdict::kNotMet);
  EXPECT_EQ(match.status, EligibilityStatus::kExcluded);
}

TEST(AlternativesTest, AListUnderAPlainParentIsReadItemByItem) {
  const TrialMatch match =
      Judge(Woman({"systemic lupus erythematosus"}, {"condition:antiphospholipid syndrome=no"}),
            "Inclusion Criteria:\n- All of the following:\n    - Systemic lupus erythematosus\n"
            "    - Antiphospholipid syndrome\n");
  EXPECT_EQ(Find(match, "Antiphospholipid syndrome").verdict, Verdict::kNotMet);
  EXPECT_EQ(match.status, EligibilityStatus::kExcluded);
}

TEST(AlternativesTest, AnExceptionIsNeverAnExclusion) {
  const TrialMatch match =
      Judge(Woman({"systemic lupus erythematosus", "basal cell carcinoma"}, {}),
            "Inclusion Criteria:\n- Systemic lupus erythematosus\n"
            "Exclusion Criteria:\n- History of malignancy, except:\n"
            "    - Basal cell carcinoma of the skin\n"
            "    - Cervical carcinoma in situ\n");
  const CriterionVerdict& basal = Find(match, "Basal cell");
  EXPECT_EQ(basal.verdict, Verdict::kNotApplicable) << basal.evidence;
  EXPECT_NE(Find(match, "History of malignancy").verdict, Verdict::kApplies);
  EXPECT_NE(match.status, EligibilityStatus::kExcluded);
}

TEST(AlternativesTest, Cues) {
  EXPECT_TRUE(IntroducesAlternatives("Women with systemic autoimmune disease, including:"));
  EXPECT_TRUE(IntroducesAlternatives("Patients must meet one of the following criteria:"));
  EXPECT_TRUE(IntroducesAlternatives("At least one of the following antibodies:"));
  EXPECT_TRUE(IntroducesAlternatives("Any of the following:"));
  EXPECT_TRUE(IntroducesAlternatives("Prior treatment with at least 2 of:"));
  EXPECT_FALSE(IntroducesAlternatives("All of the following:"));
  EXPECT_FALSE(IntroducesAlternatives("Adequate organ function defined as:"));
  EXPECT_FALSE(IntroducesAlternatives("Diseases including lupus are excluded"));
  EXPECT_TRUE(IntroducesExceptions("History of malignancy, except:"));
  EXPECT_TRUE(IntroducesExceptions("Other malignancy, with the following exceptions:"));
  EXPECT_FALSE(IntroducesExceptions("Any of the following:"));
}

}  // namespace
}  // namespace trialfinder

namespace trialfinder {
namespace {

// An inclusion asking for none of a list: having an item fails it, and the
// question's "Yes" is the answer that excludes (second helper of the fifth
// user test: read backwards).
TEST(AlternativesTest, AListOfThingsToBeAbsent) {
  const char* const kNone =
      "Inclusion Criteria:\n"
      "- 18 years of age or older\n"
      "- No concurrent uncontrolled illness including:\n"
      "    - Ongoing or active infection\n"
      "    - Symptomatic congestive heart failure\n"
      "Exclusion Criteria:\n"
      "- Unable to provide informed consent\n";
  const TrialMatch infected =
      Judge(Woman({"systemic lupus erythematosus"}, {"condition:active infection=yes"}), kNone);
  EXPECT_EQ(Find(infected, "Ongoing or active infection").verdict, Verdict::kNotMet);
  EXPECT_EQ(Find(infected, "No concurrent uncontrolled illness").verdict, Verdict::kNotMet);
  EXPECT_EQ(infected.status, EligibilityStatus::kExcluded);
  const TrialMatch unsaid = Judge(Woman({"systemic lupus erythematosus"}, {}), kNone);
  const CriterionVerdict& infection = Find(unsaid, "Ongoing or active infection");
  EXPECT_NE(infection.verdict, Verdict::kNotMet);
  if (infection.question) EXPECT_TRUE(infection.question->yes_excludes);
  EXPECT_NE(unsaid.status, EligibilityStatus::kExcluded);
}

}  // namespace
}  // namespace trialfinder
