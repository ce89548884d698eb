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
  const std::optional<double> limit = SquaredChordOfRadius(radius_km);
  return limit && SmallestSquaredChord(sites, *limit) <= *limit;
}

std::optional<double> SiteDistance::NearestKmWithin(std::string_view sites,
                                                    double radius_km) const {
  const std::optional<double> limit = SquaredChordOfRadius(radius_km);
  if (!limit) return std::nullopt;
  const double squared_chord = SmallestSquaredChord(sites, -1);
  if (squared_chord > *limit) return std::nullopt;
  return ChordToKm(std::sqrt(squared_chord));
}

SitesWithinPostingSource::SitesWithinPostingSource(Xapian::valueno slot, double latitude,
                                                   double longitude, double radius_km,
                                                   std::shared_ptr<MeasuredDistances> record)
    : Xapian::ValuePostingSource(slot),
      latitude_(latitude),
      longitude_(longitude),
      radius_km_(radius_km),
      distance_(latitude, longitude),
      record_(std::move(record)) {}

void SitesWithinPostingSource::init(const Xapian::Database& database) {
  Xapian::ValuePostingSource::init(database);
  // Any number of the documents with sites may have none in range.
  set_termfreq_min(0);
  set_termfreq_est(get_termfreq_max() / 2);
}

void SitesWithinPostingSource::SkipSitesOutOfRange() {
  for (; !at_end(); Xapian::ValuePostingSource::next(0)) {
    if (!record_) {
      if (distance_.AnyWithinKm(get_value(), radius_km_)) return;
      continue;
    }
    const std::optional<double> nearest = distance_.NearestKmWithin(get_value(), radius_km_);
    if (nearest) {
      (*record_)[get_docid()] = *nearest;
      return;
    }
  }
}

void SitesWithinPostingSource::next(double min_weight) {
  Xapian::ValuePostingSource::next(min_weight);
  SkipSitesOutOfRange();
}

void SitesWithinPostingSource::skip_to(Xapian::docid min_docid, double min_weight) {
  Xapian::ValuePostingSource::skip_to(min_docid, min_weight);
  SkipSitesOutOfRange();
}

bool SitesWithinPostingSource::check(Xapian::docid min_docid, double min_weight) {
  skip_to(min_docid, min_weight);
  return true;
}

SitesWithinPostingSource* SitesWithinPostingSource::clone() const {
  return new SitesWithinPostingSource(get_slot(), latitude_, longitude_, radius_km_, record_);
}

std::string SitesWithinPostingSource::get_description() const {
  return "SitesWithinPostingSource(slot " + std::to_string(get_slot()) + ", " +
         std::to_string(radius_km_) + " km)";
}

}  // namespace trialfinder
