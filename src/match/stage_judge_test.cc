// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Criteria asking for a cancer stage, against a staged patient: met, not
// met, and left unknown where the stage does not decide.

#include <gtest/gtest.h>

#include "trialfinder/criteria.h"
#include "trialfinder/match.h"
#include "trialfinder/patient.h"

namespace trialfinder {
namespace {

Study LungCancerStudy() {
  Study study;
  study.protocol.identification.nct_id = "NCT00000001";
  study.protocol.eligibility.eligibility_criteria =
      "Inclusion Criteria:\n"
      "* Histologically confirmed stage IIIB or IV non-small cell lung cancer\n"
      "* Stage IIIB/IV NSCLC with an activating EGFR mutation\n"
      "* Stage IIIB or IV adenocarcinoma of the pancreas\n"
      "Exclusion Criteria:\n"
      "* Stage IV disease\n"
      "* History of stage III melanoma\n";
  study.protocol.conditions.conditions = {"Non-small Cell Lung Cancer"};
  return study;
}

TrialMatch Judge(const Patient& patient, const Study& study) {
  CriteriaLexicon lexicon;
  lexicon.AddStudy(study);
  return EligibilityJudge(patient).Judge(study, EligibilityParser(lexicon).Parse(study));
}

Verdict Of(const TrialMatch& match, const std::string& part) {
  for (const CriterionVerdict& v : match.criteria) {
    if (v.text.find(part) != std::string::npos) return v.verdict;
  }
  ADD_FAILURE() << "no criterion with '" << part << "'";
  return Verdict::kUnknown;
}

Patient Staged(const std::string& group, const std::string& m = "",
               const std::vector<std::string>& more = {}) {
  Patient patient;
  patient.age_years = 61;
  patient.sex = "MALE";
  patient.conditions.push_back({"non-small cell lung cancer", true, "", "record"});
  for (const std::string& name : more) patient.conditions.push_back({name, true, "", "record"});
  patient.stage = PatientStage{group, "", "", m, "record"};
  return patient;
}

TEST(StageJudgeTest, AStageWithinTheListMeetsTheDiagnosisCriterion) {
  const TrialMatch match = Judge(Staged("IV"), LungCancerStudy());
  EXPECT_EQ(Of(match, "confirmed stage IIIB or IV"), Verdict::kMet);
  // Asks for a marker too: the stage alone does not meet it.
  EXPECT_EQ(Of(match, "EGFR mutation"), Verdict::kUnknown);
  // Another cancer: the patient's stage says nothing of it.
  EXPECT_NE(Of(match, "pancreas"), Verdict::kMet);
  EXPECT_EQ(Of(match, "Stage IV disease"), Verdict::kApplies);
  EXPECT_NE(Of(match, "History of stage III melanoma"), Verdict::kApplies);
}

TEST(StageJudgeTest, AStageOutsideTheListFailsItAndLeavesTheExclusion) {
  const TrialMatch match = Judge(Staged("IIA"), LungCancerStudy());
  EXPECT_EQ(Of(match, "confirmed stage IIIB or IV"), Verdict::kNotMet);
  EXPECT_EQ(Of(match, "EGFR mutation"), Verdict::kNotMet);
  EXPECT_EQ(Of(match, "Stage IV disease"), Verdict::kDoesNotApply);
}

TEST(StageJudgeTest, AnotherCancersStageOrAStagesOwnRuleDecidesNothingForThePatient) {
  Study study = LungCancerStudy();
  study.protocol.eligibility.eligibility_criteria =
      "Inclusion Criteria:\n"
      "* Has clinically non-metastatic bladder cancer (N0M0) determined by imaging\n"
      "* Histologically documented, stage III, IV non-small cell lung cancer\n"
      "* Patients with stage III NSCLC who are not suitable for surgery.\n"
      "Exclusion Criteria:\n"
      "* Low-risk non-metastatic prostate cancer\n";
  const TrialMatch match = Judge(Staged("IV"), study);
  for (const CriterionVerdict& v : match.criteria) {
    if (v.text.find("bladder") != std::string::npos ||
        v.text.find("prostate") != std::string::npos) {
      EXPECT_EQ(v.evidence.find("stage IV"), std::string::npos) << v.text << ": " << v.evidence;
    }
  }
  EXPECT_EQ(Of(match, "stage III, IV"), Verdict::kMet);
  EXPECT_EQ(Of(match, "who are not suitable"), Verdict::kNotApplicable);
  EXPECT_NE(match.status, EligibilityStatus::kExcluded);
}

TEST(StageJudgeTest, ADistantMetastasisInTheRecordIsStageFour) {
  Study study = LungCancerStudy();
  study.protocol.eligibility.eligibility_criteria =
      "Inclusion Criteria:\n"
      "* Stage IIIB or IV non-small cell lung cancer\n"
      "Exclusion Criteria:\n"
      "* Presence of locally advanced unresectable or metastatic disease\n"
      "* Presence of cerebral metastases\n"
      "* Confirmed small cell lung cancer (SCLC)\n";
  const TrialMatch match =
      Judge(Staged("IIIA", "", {"liver metastases", "brain metastases"}), study);
  EXPECT_EQ(Of(match, "Stage IIIB or IV"), Verdict::kMet);
  EXPECT_EQ(Of(match, "metastatic disease"), Verdict::kApplies);
  // Named in an exclusion, the patient's own condition is never assumed not
  // to apply: brain metastases are cerebral metastases (the concept table's
  // names are read in criteria since the third user test of /match).
  EXPECT_EQ(Of(match, "cerebral metastases"), Verdict::kApplies);
  // "small cell lung cancer" is not in "non-small cell lung cancer".
  EXPECT_NE(Of(match, "small cell lung cancer (SCLC)"), Verdict::kApplies);
}

TEST(StageJudgeTest, OtherStagingInANonCancerTrialIsNotDecided) {
  Study study;
  study.protocol.identification.nct_id = "NCT00000002";
  study.protocol.eligibility.eligibility_criteria =
      "Inclusion Criteria:\n* WHO paediatric clinical stage III disease\n"
      "* Disc degeneration stage 3 to 5\n";
  study.protocol.conditions.conditions = {"HIV Infections"};
  const TrialMatch match = Judge(Staged("IV"), study);
  for (const CriterionVerdict& v : match.criteria) {
    EXPECT_EQ(v.evidence.find("stage IV"), std::string::npos) << v.text << ": " << v.evidence;
  }
}

TEST(StageJudgeTest, SpreadSinceDiagnosisLeavesALowerStageUndecided) {
  const TrialMatch match =
      Judge(Staged("IIA", "", {"metastatic non-small cell lung cancer"}), LungCancerStudy());
  EXPECT_NE(Of(match, "confirmed stage IIIB or IV"), Verdict::kNotMet);
}

TEST(StageJudgeTest, OnlyMKnownReadsM1AsStageFour) {
  const TrialMatch match = Judge(Staged("", "M1b"), LungCancerStudy());
  EXPECT_EQ(Of(match, "confirmed stage IIIB or IV"), Verdict::kMet);
}

TEST(StageJudgeTest, NoStageInTheRecordKeepsTheDiagnosisUnsure) {
  Patient patient = Staged("IV");
  patient.stage.reset();
  const TrialMatch match = Judge(patient, LungCancerStudy());
  EXPECT_EQ(Of(match, "confirmed stage IIIB or IV"), Verdict::kUnknown);
}

}  // namespace
}  // namespace trialfinder
