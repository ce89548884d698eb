// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "search/site_distance.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace trialfinder {
namespace {

// Xapian's great-circle radius (GreatCircleMetric's default).
constexpr double kEarthRadiusKm = 6372.7976;
constexpr double kRadiansPerDegree = M_PI / 180.0;
constexpr std::size_t kSiteBytes = 3 * sizeof(float);

struct UnitVector {
  double x, y, z;
};

UnitVector ToUnitVector(double latitude, double longitude) {
  const double phi = latitude * kRadiansPerDegree;
  const double lambda = longitude * kRadiansPerDegree;
  return {std::cos(phi) * std::cos(lambda), std::cos(phi) * std::sin(lambda), std::sin(phi)};
}

// The chord between two points on the unit sphere, as an arc on Xapian's sphere.
double ChordToKm(double chord) { return 2 * kEarthRadiusKm * std::asin(std::min(1.0, chord / 2)); }

}  // namespace

void AppendSite(double latitude, double longitude, std::string* sites) {
  const UnitVector vector = ToUnitVector(latitude, longitude);
  const float parts[3] = {static_cast<float>(vector.x), static_cast<float>(vector.y),
                          static_cast<float>(vector.z)};
  sites->append(reinterpret_cast<const char*>(parts), kSiteBytes);
}

SiteDistance::SiteDistance(double latitude, double longitude) {
  const UnitVector centre = ToUnitVector(latitude, longitude);
  x_ = centre.x;
  y_ = centre.y;
  z_ = centre.z;
}

double SiteDistance::SmallestSquaredChord(std::string_view sites, double good_enough) const {
  double smallest = std::numeric_limits<double>::infinity();
  for (std::size_t at = 0; at + kSiteBytes <= sites.size(); at += kSiteBytes) {
    float parts[3];
    std::memcpy(parts, sites.data() + at, kSiteBytes);
    const double dx = parts[0] - x_, dy = parts[1] - y_, dz = parts[2] - z_;
    smallest = std::min(smallest, dx * dx + dy * dy + dz * dz);
    if (smallest <= good_enough) break;
  }
  return smallest;
}

std::optional<double> SiteDistance::NearestKm(std::string_view sites) const {
  const double squared_chord = SmallestSquaredChord(sites, -1);
  if (squared_chord == std::numeric_limits<double>::infinity()) return std::nullopt;
  return ChordToKm(std::sqrt(squared_chord));
}

std::optional<double> SiteDistance::SquaredChordOfRadius(double radius_km) {
  if (radius_km < 0) return std::nullopt;
  // Half the circumference or more takes in everything.
  const double half_angle = std::min(radius_km / (2 * kEarthRadiusKm), M_PI / 2);
  const double chord = 2 * std::sin(half_angle);
  return chord * chord;
}

bool SiteDistance::AnyWithinKm(std::string_view sites, double radius_km) const {
  return WithinKm(radius_km)(sites);
}

std::function<bool(std::string_view sites)> SiteDistance::WithinKm(double radius_km) const {
  const std::optional<double> limit = SquaredChordOfRadius(radius_km);
  return [distance = *this, limit](std::string_view sites) {
    return limit && distance.SmallestSquaredChord(sites, *limit) <= *limit;
  };
}

}  // namespace trialfinder
