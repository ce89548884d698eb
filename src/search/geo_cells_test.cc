// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "search/geo_cells.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

namespace trialfinder {
namespace {

double HaversineKm(double lat1, double lon1, double lat2, double lon2) {
  const double r = std::numbers::pi / 180;
  const double a =
      std::pow(std::sin((lat2 - lat1) * r / 2), 2) +
      std::cos(lat1 * r) * std::cos(lat2 * r) * std::pow(std::sin((lon2 - lon1) * r / 2), 2);
  return 2 * 6378.137 * std::asin(std::sqrt(a));
}

TEST(GeoCellsTest, NamesTheCellOfAPoint) {
  EXPECT_EQ(GeoCellTerm(40.7128, -74.0060), "XGEO:40:-75");
  EXPECT_EQ(GeoCellTerm(-33.9, 151.2), "XGEO:-34:151");
  EXPECT_EQ(GeoCellTerm(90, 180), "XGEO:89:-180");  // the pole and the antimeridian wrap
}

TEST(GeoCellsTest, CellsCoverEveryPointInsideTheCircle) {
  std::mt19937 random(20261123);
  std::uniform_real_distribution<double> latitude(-75, 75), longitude(-180, 180), radius(1, 600);
  std::uniform_real_distribution<double> offset(-8, 8);
  int checked = 0;
  for (int circle = 0; circle < 300; ++circle) {
    const double lat = latitude(random), lon = longitude(random), km = radius(random);
    const auto cells = GeoCellTermsWithin(lat, lon, km, 100000);
    ASSERT_TRUE(cells.has_value()) << lat << "," << lon << " " << km;
    for (int point = 0; point < 400; ++point) {
      const double plat = std::clamp(lat + offset(random), -90.0, 90.0);
      double plon = lon + offset(random);
      if (plon >= 180) plon -= 360;
      if (plon < -180) plon += 360;
      if (HaversineKm(lat, lon, plat, plon) > km) continue;
      ++checked;
      EXPECT_NE(std::find(cells->begin(), cells->end(), GeoCellTerm(plat, plon)), cells->end())
          << "circle " << lat << "," << lon << " " << km << " km misses " << plat << "," << plon;
    }
  }
  EXPECT_GT(checked, 1000);
}

TEST(GeoCellsTest, ASmallCircleTakesFewCells) {
  const auto cells = GeoCellTermsWithin(40.7128, -74.0060, 160);  // 100 miles around New York
  ASSERT_TRUE(cells.has_value());
  EXPECT_LE(cells->size(), 20u);
  EXPECT_NE(std::find(cells->begin(), cells->end(), "XGEO:40:-75"), cells->end());
}

TEST(GeoCellsTest, GivesUpOnHugeCirclesAndPoles) {
  EXPECT_FALSE(GeoCellTermsWithin(40, -74, 5000).has_value());
  EXPECT_FALSE(GeoCellTermsWithin(89.5, 0, 100).has_value());  // reaches the pole
  EXPECT_TRUE(GeoCellTermsWithin(89.5, 0, 10).has_value());    // near it, still fine
}

TEST(GeoCellsTest, WrapsAroundTheAntimeridian) {
  const auto cells = GeoCellTermsWithin(-17.7, 179.9, 50);  // Fiji
  ASSERT_TRUE(cells.has_value());
  EXPECT_NE(std::find(cells->begin(), cells->end(), "XGEO:-18:179"), cells->end());
  EXPECT_NE(std::find(cells->begin(), cells->end(), "XGEO:-18:-180"), cells->end());
}

}  // namespace
}  // namespace trialfinder
