// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/results_view.h"

#include <gtest/gtest.h>

namespace trialfinder {
namespace {

using Json = nlohmann::json;

Json Record(Json results) { return Json{{"resultsSection", std::move(results)}}; }

const Json* TableStarting(const Json& view, const std::string& caption) {
  for (const Json& table : view["tables"]) {
    if (table["caption"].get<std::string>().rfind(caption, 0) == 0) return &table;
  }
  ADD_FAILURE() << "no table '" << caption << "' in " << view.dump();
  return nullptr;
}

TEST(ResultsViewTest, NamesCodesInWords) {
  EXPECT_EQ(DispersionLabel("STANDARD_DEVIATION"), "SD");
  EXPECT_EQ(DispersionLabel("Standard Deviation"), "SD");
  EXPECT_EQ(DispersionLabel("STANDARD_ERROR"), "SE");
  EXPECT_EQ(DispersionLabel("Inter-Quartile Range"), "IQR");
  EXPECT_EQ(DispersionLabel("95% Confidence Interval"), "95% CI");
  EXPECT_EQ(DispersionLabel("84% Confidence Interval"), "84% CI");
  EXPECT_EQ(DispersionLabel("CONFIDENCE_INTERVAL_95"), "95% CI");
  EXPECT_EQ(DispersionLabel("GEOMETRIC_COEFFICIENT_OF_VARIATION"), "geometric CV");
  EXPECT_EQ(DispersionLabel("Something New"), "something new");
  EXPECT_EQ(DispersionLabel(""), "");
  EXPECT_EQ(ParameterLabel("COUNT_OF_PARTICIPANTS"), "Count of participants");
  EXPECT_EQ(ParameterLabel("LEAST_SQUARES_MEAN"), "Least squares mean");
}

TEST(ResultsViewTest, AnOutcomeShowsItsStatisticAnalysedCountsAndAnalyses) {
  Json measure = {
      {"type", "PRIMARY"},
      {"title", "BMI"},
      {"paramType", "MEAN"},
      {"dispersionType", "STANDARD_DEVIATION"},
      {"unitOfMeasure", "kg/m^2"},
      {"timeFrame", "2 years"},
      {"groups", {{{"id", "OG000"}, {"title", "Placebo"}}, {{"id", "OG001"}, {"title", "Drug"}}}},
      {"denoms",
       {{{"units", "Participants"},
         {"counts",
          {{{"groupId", "OG000"}, {"value", "40"}}, {{"groupId", "OG001"}, {"value", "38"}}}}}}},
      {"classes",
       {{{"categories",
          {{{"measurements",
             {{{"groupId", "OG000"}, {"value", "24.1"}, {"spread", "3.2"}},
              {{"groupId", "OG001"},
               {"value", "22.9"},
               {"lowerLimit", "20"},
               {"upperLimit", "25"}}}}}}}}}},
      {"analyses",
       {{{"groupIds", {"OG000", "OG001"}},
         {"paramType", "Mean Difference (Final Values)"},
         {"paramValue", "-1.2"},
         {"ciPctValue", "95"},
         {"ciLowerLimit", "-2.4"},
         {"ciUpperLimit", "0.1"},
         {"pValue", "0.07"},
         {"statisticalMethod", "ANCOVA"},
         {"groupDescription", "Difference: Drug minus Placebo, at week 4"}},
        {{"groupIds", {"OG000", "OG001"}}, {"pValue", "<0.001"}}}}};
  measure["classes"][0]["categories"].push_back(
      {{"title", "Below LOQ"},
       {"measurements",
        {{{"groupId", "OG000"},
          {"value", "NA"},
          {"comment", "Below the level of quantification."}}}}});
  const Json view =
      ResultsTablesView(Record({{"outcomeMeasuresModule", {{"outcomeMeasures", {measure}}}}}));
  const Json* table = TableStarting(view, "Primary outcome: BMI");
  ASSERT_NE(table, nullptr);
  EXPECT_EQ((*table)["corner"], "Mean (SD)");
  EXPECT_EQ((*table)["note"], "Unit: kg/m^2. Time frame: 2 years.");
  EXPECT_EQ((*table)["rows"][0]["label"], "Participants analysed");
  EXPECT_EQ((*table)["rows"][0]["cells"], Json({"40", "38"}));
  EXPECT_EQ((*table)["rows"][1]["cells"], Json({"24.1 (3.2)", "22.9 (20 to 25)"}));
  ASSERT_EQ((*table)["analyses"].size(), 2u);
  EXPECT_EQ((*table)["analyses"][0],
            "Groups compared: Placebo and Drug. Mean Difference (Final Values) -1.2 (95% CI -2.4 "
            "to 0.1), p = 0.07, by ANCOVA. Difference: Drug minus Placebo, at week 4.");
  EXPECT_EQ((*table)["analyses"][1], "Groups compared: Placebo and Drug. p <0.001.");
  // A long note is shortened at a word, and says so.
  std::string note;
  while (note.size() < 700) note += "patients are reported here ";
  measure["analyses"][1]["statisticalComment"] = note;
  const Json longer =
      ResultsTablesView(Record({{"outcomeMeasuresModule", {{"outcomeMeasures", {measure}}}}}));
  const std::string analysis = (*TableStarting(longer, "Primary outcome: BMI"))["analyses"][1];
  EXPECT_NE(analysis.find("here ... (shortened; the record has the rest)."), std::string::npos)
      << analysis;
  // "NA" is explained, and the team's note on it shown.
  EXPECT_EQ((*table)["rows"][2]["cells"], Json({"NA", "–"}));
  EXPECT_EQ((*table)["footnotes"],
            Json({"NA: the study team posted no number here (for a median, this often means it "
                  "was not reached).",
                  "Note from the study team: Below the level of quantification."}));
}

TEST(ResultsViewTest, AdverseEventsByTermMostFrequentFirstAndCapped) {
  Json groups = {
      {{"id", "EG000"}, {"title", "A"}, {"seriousNumAffected", 3}, {"seriousNumAtRisk", 10}},
      {{"id", "EG001"}, {"title", "B"}, {"seriousNumAffected", 1}, {"seriousNumAtRisk", 9}}};
  Json serious = {{{"term", "Rash"},
                   {"organSystem", "Skin"},
                   {"stats", {{{"groupId", "EG000"}, {"numAffected", 1}, {"numAtRisk", 10}}}}},
                  {{"term", "Pneumonia"},
                   {"organSystem", "Infections"},
                   {"stats",
                    {{{"groupId", "EG000"}, {"numAffected", 2}, {"numAtRisk", 10}},
                     {{"groupId", "EG001"}, {"numAffected", 1}, {"numAtRisk", 9}}}}}};
  Json other = Json::array();
  for (std::size_t i = 0; i < kMaxEventTerms + 5; ++i) {
    other.push_back(
        {{"term", "Term " + std::to_string(i)},
         {"stats",
          {{{"groupId", "EG001"}, {"numAffected", static_cast<int>(i)}, {"numAtRisk", 9}}}}});
  }
  const Json view = ResultsTablesView(
      Record({{"adverseEventsModule",
               {{"eventGroups", groups}, {"seriousEvents", serious}, {"otherEvents", other}}}}));
  const Json* totals = TableStarting(view, "Adverse events");
  ASSERT_NE(totals, nullptr);
  EXPECT_EQ((*totals)["rows"][1]["cells"], Json({"3 / 10 (30%)", "1 / 9 (11%)"}));
  const Json* by_term = TableStarting(view, "Serious adverse events by term");
  ASSERT_NE(by_term, nullptr);
  EXPECT_EQ((*by_term)["rows"][0]["label"], "Pneumonia (Infections)");
  EXPECT_EQ((*by_term)["rows"][1]["cells"], Json({"1 / 10 (10%)", "–"}));
  const Json* others = TableStarting(view, "Other adverse events by term");
  ASSERT_NE(others, nullptr);
  EXPECT_EQ((*others)["rows"].size(), kMaxEventTerms);
  EXPECT_EQ((*others)["rows"][0]["label"], "Term " + std::to_string(kMaxEventTerms + 4));
  EXPECT_EQ((*others)["more"],
            "5 less frequent terms are not shown here; ClinicalTrials.gov lists them all.");
}

TEST(ResultsViewTest, OneInManyIsNotZeroPercent) {
  const Json events = {
      {"eventGroups",
       {{{"id", "EG000"}, {"title", "A"}, {"seriousNumAffected", 1}, {"seriousNumAtRisk", 243}}}}};
  const Json view = ResultsTablesView(Record({{"adverseEventsModule", events}}));
  const Json* totals = TableStarting(view, "Adverse events");
  ASSERT_NE(totals, nullptr);
  EXPECT_EQ((*totals)["rows"][1]["cells"], Json({"1 / 243 (<1%)"}));
}

TEST(ResultsViewTest, NoResultsSectionIsNull) {
  EXPECT_TRUE(ResultsTablesView(Json{{"protocolSection", Json::object()}}).is_null());
  EXPECT_FALSE(SummarizeResults(Json::object()));
  const std::optional<PostedResults> posted =
      SummarizeResults(Record({{"outcomeMeasuresModule",
                                {{"outcomeMeasures",
                                  {{{"type", "SECONDARY"}, {"title", "QoL"}},
                                   {{"type", "PRIMARY"}, {"title", "PFS"}}}}}}}));
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->primary_outcome, "PFS");
  EXPECT_EQ(posted->outcome_measures, 2);
}

}  // namespace
}  // namespace trialfinder
