// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Places on the map: where a trial site is when the registry gives no
// coordinates, and where a person is when they type "Portland, Maine",
// "02115" or "42.36,-71.06".
//
// The gazetteer is compiled into the binary from data/gazetteer/ (GeoNames'
// 135,000 places of at least 1,000 people, the centres of 42,000 US ZIP
// codes, ISO country names with the registry's own spellings; README there).
// What it does not promise:
//   - A site placed by its ZIP code or city is placed at that code's or
//     city's centre, not at the hospital: distances to it are approximate
//     (off by the size of the city, a few km, tens in a large one).
//   - Names are matched after folding accents, case and punctuation
//     ("Zürich" = "Zurich", "St. Louis" = "Saint Louis"), not by spelling
//     correction: "Syndey" is not placed.
//   - A site's state or province chooses between two places of one name
//     only in the countries regions.tsv lists (US, Canada, Australia, UK);
//     elsewhere the larger wins.
//   - Places of fewer than 1,000 people are known only in the US, through
//     their ZIP codes.

#ifndef TRIALFINDER_PLACES_H_
#define TRIALFINDER_PLACES_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trialfinder/study.h"

namespace trialfinder {

// How a point was found, most exact first.
enum class PlaceSource {
  kCoordinates,  // the registry's (or the person's) own latitude/longitude; the
                 // registry's are usually its city's, not the building's
  kPostalCode,   // the centre of a US ZIP code: approximate
  kCity,         // the centre of a city: approximate
};

// Whether distances to a point found this way are approximate.
inline bool IsApproximate(PlaceSource source) { return source != PlaceSource::kCoordinates; }

// A point on the map and how it was found.
struct MapPoint {
  double latitude = 0;   // degrees, -90..90
  double longitude = 0;  // degrees, -180..180
  PlaceSource source = PlaceSource::kCoordinates;
};

// A named place a person can pick.
struct NamedPlace {
  MapPoint point;
  std::string label;             // "Portland, Maine, United States"
  std::uint32_t population = 0;  // 0 when unknown
  std::string country;           // ISO 3166 alpha-2 ("US"); "" for typed coordinates
  std::string state;             // region code ("ME"; GeoNames' "08" for Ontario) in the
                                 // countries regions.tsv lists; "" elsewhere
};

// What a typed place turned out to be.
struct PlaceLookup {
  enum class Outcome {
    kEmpty,      // nothing was typed
    kFound,      // `place` is it
    kAmbiguous,  // several places fit and none is clearly meant: `choices`
    kUnknown,    // nothing fits: `message` says so
  };
  Outcome outcome = Outcome::kEmpty;
  NamedPlace place;                 // kFound
  std::vector<NamedPlace> choices;  // kAmbiguous: the candidates, largest first;
                                    // kFound: other places of that name (up to 5)
  std::string message;              // kUnknown: what was not understood, for people
};

class Gazetteer {
 public:
  // The gazetteer compiled into the binary, read on first use (a quarter of a second)
  // and shared; it never changes afterwards, so any thread may use it.
  static const Gazetteer& Builtin();

  // Reads a gazetteer from the four files' contents (data/gazetteer/:
  // cities.tsv, us-zip.tsv, regions.tsv, countries.tsv); rows it cannot
  // read are skipped.
  Gazetteer(std::string_view cities_tsv, std::string_view zip_tsv, std::string_view regions_tsv,
            std::string_view countries_tsv);
  ~Gazetteer();
  Gazetteer(const Gazetteer&) = delete;
  Gazetteer& operator=(const Gazetteer&) = delete;

  // Where `site` is: the registry's coordinates when it gives valid ones;
  // otherwise, in the US, its ZIP code's centre; otherwise its city's
  // centre, found by city, country and (US) state. nullopt when none is
  // known (no country the gazetteer knows, or a city it does not).
  std::optional<MapPoint> Locate(const Location& site) const;

  // Reads what a person typed as their place: "lat,lon"; a US ZIP code
  // ("02115", "02115-1234"); a city with, optionally, a state (US: name or
  // code) and/or a country ("Paris, Texas", "Portland, ME", "Paris, France",
  // "Boston"). A city name alone that several places share is kFound only
  // when one of them has at least ten times the people of the next (then
  // `choices` lists the others); otherwise kAmbiguous.
  PlaceLookup Resolve(std::string_view text) const;

  // The ISO 3166 code of a country name as the registry or a person writes
  // it ("Korea, Republic of" -> "KR"); "" when unknown.
  std::string CountryCode(std::string_view name) const;

 private:
  struct Tables;
  std::unique_ptr<const Tables> tables_;
};

// The great-circle distance in km between two points (mean Earth radius).
double GreatCircleKm(double lat1, double lon1, double lat2, double lon2);

}  // namespace trialfinder

#endif  // TRIALFINDER_PLACES_H_
