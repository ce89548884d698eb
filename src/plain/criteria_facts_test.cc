// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "plain/criteria_facts.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "trialfinder/criteria.h"

namespace trialfinder::plain {
namespace {

CriteriaFacts FactsOf(const std::string& eligibility) {
  const CriteriaLexicon lexicon;
  return ReadCriteriaFacts(EligibilityParser(lexicon).Parse(eligibility));
}

// A therapy excluded only within a time is not "any history of" it: the
// patient page said "people who have had CAR-T" where the record excluded
// CAR-T within 6 months (issue 25).
TEST(CriteriaFactsTest, TherapiesKeepTheirTimeWindow) {
  const CriteriaFacts facts = FactsOf(
      "Inclusion Criteria:\n\n* Adults\n\nExclusion Criteria:\n\n"
      "* CAR-T cell therapy within the last 6 months\n"
      "* Prior gene therapy\n");
  EXPECT_EQ(facts.therapies, std::vector<std::string>{"gene therapy"});
  ASSERT_EQ(facts.recent_therapies.size(), 1u);
  EXPECT_EQ(facts.recent_therapies[0].first, "6 months");
  for (const std::string& name : facts.recent_therapies[0].second)
    EXPECT_NE(name, "gene therapy") << name;
  EXPECT_FALSE(facts.recent_therapies[0].second.empty());
}

// Excluded at any time in one criterion and within a window in another:
// the wider exclusion is what a patient needs to know.
TEST(CriteriaFactsTest, AnyTimeOutweighsAWindow) {
  const CriteriaFacts facts = FactsOf(
      "Exclusion Criteria:\n\n"
      "* Gene therapy within 1 year before screening\n"
      "* History of gene therapy\n");
  EXPECT_EQ(facts.therapies, std::vector<std::string>{"gene therapy"});
  for (const auto& [window, names] : facts.recent_therapies) EXPECT_TRUE(names.empty()) << window;
}

// A criterion about other trials names therapies as examples of them: it
// does not exclude people who had those therapies (user test: "People who
// had gene therapy in the last 4 weeks").
TEST(CriteriaFactsTest, OtherTrialsAreNotTherapies) {
  const CriteriaFacts facts = FactsOf(
      "Exclusion Criteria:\n\n"
      "* Participation in any other clinical trial (including cell or gene therapy) within 4 "
      "weeks prior to screening\n"
      "* Prior CAR-T cell therapy\n");
  EXPECT_TRUE(facts.recent_therapies.empty());
  for (const std::string& name : facts.therapies) EXPECT_NE(name, "gene therapy");
  EXPECT_FALSE(facts.therapies.empty());  // CAR-T stays
}

// A window after a future date ("within 4 weeks after the first dose") is
// not a time before now.
TEST(CriteriaFactsTest, WindowsAfterAFutureDateAreNotRecent) {
  const CriteriaFacts facts = FactsOf(
      "Exclusion Criteria:\n\n"
      "* Planned stem cell transplant within 4 weeks after the first dose\n");
  EXPECT_TRUE(facts.recent_therapies.empty());
}

// "History of malignancy, within the last 5 years" is not any cancer
// ever; a second exclusion without a time makes it any time.
TEST(CriteriaFactsTest, CancerKeepsItsTimeWindow) {
  const CriteriaFacts recent =
      FactsOf("Exclusion Criteria:\n\n* History of malignancy, within the last 5 years.\n");
  EXPECT_TRUE(recent.cancer_excluded);
  EXPECT_EQ(recent.cancer_window, "5 years");
  const CriteriaFacts ever = FactsOf(
      "Exclusion Criteria:\n\n* History of malignancy, within the last 5 years.\n"
      "* Any other malignancy\n");
  EXPECT_TRUE(ever.cancer_excluded);
  EXPECT_EQ(ever.cancer_window, "");
  // Kinds allowed only where a criterion says so.
  EXPECT_FALSE(ever.cancer_exceptions);
  EXPECT_TRUE(FactsOf("Exclusion Criteria:\n\n* Any malignancy, except adequately treated basal "
                      "cell carcinoma of the skin\n")
                  .cancer_exceptions);
}

// An inclusion naming a therapy says nothing about who is not a fit.
TEST(CriteriaFactsTest, InclusionsAddNoExcludedTherapy) {
  const CriteriaFacts facts =
      FactsOf("Inclusion Criteria:\n\n* Received CAR-T cell therapy within the last 6 months\n");
  EXPECT_TRUE(facts.therapies.empty());
  EXPECT_TRUE(facts.recent_therapies.empty());
}

}  // namespace
}  // namespace trialfinder::plain
