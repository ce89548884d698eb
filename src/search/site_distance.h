// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// A study's sites as the index stores them in a value slot, and distances
// from one point to them. Each site is stored as the unit vector of its
// position on the sphere (three floats, about half a metre of precision,
// as fine as Xapian's own LatLongCoord serialisation), so comparing
// distances needs no trigonometry: the nearer site is the one at the
// shorter straight-line chord. Only the nearest site's chord is turned into
// a great-circle distance, on Xapian's sphere (GreatCircleMetric's radius).
// A study with 300 sites costs a few hundred multiplications.

#ifndef TRIALFINDER_SEARCH_SITE_DISTANCE_H_
#define TRIALFINDER_SEARCH_SITE_DISTANCE_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace trialfinder {

// Appends one site (degrees; |latitude| <= 90) to a value in the sites
// format SiteDistance reads.
void AppendSite(double latitude, double longitude, std::string* sites);

class SiteDistance {
 public:
  SiteDistance(double latitude, double longitude);

  // The great-circle distance in km to the nearest site in `sites` (made
  // by AppendSite); nullopt when it holds none. Bytes after the last whole
  // site are ignored.
  std::optional<double> NearestKm(std::string_view sites) const;

  // Whether some site in `sites` lies within `radius_km` (inclusive, to
  // the format's half-metre precision); stops at the first one found.
  bool AnyWithinKm(std::string_view sites, double radius_km) const;

  // AnyWithinKm for one radius, worked out once: for testing many studies.
  std::function<bool(std::string_view sites)> WithinKm(double radius_km) const;

 private:
  // The squared chord of an arc of `radius_km`; nullopt for a negative radius.
  static std::optional<double> SquaredChordOfRadius(double radius_km);

  // The smallest squared chord from the centre to a site, stopping early
  // once one is at most `good_enough`; infinity when there are none.
  double SmallestSquaredChord(std::string_view sites, double good_enough) const;

  double x_;
  double y_;
  double z_;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_SEARCH_SITE_DISTANCE_H_
