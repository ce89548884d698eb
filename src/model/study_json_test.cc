// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "trialfinder/study_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/test_support.h"

namespace trialfinder {
namespace {

using nlohmann::json;

std::string Minimal(const std::string& extra_protocol = "") {
  return R"({"protocolSection":{"identificationModule":{"nctId":"NCT01234567","briefTitle":"T"})" +
         extra_protocol + "}}";
}

void ExpectRejected(const std::string& text, const std::string& expected_words) {
  Result<Study> study = ParseStudyJson(text);
  ASSERT_FALSE(study.ok()) << text.substr(0, 200);
  EXPECT_EQ(study.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(study.status().message().find(expected_words), std::string::npos)
      << "message: " << study.status().message();
}

TEST(ParseStudyJsonTest, ReadsTheSeedStudyTyped) {
  Result<Study> study = ParseStudyJson(testing::SeedStudy("NCT07038447"));
  ASSERT_TRUE(study.ok()) << study.status().message();
  const ProtocolSection& p = study->protocol;
  EXPECT_EQ(study->nct_id(), "NCT07038447");
  EXPECT_EQ(p.status.overall_status, "ENROLLING_BY_INVITATION");
  EXPECT_EQ(p.status.start_date.date, "2025-07-02");
  EXPECT_EQ(p.status.completion_date.type, "ESTIMATED");
  EXPECT_EQ(p.design.phases, std::vector<std::string>{"PHASE1"});
  EXPECT_EQ(p.design.design_info.allocation, "NON_RANDOMIZED");
  EXPECT_EQ(p.design.design_info.masking_info.masking, "NONE");
  EXPECT_EQ(p.design.enrollment_info.count, 52);
  ASSERT_TRUE(p.eligibility.minimum_age.has_value());
  EXPECT_DOUBLE_EQ(p.eligibility.minimum_age->InYears(), 18);
  EXPECT_DOUBLE_EQ(p.eligibility.maximum_age->InYears(), 75);
  EXPECT_EQ(p.eligibility.healthy_volunteers, false);
  EXPECT_EQ(p.conditions.conditions.size(), 4u);
  EXPECT_EQ(p.contacts_locations.locations.size(), 5u);
  EXPECT_EQ(p.contacts_locations.locations[0].city, "Duarte");
  EXPECT_FALSE(p.contacts_locations.locations[0].geo_point.lat.has_value());
  EXPECT_EQ(study->has_results, false);
  EXPECT_EQ(study->raw_json, testing::SeedStudy("NCT07038447"));
}

TEST(ParseStudyJsonTest, MissingModulesAreNormal) {
  Result<Study> study = ParseStudyJson(testing::SeedStudy("NCT07193810"));
  ASSERT_TRUE(study.ok()) << study.status().message();
  EXPECT_TRUE(study->protocol.status.overall_status.empty());
  EXPECT_EQ(study->protocol.identification.organization.full_name, "CytoCares Inc");
  EXPECT_DOUBLE_EQ(study->protocol.eligibility.maximum_age->InYears(), 65);
}

TEST(ParseStudyJsonTest, ReadsGeoPointsAndMesh) {
  const std::string record =
      R"({"protocolSection":{"identificationModule":{"nctId":"NCT01234567"},)"
      R"("contactsLocationsModule":{"locations":[{"facility":"F","status":"RECRUITING",)"
      R"("city":"Boston","country":"United States","geoPoint":{"lat":42.36,"lon":-71.06}}]}},)"
      R"("derivedSection":{"conditionBrowseModule":{"meshes":[{"id":"D008180","term":"Lupus"}],)"
      R"("ancestors":[{"id":"D001327","term":"Autoimmune Diseases"}]}},"hasResults":true})";
  Result<Study> study = ParseStudyJson(record);
  ASSERT_TRUE(study.ok()) << study.status().message();
  const Location& site = study->protocol.contacts_locations.locations.at(0);
  EXPECT_EQ(site.status, "RECRUITING");
  EXPECT_DOUBLE_EQ(*site.geo_point.lat, 42.36);
  EXPECT_DOUBLE_EQ(*site.geo_point.lon, -71.06);
  EXPECT_EQ(study->derived.condition_browse.meshes.at(0).term, "Lupus");
  EXPECT_EQ(study->derived.condition_browse.ancestors.at(0).term, "Autoimmune Diseases");
  EXPECT_EQ(study->has_results, true);
}

// Numbers as JSON writes them: a whole number where a decimal is expected,
// nulls as absent fields, and whole numbers too large to hold.
TEST(ParseStudyJsonTest, ReadsNumbersAndNullsAsJsonWritesThem) {
  Result<Study> study = ParseStudyJson(
      R"({"protocolSection":{"identificationModule":{"nctId":"NCT01234567","acronym":null},)"
      R"("designModule":{"enrollmentInfo":{"count":120}},)"
      R"("contactsLocationsModule":{"locations":[{"geoPoint":{"lat":40,"lon":-74}}]}}})");
  ASSERT_TRUE(study.ok()) << study.status().message();
  EXPECT_EQ(*study->protocol.design.enrollment_info.count, 120);
  EXPECT_DOUBLE_EQ(*study->protocol.contacts_locations.locations.at(0).geo_point.lat, 40);
  EXPECT_DOUBLE_EQ(*study->protocol.contacts_locations.locations.at(0).geo_point.lon, -74);
  EXPECT_TRUE(study->protocol.identification.acronym.empty());
  EXPECT_FALSE(study->has_results_section);

  ExpectRejected(Minimal(R"(,"designModule":{"enrollmentInfo":{"count":18446744073709551615}})"),
                 "designModule.enrollmentInfo.count: the whole number is too large");
  ExpectRejected(Minimal(R"(,"designModule":{"enrollmentInfo":{"count":12.5}})"),
                 "enrollmentInfo.count: expected a whole number, got number");
  ExpectRejected(Minimal(R"(,"conditionsModule":{"conditions":["Lupus",7]})"),
                 "conditionsModule.conditions[1]: expected a string, got number");
}

TEST(ParseStudyJsonTest, UnknownFieldsAreKeptNotRejected) {
  const std::string text =
      R"({"protocolSection":{"identificationModule":{"nctId":"NCT01234567","futureField":1},)"
      R"("futureModule":{"x":[1,2]}},"resultsSection":{"a":1}})";
  Result<Study> study = ParseStudyJson(text);
  ASSERT_TRUE(study.ok()) << study.status().message();
  EXPECT_TRUE(study->has_results_section);
  EXPECT_EQ(json::parse(study->raw_json), json::parse(text));
}

TEST(ParseStudyJsonTest, RejectsTruncatedJson) {
  const std::string seed = testing::SeedStudy("NCT07038447");
  ExpectRejected(seed.substr(0, seed.size() / 2), "malformed JSON");
}

TEST(ParseStudyJsonTest, RejectsWrongTypesNamingTheField) {
  ExpectRejected(Minimal(R"(,"designModule":{"enrollmentInfo":{"count":"many"}})"),
                 "protocolSection.designModule.enrollmentInfo.count: expected a whole number");
  ExpectRejected(Minimal(R"(,"conditionsModule":{"conditions":"Lupus"})"),
                 "conditionsModule.conditions: expected a list");
  ExpectRejected(Minimal(R"(,"eligibilityModule":{"healthyVolunteers":"no"})"),
                 "healthyVolunteers: expected true or false");
  ExpectRejected(R"({"protocolSection":{"identificationModule":{"nctId":"NCT01234567"},)"
                 R"("statusModule":[]}})",
                 "statusModule: expected an object");
}

TEST(ParseStudyJsonTest, RejectsUnknownEnumValues) {
  ExpectRejected(Minimal(R"(,"designModule":{"phases":["PHASE1","PHASE9"]})"),
                 "designModule.phases[1]: unknown value 'PHASE9'");
  ExpectRejected(Minimal(R"(,"statusModule":{"overallStatus":"RECRUTING"})"),
                 "unknown value 'RECRUTING'");
}

TEST(ParseStudyJsonTest, RejectsMissingOrMalformedNctId) {
  ExpectRejected(R"({"protocolSection":{"identificationModule":{"briefTitle":"x"}}})",
                 "no identificationModule.nctId");
  ExpectRejected(R"({"protocolSection":{"identificationModule":{"nctId":"ABC123"}}})",
                 "'ABC123' is not an NCT ID");
  ExpectRejected(R"({"hasResults":false})", "no protocolSection");
  ExpectRejected(R"([1,2,3])", "must be a JSON object");
}

// Issue 20: duplicate keys were read as the first value by ingest and as the
// last by the API and verify: another NCT ID and status in each.
TEST(ParseStudyJsonTest, RejectsDuplicateKeysNamingThePlace) {
  Result<Study> top = ParseStudyJson(
      R"({"protocolSection": {"identificationModule": {"nctId": "NCT00000001", "nctId": "NCT00000002"}}})");
  ASSERT_FALSE(top.ok());
  EXPECT_NE(top.status().message().find(
                "NCT00000001: protocolSection.identificationModule: the key 'nctId' appears twice"),
            std::string::npos)
      << top.status().message();
  Result<Study> nested = ParseStudyJson(
      R"({"protocolSection": {"identificationModule": {"nctId": "NCT00000001"},)"
      R"( "armsInterventionsModule": {"interventions": [{"name": "a"}, {"name": "b", "type": "DRUG", "name": "c"}]}}})");
  ASSERT_FALSE(nested.ok());
  EXPECT_NE(
      nested.status().message().find(
          "protocolSection.armsInterventionsModule.interventions[1]: the key 'name' appears twice"),
      std::string::npos)
      << nested.status().message();
  Result<Study> root = ParseStudyJson(
      R"({"hasResults": false, "protocolSection": {"identificationModule": {"nctId": "NCT00000001"}}, "hasResults": true})");
  ASSERT_FALSE(root.ok());
  EXPECT_NE(root.status().message().find("the record: the key 'hasResults' appears twice"),
            std::string::npos);
  // The same key in different objects is fine.
  EXPECT_TRUE(
      ParseStudyJson(
          R"({"protocolSection": {"identificationModule": {"nctId": "NCT00000001"},)"
          R"( "statusModule": {"startDateStruct": {"date": "2020"}, "completionDateStruct": {"date": "2021"}}}})")
          .ok());
}

TEST(ParseStudyJsonTest, RejectsInvalidUtf8) {
  std::string text = Minimal(R"(,"descriptionModule":{"briefSummary":"caf@"})");
  text[text.find('@')] = static_cast<char>(0xC3);  // a lead byte with no continuation
  ExpectRejected(text, "malformed JSON");
}

TEST(ParseStudyJsonTest, RejectsBadAgesAndDates) {
  ExpectRejected(Minimal(R"(,"eligibilityModule":{"minimumAge":"18 Decades"})"),
                 "eligibilityModule.minimumAge");
  ExpectRejected(Minimal(R"(,"statusModule":{"startDateStruct":{"date":"July 2025"}})"),
                 "startDateStruct.date: 'July 2025' is not a date");
  ExpectRejected(Minimal(R"(,"statusModule":{"statusVerifiedDate":"2025-13"})"),
                 "statusVerifiedDate");
}

TEST(ParseStudyJsonTest, RejectsHugeAndDeepRecords) {
  const std::string huge = Minimal(R"(,"descriptionModule":{"briefSummary":")" +
                                   std::string(50 * 1024 * 1024, 'a') + "\"}");
  ExpectRejected(huge, "over the limit of 16 MiB");
  StudyParseLimits generous;
  generous.max_bytes = 64 * 1024 * 1024;
  EXPECT_TRUE(ParseStudyJson(huge, generous).ok());

  std::string deep = Minimal(R"(,"x":)" + std::string(10000, '[') + std::string(10000, ']'));
  ExpectRejected(deep, "nests deeper than 64");
}

TEST(TypedStudyToJsonTest, WritesOnlyPresentFieldsInApiShape) {
  Result<Study> study = ParseStudyJson(testing::SeedStudy("NCT07038447"));
  ASSERT_TRUE(study.ok());
  json typed = json::parse(TypedStudyToJson(*study));
  json input = json::parse(testing::SeedStudy("NCT07038447"));
  EXPECT_EQ(typed, input) << "the seed study has only fields the model knows";
}

}  // namespace
}  // namespace trialfinder
