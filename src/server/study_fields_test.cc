// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/study_fields.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace trialfinder {
namespace {

using Keys = std::vector<std::string>;
using Json = nlohmann::ordered_json;

// The fields of `text`, which must parse.
std::vector<FieldPath> Fields(const std::string& text) {
  Result<std::vector<FieldPath>> fields = ParseFields(text);
  EXPECT_TRUE(fields.ok()) << text << ": " << fields.status().message();
  return fields.ok() ? *fields : std::vector<FieldPath>{};
}

// The path of the one field `name`.
Keys PathOf(const std::string& name) {
  const std::vector<FieldPath> fields = Fields(name);
  EXPECT_EQ(fields.size(), 1u) << name;
  if (fields.size() != 1) return {};
  EXPECT_EQ(fields[0].name, name);
  return fields[0].keys;
}

// The message of the error `text` gives; parsing it fails the test.
std::string ErrorOf(const std::string& text) {
  Result<std::vector<FieldPath>> fields = ParseFields(text);
  EXPECT_FALSE(fields.ok()) << text << " parsed";
  if (fields.ok()) return "";
  EXPECT_EQ(fields.status().code(), StatusCode::kInvalidArgument);
  return fields.status().message();
}

// A record with lists of objects whose elements lack some fields.
Json Record() {
  return Json::parse(R"json({
    "protocolSection": {
      "identificationModule": {"nctId": "NCT00000001", "briefTitle": "Aspirin, \"low\" dose",
                               "acronym": "=SUM(A1)"},
      "statusModule": {"overallStatus": "RECRUITING",
                       "startDateStruct": {"date": "2020-06", "type": "ACTUAL"}},
      "conditionsModule": {"conditions": ["Lupus", "Nephritis"]},
      "designModule": {"phases": ["PHASE2", "PHASE3"], "enrollmentInfo": {"count": 40}},
      "contactsLocationsModule": {"locations": [
        {"facility": "General", "city": "Boston", "country": "United States"},
        {"facility": "Hopital", "country": "France"},
        {"city": "Lyon"}]}},
    "derivedSection": {"conditionBrowseModule": {"meshes": [{"id": "D008180", "term": "Lupus"}]}},
    "hasResults": false})json");
}

// The record's parts that `fields` name, compared without regard to key order.
nlohmann::json Project(const std::string& fields) {
  return nlohmann::json::parse(ProjectStudy(Record(), Fields(fields)).dump());
}

TEST(StudyFieldsTest, PieceNamesAreApiV2NamesInAnyLetterCase) {
  EXPECT_EQ(PathOf("NCTId"), (Keys{"protocolSection", "identificationModule", "nctId"}));
  EXPECT_EQ(PathOf("nctid"), (Keys{"protocolSection", "identificationModule", "nctId"}));
  EXPECT_EQ(PathOf("OVERALLSTATUS"), (Keys{"protocolSection", "statusModule", "overallStatus"}));
  EXPECT_EQ(PathOf("StartDate"),
            (Keys{"protocolSection", "statusModule", "startDateStruct", "date"}));
  EXPECT_EQ(PathOf("Phase"), (Keys{"protocolSection", "designModule", "phases"}));
  EXPECT_EQ(PathOf("LocationCity"),
            (Keys{"protocolSection", "contactsLocationsModule", "locations", "city"}));
  EXPECT_EQ(PathOf("ConditionMeshTerm"),
            (Keys{"derivedSection", "conditionBrowseModule", "meshes", "term"}));
  // Gender is the older name of Sex.
  EXPECT_EQ(PathOf("Gender"), PathOf("Sex"));
}

TEST(StudyFieldsTest, ModulesSectionsAndDottedPaths) {
  EXPECT_EQ(PathOf("StatusModule"), (Keys{"protocolSection", "statusModule"}));
  EXPECT_EQ(PathOf("statusModule"), (Keys{"protocolSection", "statusModule"}));
  EXPECT_EQ(PathOf("ConditionBrowseModule"), (Keys{"derivedSection", "conditionBrowseModule"}));
  EXPECT_EQ(PathOf("AdverseEventsModule"), (Keys{"resultsSection", "adverseEventsModule"}));
  EXPECT_EQ(PathOf("protocolSection"), Keys{"protocolSection"});
  EXPECT_EQ(PathOf("hasResults"), Keys{"hasResults"});
  // A path from a section is taken as written; one from a module gets its section.
  EXPECT_EQ(PathOf("protocolSection.statusModule.whyStopped"),
            (Keys{"protocolSection", "statusModule", "whyStopped"}));
  EXPECT_EQ(PathOf("designModule.enrollmentInfo.count"),
            (Keys{"protocolSection", "designModule", "enrollmentInfo", "count"}));
  EXPECT_EQ(PathOf("designModule..phases"), (Keys{"protocolSection", "designModule", "phases"}));
}

TEST(StudyFieldsTest, ListsAreSplitTrimmedAndWithoutRepeats) {
  const std::vector<FieldPath> fields = Fields(
      " NCTId ,, BriefTitle|Phase |nctid,"
      "protocolSection.identificationModule.nctId");
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[0].name, "NCTId");
  EXPECT_EQ(fields[1].name, "BriefTitle");
  EXPECT_EQ(fields[2].name, "Phase");
  EXPECT_TRUE(Fields("").empty());
  EXPECT_TRUE(Fields(" , |").empty());
}

TEST(StudyFieldsTest, UnknownFieldsAreErrorsNamingThem) {
  EXPECT_EQ(ErrorOf("NCTId,BogusField"),
            "parameter 'fields': unknown field 'BogusField' (see /api/v2/studies/metadata)");
  EXPECT_EQ(ErrorOf("bogusModule.value"), "parameter 'fields': unknown field 'bogusModule.value'");
  // Names are in any letter case, as piece names are.
  EXPECT_EQ(PathOf("statusmodule"), (Keys{"protocolSection", "statusModule"}));
  EXPECT_EQ(ErrorOf(".."), "parameter 'fields': empty field name");
}

TEST(StudyFieldsTest, AtMost200Fields) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "resultsSection.field" + std::to_string(i) + ",";
  EXPECT_EQ(Fields(text).size(), 200u);
  // Repeats do not count.
  EXPECT_EQ(Fields(text + "resultsSection.field0").size(), 200u);
  EXPECT_EQ(ErrorOf(text + "resultsSection.field200"), "parameter 'fields': at most 200 fields");
}

TEST(StudyFieldsTest, ProjectionKeepsTheRecordsShape) {
  EXPECT_EQ(Project("NCTId,OverallStatus"), nlohmann::json::parse(R"({"protocolSection": {
      "identificationModule": {"nctId": "NCT00000001"},
      "statusModule": {"overallStatus": "RECRUITING"}}})"));
  EXPECT_EQ(Project("StatusModule"), nlohmann::json::parse(R"({"protocolSection": {"statusModule": {
      "overallStatus": "RECRUITING", "startDateStruct": {"date": "2020-06", "type": "ACTUAL"}}}})"));
  EXPECT_EQ(Project("Condition,hasResults"), nlohmann::json::parse(R"({
      "protocolSection": {"conditionsModule": {"conditions": ["Lupus", "Nephritis"]}},
      "hasResults": false})"));
  // Fields the record lacks are absent; none at all is an empty object.
  EXPECT_EQ(Project("WhyStopped,resultsSection"), nlohmann::json::object());
  EXPECT_EQ(Project("NCTId,WhyStopped"), nlohmann::json::parse(R"({"protocolSection": {
      "identificationModule": {"nctId": "NCT00000001"}}})"));
}

TEST(StudyFieldsTest, PiecesOfListElementsAreMergedByPosition) {
  // Each site keeps its city and its country together; a site with neither
  // field drops out.
  EXPECT_EQ(Project("LocationCity,LocationCountry"),
            nlohmann::json::parse(R"({"protocolSection": {"contactsLocationsModule": {
      "locations": [{"city": "Boston", "country": "United States"}, {"country": "France"},
                    {"city": "Lyon"}]}}})"));
  EXPECT_EQ(Project("LocationCity"), nlohmann::json::parse(R"({"protocolSection": {
      "contactsLocationsModule": {"locations": [{"city": "Boston"}, {"city": "Lyon"}]}}})"));
  EXPECT_EQ(Project("ConditionMeshTerm"), nlohmann::json::parse(R"({"derivedSection": {
      "conditionBrowseModule": {"meshes": [{"term": "Lupus"}]}}})"));
}

TEST(StudyFieldsTest, PiecesStructsAreasAndCapitalizedSectionsResolve) {
  EXPECT_EQ(PathOf("Location"), (Keys{"protocolSection", "contactsLocationsModule", "locations"}));
  EXPECT_EQ(PathOf("Reference"), (Keys{"protocolSection", "referencesModule", "references"}));
  EXPECT_EQ(PathOf("ProtocolSection"), Keys{"protocolSection"});
  EXPECT_EQ(PathOf("LocationZip"),
            (Keys{"protocolSection", "contactsLocationsModule", "locations", "zip"}));
  EXPECT_EQ(PathOf("OrgFullName"),
            (Keys{"protocolSection", "identificationModule", "organization", "fullName"}));
  EXPECT_EQ(PathOf("NCTIdAlias"),
            (Keys{"protocolSection", "identificationModule", "nctIdAliases"}));
  // A search area names the pieces it searches.
  EXPECT_EQ(Fields("TitleSearch").size(), 3u);
  EXPECT_NE(ErrorOf("NoSuchField").find("unknown field 'NoSuchField'"), std::string::npos);
}

TEST(StudyFieldsTest, LeafValuesListEveryValueInOrder) {
  EXPECT_EQ(LeafValues(Record(), Fields("LocationCity")[0]), (Keys{"Boston", "Lyon"}));
  EXPECT_EQ(LeafValues(Record(), Fields("EnrollmentCount")[0]), Keys{"40"});
  EXPECT_EQ(LeafValues(Record(), Fields("HasResults")[0]), Keys{"false"});
}

}  // namespace
}  // namespace trialfinder
