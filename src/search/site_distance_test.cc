// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "search/site_distance.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <vector>

#include "search/value_column.h"

namespace trialfinder {
namespace {

struct Site {
  double latitude, longitude;
};

// Clustered around a random place, with some far away, like a trial's sites.
std::vector<Site> RandomSites(std::mt19937& random, int count) {
  std::uniform_real_distribution<double> latitude(-89, 89), longitude(-180, 180), spread(-6, 6);
  const double home_latitude = latitude(random), home_longitude = longitude(random);
  std::vector<Site> sites;
  for (int i = 0; i < count; ++i) {
    if (i % 5 == 4) {
      sites.push_back({latitude(random), longitude(random)});
    } else {
      sites.push_back({std::clamp(home_latitude + spread(random), -90.0, 90.0),
                       std::remainder(home_longitude + spread(random), 360.0)});
    }
  }
  return sites;
}

std::string Serialised(const std::vector<Site>& sites) {
  std::string value;
  for (const Site& site : sites) AppendSite(site.latitude, site.longitude, &value);
  return value;
}

// Xapian's great-circle distance (its default sphere) to the nearest site.
double XapianNearestKm(const Site& centre, const std::vector<Site>& sites) {
  const Xapian::GreatCircleMetric metric;
  double nearest = INFINITY;
  for (const Site& site : sites) {
    nearest = std::min(
        nearest, metric.pointwise_distance(Xapian::LatLongCoord(centre.latitude, centre.longitude),
                                           Xapian::LatLongCoord(site.latitude, site.longitude)));
  }
  return nearest / 1000.0;
}

// The stored unit vectors are floats: distances agree with Xapian's to
// within a few metres, and in-range answers everywhere but that close to
// the edge.
TEST(SiteDistanceTest, AgreesWithXapiansMetricOnRandomSites) {
  std::mt19937 random(20261123);
  std::uniform_real_distribution<double> latitude(-89, 89), longitude(-180, 180), radius(1, 3000);
  int within = 0;
  for (int round = 0; round < 2000; ++round) {
    const std::vector<Site> sites = RandomSites(random, 1 + round % 40);
    // Half the centres lie among the sites, half anywhere.
    const Site near_site{std::clamp(sites[0].latitude + latitude(random) / 30, -90.0, 90.0),
                         std::remainder(sites[0].longitude + longitude(random) / 60, 360.0)};
    const Site centre = round % 2 ? near_site : Site{latitude(random), longitude(random)};
    const double expected_km = XapianNearestKm(centre, sites);
    const SiteDistance distance(centre.latitude, centre.longitude);
    const std::string value = Serialised(sites);
    const std::optional<double> nearest = distance.NearestKm(value);
    ASSERT_TRUE(nearest.has_value());
    EXPECT_NEAR(*nearest, expected_km, 0.005) << "round " << round;
    const double r = radius(random);
    if (std::abs(expected_km - r) > 0.01) {
      EXPECT_EQ(distance.AnyWithinKm(value, r), expected_km <= r) << "round " << round;
    }
    within += expected_km <= r;
  }
  EXPECT_GT(within, 200);  // both answers occur often
  EXPECT_LT(within, 1800);
  EXPECT_FALSE(SiteDistance(0, 0).NearestKm("").has_value());
  EXPECT_FALSE(SiteDistance(0, 0).AnyWithinKm("", 20000));
  // Antipodes, poles and the antimeridian.
  EXPECT_NEAR(*SiteDistance(0, 0).NearestKm(Serialised({{0, 180}})), M_PI * 6372.7976, 0.01);
  EXPECT_NEAR(*SiteDistance(90, 0).NearestKm(Serialised({{89, 123}})),
              XapianNearestKm({90, 0}, {{89, 123}}), 0.005);
  EXPECT_NEAR(*SiteDistance(10, 179.9).NearestKm(Serialised({{10, -179.9}})),
              XapianNearestKm({10, 179.9}, {{10, -179.9}}), 0.005);
  EXPECT_TRUE(SiteDistance(0, 0).AnyWithinKm(Serialised({{0, 180}}), 20100));
}

// As a filter over the sites column it keeps what measuring each site with
// Xapian's metric keeps.
TEST(SiteDistanceTest, ColumnFilterKeepsTheStudiesWithASiteInRange) {
  std::mt19937 random(7);
  Xapian::WritableDatabase database(std::string(), Xapian::DB_BACKEND_INMEMORY);
  std::vector<std::vector<Site>> studies;
  for (int i = 0; i < 400; ++i) {
    Xapian::Document document;
    studies.push_back(i % 7 == 3 ? std::vector<Site>{}
                                 : RandomSites(random, 1 + i % 30));  // some have no sites
    if (!studies.back().empty()) document.add_value(5, Serialised(studies.back()));
    document.add_term("all");
    database.add_document(document);
  }
  const std::shared_ptr<const ValueColumn> column = ValueColumn::Read(database, 5);
  auto matching = [&](Xapian::PostingSource* source) {
    Xapian::Enquire enquire(database);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query("all"),
                                    Xapian::Query(source->release())));
    const Xapian::MSet matches = enquire.get_mset(0, database.get_doccount());
    std::set<Xapian::docid> ids;
    for (auto match = matches.begin(); match != matches.end(); ++match) ids.insert(*match);
    return ids;
  };
  const Site centre{10, 20};
  const SiteDistance distance(centre.latitude, centre.longitude);
  for (const double radius_km : {100.0, 800.0, 3000.0}) {
    std::set<Xapian::docid> expected;
    for (std::size_t i = 0; i < studies.size(); ++i) {
      if (!studies[i].empty() && XapianNearestKm(centre, studies[i]) <= radius_km)
        expected.insert(i + 1);
    }
    EXPECT_EQ(
        matching(new ColumnFilterPostingSource(column, distance.WithinKm(radius_km), "sites")),
        expected)
        << radius_km << " km";
  }
}

}  // namespace
}  // namespace trialfinder
