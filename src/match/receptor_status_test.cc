// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "match/receptor_status.h"

#include <gtest/gtest.h>

#include "text/normalize.h"

namespace trialfinder {
namespace {

Patient WithReceptors(std::optional<bool> er, std::optional<bool> pr, std::optional<bool> her2) {
  Patient patient;
  const auto add = [&](const char* name, std::optional<bool> positive) {
    if (positive) patient.labs.push_back({name, std::nullopt, "", positive, "record"});
  };
  add("estrogen receptor", er);
  add("progesterone receptor", pr);
  add("HER2", her2);
  return patient;
}

// kTrue, kFalse or kUnknown as a letter; '-' for no reading.
char Judge(const Patient& patient, const std::string& criterion) {
  const PatientFacts facts(patient);
  const std::optional<ReceptorJudgement> judged =
      JudgeReceptorStatus(NormalizeForMatching(criterion), facts);
  if (!judged) return '-';
  switch (judged->judgement.truth) {
    case Truth::kTrue:
      return 'T';
    case Truth::kFalse:
      return 'F';
    default:
      return '?';
  }
}

TEST(ReceptorStatusTest, TheStatusAskedForAgainstTheRecord) {
  const Patient luminal = WithReceptors(true, std::nullopt, false);  // ER+, HER2-
  EXPECT_EQ(Judge(luminal, "Triple negative breast cancer (absence of HER2, ER, PR expression)"),
            'F');
  EXPECT_EQ(Judge(luminal, "TNBC"), 'F');
  EXPECT_EQ(Judge(luminal, "HER2-positive breast cancer"), 'F');
  EXPECT_EQ(Judge(luminal, "HER2-negative breast cancer"), 'T');
  EXPECT_EQ(Judge(luminal, "ER+ disease"), 'T');
  EXPECT_EQ(Judge(luminal, "positive for HER2"), 'F');
  // Hormone receptor positive: ER or PR.
  EXPECT_EQ(Judge(luminal, "Hormone receptor-positive, HER2-negative"), 'T');
  EXPECT_EQ(Judge(luminal, "ER and/or PR positive"), 'T');
  // PR is needed and not given.
  EXPECT_EQ(Judge(luminal, "ER-positive and PR-negative"), '?');
  // Alternatives: any of them.
  EXPECT_EQ(Judge(luminal, "HER2-positive or triple-negative breast cancer"), 'F');
  const Patient triple = WithReceptors(false, false, false);
  EXPECT_EQ(Judge(triple, "HER2-positive or triple-negative breast cancer"), 'T');
  EXPECT_EQ(Judge(triple, "Hormone receptor positive"), 'F');
  EXPECT_EQ(Judge(triple, "HR-negative"), 'T');
}

TEST(ReceptorStatusTest, NothingToReadIsNoReading) {
  const Patient luminal = WithReceptors(true, std::nullopt, false);
  EXPECT_EQ(Judge(luminal, "Metastatic breast cancer"), '-');
  EXPECT_EQ(Judge(luminal, "Prior HER2-directed therapy"), '-');
  EXPECT_EQ(Judge(luminal, "Seen in the ER within 24 hours"), '-');
  // One marker asked both ways, not as alternatives.
  EXPECT_EQ(Judge(luminal, "HER2-positive; cohort B: HER2-negative"), '-');
  EXPECT_EQ(Judge(Patient(), "HER2-positive breast cancer"), '-');
}

}  // namespace
}  // namespace trialfinder
