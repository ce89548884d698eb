// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Distances from one point to a study's sites, as the index stores them (a
// serialised Xapian::LatLongCoords in a value slot), by Xapian's
// great-circle metric, so they agree with Xapian's geospatial classes.
// Sites that cannot be nearer than the best so far (their latitude alone
// puts them further away) are skipped before most of the trigonometry, and
// distances are compared as haversines, with one arcsine per study.

#ifndef TRIALFINDER_SEARCH_SITE_DISTANCE_H_
#define TRIALFINDER_SEARCH_SITE_DISTANCE_H_

#include <xapian.h>

#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>

namespace trialfinder {

class SiteDistance {
 public:
  SiteDistance(double latitude, double longitude);

  // The distance in km to the nearest site in `sites`; nullopt when it
  // holds none. Throws Xapian::SerialisationError when `sites` is not a
  // serialised LatLongCoords.
  std::optional<double> NearestKm(std::string_view sites) const;

  // Whether some site in `sites` lies within `radius_km` (inclusive);
  // stops at the first one found.
  bool AnyWithinKm(std::string_view sites, double radius_km) const;

 private:
  // Calls `visit(haversine)` for each site whose latitude alone does not put
  // its haversine above `bound_haversine` (read again for every site, so it
  // may tighten as the visit goes). Stops when `visit` returns false.
  template <typename Visit>
  void ForEachCandidate(std::string_view sites, const double& bound_haversine, Visit visit) const;
  static double HaversineToKm(double haversine);

  double latitude_;
  double longitude_;
  double cos_latitude_;
};

// Nearest-site distances in km by document, measured while filtering, so
// that sorting by distance need not read each document's sites again (a
// random access per document, the larger cost).
using MeasuredDistances = std::unordered_map<Xapian::docid, double>;

// A posting source for OP_FILTER: the documents with a site (in value slot
// `slot`) within `radius_km` of a point. It replaces
// Xapian::LatLongDistancePostingSource, which measures every site of every
// document; this one stops at the first site in range, unless `record` is
// given: then it finds each document's nearest site and records its
// distance there. It gives no weight.
class SitesWithinPostingSource : public Xapian::ValuePostingSource {
 public:
  SitesWithinPostingSource(Xapian::valueno slot, double latitude, double longitude,
                           double radius_km, std::shared_ptr<MeasuredDistances> record = nullptr);

  void init(const Xapian::Database& database) override;
  void next(double min_weight) override;
  void skip_to(Xapian::docid min_docid, double min_weight) override;
  bool check(Xapian::docid min_docid, double min_weight) override;
  SitesWithinPostingSource* clone() const override;
  std::string get_description() const override;

 private:
  void SkipSitesOutOfRange();

  double latitude_;
  double longitude_;
  double radius_km_;
  SiteDistance distance_;
  std::shared_ptr<MeasuredDistances> record_;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_SEARCH_SITE_DISTANCE_H_
