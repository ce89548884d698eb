// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include <gtest/gtest.h>

#include "plain/criteria_facts.h"
#include "tests/test_support.h"
#include "trialfinder/criteria.h"
#include "trialfinder/plain.h"
#include "trialfinder/study_json.h"

namespace trialfinder {
namespace {

PlainPage PageFor(const std::string& nct_id) {
  Result<Study> study = ParseStudyJson(testing::SeedStudy(nct_id));
  EXPECT_TRUE(study.ok()) << study.status().message();
  CriteriaLexicon lexicon;
  lexicon.AddStudy(*study);
  return BuildPlainPage(*study, EligibilityParser(lexicon).Parse(*study), LayTerms::Builtin());
}

TEST(LayTermsTest, ReplacesWholeWordsLongestFirstKeepingCapitals) {
  const LayTerms terms(
      "# comment\nrefractory\ttreatment-resistant\nrelapsed or refractory\trelapsed or "
      "treatment-resistant\nrenal\tkidney\n");
  EXPECT_EQ(terms.size(), 3u);
  EXPECT_EQ(terms.Apply("Relapsed or refractory SLE"), "Relapsed or treatment-resistant SLE");
  EXPECT_EQ(terms.Apply("Refractory disease; renal crisis."),
            "Treatment-resistant disease; kidney crisis.");
  EXPECT_EQ(terms.Apply("adrenal glands"), "adrenal glands");  // not inside another word
  // The article follows the plain words.
  const LayTerms articles("randomized\tassigned by chance\nopen-label\tnot blinded\n");
  EXPECT_EQ(articles.Apply("A randomized trial and a randomized one"),
            "An assigned by chance trial and an assigned by chance one");
  EXPECT_EQ(articles.Apply("an open-label study; a plan"), "a not blinded study; a plan");
}

TEST(LayTermsTest, BuiltinDictionaryIsCompiledIn) {
  EXPECT_GT(LayTerms::Builtin().size(), 50u);
  EXPECT_EQ(LayTerms::Builtin().Apply("subjects with hypertension"),
            "participants with high blood pressure");
}

TEST(ReadabilityTest, ShortPlainSentencesScoreLowerThanRegistryProse) {
  const auto simple = FleschKincaidGrade("The cat sat on the mat. It was a sunny day.");
  const auto dense = FleschKincaidGrade(
      "This open-label, investigator-initiated, multiple ascending dose early-phase trial "
      "characterizes "
      "safety, tolerability, pharmacokinetics, and preliminary efficacy in participants with "
      "autoimmune diseases.");
  ASSERT_TRUE(simple && dense);
  EXPECT_LT(*simple, 3.0);
  EXPECT_GT(*dense, 16.0);
  EXPECT_FALSE(FleschKincaidGrade("  ").has_value());
}

TEST(PlainPageTest, Cc312PageHasTheSeedSections) {
  const PlainPage page = PageFor("NCT07193810");
  EXPECT_EQ(page.nct_id, "NCT07193810");
  EXPECT_EQ(page.title.rfind("CC312 for relapsed or treatment-resistant ", 0), 0u) << page.title;
  EXPECT_NE(page.title.find("systemic lupus erythematosus"), std::string::npos) << page.title;
  EXPECT_NE(page.byline.find("Early phase 1"), std::string::npos) << page.byline;
  EXPECT_NE(page.byline.find("NCT07193810"), std::string::npos);
  EXPECT_NE(page.summary.find("early-phase"), std::string::npos) << page.summary;
  // The treatment is the subject of what researchers want to learn.
  EXPECT_NE(page.what_it_studies.find("learn if CC312 is safe"), std::string::npos)
      << page.what_it_studies;
  EXPECT_NE(page.summary.find("adults aged 18 to 65"), std::string::npos) << page.summary;
  EXPECT_NE(page.good_fit.find("did not get better"), std::string::npos) << page.good_fit;
  // A study of three conditions is for people with any of them (issue 25).
  EXPECT_NE(page.good_fit.find(", or systemic sclerosis"), std::string::npos) << page.good_fit;
  EXPECT_EQ(page.not_a_fit.find("recently had"), std::string::npos) << page.not_a_fit;
  EXPECT_NE(page.not_a_fit.find("pregnant"), std::string::npos) << page.not_a_fit;
  EXPECT_NE(page.not_a_fit.find("HIV"), std::string::npos) << page.not_a_fit;
  // What the study gives and what its criteria mention are separate lists
  // (issue 25: belimumab and rituximab were listed as if the study gave them).
  auto has = [](const std::vector<std::string>& list, const std::string& name) {
    for (const std::string& t : list) {
      if (t.find(name) != std::string::npos) return true;
    }
    return false;
  };
  EXPECT_TRUE(has(page.treatments, "CC312"));
  EXPECT_FALSE(has(page.treatments, "belimumab"));
  EXPECT_FALSE(has(page.treatments, "rituximab"));
  // By section: belimumab is a past treatment the inclusions ask about,
  // rituximab also an exclusion (within 1 month), CC312 the study's own.
  EXPECT_TRUE(has(page.inclusion_drugs, "belimumab"));
  EXPECT_FALSE(has(page.exclusion_drugs, "belimumab"));
  EXPECT_TRUE(has(page.inclusion_drugs, "rituximab"));
  EXPECT_TRUE(has(page.exclusion_drugs, "rituximab"));
  EXPECT_FALSE(has(page.inclusion_drugs, "CC312"));
  EXPECT_FALSE(has(page.exclusion_drugs, "CC312"));
  // "Received CAR-T therapy within 6 months prior to screening" is not any
  // CAR-T (issue 25).
  EXPECT_NE(page.not_a_fit.find("CAR-T in the last 6 months"), std::string::npos) << page.not_a_fit;
  EXPECT_EQ(page.not_a_fit.find("have had CAR-T"), std::string::npos) << page.not_a_fit;
  // Only medicines (user test: "epilepsy" and "alcohol" were listed).
  for (const char* not_a_medicine : {"epilepsy", "alcohol", "pregnancy test"}) {
    EXPECT_FALSE(has(page.inclusion_drugs, not_a_medicine)) << not_a_medicine;
    EXPECT_FALSE(has(page.exclusion_drugs, not_a_medicine)) << not_a_medicine;
  }
  ASSERT_FALSE(page.places.empty());
  EXPECT_NE(page.places.front().find("Deyang"), std::string::npos);
  bool ages = false;
  for (const QuickFact& fact : page.quick_facts)
    ages = ages || (fact.label == "Ages" && fact.value == "18 Years to 65 Years");
  EXPECT_TRUE(ages);
  // Its record has no status: said, not left out.
  bool status = false;
  for (const QuickFact& fact : page.quick_facts)
    status = status || (fact.label == "Status" && fact.value.rfind("Not given", 0) == 0);
  EXPECT_TRUE(status);
  EXPECT_EQ(page.how_to_participate.size(), 3u);
  EXPECT_NE(page.how_to_participate.back().find("ask about screening"), std::string::npos);
}

TEST(PlainPageTest, AClosedStudyDoesNotTellPeopleToAskAboutScreening) {
  Result<Study> study = ParseStudyJson(testing::SeedStudy("NCT07193810"));
  ASSERT_TRUE(study.ok());
  for (const char* status : {"WITHDRAWN", "COMPLETED", "ACTIVE_NOT_RECRUITING"}) {
    study->protocol.status.overall_status = status;
    const PlainPage page = BuildPlainPage(*study, ParsedCriteria{}, LayTerms::Builtin());
    ASSERT_FALSE(page.how_to_participate.empty());
    EXPECT_NE(page.how_to_participate.front().find("does not take new people"), std::string::npos)
        << status;
    for (const std::string& step : page.how_to_participate)
      EXPECT_EQ(step.find("screening"), std::string::npos) << status << ": " << step;
  }
}

// A study that takes healthy volunteers and asks for healthy people is not
// said to be for people with its condition (user test: "It is for adults
// ... with type 2 diabetes" where diabetes excludes).
TEST(PlainPageTest, AStudyInHealthyPeopleIsNotForPeopleWithTheCondition) {
  Result<Study> study = ParseStudyJson(testing::SeedStudy("NCT07193810"));
  ASSERT_TRUE(study.ok());
  study->protocol.conditions.conditions = {"Type 2 Diabetes"};
  study->protocol.eligibility.healthy_volunteers = true;
  study->protocol.eligibility.eligibility_criteria =
      "Inclusion Criteria:\n* Healthy male subjects\nExclusion Criteria:\n* HbA1c >= 6.5 %\n";
  const PlainPage healthy = BuildPlainPage(*study, ParsedCriteria{}, LayTerms::Builtin());
  EXPECT_NE(healthy.summary.find("It takes healthy volunteers"), std::string::npos)
      << healthy.summary;
  EXPECT_EQ(healthy.summary.find("It is for"), std::string::npos) << healthy.summary;
  EXPECT_EQ(healthy.good_fit.rfind("Healthy ", 0), 0u) << healthy.good_fit;
  // In phase 1, inclusion criteria that never name the condition say the
  // same without the word "healthy".
  study->protocol.design.phases = {"PHASE1"};
  study->protocol.eligibility.eligibility_criteria =
      "Inclusion Criteria:\n* Body mass index between 23.0 and 39.9 kg/m^2\n";
  EXPECT_EQ(
      BuildPlainPage(*study, ParsedCriteria{}, LayTerms::Builtin()).good_fit.rfind("Healthy ", 0),
      0u);
  // One that takes patients and healthy volunteers alike is for the patients.
  study->protocol.eligibility.eligibility_criteria =
      "Inclusion Criteria:\n* Type 2 diabetes or no diabetes\n";
  const PlainPage both = BuildPlainPage(*study, ParsedCriteria{}, LayTerms::Builtin());
  EXPECT_NE(both.summary.find("It is for adults"), std::string::npos) << both.summary;
  EXPECT_NE(both.good_fit.find("Healthy volunteers can also join"), std::string::npos);
}

// KITE-363: four conditions, all named; ages that differ by condition said.
TEST(PlainPageTest, Kite363NamesEveryConditionAndItsOtherAgeLimits) {
  const PlainPage page = PageFor("NCT07038447");
  EXPECT_NE(page.title.find("idiopathic inflammatory myopathy"), std::string::npos) << page.title;
  EXPECT_EQ(page.title.find("other conditions"), std::string::npos) << page.title;
  EXPECT_NE(page.summary.find("Some conditions have other age limits."), std::string::npos)
      << page.summary;
  EXPECT_NE(page.good_fit.find("Some conditions have other age limits."), std::string::npos)
      << page.good_fit;
}

// An open status the record may no longer support is said to be so.
TEST(PlainPageTest, AnOpenStatusPastItsPlannedEndIsFlagged) {
  Result<Study> study = ParseStudyJson(testing::SeedStudy("NCT07193810"));
  ASSERT_TRUE(study.ok());
  StatusModule& status = study->protocol.status;
  status.overall_status = "RECRUITING";
  status.primary_completion_date.date = "2023-11";
  status.last_update_post_date.date = "2023-06-15";
  const std::optional<std::string> note = StaleStatusNote(*study, "2026-12-04");
  ASSERT_TRUE(note.has_value());
  EXPECT_NE(note->find("planned end (November 2023) has passed"), std::string::npos) << *note;
  EXPECT_NE(note->find("last updated in June 2023"), std::string::npos) << *note;
  // Not before its end, updated lately; never for a closed study.
  EXPECT_FALSE(StaleStatusNote(*study, "2023-10-01").has_value());
  status.overall_status = "COMPLETED";
  EXPECT_FALSE(StaleStatusNote(*study, "2026-12-04").has_value());
  // Open, its end ahead, but not updated for more than two years.
  status.overall_status = "RECRUITING";
  status.primary_completion_date.date = "2030-01-01";
  status.last_update_post_date.date = "2024-06-01";
  EXPECT_TRUE(StaleStatusNote(*study, "2026-12-04").has_value());
  EXPECT_FALSE(StaleStatusNote(*study, "2026-05-04").has_value());
}

TEST(PlainPageTest, TitleDropsLeadingAbbreviationsButKeepsHyphenatedNames) {
  Result<Study> study = ParseStudyJson(testing::SeedStudy("NCT07193810"));
  ASSERT_TRUE(study.ok());
  study->protocol.conditions.conditions = {"SLE - Systemic Lupus Erythematosus", "COVID-19",
                                           "HER2-positive Breast Cancer"};
  const PlainPage page = BuildPlainPage(*study, ParsedCriteria{}, LayTerms::Builtin());
  EXPECT_NE(
      page.title.find("systemic lupus erythematosus, COVID-19, or HER2-positive breast cancer"),
      std::string::npos)
      << page.title;
}

TEST(PlainPageTest, GeneratedProseReadsAtGradeEightOrBelow) {
  for (const char* id : {"NCT07193810", "NCT07038447", "NCT06888960"}) {
    const PlainPage page = PageFor(id);
    const auto grade = FleschKincaidGrade(page.GeneratedProse());
    ASSERT_TRUE(grade.has_value()) << id;
    EXPECT_LE(*grade, 8.0) << id << ": " << page.GeneratedProse();
  }
}

TEST(PlainPageTest, EditableFieldsCanBeReadAndSet) {
  PlainPage page = PageFor("NCT07038447");
  for (const std::string& name : PlainPage::EditableFields()) {
    ASSERT_TRUE(page.Field(name).has_value()) << name;
    EXPECT_TRUE(page.SetField(name, "edited " + name));
    EXPECT_EQ(*page.Field(name), "edited " + name);
  }
  EXPECT_FALSE(page.Field("nct_id").has_value());
  EXPECT_FALSE(page.SetField("nct_id", "x"));
}

}  // namespace
}  // namespace trialfinder

namespace trialfinder::plain {
namespace {

TEST(CriteriaFactsTest, TreatmentFailureOnlyWhereTheCriterionSaysSo) {
  EXPECT_TRUE(AsksForTreatmentFailure("relapsed or refractory disease after 2 prior lines"));
  EXPECT_TRUE(AsksForTreatmentFailure("inadequate response to at least 2 immunosuppressants"));
  EXPECT_TRUE(AsksForTreatmentFailure("disease progression after first-line chemotherapy"));
  EXPECT_FALSE(AsksForTreatmentFailure(
      "egfr tki treatment-na\u00efve eligible to receive first-line treatment with osimertinib"));
  EXPECT_FALSE(AsksForTreatmentFailure("no prior systemic therapy for advanced disease"));
}

TEST(PlainPageTest, DatesAreInTheTenseTheRecordGives) {
  Result<Study> study = ParseStudyJson(testing::SeedStudy("NCT07193810"));
  ASSERT_TRUE(study.ok());
  StatusModule& status = study->protocol.status;
  status.start_date = {"2021-03", "ACTUAL"};
  status.completion_date = {"2022-10", "ACTUAL"};
  PlainPage page = BuildPlainPage(*study, ParsedCriteria{}, LayTerms::Builtin());
  EXPECT_NE(page.what_it_studies.find("It started in March 2021 and ended in October 2022."),
            std::string::npos)
      << page.what_it_studies;
  status.start_date = {"2027-06", "ESTIMATED"};
  status.completion_date = {"2029-01", "ESTIMATED"};
  page = BuildPlainPage(*study, ParsedCriteria{}, LayTerms::Builtin());
  EXPECT_NE(page.what_it_studies.find("It should start in June 2027 and should end in"),
            std::string::npos)
      << page.what_it_studies;
}

}  // namespace
}  // namespace trialfinder::plain
