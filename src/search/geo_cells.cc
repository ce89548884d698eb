// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "search/geo_cells.h"

#include <cmath>
#include <numbers>

namespace trialfinder {
namespace {

constexpr const char* kGeoCellPrefix = "XGEO:";
// The polar radius, the smallest: it gives the widest angle for a distance,
// so the cells cover the circle whatever radius the distance metric uses.
constexpr double kSmallestEarthRadiusKm = 6356.7;
constexpr double kMarginDegrees = 0.01;

double Radians(double degrees) { return degrees * std::numbers::pi / 180; }
double Degrees(double radians) { return radians * 180 / std::numbers::pi; }

// The cell number of a longitude, wrapped into [-180, 179].
int LongitudeCell(int cell) { return ((cell + 180) % 360 + 360) % 360 - 180; }

std::string CellTerm(int latitude_cell, int longitude_cell) {
  return kGeoCellPrefix + std::to_string(latitude_cell) + ":" + std::to_string(longitude_cell);
}

}  // namespace

std::string GeoCellTerm(double latitude, double longitude) {
  const int latitude_cell = static_cast<int>(std::floor(std::min(latitude, 89.999)));
  const int longitude_cell = LongitudeCell(static_cast<int>(std::floor(longitude)));
  return CellTerm(latitude_cell, longitude_cell);
}

std::optional<std::vector<std::string>> GeoCellTermsWithin(double latitude, double longitude,
                                                           double radius_km,
                                                           std::size_t max_cells) {
  const double angle = radius_km / kSmallestEarthRadiusKm;  // radians of arc
  const double latitude_reach = Degrees(angle) + kMarginDegrees;
  if (std::abs(latitude) + latitude_reach >= 89.9) return std::nullopt;
  // The widest longitude span of a spherical cap: asin(sin a / cos lat).
  const double sine = std::sin(angle) / std::cos(Radians(latitude));
  if (sine >= 1) return std::nullopt;
  const double longitude_reach = Degrees(std::asin(sine)) + kMarginDegrees;
  const int south = static_cast<int>(std::floor(latitude - latitude_reach));
  const int north = static_cast<int>(std::floor(latitude + latitude_reach));
  const int west = static_cast<int>(std::floor(longitude - longitude_reach));
  const int east = static_cast<int>(std::floor(longitude + longitude_reach));
  const std::size_t longitude_cells = std::min(east - west + 1, 360);
  if (static_cast<std::size_t>(north - south + 1) * longitude_cells > max_cells)
    return std::nullopt;
  std::vector<std::string> terms;
  for (int cell_latitude = south; cell_latitude <= north; ++cell_latitude) {
    for (std::size_t step = 0; step < longitude_cells; ++step) {
      terms.push_back(CellTerm(cell_latitude, LongitudeCell(west + static_cast<int>(step))));
    }
  }
  return terms;
}

}  // namespace trialfinder
