// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/eligibility_text.h"

#include <gtest/gtest.h>

namespace trialfinder {
namespace {

TEST(EligibilityTextTest, SplitsSectionsByTheirHeaders) {
  const EligibilitySections sections = SplitEligibilitySections(
      "Participants must be adults.\n\nInclusion Criteria:\n\n* Systemic lupus "
      "erythematosus\n* Age 18 to 75\n\nKEY EXCLUSION CRITERIA\n\n- Active infection\n- "
      "Pregnant or breastfeeding\n");
  EXPECT_EQ(sections.unspecified, "Participants must be adults.\n");
  EXPECT_EQ(sections.inclusion, "Systemic lupus erythematosus\nAge 18 to 75\n");
  EXPECT_EQ(sections.exclusion, "Active infection\nPregnant or breastfeeding\n");
}

TEST(EligibilityTextTest, HeaderRunIntoTheLineBeforeStartsItsSection) {
  const EligibilitySections sections = SplitEligibilitySections(
      "Inclusion Criteria:\n* Consent approved by the Board (MAB). Exclusion Criteria:\xE2\x80\xA2 "
      "Lupus");
  EXPECT_EQ(sections.inclusion, "Consent approved by the Board (MAB).\n");
  EXPECT_EQ(sections.exclusion, "Lupus\n");
}

// Headers naming who they are for (user test: a disc study's "Subject
// Exclusion Criteria" were read as neither section, so "Known autoimmune
// disease" did not exclude a lupus patient).
TEST(EligibilityTextTest, HeadersNamingTheirSubjects) {
  const EligibilitySections sections = SplitEligibilitySections(
      "Subject Inclusion Criteria:\n\n1. Chronic low back pain\n\nSubject Exclusion "
      "Criteria\n\n1. Known autoimmune disease\n");
  EXPECT_EQ(sections.inclusion, "Chronic low back pain\n");
  EXPECT_EQ(sections.exclusion, "Known autoimmune disease\n");
  EXPECT_TRUE(sections.unspecified.empty());
}

// A label after the header's colon (second helper user test: "Pregnancy"
// under "Exclusion Criteria: contra-indication" was an inclusion, "met").
TEST(EligibilityTextTest, AHeaderWithALabelAfterItsColon) {
  const EligibilitySections sections = SplitEligibilitySections(
      "Inclusion Criteria:\n\n* Adult\n\nExclusion Criteria: contra-indication\n\n* Pregnancy\n");
  EXPECT_EQ(sections.inclusion, "Adult\n");
  EXPECT_EQ(sections.exclusion, "Pregnancy\n");
}

// Text on the header's line (fifth helper user test: every criterion of
// these was "required or excluded, not known"), and the PDQ form of older
// NCI records, whose sections are what a patient must have.
TEST(EligibilityTextTest, HeadersWithTextOnTheirLineAndPdqSections) {
  EligibilitySections sections = SplitEligibilitySections(
      "Inclusion Criteria: The person who meet all the following criteria\n\n1. Age 18 or "
      "older\n\nExclusion Criteria: Pregnant women\n");
  EXPECT_EQ(sections.inclusion,
            "The person who meet all the following criteria\nAge 18 or older\n");
  EXPECT_EQ(sections.exclusion, "Pregnant women\n");
  sections = SplitEligibilitySections(
      "Inclusion Criteria Stage 1\n\n  -  ECOG Performance Status of 0 or 1\n\nExclusion "
      "Criteria Stage 1\n\n  -  Pregnancy\n");
  EXPECT_EQ(sections.inclusion, "ECOG Performance Status of 0 or 1\n");
  EXPECT_EQ(sections.exclusion, "Pregnancy\n");
  sections = SplitEligibilitySections(
      "DISEASE CHARACTERISTICS:\n\n  -  Adenocarcinoma of the prostate\n\nPATIENT "
      "CHARACTERISTICS:\n\n  -  Not pregnant\n\nPRIOR CONCURRENT THERAPY:\n\n  -  No prior "
      "chemotherapy\n");
  EXPECT_EQ(sections.inclusion,
            "Adenocarcinoma of the prostate\nNot pregnant\nNo prior chemotherapy\n");
  EXPECT_TRUE(sections.unspecified.empty());
}

TEST(EligibilityTextTest, SentencesAreNotHeaders) {
  const EligibilitySections sections =
      SplitEligibilitySections("Patients with lupus are excluded from this study.\n");
  EXPECT_TRUE(sections.exclusion.empty());
  EXPECT_EQ(sections.unspecified, "Patients with lupus are excluded from this study.\n");
  EXPECT_TRUE(SplitEligibilitySections("").inclusion.empty());
}

}  // namespace
}  // namespace trialfinder
