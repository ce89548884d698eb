// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/constraint_judge.h"

#include <gtest/gtest.h>

#include "text/labs.h"
#include "trialfinder/evaluation.h"

namespace trialfinder {
namespace {

Constraint Age(Comparator comparator, double value, std::optional<double> upper = {}) {
  Constraint c;
  c.type = ConstraintType::kAge;
  c.name = "age";
  c.comparator = comparator;
  c.value = value;
  c.upper_value = upper;
  c.unit = "years";
  return c;
}

Constraint Hemoglobin(Comparator comparator, double value, const std::string& unit) {
  Constraint c;
  c.type = ConstraintType::kLab;
  c.name = "hemoglobin";
  c.comparator = comparator;
  c.value = value;
  c.unit = unit;
  const std::optional<LabValue> canonical = CanonicalLabValue("hemoglobin", value, unit);
  if (canonical) {
    c.canonical_value = canonical->value;
    c.canonical_unit = canonical->unit;
  }
  return c;
}

Truth TruthOf(const Constraint& c, const Patient& patient) {
  const PatientFacts facts(patient);
  return JudgeConstraint(c, facts).truth;
}

// An age under two in months or weeks, not "age 0 years" (user test).
TEST(ConstraintJudgeTest, AgeEvidenceForABaby) {
  EXPECT_EQ(AgeEvidence(45.6), "age 45 years");
  EXPECT_EQ(AgeEvidence(8.0 / 12), "age 8 months");
  EXPECT_EQ(AgeEvidence(6.0 / 52), "age 6 weeks");
}

TEST(ConstraintJudgeTest, AgeRangeIncludesBothEnds) {
  Patient patient;
  patient.age_years = 18;
  EXPECT_EQ(TruthOf(Age(Comparator::kRange, 18, 65), patient), Truth::kTrue);
  patient.age_years = 65;
  EXPECT_EQ(TruthOf(Age(Comparator::kRange, 18, 65), patient), Truth::kTrue);
  patient.age_years = 17;
  EXPECT_EQ(TruthOf(Age(Comparator::kRange, 18, 65), patient), Truth::kFalse);
  EXPECT_EQ(TruthOf(Age(Comparator::kLess, 17), patient), Truth::kFalse);
  // Completed years against whole-year bounds: 80.5 is 80, 17.9 is 17.
  patient.age_years = 80.5;
  EXPECT_EQ(TruthOf(Age(Comparator::kRange, 18, 80), patient), Truth::kTrue);
  EXPECT_EQ(TruthOf(Age(Comparator::kLessOrEqual, 80), patient), Truth::kTrue);
  patient.age_years = 17.9;
  EXPECT_EQ(TruthOf(Age(Comparator::kGreaterOrEqual, 18), patient), Truth::kFalse);
  // A bound in months takes a baby's age as it is: 8 months is over 6.
  patient.age_years = 8.0 / 12;
  EXPECT_EQ(TruthOf(Age(Comparator::kGreaterOrEqual, 0.5), patient), Truth::kTrue);
}

TEST(ConstraintJudgeTest, AMissingAgeIsUnknownNotAssumed) {
  const Patient nobody;
  const PatientFacts facts(nobody);
  const Judgement judgement = JudgeConstraint(Age(Comparator::kGreaterOrEqual, 18), facts);
  EXPECT_EQ(judgement.truth, Truth::kUnknown);
  EXPECT_EQ(judgement.evidence, "age not given");
}

TEST(ConstraintJudgeTest, LabValuesAreComparedInTheLabsUsualUnit) {
  Patient patient;
  patient.labs.push_back({"hemoglobin", 9.0, "g/dL", std::nullopt, "Hb 9.0 g/dL"});
  // "hemoglobin >= 85 g/L" is 8.5 g/dL.
  EXPECT_EQ(TruthOf(Hemoglobin(Comparator::kGreaterOrEqual, 85, "g/L"), patient), Truth::kTrue);
  EXPECT_EQ(TruthOf(Hemoglobin(Comparator::kGreaterOrEqual, 10, "g/dL"), patient), Truth::kFalse);
}

TEST(ConstraintJudgeTest, LabUnitsThatCannotBeComparedGiveUnknown) {
  Patient patient;
  patient.labs.push_back({"hemoglobin", 9.0, "furlongs", std::nullopt, "Hb 9 furlongs"});
  const PatientFacts facts(patient);
  const Judgement judgement =
      JudgeConstraint(Hemoglobin(Comparator::kGreaterOrEqual, 10, "g/dL"), facts);
  EXPECT_EQ(judgement.truth, Truth::kUnknown);
  EXPECT_NE(judgement.evidence.find("units cannot be compared"), std::string::npos);
}

Constraint Hba1c(Comparator comparator, double value, const std::string& unit) {
  Constraint c = Hemoglobin(comparator, value, unit);
  c.name = "HbA1c";
  const std::optional<LabValue> canonical = CanonicalLabValue("HbA1c", value, unit);
  c.canonical_value = canonical ? std::optional<double>(canonical->value) : std::nullopt;
  c.canonical_unit = canonical ? canonical->unit : "";
  return c;
}

// Names and units as people write them: "hba1c" is HbA1c, "g/dl" is g/dL;
// an HbA1c without a unit is a percentage up to 20 (IFCC mmol/mol values
// are higher), and the evidence says the unit was taken so. 53 mmol/mol is
// 7.0 %.
TEST(ConstraintJudgeTest, LabNamesAndUnitsAsWrittenAndAnHba1cWithoutUnit) {
  Patient patient;
  patient.labs.push_back({"Hgb", 9.0, "g/dl", std::nullopt, "record"});
  EXPECT_EQ(TruthOf(Hemoglobin(Comparator::kGreaterOrEqual, 85, "g/L"), patient), Truth::kTrue);
  patient.labs = {{"hba1c", 8.1, "", std::nullopt, "record"}};
  const PatientFacts facts(patient);
  const Judgement at_least_7 = JudgeConstraint(Hba1c(Comparator::kGreaterOrEqual, 7, "%"), facts);
  EXPECT_EQ(at_least_7.truth, Truth::kTrue);
  EXPECT_NE(at_least_7.evidence.find("taken as %"), std::string::npos) << at_least_7.evidence;
  EXPECT_EQ(TruthOf(Hba1c(Comparator::kGreaterOrEqual, 75, "mmol/mol"), patient), Truth::kFalse);
  patient.labs = {{"HbA1c", 53, "mmol/mol", std::nullopt, "record"}};
  EXPECT_EQ(TruthOf(Hba1c(Comparator::kGreaterOrEqual, 6.9, "%"), patient), Truth::kTrue);
  EXPECT_EQ(TruthOf(Hba1c(Comparator::kGreaterOrEqual, 7.1, "%"), patient), Truth::kFalse);
  // Other tests are not guessed: a hemoglobin without a unit stays open.
  patient.labs = {{"hemoglobin", 9.0, "", std::nullopt, "record"}};
  EXPECT_EQ(TruthOf(Hemoglobin(Comparator::kGreaterOrEqual, 10, "g/dL"), patient), Truth::kUnknown);
}

TEST(ConstraintJudgeTest, ALabTheRecordDoesNotGiveIsNotReported) {
  const Patient nobody;
  EXPECT_EQ(TruthOf(Hemoglobin(Comparator::kGreaterOrEqual, 10, "g/dL"), nobody),
            Truth::kNotReported);
}

TEST(ConstraintJudgeTest, PregnancyDoesNotAriseForMen) {
  Patient patient;
  patient.sex = "MALE";
  patient.age_years = 40;
  Constraint pregnancy;
  pregnancy.type = ConstraintType::kPregnancy;
  pregnancy.name = "pregnancy";
  EXPECT_EQ(TruthOf(pregnancy, patient), Truth::kNotApplicable);
  patient.sex = "FEMALE";
  const PatientFacts facts(patient);
  const Judgement asked = JudgeConstraint(pregnancy, facts);
  // Never assumed for a woman who could be pregnant: asked.
  EXPECT_EQ(asked.truth, Truth::kUnknown);
  ASSERT_TRUE(asked.question);
  EXPECT_EQ(asked.question->key, "pregnant");
  patient.pregnant = false;
  EXPECT_EQ(JudgeConstraint(pregnancy, facts).truth, Truth::kFalse);
  patient.pregnant = true;
  EXPECT_EQ(JudgeConstraint(pregnancy, facts).truth, Truth::kTrue);
}

TEST(ConstraintJudgeTest, AnUnmentionedConditionAsksAboutItByName) {
  Constraint hiv;
  hiv.type = ConstraintType::kCondition;
  hiv.name = "heart failure";
  const Patient nobody;
  const PatientFacts facts(nobody);
  const Judgement judgement = JudgeConstraint(hiv, facts);
  EXPECT_EQ(judgement.truth, Truth::kNotReported);
  ASSERT_TRUE(judgement.question);
  EXPECT_EQ(judgement.question->key, "condition:heart failure");
}

TEST(ConstraintJudgeTest, ARecordedConditionIsTrueWithItsEvidence) {
  Patient patient;
  patient.conditions.push_back({"heart failure", true, "", "history of heart failure"});
  Constraint condition;
  condition.type = ConstraintType::kCondition;
  condition.name = "heart failure";
  EXPECT_EQ(TruthOf(condition, patient), Truth::kTrue);
}

TEST(ConstraintJudgeTest, ATimeWindowAloneSaysNothing) {
  Constraint window;
  window.type = ConstraintType::kTimeWindow;
  window.value = 4;
  window.unit = "weeks";
  Patient patient;
  patient.age_years = 50;
  EXPECT_EQ(TruthOf(window, patient), Truth::kUnknown);
}

TEST(ConstraintJudgeTest, ConsentIsAskedWhenNotStated) {
  const Patient nobody;
  const PatientFacts unknown(nobody);
  const Judgement asked = JudgeConsent(unknown);
  EXPECT_EQ(asked.truth, Truth::kUnknown);
  ASSERT_TRUE(asked.question);
  EXPECT_EQ(asked.question->key, "consents");
  Patient willing;
  willing.consents = true;
  EXPECT_EQ(JudgeConsent(PatientFacts(willing)).truth, Truth::kTrue);
}

// Patient user test: "No sleep apnea" failed "disrupted sleep" and a
// sleep-quality score. A denied name denies its broader word only when
// its other words are common ones ("no smoking" denies "smoking history").
TEST(ConstraintJudgeTest, ADeniedNameDeniesNoWordOfItThatIsNoDisease) {
  Patient patient;
  patient.description = "No sleep apnea, had a sleep study in 2021 that was normal.";
  patient.conditions.push_back({"sleep apnea", false, "", patient.description});
  patient.conditions.push_back({"smoking", false, "", "no history of smoking"});
  const PatientFacts facts(patient);
  EXPECT_NE(facts.Condition("sleep").truth, Truth::kFalse);
  EXPECT_EQ(facts.Condition("sleep apnea").truth, Truth::kFalse);
  EXPECT_EQ(facts.Condition("smoking history").truth, Truth::kFalse);
}

// "Above 18 years of age" at exactly 18 is not failed: most protocols mean
// 18 or older. A year over is met; "under 18" at 18 is not.
TEST(ConstraintJudgeTest, AStrictLowerAgeBoundAtTheBoundIsOpen) {
  EXPECT_EQ(PredictCriterionLabel("18 year old man with asthma.", true,
                                  "Adult participants above 18 years of age"),
            "not enough information");
  EXPECT_EQ(PredictCriterionLabel("19 year old man with asthma.", true,
                                  "Adult participants above 18 years of age"),
            "included");
  EXPECT_EQ(PredictCriterionLabel("18 year old man with asthma.", true, "Under 18 years of age"),
            "not included");
}

}  // namespace
}  // namespace trialfinder
