// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "search/site_distance.h"

#include <cmath>
#include <limits>

namespace trialfinder {
namespace {

// Xapian's default great-circle radius, given explicitly because the
// latitude bound below must use the same sphere.
constexpr double kEarthRadiusMetres = 6372797.6;
constexpr double kRadiansPerDegree = M_PI / 180.0;
// Rounding slack for the latitude bound, in km.
constexpr double kSlackKm = 1e-6;

}  // namespace

SiteDistance::SiteDistance(double latitude, double longitude)
    : centre_(latitude, longitude), metric_(kEarthRadiusMetres) {}

template <typename Bound, typename Visit>
void SiteDistance::ForEachCandidate(std::string_view sites, Bound bound_km, Visit visit) const {
  const char* position = sites.data();
  const char* const end = position + sites.size();
  Xapian::LatLongCoord site;
  while (position != end) {
    site.unserialise(&position, end);
    // Along a meridian is the shortest way to change latitude, so the
    // great-circle distance is at least the latitude difference's arc.
    const double at_least_km = std::abs(site.latitude - centre_.latitude) * kRadiansPerDegree *
                               kEarthRadiusMetres / 1000.0;
    if (at_least_km > bound_km() + kSlackKm) continue;
    if (!visit(metric_.pointwise_distance(centre_, site) / 1000.0)) return;
  }
}

std::optional<double> SiteDistance::NearestKm(std::string_view sites) const {
  double nearest = std::numeric_limits<double>::infinity();
  bool any = false;
  ForEachCandidate(
      sites, [&] { return nearest; },
      [&](double km) {
        nearest = std::min(nearest, km);
        any = true;
        return true;
      });
  if (!any) return std::nullopt;
  return nearest;
}

bool SiteDistance::AnyWithinKm(std::string_view sites, double radius_km) const {
  bool found = false;
  ForEachCandidate(
      sites, [&] { return radius_km; },
      [&](double km) {
        found = km <= radius_km;
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
