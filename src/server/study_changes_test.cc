// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/study_changes.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "trialfinder/study_json.h"

namespace trialfinder {
namespace {

nlohmann::json Base() {
  return nlohmann::json::parse(R"({"protocolSection":{
    "identificationModule":{"nctId":"NCT00000301","briefTitle":"A lupus study"},
    "statusModule":{"overallStatus":"RECRUITING",
      "primaryCompletionDateStruct":{"date":"2027-01","type":"ESTIMATED"}},
    "designModule":{"enrollmentInfo":{"count":40,"type":"ESTIMATED"}},
    "eligibilityModule":{"eligibilityCriteria":"Inclusion Criteria:\n* SLE","minimumAge":"18 Years"},
    "contactsLocationsModule":{"locations":[
      {"facility":"Stanford","city":"Palo Alto","state":"California","country":"United States","status":"RECRUITING"},
      {"facility":"Charite","city":"Berlin","country":"Germany","status":"NOT_YET_RECRUITING"},
      {"facility":"Hopital Edouard Herriot","city":"Lyon","country":"France","status":"RECRUITING"}]}}})");
}

Study Parse(const nlohmann::json& record) {
  Result<Study> study = ParseStudyJson(record.dump());
  EXPECT_TRUE(study.ok()) << study.status().message();
  return std::move(study).value();
}

TEST(StudyChangesTest, SameStudyHasNoChanges) {
  EXPECT_TRUE(DescribeChanges(Parse(Base()), Parse(Base())).empty());
}

TEST(StudyChangesTest, StatusSitesDatesEnrollmentEligibilityInPeoplesWords) {
  nlohmann::json after = Base();
  auto& p = after["protocolSection"];
  p["statusModule"]["overallStatus"] = "ACTIVE_NOT_RECRUITING";
  p["statusModule"]["whyStopped"] = "Enrollment target met";
  p["statusModule"]["primaryCompletionDateStruct"] = {{"date", "2027-06"}, {"type", "ESTIMATED"}};
  p["designModule"]["enrollmentInfo"] = {{"count", 52}, {"type", "ACTUAL"}};
  p["eligibilityModule"]["eligibilityCriteria"] = "Inclusion Criteria:\n* SLE, age 18-70";
  p["eligibilityModule"]["minimumAge"] = "21 Years";
  p["eligibilityModule"]["maximumAge"] = "70 Years";
  p["eligibilityModule"]["healthyVolunteers"] = true;
  auto& sites = p["contactsLocationsModule"]["locations"];
  sites[1]["status"] = "RECRUITING";  // Berlin opens
  sites[0]["status"] = "COMPLETED";   // Stanford closes
  sites.erase(2);                     // Lyon goes
  sites.push_back({{"facility", "Massachusetts General Hospital"},
                   {"city", "Boston"},
                   {"state", "Massachusetts"},
                   {"country", "United States"}});
  const std::vector<std::string> changes = DescribeChanges(Parse(Base()), Parse(after));
  const std::vector<std::string> expected = {
      "Status: Recruiting \u2192 Active, not recruiting. Why: Enrollment target met",
      "1 site added: Massachusetts General Hospital, Boston, Massachusetts.",
      "1 site now recruiting: Charite, Berlin, Germany.",
      "1 site no longer recruiting: Stanford, Palo Alto, California.",
      "1 site removed: Hopital Edouard Herriot, Lyon, France.",
      "Primary completion date: 2027-01 \u2192 2027-06 (estimated).",
      "Enrollment: 40 \u2192 52 participants (actual).",
      "Ages: 18 years and over \u2192 21 years to 70 years.",
      "Healthy volunteers are now accepted.",
      "The eligibility criteria were changed.",
  };
  EXPECT_EQ(changes, expected);
}

TEST(StudyChangesTest, ManySitesAreCountedNotAllNamed) {
  nlohmann::json after = Base();
  for (int i = 0; i < 8; ++i) {
    after["protocolSection"]["contactsLocationsModule"]["locations"].push_back(
        {{"facility", "Site " + std::to_string(i)}, {"city", "Paris"}, {"country", "France"}});
  }
  const std::vector<std::string> changes = DescribeChanges(Parse(Base()), Parse(after));
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].rfind("8 sites added: Site 0, Paris, France;", 0), 0u) << changes[0];
  EXPECT_NE(changes[0].find("; and 3 more."), std::string::npos) << changes[0];
}

}  // namespace
}  // namespace trialfinder
