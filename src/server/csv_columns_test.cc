// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/csv_columns.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace trialfinder {
namespace {

using Json = nlohmann::ordered_json;

Json Record() {
  return Json::parse(R"json({
    "protocolSection": {
      "identificationModule": {"nctId": "NCT00000001", "briefTitle": "Aspirin, \"low\" dose",
                               "acronym": "=SUM(A1)", "orgStudyIdInfo": {"id": "ORG-1"},
                               "secondaryIdInfos": [{"id": "SEC-2"}]},
      "statusModule": {"overallStatus": "RECRUITING",
                       "startDateStruct": {"date": "2020-06", "type": "ACTUAL"}},
      "sponsorCollaboratorsModule": {"leadSponsor": {"name": "Acme", "class": "INDUSTRY"},
                                     "collaborators": [{"name": "NCI"}, {"name": "Mayo"}]},
      "conditionsModule": {"conditions": ["Lupus", "Nephritis"]},
      "designModule": {"studyType": "INTERVENTIONAL", "phases": ["PHASE2", "PHASE3"],
                       "enrollmentInfo": {"count": 40},
                       "designInfo": {"allocation": "RANDOMIZED", "interventionModel": "PARALLEL",
                                      "primaryPurpose": "TREATMENT",
                                      "maskingInfo": {"masking": "DOUBLE",
                                                      "whoMasked": ["PARTICIPANT", "INVESTIGATOR"]}}},
      "armsInterventionsModule": {"interventions": [{"type": "DRUG", "name": "Aspirin"},
                                                    {"type": "OTHER", "name": "Placebo"}]},
      "outcomesModule": {"primaryOutcomes": [{"measure": "Pain", "description": "VAS",
                                              "timeFrame": "12 weeks"}]},
      "eligibilityModule": {"sex": "ALL", "minimumAge": "18 Years",
                            "stdAges": ["ADULT", "OLDER_ADULT"]},
      "contactsLocationsModule": {"locations": [
        {"facility": "General", "city": "Boston", "state": "Massachusetts", "zip": "02114",
         "country": "United States"},
        {"city": "Lyon", "country": "France"}]}},
    "documentSection": {"largeDocumentModule": {"largeDocs": [
        {"label": "Study Protocol", "filename": "Prot_000.pdf"}]}},
    "hasResults": true})json");
}

// The cells of one CSV line without quotes inside cells (enough here).
std::string CellOf(const std::string& title) {
  Result<std::vector<CsvColumn>> columns = ParseCsvColumns(title);
  EXPECT_TRUE(columns.ok()) << title << ": " << columns.status().message();
  if (!columns.ok()) return "";
  std::string row = CsvRow(Record(), *columns);
  return row.substr(0, row.size() - 2);
}

TEST(CsvColumnsTest, DefaultColumnsAreClinicalTrialsGovs) {
  const std::vector<CsvColumn>& columns = DefaultCsvColumns();
  ASSERT_EQ(columns.size(), 30u);
  EXPECT_EQ(CsvHeader(columns).rfind("NCT Number,Study Title,Study URL,Acronym,Study Status,", 0),
            0u);
  EXPECT_EQ(columns.back().title, "Study Documents");
}

TEST(CsvColumnsTest, CellsAreWrittenAsTheRegistryWritesThem) {
  EXPECT_EQ(CellOf("Study URL"), "https://clinicaltrials.gov/study/NCT00000001");
  EXPECT_EQ(CellOf("Interventions"), "DRUG: Aspirin|OTHER: Placebo");
  EXPECT_EQ(CellOf("Locations"),
            "\"General, Boston, Massachusetts, 02114, United States|Lyon, France\"");
  EXPECT_EQ(CellOf("Age"), "\"18 Years and older (ADULT, OLDER_ADULT)\"");
  EXPECT_EQ(CellOf("Study Design"),
            "\"Allocation: RANDOMIZED|Intervention Model: PARALLEL|Masking: DOUBLE "
            "(PARTICIPANT, INVESTIGATOR)|Primary Purpose: TREATMENT\"");
  EXPECT_EQ(CellOf("Primary Outcome Measures"), "\"Pain, VAS, 12 weeks\"");
  EXPECT_EQ(CellOf("Study Results"), "YES");
  EXPECT_EQ(CellOf("Other IDs"), "ORG-1|SEC-2");
  EXPECT_EQ(CellOf("Collaborators"), "NCI|Mayo");
  EXPECT_EQ(CellOf("Funder Type"), "INDUSTRY");
  EXPECT_EQ(CellOf("Study Documents"),
            "\"Study Protocol, "
            "https://cdn.clinicaltrials.gov/large-docs/01/NCT00000001/Prot_000.pdf\"");
  // Titles in any case; a formula is text; several columns in order.
  EXPECT_EQ(CellOf("acronym"), "'=SUM(A1)");
  EXPECT_EQ(CellOf("NCT Number|Phases|Enrollment"), "NCT00000001,PHASE2|PHASE3,40");
}

TEST(CsvColumnsTest, PiecesAreColumnsToo) {
  EXPECT_EQ(CellOf("NCTId,LocationCity"), "NCT00000001,Boston|Lyon");
  Result<std::vector<CsvColumn>> columns = ParseCsvColumns("NCTId,Phase");
  ASSERT_TRUE(columns.ok());
  EXPECT_EQ(CsvHeader(*columns), "NCTId,Phase\r\n");
}

TEST(CsvColumnsTest, UnknownColumnsAreNamed) {
  Result<std::vector<CsvColumn>> columns = ParseCsvColumns("NCT Number,Favourite Colour");
  ASSERT_FALSE(columns.ok());
  EXPECT_NE(columns.status().message().find("'Favourite Colour' is no CSV column"),
            std::string::npos);
}

}  // namespace
}  // namespace trialfinder
