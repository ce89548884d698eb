// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/cancer_stage.h"

#include <gtest/gtest.h>

namespace trialfinder {
namespace {

std::string Group(std::string_view text) {
  std::optional<StageGroup> group = ParseStageGroup(text);
  return group ? group->ToString() : "none";
}

TEST(CancerStageTest, ReadsStageGroupsAsRecordsWriteThem) {
  EXPECT_EQ(Group("IIIB"), "IIIB");
  EXPECT_EQ(Group("3c"), "IIIC");
  EXPECT_EQ(Group("Stage IV"), "IV");
  EXPECT_EQ(Group("stage 4"), "IV");
  EXPECT_EQ(Group("cIIIA"), "IIIA");
  EXPECT_EQ(Group("0"), "0");
  EXPECT_EQ(Group("American Joint Committee on Cancer stage IIIC"), "IIIC");
  EXPECT_EQ(Group("IA1"), "IA");
  EXPECT_EQ(Group("stage 5"), "none");
  EXPECT_EQ(Group("Stage group.clinical Cancer"), "none");
  EXPECT_EQ(Group("stage II or stage III"), "none");  // two: not one stage
}

TEST(CancerStageTest, ReadsTnmCategoriesJoinedOrApart) {
  std::optional<TnmCategories> joined = ParseTnm("T2N1M0");
  ASSERT_TRUE(joined);
  EXPECT_EQ(joined->t, "T2");
  EXPECT_EQ(joined->n, "N1");
  EXPECT_EQ(joined->m, "M0");
  std::optional<TnmCategories> apart = ParseTnm("cT3 cN2a pM1b");
  ASSERT_TRUE(apart);
  EXPECT_EQ(apart->t, "T3");
  EXPECT_EQ(apart->n, "N2a");
  EXPECT_EQ(apart->m, "M1b");
  std::optional<TnmCategories> alone = ParseTnm("M1 category (finding)");
  ASSERT_TRUE(alone);
  EXPECT_EQ(alone->m, "M1");
  EXPECT_EQ(alone->t, "");
  EXPECT_FALSE(ParseTnm("American Joint Committee on Cancer"));
}

StageFit Fit(std::string_view criterion, const std::string& group, const std::string& m = "") {
  std::optional<StageAsked> asked = ReadStageAsked(criterion);
  if (!asked) {
    ADD_FAILURE() << "no stage read in '" << criterion << "'";
    return StageFit::kUnsure;
  }
  return FitStage(*asked, KnownStage(group, m));
}

TEST(CancerStageTest, ComparesListsRangesAndBounds) {
  EXPECT_EQ(Fit("stage iiib or iv non-small cell lung cancer", "IV"), StageFit::kYes);
  EXPECT_EQ(Fit("stage iiib or iv non-small cell lung cancer", "IIIB"), StageFit::kYes);
  EXPECT_EQ(Fit("stage iiib or iv non-small cell lung cancer", "IIIA"), StageFit::kNo);
  EXPECT_EQ(Fit("stage iiib or iv non-small cell lung cancer", "III"), StageFit::kUnsure);
  EXPECT_EQ(Fit("stage iiib or iv non-small cell lung cancer", "II"), StageFit::kNo);
  EXPECT_EQ(Fit("stage ii-iv disease", "IIIC"), StageFit::kYes);
  EXPECT_EQ(Fit("stage ii-iv disease", "IA"), StageFit::kNo);
  EXPECT_EQ(Fit("stage i to iii breast cancer", "IV"), StageFit::kNo);
  EXPECT_EQ(Fit("ajcc stage >= ii", "III"), StageFit::kYes);
  EXPECT_EQ(Fit("ajcc stage >= ii", "I"), StageFit::kNo);
  EXPECT_EQ(Fit("stage iii or higher", "IV"), StageFit::kYes);
  EXPECT_EQ(Fit("stage ii or lower", "III"), StageFit::kNo);
  EXPECT_EQ(Fit("stage iiia, iiib, iiic, or iv", "IIIC"), StageFit::kYes);
  // Only M known: M1 is stage IV; M0 is not.
  EXPECT_EQ(Fit("stage iv", "", "M1a"), StageFit::kYes);
  EXPECT_EQ(Fit("stage iv", "", "M0"), StageFit::kNo);
  EXPECT_EQ(Fit("stage iii", "", "M0"), StageFit::kUnsure);
}

// Criteria as registries write them (user test of the stage reading).
TEST(CancerStageTest, ReadsEveryStagePhraseOfACriterion) {
  // A sub-stage letter written once: "IIIB/C" is IIIB or IIIC.
  EXPECT_EQ(Fit("confirmed diagnosis of stage iiib/c or iv nsclc.", "IV"), StageFit::kYes);
  EXPECT_EQ(Fit("confirmed diagnosis of stage iiib/c or iv nsclc.", "IIIC"), StageFit::kYes);
  EXPECT_EQ(Fit("confirmed diagnosis of stage iiib/c or iv nsclc.", "IIIA"), StageFit::kNo);
  // Two phrases: stage 3 (with a condition) or stage 4.
  EXPECT_EQ(Fit("stage 3 non eligible for chemoradiotherapy or stage 4 nsclc", "IV"),
            StageFit::kYes);
  EXPECT_EQ(
      Fit("locally advanced (stage iiib/iiic), metastatic, or recurrent (stage iv) nsclc", "IV"),
      StageFit::kYes);
  EXPECT_EQ(Fit("locally advanced (clinical stage iiib, iiic) or metastatic nsclc", "IV"),
            StageFit::kYes);
  EXPECT_EQ(Fit("stage iii, iv non-small cell lung cancer", "IV"), StageFit::kYes);
  std::optional<StageAsked> conditional =
      ReadStageAsked("patients with stage iii nsclc who are not suitable for surgery.");
  ASSERT_TRUE(conditional);
  EXPECT_TRUE(conditional->conditional);
  EXPECT_FALSE(ReadStageAsked("stage iiib or iv nsclc.")->conditional);
}

TEST(CancerStageTest, AStageGroupBelowIvContradictsM1) {
  EXPECT_TRUE(StageConflicts("IA", "M1b"));
  EXPECT_FALSE(StageConflicts("IV", "M1b"));
  EXPECT_FALSE(StageConflicts("IVA", "M0"));  // head and neck IVA is M0
  EXPECT_TRUE(KnownStage("IA", "M1").numbers.empty());
}

TEST(CancerStageTest, MetastaticMeetsButALowerStageDoesNotFail) {
  EXPECT_EQ(Fit("metastatic breast cancer", "IV"), StageFit::kYes);
  // Staged lower at diagnosis, it may have spread since.
  EXPECT_EQ(Fit("metastatic breast cancer", "II"), StageFit::kUnsure);
  EXPECT_EQ(Fit("locally advanced or metastatic urothelial carcinoma", "IIIB"), StageFit::kUnsure);
  EXPECT_EQ(Fit("locally advanced or metastatic urothelial carcinoma", "IV"), StageFit::kYes);
  EXPECT_EQ(Fit("non-metastatic prostate cancer", "IV"), StageFit::kNo);
  EXPECT_EQ(Fit("no evidence of metastatic disease", "II"), StageFit::kYes);
  // Another way in: a stage outside it does not fail the criterion.
  EXPECT_EQ(Fit("stage iv or recurrent nsclc", "II"), StageFit::kUnsure);
  EXPECT_EQ(Fit("recurrent or stage iv cervical cancer", "IB"), StageFit::kUnsure);
}

TEST(CancerStageTest, LeavesOtherStagesAndOtherCancersAlone) {
  for (const char* text :
       {"chronic kidney disease stage 3 or higher", "stage 2 hypertension",
        "nyha class iii or stage c heart failure",
        "stage 1 dose escalation: patients with solid tumors", "history of stage iii melanoma",
        "prior malignancy except stage i "
        "cervical cancer",
        "histologically confirmed adenocarcinoma", "who paediatric clinical stage iii disease",
        "pfirrmann score stage 3 to 5"}) {
    EXPECT_FALSE(ReadStageAsked(text)) << text;
  }
}

TEST(CancerStageTest, FindsTheStageOfACancerInACaseNote) {
  std::optional<StageInText> found =
      FindStageInText("58-year-old man with stage iiib squamous nsclc, ecog 1.");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->group, "IIIB");
  std::optional<StageInText> tnm = FindStageInText("invasive ductal carcinoma, pt2n1m0, er+.");
  ASSERT_TRUE(tnm);
  EXPECT_EQ(tnm->tnm.m, "M0");
  std::optional<StageInText> restaged =
      FindStageInText("stage iib nsclc resected in 2019. restaged as stage ivb nsclc in 2025.");
  ASSERT_TRUE(restaged);
  EXPECT_EQ(restaged->group, "IVB");  // the latest written
  EXPECT_FALSE(FindStageInText("stage 3 chronic kidney disease and a renal tumor."));
  EXPECT_FALSE(FindStageInText("stage 2 hypertension. no cancer history."));
}

}  // namespace
}  // namespace trialfinder
