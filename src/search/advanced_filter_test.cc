// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// filter.advanced (BuildAdvancedFilter, essie_query.h): each expression is run against an
// in-memory index of three small studies laid out as the real index is
// (BuildStudyDocument), so a test checks which studies an expression
// finds, not how the query happens to be spelt.

#include "search/advanced_filter.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "search/index_schema.h"
#include "search/study_document.h"
#include "trialfinder/study_json.h"

namespace trialfinder {
namespace {

using Ids = std::set<std::string>;

// NCT00000001: recruiting phase 2 drug trial for women 18-65 in Boston,
// started 2020-06-15, 100 participants, no healthy volunteers.
constexpr const char* kFirst = R"({"protocolSection": {
  "identificationModule": {"nctId": "NCT00000001", "briefTitle": "First"},
  "statusModule": {"overallStatus": "RECRUITING", "startDateStruct": {"date": "2020-06-15"}},
  "designModule": {"studyType": "INTERVENTIONAL", "phases": ["PHASE2"],
                   "enrollmentInfo": {"count": 100}},
  "armsInterventionsModule": {"interventions": [{"type": "DRUG", "name": "Aspirin"}]},
  "eligibilityModule": {"sex": "FEMALE", "healthyVolunteers": false,
                        "minimumAge": "18 Years", "maximumAge": "65 Years"},
  "contactsLocationsModule": {"locations": [
      {"facility": "General", "city": "Boston", "state": "Massachusetts",
       "country": "United States"}]}},
  "hasResults": false})";

// NCT00000002: completed phase 3 trial from age 12 without an upper bound
// in Paris, started March 2018, 20 participants, healthy volunteers, results.
constexpr const char* kSecond = R"({"protocolSection": {
  "identificationModule": {"nctId": "NCT00000002", "briefTitle": "Second"},
  "statusModule": {"overallStatus": "COMPLETED", "startDateStruct": {"date": "2018-03"}},
  "designModule": {"studyType": "INTERVENTIONAL", "phases": ["PHASE3"],
                   "enrollmentInfo": {"count": 20}},
  "eligibilityModule": {"sex": "ALL", "healthyVolunteers": true, "minimumAge": "12 Years"},
  "contactsLocationsModule": {"locations": [
      {"facility": "Hopital", "city": "Paris", "country": "France"}]}},
  "hasResults": true})";

// NCT00000003: recruiting observational study of boys from 6 months to 17
// years in Lyon, started 2024-01-10, 500 participants.
constexpr const char* kThird = R"({"protocolSection": {
  "identificationModule": {"nctId": "NCT00000003", "briefTitle": "Third"},
  "statusModule": {"overallStatus": "RECRUITING", "startDateStruct": {"date": "2024-01-10"}},
  "designModule": {"studyType": "OBSERVATIONAL", "enrollmentInfo": {"count": 500}},
  "eligibilityModule": {"sex": "MALE", "minimumAge": "6 Months", "maximumAge": "17 Years"},
  "contactsLocationsModule": {"locations": [
      {"facility": "Clinique", "city": "Lyon", "country": "France"}]}}})";

const Ids kAll = {"NCT00000001", "NCT00000002", "NCT00000003"};

class AdvancedFilterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Xapian::TermGenerator generator;
    for (const char* json : {kFirst, kSecond, kThird}) {
      Result<Study> study = ParseStudyJson(json);
      ASSERT_TRUE(study.ok()) << study.status().message();
      database_.add_document(BuildStudyDocument(*study, generator, nullptr));
    }
  }

  // The studies `expression` finds; a parse error fails the test.
  Ids Matching(const std::string& expression) {
    Result<Xapian::Query> query = BuildAdvancedFilter(expression, &database_, text_);
    EXPECT_TRUE(query.ok()) << expression << ": " << query.status().message();
    if (!query.ok()) return {};
    Xapian::Enquire enquire(database_);
    enquire.set_query(*query);
    Ids ids;
    const Xapian::MSet matches = enquire.get_mset(0, database_.get_doccount());
    for (auto match = matches.begin(); match != matches.end(); ++match) {
      ids.insert(match.get_document().get_data());
    }
    return ids;
  }

  // The message of the error `expression` gives; parsing it fails the test.
  std::string ErrorOf(const std::string& expression) {
    Result<Xapian::Query> query = BuildAdvancedFilter(expression, &database_, text_);
    EXPECT_FALSE(query.ok()) << expression << " parsed";
    if (query.ok()) return "";
    EXPECT_EQ(query.status().code(), StatusCode::kInvalidArgument) << expression;
    EXPECT_EQ(query.status().message().rfind("parameter 'filter.advanced': ", 0), 0u)
        << query.status().message();
    return query.status().message();
  }

  Xapian::WritableDatabase database_{std::string(), Xapian::DB_BACKEND_INMEMORY};
  // Text areas: every call recorded; "aspirin" finds the first study, other
  // text nothing to search for.
  std::vector<std::pair<std::string, std::string>> text_calls_;
  FieldWordsQuery text_ = [this](const std::string& text, const std::string& prefix, Expansion) {
    text_calls_.emplace_back(text, prefix);
    return text == "aspirin" ? std::optional<Xapian::Query>(Xapian::Query(NctIdTerm("NCT00000001")))
                             : std::nullopt;
  };
};

TEST_F(AdvancedFilterTest, AreaValueFindsTheStudiesWithThatValue) {
  EXPECT_EQ(Matching("AREA[Phase]PHASE2"), Ids{"NCT00000001"});
  EXPECT_EQ(Matching("AREA[OverallStatus]RECRUITING"), (Ids{"NCT00000001", "NCT00000003"}));
  EXPECT_EQ(Matching("AREA[StudyType]OBSERVATIONAL"), Ids{"NCT00000003"});
  EXPECT_EQ(Matching("AREA[Sex]MALE"), Ids{"NCT00000003"});
  EXPECT_EQ(Matching("AREA[InterventionType]DRUG"), Ids{"NCT00000001"});
  EXPECT_EQ(Matching("AREA[NCTId]NCT00000002"), Ids{"NCT00000002"});
  EXPECT_EQ(Matching("AREA[Phase]PHASE4"), Ids{});
}

TEST_F(AdvancedFilterTest, AreaNamesAndEnumValuesIgnoreLetterCase) {
  EXPECT_EQ(Matching("AREA[overallstatus]recruiting"), (Ids{"NCT00000001", "NCT00000003"}));
  EXPECT_EQ(Matching("AREA[PHASE]Phase3"), Ids{"NCT00000002"});
  // Gender is another name for Sex.
  EXPECT_EQ(Matching("AREA[Gender]female"), Ids{"NCT00000001"});
}

TEST_F(AdvancedFilterTest, LocationAreasMatchWholeValuesInAnyCase) {
  EXPECT_EQ(Matching("AREA[LocationCity]PARIS"), Ids{"NCT00000002"});
  EXPECT_EQ(Matching("AREA[LocationCountry]France"), (Ids{"NCT00000002", "NCT00000003"}));
  // A value with a space is quoted.
  EXPECT_EQ(Matching("AREA[LocationCountry]\"united states\""), Ids{"NCT00000001"});
  EXPECT_EQ(Matching("AREA[LocationState]\"Massachusetts\""), Ids{"NCT00000001"});
  // A word of a value is enough; COVERAGE[FullMatch] wants all of it.
  EXPECT_EQ(Matching("AREA[LocationCountry]united"), Ids{"NCT00000001"});
  EXPECT_EQ(Matching("COVERAGE[FullMatch]AREA[LocationCountry]united"), Ids{});
  EXPECT_EQ(Matching("AREA[LocationCountry]COVERAGE[FullMatch]\"United States\""),
            Ids{"NCT00000001"});
}

TEST_F(AdvancedFilterTest, CoverageStartsWithAndEndsWith) {
  EXPECT_EQ(Matching("AREA[LocationCountry]COVERAGE[StartsWith]united"), Ids{"NCT00000001"});
  EXPECT_EQ(Matching("AREA[LocationCountry]COVERAGE[StartsWith]states"), Ids{});
  EXPECT_EQ(Matching("AREA[LocationCountry]COVERAGE[EndsWith]states"), Ids{"NCT00000001"});
  EXPECT_EQ(Matching("COVERAGE[EndsWith]AREA[BriefTitle]first"), Ids{"NCT00000001"});
}

TEST_F(AdvancedFilterTest, MissingFindsStudiesWithoutTheField) {
  EXPECT_EQ(Matching("AREA[MaximumAge]MISSING"), Ids{"NCT00000002"});
  EXPECT_EQ(Matching("AREA[Phase]MISSING"), Ids{"NCT00000003"});
  EXPECT_EQ(Matching("AREA[HealthyVolunteers]MISSING"), Ids{"NCT00000003"});
  EXPECT_EQ(Matching("NOT AREA[InterventionName]MISSING"), Ids{"NCT00000001"});
  // Anywhere within AREA[Piece], as an operand.
  EXPECT_EQ(Matching("AREA[Phase](PHASE2 OR MISSING)"), (Ids{"NCT00000001", "NCT00000003"}));
  EXPECT_EQ(Matching("AREA[Phase]NOT MISSING"), (Ids{"NCT00000001", "NCT00000002"}));
  // Elsewhere MISSING is the word, searched in all text.
  text_calls_.clear();
  EXPECT_NE(ErrorOf("MISSING").find("'missing' has no words to search for"), std::string::npos);
  EXPECT_EQ(text_calls_.size(), 1u);
}

TEST_F(AdvancedFilterTest, ContextOperatorsCanWrapGroupsAndEachOther) {
  EXPECT_EQ(Matching("AREA[Phase](PHASE2 OR PHASE3)"), (Ids{"NCT00000001", "NCT00000002"}));
  EXPECT_EQ(Matching("SEARCH[Location](AREA[LocationCity]Lyon AND AREA[LocationCountry]France)"),
            Ids{"NCT00000003"});
  EXPECT_EQ(Matching("EXPANSION[None]AREA[LocationCity]paris"), Ids{"NCT00000002"});
  EXPECT_EQ(Matching("AREA[LocationCity]EXPANSION[Lossy](paris OR lyon)"),
            (Ids{"NCT00000002", "NCT00000003"}));
  EXPECT_NE(ErrorOf("SEARCH[Planet]AREA[Phase]PHASE2").find("SEARCH takes Study or Location"),
            std::string::npos);
  EXPECT_NE(ErrorOf("EXPANSION[Wide]AREA[Phase]PHASE2").find("EXPANSION takes None"),
            std::string::npos);
  EXPECT_NE(ErrorOf("COVERAGE[Most]AREA[Phase]PHASE2").find("COVERAGE takes FullMatch"),
            std::string::npos);
}

TEST_F(AdvancedFilterTest, SizeCountsTheValuesOfAList) {
  EXPECT_EQ(Matching("AREA[Phase:size]1"), (Ids{"NCT00000001", "NCT00000002"}));
  EXPECT_EQ(Matching("AREA[Phase:size]0"), Ids{"NCT00000003"});
  EXPECT_EQ(Matching("AREA[Phase:size]RANGE[2, MAX]"), Ids{});
  EXPECT_EQ(Matching("AREA[LocationCity:size]RANGE[MIN, 1]"), kAll);
  EXPECT_NE(ErrorOf("AREA[BriefTitle:size]1").find("BriefTitle is not a list"), std::string::npos);
  EXPECT_NE(ErrorOf("AREA[Phase:size]many").find("'many' is not a count"), std::string::npos);
}

TEST_F(AdvancedFilterTest, MoreDateAndEnumPieces) {
  EXPECT_EQ(Matching("AREA[StartDate]RANGE[2018-01-01, 2019-01-01]"), Ids{"NCT00000002"});
  EXPECT_EQ(Matching("AREA[Phase]\"Phase 2\""), Ids{"NCT00000001"});
  EXPECT_EQ(Matching("AREA[StudyType]INTERVENTIONAL AREA[Sex]ALL"), Ids{"NCT00000002"});
}

TEST_F(AdvancedFilterTest, BooleanAreasTakeTrueOrFalse) {
  EXPECT_EQ(Matching("AREA[HealthyVolunteers]true"), Ids{"NCT00000002"});
  // The third study does not say: it is neither.
  EXPECT_EQ(Matching("AREA[HealthyVolunteers]FALSE"), Ids{"NCT00000001"});
  EXPECT_EQ(Matching("AREA[HasResults]true"), Ids{"NCT00000002"});
  EXPECT_NE(ErrorOf("AREA[HasResults]yes").find("AREA[HasResults] takes true or false"),
            std::string::npos);
}

TEST_F(AdvancedFilterTest, AgeRanges) {
  EXPECT_EQ(Matching("AREA[MinimumAge]RANGE[MIN, 16 years]"), (Ids{"NCT00000002", "NCT00000003"}));
  EXPECT_EQ(Matching("AREA[MinimumAge]RANGE[1 year, 16 years]"), Ids{"NCT00000002"});
  // No upper bound counts as older than any bound.
  EXPECT_EQ(Matching("AREA[MaximumAge]RANGE[65 Years, MAX]"), (Ids{"NCT00000001", "NCT00000002"}));
  // One age, quoted for its space, is a range of itself.
  EXPECT_EQ(Matching("AREA[MinimumAge]\"12 Years\""), Ids{"NCT00000002"});
  EXPECT_EQ(Matching("AREA[MinimumAge]RANGE[MIN, MAX]"), kAll);
}

TEST_F(AdvancedFilterTest, DateRangesCoverWholePartialDates) {
  EXPECT_EQ(Matching("AREA[StartDate]RANGE[2020-01-01, MAX]"), (Ids{"NCT00000001", "NCT00000003"}));
  // An upper bound of a year or a month reaches to its end.
  EXPECT_EQ(Matching("AREA[StartDate]RANGE[MIN, 2020]"), (Ids{"NCT00000001", "NCT00000002"}));
  EXPECT_EQ(Matching("AREA[StartDate]RANGE[MIN, 2020-06]"), (Ids{"NCT00000001", "NCT00000002"}));
  EXPECT_EQ(Matching("AREA[StartDate]RANGE[MIN, 2020-06-14]"), Ids{"NCT00000002"});
  EXPECT_EQ(Matching("AREA[StartDate]2018-03"), Ids{"NCT00000002"});
  EXPECT_EQ(Matching("AREA[StartDate]2024"), Ids{"NCT00000003"});
}

TEST_F(AdvancedFilterTest, NumberRanges) {
  EXPECT_EQ(Matching("AREA[EnrollmentCount]RANGE[50, MAX]"), (Ids{"NCT00000001", "NCT00000003"}));
  EXPECT_EQ(Matching("AREA[EnrollmentCount]RANGE[20, 100]"), (Ids{"NCT00000001", "NCT00000002"}));
  EXPECT_EQ(Matching("AREA[EnrollmentCount]500"), Ids{"NCT00000003"});
}

TEST_F(AdvancedFilterTest, AndOrNot) {
  EXPECT_EQ(Matching("AREA[OverallStatus]RECRUITING AND AREA[Phase]PHASE2"), Ids{"NCT00000001"});
  // Two expressions side by side are both required.
  EXPECT_EQ(Matching("AREA[OverallStatus]RECRUITING AREA[StudyType]OBSERVATIONAL"),
            Ids{"NCT00000003"});
  EXPECT_EQ(Matching("AREA[Phase]PHASE2 OR AREA[Phase]PHASE3"),
            (Ids{"NCT00000001", "NCT00000002"}));
  EXPECT_EQ(Matching("AREA[OverallStatus]RECRUITING AND NOT AREA[StudyType]OBSERVATIONAL"),
            Ids{"NCT00000001"});
  EXPECT_EQ(Matching("AREA[OverallStatus]RECRUITING NOT AREA[Phase]PHASE2"), Ids{"NCT00000003"});
  EXPECT_EQ(Matching("NOT AREA[Phase]PHASE2"), (Ids{"NCT00000002", "NCT00000003"}));
  EXPECT_EQ(Matching("NOT NOT AREA[Phase]PHASE2"), Ids{"NCT00000001"});
}

TEST_F(AdvancedFilterTest, AndBindsTighterThanOrAndParenthesesGroup) {
  // PHASE3 OR (RECRUITING AND OBSERVATIONAL).
  EXPECT_EQ(Matching("AREA[Phase]PHASE3 OR AREA[OverallStatus]RECRUITING AND "
                     "AREA[StudyType]OBSERVATIONAL"),
            (Ids{"NCT00000002", "NCT00000003"}));
  EXPECT_EQ(Matching("(AREA[Phase]PHASE3 OR AREA[OverallStatus]RECRUITING) AND "
                     "AREA[StudyType]OBSERVATIONAL"),
            Ids{"NCT00000003"});
  EXPECT_EQ(Matching("NOT (AREA[Phase]PHASE2 OR AREA[Phase]PHASE3)"), Ids{"NCT00000003"});
  EXPECT_EQ(Matching(" ( ( AREA[Sex]MALE ) ) "), Ids{"NCT00000003"});
}

TEST_F(AdvancedFilterTest, TextPiecesAreSearchedInTheirOwnValues) {
  EXPECT_EQ(Matching("AREA[InterventionName]aspirin AND AREA[Phase]PHASE2"), Ids{"NCT00000001"});
  EXPECT_EQ(Matching("AREA[InterventionName]ASPIRIN AND AREA[Phase]PHASE3"), Ids{});
  EXPECT_EQ(Matching("AREA[LocationFacility]clinique"), Ids{"NCT00000003"});
  // The title is not the facility.
  EXPECT_EQ(Matching("AREA[LocationFacility]third"), Ids{});
  EXPECT_EQ(Matching("AREA[Condition]the"), Ids{});
  EXPECT_TRUE(text_calls_.empty());
  // Lists of structs are counted: AREA[Location:size] is NumLocations.
  EXPECT_EQ(Matching("AREA[Location:size]1"), kAll);
  EXPECT_EQ(Matching("AREA[Intervention:size]RANGE[1, MAX]"), Ids{"NCT00000001"});
}

TEST_F(AdvancedFilterTest, SearchAreasAndLongTextGoThroughTheCaller) {
  // Long text pieces are searched as all text.
  EXPECT_NE(ErrorOf("AREA[BriefSummary]\"two words\" OR AREA[Phase]PHASE3")
                .find("'two words' has no words to search for"),
            std::string::npos);
  // The word anywhere, in a study that has a summary (the first has none).
  EXPECT_EQ(Matching("AREA[BriefSummary]aspirin OR AREA[Phase]PHASE3"), Ids{"NCT00000002"});
  EXPECT_EQ(Matching("AREA[InterventionSearch]aspirin"), Ids{"NCT00000001"});
  EXPECT_EQ(Matching("aspirin AND AREA[Sex]FEMALE"), Ids{"NCT00000001"});
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"two words", ""},
      {"aspirin", ""},
      {"aspirin", index_schema::kInterventionField},
      {"aspirin", ""}};
  EXPECT_EQ(text_calls_, expected);
}

TEST_F(AdvancedFilterTest, MalformedExpressionsNameTheProblemAndWhere) {
  EXPECT_EQ(ErrorOf(""),
            "parameter 'filter.advanced': the expression ends too early at character 1");
  EXPECT_NE(ErrorOf("AREA[Phase]PHASE2 AND AREA[Nonsense]x").find("unsupported area 'Nonsense'"),
            std::string::npos);
  EXPECT_NE(ErrorOf("AREA[Phase]PHASE2 AND AREA[Nonsense]x").find("at character 23"),
            std::string::npos);
  EXPECT_NE(ErrorOf("AREA[Phase]PHASE2 AND").find("the expression ends too early"),
            std::string::npos);
  EXPECT_NE(ErrorOf("AREA[Phase").find("missing ']' after AREA["), std::string::npos);
  EXPECT_NE(ErrorOf("AREA[Phase]").find("AREA[Phase] has no value"), std::string::npos);
  EXPECT_NE(ErrorOf("(AREA[Phase]PHASE2").find("missing ')'"), std::string::npos);
  EXPECT_NE(ErrorOf("AREA[Phase]PHASE2)").find("unexpected ')'"), std::string::npos);
  EXPECT_NE(ErrorOf("(AREA[Phase]PHASE2 OR)").find("OR needs something after it"),
            std::string::npos);
  EXPECT_NE(ErrorOf("OR AREA[Phase]PHASE2").find("unexpected 'OR'"), std::string::npos);
  // Words outside AREA are text; operators are capitals only: "and" is a
  // word (a stopword), so both phases are required.
  EXPECT_NE(ErrorOf("the").find("has no words to search for"), std::string::npos);
  EXPECT_NE(ErrorOf("COVERAGE[FullMatch]\"lung cancer\"").find("COVERAGE applies to pieces"),
            std::string::npos);
  EXPECT_NE(ErrorOf("AREA[Phase]PHASE2 and AREA[Phase]PHASE3").find("'and' has no words"),
            std::string::npos);
}

TEST_F(AdvancedFilterTest, MalformedRangesNameTheArea) {
  EXPECT_NE(ErrorOf("AREA[MinimumAge]RANGE[16 years]").find("RANGE takes two values"),
            std::string::npos);
  EXPECT_NE(ErrorOf("AREA[MinimumAge]RANGE[MIN, 16 years").find("missing ']' after RANGE["),
            std::string::npos);
  EXPECT_NE(ErrorOf("AREA[Phase]RANGE[1, 2]").find("AREA[Phase] does not take RANGE"),
            std::string::npos);
  EXPECT_NE(
      ErrorOf("AREA[MinimumAge]RANGE[old, MAX]").find("AREA[MinimumAge]: 'old' is not an age"),
      std::string::npos);
  EXPECT_NE(
      ErrorOf("AREA[StartDate]RANGE[MIN, soon]").find("AREA[StartDate]: 'soon' is not a date"),
      std::string::npos);
  EXPECT_NE(ErrorOf("AREA[EnrollmentCount]RANGE[ten, MAX]")
                .find("AREA[EnrollmentCount]: 'ten' is not a number"),
            std::string::npos);
  EXPECT_NE(ErrorOf("AREA[EnrollmentCount]12x").find("'12x' is not a number"), std::string::npos);
  EXPECT_NE(ErrorOf("AREA[EnrollmentCount]RANGE[NaN, MAX]").find("'NaN' is not a number"),
            std::string::npos);
  EXPECT_NE(ErrorOf("AREA[EnrollmentCount]RANGE[0x10, MAX]").find("is not a number"),
            std::string::npos);
  EXPECT_NE(ErrorOf("AREA[EnrollmentCount]RANGE[MAX, MIN]").find("is empty"), std::string::npos);
  EXPECT_NE(ErrorOf("AREA[StartDate]RANGE[2024, 2020]").find("is empty"), std::string::npos);
}

TEST_F(AdvancedFilterTest, OversizedExpressionsAreRefused) {
  EXPECT_NE(ErrorOf("AREA[Phase]PHASE2 OR " + std::string(4000, ' ') + "AREA[Phase]PHASE3")
                .find("longer than 4000 characters"),
            std::string::npos);
  EXPECT_NE(ErrorOf(std::string(40, '(') + "AREA[Phase]PHASE2" + std::string(40, ')'))
                .find("parentheses nest too deep"),
            std::string::npos);
  std::string nots;
  for (int i = 0; i < 200; ++i) nots += "NOT ";
  EXPECT_NE(ErrorOf(nots + "AREA[Phase]PHASE2").find("operators nest too deep"), std::string::npos);
  // Within the limits, deep nesting still parses.
  EXPECT_EQ(Matching(std::string(10, '(') + "AREA[Phase]PHASE2" + std::string(10, ')')),
            Ids{"NCT00000001"});
}

}  // namespace
}  // namespace trialfinder
