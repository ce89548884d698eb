// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include <gtest/gtest.h>

#include "geo/place_names.h"
#include "trialfinder/places.h"

namespace trialfinder {
namespace {

using Outcome = PlaceLookup::Outcome;

const Gazetteer& Builtin() { return Gazetteer::Builtin(); }

// Within `km` of a known point (coordinates from the registry's own site
// records and GeoNames; the centre of a city is a few km from its hospitals).
void ExpectNear(const MapPoint& point, double latitude, double longitude, double km) {
  EXPECT_LT(GreatCircleKm(point.latitude, point.longitude, latitude, longitude), km)
      << point.latitude << "," << point.longitude;
}

TEST(PlaceKeyTest, FoldsAccentsPunctuationAndAbbreviations) {
  EXPECT_EQ(PlaceKey("Zürich"), "zurich");
  EXPECT_EQ(PlaceKey("ŁÓDŹ"), "lodz");
  EXPECT_EQ(PlaceKey("São Paulo"), "sao paulo");
  EXPECT_EQ(PlaceKey("St. Louis"), "saint louis");
  EXPECT_EQ(PlaceKey("New York City"), "new york");
  EXPECT_EQ(PlaceKey("City"), "city");
  EXPECT_EQ(PlaceKey("  ,. "), "");
  EXPECT_EQ(PlaceKey("Düsseldorf"), PlaceKey("Dusseldorf"));
}

TEST(GreatCircleTest, KnownDistances) {
  // Boston to New York: about 306 km; a point to itself: 0.
  EXPECT_NEAR(GreatCircleKm(42.3601, -71.0589, 40.7128, -74.0060), 306, 3);
  EXPECT_DOUBLE_EQ(GreatCircleKm(10, 20, 10, 20), 0);
}

TEST(GazetteerLocateTest, RegistryCoordinatesWinAndAreExact) {
  Location site;
  site.city = "Boston";
  site.country = "United States";
  site.geo_point.lat = 42.33;
  site.geo_point.lon = -71.1;
  const std::optional<MapPoint> point = Builtin().Locate(site);
  ASSERT_TRUE(point);
  EXPECT_EQ(point->source, PlaceSource::kCoordinates);
  EXPECT_FALSE(IsApproximate(point->source));
  EXPECT_DOUBLE_EQ(point->latitude, 42.33);
}

TEST(GazetteerLocateTest, StanfordWithoutCoordinatesIsPlacedByCity) {
  // KITE-363's Stanford site has city, state and country only. Stanford
  // University Medical Center's registry coordinates: 37.4241, -122.1661.
  Location site;
  site.facility = "Stanford University";
  site.city = "Stanford";
  site.state = "California";
  site.country = "United States";
  const std::optional<MapPoint> point = Builtin().Locate(site);
  ASSERT_TRUE(point);
  EXPECT_EQ(point->source, PlaceSource::kCity);
  EXPECT_TRUE(IsApproximate(point->source));
  ExpectNear(*point, 37.4241, -122.1661, 5);
}

TEST(GazetteerLocateTest, UsZipCodeBeatsCity) {
  Location site;
  site.city = "Boston";
  site.state = "Massachusetts";
  site.zip = "02215-5450";
  site.country = "United States";
  const std::optional<MapPoint> point = Builtin().Locate(site);
  ASSERT_TRUE(point);
  EXPECT_EQ(point->source, PlaceSource::kPostalCode);
  // Dana-Farber, 450 Brookline Ave: 42.3374, -71.1082.
  ExpectNear(*point, 42.3374, -71.1082, 3);
}

TEST(GazetteerLocateTest, StateChoosesBetweenNamesakes) {
  Location site;
  site.city = "Portland";
  site.state = "Maine";
  site.country = "United States";
  const std::optional<MapPoint> maine = Builtin().Locate(site);
  ASSERT_TRUE(maine);
  ExpectNear(*maine, 43.66, -70.26, 10);
  site.state = "Oregon";
  const std::optional<MapPoint> oregon = Builtin().Locate(site);
  ASSERT_TRUE(oregon);
  ExpectNear(*oregon, 45.52, -122.68, 10);
}

TEST(GazetteerLocateTest, RegistryCountrySpellingsAndAccents) {
  Location site;
  site.city = "Seoul";
  site.country = "Korea, Republic of";
  ASSERT_TRUE(Builtin().Locate(site));
  ExpectNear(*Builtin().Locate(site), 37.57, 126.98, 15);
  site.city = "Zurich";
  site.country = "Switzerland";
  ASSERT_TRUE(Builtin().Locate(site));
  ExpectNear(*Builtin().Locate(site), 47.37, 8.54, 10);
  EXPECT_EQ(Builtin().CountryCode("Iran, Islamic Republic of"), "IR");
  EXPECT_EQ(Builtin().CountryCode("Russian Federation"), "RU");
}

TEST(GazetteerLocateTest, UnknownPlacesAreNotGuessed) {
  Location site;
  site.city = "Syndey";  // misspelled in a real record
  site.state = "New South Wales";
  site.country = "Australia";
  EXPECT_FALSE(Builtin().Locate(site));
  site.city = "Sydney";
  site.country = "Atlantis";
  EXPECT_FALSE(Builtin().Locate(site));
  site.country = "Australia";
  site.geo_point.lat = 95;  // invalid coordinates fall back to the city
  site.geo_point.lon = 0;
  ASSERT_TRUE(Builtin().Locate(site));
  EXPECT_EQ(Builtin().Locate(site)->source, PlaceSource::kCity);
}

TEST(GazetteerResolveTest, CityWithStateOrCountry) {
  PlaceLookup maine = Builtin().Resolve("Portland, Maine");
  ASSERT_EQ(maine.outcome, Outcome::kFound);
  EXPECT_EQ(maine.place.label, "Portland, Maine, United States");
  EXPECT_EQ(maine.place.state, "ME");
  ExpectNear(maine.place.point, 43.66, -70.26, 10);
  EXPECT_EQ(Builtin().Resolve("portland me").place.label, "Portland, Maine, United States");
  PlaceLookup texas = Builtin().Resolve("Paris, Texas");
  ASSERT_EQ(texas.outcome, Outcome::kFound);
  ExpectNear(texas.place.point, 33.66, -95.56, 10);
  PlaceLookup france = Builtin().Resolve("Paris, France");
  ASSERT_EQ(france.outcome, Outcome::kFound);
  ExpectNear(france.place.point, 48.86, 2.35, 10);
  // Georgia the state and Georgia the country: the city decides.
  PlaceLookup atlanta = Builtin().Resolve("Atlanta, Georgia");
  ASSERT_EQ(atlanta.outcome, Outcome::kFound);
  EXPECT_EQ(atlanta.place.country, "US");
  PlaceLookup tbilisi = Builtin().Resolve("Tbilisi, Georgia");
  ASSERT_EQ(tbilisi.outcome, Outcome::kFound);
  EXPECT_EQ(tbilisi.place.country, "GE");
}

TEST(GazetteerResolveTest, AmbiguousNamesOfferChoices) {
  PlaceLookup portland = Builtin().Resolve("Portland");
  ASSERT_EQ(portland.outcome, Outcome::kAmbiguous);
  ASSERT_GE(portland.choices.size(), 2u);
  EXPECT_EQ(portland.choices[0].label, "Portland, Oregon, United States");
  bool maine = false;
  for (const NamedPlace& choice : portland.choices)
    maine = maine || choice.label == "Portland, Maine, United States";
  EXPECT_TRUE(maine);
  // A clearly larger namesake is taken, the others listed.
  PlaceLookup boston = Builtin().Resolve("Boston");
  ASSERT_EQ(boston.outcome, Outcome::kFound);
  EXPECT_EQ(boston.place.label, "Boston, Massachusetts, United States");
}

// Found in the first user test (issue 27).
TEST(GazetteerResolveTest, RegionsInitialsAndIndistinguishableNamesakes) {
  // A state or country alone is not a small town of that name ...
  for (const char* region : {"California", "Maine", "Texas", "Georgia", "France"}) {
    const PlaceLookup lookup = Builtin().Resolve(region);
    EXPECT_EQ(lookup.outcome, Outcome::kUnknown) << region << ": " << lookup.place.label;
    EXPECT_NE(lookup.message.find("state, province or country"), std::string::npos) << region;
  }
  // ... unless a large city has the name.
  EXPECT_EQ(Builtin().Resolve("New York").place.state, "NY");
  // Initials, and a GeoNames name with a comma.
  for (const char* dc : {"Washington", "Washington, D.C.", "Washington DC", "washington d.c."}) {
    const PlaceLookup lookup = Builtin().Resolve(dc);
    ASSERT_EQ(lookup.outcome, Outcome::kFound) << dc;
    EXPECT_EQ(lookup.place.state, "DC") << dc;
  }
  EXPECT_EQ(PlaceKey("U.S.A."), "usa");
  // Provinces and states outside the US (second user test).
  EXPECT_EQ(Builtin().Resolve("London, Ontario").place.country, "CA");
  EXPECT_EQ(Builtin().Resolve("London, England").place.country, "GB");
  EXPECT_EQ(Builtin().Resolve("Sydney, Nova Scotia").place.country, "CA");
  EXPECT_EQ(Builtin().Resolve("Sydney NSW").place.country, "AU");
  EXPECT_EQ(Builtin().Resolve("Paris, Ontario").place.country, "CA");
  EXPECT_EQ(Builtin().Resolve("Vancouver, BC").place.label, "Vancouver, British Columbia, Canada");
  Location site;
  site.city = "Sydney";
  site.state = "Nova Scotia";
  site.country = "Canada";
  ASSERT_TRUE(Builtin().Locate(site));
  ExpectNear(*Builtin().Locate(site), 46.14, -60.18, 15);
  // The pages' own label of a ZIP code reads back as that ZIP code.
  const PlaceLookup zip = Builtin().Resolve("02115");
  const PlaceLookup again = Builtin().Resolve(zip.place.label);
  ASSERT_EQ(again.outcome, Outcome::kFound) << zip.place.label;
  EXPECT_EQ(again.place.label, zip.place.label);
  // Two places our labels cannot tell apart are one choice (no choice
  // that leads back to the same question).
  const PlaceLookup portland = Builtin().Resolve("Portland");
  for (std::size_t i = 0; i < portland.choices.size(); ++i) {
    for (std::size_t j = i + 1; j < portland.choices.size(); ++j)
      EXPECT_NE(portland.choices[i].label, portland.choices[j].label);
    const PlaceLookup picked = Builtin().Resolve(portland.choices[i].label);
    EXPECT_EQ(picked.outcome, Outcome::kFound) << portland.choices[i].label;
    EXPECT_EQ(picked.place.label, portland.choices[i].label);
  }
}

TEST(GazetteerResolveTest, ZipCodesAndCoordinates) {
  PlaceLookup zip = Builtin().Resolve("02115");
  ASSERT_EQ(zip.outcome, Outcome::kFound);
  EXPECT_EQ(zip.place.point.source, PlaceSource::kPostalCode);
  ExpectNear(zip.place.point, 42.34, -71.09, 3);
  EXPECT_NE(zip.place.label.find("Boston"), std::string::npos);
  EXPECT_EQ(Builtin().Resolve("94305-1234").outcome, Outcome::kFound);
  EXPECT_EQ(Builtin().Resolve("00000").outcome, Outcome::kUnknown);
  PlaceLookup point = Builtin().Resolve(" 37.42, -122.17 ");
  ASSERT_EQ(point.outcome, Outcome::kFound);
  EXPECT_EQ(point.place.point.source, PlaceSource::kCoordinates);
  EXPECT_DOUBLE_EQ(point.place.point.longitude, -122.17);
  EXPECT_EQ(Builtin().Resolve("91,0").outcome, Outcome::kUnknown);
}

TEST(GazetteerResolveTest, UnknownAndEmpty) {
  EXPECT_EQ(Builtin().Resolve("  ").outcome, Outcome::kEmpty);
  PlaceLookup unknown = Builtin().Resolve("Qwxzy");
  ASSERT_EQ(unknown.outcome, Outcome::kUnknown);
  EXPECT_NE(unknown.message.find("Qwxzy"), std::string::npos);
  PlaceLookup bad_state = Builtin().Resolve("Springfield, Narnia");
  ASSERT_EQ(bad_state.outcome, Outcome::kAmbiguous);  // the qualifier is ignored, not trusted
  EXPECT_EQ(Builtin().Resolve(",,,").outcome, Outcome::kUnknown);
  EXPECT_EQ(Builtin().Resolve(std::string(100000, 'a')).outcome, Outcome::kUnknown);
}

TEST(GazetteerTest, SmallTablesAndBadRows) {
  const Gazetteer small(
      "Springfield\tUS\tIL\t39.80\t-89.64\t116000\nbad row\nNowhere\tUS\tIL\tx\t1\t1\n"
      "Far\tUS\tIL\t91\t0\t5\n",
      "62701\t39.80\t-89.65\tSpringfield\tIL\n10001\t40.75\t-73.99\tTiny Town\tNY\n",
      "US\tIL\tIllinois\nUS\tNY\tNew York\n", "US\tUnited States of America\tUSA\n");
  EXPECT_EQ(small.Resolve("Springfield").outcome, Outcome::kFound);
  EXPECT_EQ(small.Resolve("Springfield").place.label, "Springfield, Illinois, United States");
  EXPECT_EQ(small.Resolve("Nowhere").outcome, Outcome::kUnknown);
  EXPECT_EQ(small.Resolve("Far").outcome, Outcome::kUnknown);
  // A town known only through its ZIP code.
  PlaceLookup tiny = small.Resolve("Tiny Town, NY");
  ASSERT_EQ(tiny.outcome, Outcome::kFound);
  EXPECT_EQ(tiny.place.point.source, PlaceSource::kCity);
  EXPECT_EQ(small.CountryCode("USA"), "US");
}

}  // namespace
}  // namespace trialfinder
