// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Filters, facets, sorting and paging over the whole bundled sample.
// Filters are checked against a brute-force predicate over the stored
// studies, so the index and the predicate must agree study by study.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "search/search_test_fixture.h"
#include "text/ascii_case.h"
#include "trialfinder/places.h"
#include "trialfinder/search.h"
#include "trialfinder/study.h"

namespace trialfinder {
namespace {

double HaversineKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRadians = M_PI / 180;
  const double a = std::pow(std::sin((lat2 - lat1) * kRadians / 2), 2) +
                   std::cos(lat1 * kRadians) * std::cos(lat2 * kRadians) *
                       std::pow(std::sin((lon2 - lon1) * kRadians / 2), 2);
  return 2 * 6371.0 * std::asin(std::sqrt(a));  // mean Earth radius; Xapian's differs by <0.2%
}

TEST_F(SearchIndexTest, ListFiltersMatchTheRecords) {
  EXPECT_EQ(SearchParams({{"filter.overallStatus", "RECRUITING"}}),
            Where([](const Study& s) { return s.protocol.status.overall_status == "RECRUITING"; }));
  EXPECT_EQ(SearchParams({{"overallStatus", "COMPLETED,TERMINATED"}}), Where([](const Study& s) {
              return s.protocol.status.overall_status == "COMPLETED" ||
                     s.protocol.status.overall_status == "TERMINATED";
            }));
  EXPECT_EQ(SearchParams({{"phase", "PHASE2"}}),
            Where([](const Study& s) { return Contains(s.protocol.design.phases, "PHASE2"); }));
  EXPECT_EQ(SearchParams({{"studyType", "OBSERVATIONAL"}}),
            Where([](const Study& s) { return s.protocol.design.study_type == "OBSERVATIONAL"; }));
  EXPECT_EQ(SearchParams({{"stdAges", "CHILD"}}), Where([](const Study& s) {
              return Contains(s.protocol.eligibility.std_ages, "CHILD");
            }));
  EXPECT_EQ(SearchParams({{"healthyVolunteers", "true"}}), Where([](const Study& s) {
              return s.protocol.eligibility.healthy_volunteers == true;
            }));
  EXPECT_EQ(SearchParams({{"hasResults", "true"}}),
            Where([](const Study& s) { return s.has_results == true; }));
  const Ids in_us = SearchParams({{"country", "united states"}});
  EXPECT_EQ(in_us, Where([](const Study& s) {
              for (const auto& site : s.protocol.contacts_locations.locations) {
                if (site.country == "United States") return true;
              }
              return false;
            }));
  EXPECT_GT(in_us.size(), 100u);
  EXPECT_EQ(SearchParams({{"city", "Duarte"}}).count("NCT07038447"), 1u);
}

TEST_F(SearchIndexTest, SexFilterIsForAPatient) {
  const Ids female = SearchParams({{"sex", "FEMALE"}});
  EXPECT_EQ(female, Where([](const Study& s) { return s.protocol.eligibility.sex != "MALE"; }));
  EXPECT_LT(female.size(), 782u);
}

TEST_F(SearchIndexTest, AgeFilterKeepsStudiesWithoutBounds) {
  const Ids age70 = SearchParams({{"age", "70"}});
  EXPECT_EQ(age70, Where([](const Study& s) {
              const auto& e = s.protocol.eligibility;
              return (!e.minimum_age || e.minimum_age->InYears() <= 70) &&
                     (!e.maximum_age || e.maximum_age->InYears() >= 70);
            }));
  EXPECT_EQ(age70.count("NCT07038447"), 1u);  // 18-75
  EXPECT_EQ(age70.count("NCT07193810"), 0u);  // 18-65
  const Ids unbounded = Where([](const Study& s) {
    return !s.protocol.eligibility.minimum_age && !s.protocol.eligibility.maximum_age;
  });
  ASSERT_FALSE(unbounded.empty());
  for (const auto& id : unbounded) EXPECT_EQ(age70.count(id), 1u) << id << " has no age bound";
  // A six-month-old: only studies that take infants.
  const Ids infant = SearchParams({{"age", "6 Months"}});
  EXPECT_EQ(infant, Where([](const Study& s) {
              const auto& e = s.protocol.eligibility;
              return (!e.minimum_age || e.minimum_age->InYears() <= 0.5) &&
                     (!e.maximum_age || e.maximum_age->InYears() >= 0.5);
            }));
}

TEST_F(SearchIndexTest, DistanceFilterUsesSiteGeoPointsAndPlacesTheOthers) {
  // Around Boston, 50 miles. Sites without the registry's coordinates
  // (the legacy XML records' 3,938) are placed by ZIP code or city.
  const double lat = 42.3601, lon = -71.0589, radius_km = 50 * 1.609344;
  std::size_t placed = 0;
  auto near = [&](const Study& s, bool enrolling_only) {
    for (const auto& site : s.protocol.contacts_locations.locations) {
      const std::optional<MapPoint> point = Gazetteer::Builtin().Locate(site);
      if (!point) continue;
      const bool enrolling = site.status.empty() ? IsOpenStatus(s.protocol.status.overall_status)
                                                 : IsOpenStatus(site.status);
      if (enrolling_only && !enrolling) continue;
      if (HaversineKm(lat, lon, point->latitude, point->longitude) <= radius_km) {
        placed += IsApproximate(point->source) ? 1 : 0;
        return true;
      }
    }
    return false;
  };
  const Ids all = SearchParams({{"filter.geo", "distance(42.3601,-71.0589,50mi)"}});
  EXPECT_EQ(all, Where([&](const Study& s) { return near(s, false); }));
  EXPECT_GE(all.size(), 3u);
  EXPECT_GT(placed, 0u) << "no study near Boston was found through a placed site";
  const Ids recruiting = SearchParams(
      {{"filter.geo", "distance(42.3601,-71.0589,50mi)"}, {"filter.overallStatus", "RECRUITING"}});
  EXPECT_EQ(recruiting, Where([&](const Study& s) {
              return s.protocol.status.overall_status == "RECRUITING" && near(s, true);
            }));

  // Distances are reported and sorted nearest first.
  Result<SearchQuery> query =
      ParseSearchParameters({{"filter.geo", "distance(42.3601,-71.0589,50mi)"},
                             {"sort", "distance"},
                             {"pageSize", "50"}});
  Result<SearchResult> result = index_->Search(*query);
  ASSERT_TRUE(result.ok());
  double previous = 0;
  for (const auto& hit : result->hits) {
    ASSERT_TRUE(hit.distance_km.has_value());
    EXPECT_LE(*hit.distance_km, radius_km + 0.5);
    EXPECT_GE(*hit.distance_km, previous);
    previous = *hit.distance_km;
  }
}

// Issue 27: KITE-363's Stanford site has no coordinates in the record; it
// is found within 10 km of Stanford Medical Center's registry coordinates.
TEST_F(SearchIndexTest, SiteWithoutCoordinatesIsFoundNearItsCity) {
  const Ids near_stanford = SearchParams({{"filter.geo", "distance(37.4241,-122.1661,10km)"}});
  EXPECT_TRUE(near_stanford.count("NCT07038447"));
  const Ids far = SearchParams({{"filter.geo", "distance(42.3601,-71.0589,10km)"}});
  EXPECT_FALSE(far.count("NCT07038447"));
}

// Inclusion and exclusion criteria are separate fields.
TEST_F(SearchIndexTest, InclusionAndExclusionFieldsTellTheSectionsApart) {
  const Ids excluding = SearchParams({{"query.exclusion", "pregnant"}});
  const Ids including = SearchParams({{"query.inclusion", "pregnant"}});
  EXPECT_GE(excluding.size(), 50u);
  EXPECT_LT(including.size(), excluding.size());
  // Against the records' text: every study found has the word after an
  // exclusion header, and (headers being written many ways, words being
  // stemmed) nearly every study with it there is found.
  const Ids written = Where([](const Study& s) {
    const std::string text = AsciiLowercase(s.protocol.eligibility.eligibility_criteria);
    const std::size_t exclusion = text.find("exclusion");
    if (exclusion == std::string::npos) return false;
    for (std::size_t at = text.find("pregnant", exclusion); at != std::string::npos;
         at = text.find("pregnant", at + 1)) {
      const bool starts = at == 0 || !std::isalpha(static_cast<unsigned char>(text[at - 1]));
      const std::size_t end = at + 8;
      const bool ends = end == text.size() || !std::isalpha(static_cast<unsigned char>(text[end]));
      if (starts && ends) return true;
    }
    return false;
  });
  std::vector<std::string> unexpected;
  std::set_difference(excluding.begin(), excluding.end(), written.begin(), written.end(),
                      std::back_inserter(unexpected));
  EXPECT_TRUE(unexpected.empty()) << unexpected.front();
  std::vector<std::string> missed;
  std::set_difference(written.begin(), written.end(), excluding.begin(), excluding.end(),
                      std::back_inserter(missed));
  EXPECT_LE(missed.size() * 20, written.size()) << missed.size() << " of " << written.size();
}

TEST_F(SearchIndexTest, DateRangesMatchTheRecords) {
  EXPECT_EQ(SearchParams({{"start", "2020-01..2021-12-31"}}), Where([](const Study& s) {
              const std::string& date = s.protocol.status.start_date.date;
              return !date.empty() && date >= "2020-01" && date.substr(0, 4) <= "2021";
            }));
}

TEST_F(SearchIndexTest, FacetsCountTheMatches) {
  Result<SearchQuery> query =
      ParseSearchParameters({{"query.cond", "leukemia"}, {"facets", "true"}});
  Result<SearchResult> result = index_->Search(*query);
  ASSERT_TRUE(result.ok());
  const Ids matches = SearchParams({{"query.cond", "leukemia"}});
  std::map<std::string, std::int64_t> expected_status;
  std::map<std::string, std::int64_t> expected_phase;
  for (const Study& s : *studies_) {
    if (!matches.count(s.nct_id())) continue;
    if (!s.protocol.status.overall_status.empty())
      ++expected_status[s.protocol.status.overall_status];
    for (const auto& phase : s.protocol.design.phases) ++expected_phase[phase];
  }
  std::set<std::string> names;
  for (const Facet& facet : result->facets) {
    names.insert(facet.name);
    std::map<std::string, std::int64_t> counted;
    for (const auto& value : facet.values) counted[value.value] = value.count;
    if (facet.name == "overallStatus") {
      EXPECT_EQ(counted, expected_status);
    }
    if (facet.name == "phase") {
      EXPECT_EQ(counted, expected_phase);
    }
  }
  for (const char* name :
       {"overallStatus", "phase", "studyType", "sex", "stdAge", "country", "interventionType"}) {
    EXPECT_EQ(names.count(name), 1u) << name;
  }
  EXPECT_EQ(result->total, static_cast<std::int64_t>(matches.size()));
  EXPECT_TRUE(result->total_is_exact);
}

TEST_F(SearchIndexTest, FacetsOfLargeResultsAreScaledFromASample) {
  Result<SearchQuery> query = ParseSearchParameters({{"facets", "true"}});
  ASSERT_TRUE(query.ok());
  query->facet_sample = 50;
  Result<SearchResult> sampled = index_->Search(*query);
  ASSERT_TRUE(sampled.ok());
  EXPECT_FALSE(sampled->facets_exact);
  ASSERT_GT(studies_->size(), 200u);
  // Every study has exactly one study type, so the scaled counts add up to
  // about the (estimated) total, and no count is below one.
  std::int64_t study_types = 0;
  for (const Facet& facet : sampled->facets) {
    for (const FacetValue& value : facet.values) {
      EXPECT_GE(value.count, 1) << facet.name << "=" << value.value;
      if (facet.name == "studyType") study_types += value.count;
    }
  }
  EXPECT_NEAR(static_cast<double>(study_types), static_cast<double>(sampled->total),
              0.05 * static_cast<double>(sampled->total));

  // countTotal sees every match, so the counts are exact again.
  query->exact_total = true;
  Result<SearchResult> exact = index_->Search(*query);
  ASSERT_TRUE(exact.ok());
  EXPECT_TRUE(exact->facets_exact);
  std::map<std::string, std::int64_t> expected_type;
  for (const Study& s : *studies_) ++expected_type[s.protocol.design.study_type];
  for (const Facet& facet : exact->facets) {
    if (facet.name != "studyType") continue;
    std::map<std::string, std::int64_t> counted;
    for (const auto& value : facet.values) counted[value.value] = value.count;
    expected_type.erase("");
    EXPECT_EQ(counted, expected_type);
  }
}

TEST_F(SearchIndexTest, SortsByDatesAndEnrollment) {
  Result<SearchQuery> query =
      ParseSearchParameters({{"sort", "LastUpdatePostDate:desc"}, {"pageSize", "100"}});
  Result<SearchResult> result = index_->Search(*query);
  ASSERT_TRUE(result.ok());
  std::map<std::string, std::string> updated;
  std::map<std::string, std::int64_t> enrollment;
  for (const Study& s : *studies_) {
    const auto& status = s.protocol.status;
    updated[s.nct_id()] = status.last_update_post_date.date.empty()
                              ? status.last_update_submit_date
                              : status.last_update_post_date.date;
    enrollment[s.nct_id()] = s.protocol.design.enrollment_info.count.value_or(-1);
  }
  for (std::size_t i = 1; i < result->hits.size(); ++i) {
    EXPECT_GE(updated[result->hits[i - 1].nct_id], updated[result->hits[i].nct_id]);
  }
  query = ParseSearchParameters({{"sort", "EnrollmentCount:asc"}, {"pageSize", "1000"}});
  result = index_->Search(*query);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->hits.size(), 782u);
  std::int64_t previous = -1;
  bool seen_missing = false;
  for (const auto& hit : result->hits) {
    const std::int64_t count = enrollment[hit.nct_id];
    if (count < 0) {
      seen_missing = true;  // studies without a count come last
      continue;
    }
    EXPECT_FALSE(seen_missing) << hit.nct_id;
    EXPECT_GE(count, previous);
    previous = count;
  }
}

TEST_F(SearchIndexTest, PagesCoverEverythingOnceAndTokensBelongToTheirQuery) {
  SearchQuery query;
  query.overall_status = {"RECRUITING"};
  const Ids paged = Search(query, 7);
  EXPECT_EQ(paged, Search(query, 1000));
  query.page_size = 7;
  Result<SearchResult> first = index_->Search(query);
  ASSERT_TRUE(first.ok());
  SearchQuery other;
  other.overall_status = {"COMPLETED"};
  other.page_token = first->next_page_token;
  Result<SearchResult> mismatch = index_->Search(other);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_NE(mismatch.status().message().find("pageToken"), std::string::npos);
  other.page_token = "garbage";
  EXPECT_FALSE(index_->Search(other).ok());
}

}  // namespace
}  // namespace trialfinder
