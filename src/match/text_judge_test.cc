// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/text_judge.h"

#include <gtest/gtest.h>

#include "match/operations.h"
#include "text/normalize.h"
#include "trialfinder/evaluation.h"

namespace trialfinder {
namespace {

// "Any medication" is any drug taken now, within any window up to now; a
// qualified one, or a drug whose timing is not given, is left open; a
// record without drugs says nothing.
TEST(TextJudgeTest, AnyMedicineIsADrugTakenNow) {
  const std::string on_it = "45 yo woman with RA on methotrexate.";
  const std::string none = "45 yo healthy woman.";
  for (const char* criterion :
       {"Took any prescription drugs, over-the-counter drugs, any vitamin products or herbs "
        "within 14 days before screening",
        "Any concomitant medication", "Taking any medications"}) {
    EXPECT_EQ(PredictCriterionLabel(on_it, false, criterion), "excluded") << criterion;
    EXPECT_EQ(PredictCriterionLabel(none, false, criterion), "not excluded") << criterion;
  }
  EXPECT_EQ(PredictCriterionLabel(on_it, true, "Not taking any medications"), "not included");
  EXPECT_EQ(PredictCriterionLabel(on_it, false,
                                  "Take any drug that alters the activity of liver enzymes 28 "
                                  "days before screening"),
            "not enough information");
  // Not about medicines in general.
  EXPECT_EQ(PredictCriterionLabel(on_it, false, "Any investigational drug within 30 days"),
            "not excluded");
  EXPECT_EQ(PredictCriterionLabel("45 yo man with a history of any drug abuse.", false,
                                  "Taking any medications"),
            "not excluded");
}

// "Previous use of X" is met by X taken before, whatever its outcome; a
// window or an outcome asked for is another question.
TEST(TextJudgeTest, PreviousUseIsAnyUse) {
  const std::string failed = "35 yo man with Crohn's disease. Failed infliximab and adalimumab.";
  EXPECT_EQ(PredictCriterionLabel(failed, false,
                                  "Previous use of infliximab or other anti-TNF antagonists"),
            "excluded");
  EXPECT_EQ(PredictCriterionLabel(failed, false, "Prior treatment with infliximab within 8 weeks"),
            "not enough information");
  EXPECT_EQ(PredictCriterionLabel("35 yo man with Crohn's disease, never received infliximab.",
                                  false, "Previous use of infliximab"),
            "not excluded");
}

// An operation on an organ the criterion names is read from the record's
// "-ectomy" (fifth user test: "Previous prostate surgery" was assumed not
// to apply after a radical prostatectomy).
TEST(TextJudgeTest, AnOrgansSurgeryIsItsEctomy) {
  const std::string note = "71 yo man with prostate cancer, had radical prostatectomy in 2020.";
  EXPECT_EQ(PredictCriterionLabel(note, false, "Previous prostate surgery."), "excluded");
  EXPECT_EQ(PredictCriterionLabel(note, true, "No prior prostate surgery"), "not included");
  EXPECT_EQ(PredictCriterionLabel(note, false, "Prior breast surgery"), "not excluded");
  EXPECT_EQ(PredictCriterionLabel(note, true, "Scheduled for prostate surgery"),
            "not enough information");
  // Any operation is surgery; none in the record leaves it unsaid.
  EXPECT_EQ(PredictCriterionLabel(note, false, "Prior surgery"), "excluded");
  EXPECT_EQ(PredictCriterionLabel("71 yo man with prostate cancer.", false, "Prior surgery"),
            "not excluded");
  EXPECT_TRUE(IsOperationName("radical prostatectomy"));
  EXPECT_TRUE(IsOperationName("knee replacement"));
  EXPECT_FALSE(IsOperationName("prostate biopsy"));
  EXPECT_EQ(OperationsOnOrganIn("resection of the stomach"),
            std::vector<std::string>{"gastrectomy"});
  EXPECT_TRUE(OperationsOnOrganIn("breast cancer").empty());
}

// Consent settles a willingness, not a fitness beside it (fifth user
// test: "consents" met "Willing and medically eligible to use NRT").
TEST(TextJudgeTest, ConsentSettlesOnlyTheWilling) {
  Patient patient;
  patient.consents = true;
  const PatientFacts facts(patient);
  const auto judge = [&](const std::string& text) {
    Criterion criterion;
    criterion.section = CriterionSection::kInclusion;
    criterion.text = text;
    return JudgeText(criterion, NormalizeForMatching(text), facts).truth;
  };
  EXPECT_EQ(judge("Willing to comply with study procedures"), Truth::kTrue);
  EXPECT_NE(judge("Willing and medically eligible to use NRT"), Truth::kTrue);
  EXPECT_NE(judge("Willing and able to swallow tablets"), Truth::kTrue);
}

// A criterion left to a clinician's opinion decides nothing (second user
// test: "In the opinion of the provider ..." excluded everyone).
TEST(TextJudgeTest, AClinciansOpinionDecidesNothing) {
  EXPECT_EQ(PredictCriterionLabel("60 yo woman with type 2 diabetes, HbA1c 9.1%.", false,
                                  "In the opinion of the provider, HgbA1c goals should adjusted "
                                  "above 7% due to comorbidities"),
            "not enough information");
}

// A healthy person has no diagnosis, however the criterion says it is made;
// a test result stays open.
TEST(TextJudgeTest, AHealthyPersonHasNoDiagnosisHoweverMade) {
  const std::string healthy = "I am a healthy 30 year old woman with no medical conditions.";
  EXPECT_EQ(PredictCriterionLabel(healthy, true,
                                  "Diagnosed with possible or definite IIM per the 2017 EULAR/ACR "
                                  "classification criteria (>=5.5 points without biopsy)"),
            "not included");
  EXPECT_EQ(PredictCriterionLabel(healthy, true, "Negative screening for SARS-CoV-2 by PCR"),
            "not enough information");
}

}  // namespace
}  // namespace trialfinder
