// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Criterion verdicts that follow the words (issue 22): each case is a
// criterion as registries write it and a patient who answered a question.

#include <gtest/gtest.h>

#include "match/judge_test_support.h"
#include "trialfinder/criteria.h"
#include "trialfinder/match.h"
#include "trialfinder/patient.h"

namespace trialfinder {
namespace {

Patient Woman(int age, const std::vector<std::string>& answers = {}) {
  Patient patient;
  patient.age_years = age;
  patient.sex = "FEMALE";
  patient.conditions.push_back({"systemic lupus erythematosus", true, "", "record"});
  for (const std::string& answer : answers) EXPECT_TRUE(ApplyAnswerText(answer, patient).ok());
  return patient;
}

TEST(EligibilityJudgeWordsTest, NoToAConditionNeverAppliesItsExceptions) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Systemic lupus erythematosus\nExclusion Criteria:\n"
      "* Active malignancy, except adequately treated non-melanoma skin cancer\n",
      {"Systemic Lupus Erythematosus"});
  for (const char* answer : {"condition:malignancy=no", "condition:cancer=no"}) {
    const TrialMatch match = Judge(Woman(34, {answer}), study);
    EXPECT_EQ(Find(match, "Active malignancy").verdict, Verdict::kDoesNotApply) << answer;
    EXPECT_NE(match.status, EligibilityStatus::kExcluded) << answer;
  }
  // "Yes" to a diagnosis of cancer does not say it is active: a person
  // checks (issue 22: "excluded" needs evidence).
  const TrialMatch yes = Judge(Woman(34, {"condition:malignancy=yes"}), study);
  EXPECT_EQ(Find(yes, "Active malignancy").verdict, Verdict::kUnknown);
  EXPECT_NE(yes.status, EligibilityStatus::kExcluded);
}

// Second user test of /match: "No" to "Have you had a stem cell
// transplant?" failed "Indication for allogeneic HSCT".
TEST(EligibilityJudgeWordsTest, NoToAPastTreatmentDoesNotFailAnIndicationForIt) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Systemic lupus erythematosus\n"
      "* Indication for allogeneic hematopoietic stem cell transplantation\n"
      "* Prior stem cell transplantation\n",
      {"Systemic Lupus Erythematosus"});
  const TrialMatch no = Judge(Woman(34, {"treatment:stem cell transplant=no"}), study);
  EXPECT_EQ(Find(no, "Indication for").verdict, Verdict::kUnknown);
  // A criterion about the history itself is still failed by "No".
  EXPECT_EQ(Find(no, "Prior stem cell").verdict, Verdict::kNotMet);
}

TEST(EligibilityJudgeWordsTest, NoHivMeetsANegativeHivTest) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Systemic lupus erythematosus\n* Negative HIV test at screening\n"
      "Exclusion Criteria:\n* HIV infection\n",
      {"Systemic Lupus Erythematosus"});
  const TrialMatch no = Judge(Woman(34, {"condition:hiv=no"}), study);
  EXPECT_EQ(Find(no, "Negative HIV test").verdict, Verdict::kMet);
  EXPECT_EQ(Find(no, "HIV infection").verdict, Verdict::kDoesNotApply);
  const TrialMatch yes = Judge(Woman(34, {"condition:hiv=yes"}), study);
  EXPECT_EQ(Find(yes, "Negative HIV test").verdict, Verdict::kNotMet);
  EXPECT_EQ(Find(yes, "HIV infection").verdict, Verdict::kApplies);
  const TrialMatch unsure = Judge(Woman(34, {"condition:hiv=unsure"}), study);
  EXPECT_EQ(Find(unsure, "Negative HIV test").verdict, Verdict::kUnknown);
}

// Physician user test: "No" to hepatitis B failed inclusions written for
// people who have it, and "No" to breastfeeding failed an inclusion that
// states whom it excludes ("Yes" met it).
TEST(EligibilityJudgeWordsTest, NoDoesNotFailARuleForPeopleWhoHaveIt) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Systemic lupus erythematosus\n"
      "* For patients with evidence of chronic HBV infection, the HBV viral load must be "
      "undetectable\n"
      "* If hepatitis B positive, must be on antiviral therapy\n"
      "* HBsAg-positive patients are eligible if on antiviral therapy\n"
      "* Patients that are pregnant or breast feeding are excluded\n",
      {"Systemic Lupus Erythematosus"});
  const TrialMatch no =
      Judge(Woman(34, {"condition:hbv=no", "breastfeeding=no", "pregnant=no"}), study);
  for (const char* rule : {"For patients with", "If hepatitis B", "HBsAg-positive"}) {
    EXPECT_EQ(Find(no, rule).verdict, Verdict::kNotApplicable) << rule;
  }
  EXPECT_EQ(Find(no, "breast feeding are excluded").verdict, Verdict::kDoesNotApply)
      << Find(no, "breast feeding are excluded").evidence;
  EXPECT_NE(no.status, EligibilityStatus::kExcluded);
  const TrialMatch yes = Judge(Woman(34, {"breastfeeding=yes"}), study);
  EXPECT_EQ(Find(yes, "breast feeding are excluded").verdict, Verdict::kApplies);
  EXPECT_EQ(yes.status, EligibilityStatus::kExcluded);
}

TEST(EligibilityJudgeWordsTest, AQualifiedOrTimedConditionDoesNotExcludeOnItsOwn) {
  Patient patient = Woman(58);
  patient.conditions.push_back({"hypertension", true, "", "record"});
  patient.conditions.push_back({"myocardial infarction", true, "", "record"});
  const Study study = StudyWith(
      "Exclusion Criteria:\n* Hypertension of > 170/100 mm Hg\n"
      "* Myocardial infarction within 3 months prior to screening\n* Hypertension\n",
      {"Systemic Lupus Erythematosus"});
  const TrialMatch match = Judge(patient, study);
  EXPECT_EQ(Find(match, "170/100").verdict, Verdict::kUnknown);
  EXPECT_EQ(Find(match, "within 3 months").verdict, Verdict::kUnknown);
  EXPECT_EQ(match.criteria.back().verdict, Verdict::kApplies);  // plain "Hypertension"
}

TEST(EligibilityJudgeWordsTest, CriteriaAboutTheOtherSexAreNotApplicable) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Systemic lupus erythematosus\n"
      "* Males of childbearing potential must use effective contraception\n"
      "* Female patients only\n",
      {"Systemic Lupus Erythematosus"});
  const TrialMatch woman = Judge(Woman(60), study);
  EXPECT_EQ(Find(woman, "Males of childbearing").verdict, Verdict::kNotApplicable);
  Patient man = Woman(60);
  man.sex = "MALE";
  EXPECT_EQ(Find(Judge(man, study), "Female patients only").verdict, Verdict::kNotMet);
}

// The other sex named later as people the criterion is about makes it about
// both; named as partners it does not.
TEST(EligibilityJudgeWordsTest, ACriterionNamingBothSexesIsForBoth) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Systemic lupus erythematosus\n"
      "Exclusion Criteria:\n"
      "* Women with a history of breast or ovarian surgery, and men with a history of prostate "
      "surgery\n"
      "* Women with a history of breast or ovarian surgery and their male partners\n",
      {"Systemic Lupus Erythematosus"});
  Patient man = Woman(60);
  man.sex = "MALE";
  const TrialMatch match = Judge(man, study);
  EXPECT_NE(Find(match, "and men with").verdict, Verdict::kNotApplicable);
  EXPECT_EQ(Find(match, "their male partners").verdict, Verdict::kNotApplicable);
  // A partner's pregnancy is about the man, not a woman's.
  const Study partners = StudyWith(
      "Inclusion Criteria:\n* Systemic lupus erythematosus\n"
      "* Male participant with pregnant partner(s) must agree to remain abstinent\n",
      {"Systemic Lupus Erythematosus"});
  EXPECT_EQ(Find(Judge(Woman(40), partners), "pregnant partner").verdict, Verdict::kNotApplicable);
  EXPECT_NE(Find(Judge(man, partners), "pregnant partner").verdict, Verdict::kNotApplicable);
}

TEST(EligibilityJudgeWordsTest, CountsDistinctTreatmentsOfTheNamedClasses) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Systemic lupus erythematosus\n"
      "* Inadequate response to standard therapy: glucocorticoids, antimalarials "
      "(hydroxychloroquine), immunosuppressants (mycophenolate mofetil, azathioprine), or "
      "biologics (rituximab, belimumab); the subject must have received >=2 immunosuppressants "
      "and/or biologics\n",
      {"Systemic Lupus Erythematosus"});
  Patient one = Woman(34);
  one.treatments.push_back(
      {"hydroxychloroquine", TreatmentTiming::kNotSaid, std::nullopt, "failed", "record"});
  one.treatments.push_back(
      {"mycophenolate mofetil", TreatmentTiming::kNotSaid, std::nullopt, "failed", "record"});
  const TrialMatch match = Judge(one, study);
  EXPECT_EQ(Find(match, "Inadequate response").verdict, Verdict::kUnknown);
  EXPECT_NE(match.status, EligibilityStatus::kLikelyEligible);
  Patient two = one;
  two.treatments.push_back(
      {"belimumab", TreatmentTiming::kNotSaid, std::nullopt, "failed", "record"});
  EXPECT_EQ(Find(Judge(two, study), "Inadequate response").verdict, Verdict::kMet);
}

TEST(EligibilityJudgeWordsTest, LikelyEligibleOnlyForTrialsAboutThePatient) {
  const std::string criteria = "Inclusion Criteria:\n* Age 18 years or older\n";
  const TrialMatch lupus = Judge(Woman(34), StudyWith(criteria, {"Lupus Erythematosus, Systemic"}));
  EXPECT_EQ(lupus.status, EligibilityStatus::kLikelyEligible);
  EXPECT_TRUE(lupus.studies_patient_condition);
  const TrialMatch knee = Judge(Woman(34), StudyWith(criteria, {"Knee Osteoarthritis"}));
  EXPECT_EQ(knee.status, EligibilityStatus::kPossiblyEligible);
  EXPECT_FALSE(knee.studies_patient_condition);
  EXPECT_NE(knee.why.find("not about the patient"), std::string::npos) << knee.why;
  Study healthy = StudyWith(criteria, {"Healthy Volunteers"});
  healthy.protocol.eligibility.healthy_volunteers = true;
  EXPECT_EQ(Judge(Woman(34), healthy).status, EligibilityStatus::kExcluded);
  Patient volunteer;
  volunteer.age_years = 30;
  EXPECT_EQ(Judge(volunteer, healthy).status, EligibilityStatus::kLikelyEligible);
}

TEST(EligibilityJudgeWordsTest, UnspecifiedSectionsNeverExclude) {
  const Study study = StudyWith("* Positive HIV Ag/Ab test\n", {"Systemic Lupus Erythematosus"});
  const TrialMatch match = Judge(Woman(34, {"condition:hiv=no"}), study);
  EXPECT_EQ(Find(match, "Positive HIV").verdict, Verdict::kUnknown);
  EXPECT_NE(match.status, EligibilityStatus::kExcluded);
}

TEST(EligibilityJudgeWordsTest, ThePatientsOwnDiseaseIsNotAnotherMalignancy) {
  Patient patient;
  patient.age_years = 60;
  patient.sex = "MALE";
  patient.conditions.push_back({"non-small cell lung cancer", true, "", "record"});
  patient.treatments.push_back(
      {"carboplatin", TreatmentTiming::kNotSaid, std::nullopt, "", "record"});
  Study nsclc = StudyWith(
      "Inclusion Criteria:\n* Stage IV non-small cell lung cancer with an EGFR mutation\n"
      "Exclusion Criteria:\n* Any other malignancy within 5 years\n* Small cell lung cancer\n"
      "* Carboplatin within 3 weeks before the first dose\n"
      "* Planned surgery during the study\n",
      {"Non-small Cell Lung Cancer"});
  nsclc.protocol.arms_interventions.interventions.resize(1);
  nsclc.protocol.arms_interventions.interventions[0].name = "Carboplatin";
  nsclc.protocol.arms_interventions.interventions[0].type = "DRUG";
  const TrialMatch match = Judge(patient, nsclc);
  EXPECT_NE(match.status, EligibilityStatus::kExcluded);
  EXPECT_EQ(Find(match, "other malignancy").verdict, Verdict::kUnknown);
  EXPECT_NE(Find(match, "Small cell lung cancer").verdict, Verdict::kApplies);
  EXPECT_EQ(Find(match, "Carboplatin within").verdict, Verdict::kUnknown);
  // The stage and mutation asked for are not in the record.
  EXPECT_EQ(Find(match, "Stage IV").verdict, Verdict::kUnknown);
  // In a trial about another disease, the patient's cancer is another
  // malignancy.
  const Study lupus = StudyWith("Exclusion Criteria:\n* Any other malignancy within 5 years\n",
                                {"Systemic Lupus Erythematosus"});
  EXPECT_NE(Find(Judge(patient, lupus), "other malignancy").verdict, Verdict::kDoesNotApply);
  Patient surgery = patient;
  surgery.conditions.push_back({"surgery", true, "", "record"});
  EXPECT_EQ(Find(Judge(surgery, nsclc), "Planned surgery").verdict, Verdict::kUnknown);
}

TEST(EligibilityJudgeWordsTest, EveryLabOfACriterionIsRequired) {
  Patient patient = Woman(40);
  patient.labs.push_back({"hemoglobin", 12.0, "g/dL", std::nullopt, "record"});
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Systemic lupus erythematosus\n"
      "* Hemoglobin >= 9 g/dL, platelets >= 100 x 10^9/L, ANC >= 1.5 x 10^9/L\n",
      {"Systemic Lupus Erythematosus"});
  EXPECT_NE(Find(Judge(patient, study), "Hemoglobin >= 9").verdict, Verdict::kMet);
}

TEST(EligibilityJudgeWordsTest, ChildBearingIsNotAboutChildren) {
  Patient pregnant = Woman(28);
  pregnant.pregnant = true;
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Systemic lupus erythematosus\n"
      "* Women of child-bearing age should use contraception\n",
      {"Systemic Lupus Erythematosus"});
  EXPECT_NE(Find(Judge(pregnant, study), "child-bearing").verdict, Verdict::kNotApplicable);
}

TEST(EligibilityJudgeWordsTest, AnAgeThatChoosesTheRuleIsNoRequirement) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n"
      "* Eastern Cooperative Oncology Group performance status score 0-2 (if aged >=18 years); "
      "Karnofsky Performance Scale of >=50 (if aged >=16 years and <18 years); Lansky Performance "
      "Score of >=50 (if aged <16 years).\n"
      "* Age 16 to 17 years\n",
      {"Leukemia"});
  Patient patient;
  patient.age_years = 66;
  patient.conditions.push_back({"leukemia", true, "", "record"});
  patient.scores.push_back({"ECOG", 1, "record"});
  const TrialMatch match = Judge(patient, study);
  EXPECT_NE(Find(match, "Eastern Cooperative").verdict, Verdict::kNotMet);
  // An age that is the requirement still decides.
  EXPECT_EQ(Find(match, "Age 16 to 17").verdict, Verdict::kNotMet);
}

TEST(EligibilityJudgeWordsTest, AKindOfWhatAnExclusionNamesIsNotAssumedAway) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Histologically confirmed non-small cell lung cancer\n"
      "Exclusion Criteria:\n* Active, known, or suspected autoimmune disease\n",
      {"Non-small Cell Lung Cancer"});
  const TrialMatch match = Judge(Woman(34), study);  // she has lupus
  const CriterionVerdict& autoimmune = Find(match, "autoimmune disease");
  EXPECT_NE(autoimmune.verdict, Verdict::kDoesNotApply) << autoimmune.evidence;
  EXPECT_TRUE(autoimmune.evidence.find("systemic lupus erythematosus") != std::string::npos)
      << autoimmune.evidence;
}

// Third user test of /match (a woman with SLE): trials whose exclusions
// name lupus were "possibly eligible" for her.
TEST(EligibilityJudgeWordsTest, ExclusionsNamingHerDiseaseApply) {
  const Study study = StudyWith(
      "Exclusion Criteria:\n"
      "* Patient has been diagnosed with hepatitis, rheumatoid arthritis, lupus erythematosus, or "
      "other autoimmune disease\n"

      "* Active or history of autoimmune disease, including systemic lupus erythematosus, with the "
      "following exceptions: patients with psoriasis covering < 10% of body surface area are "
      "eligible, provided there was no exacerbation within the previous 12 months\n",
      {"Degenerative Disc Disease"});
  const TrialMatch match = Judge(Woman(34), study);
  EXPECT_EQ(Find(match, "lupus erythematosus, or").verdict, Verdict::kApplies);
  // The window and the "< 10%" belong to the exceptions; "active or
  // history" is any time.
  EXPECT_EQ(Find(match, "Active or history").verdict, Verdict::kApplies)
      << Find(match, "Active or history").evidence;
  EXPECT_EQ(match.status, EligibilityStatus::kExcluded);
}

// A broader class her disease belongs to ("autoimmune diseases") is for a
// person to weigh, and she is not asked whether she has one: "Yes" removed
// the lupus trial whose exclusion is "overlap autoimmune diseases not in
// the studied cohorts" (user test).
TEST(EligibilityJudgeWordsTest, ABroaderClassOfHerDiseaseIsReviewedNotAsked) {
  const std::string criteria =
      "Inclusion Criteria:\n* Adults\nExclusion Criteria:\n"
      "* Nonspecific, overlap, mixed autoimmune diseases not clearly identified into any of the "
      "studied cohorts\n";
  const TrialMatch match = Judge(Woman(34), StudyWith(criteria, {"Degenerative Disc Disease"}));
  const CriterionVerdict& overlap = Find(match, "overlap");
  EXPECT_EQ(overlap.verdict, Verdict::kUnknown) << overlap.evidence;
  EXPECT_TRUE(overlap.needs_review) << overlap.evidence;
  EXPECT_FALSE(overlap.question.has_value());
  EXPECT_NE(match.status, EligibilityStatus::kExcluded);
  EXPECT_NE(match.status, EligibilityStatus::kLikelyEligible);
  // In a lupus trial the class is about the other autoimmune diseases.
  const TrialMatch lupus_trial =
      Judge(Woman(34), StudyWith(criteria, {"Systemic Lupus Erythematosus"}));
  EXPECT_EQ(Find(lupus_trial, "overlap").verdict, Verdict::kDoesNotApply)
      << Find(lupus_trial, "overlap").evidence;
}

// An inclusion that asks for an absence is assumed met when the record is
// silent, as an exclusion is assumed not to apply; never when the record
// says otherwise, and an assumption is no evidence for "likely eligible".
TEST(EligibilityJudgeWordsTest, AnAbsenceAskedForIsAssumedOnlyFromSilence) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Age 18-65\n* No history of malignancy\n"
      "* Patients who have never received rituximab\n* Not considered candidates for surgery\n"
      "* No more than 2 prior lines of therapy\n",
      {"Type 2 Diabetes"});
  const TrialMatch silent = Judge(Woman(34), study);
  const CriterionVerdict& malignancy = Find(silent, "No history of malignancy");
  EXPECT_EQ(malignancy.verdict, Verdict::kMet);
  EXPECT_TRUE(malignancy.assumed);
  EXPECT_EQ(Find(silent, "never received rituximab").verdict, Verdict::kMet);
  EXPECT_EQ(Find(silent, "Not considered candidates").verdict, Verdict::kUnknown);
  EXPECT_EQ(Find(silent, "No more than 2").verdict, Verdict::kUnknown);
  // Lupus is not what the trial studies: assumptions and age make no
  // "likely eligible".
  EXPECT_NE(silent.status, EligibilityStatus::kLikelyEligible);

  Patient treated = Woman(34);
  treated.treatments.push_back(
      {"rituximab", TreatmentTiming::kNotSaid, std::nullopt, "", "record"});
  treated.conditions.push_back({"breast cancer", true, "", "record"});
  const TrialMatch said = Judge(treated, study);
  EXPECT_EQ(Find(said, "never received rituximab").verdict, Verdict::kNotMet);
  EXPECT_EQ(Find(said, "No history of malignancy").verdict, Verdict::kNotMet);
  EXPECT_EQ(Find(Judge(Woman(70), study), "Age 18-65").verdict, Verdict::kNotMet);
}

// "Not mentioned" must be true before anything is assumed from it.
TEST(EligibilityJudgeWordsTest, NothingIsAssumedAboutWhatTheRecordNames) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Type 2 diabetes\nExclusion Criteria:\n* Use of insulin\n"
      "* Participation in another clinical trial\n",
      {"Type 2 Diabetes"});
  Patient patient = Woman(45);
  patient.conditions.push_back({"type 2 diabetes", true, "", "record"});
  patient.treatments.push_back(
      {"insulin glargine", TreatmentTiming::kNotSaid, std::nullopt, "", "record"});
  const TrialMatch match = Judge(patient, study);
  const CriterionVerdict& insulin = Find(match, "Use of insulin");
  EXPECT_EQ(insulin.verdict, Verdict::kUnknown) << insulin.evidence;
  EXPECT_FALSE(insulin.assumed);
  const CriterionVerdict& other = Find(match, "another clinical trial");
  EXPECT_EQ(other.verdict, Verdict::kDoesNotApply);
  EXPECT_TRUE(other.assumed);
}

// From a user test: a permission in an exclusion ("permitted until 48
// hours before") excluded a patient taking the drug it permits.
TEST(EligibilityJudgeWordsTest, WhatAnExclusionPermitsDoesNotExclude) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Systemic lupus erythematosus\nExclusion Criteria:\n"
      "* Treatment with prednisone above 10 mg/day; lower doses are permitted until 48 hours "
      "before the infusion\n* Treatment with prednisone\n",
      {"Systemic Lupus Erythematosus"});
  Patient patient = Woman(34);
  patient.treatments.push_back(
      {"prednisone", TreatmentTiming::kCurrent, std::nullopt, "", "record"});
  const TrialMatch match = Judge(patient, study);
  EXPECT_EQ(Find(match, "are permitted").verdict, Verdict::kUnknown);
  EXPECT_EQ(match.criteria.back().verdict, Verdict::kApplies);
}

// Second user test of the assumptions: a definition naming women never
// excludes a man; an event to have had is no absence; another cancer is a
// malignancy.
TEST(EligibilityJudgeWordsTest, DefinitionsEventsAndOtherMalignancies) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Colon adenocarcinoma\n"
      "* A woman is considered to be of childbearing potential unless post-menopausal\n"
      "* Have undergone hysterectomy or be post-menopausal\n"
      "* No remission was achieved after 1 cycle of the standard regimen\n"
      "Exclusion Criteria:\n* Other malignancies within 5 years\n",
      {"Colon Adenocarcinoma"});
  Patient man = Woman(60);
  man.sex = "MALE";
  man.conditions = {{"colon adenocarcinoma", true, "", "record"}};
  const TrialMatch match = Judge(man, study);
  EXPECT_EQ(Find(match, "A woman is considered").verdict, Verdict::kNotApplicable);
  EXPECT_NE(Find(match, "hysterectomy").verdict, Verdict::kNotMet);
  EXPECT_EQ(Find(match, "No remission").verdict, Verdict::kUnknown);
  EXPECT_NE(match.status, EligibilityStatus::kExcluded);

  Patient two_cancers = Woman(70);
  two_cancers.conditions = {{"breast cancer", true, "", "record"}};
  const CriterionVerdict& other =
      Find(Judge(two_cancers, StudyWith("Exclusion Criteria:\n* Other malignancies within 5 "
                                        "years\n",
                                        {"Non-small Cell Lung Cancer"})),
           "Other malignancies");
  EXPECT_EQ(other.verdict, Verdict::kUnknown) << other.evidence;
  EXPECT_NE(other.evidence.find("breast cancer"), std::string::npos) << other.evidence;
}

// User test: "HbA1c 8.2 %" against ">= 6.5 percent" was "units cannot be
// compared".
TEST(EligibilityJudgeWordsTest, PercentIsTheUnitPercent) {
  const Study study = StudyWith("Inclusion Criteria:\n* Type 2 diabetes\n* HbA1c >= 6.5 percent\n",
                                {"Type 2 Diabetes"});
  Patient patient = Woman(45);
  patient.conditions = {{"type 2 diabetes", true, "", "record"}};
  PatientLab hba1c;
  hba1c.name = "HbA1c";
  hba1c.value = 8.2;
  hba1c.unit = "%";
  hba1c.evidence = "record";
  patient.labs.push_back(hba1c);
  const CriterionVerdict& verdict = Find(Judge(patient, study), "HbA1c");
  EXPECT_EQ(verdict.verdict, Verdict::kMet) << verdict.evidence;
  patient.labs[0].value = 6.0;
  EXPECT_EQ(Find(Judge(patient, study), "HbA1c").verdict, Verdict::kNotMet);
}

TEST(EligibilityJudgeWordsTest, AShortInclusionNamingAFindingIsReadInTheDescription) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Fever\n* Presence of productive cough\n"
      "* Fever above 38 C for 3 days\nExclusion Criteria:\n* Fever\n",
      {"Pneumonia"});
  Patient patient;
  patient.age_years = 40;
  patient.sex = "MALE";
  patient.description = "A 40-year-old man with fever and a productive cough for two days.";
  const TrialMatch match = Judge(patient, study);
  int fever_inclusion = 0;
  for (const CriterionVerdict& v : match.criteria) {
    if (v.text == "Fever" && v.section == CriterionSection::kInclusion) {
      EXPECT_EQ(v.verdict, Verdict::kMet);
      ++fever_inclusion;
    }
    // An exclusion is never applied from a word of the description alone.
    if (v.text == "Fever" && v.section == CriterionSection::kExclusion)
      EXPECT_NE(v.verdict, Verdict::kApplies);
    // A number asks for more than the finding.
    if (v.text.find("38") != std::string::npos) EXPECT_EQ(v.verdict, Verdict::kUnknown);
  }
  EXPECT_EQ(fever_inclusion, 1);
  EXPECT_EQ(Find(match, "productive cough").verdict, Verdict::kMet);
  patient.description = "A 40-year-old man with a productive cough. He denies fever.";
  for (const CriterionVerdict& v : Judge(patient, study).criteria) {
    if (v.text == "Fever" && v.section == CriterionSection::kInclusion)
      EXPECT_EQ(v.verdict, Verdict::kNotMet);
  }
}

TEST(EligibilityJudgeWordsTest, NoToPregnancyFailsOnlyWhatAsksForAPregnancyNow) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Systemic lupus erythematosus\n"
      "* Women of childbearing potential must have a negative serum pregnancy test\n"
      "* Female participants must agree to use effective contraception to avoid pregnancy\n"
      "* Desire for pregnancy within 6 months or currently pregnant\n"
      "* Pregnant women at 24 to 28 weeks of gestation\n"
      "Exclusion Criteria:\n* Catastrophic antiphospholipid syndrome\n",
      {"Systemic Lupus Erythematosus"});
  const TrialMatch match =
      Judge(Woman(34, {"pregnant=no", "condition:antiphospholipid syndrome=yes"}), study);
  // Met, or unknown while the test itself is read as a lab to be done.
  EXPECT_NE(Find(match, "negative serum pregnancy test").verdict, Verdict::kNotMet);
  EXPECT_NE(Find(match, "effective contraception").verdict, Verdict::kNotMet);
  EXPECT_EQ(Find(match, "Desire for pregnancy").verdict, Verdict::kUnknown);
  EXPECT_EQ(Find(match, "24 to 28 weeks").verdict, Verdict::kNotMet);
  // A kind the answer does not say: a person decides, nothing excludes.
  EXPECT_EQ(Find(match, "Catastrophic").verdict, Verdict::kUnknown);
  const TrialMatch pregnant = Judge(Woman(34, {"pregnant=yes"}), study);
  EXPECT_NE(Find(pregnant, "negative serum pregnancy test").verdict, Verdict::kMet);
  EXPECT_NE(Find(pregnant, "effective contraception").verdict, Verdict::kMet);
  EXPECT_EQ(Find(pregnant, "24 to 28 weeks").verdict, Verdict::kMet);
}

TEST(EligibilityJudgeWordsTest, WhatTheRecordNamesKeepsATrialFromLikelyEligible) {
  // User test: "No prior systemic therapy for advanced stage disease" was
  // assumed met for a patient given carboplatin, and the trial was called
  // likely eligible.
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Non-small cell lung cancer\n"
      "* No prior systemic therapy for advanced stage disease\n"
      "Exclusion Criteria:\n* HIV infection\n",
      {"Non-small Cell Lung Cancer"});
  Patient patient;
  patient.age_years = 66;
  patient.sex = "MALE";
  patient.conditions.push_back({"non-small cell lung cancer", true, "", "record"});
  const TrialMatch untreated = Judge(patient, study);
  EXPECT_EQ(Find(untreated, "systemic therapy").verdict, Verdict::kMet);  // assumed
  EXPECT_FALSE(Find(untreated, "systemic therapy").needs_review);
  EXPECT_EQ(untreated.status, EligibilityStatus::kLikelyEligible);
  patient.treatments.push_back({});
  patient.treatments.back().name = "carboplatin";
  const TrialMatch treated = Judge(patient, study);
  EXPECT_EQ(Find(treated, "systemic therapy").verdict, Verdict::kUnknown);
  EXPECT_TRUE(Find(treated, "systemic therapy").needs_review);
  EXPECT_EQ(treated.status, EligibilityStatus::kPossiblyEligible);
}

// A pregnancy registry is for pregnant women (or those planning to be):
// while that is unknown, the trial is not "likely eligible" (issue 22).
TEST(EligibilityJudgeWordsTest, InAPregnancyStudyPregnancyIsWhoQualifies) {
  const std::string criteria =
      "Inclusion Criteria:\n* 18 years of age or older\n"
      "* Desire for pregnancy within 6 months or currently pregnant\n"
      "* Systemic lupus erythematosus\n";
  const TrialMatch registry =
      Judge(Woman(34), StudyWith(criteria, {"Pregnancy", "Systemic Lupus Erythematosus"}));
  EXPECT_EQ(registry.status, EligibilityStatus::kPossiblyEligible) << registry.why;
  // Elsewhere a pregnancy item is checked at screening.
  const TrialMatch other = Judge(Woman(34), StudyWith(criteria, {"Systemic Lupus Erythematosus"}));
  EXPECT_EQ(other.status, EligibilityStatus::kLikelyEligible) << other.why;
}

// "Yes" to consent settles what asks for consent, never an exclusion that
// only names consent as a time or compliance as a worry (user test: "Yes"
// excluded a diabetic man from his only diabetes trial).
TEST(EligibilityJudgeWordsTest, ConsentSettlesOnlyWhatAsksForIt) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Systemic lupus erythematosus\n* Willing to give informed consent\n"
      "Exclusion Criteria:\n"
      "* Patients who have taken finerenone in the past 4 weeks prior to obtaining consent\n"
      "* Known psychiatric disorder that may have an impact on compliance with trial "
      "requirements\n"
      "* Unable to provide informed consent\n",
      {"Systemic Lupus Erythematosus"});
  const TrialMatch match = Judge(Woman(34, {"consents=yes"}), study);
  EXPECT_EQ(Find(match, "Willing to give").verdict, Verdict::kMet);
  EXPECT_EQ(Find(match, "Unable to provide").verdict, Verdict::kDoesNotApply);
  for (const char* other : {"finerenone", "psychiatric"}) {
    const CriterionVerdict& v = Find(match, other);
    EXPECT_NE(v.verdict, Verdict::kApplies) << other << ": " << v.evidence;
    EXPECT_EQ(v.evidence.find("willing"), std::string::npos) << other << ": " << v.evidence;
  }
  EXPECT_NE(match.status, EligibilityStatus::kExcluded);
}

// "At least one of: ANA and/or anti-dsDNA and/or anti-Sm": a negative
// anti-dsDNA leaves the others open; a positive one meets it (user test:
// both lupus trials excluded a patient whose ANA was not given).
TEST(EligibilityJudgeWordsTest, OneNegativeMarkerOfSeveralLeavesTheOthersOpen) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Systemic lupus erythematosus\n"
      "* Meet at least one of the following: positive antinuclear antibody (ANA) and/or "
      "anti-dsDNA antibody and/or anti-Sm antibody at screening\n"
      "* Anti-dsDNA positive at screening\n",
      {"Systemic Lupus Erythematosus"});
  for (const bool positive : {false, true}) {
    Patient patient = Woman(34);
    patient.labs.push_back({"anti-dsDNA", std::nullopt, "", positive, "record"});
    const TrialMatch match = Judge(patient, study);
    EXPECT_EQ(Find(match, "at least one").verdict, positive ? Verdict::kMet : Verdict::kUnknown)
        << positive;
    // A criterion that names only this marker still follows it.
    EXPECT_EQ(Find(match, "Anti-dsDNA positive at").verdict,
              positive ? Verdict::kMet : Verdict::kNotMet)
        << positive;
  }
}

// "Pain" read from a case note's "joint pain" does not meet criteria about
// diagnoses that cause pain (user test: a lupus patient "met" lumbago and
// cervical radiculopathy inclusions).
TEST(EligibilityJudgeWordsTest, ASymptomFromACaseNoteMeetsNoDiagnosis) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n"
      "* The symptoms are lumbago combined with radiating pain of one lower limb\n",
      {"Lumbar Disc Herniation"});
  Patient patient = Woman(34);
  patient.conditions.push_back({"pain", true, "", "joint pain and rash"});
  const CriterionVerdict& lumbago = Find(Judge(patient, study), "lumbago");
  EXPECT_EQ(lumbago.verdict, Verdict::kUnknown) << lumbago.evidence;
  EXPECT_TRUE(lumbago.needs_review);
}

// An exclusion of a disease with a marker is not the disease alone (user
// test: "SLE with anti-dsDNA antibody seropositivity" applied to every
// lupus patient).
TEST(EligibilityJudgeWordsTest, ADiseaseWithAMarkerIsNotTheDiseaseAlone) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Systemic sclerosis\nExclusion Criteria:\n"
      "* Overlap with systemic lupus erythematosus with anti-dsDNA antibody seropositivity\n",
      {"Systemic Sclerosis"});
  const CriterionVerdict& overlap = Find(Judge(Woman(34), study), "Overlap");
  EXPECT_EQ(overlap.verdict, Verdict::kUnknown) << overlap.evidence;
}

// A class with the patient's disease named beside it means her disease;
// the class alone is left for review (user test: "Rheumatoid arthritis,
// lupus, or other autoimmune disease" needed review for a lupus patient).
TEST(EligibilityJudgeWordsTest, HerDiseaseListedBesideItsClassApplies) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Cervical radiculopathy\nExclusion Criteria:\n"
      "* Rheumatoid arthritis, lupus, or other autoimmune disease\n"
      "* Other autoimmune disease\n",
      {"Radiculopathy"});
  const TrialMatch match = Judge(Woman(34), study);
  EXPECT_EQ(Find(match, "Rheumatoid arthritis, lupus").verdict, Verdict::kApplies);
  const CriterionVerdict& other = Find(match, "Other autoimmune");
  EXPECT_EQ(other.verdict, Verdict::kUnknown) << other.evidence;
}

// An exclusion that is lab values alone is not assumed away (a test settles
// it); one naming a condition its values define is, with the condition.
TEST(EligibilityJudgeWordsTest, AnExclusionOfLabValuesAloneWaitsForTheTest) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Peripheral arterial disease\nExclusion Criteria:\n"
      "* WBC > 15000.\n"
      "* Serum creatinine > 3.0 mg/dL in patients who are not on hemodialysis\n"
      "* Severe renal impairment (serum creatinine > 3.0 mg/dL)\n"
      "* Impaired renal function, as shown by creatinine clearance <= 25 mL/min\n",
      {"Peripheral Arterial Disease"});
  Patient patient = Woman(60);
  const TrialMatch silent = Judge(patient, study);
  for (const char* labs_alone : {"WBC > 15000", "Serum creatinine > 3.0 mg/dL in"}) {
    const CriterionVerdict& v = Find(silent, labs_alone);
    EXPECT_EQ(v.verdict, Verdict::kUnknown) << labs_alone << ": " << v.evidence;
    EXPECT_FALSE(v.assumed) << labs_alone;
  }
  for (const char* defined : {"Severe renal impairment", "Impaired renal function"}) {
    const CriterionVerdict& v = Find(silent, defined);
    EXPECT_EQ(v.verdict, Verdict::kDoesNotApply) << defined << ": " << v.evidence;
    EXPECT_TRUE(v.assumed) << defined;
  }
  // A value given settles it either way.
  patient.labs.push_back({"creatinine", 1.1, "mg/dL", std::nullopt, "record"});
  const CriterionVerdict low = Find(Judge(patient, study), "Serum creatinine > 3.0 mg/dL in");
  EXPECT_EQ(low.verdict, Verdict::kDoesNotApply) << low.evidence;
  patient.labs.back().value = 3.4;
  const CriterionVerdict high = Find(Judge(patient, study), "Serum creatinine > 3.0 mg/dL in");
  EXPECT_EQ(high.verdict, Verdict::kApplies) << high.evidence;
}

// Age and sex beside a condition qualify it: alone they never apply an
// exclusion, and failing them rules it out.
TEST(EligibilityJudgeWordsTest, AgeAndSexOnlyQualifyWhatAnExclusionNames) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Asthma\nExclusion Criteria:\n"
      "* Atrophic gastritis (onset age less than 60 years)\n"
      "* Women over 50 years of age with osteoporosis\n",
      {"Asthma"});
  const TrialMatch child = Judge(Woman(8), study);
  const CriterionVerdict& gastritis = Find(child, "Atrophic gastritis");
  EXPECT_NE(gastritis.verdict, Verdict::kApplies) << gastritis.evidence;
  EXPECT_NE(child.status, EligibilityStatus::kExcluded);
  Patient young = Woman(30);
  young.conditions.push_back({"osteoporosis", true, "", "record"});
  const CriterionVerdict& too_young = Find(Judge(young, study), "Women over 50");
  EXPECT_EQ(too_young.verdict, Verdict::kDoesNotApply) << too_young.evidence;
  Patient older = Woman(62);
  older.conditions.push_back({"osteoporosis", true, "", "record"});
  const CriterionVerdict& applies = Find(Judge(older, study), "Women over 50");
  EXPECT_EQ(applies.verdict, Verdict::kApplies) << applies.evidence;
}

// An absence a test shows is not assumed from silence: records seldom list
// what was tested negative. An absence of a history still is.
TEST(EligibilityJudgeWordsTest, AnAbsenceATestShowsIsNotAssumed) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Non-small cell lung cancer\n"
      "* Subjects without EGFR mutation or ALK fusion\n"
      "* Absence of QTcF prolongation\n"
      "* No history of stroke\n"
      "* No history of other malignancy\n",
      {"Non-small Cell Lung Cancer"});
  Patient patient = Woman(60);
  patient.conditions.push_back({"non-small cell lung cancer", true, "", "record"});
  const TrialMatch match = Judge(patient, study);
  for (const char* tested : {"without EGFR", "QTcF"}) {
    const CriterionVerdict& v = Find(match, tested);
    EXPECT_EQ(v.verdict, Verdict::kUnknown) << tested << ": " << v.evidence;
    EXPECT_FALSE(v.assumed) << tested;
  }
  const CriterionVerdict& history = Find(match, "No history of stroke");
  EXPECT_EQ(history.verdict, Verdict::kMet) << history.evidence;
  EXPECT_TRUE(history.assumed);
  // Her own cancer is not "other malignancy".
  const CriterionVerdict& other = Find(match, "No history of other malignancy");
  EXPECT_NE(other.verdict, Verdict::kNotMet) << other.evidence;
}

// A marker asked for is not met by the diagnosis and a treatment history.
TEST(EligibilityJudgeWordsTest, AMarkerAskedForIsNotMetByDiagnosisAndTreatment) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Metastatic solid tumor malignancy with documented KRAS G12D "
      "mutation who has received prior chemotherapy\n",
      {"Solid Tumor"});
  Patient patient = Woman(50);
  patient.conditions.push_back({"breast cancer", true, "", "record"});
  patient.treatments.push_back(
      {"chemotherapy", TreatmentTiming::kNotSaid, std::nullopt, "", "record"});
  const CriterionVerdict& v = Find(Judge(patient, study), "KRAS G12D");
  EXPECT_NE(v.verdict, Verdict::kMet) << v.evidence;
}

// A criterion for one group of the trial that the patient's age puts her
// out of is not applicable, not failed; a criterion giving several ages
// accepts any of them.
TEST(EligibilityJudgeWordsTest, AnAgeForAnotherGroupDoesNotFailTheTrial) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Adult arm: aged at least 12 years old.\n"
      "* Pediatric arm: aged 1 to 17 years old.\n"
      "* For adults who are age 75 years or older, or who have comorbidities\n"
      "* Candidates aged 19-70 years sign the consent form; pediatric patients aged 1-7 years "
      "by a guardian; pediatric patients aged 8-18 years sign with their guardians.\n"
      "* Aged 18 years or older\n"
      "* Absence of a suitable haploidentical donor aged between 18 and 50 years\n",
      {"Acute Myeloid Leukemia"});
  Patient child = Woman(8);
  child.conditions.push_back({"acute myeloid leukemia", true, "", "record"});
  const TrialMatch match = Judge(child, study);
  EXPECT_EQ(Find(match, "Adult arm").verdict, Verdict::kNotApplicable);
  EXPECT_EQ(Find(match, "Pediatric arm").verdict, Verdict::kMet);
  EXPECT_EQ(Find(match, "For adults who").verdict, Verdict::kNotApplicable);
  EXPECT_NE(Find(match, "Candidates aged").verdict, Verdict::kNotMet);
  // Without a group, an age she fails fails the trial.
  EXPECT_EQ(Find(match, "Aged 18 years or older").verdict, Verdict::kNotMet);
  // A donor's age is not hers.
  EXPECT_NE(Find(match, "donor aged").verdict, Verdict::kNotMet);
}

// "No" to a treatment settles no criterion about time since one, one to
// come, or fitness for one.
TEST(EligibilityJudgeWordsTest, NoToATreatmentSettlesNoTimeSinceOrPlanForIt) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Non-small cell lung cancer\n"
      "* At least 2 weeks from major surgery\n"
      "* Function can tolerate surgery\n"
      "* Age at HSCT 21 years or younger\n"
      "* Not eligible for autologous stem cell transplant\n",
      {"Non-small Cell Lung Cancer"});
  Patient patient = Woman(15);
  patient.conditions.push_back({"non-small cell lung cancer", true, "", "record"});
  for (const char* answer : {"condition:surgery=no", "treatment:stem cell transplant=no"})
    ASSERT_TRUE(ApplyAnswerText(answer, patient).ok()) << answer;
  const TrialMatch match = Judge(patient, study);
  for (const char* text : {"2 weeks from major surgery", "tolerate surgery", "Age at HSCT"}) {
    const CriterionVerdict& v = Find(match, text);
    EXPECT_NE(v.verdict, Verdict::kNotMet) << text << ": " << v.evidence;
  }
  const CriterionVerdict& not_eligible = Find(match, "Not eligible for autologous");
  EXPECT_NE(not_eligible.verdict, Verdict::kMet) << not_eligible.evidence;
}

// A pregnancy test's result is a pregnancy; a plan beside a pregnancy now
// does not weaken it.
TEST(EligibilityJudgeWordsTest, PregnancyTestsAndPlansFollowAPregnancyNow) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Systemic lupus erythematosus\n"
      "* Women of childbearing potential must have a negative serum pregnancy test within 3 days "
      "prior to the first dose, as required\n"
      "Exclusion Criteria:\n* Positive pregnancy test.\n"
      "* Pregnant, or intend to become pregnant during the study\n",
      {"Systemic Lupus Erythematosus"});
  Patient pregnant = Woman(31);
  pregnant.conditions.push_back({"systemic lupus erythematosus", true, "", "record"});
  pregnant.pregnant = true;
  const TrialMatch match = Judge(pregnant, study);
  EXPECT_EQ(Find(match, "negative serum pregnancy").verdict, Verdict::kNotMet);
  EXPECT_EQ(Find(match, "Positive pregnancy test").verdict, Verdict::kApplies);
  EXPECT_EQ(Find(match, "intend to become pregnant").verdict, Verdict::kApplies);
  Patient not_pregnant = pregnant;
  not_pregnant.pregnant = false;
  const TrialMatch other = Judge(not_pregnant, study);
  EXPECT_NE(Find(other, "negative serum pregnancy").verdict, Verdict::kNotMet);
  EXPECT_EQ(Find(other, "Positive pregnancy test").verdict, Verdict::kDoesNotApply);
}

// Lab thresholds written without a sign, an eGFR without a unit, and the
// EGFR gene apart from the eGFR test.
TEST(EligibilityJudgeWordsTest, LabWordingsUnitlessEgfrAndTheEgfrGene) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Type 2 diabetes\n"
      "* HbA1c 7.0-10.0 percent (53-86 mmol/mol) (both inclusive)\n"
      "* No EGFR mutation\n"
      "Exclusion Criteria:\n* Poorly controlled diabetes (HbA1c of 9.0% or higher)\n"
      "* eGFR < 30 mL/min/1.73 m2\n"
      "* An estimated pre-operative glomerular filtration rate < 25mls/min/1.73m2\n",
      {"Type 2 Diabetes"});
  Patient patient = Woman(60);
  patient.conditions.push_back({"type 2 diabetes", true, "", "record"});
  patient.labs.push_back({"HbA1c", 8.1, "%", std::nullopt, "record"});
  patient.labs.push_back({"eGFR", 55, "", std::nullopt, "record"});
  const TrialMatch match = Judge(patient, study);
  EXPECT_EQ(Find(match, "HbA1c 7.0-10.0").verdict, Verdict::kMet);
  EXPECT_EQ(Find(match, "HbA1c of 9.0%").verdict, Verdict::kDoesNotApply);
  EXPECT_EQ(Find(match, "eGFR < 30").verdict, Verdict::kDoesNotApply);
  const CriterionVerdict& spelled = Find(match, "glomerular filtration rate < 25mls");
  EXPECT_EQ(spelled.verdict, Verdict::kDoesNotApply);
  EXPECT_NE(spelled.evidence.find("eGFR 55"), std::string::npos) << spelled.evidence;
  const CriterionVerdict& gene = Find(match, "EGFR mutation");
  EXPECT_EQ(gene.evidence.find("eGFR"), std::string::npos) << gene.evidence;
}

// A rule that permits people who have something is not failed by its
// absence; a requirement opening the same way is.
TEST(EligibilityJudgeWordsTest, APermissionForPeopleWithItIsNotFailedWithoutIt) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Breast cancer\n"
      "* Participants with HIV are eligible if their viral load is undetectable\n"
      "* Patients with breast cancer must have measurable disease\n",
      {"Breast Cancer"});
  Patient patient = Woman(52);
  ASSERT_TRUE(ApplyAnswerText("condition:hiv=no", patient).ok());
  const TrialMatch match = Judge(patient, study);
  EXPECT_EQ(Find(match, "Participants with HIV").verdict, Verdict::kNotApplicable);
  EXPECT_NE(match.status, EligibilityStatus::kExcluded);
  Patient other = Woman(52);
  other.conditions.push_back({"breast cancer", false, "", "record"});
  EXPECT_EQ(Find(Judge(other, study), "must have measurable").verdict, Verdict::kNotMet);
}

// A person who says they are healthy lacks the diseases a trial asks for,
// not body parts or planned procedures; a healthy-volunteer study is about
// them.
TEST(EligibilityJudgeWordsTest, AHealthyPersonLacksDiseasesOnly) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Relapsed or refractory B-cell acute lymphoblastic leukemia\n"
      "* Moderate to severe ulcerative colitis, with an indication for biologic therapy\n"
      "* Have a cervix\n* Medically cleared for surgery\n",
      {"Acute Lymphoblastic Leukemia"});
  Patient patient = Woman(25);
  patient.healthy = true;
  const TrialMatch match = Judge(patient, study);
  EXPECT_EQ(Find(match, "B-cell acute lymphoblastic").verdict, Verdict::kNotMet);
  EXPECT_EQ(Find(match, "ulcerative colitis").verdict, Verdict::kNotMet);
  EXPECT_NE(Find(match, "Have a cervix").verdict, Verdict::kNotMet);
  EXPECT_NE(Find(match, "cleared for surgery").verdict, Verdict::kNotMet);
  EXPECT_EQ(match.status, EligibilityStatus::kExcluded);
}

// A treatment's status decides criteria about taking it now, through a
// read constraint ("Currently ... on treatment with steroids") or a named
// drug ("Current use of prednisone"); "If receiving ..." is a rule for
// those taking it now.
TEST(EligibilityJudgeWordsTest, CurrentUseFollowsTheTreatmentsStatus) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Systemic lupus erythematosus\n"
      "* If receiving oral glucocorticoids (e.g., prednisone), the dose must be <= 40 mg/day\n"
      "Exclusion Criteria:\n* Current use of prednisone\n"
      "* Currently receiving treatment with corticosteroids\n",
      {"Systemic Lupus Erythematosus"});
  for (const auto& [timing, use, rule] :
       {std::tuple{TreatmentTiming::kPast, Verdict::kDoesNotApply, Verdict::kNotApplicable},
        std::tuple{TreatmentTiming::kCurrent, Verdict::kApplies, Verdict::kUnknown},
        std::tuple{TreatmentTiming::kNotSaid, Verdict::kUnknown, Verdict::kUnknown}}) {
    Patient patient = Woman(40);
    patient.conditions.push_back({"systemic lupus erythematosus", true, "", "record"});
    patient.treatments.push_back({"prednisone", timing, std::nullopt, "", "record"});
    const TrialMatch match = Judge(patient, study);
    EXPECT_EQ(Find(match, "Current use of prednisone").verdict, use) << static_cast<int>(timing);
    EXPECT_EQ(Find(match, "Currently receiving treatment").verdict, use)
        << static_cast<int>(timing);
    EXPECT_EQ(Find(match, "If receiving oral").verdict, rule) << static_cast<int>(timing);
  }
  // Not named at all: the rule is assumed not to concern her.
  Patient none = Woman(40);
  none.conditions.push_back({"systemic lupus erythematosus", true, "", "record"});
  const CriterionVerdict& rule = Find(Judge(none, study), "If receiving oral");
  EXPECT_EQ(rule.verdict, Verdict::kMet);
  EXPECT_TRUE(rule.assumed);
}

// A generic procedure the record names meets no named kind of it: "I had
// knee surgery" is no spine surgery (user test: it applied both).
TEST(EligibilityJudgeWordsTest, ASurgeryIsNotEveryKindOfSurgery) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Low back pain\nExclusion Criteria:\n* History of spine surgery\n"
      "* Any prior surgery at the operative level\n",
      {"Low Back Pain"});
  // "surgery" named as the registry's lexicon names it (an intervention
  // of other studies).
  CriteriaLexicon lexicon;
  lexicon.AddStudy(study);
  lexicon.AddStudy(StudyWith("", {"Surgery"}));
  Patient patient = Woman(60);
  CaseReader(lexicon).Read("I had knee surgery 10 days ago.", patient);
  const TrialMatch match =
      EligibilityJudge(patient).Judge(study, EligibilityParser(lexicon).Parse(study));
  EXPECT_EQ(Find(match, "History of spine surgery").evidence.find("the trial studies"),
            std::string::npos);
  EXPECT_EQ(Find(match, "History of spine surgery").verdict, Verdict::kUnknown);
  EXPECT_EQ(Find(match, "at the operative level").verdict, Verdict::kUnknown);
}

// A surgery at a vertebral level is spine surgery of that region, and the
// study's own surgery ("at the time of surgery") is no history (fourth
// user test: "2 years after L4-L5 fusion" left "prior lumbar spine
// surgery" not mentioned, then met "cleared for surgery").
TEST(EligibilityJudgeWordsTest, ASurgeryAtAVertebralLevelIsSpineSurgery) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Low back pain\n* Medically cleared for surgery\n"
      "Exclusion Criteria:\n* Prior lumbar spine surgery\n* History of lumbar fusion surgery\n"
      "* Spinal fusion\n* Previous cervical spine surgery\n"
      "* Prior surgery of the knee\n",
      {"Low Back Pain", "Spinal Fusion"});
  CriteriaLexicon lexicon;
  lexicon.AddStudy(study);
  lexicon.AddStudy(StudyWith("", {"Surgery"}));
  const auto judge = [&](const std::string& note) {
    Patient patient = Woman(58);
    CaseReader(lexicon).Read(note, patient);
    return EligibilityJudge(patient).Judge(study, EligibilityParser(lexicon).Parse(study));
  };
  const TrialMatch fused = judge("Chronic low back pain, 2 years after L4-L5 fusion.");
  EXPECT_EQ(Find(fused, "Prior lumbar spine surgery").verdict, Verdict::kApplies);
  EXPECT_EQ(Find(fused, "History of lumbar fusion surgery").verdict, Verdict::kApplies);
  // Trials of spinal fusion exclude people who had one: not "another form".
  EXPECT_EQ(Find(fused, "Spinal fusion").verdict, Verdict::kApplies);
  EXPECT_NE(Find(fused, "Previous cervical spine surgery").verdict, Verdict::kApplies);
  EXPECT_NE(Find(fused, "Prior surgery of the knee").verdict, Verdict::kApplies);
  EXPECT_NE(Find(fused, "Medically cleared for surgery").verdict, Verdict::kMet);
  EXPECT_EQ(fused.status, EligibilityStatus::kExcluded);
  // Denied, and without a level, nothing is read.
  const TrialMatch denied = judge("Chronic low back pain. No prior L5-S1 fusion.");
  EXPECT_NE(Find(denied, "Prior lumbar spine surgery").verdict, Verdict::kApplies);
  EXPECT_NE(Find(denied, "Spinal fusion").verdict, Verdict::kApplies);
  const TrialMatch plain = judge("Chronic low back pain.");
  EXPECT_NE(Find(plain, "Prior lumbar spine surgery").verdict, Verdict::kApplies);
  // Worded with the region, or the level after it.
  const TrialMatch worded = judge("Back pain; had lumbar fusion surgery (L4-L5) in 2023.");
  EXPECT_EQ(Find(worded, "Spinal fusion").verdict, Verdict::kApplies);
  EXPECT_EQ(Find(worded, "Prior lumbar spine surgery").verdict, Verdict::kApplies);
  // An exclusion no constraint reads, naming a procedure the record
  // names, is for a person to check, not assumed away.
  const Study unread = StudyWith(
      "Inclusion Criteria:\n* Low back pain\nExclusion Criteria:\n"
      "* Subject has prior fusion at the levels to be treated\n",
      {"Low Back Pain"});
  Patient fused_man = Woman(58);
  CaseReader(lexicon).Read("Chronic low back pain, 2 years after L4-L5 fusion.", fused_man);
  const TrialMatch levels =
      EligibilityJudge(fused_man).Judge(unread, EligibilityParser(lexicon).Parse(unread));
  EXPECT_EQ(Find(levels, "prior fusion at the levels").verdict, Verdict::kUnknown);
}

// An open inclusion naming what the study lists, in words no constraint
// reads, keeps it from "likely eligible" (fourth user test: a nodule study
// for metastatic lung cancer).
TEST(EligibilityJudgeWordsTest, AnOpenInclusionNamingTheStudiedConditionIsNotLikely) {
  Patient patient = Woman(62);
  patient.conditions.push_back({"lung cancer", true, "", "record"});
  const Study plain = StudyWith("Inclusion Criteria:\n* Aged 35 years or above\n",
                                {"Pulmonary Nodule, Solitary", "Lung Cancer"});
  EXPECT_EQ(Judge(patient, plain).status, EligibilityStatus::kLikelyEligible);
  const Study nodule = StudyWith(
      "Inclusion Criteria:\n* Aged 35 years or above\n"
      "* Baseline CT with at least one incidentally detected solid pulmonary nodule\n",
      {"Pulmonary Nodule, Solitary", "Lung Cancer"});
  EXPECT_EQ(Judge(patient, nodule).status, EligibilityStatus::kPossiblyEligible);
}

// The record's receptor status decides what a criterion asks of it: a
// HER2-negative woman is not excluded by "HER2-positive breast cancer"
// (it applied through the diagnosis), nor included by "triple-negative".
TEST(EligibilityJudgeWordsTest, ReceptorStatusDecides) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Triple negative breast cancer (absence of HER2, ER, PR "
      "expression)\n* HER2-negative breast cancer\nExclusion Criteria:\n"
      "* HER2-positive breast cancer\n",
      {"Breast Cancer"});
  CriteriaLexicon lexicon;
  lexicon.AddStudy(study);
  Patient patient = Woman(52);
  CaseReader(lexicon).Read("ER-positive, HER2-negative breast cancer.", patient);
  const TrialMatch match =
      EligibilityJudge(patient).Judge(study, EligibilityParser(lexicon).Parse(study));
  EXPECT_EQ(Find(match, "HER2-positive breast cancer").verdict, Verdict::kDoesNotApply);
  EXPECT_EQ(Find(match, "Triple negative").verdict, Verdict::kNotMet);
  EXPECT_EQ(Find(match, "HER2-negative breast cancer").verdict, Verdict::kMet);
}

// An open inclusion about a treatment in words no constraint reads keeps
// a trial from "likely eligible".
TEST(EligibilityJudgeWordsTest, AnOpenTreatmentInclusionIsNotLikely) {
  Patient patient = Woman(50);
  patient.conditions.push_back({"breast cancer", true, "", "record"});
  const Study plain = StudyWith("Inclusion Criteria:\n* Breast cancer\n", {"Breast Cancer"});
  EXPECT_EQ(Judge(patient, plain).status, EligibilityStatus::kLikelyEligible);
  const Study maintenance = StudyWith(
      "Inclusion Criteria:\n* Breast cancer\n* In the maintenance phase after first-line "
      "chemotherapy\n",
      {"Breast Cancer"});
  EXPECT_EQ(Judge(patient, maintenance).status, EligibilityStatus::kPossiblyEligible);
}

// From the third user test: a transplant as the time of what excludes,
// a heading over exclusion items, and "after" a transplant.
TEST(EligibilityJudgeWordsTest, ATransplantIsWhenNotWhatExcludes) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Relapsed acute lymphoblastic leukemia\n"
      "Exclusion Criteria:\n"
      "* Active acute graft versus host disease (GvHD) of any grade. Patients receiving any agent "
      "to treat or prevent GvHD post bone marrow transplant are not eligible.\n"
      "* Wash-out periods of prior medication:\n"
      "  * HEMATOPOIETIC STEM CELL TRANSPLANTATION:\n"
      "    * Autologous HSCT within 2 months prior to the first study drug dose.\n",
      {"Acute Lymphoblastic Leukemia"});
  const CriteriaLexicon lexicon;
  Patient boy;
  CaseReader(lexicon).Read(
      "8-year-old boy with relapsed acute lymphoblastic leukemia after bone marrow transplant.",
      boy);
  const TrialMatch match = Judge(boy, study);
  EXPECT_NE(Find(match, "Active acute graft").verdict, Verdict::kApplies);
  EXPECT_EQ(Find(match, "HEMATOPOIETIC STEM CELL TRANSPLANTATION:").verdict,
            Verdict::kNotApplicable);
  EXPECT_NE(match.status, EligibilityStatus::kExcluded);
}

// A capitals-only abbreviation of the concept table is a disease only where
// the note writes it so: "psa went back up" is a PSA test, not psoriatic
// arthritis (user test: a prostate-cancer patient had "a kind of
// autoimmune disease").
TEST(EligibilityJudgeWordsTest, AnAbbreviationInLowerCaseIsNoDisease) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Prostate cancer\nExclusion Criteria:\n"
      "* Active or history of autoimmune disease\n",
      {"Prostate Cancer"});
  Patient patient;
  patient.age_years = 72;
  patient.sex = "MALE";
  patient.description =
      "72 yo man with prostate cancer. His psa went back up to 6 after radiation.";
  EXPECT_NE(Find(Judge(patient, study), "autoimmune").verdict, Verdict::kUnknown);
  patient.description = "72 yo man with prostate cancer. He has PsA, on methotrexate.";
  const CriterionVerdict psa = Find(Judge(patient, study), "autoimmune");
  EXPECT_EQ(psa.verdict, Verdict::kUnknown) << psa.evidence;
}

// "Yes" to "Do you have an active infection?" applies an exclusion of just
// that, and leaves one asking more ("requiring systemic therapy") open.
TEST(EligibilityJudgeWordsTest, AYesToAQualifiedNameAppliesIt) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Systemic lupus erythematosus\nExclusion Criteria:\n"
      "* Evidence of active infection\n* Has an active infection requiring systemic therapy\n",
      {"Systemic Lupus Erythematosus"});
  Patient patient = Woman(40);
  ASSERT_TRUE(ApplyAnswer("condition:active infection", Answer::kYes, patient).ok());
  const TrialMatch match = Judge(patient, study);
  EXPECT_EQ(Find(match, "Evidence of active").verdict, Verdict::kApplies);
  EXPECT_EQ(Find(match, "requiring systemic").verdict, Verdict::kUnknown);
}

// An inclusion asking for a pregnancy, or a wish for one, is not met by a
// woman who cannot become pregnant; one naming past pregnancy morbidity
// among other things is not decided by it.
TEST(EligibilityJudgeWordsTest, APregnancyAskedForIsNotMetAfterTheMenopause) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Systemic lupus erythematosus\n"
      "* Desire for pregnancy within 6 months or currently pregnant\n"
      "* Clinical criteria: vascular thrombosis and/or pregnancy morbidity\n",
      {"Systemic Lupus Erythematosus"});
  const TrialMatch match = Judge(Woman(61), study);
  EXPECT_EQ(Find(match, "Desire for pregnancy").verdict, Verdict::kNotMet);
  EXPECT_NE(Find(match, "pregnancy morbidity").verdict, Verdict::kNotMet);
  // Nor is a partner's pregnancy a woman's own.
  const Study partner = StudyWith(
      "Inclusion Criteria:\n* Systemic lupus erythematosus\n"
      "* Males need to inform the doctor if the partner becomes pregnant\n",
      {"Systemic Lupus Erythematosus"});
  Patient man = Woman(61);
  man.sex = "MALE";
  EXPECT_NE(Find(Judge(man, partner), "partner becomes").verdict, Verdict::kNotMet);
  EXPECT_NE(match.status, EligibilityStatus::kLikelyEligible);
}

// A blood count without a unit is per microlitre when in thousands and per
// litre x 10^9 when in units ("platelets 90k", "platelets 250").
TEST(EligibilityJudgeWordsTest, ABloodCountWithoutAUnitIsReadByItsSize) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* Systemic lupus erythematosus\nExclusion Criteria:\n"
      "* Platelets < 100,000/mm3\n",
      {"Systemic Lupus Erythematosus"});
  const CriteriaLexicon lexicon;
  Patient low = Woman(50);
  CaseReader(lexicon).Read("SLE. platelets 90k.", low);
  EXPECT_EQ(Find(Judge(low, study), "Platelets").verdict, Verdict::kApplies);
  Patient normal = Woman(50);
  CaseReader(lexicon).Read("SLE. platelets 250.", normal);
  EXPECT_EQ(Find(Judge(normal, study), "Platelets").verdict, Verdict::kDoesNotApply);
}

// An infection's seropositivity is the infection; a disease's antibody
// seropositivity is a result the diagnosis alone does not give.
TEST(EligibilityJudgeWordsTest, SeropositivityOfAnInfectionAndOfADisease) {
  const Study study = StudyWith(
      "Inclusion Criteria:\n* SLE with anti-dsDNA antibody seropositivity\n"
      "Exclusion Criteria:\n* Known seropositivity for HIV\n",
      {"Systemic Lupus Erythematosus"});
  const CriteriaLexicon lexicon;
  Patient patient = Woman(45);
  CaseReader(lexicon).Read("45F with SLE. HIV positive since 2009, on treatment.", patient);
  const TrialMatch match = Judge(patient, study);
  EXPECT_EQ(Find(match, "seropositivity for HIV").verdict, Verdict::kApplies);
  EXPECT_EQ(Find(match, "anti-dsDNA").verdict, Verdict::kUnknown);
}

// The patient's disease is a kind of a ">>" category: the category is had,
// but a kind the criterion names after it is not known to be theirs.
TEST(EligibilityJudgeWordsTest, AKindOfACategoryMeetsItButNotAnotherKind) {
  const Study study =
      StudyWith("Inclusion Criteria:\n* Dementia\n* Dementia with Lewy Bodies\n", {"Dementia"});
  const CriteriaLexicon lexicon;
  Patient father;
  CaseReader(lexicon).Read("82 year old man with Alzheimer's disease.", father);
  const TrialMatch match = Judge(father, study);
  EXPECT_EQ(Find(match, "Dementia").verdict, Verdict::kMet);
  EXPECT_EQ(Find(match, "Lewy").verdict, Verdict::kUnknown);
}

}  // namespace
}  // namespace trialfinder
