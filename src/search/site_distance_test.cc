// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "search/site_distance.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <random>
#include <set>

namespace trialfinder {
namespace {

Xapian::LatLongCoords RandomSites(std::mt19937& random, int count) {
  // Clustered around a random place, with some far away, like a trial's sites.
  std::uniform_real_distribution<double> latitude(-89, 89), longitude(-180, 180), spread(-6, 6);
  const double home_latitude = latitude(random), home_longitude = longitude(random);
  Xapian::LatLongCoords sites;
  for (int i = 0; i < count; ++i) {
    if (i % 5 == 4) {
      sites.append(Xapian::LatLongCoord(latitude(random), longitude(random)));
    } else {
      const double lon = std::remainder(home_longitude + spread(random), 360.0);
      sites.append(
          Xapian::LatLongCoord(std::clamp(home_latitude + spread(random), -90.0, 90.0), lon));
    }
  }
  return sites;
}

// The pruned search must find exactly what measuring every site finds.
TEST(SiteDistanceTest, AgreesWithXapiansMetricOnRandomSites) {
  std::mt19937 random(20261123);
  std::uniform_real_distribution<double> latitude(-89, 89), longitude(-180, 180), radius(1, 3000);
  const Xapian::GreatCircleMetric metric(6372797.6);
  int within = 0;
  for (int round = 0; round < 2000; ++round) {
    const Xapian::LatLongCoords sites = RandomSites(random, 1 + round % 40);
    const std::string serialised = sites.serialise();
    Xapian::LatLongCoords decoded;
    decoded.unserialise(serialised);  // the index's quantised coordinates
    // Half the centres lie among the sites, half anywhere.
    const Xapian::LatLongCoord near_site(
        std::clamp((*decoded.begin()).latitude + latitude(random) / 30, -90.0, 90.0),
        std::remainder((*decoded.begin()).longitude + longitude(random) / 60, 360.0));
    const Xapian::LatLongCoord centre =
        round % 2 ? near_site : Xapian::LatLongCoord(latitude(random), longitude(random));
    const double expected_km = metric(Xapian::LatLongCoords(centre), decoded) / 1000.0;
    const SiteDistance distance(centre.latitude, centre.longitude);
    const std::optional<double> nearest = distance.NearestKm(serialised);
    ASSERT_TRUE(nearest.has_value());
    EXPECT_NEAR(*nearest, expected_km, 1e-6) << "round " << round;
    const double r = radius(random);
    EXPECT_EQ(distance.AnyWithinKm(serialised, r), expected_km <= r) << "round " << round;
    within += expected_km <= r;
  }
  EXPECT_GT(within, 200);  // both answers occur often
  EXPECT_LT(within, 1800);
  EXPECT_FALSE(SiteDistance(0, 0).NearestKm("").has_value());
  EXPECT_FALSE(SiteDistance(0, 0).AnyWithinKm("", 20000));
}

// As a filter it keeps the same documents as Xapian's own distance source.
TEST(SiteDistanceTest, PostingSourceKeepsWhatXapiansSourceKeeps) {
  std::mt19937 random(7);
  Xapian::WritableDatabase database(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (int i = 0; i < 400; ++i) {
    Xapian::Document document;
    if (i % 7 != 3)
      document.add_value(5, RandomSites(random, 1 + i % 30).serialise());  // some have no sites
    document.add_term("all");
    database.add_document(document);
  }
  auto matching = [&](Xapian::PostingSource* source) {
    Xapian::Enquire enquire(database);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query("all"),
                                    Xapian::Query(source->release())));
    const Xapian::MSet matches = enquire.get_mset(0, database.get_doccount());
    std::set<Xapian::docid> ids;
    for (auto match = matches.begin(); match != matches.end(); ++match) ids.insert(*match);
    return ids;
  };
  for (const double radius_km : {100.0, 800.0, 3000.0}) {
    const double lat = 10, lon = 20;
    auto* ours = new SitesWithinPostingSource(5, lat, lon, radius_km);
    auto* xapians = new Xapian::LatLongDistancePostingSource(
        5, Xapian::LatLongCoords(Xapian::LatLongCoord(lat, lon)), Xapian::GreatCircleMetric(),
        radius_km * 1000);
    const std::set<Xapian::docid> expected = matching(xapians);
    EXPECT_EQ(matching(ours), expected) << radius_km << " km";
    // Recording distances keeps the same documents and records each one's nearest site.
    auto record = std::make_shared<MeasuredDistances>();
    EXPECT_EQ(matching(new SitesWithinPostingSource(5, lat, lon, radius_km, record)), expected);
    EXPECT_EQ(record->size(), expected.size());
    for (const auto& [docid, km] : *record) {
      EXPECT_DOUBLE_EQ(
          km, *SiteDistance(lat, lon).NearestKm(database.get_document(docid).get_value(5)));
    }
  }
}

}  // namespace
}  // namespace trialfinder
