// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "plain/plain_words.h"

#include <gtest/gtest.h>

#include "trialfinder/age.h"

namespace trialfinder::plain {
namespace {

TEST(PlainWordsTest, JoinsListsInEnglish) {
  EXPECT_EQ(JoinList({}), "");
  EXPECT_EQ(JoinList({"HIV"}), "HIV");
  EXPECT_EQ(JoinList({"HIV", "TB"}, "or"), "HIV or TB");
  EXPECT_EQ(JoinList({"a", "b", "c"}), "a, b, and c");
}

TEST(PlainWordsTest, CleansConditionNamesButKeepsAcronyms) {
  EXPECT_EQ(CleanConditionName("SLE - Systemic Lupus Erythematosus"),
            "systemic lupus erythematosus");
  EXPECT_EQ(CleanConditionName("COVID-19"), "COVID-19");
  EXPECT_EQ(CleanConditionName("HER2-positive Breast Cancer"), "HER2-positive breast cancer");
}

TEST(PlainWordsTest, StagesComeFromTheEarliestPhaseAndHaveTheirPhrases) {
  Study study;
  EXPECT_EQ(StageOf(study), Stage::kNone);
  study.protocol.design.phases = {"PHASE2", "PHASE3"};
  EXPECT_EQ(StageOf(study), Stage::kMiddle);
  study.protocol.design.phases = {"PHASE1", "PHASE2"};
  EXPECT_EQ(StageOf(study), Stage::kEarly);
  study.protocol.design.phases = {"PHASE4"};
  EXPECT_EQ(StageOf(study), Stage::kApproved);
  EXPECT_STREQ(PhrasesFor(Stage::kApproved).adjective, "post-approval ");
  EXPECT_STREQ(PhrasesFor(Stage::kNone).adjective, "");
  EXPECT_STREQ(PhrasesFor(Stage::kEarly).purpose, "if it is safe and which dose to use");
}

TEST(PlainWordsTest, DatesDropTheDayAndKeepWhatTheyCannotRead) {
  EXPECT_EQ(MonthYear("2019-03-05"), "March 2019");
  EXPECT_EQ(MonthYear("2019-03"), "March 2019");
  EXPECT_EQ(MonthYear("2019"), "2019");
  EXPECT_EQ(MonthYear("soon"), "soon");
}

TEST(PlainWordsTest, DrugClassesAndPlacebosAreNotTreatments) {
  EXPECT_TRUE(IsDrugClass("Glucocorticoids"));
  EXPECT_FALSE(IsDrugClass("rituximab"));
  EXPECT_TRUE(IsPlacebo("Matching Placebo"));
  EXPECT_TRUE(IsPlacebo("Sham procedure"));
  Study study;
  study.protocol.arms_interventions.interventions = {{}, {}};
  study.protocol.arms_interventions.interventions[0].name = "Placebo";
  study.protocol.arms_interventions.interventions[1].name = "Anifrolumab";
  EXPECT_EQ(MainIntervention(study), "Anifrolumab");
}

TEST(PlainWordsTest, SaysWhoAStudyIsFor) {
  EligibilityModule eligibility;
  // A record without eligibility information says nothing of ages.
  EXPECT_EQ(WhoWords(eligibility), "people");
  EXPECT_EQ(AgeRange(eligibility), "Not given in the record");
  eligibility.sex = "ALL";
  EXPECT_EQ(WhoWords(eligibility), "people of any age");
  EXPECT_EQ(AgeRange(eligibility), "Any age");
  eligibility.minimum_age = *ParseAge("18 Years").value();
  eligibility.maximum_age = *ParseAge("65 Years").value();
  EXPECT_EQ(WhoWords(eligibility), "adults aged 18 to 65");
  EXPECT_EQ(AgeRange(eligibility), "18 Years to 65 Years");
  eligibility.maximum_age.reset();
  eligibility.minimum_age = *ParseAge("12 Years").value();
  EXPECT_EQ(WhoWords(eligibility), "people aged 12 and older");
  eligibility.sex = "FEMALE";
  EXPECT_EQ(WhoWords(eligibility), "girls and women aged 12 and older");
  eligibility.minimum_age = *ParseAge("18 Years").value();
  EXPECT_EQ(WhoWords(eligibility), "women aged 18 and older");
  eligibility.sex = "ALL";
  EXPECT_EQ(SexWord("FEMALE"), "Women only");
  EXPECT_EQ(InfectionWords({"HIV", "HBV", "TB"}), "HIV, hepatitis B, or tuberculosis");
}

}  // namespace
}  // namespace trialfinder::plain

namespace trialfinder::plain {
namespace {

// Issue 25: codes a patient cannot read, in words with what they mean.
TEST(RegistryCodeWordsTest, CodesInWordsWithTheirMeaning) {
  const CodeWords invitation = RegistryCodeWords("ENROLLING_BY_INVITATION");
  EXPECT_EQ(invitation.label, "By invitation");
  EXPECT_NE(invitation.meaning.find("invites people"), std::string::npos);
  EXPECT_EQ(RegistryCodeWords("EARLY_PHASE1").label, "Early phase 1");
  EXPECT_NE(RegistryCodeWords("NA").meaning.find("does not test a drug"), std::string::npos);
  EXPECT_EQ(RegistryCodeWords("INTERVENTIONAL").label, "Interventional");
  // A code the table lacks is still readable, and claims no meaning.
  const CodeWords unknown = RegistryCodeWords("SOME_NEW_CODE");
  EXPECT_EQ(unknown.label, "Some new code");
  EXPECT_TRUE(unknown.meaning.empty());
}

}  // namespace
}  // namespace trialfinder::plain
