// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "search/site_distance.h"

#include <cmath>
#include <limits>

namespace trialfinder {
namespace {

// Xapian's great-circle radius (GreatCircleMetric's default).
constexpr double kEarthRadiusMetres = 6372797.6;
constexpr double kRadiansPerDegree = M_PI / 180.0;

}  // namespace

SiteDistance::SiteDistance(double latitude, double longitude)
    : latitude_(latitude),
      longitude_(longitude),
      cos_latitude_(std::cos(latitude * kRadiansPerDegree)) {}

double SiteDistance::HaversineToKm(double haversine) {
  return 2 * kEarthRadiusMetres * std::asin(std::sqrt(haversine)) / 1000.0;
}

template <typename Visit>
void SiteDistance::ForEachCandidate(std::string_view sites, const double& bound_haversine,
                                    Visit visit) const {
  const char* position = sites.data();
  const char* const end = position + sites.size();
  Xapian::LatLongCoord site;
  while (position != end) {
    site.unserialise(&position, end);
    // Xapian's GreatCircleMetric, with the centre's cosine computed once and
    // without the arcsine: the haversine grows with the distance. Changing
    // latitude along a meridian is the shortest way, so the latitude term
    // alone bounds the haversine from below and rules far sites out cheaply.
    const double half_latitude = std::abs(latitude_ - site.latitude) * kRadiansPerDegree * 0.5;
    // sin x >= x - x^3/6 for x >= 0: most far sites need no sine at all.
    const double sine_at_least = half_latitude - half_latitude * half_latitude * half_latitude / 6;
    if (sine_at_least > 0 && sine_at_least * sine_at_least > bound_haversine) continue;
    const double sin_half_latitude = std::sin(half_latitude);
    const double latitude_term = sin_half_latitude * sin_half_latitude;
    if (latitude_term > bound_haversine) continue;
    const double sin_half_longitude = std::sin((longitude_ - site.longitude) * kRadiansPerDegree * 0.5);
    const double haversine = std::min(
        1.0, latitude_term + sin_half_longitude * sin_half_longitude * cos_latitude_ *
                                 std::cos(site.latitude * kRadiansPerDegree));
    if (!visit(haversine)) return;
  }
}

std::optional<double> SiteDistance::NearestKm(std::string_view sites) const {
  double nearest = std::numeric_limits<double>::infinity();
  ForEachCandidate(sites, nearest, [&](double haversine) {
    nearest = std::min(nearest, haversine);
    return true;
  });
  if (nearest == std::numeric_limits<double>::infinity()) return std::nullopt;
  return HaversineToKm(nearest);
}

bool SiteDistance::AnyWithinKm(std::string_view sites, double radius_km) const {
  if (radius_km < 0) return false;
  // The haversine of the radius; beyond half the circumference every site is in range.
  const double half_angle = std::min(radius_km * 1000.0 / (2 * kEarthRadiusMetres), M_PI / 2);
  const double radius_haversine = std::sin(half_angle) * std::sin(half_angle);
  bool found = false;
  ForEachCandidate(sites, radius_haversine, [&](double haversine) {
    found = haversine <= radius_haversine;
    return !found;
  });
  return found;
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
    const std::optional<double> nearest = distance_.NearestKm(get_value());
    if (nearest && *nearest <= radius_km_) {
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
