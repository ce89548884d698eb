// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/json_ld.h"

#include <gtest/gtest.h>

#include "server/sitemap.h"
#include "trialfinder/study_json.h"

namespace trialfinder {
namespace {

Study Parse(const nlohmann::json& record) {
  Result<Study> study = ParseStudyJson(record.dump());
  EXPECT_TRUE(study.ok()) << study.status().message();
  return std::move(study).value();
}

nlohmann::json Record(const std::string& status, const std::string& phase) {
  nlohmann::json sites = nlohmann::json::array();
  for (int i = 0; i < 60; ++i) {
    sites.push_back({{"facility", "Hospital " + std::to_string(i)},
                     {"city", "Boston"},
                     {"state", "Massachusetts"},
                     {"zip", "02114"},
                     {"country", "United States"},
                     {"geoPoint", {{"lat", 42.36}, {"lon", -71.06}}}});
  }
  return {{"protocolSection",
           {{"identificationModule",
             {{"nctId", "NCT00000401"},
              {"briefTitle", "Lupus </script><script>alert(1)</script> study"},
              {"officialTitle", "An official title"}}},
            {"statusModule",
             {{"overallStatus", status},
              {"studyFirstPostDateStruct", {{"date", "2025-01-15"}}},
              {"lastUpdatePostDateStruct", {{"date", "2026-11-30"}}}}},
            {"sponsorCollaboratorsModule", {{"leadSponsor", {{"name", "Kite"}}}}},
            {"descriptionModule", {{"briefSummary", std::string(400, 'a') + " end"}}},
            {"conditionsModule", {{"conditions", {"Lupus Nephritis", "Systemic Sclerosis"}}}},
            {"designModule",
             {{"studyType", "INTERVENTIONAL"},
              {"phases", {phase}},
              {"designInfo",
               {{"allocation", "RANDOMIZED"}, {"maskingInfo", {{"masking", "DOUBLE"}}}}}}},
            {"armsInterventionsModule",
             {{"armGroups", {{{"label", "Placebo"}, {"type", "PLACEBO_COMPARATOR"}}}}}},
            {"contactsLocationsModule", {{"locations", sites}}}}}};
}

TEST(JsonLdTest, MedicalTrialCarriesWhatSearchEnginesUse) {
  const nlohmann::ordered_json trial =
      MedicalTrialJsonLd(Parse(Record("RECRUITING", "PHASE2")), "https://x.org/study/NCT00000401");
  EXPECT_EQ(trial["@context"], "https://schema.org");
  EXPECT_EQ(trial["@type"], "MedicalTrial");
  EXPECT_EQ(trial["identifier"], "NCT00000401");
  EXPECT_EQ(trial["url"], "https://x.org/study/NCT00000401");
  EXPECT_EQ(trial["alternateName"], "An official title");
  EXPECT_EQ(trial["status"], "https://schema.org/Recruiting");
  EXPECT_EQ(trial["phase"], "Phase 2");
  EXPECT_EQ(
      trial["trialDesign"],
      nlohmann::ordered_json(
          {"https://schema.org/RandomizedTrial", "https://schema.org/DoubleBlindedTrial",
           "https://schema.org/MultiCenterTrial", "https://schema.org/PlaceboControlledTrial"}));
  ASSERT_EQ(trial["healthCondition"].size(), 2u);
  EXPECT_EQ(trial["healthCondition"][0]["@type"], "MedicalCondition");
  EXPECT_EQ(trial["sponsor"]["name"], "Kite");
  ASSERT_EQ(trial["studyLocation"].size(), kJsonLdSites);
  EXPECT_EQ(trial["studyLocation"][0]["address"]["postalCode"], "02114");
  EXPECT_EQ(trial["studyLocation"][0]["geo"]["latitude"], 42.36);
  EXPECT_EQ(trial["mainEntityOfPage"]["datePublished"], "2025-01-15");
  EXPECT_EQ(trial["mainEntityOfPage"]["dateModified"], "2026-11-30");
}

TEST(JsonLdTest, StatusesAndPhasesSchemaOrgLacksAreLeftOut) {
  const nlohmann::ordered_json trial =
      MedicalTrialJsonLd(Parse(Record("UNKNOWN", "NA")), "https://x.org/study/NCT00000401");
  EXPECT_FALSE(trial.contains("status"));
  EXPECT_FALSE(trial.contains("phase"));
}

TEST(JsonLdTest, ObservationalStudiesAreNotTrials) {
  nlohmann::json record = Record("RECRUITING", "NA");
  record["protocolSection"]["designModule"]["studyType"] = "OBSERVATIONAL";
  record["protocolSection"]["descriptionModule"]["briefSummary"] =
      "A **registry**:\n\n* of pregnancies\n* with \\>30 <b>sites</b>";
  const Study study = Parse(record);
  const nlohmann::ordered_json json = MedicalTrialJsonLd(study, "https://x.org/s");
  EXPECT_EQ(json["@type"], "MedicalObservationalStudy");
  EXPECT_FALSE(json.contains("trialDesign"));
  EXPECT_FALSE(json.contains("phase"));
  EXPECT_EQ(json["description"], "A registry: of pregnancies with >30 sites");
  EXPECT_EQ(MetaDescription(study).rfind("Observational study of Lupus Nephritis", 0), 0u);
}

TEST(JsonLdTest, ScriptSafeJsonCannotCloseTheScriptElement) {
  const std::string text =
      ScriptSafeJson(MedicalTrialJsonLd(Parse(Record("RECRUITING", "PHASE2")), "https://x.org/s"));
  EXPECT_EQ(text.find('<'), std::string::npos);
  EXPECT_EQ(text.find('>'), std::string::npos);
  // Still the same JSON.
  EXPECT_EQ(nlohmann::json::parse(text)["name"], "Lupus </script><script>alert(1)</script> study");
}

TEST(JsonLdTest, MetaDescriptionIsShortAndCutAtAWord) {
  const std::string text = MetaDescription(Parse(Record("RECRUITING", "PHASE2")));
  EXPECT_EQ(text.rfind("Phase 2 trial of Lupus Nephritis, Systemic Sclerosis. Recruiting. ", 0), 0u)
      << text;
  EXPECT_LE(text.size(), 160u + 3);  // the ellipsis is 3 bytes
  EXPECT_EQ(text.substr(text.size() - 3), "\u2026");
}

TEST(SitemapTest, SplitPastFiftyThousandAddresses) {
  EXPECT_EQ(SitemapFiles(0), 0);
  EXPECT_EQ(SitemapFiles(24999), 0);  // 49,999 addresses with the home page
  EXPECT_EQ(SitemapFiles(25000), 2);  // 50,001
  EXPECT_EQ(SitemapFiles(600000), 25);
  EXPECT_LE(2 * kSitemapStudiesPerFile + 1, kSitemapMaxUrls);
}

}  // namespace
}  // namespace trialfinder
