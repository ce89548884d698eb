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

#include <xapian.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

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

  // The distance in km to the nearest site when that site is within
  // `radius_km`, decided exactly as AnyWithinKm decides; nullopt otherwise.
  std::optional<double> NearestKmWithin(std::string_view sites, double radius_km) const;

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
