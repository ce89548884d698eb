// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Coarse geographic cells for the index: every study gets a boolean term
// for each 1° x 1° latitude/longitude cell holding one of its sites, so a
// distance filter first takes the studies of the few cells its circle
// touches and measures exact distances only for those, instead of reading
// the sites of every study in the index.

#ifndef TRIALFINDER_SEARCH_GEO_CELLS_H_
#define TRIALFINDER_SEARCH_GEO_CELLS_H_

#include <optional>
#include <string>
#include <vector>

namespace trialfinder {

// The term of the cell holding (latitude, longitude), e.g. "XGEO:40:-75".
// Coordinates must be valid (|latitude| <= 90, |longitude| <= 180).
std::string GeoCellTerm(double latitude, double longitude);

// The terms of every cell that a circle of `radius_km` around (latitude,
// longitude) touches: a superset, so a site inside the circle is always in
// one of them (sites outside may be too; the caller still measures).
// nullopt when the circle is too large to be worth it (more than
// `max_cells` cells) or reaches a pole, where the cells degenerate.
std::optional<std::vector<std::string>> GeoCellTermsWithin(double latitude, double longitude,
                                                           double radius_km,
                                                           std::size_t max_cells = 400);

}  // namespace trialfinder

#endif  // TRIALFINDER_SEARCH_GEO_CELLS_H_
