// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include <gtest/gtest.h>

#include "text/clinical_text.h"
#include "text/labs.h"
#include "trialfinder/evaluation.h"
#include "trialfinder/patient.h"

namespace trialfinder {
namespace {

const PatientLab* FindLab(const Patient& patient, const std::string& name) {
  for (const PatientLab& lab : patient.labs) {
    if (lab.name == name) return &lab;
  }
  return nullptr;
}

const PatientTreatment* FindTreatment(const Patient& patient, const std::string& name) {
  for (const PatientTreatment& treatment : patient.treatments) {
    if (treatment.name == name) return &treatment;
  }
  return nullptr;
}

TEST(ClinicalTextTest, NegationRunsToTheEndOfTheClause) {
  const ClinicalText text(
      "She is known to have hypertension and obesity. She denies smoking, diabetes, "
      "hypercholesterolemia, or a "
      "family history of heart disease. No fever but a productive cough. Troponin was negative.");
  EXPECT_EQ(text.Find("hypertension").status, MentionStatus::kAffirmed);
  EXPECT_EQ(text.Find("smoking").status, MentionStatus::kNegated);
  EXPECT_EQ(text.Find("diabetes").status, MentionStatus::kNegated);
  EXPECT_NE(text.Find("heart disease").status, MentionStatus::kAffirmed);
  EXPECT_EQ(text.Find("fever").status, MentionStatus::kNegated);
  EXPECT_EQ(text.Find("cough").status, MentionStatus::kAffirmed);
  EXPECT_EQ(text.Find("troponin").status, MentionStatus::kNegated);
  EXPECT_EQ(text.Find("asthma").status, MentionStatus::kNotMentioned);
  // Word endings do not matter; the evidence is the clause.
  const Mention mention = text.Find("hypertensions");
  EXPECT_EQ(mention.status, MentionStatus::kAffirmed);
  EXPECT_EQ(mention.clause, "She is known to have hypertension and obesity");
}

TEST(ClinicalTextTest, ATestResultAtTheEndNegatesBackToAComma) {
  // User test of /match: "EGFR negative" negated the adenocarcinoma.
  const ClinicalText text(
      "Stage IV lung adenocarcinoma, EGFR negative. The chest x-ray was negative. Smoker, 1,000 "
      "packs, hepatitis B surface antigen negative.");
  EXPECT_EQ(text.Find("adenocarcinoma").status, MentionStatus::kAffirmed);
  EXPECT_EQ(text.Find("egfr").status, MentionStatus::kNegated);
  EXPECT_EQ(text.Find("chest x-ray").status, MentionStatus::kNegated);
  EXPECT_EQ(text.Find("hepatitis b surface antigen").status, MentionStatus::kNegated);
  EXPECT_EQ(text.Find("smoker").status, MentionStatus::kAffirmed);
}

TEST(ClinicalTextTest, AffirmedTextLeavesOutNegatedParts) {
  const ClinicalText text("Chest pain radiating to the back. She denies smoking or diabetes.");
  const std::string affirmed = text.AffirmedText();
  EXPECT_NE(affirmed.find("chest pain"), std::string::npos);
  EXPECT_EQ(affirmed.find("smoking"), std::string::npos);
  EXPECT_EQ(affirmed.find("diabetes"), std::string::npos);
}

TEST(CaseReaderTest, ReadsDemographicsConditionsAndMedications) {
  const CriteriaLexicon lexicon;
  Patient patient;
  CaseReader(lexicon).Read(
      "A 58-year-old African-American woman presents to the ER with episodic chest pain. She is "
      "known to have "
      "hypertension and obesity. She denies smoking, diabetes, hypercholesterolemia, or a family "
      "history of heart "
      "disease. She currently takes no medications.",
      patient);
  ASSERT_TRUE(patient.age_years.has_value());
  EXPECT_DOUBLE_EQ(*patient.age_years, 58);
  EXPECT_EQ(patient.sex, "FEMALE");
  ASSERT_NE(patient.FindCondition("hypertension"), nullptr);
  EXPECT_TRUE(patient.FindCondition("hypertension")->present);
  ASSERT_NE(patient.FindCondition("diabetes"), nullptr);
  EXPECT_FALSE(patient.FindCondition("diabetes")->present);
  ASSERT_NE(patient.FindCondition("smoking"), nullptr);
  EXPECT_FALSE(patient.FindCondition("smoking")->present);
  EXPECT_TRUE(patient.no_current_treatments);
  EXPECT_FALSE(patient.pregnant.has_value());
  EXPECT_NE(patient.description.find("chest pain"), std::string::npos);
}

// Someone writing for their child or a relative: that person is the
// patient. Not when they come up after the writer's own conditions.
TEST(CaseReaderTest, ANoteThatStartsWithTheirChildIsAboutTheChild) {
  const CriteriaLexicon lexicon;
  const auto read = [&](const std::string& note) {
    Patient patient;
    CaseReader(lexicon).Read(note, patient);
    return patient;
  };
  const Patient son = read("My son has asthma. He is 8.");
  EXPECT_EQ(son.sex, "MALE");
  EXPECT_EQ(son.age_years, std::optional<double>(8));
  ASSERT_NE(son.FindCondition("asthma"), nullptr);
  EXPECT_TRUE(son.FindCondition("asthma")->present);
  const Patient daughter = read("Our 6-year-old daughter has type 1 diabetes.");
  EXPECT_EQ(daughter.sex, "FEMALE");
  EXPECT_EQ(daughter.age_years, std::optional<double>(6));
  EXPECT_NE(daughter.FindCondition("type 1 diabetes"), nullptr);
  const Patient mother = read("I am 40. I have lupus; my son has asthma.");
  EXPECT_EQ(mother.FindCondition("asthma"), nullptr);
  EXPECT_EQ(mother.age_years, std::optional<double>(40));
  const Patient family = read("My mother had breast cancer.");
  EXPECT_EQ(family.FindCondition("breast cancer"), nullptr);
  EXPECT_TRUE(family.described_relation.empty());
  // An adult relative the writer describes now, saying nothing of
  // themselves; the text is kept as written.
  const Patient father = read("My father is 74 and has Parkinson's disease.");
  EXPECT_EQ(father.described_relation, "father");
  EXPECT_EQ(father.sex, "MALE");
  EXPECT_EQ(father.age_years, std::optional<double>(74));
  EXPECT_EQ(father.description, "My father is 74 and has Parkinson's disease.");
  EXPECT_FALSE(father.conditions.empty());
  const Patient writer = read("My father has diabetes and I have lupus.");
  EXPECT_TRUE(writer.described_relation.empty());
  EXPECT_EQ(writer.FindCondition("diabetes"), nullptr);
  // A caregiver who says so first; the writer speaking of themselves
  // after someone else's history.
  const Patient mom = read("I'm caring for my mom, she is 74 with breast cancer.");
  EXPECT_EQ(mom.described_relation, "mom");
  EXPECT_EQ(mom.age_years, std::optional<double>(74));
  EXPECT_NE(mom.FindCondition("breast cancer"), nullptr);
  const Patient self = read("My father had a stroke, I have depression and I'm 40.");
  EXPECT_TRUE(self.described_relation.empty());
  EXPECT_NE(self.FindCondition("depression"), nullptr);
  EXPECT_EQ(self.FindCondition("stroke"), nullptr);
  // What the writer says of caring is not about their own health.
  const Patient cared = read(
      "My father is 82, he was diagnosed with alzheimer's 3 years ago, lives with me and I'm his "
      "caregiver.");
  EXPECT_EQ(cared.described_relation, "father");
  EXPECT_EQ(cared.age_years, std::optional<double>(82));
  const Patient dad = read("My dad has COPD and I take care of him.");
  EXPECT_EQ(dad.described_relation, "dad");
  EXPECT_NE(dad.FindCondition("copd"), nullptr);
  EXPECT_EQ(dad.FindCondition("chronic obstructive pulmonary disease"), nullptr);  // not twice
  // What the relative had, then how they are now.
  const Patient stroke = read(
      "My mother had a stroke 6 months ago, right arm and leg still weak, she walks with a "
      "walker.");
  EXPECT_EQ(stroke.described_relation, "mother");
  EXPECT_NE(stroke.FindCondition("stroke"), nullptr);
  EXPECT_TRUE(read("My mother had breast cancer and she died in 2010.").described_relation.empty());
}

// Receptor results written into the name ("ER-positive", "PR-") and a
// triple-negative cancer's three.
TEST(CaseReaderTest, ReadsReceptorStatus) {
  const CriteriaLexicon lexicon;
  Patient luminal;
  CaseReader(lexicon).Read(
      "A 52-year-old woman with ER-positive, PR-, HER2-negative breast cancer.", luminal);
  ASSERT_NE(FindLab(luminal, "estrogen receptor"), nullptr);
  EXPECT_EQ(FindLab(luminal, "estrogen receptor")->positive, std::optional<bool>(true));
  ASSERT_NE(FindLab(luminal, "progesterone receptor"), nullptr);
  EXPECT_EQ(FindLab(luminal, "progesterone receptor")->positive, std::optional<bool>(false));
  ASSERT_NE(FindLab(luminal, "HER2"), nullptr);
  EXPECT_EQ(FindLab(luminal, "HER2")->positive, std::optional<bool>(false));
  Patient triple;
  CaseReader(lexicon).Read("45F with triple negative breast cancer.", triple);
  ASSERT_NE(FindLab(triple, "estrogen receptor"), nullptr);
  EXPECT_EQ(FindLab(triple, "estrogen receptor")->positive, std::optional<bool>(false));
  EXPECT_EQ(FindLab(triple, "HER2")->positive, std::optional<bool>(false));
  // Signs and "neg" after each name; a sign belongs to the name before it
  // (user test: HER2 was read positive from "ER+/PR+").
  for (const char* text : {"49F, ER+/PR+/HER2- breast cancer, mets to bones.",
                           "58 yo woman, ILC left breast, ER+ PR+ HER2 neg, stage 2."}) {
    SCOPED_TRACE(text);
    Patient luminal_too;
    CaseReader(lexicon).Read(text, luminal_too);
    ASSERT_NE(FindLab(luminal_too, "HER2"), nullptr);
    EXPECT_EQ(FindLab(luminal_too, "HER2")->positive, std::optional<bool>(false));
    ASSERT_NE(FindLab(luminal_too, "estrogen receptor"), nullptr);
    EXPECT_EQ(FindLab(luminal_too, "estrogen receptor")->positive, std::optional<bool>(true));
  }
  Patient her2;
  CaseReader(lexicon).Read("50 yo woman with breast cancer, HER2 positive, ER negative.", her2);
  ASSERT_NE(FindLab(her2, "estrogen receptor"), nullptr);
  EXPECT_EQ(FindLab(her2, "estrogen receptor")->positive, std::optional<bool>(false));
  EXPECT_EQ(FindLab(her2, "HER2")->positive, std::optional<bool>(true));
}

// A former smoker smoked and no longer does; a current one still does; one
// who never smoked did not (user test: "ex smoker 40 pack yrs" was "does
// not smoke").
TEST(CaseReaderTest, ReadsAFormerSmoker) {
  const CriteriaLexicon lexicon;
  const auto smoking = [&](const char* text) {
    Patient patient;
    CaseReader(lexicon).Read(text, patient);
    const PatientCondition* found = patient.FindCondition("smoking");
    return found == nullptr
               ? std::string("-")
               : std::string(found->present ? "yes" : "no") + (found->resolved ? ", over" : "");
  };
  EXPECT_EQ(smoking("66 yo man, lung cancer, ex smoker 40 pack yrs."), "yes, over");
  EXPECT_EQ(smoking("50 yo man, quit smoking in 2010."), "yes, over");
  EXPECT_EQ(smoking("60 yo woman, COPD, current smoker, 30 pack-years."), "yes");
  EXPECT_EQ(smoking("55 yo man, never smoked."), "no");
}

// Short forms clinicians write ("pembro", "carbo"), brand names ("lupron"),
// and "did" as a past use; "now" elsewhere in the sentence is not a
// current use (user test: "did carbo/paclitaxel + pembro, now its growing
// again" was all current, and pembro unread).
TEST(CaseReaderTest, ReadsShortDrugNamesAndWhenTheyWereTaken) {
  const CriteriaLexicon lexicon;
  Patient lung;
  CaseReader(lexicon).Read(
      "66 yo man, lung cancer, did carbo/paclitaxel + pembro, now its growing again.", lung);
  for (const char* drug : {"carboplatin", "paclitaxel", "pembrolizumab"}) {
    SCOPED_TRACE(drug);
    ASSERT_NE(FindTreatment(lung, drug), nullptr);
    EXPECT_EQ(FindTreatment(lung, drug)->timing, TreatmentTiming::kPast);
  }
  Patient prostate;
  CaseReader(lexicon).Read("72 yo man with prostate cancer, on lupron now.", prostate);
  ASSERT_NE(FindTreatment(prostate, "leuprolide"), nullptr);
  EXPECT_EQ(FindTreatment(prostate, "leuprolide")->timing, TreatmentTiming::kCurrent);
}

// A driver marker's result ("EGFR negative", "KRAS wild-type"), and a
// person who says they are healthy without "I am".
TEST(CaseReaderTest, ReadsMarkersAndAHealthyPerson) {
  const CriteriaLexicon lexicon;
  Patient lung;
  CaseReader(lexicon).Read(
      "62 year old man with lung adenocarcinoma, EGFR negative, KRAS wild-type.", lung);
  ASSERT_NE(FindLab(lung, "EGFR"), nullptr);
  EXPECT_EQ(FindLab(lung, "EGFR")->positive, std::optional<bool>(false));
  ASSERT_NE(FindLab(lung, "KRAS"), nullptr);
  EXPECT_EQ(FindLab(lung, "KRAS")->positive, std::optional<bool>(false));
  // "No EGFR or ALK": none of the genes named.
  Patient neither;
  CaseReader(lexicon).Read("66M, squamous cell lung cancer stage 4, no EGFR or ALK.", neither);
  ASSERT_NE(FindLab(neither, "EGFR"), nullptr);
  EXPECT_EQ(FindLab(neither, "EGFR")->positive, std::optional<bool>(false));
  ASSERT_NE(FindLab(neither, "ALK"), nullptr);
  EXPECT_EQ(FindLab(neither, "ALK")->positive, std::optional<bool>(false));
  EXPECT_FALSE(lung.healthy);
  // "Metastatic" with no stage given is stage IV (M1); "non-metastatic" is
  // no stage.
  Patient spread;
  CaseReader(lexicon).Read("62F with metastatic lung adenocarcinoma.", spread);
  ASSERT_TRUE(spread.stage.has_value());
  EXPECT_EQ(spread.stage->group, "IV");
  EXPECT_EQ(spread.stage->m, "M1");
  Patient local;
  CaseReader(lexicon).Read("65M with non-metastatic prostate cancer.", local);
  EXPECT_FALSE(local.stage.has_value());
  // A change said in words is a positive result, unless denied.
  Patient mutant;
  CaseReader(lexicon).Read("NSCLC, EGFR exon 19 deletion; no KRAS mutation.", mutant);
  ASSERT_NE(FindLab(mutant, "EGFR"), nullptr);
  EXPECT_EQ(FindLab(mutant, "EGFR")->positive, std::optional<bool>(true));
  ASSERT_NE(FindLab(mutant, "KRAS"), nullptr);
  EXPECT_EQ(FindLab(mutant, "KRAS")->positive, std::optional<bool>(false));
  Patient healthy;
  CaseReader(lexicon).Read("healthy 25 year old man, no medical problems", healthy);
  EXPECT_TRUE(healthy.healthy);
  // Not someone who presents with something.
  Patient ill;
  CaseReader(lexicon).Read("A 60 year old man presents with chest pain. No medical problems.", ill);
  EXPECT_FALSE(ill.healthy);
}

// Diseases written as abbreviations the concept table knows in capitals.
TEST(CaseReaderTest, ReadsAbbreviatedDiseases) {
  const CriteriaLexicon lexicon;
  Patient patient;
  CaseReader(lexicon).Read("67M with hx of T2DM, HTN and SLE, no COPD.", patient);
  ASSERT_NE(patient.FindCondition("type 2 diabetes"), nullptr);
  EXPECT_TRUE(patient.FindCondition("type 2 diabetes")->present);
  EXPECT_NE(patient.FindCondition("systemic lupus erythematosus"), nullptr);
  // "copd" is a criteria name the lexicon reads itself: listed once.
  ASSERT_NE(patient.FindCondition("copd"), nullptr);
  EXPECT_FALSE(patient.FindCondition("copd")->present);
  EXPECT_EQ(patient.FindCondition("chronic obstructive pulmonary disease"), nullptr);
  // Not a word in lower case that an abbreviation spells ("all").
  Patient words;
  CaseReader(lexicon).Read("All of my tests were fine.", words);
  EXPECT_EQ(words.FindCondition("acute lymphoblastic leukemia"), nullptr);
}

TEST(CaseReaderTest, ReadsHepatitisWrittenShort) {
  // User test: "hep C" was not read, so hepatitis C exclusions were
  // assumed not to apply.
  const CriteriaLexicon lexicon;
  Patient patient;
  CaseReader(lexicon).Read("58 yo man with hep C, no hep B.", patient);
  ASSERT_NE(patient.FindCondition("hcv"), nullptr);
  EXPECT_TRUE(patient.FindCondition("hcv")->present);
  ASSERT_NE(patient.FindCondition("hbv"), nullptr);
  EXPECT_FALSE(patient.FindCondition("hbv")->present);
}

// Patient user test: a heart-failure patient's drugs were "failed" (the
// failure is the heart's), brands such as Entresto and Keppra were not
// read, and "on warfarin" left its time open.
TEST(CaseReaderTest, AnOrgansFailureFailsNoDrugAndOnIsNow) {
  const CriteriaLexicon lexicon;
  Patient patient;
  CaseReader(lexicon).Read("62 yo man with heart failure, EF 35%, on entresto and lasix.", patient);
  for (const char* name : {"sacubitril/valsartan", "furosemide"}) {
    const PatientTreatment* treatment = FindTreatment(patient, name);
    ASSERT_NE(treatment, nullptr) << name;
    EXPECT_EQ(treatment->response, "") << name;
    EXPECT_EQ(treatment->timing, TreatmentTiming::kCurrent) << name;
  }
  Patient past;
  CaseReader(lexicon).Read("60 yo man, was on warfarin in 2019, failure of methotrexate.", past);
  ASSERT_NE(FindTreatment(past, "warfarin"), nullptr);
  EXPECT_NE(FindTreatment(past, "warfarin")->timing, TreatmentTiming::kCurrent);
  ASSERT_NE(FindTreatment(past, "methotrexate"), nullptr);
  EXPECT_EQ(FindTreatment(past, "methotrexate")->response, "failed");
}

// Fifth user test: "on an insulin pump" and "Started on leuprolide 6 months
// ago" are taken now; inhalers by their generic and INN names are read;
// "cured with Harvoni" ends hepatitis C under each of its names.
TEST(CaseReaderTest, StartedAgoIsNowAndCuredEndsEveryName) {
  const CriteriaLexicon lexicon;
  Patient patient;
  CaseReader(lexicon).Read(
      "71 yo man with prostate adenocarcinoma and type 1 diabetes on an insulin pump. Started on "
      "leuprolide 6 months ago. Uses tiotropium and salbutamol inhalers.",
      patient);
  for (const char* name : {"insulin", "leuprolide", "tiotropium", "albuterol"}) {
    ASSERT_NE(FindTreatment(patient, name), nullptr) << name;
    EXPECT_EQ(FindTreatment(patient, name)->timing, TreatmentTiming::kCurrent) << name;
  }
  ASSERT_NE(patient.FindCondition("prostate adenocarcinoma"), nullptr);
  Patient stopped;
  CaseReader(lexicon).Read("Started methotrexate 2 years ago, stopped last year.", stopped);
  ASSERT_NE(FindTreatment(stopped, "methotrexate"), nullptr);
  EXPECT_EQ(FindTreatment(stopped, "methotrexate")->timing, TreatmentTiming::kPast);
  Patient cured;
  CaseReader(lexicon).Read("I had hepatitis C, cured with Harvoni in 2016.", cured);
  ASSERT_FALSE(cured.conditions.empty());
  for (const PatientCondition& condition : cured.conditions)
    EXPECT_TRUE(condition.resolved) << condition.name;
  Patient pregnant;
  CaseReader(lexicon).Read("I have gestational diabetes and celiac disease too.", pregnant);
  EXPECT_NE(pregnant.FindCondition("gestational diabetes"), nullptr);
  EXPECT_NE(pregnant.FindCondition("celiac disease"), nullptr);
  EXPECT_EQ(pregnant.FindCondition("diabetes"), nullptr);
}

// Second helper of the fifth user test: eponyms without "disease", "I
// take", "since 2020" right after the drug, MS drugs by brand, labs after
// "are" and in more units.
TEST(CaseReaderTest, EponymsSinceAYearAndMoreUnits) {
  const CriteriaLexicon lexicon;
  Patient patient;
  CaseReader(lexicon).Read(
      "I have Crohns and take Humira. I also have MS, on ocrelizumab since 2020, previously on "
      "Tecfidera. His platelets are 50 K/uL, fasting triglycerides 120 mg/dL, CA-125 35 U/mL.",
      patient);
  EXPECT_NE(patient.FindCondition("crohn's disease"), nullptr);
  ASSERT_NE(FindTreatment(patient, "adalimumab"), nullptr);
  EXPECT_EQ(FindTreatment(patient, "adalimumab")->timing, TreatmentTiming::kCurrent);
  ASSERT_NE(FindTreatment(patient, "ocrelizumab"), nullptr);
  EXPECT_EQ(FindTreatment(patient, "ocrelizumab")->timing, TreatmentTiming::kCurrent);
  ASSERT_NE(FindTreatment(patient, "dimethyl fumarate"), nullptr);
  EXPECT_EQ(FindTreatment(patient, "dimethyl fumarate")->timing, TreatmentTiming::kPast);
  const auto lab = [&](const std::string& name) -> const PatientLab* {
    for (const PatientLab& l : patient.labs)
      if (l.name == name) return &l;
    return nullptr;
  };
  ASSERT_NE(lab("platelet count"), nullptr);
  EXPECT_DOUBLE_EQ(*lab("platelet count")->value, 50);
  EXPECT_EQ(lab("platelet count")->unit, "10^9/L");
  ASSERT_NE(lab("TG"), nullptr);
  ASSERT_NE(lab("CA-125"), nullptr);
  EXPECT_TRUE(UnknownLabUnits(patient).empty());
  EXPECT_EQ(PredictCriterionLabel("45 yo man with HIV, CD4 650.", true, "CD4 count >= 350"),
            "included");
}

// Third user test: "nursing my baby" was not read as breastfeeding.
TEST(CaseReaderTest, NursingHerBabyIsBreastfeeding) {
  const CriteriaLexicon lexicon;
  Patient nursing;
  CaseReader(lexicon).Read("30 yo woman with postpartum depression, nursing my baby.", nursing);
  EXPECT_EQ(nursing.breastfeeding, true);
  Patient student;
  CaseReader(lexicon).Read("30 yo woman, I am a nursing student.", student);
  EXPECT_FALSE(student.breastfeeding.has_value());
}

TEST(CaseReaderTest, ReadsSexAgeInMonthsAndPregnancy) {
  const CriteriaLexicon lexicon;
  Patient boy;
  CaseReader(lexicon).Read(
      "An 18-month-old boy is brought in with fever. His mother reports poor feeding.", boy);
  EXPECT_EQ(boy.sex, "MALE");
  ASSERT_TRUE(boy.age_years.has_value());
  EXPECT_DOUBLE_EQ(*boy.age_years, 1.5);
  EXPECT_EQ(boy.pregnant, std::optional<bool>(false));

  Patient pregnant;
  CaseReader(lexicon).Read("A 29-year-old woman, 12 weeks pregnant, with lupus.", pregnant);
  EXPECT_EQ(pregnant.pregnant, std::optional<bool>(true));
  Patient not_pregnant;
  CaseReader(lexicon).Read("A 29-year-old woman with lupus. Pregnancy test negative.",
                           not_pregnant);
  EXPECT_EQ(not_pregnant.pregnant, std::optional<bool>(false));
}

// A decimal comma, and "EF" for the ejection fraction (user test: "HbA1c
// 7,5 %" was 7, "EF 30%" unread); a comma before three digits separates
// thousands.
TEST(CaseReaderTest, ReadsDecimalCommasAndEjectionFraction) {
  const CriteriaLexicon lexicon;
  Patient patient;
  CaseReader(lexicon).Read("HbA1c 7,5 %, platelets 90,000, EF 30%.", patient);
  ASSERT_NE(FindLab(patient, "HbA1c"), nullptr);
  EXPECT_EQ(FindLab(patient, "HbA1c")->value, std::optional<double>(7.5));
  ASSERT_NE(FindLab(patient, "platelet count"), nullptr);
  EXPECT_EQ(FindLab(patient, "platelet count")->value, std::optional<double>(90000));
  ASSERT_NE(FindLab(patient, "LVEF"), nullptr);
  EXPECT_EQ(FindLab(patient, "LVEF")->value, std::optional<double>(30));
}

// A vaccine is not the disease it is named for.
TEST(CaseReaderTest, AVaccineIsNotItsDisease) {
  const CriteriaLexicon lexicon;
  Patient baby;
  CaseReader(lexicon).Read("8 month old boy, had RSV shot (beyfortus) and his flu vaccine.", baby);
  EXPECT_EQ(baby.FindCondition("respiratory syncytial virus"), nullptr);
  Patient ill;
  CaseReader(lexicon).Read("8 month old boy, had RSV last winter.", ill);
  EXPECT_NE(ill.FindCondition("respiratory syncytial virus"), nullptr);
}

// A BMI of 30 or more is obesity, said or not.
TEST(CaseReaderTest, ABmiOf30OrMoreIsObesity) {
  const CriteriaLexicon lexicon;
  Patient heavy;
  CaseReader(lexicon).Read("44F, BMI 41, pre-diabetic.", heavy);
  ASSERT_NE(heavy.FindCondition("obesity"), nullptr);
  EXPECT_TRUE(heavy.FindCondition("obesity")->present);
  Patient lean;
  CaseReader(lexicon).Read("44F, BMI 24, pre-diabetic.", lean);
  EXPECT_EQ(lean.FindCondition("obesity"), nullptr);
}

TEST(CaseReaderTest, ReadsLabsMarkersAndScores) {
  const CriteriaLexicon lexicon;
  Patient patient;
  CaseReader(lexicon).Read(
      "Labs: hemoglobin 8.2 g/dL, platelets 50,000/uL, creatinine of 1.4 mg/dL. Anti-dsDNA "
      "positive, ANA negative. "
      "SLEDAI-2K score of 10.",
      patient);
  const PatientLab* hemoglobin = FindLab(patient, "hemoglobin");
  ASSERT_NE(hemoglobin, nullptr);
  EXPECT_DOUBLE_EQ(*hemoglobin->value, 8.2);
  EXPECT_EQ(hemoglobin->unit, "g/dL");
  const PatientLab* platelets = FindLab(patient, "platelet count");
  ASSERT_NE(platelets, nullptr);
  EXPECT_DOUBLE_EQ(*platelets->value, 50000);
  EXPECT_EQ(platelets->unit, "/uL");
  ASSERT_NE(FindLab(patient, "serum creatinine"), nullptr);
  ASSERT_NE(FindLab(patient, "anti-dsDNA"), nullptr);
  EXPECT_EQ(FindLab(patient, "anti-dsDNA")->positive, std::optional<bool>(true));
  ASSERT_NE(FindLab(patient, "ANA"), nullptr);
  EXPECT_EQ(FindLab(patient, "ANA")->positive, std::optional<bool>(false));
  ASSERT_EQ(patient.scores.size(), 1u);
  EXPECT_EQ(patient.scores[0].name, "SLEDAI-2K");
  EXPECT_DOUBLE_EQ(patient.scores[0].value, 10);
}

TEST(CaseReaderTest, ReadsTreatmentsWithTheirResponse) {
  const CriteriaLexicon lexicon;
  Patient patient;
  CaseReader(lexicon).Read(
      "Refractory lupus: she failed mycophenolate mofetil and belimumab for 6 months. She is "
      "currently taking "
      "prednisone. She has never received rituximab or CAR-T therapy.",
      patient);
  ASSERT_NE(FindTreatment(patient, "mycophenolate mofetil"), nullptr);
  EXPECT_EQ(FindTreatment(patient, "mycophenolate mofetil")->response, "failed");
  ASSERT_NE(FindTreatment(patient, "belimumab"), nullptr);
  EXPECT_EQ(FindTreatment(patient, "belimumab")->response, "failed");
  ASSERT_TRUE(FindTreatment(patient, "belimumab")->duration_months.has_value());
  EXPECT_DOUBLE_EQ(*FindTreatment(patient, "belimumab")->duration_months, 6);
  ASSERT_NE(FindTreatment(patient, "prednisone"), nullptr);
  EXPECT_EQ(FindTreatment(patient, "prednisone")->timing, TreatmentTiming::kCurrent);
  ASSERT_NE(FindTreatment(patient, "rituximab"), nullptr);
  EXPECT_EQ(FindTreatment(patient, "rituximab")->response, "never received");
  ASSERT_NE(FindTreatment(patient, "car-t"), nullptr);
  EXPECT_EQ(FindTreatment(patient, "car-t")->response, "never received");
  // A dosing schedule or "now" says the treatment is ongoing.
  Patient other;
  CaseReader(lexicon).Read(
      "She is on Benlysta now. Metformin 500 mg twice daily. Mycophenolate was stopped in 2020.",
      other);
  ASSERT_NE(FindTreatment(other, "belimumab"), nullptr);
  EXPECT_EQ(FindTreatment(other, "belimumab")->timing, TreatmentTiming::kCurrent);
  ASSERT_NE(FindTreatment(other, "metformin"), nullptr);
  EXPECT_EQ(FindTreatment(other, "metformin")->timing, TreatmentTiming::kCurrent);
  ASSERT_NE(FindTreatment(other, "mycophenolate"), nullptr);
  EXPECT_EQ(FindTreatment(other, "mycophenolate")->timing, TreatmentTiming::kPast);
  // Stopped, whatever else the sentence says; "used to" and "quit" are
  // treatments taken in the past, not never.
  Patient stopped;
  CaseReader(lexicon).Read(
      "I stopped taking insulin last year. I used to take methotrexate. I quit azathioprine. I "
      "was on prednisone until 2022. I take metformin daily.",
      stopped);
  for (const char* past : {"insulin", "methotrexate", "azathioprine", "prednisone"}) {
    const PatientTreatment* treatment = FindTreatment(stopped, past);
    ASSERT_NE(treatment, nullptr) << past;
    EXPECT_EQ(treatment->timing, TreatmentTiming::kPast) << past;
    EXPECT_EQ(treatment->response, "") << past;
  }
  EXPECT_EQ(FindTreatment(stopped, "metformin")->timing, TreatmentTiming::kCurrent);
  // What follows "now on" is current; "I am on" and "a day" say so too.
  Patient now;
  CaseReader(lexicon).Read(
      "I was on insulin until 2021, now on metformin. Methotrexate failed, now on rituximab. I "
      "am on prednisone 10 mg a day.",
      now);
  EXPECT_EQ(FindTreatment(now, "insulin")->timing, TreatmentTiming::kPast);
  EXPECT_EQ(FindTreatment(now, "metformin")->timing, TreatmentTiming::kCurrent);
  EXPECT_EQ(FindTreatment(now, "methotrexate")->response, "failed");
  EXPECT_EQ(FindTreatment(now, "rituximab")->response, "");
  EXPECT_EQ(FindTreatment(now, "rituximab")->timing, TreatmentTiming::kCurrent);
  EXPECT_EQ(FindTreatment(now, "prednisone")->timing, TreatmentTiming::kCurrent);
  // Someone else's disease is not the patient's.
  Patient family;
  CaseReader(lexicon).Read("My mom had breast cancer and my dad has diabetes. I have asthma.",
                           family);
  EXPECT_EQ(family.FindCondition("breast cancer"), nullptr);
  EXPECT_EQ(family.FindCondition("diabetes"), nullptr);
  // "Did not work" is a failed treatment, not one never taken: "not" there
  // starts no negation (user test of /match: mycophenolate was read as
  // never received, and an immunosuppressant exclusion as not applying).
  for (const char* note : {"Hydroxychloroquine did not work, and mycophenolate did not work "
                           "either.",
                           "Mycophenolate stopped working. Hydroxychloroquine did not help."}) {
    Patient failed;
    CaseReader(lexicon).Read(note, failed);
    for (const char* drug : {"hydroxychloroquine", "mycophenolate"}) {
      ASSERT_NE(FindTreatment(failed, drug), nullptr) << note << " " << drug;
      EXPECT_EQ(FindTreatment(failed, drug)->response, "failed") << note << " " << drug;
    }
  }
  Patient never;
  CaseReader(lexicon).Read("She has not taken mycophenolate.", never);
  ASSERT_NE(FindTreatment(never, "mycophenolate"), nullptr);
  EXPECT_EQ(FindTreatment(never, "mycophenolate")->response, "never received");
  // An impossible lab value in a note is not used.
  Patient slip;
  CaseReader(lexicon).Read("Hemoglobin 500 g/dL. Platelets 150 x10^9/L.", slip);
  for (const PatientLab& lab : slip.labs) EXPECT_NE(lab.name, "hemoglobin");
}

// Issue 20: "hemoglobin 1." and 30,000 digits made std::regex recurse once
// per digit and crashed the server (POST /api/v2/match) and the CLI.
TEST(CaseReaderTest, LongNumbersAndRunsAreReadWithoutCrashing) {
  const CriteriaLexicon lexicon;
  const CaseReader reader(lexicon);
  Patient patient;
  reader.Read("hemoglobin 1." + std::string(30000, '7'), patient);
  const PatientLab* hemoglobin = FindLab(patient, "hemoglobin");
  ASSERT_NE(hemoglobin, nullptr);
  EXPECT_NEAR(hemoglobin->value.value_or(0), 1.78, 0.01);

  Patient spaces;
  reader.Read("45 year old woman" + std::string(40000, ' ') + "with lupus", spaces);
  EXPECT_EQ(spaces.age_years, 45);
  EXPECT_EQ(spaces.sex, "FEMALE");
}

TEST(PatientJsonTest, ReadsStructuredFieldsAndDescription) {
  const CriteriaLexicon lexicon;
  Result<Patient> patient = ParsePatientJson(
      R"({"age": "45 years", "sex": "female", "location": {"lat": 47.6, "lon": -122.3},
          "conditions": [{"name": "Systemic Lupus Erythematosus", "diagnosed": "2019-03"},
                         {"name": "smoking", "present": false}],
          "labs": [{"name": "hemoglobin", "value": 11.2, "unit": "g/dL"}, {"name": "anti-dsDNA", "positive": true}],
          "treatments": [{"name": "belimumab", "status": "past", "durationMonths": 6, "response": "failed"}],
          "pregnant": false, "description": "She denies alcohol use."})",
      CaseReader(lexicon));
  ASSERT_TRUE(patient.ok()) << patient.status().message();
  EXPECT_DOUBLE_EQ(*patient->age_years, 45);
  EXPECT_EQ(patient->sex, "FEMALE");
  EXPECT_DOUBLE_EQ(*patient->latitude, 47.6);
  ASSERT_NE(patient->FindCondition("systemic lupus erythematosus"), nullptr);
  EXPECT_EQ(patient->FindCondition("systemic lupus erythematosus")->diagnosed, "2019-03");
  EXPECT_FALSE(patient->FindCondition("smoking")->present);
  EXPECT_EQ(patient->labs.size(), 2u);
  EXPECT_EQ(patient->treatments.at(0).response, "failed");
  EXPECT_EQ(patient->pregnant, std::optional<bool>(false));
  EXPECT_EQ(patient->description, "She denies alcohol use.");
  // Written back, it reads the same.
  Result<Patient> again = ParsePatientJson(PatientToJson(*patient), CaseReader(lexicon));
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(PatientToJson(*again), PatientToJson(*patient));
  // "healthy": true, written back too.
  Result<Patient> healthy =
      ParsePatientJson(R"({"age": 25, "healthy": true})", CaseReader(lexicon));
  ASSERT_TRUE(healthy.ok()) << healthy.status().message();
  EXPECT_TRUE(healthy->healthy);
  EXPECT_NE(PatientToJson(*healthy).find("\"healthy\""), std::string::npos);
}

// Physician user test: an HBsAg-positive lab left "Positive hepatitis B
// surface antigen" exclusions assumed not to apply.
TEST(PatientJsonTest, InfectionMarkersAreTheirInfections) {
  const CriteriaLexicon lexicon;
  Result<Patient> patient = ParsePatientJson(
      R"({"age": 62, "labs": [{"name": "HBsAg", "positive": true},
                              {"name": "HIV antibody", "positive": false},
                              {"name": "anti-dsDNA", "positive": true}],
          "conditions": [{"name": "hcv", "present": false}],
          "description": "HCV antibody positive."})",
      CaseReader(lexicon));
  ASSERT_TRUE(patient.ok()) << patient.status().message();
  ASSERT_NE(patient->FindCondition("hbv"), nullptr);
  EXPECT_TRUE(patient->FindCondition("hbv")->present);
  ASSERT_NE(patient->FindCondition("hiv"), nullptr);
  EXPECT_FALSE(patient->FindCondition("hiv")->present);
  // What the record says of the infection itself stands.
  EXPECT_FALSE(patient->FindCondition("hcv")->present);
  EXPECT_EQ(patient->conditions.size(), 3U);
}

// A value in a unit matching does not know is named, not silently
// compared with nothing; "K/uL" (thousands per microlitre) is known.
TEST(PatientJsonTest, LabValuesInUnknownUnitsAreNamed) {
  const CriteriaLexicon lexicon;
  Result<Patient> patient = ParsePatientJson(
      R"({"labs": [{"name": "platelets", "value": 250, "unit": "K/uL"},
                   {"name": "hemoglobin", "value": 12, "unit": "bananas"},
                   {"name": "HbA1c", "value": 7.1},
                   {"name": "anti-dsDNA", "positive": true}]})",
      CaseReader(lexicon));
  ASSERT_TRUE(patient.ok()) << patient.status().message();
  const std::vector<std::string> notes = UnknownLabUnits(*patient);
  ASSERT_EQ(notes.size(), 1U);
  EXPECT_EQ(notes[0],
            "labs[1] (hemoglobin): unit 'bananas' is not one matching knows; this value is "
            "compared with no criterion");
  // 250 K/uL is 250 x 10^9/L.
  EXPECT_EQ(NormalizeLabUnit("k/ul", false), "10^9/L");
  EXPECT_EQ(NormalizeLabUnit("10*3/ul", false), "10^9/L");
  EXPECT_FALSE(IsKnownLabUnit("bananas"));
}

TEST(PatientJsonTest, ErrorsNameTheField) {
  const CriteriaLexicon lexicon;
  const CaseReader reader(lexicon);
  struct Case {
    const char* json;
    const char* message;
  };
  for (const Case& c :
       {Case{"[1]", "must be an object"}, Case{"{\"agee\": 4}", "agee: unknown field"},
        Case{"{\"age\": 300}", "age: must be from 0 to 125"},
        Case{"{\"age\": \"old\"}", "'old' is not an age"},
        Case{"{\"sex\": \"X\"}", "sex: must be FEMALE or MALE"},
        Case{"{\"labs\": [{\"name\": \"hb\"}]}", "labs[0]: needs a value or positive"},
        Case{"{\"labs\": [{\"name\": \"hemoglobin\", \"value\": 500, \"unit\": \"g/dL\"}]}",
             "labs[0].value: 500 g/dL is not a possible hemoglobin (expected 0-25 g/dL)"},
        Case{"{\"labs\": [{\"name\": \"platelets\", \"value\": -5, \"unit\": \"10^9/L\"}]}",
             "is not a possible platelet count"},
        Case{"{\"conditions\": [{\"name\": \"x\", \"diagnosed\": \"May\"}]}",
             "conditions[0].diagnosed: 'May' is not a date"},
        Case{"{\"treatments\": [{\"name\": \"x\", \"status\": \"sometimes\"}]}",
             "treatments[0].status: must be current, past or never"},
        Case{"{\"location\": {\"lat\": 91, \"lon\": 0}}", "location: needs lat"},
        Case{"{not json", "not valid JSON"}}) {
    Result<Patient> patient = ParsePatientJson(c.json, reader);
    ASSERT_FALSE(patient.ok()) << c.json;
    EXPECT_EQ(patient.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(patient.status().message().find(c.message), std::string::npos)
        << patient.status().message();
  }
}

// API clients send lists of names: a name alone is {"name": ...}; other
// values are still refused, naming the item.
TEST(PatientJsonTest, NamesAloneAreConditionsAndTreatments) {
  const CriteriaLexicon lexicon;
  const CaseReader reader(lexicon);
  Result<Patient> patient =
      ParsePatientJson(R"({"conditions": ["Lupus", {"name": "asthma", "present": false}],
                           "treatments": ["Plaquenil"]})",
                       reader);
  ASSERT_TRUE(patient.ok()) << patient.status().message();
  ASSERT_EQ(patient->conditions.size(), 2u);
  EXPECT_EQ(patient->conditions[0].name, "lupus");
  EXPECT_TRUE(patient->conditions[0].present);
  ASSERT_EQ(patient->treatments.size(), 1u);
  EXPECT_EQ(patient->treatments[0].name, "hydroxychloroquine");
  Result<Patient> number = ParsePatientJson(R"({"conditions": [5]})", reader);
  ASSERT_FALSE(number.ok());
  EXPECT_NE(number.status().message().find("conditions[0]"), std::string::npos)
      << number.status().message();
  EXPECT_FALSE(ParsePatientJson(R"({"conditions": [""]})", reader).ok());
}

// Issue 20: a form repeating one condition a few hundred times cost 16 s of
// CPU. Repeats count once; the work of one patient is bounded.
TEST(PatientJsonTest, RepeatsCountOnceAndListsAreBounded) {
  const CriteriaLexicon lexicon;
  const CaseReader reader(lexicon);
  std::string repeated = "{\"conditions\": [";
  for (int i = 0; i < 500; ++i) repeated += std::string(i ? "," : "") + "{\"name\": \"Lupus\"}";
  repeated += "], \"treatments\": [{\"name\": \"x\"}, {\"name\": \"X\"}]}";
  Result<Patient> patient = ParsePatientJson(repeated, reader);
  ASSERT_TRUE(patient.ok()) << patient.status().message();
  EXPECT_EQ(patient->conditions.size(), 1u);
  EXPECT_EQ(patient->treatments.size(), 1u);

  std::string many = "{\"conditions\": [";
  for (int i = 0; i < 31; ++i) {
    many += std::string(i ? "," : "") + "{\"name\": \"condition " + std::to_string(i) + "\"}";
  }
  many += "]}";
  Result<Patient> too_many = ParsePatientJson(many, reader);
  ASSERT_FALSE(too_many.ok());
  EXPECT_NE(too_many.status().message().find("conditions: at most 30 different entries"),
            std::string::npos)
      << too_many.status().message();
  Result<Patient> long_name = ParsePatientJson(
      "{\"labs\": [{\"name\": \"" + std::string(201, 'a') + "\", \"value\": 1}]}", reader);
  ASSERT_FALSE(long_name.ok());
  EXPECT_NE(long_name.status().message().find("labs[0].name: longer than 200"), std::string::npos);
  Result<Patient> long_text =
      ParsePatientJson("{\"description\": \"" + std::string(40001, 'a') + "\"}", reader);
  ASSERT_FALSE(long_text.ok());
  EXPECT_NE(long_text.status().message().find("description: longer than 40000"), std::string::npos);
}

}  // namespace
}  // namespace trialfinder

namespace trialfinder {
namespace {

TEST(CaseReaderTest, BrandNamesNegatedPregnancyAndNoCancer) {
  const CriteriaLexicon lexicon;
  Patient patient;
  CaseReader(lexicon).Read(
      "I have lupus. I took Plaquenil for two years but it stopped working, then CellCept, "
      "which also failed. I am not pregnant. No history of cancer.",
      patient);
  const PatientTreatment* hcq = FindTreatment(patient, "hydroxychloroquine");
  ASSERT_NE(hcq, nullptr);
  EXPECT_EQ(hcq->response, "failed");
  const PatientTreatment* mmf = FindTreatment(patient, "mycophenolate mofetil");
  ASSERT_NE(mmf, nullptr);
  EXPECT_EQ(mmf->response, "failed");
  EXPECT_EQ(FindTreatment(patient, "plaquenil"), nullptr);  // read once, as its generic
  EXPECT_EQ(patient.pregnant, false);
  const PatientCondition* cancer = patient.FindCondition("cancer");
  ASSERT_NE(cancer, nullptr);
  EXPECT_FALSE(cancer->present);
}

// "With lupus" is a condition; a failure said of one drug is not every
// drug's in the clause; "still active" on a drug is its failure.
TEST(CaseReaderTest, OneWordDiseasesAndFailuresOfTheDrugsTheyName) {
  const CriteriaLexicon lexicon;
  Patient patient;
  CaseReader(lexicon).Read(
      "I am a 34-year-old woman with lupus. I took hydroxychloroquine and prednisone, failed "
      "mycophenolate. Belimumab left the disease still active. I took azathioprine, but it "
      "stopped working.",
      patient);
  const PatientCondition* sle = patient.FindCondition("systemic lupus erythematosus");
  ASSERT_NE(sle, nullptr);
  EXPECT_TRUE(sle->present);
  for (const char* taken : {"hydroxychloroquine", "prednisone"}) {
    const PatientTreatment* treatment = FindTreatment(patient, taken);
    ASSERT_NE(treatment, nullptr) << taken;
    EXPECT_EQ(treatment->response, "") << taken;
  }
  for (const char* failed : {"mycophenolate", "belimumab", "azathioprine"}) {
    const PatientTreatment* treatment = FindTreatment(patient, failed);
    ASSERT_NE(treatment, nullptr) << failed;
    EXPECT_EQ(treatment->response, "failed") << failed;
  }
  // "I'm 34"; a brand's failure is not the other drugs'.
  Patient brief;
  CaseReader(lexicon).Read(
      "I'm 34, female, I have lupus. Plaquenil didn't help, and I took prednisone and "
      "azathioprine. I'm 20 weeks pregnant.",
      brief);
  ASSERT_TRUE(brief.age_years.has_value());
  EXPECT_EQ(*brief.age_years, 34);
  ASSERT_NE(FindTreatment(brief, "hydroxychloroquine"), nullptr);
  EXPECT_EQ(FindTreatment(brief, "hydroxychloroquine")->response, "failed");
  ASSERT_NE(FindTreatment(brief, "azathioprine"), nullptr);
  EXPECT_EQ(FindTreatment(brief, "azathioprine")->response, "");
  // "I am healthy" is a healthy person; "no past medical history" in a
  // case note is not said of one.
  Patient healthy;
  CaseReader(lexicon).Read("I am healthy and take no medicines.", healthy);
  EXPECT_TRUE(healthy.healthy);
  Patient presenting;
  CaseReader(lexicon).Read("A 32 year old with no past medical history presents with pain.",
                           presenting);
  EXPECT_FALSE(presenting.healthy);
  // A one-word name not said to be had is not read ("lupus anticoagulant
  // test" is no diagnosis), nor one negated.
  Patient other;
  CaseReader(lexicon).Read("She has lupus anticoagulant. No asthma.", other);
  EXPECT_EQ(other.FindCondition("systemic lupus erythematosus"), nullptr);
}

TEST(CaseReaderTest, BrandNamesInStructuredTreatments) {
  const CriteriaLexicon lexicon;
  Result<Patient> patient = ParsePatientJson(
      R"({"treatments": [{"name": "CellCept", "status": "past", "response": "failed"}]})",
      CaseReader(lexicon));
  ASSERT_TRUE(patient.ok()) << patient.status().message();
  ASSERT_EQ(patient->treatments.size(), 1u);
  EXPECT_EQ(patient->treatments[0].name, "mycophenolate mofetil");
  EXPECT_EQ(patient->treatments[0].evidence, "record: cellcept");
}

}  // namespace
}  // namespace trialfinder
