// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include <gtest/gtest.h>

#include "trialfinder/search.h"

namespace trialfinder {
namespace {

using Parameters = std::vector<std::pair<std::string, std::string>>;

void ExpectError(const Parameters& parameters, const std::string& words) {
  Result<SearchQuery> query = ParseSearchParameters(parameters);
  ASSERT_FALSE(query.ok());
  EXPECT_EQ(query.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(query.status().message().find(words), std::string::npos) << query.status().message();
}

TEST(ParseSearchParametersTest, ReadsApiV2AndShortNames) {
  Result<SearchQuery> query = ParseSearchParameters({
      {"query.cond", "lupus"},
      {"term", "CAR-T"},
      {"filter.overallStatus", "recruiting|NOT_YET_RECRUITING"},
      {"phase", "1,Phase 2"},
      {"sex", "female"},
      {"age", "70"},
      {"filter.geo", "distance(39.0035707,-77.1013313,50mi)"},
      {"start", "2020..2024-06"},
      {"sort", "LastUpdatePostDate:asc,@relevance"},
      {"pageSize", "25"},
      {"filter.ids", "nct7038447,NCT07193810"},
      {"healthyVolunteers", "false"},
  });
  ASSERT_TRUE(query.ok()) << query.status().message();
  EXPECT_EQ(query->cond, "lupus");
  EXPECT_EQ(query->term, "CAR-T");
  EXPECT_EQ(query->overall_status, (std::vector<std::string>{"RECRUITING", "NOT_YET_RECRUITING"}));
  EXPECT_EQ(query->phase, (std::vector<std::string>{"PHASE1", "PHASE2"}));
  EXPECT_EQ(query->sex, "FEMALE");
  EXPECT_DOUBLE_EQ(*query->age_years, 70);
  ASSERT_TRUE(query->geo.has_value());
  EXPECT_NEAR(query->geo->radius_km, 80.467, 0.01);
  EXPECT_EQ(query->start_date.from, "2020");
  EXPECT_EQ(query->start_date.to, "2024-06");
  ASSERT_EQ(query->sort.size(), 2u);
  // A piece sorts by its own value (studies without one last).
  EXPECT_EQ(query->sort[0].field, SortField::kPiece);
  EXPECT_EQ(query->sort[0].piece->name, "LastUpdatePostDate");
  EXPECT_FALSE(query->sort[0].descending);
  EXPECT_EQ(query->sort[1].field, SortField::kRelevance);
  EXPECT_EQ(query->page_size, 25u);
  EXPECT_EQ(query->ids, (std::vector<std::string>{"NCT07038447", "NCT07193810"}));
  EXPECT_EQ(query->healthy_volunteers, false);
}

TEST(ParseSearchParametersTest, NamesTheBadParameter) {
  ExpectError({{"filter.overallStatus", "RECRUTING"}},
              "parameter 'filter.overallStatus': unknown value 'RECRUTING'");
  ExpectError({{"phase", "7"}}, "parameter 'phase'");
  ExpectError({{"age", "old"}}, "parameter 'age'");
  ExpectError({{"age", "300"}}, "parameter 'age'");
  ExpectError({{"filter.geo", "near(1,2)"}}, "parameter 'filter.geo'");
  ExpectError({{"filter.geo", "distance(91,0,10km)"}}, "latitude");
  ExpectError({{"filter.geo", "distance(40,0,-5km)"}}, "radius");
  ExpectError({{"pageSize", "-1"}}, "parameter 'pageSize'");
  ExpectError({{"pageSize", "2.5"}}, "parameter 'pageSize'");
  // The specification: 0 is the default, more than 1,000 is coerced down.
  EXPECT_EQ(ParseSearchParameters({{"pageSize", "0"}})->page_size, 10u);
  EXPECT_EQ(ParseSearchParameters({{"pageSize", "5000"}})->page_size, 1000u);
  ExpectError({{"sort", "Title"}}, "cannot sort by 'Title'");
  ExpectError({{"sort", "StartDate:up"}}, "asc or desc");
  ExpectError({{"sort", "distance"}}, "needs filter.geo");
  ExpectError({{"start", "July 2020"}}, "parameter 'start'");
  ExpectError({{"filter.ids", "NCT1,12345"}}, "'12345' is not an NCT ID");
  // The API's pattern (^[Nn][Cc][Tt]0*[1-9]\\d{0,7}$) has no all-zero ID.
  ExpectError({{"filter.ids", "NCT00000000"}}, "not all zero");
  ExpectError({{"colour", "blue"}}, "parameter 'colour': unknown parameter");
  ExpectError({{"hasResults", "perhaps"}}, "parameter 'hasResults'");
}

}  // namespace
}  // namespace trialfinder

namespace trialfinder {
namespace {

TEST(ParseSearchParametersTest, PostFiltersAreFilters) {
  Result<SearchQuery> post = ParseSearchParameters({{"postFilter.overallStatus", "RECRUITING"}});
  ASSERT_TRUE(post.ok()) << post.status().message();
  EXPECT_EQ(post->overall_status, std::vector<std::string>{"RECRUITING"});
  EXPECT_TRUE(ParseSearchParameters({{"filter.overallStatus", "RECRUITING"},
                                     {"postFilter.overallStatus", "RECRUITING"}})
                  .ok());
  Result<SearchQuery> both = ParseSearchParameters(
      {{"filter.overallStatus", "RECRUITING"}, {"postFilter.overallStatus", "COMPLETED"}});
  ASSERT_FALSE(both.ok());
  EXPECT_NE(both.status().message().find("postFilter.overallStatus"), std::string::npos);
}

TEST(ParseSearchParametersTest, LongTextIsRefusedNamingTheParameter) {
  const std::string words(2001, 'a');
  Result<SearchQuery> refused = ParseSearchParameters({{"query.term", words}});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("query.term"), std::string::npos);
  EXPECT_NE(refused.status().message().find("2000"), std::string::npos);
  EXPECT_TRUE(ParseSearchParameters({{"query.term", words.substr(0, 2000)}}).ok());
  // A case note may be longer.
  EXPECT_TRUE(ParseSearchParameters({{"query.patient", std::string(5000, 'a')}}).ok());
}

}  // namespace
}  // namespace trialfinder
