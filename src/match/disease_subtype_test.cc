// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/disease_subtype.h"

#include <gtest/gtest.h>

#include "text/ascii_case.h"

namespace trialfinder {
namespace {

// A criterion naming one condition in the words `named`.
Criterion Naming(const std::string& text, const std::string& named) {
  Criterion criterion;
  criterion.text = text;
  Constraint condition;
  condition.type = ConstraintType::kCondition;
  condition.name = named;
  condition.evidence = named;
  criterion.constraints.push_back(condition);
  return criterion;
}

std::string Subtype(const std::string& text, const std::string& named,
                    const std::string& description) {
  Patient patient;
  patient.description = description;
  return UnsaidSubtype(Naming(text, named), AsciiLowercase(text), patient).value_or("-");
}

TEST(DiseaseSubtypeTest, ASubtypeBeforeOrAfterTheDiseaseIsAsked) {
  const std::string lung = "A 60-year-old man with lung cancer.";
  EXPECT_EQ(Subtype("Histologically confirmed large cell neuroendocrine lung carcinoma",
                    "lung carcinoma", lung),
            "large cell neuroendocrine");
  EXPECT_EQ(Subtype("Diagnosis of ductal or lobular breast cancer", "breast cancer", lung),
            "ductal or lobular");
  EXPECT_EQ(Subtype("Lung cancer of squamous histology", "lung cancer", lung), "squamous");
  // No subtype, or one in another phrase, asks nothing more.
  EXPECT_EQ(Subtype("Histologically confirmed lung cancer", "lung cancer", lung), "-");
  EXPECT_EQ(Subtype("History of squamous cell skin cancer and lung cancer", "lung cancer", lung),
            "-");
}

TEST(DiseaseSubtypeTest, ASubtypeThePatientGivesIsNotAskedAgain) {
  EXPECT_EQ(Subtype("Diagnosis of ductal or lobular breast cancer", "breast cancer",
                    "Lobular breast cancer, diagnosed 2024."),
            "-");
  // "Non-squamous" is not "squamous"; an adenocarcinoma is non-squamous.
  EXPECT_EQ(Subtype("Squamous lung cancer", "lung cancer", "Non-squamous lung cancer"), "squamous");
  EXPECT_EQ(Subtype("Non-squamous lung cancer", "lung cancer", "lung adenocarcinoma, stage IV"),
            "-");
}

}  // namespace
}  // namespace trialfinder
