// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/study_fit.h"

#include <gtest/gtest.h>

namespace trialfinder {
namespace {

Study WithConditions(std::vector<std::string> conditions) {
  Study study;
  study.protocol.conditions.conditions = std::move(conditions);
  return study;
}

Patient WithCondition(const std::string& name) {
  Patient patient;
  patient.conditions.push_back({name, true, "", "record"});
  return patient;
}

TEST(StudyFitTest, ConditionsMatchByNameKindOrAbbreviation) {
  const Patient lupus = WithCondition("systemic lupus erythematosus");
  const PatientFacts facts(lupus);
  EXPECT_EQ(FitStudy(WithConditions({"SLE - Systemic Lupus Erythematosus"}), facts).fit,
            StudyFit::kStudiesPatientCondition);
  EXPECT_EQ(FitStudy(WithConditions({"Lupus Erythematosus, Systemic"}), facts).fit,
            StudyFit::kStudiesPatientCondition);
  EXPECT_EQ(FitStudy(WithConditions({"Knee Osteoarthritis"}), facts).fit,
            StudyFit::kOtherConditions);
  // A kind of the patient's disease is not the disease: lupus nephritis
  // studies need nephritis.
  EXPECT_EQ(FitStudy(WithConditions({"Lupus Nephritis"}), facts).fit, StudyFit::kOtherConditions);
  EXPECT_EQ(FitStudy(WithConditions({}), facts).fit, StudyFit::kNoConditions);
  EXPECT_EQ(FitStudy(WithConditions({"Healthy Volunteers"}), facts).fit,
            StudyFit::kHealthyVolunteers);
}

// A broad name beside a narrower one of the same study is not what the
// study is about: a transplant trial for end stage renal disease, filed
// also under "Kidney Diseases", is not about every kidney patient (user
// test). Names that are all broad or all kinds of one disease stay.
// The course of the disease is left to the criteria: a relapsed-ALL trial
// studies ALL.
TEST(StudyFitTest, TheCourseOfTheDiseaseIsTheCriterias) {
  Patient patient;
  patient.conditions.push_back({"acute lymphoblastic leukemia", true, "", "record"});
  const PatientFacts facts(patient);
  for (const char* name : {"In Relapse Acute Lymphoblastic Leukemia",
                           "Relapsed/Refractory Acute Lymphoblastic Leukemia",
                           "Childhood Acute Lymphoblastic Leukemia"}) {
    Study study;
    study.protocol.conditions.conditions = {name};
    EXPECT_EQ(FitStudy(study, facts).fit, StudyFit::kStudiesPatientCondition) << name;
  }
  Study other;
  other.protocol.conditions.conditions = {"Relapsed Multiple Myeloma"};
  EXPECT_EQ(FitStudy(other, facts).fit, StudyFit::kOtherConditions);
}

// MeSH's root heading beside narrower ones is not what a study is about.
TEST(StudyFitTest, TheRootMeshHeadingIsLeftOut) {
  Patient patient;
  patient.conditions.push_back({"breast cancer", true, "", "record"});
  const PatientFacts facts(patient);
  Study study;
  study.protocol.conditions.conditions = {"Chronic Lymphocytic Leukaemia"};
  for (const char* term : {"Neoplasms", "Hematologic Neoplasms"}) {
    MeshTerm mesh;
    mesh.term = term;
    study.derived.condition_browse.meshes.push_back(mesh);
  }
  EXPECT_NE(FitStudy(study, facts).fit, StudyFit::kStudiesPatientCondition);
  // Alone, it stays: a study of "Neoplasms" is one of any cancer.
  study.derived.condition_browse.meshes.resize(1);
  study.protocol.conditions.conditions = {"Cancer"};
  EXPECT_EQ(FitStudy(study, facts).fit, StudyFit::kStudiesPatientCondition);
}

TEST(StudyFitTest, ABroaderNameBesideANarrowerOneIsLeftOut) {
  const Patient ckd = WithCondition("chronic kidney disease");
  const PatientFacts facts(ckd);
  Study transplant = WithConditions({"End Stage Renal Disease"});
  transplant.derived.condition_browse.meshes = {{"D007674", "Kidney Diseases"}};
  EXPECT_EQ(FitStudy(transplant, facts).fit, StudyFit::kOtherConditions);
  EXPECT_EQ(FitStudy(WithConditions({"Kidney Diseases"}), facts).fit,
            StudyFit::kStudiesPatientCondition);
  const Patient aml = WithCondition("acute myeloid leukemia");
  const PatientFacts aml_facts(aml);
  EXPECT_EQ(FitStudy(WithConditions({"Acute Leukemia", "Acute Lymphoblastic Leukemia",
                                     "Acute Myeloid Leukemia", "Acute Undifferentiated Leukemia"}),
                     aml_facts)
                .fit,
            StudyFit::kStudiesPatientCondition);
}

// MeSH headings are read in natural order at every comma: an AML patient
// is the subject of a trial the registry files under "Leukemia, Myeloid,
// Acute" whatever its sponsor called the condition.
TEST(StudyFitTest, MeshHeadingsReadInNaturalOrder) {
  const Patient aml = WithCondition("acute myeloid leukemia");
  const PatientFacts facts(aml);
  Study study = WithConditions({"Myeloid Neoplasm"});
  EXPECT_EQ(FitStudy(study, facts).fit, StudyFit::kOtherConditions);
  study.derived.condition_browse.meshes.push_back({"D015470", "Leukemia, Myeloid, Acute"});
  EXPECT_EQ(FitStudy(study, facts).fit, StudyFit::kStudiesPatientCondition);
}

// Matched only through a heading the registry added, sharing no word with
// what the study lists itself, the study may be about something else; a
// heading sharing a word ("Myeloid") is the study's own condition read.
TEST(StudyFitTest, AHeadingTheRegistryAddedAloneIsMarked) {
  const Patient cancer = WithCondition("lung cancer");
  const PatientFacts facts(cancer);
  Study nodules = WithConditions({"Pulmonary Nodule, Solitary", "AI (Artificial Intelligence)"});
  nodules.derived.condition_browse.meshes.push_back({"D008175", "Lung Neoplasms"});
  const StudyFitResult fit = FitStudy(nodules, facts);
  EXPECT_EQ(fit.fit, StudyFit::kStudiesPatientCondition);
  EXPECT_TRUE(fit.added_heading_only);
  EXPECT_NE(fit.evidence.find("pulmonary nodule, solitary"), std::string::npos) << fit.evidence;
  Study own = WithConditions({"Lung Cancer"});
  own.derived.condition_browse.meshes.push_back({"D008175", "Lung Neoplasms"});
  EXPECT_FALSE(FitStudy(own, facts).added_heading_only);
  const Patient aml = WithCondition("acute myeloid leukemia");
  Study myeloid = WithConditions({"Myeloid Neoplasm"});
  myeloid.derived.condition_browse.meshes.push_back({"D015470", "Leukemia, Myeloid, Acute"});
  EXPECT_FALSE(FitStudy(myeloid, PatientFacts(aml)).added_heading_only);
}

// A study of a receptor status the record contradicts is about other
// patients, whatever heading it shares with hers.
TEST(StudyFitTest, AReceptorStatusTheRecordContradicts) {
  Patient patient = WithCondition("breast cancer");
  patient.labs.push_back({"HER2", std::nullopt, "", false, "record"});
  const PatientFacts facts(patient);
  Study study = WithConditions({"HER2-positive Breast Cancer", "Neoplasm Metastasis"});
  study.derived.condition_browse.meshes.push_back({"D001943", "Breast Neoplasms"});
  const StudyFitResult fit = FitStudy(study, facts);
  EXPECT_EQ(fit.fit, StudyFit::kOtherConditions);
  EXPECT_NE(fit.evidence.find("rules out (HER2 negative)"), std::string::npos) << fit.evidence;
  EXPECT_EQ(FitStudy(WithConditions({"HER2-negative Breast Cancer"}), facts).fit,
            StudyFit::kStudiesPatientCondition);
}

// A category whose trials usually take people with the patient's
// condition (">>" in the concept table) is about them.
TEST(StudyFitTest, ACategoryThatUsuallyTakesTheirCondition) {
  const Patient adenocarcinoma = WithCondition("lung adenocarcinoma");
  EXPECT_EQ(
      FitStudy(WithConditions({"Non-small Cell Lung Cancer"}), PatientFacts(adenocarcinoma)).fit,
      StudyFit::kStudiesPatientCondition);
  const Patient aml = WithCondition("acute myeloid leukemia");
  EXPECT_EQ(FitStudy(WithConditions({"Acute Leukemia"}), PatientFacts(aml)).fit,
            StudyFit::kStudiesPatientCondition);
  const Patient copd = WithCondition("copd");
  EXPECT_EQ(FitStudy(WithConditions({"Non-small Cell Lung Cancer"}), PatientFacts(copd)).fit,
            StudyFit::kOtherConditions);
}

// A kind of the patient's disease in a ">>" category is about them, though
// which kind they have is not known.
TEST(StudyFitTest, AKindOfThePatientsDiseaseIsAboutThemNotSurely) {
  const Patient lung = WithCondition("lung cancer");
  const StudyFitResult fit =
      FitStudy(WithConditions({"Non-small Cell Lung Cancer"}), PatientFacts(lung));
  EXPECT_EQ(fit.fit, StudyFit::kStudiesPatientCondition);
  EXPECT_TRUE(fit.added_heading_only);
  EXPECT_NE(fit.evidence.find("which kind"), std::string::npos);
  const Patient lupus = WithCondition("lupus");
  EXPECT_EQ(FitStudy(WithConditions({"Non-small Cell Lung Cancer"}), PatientFacts(lupus)).fit,
            StudyFit::kOtherConditions);
}

// A study taking healthy volunteers whose title says so is one of healthy
// volunteers, whatever condition it lists.
TEST(StudyFitTest, AHealthyVolunteerStudyByItsTitle) {
  Study study = WithConditions({"Cardiovascular Diseases"});
  study.protocol.identification.brief_title = "Drug X in Young Healthy Caucasian Male Subjects";
  study.protocol.eligibility.healthy_volunteers = true;
  const Patient nobody;
  EXPECT_EQ(FitStudy(study, PatientFacts(nobody)).fit, StudyFit::kHealthyVolunteers);
  study.protocol.eligibility.healthy_volunteers = false;
  EXPECT_EQ(FitStudy(study, PatientFacts(nobody)).fit, StudyFit::kOtherConditions);
  // Whatever condition it lists, also the patient's own: a phase 1 study
  // in healthy subjects that lists RA is not about a woman with RA.
  Study phase1 = WithConditions({"Rheumatoid Arthritis"});
  phase1.protocol.identification.brief_title =
      "A Clinical Trial of Safety and Tolerance of TQH3821 Tablets in Adult Healthy Subjects";
  phase1.protocol.eligibility.healthy_volunteers = true;
  const Patient ra = WithCondition("rheumatoid arthritis");
  EXPECT_EQ(FitStudy(phase1, PatientFacts(ra)).fit, StudyFit::kHealthyVolunteers);
  // One that takes patients too is about them.
  phase1.protocol.identification.brief_title =
      "TQH3821 in Healthy Subjects and Patients With Rheumatoid Arthritis";
  EXPECT_EQ(FitStudy(phase1, PatientFacts(ra)).fit, StudyFit::kStudiesPatientCondition);
}

TEST(StudyFitTest, ConditionNameForms) {
  EXPECT_EQ(ConditionNameForms("Systemic Lupus Erythematosus (SLE)"),
            (std::vector<std::string>{"Systemic Lupus Erythematosus", "SLE"}));
  EXPECT_EQ(ConditionNameForms("Lupus Erythematosus, Systemic"),
            (std::vector<std::string>{"Systemic Lupus Erythematosus"}));
}

TEST(StudyFitTest, CohortsOfTheOtherSexOrAgeRuleOut) {
  Patient woman;
  woman.sex = "FEMALE";
  woman.age_years = 60;
  EXPECT_TRUE(CohortRulesOut("Males of reproductive potential", woman));
  EXPECT_TRUE(CohortRulesOut("Pediatric cohort", woman));
  EXPECT_FALSE(CohortRulesOut("Males and females", woman));
  EXPECT_FALSE(CohortRulesOut("Systemic Lupus Erythematosus (SLE)", woman));
  Patient child;
  child.age_years = 10;
  EXPECT_TRUE(CohortRulesOut("Adults with SLE", child));
  EXPECT_FALSE(CohortRulesOut("Part A", Patient{}));
  // "with" and "without" a condition the record gives or denies.
  woman.conditions.push_back({"type 2 diabetes", true, "", "record"});
  EXPECT_TRUE(CohortRulesOut("Glycaemia-related for participant without T2D", woman));
  EXPECT_FALSE(CohortRulesOut("Diabetes-related for participant with T2D", woman));
  Patient denies;
  denies.conditions.push_back({"type 2 diabetes", false, "", "record"});
  EXPECT_TRUE(CohortRulesOut("Diabetes-related for participant with T2D", denies));
  EXPECT_FALSE(CohortRulesOut("Diabetes-related for participant with T2D", Patient{}));
}

}  // namespace
}  // namespace trialfinder
