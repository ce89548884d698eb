// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <unordered_map>

#include "assets/embedded_assets.h"
#include "geo/place_names.h"
#include "text/ascii_case.h"
#include "trialfinder/places.h"

namespace trialfinder {
namespace {

// A city name alone is taken for its largest namesake only when that one
// has this many times the people of the next ("Boston" is Massachusetts,
// "Portland" is a choice between Oregon and Maine).
constexpr double kClearlyLarger = 10;
constexpr std::size_t kMaxChoices = 8;
// A city this large is what its name means even when a state or country
// has the name too ("New York").
constexpr std::uint32_t kLargeCity = 100000;

std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string_view::npos ? line.npos : tab - start));
    if (tab == std::string_view::npos) return fields;
    start = tab + 1;
  }
}

template <typename Visit>
void ForEachRow(std::string_view tsv, Visit visit) {
  std::size_t start = 0;
  while (start < tsv.size()) {
    std::size_t end = tsv.find('\n', start);
    if (end == std::string_view::npos) end = tsv.size();
    const std::string_view line = tsv.substr(start, end - start);
    if (!line.empty() && line.front() != '#') visit(Fields(line));
    start = end + 1;
  }
}

std::optional<double> Number(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

bool ValidPoint(double latitude, double longitude) {
  return std::abs(latitude) <= 90 && std::abs(longitude) <= 180;
}

bool IsZip(std::string_view text) {
  if (text.size() != 5 && text.size() != 10) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i == 5 ? text[i] != '-' : !std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

}  // namespace

struct Gazetteer::Tables {
  struct City {
    std::string name;
    std::string country;  // ISO 3166 alpha-2
    std::string admin;    // US: the state's code; elsewhere GeoNames' admin1 code
    MapPoint point;
    std::uint32_t population = 0;
  };
  std::vector<City> cities;
  std::unordered_multimap<std::string, std::size_t> city_by_key;
  struct Zip {
    MapPoint point;
    std::string city;
    std::string state;
  };
  std::unordered_map<std::string, Zip> zips;
  // States, provinces and the like of the countries regions.tsv lists:
  // "maine", "me" -> (US, ME); "ontario", "on" -> (CA, 08).
  std::unordered_multimap<std::string, std::pair<std::string, std::string>> region_by_key;
  std::map<std::pair<std::string, std::string>, std::string> region_name;  // -> "Maine"
  std::unordered_map<std::string, std::string> country_by_key;
  std::unordered_map<std::string, std::string> country_name;  // "US" -> "United States"

  std::string Label(const City& city) const {
    std::string label = city.name;
    const auto region = region_name.find({city.country, city.admin});
    if (region != region_name.end() && region->second != city.name) label += ", " + region->second;
    const auto country = country_name.find(city.country);
    label += ", " + (country != country_name.end() ? country->second : city.country);
    return label;
  }

  NamedPlace Named(const City& city) const {
    return NamedPlace{city.point, Label(city), city.population, city.country,
                      region_name.count({city.country, city.admin}) ? city.admin : ""};
  }

  // Cities called `key`, in `country` when given and in its region
  // `region` when given; largest first.
  std::vector<const City*> Find(const std::string& key, const std::string& country,
                                const std::string& region) const {
    std::vector<const City*> found;
    const auto [begin, end] = city_by_key.equal_range(key);
    for (auto it = begin; it != end; ++it) {
      const City& city = cities[it->second];
      if (!country.empty() && city.country != country) continue;
      if (!region.empty() && city.admin != region) continue;
      found.push_back(&city);
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const City* a, const City* b) { return a->population > b->population; });
    return found;
  }
};

Gazetteer::Gazetteer(std::string_view cities_tsv, std::string_view zip_tsv,
                     std::string_view regions_tsv, std::string_view countries_tsv) {
  auto tables = std::make_unique<Tables>();
  ForEachRow(countries_tsv, [&](const std::vector<std::string_view>& row) {
    if (row.size() < 2 || row[0].size() != 2) return;
    const std::string code(row[0]);
    tables->country_name.emplace(code, code == "US" ? "United States" : std::string(row[1]));
    for (std::size_t i = 1; i < row.size(); ++i)
      tables->country_by_key.emplace(PlaceKey(row[i]), code);
  });
  ForEachRow(regions_tsv, [&](const std::vector<std::string_view>& row) {
    if (row.size() < 3 || row[0].size() != 2) return;
    const std::pair<std::string, std::string> region{std::string(row[0]), std::string(row[1])};
    tables->region_name.emplace(region, std::string(row[2]));
    for (std::size_t i = 2; i < row.size(); ++i)
      tables->region_by_key.emplace(PlaceKey(row[i]), region);
    // US state codes are what people write ("Portland, ME"); GeoNames'
    // numeric codes elsewhere are not, so those rows list their abbreviations.
    if (region.first == "US") tables->region_by_key.emplace(PlaceKey(region.second), region);
  });
  ForEachRow(cities_tsv, [&](const std::vector<std::string_view>& row) {
    if (row.size() < 6) return;
    const std::optional<double> latitude = Number(row[3]);
    const std::optional<double> longitude = Number(row[4]);
    const std::optional<double> population = Number(row[5]);
    if (!latitude || !longitude || !ValidPoint(*latitude, *longitude)) return;
    const std::string key = PlaceKey(row[0]);
    if (key.empty()) return;
    tables->city_by_key.emplace(key, tables->cities.size());
    // "Washington, D.C." is also "Washington".
    if (const std::size_t comma = row[0].find(','); comma != std::string_view::npos) {
      const std::string before = PlaceKey(row[0].substr(0, comma));
      if (!before.empty() && before != key)
        tables->city_by_key.emplace(before, tables->cities.size());
    }
    tables->cities.push_back(Tables::City{
        std::string(row[0]), std::string(row[1]), std::string(row[2]),
        MapPoint{*latitude, *longitude, PlaceSource::kCity},
        static_cast<std::uint32_t>(population ? std::clamp(*population, 0.0, 4e9) : 0)});
  });
  // US places too small for GeoNames' list, at the mean of their ZIP codes.
  std::map<std::pair<std::string, std::string>, std::pair<Tables::City, int>> zip_towns;
  ForEachRow(zip_tsv, [&](const std::vector<std::string_view>& row) {
    if (row.size() < 5) return;
    const std::optional<double> latitude = Number(row[1]);
    const std::optional<double> longitude = Number(row[2]);
    if (!latitude || !longitude || !ValidPoint(*latitude, *longitude)) return;
    tables->zips.emplace(std::string(row[0]),
                         Tables::Zip{MapPoint{*latitude, *longitude, PlaceSource::kPostalCode},
                                     std::string(row[3]), std::string(row[4])});
    const std::string key = PlaceKey(row[3]);
    auto& [town, count] = zip_towns[{key, std::string(row[4])}];
    if (count == 0) town = Tables::City{std::string(row[3]), "US", std::string(row[4]), {}, 0};
    town.point.latitude += *latitude;
    town.point.longitude += *longitude;
    ++count;
  });
  for (auto& [where, town_count] : zip_towns) {
    auto& [town, count] = town_count;
    if (where.first.empty() || !tables->Find(where.first, "US", where.second).empty()) continue;
    town.point =
        MapPoint{town.point.latitude / count, town.point.longitude / count, PlaceSource::kCity};
    tables->city_by_key.emplace(where.first, tables->cities.size());
    tables->cities.push_back(std::move(town));
  }
  tables_ = std::move(tables);
}

Gazetteer::~Gazetteer() = default;

const Gazetteer& Gazetteer::Builtin() {
  static const Gazetteer kBuiltin(EmbeddedAsset("cities.tsv"), EmbeddedAsset("us-zip.tsv"),
                                  EmbeddedAsset("regions.tsv"), EmbeddedAsset("countries.tsv"));
  return kBuiltin;
}

std::string Gazetteer::CountryCode(std::string_view name) const {
  const auto found = tables_->country_by_key.find(PlaceKey(name));
  return found == tables_->country_by_key.end() ? "" : found->second;
}

std::optional<MapPoint> Gazetteer::Locate(const Location& site) const {
  if (site.geo_point.lat && site.geo_point.lon &&
      ValidPoint(*site.geo_point.lat, *site.geo_point.lon)) {
    return MapPoint{*site.geo_point.lat, *site.geo_point.lon, PlaceSource::kCoordinates};
  }
  std::string country = CountryCode(site.country);
  std::string state;
  const auto [first, last] = tables_->region_by_key.equal_range(PlaceKey(site.state));
  for (auto region = first; region != last; ++region) {
    // Without a country, a US state name is enough.
    if (country.empty() ? region->second.first == "US" : region->second.first == country) {
      country = region->second.first;
      state = region->second.second;
      break;
    }
  }
  if (country.empty()) return std::nullopt;
  if (country == "US") {
    const auto zip = tables_->zips.find(std::string(TrimAsciiSpace(site.zip)).substr(0, 5));
    if (zip != tables_->zips.end() && (state.empty() || zip->second.state == state))
      return zip->second.point;
  }
  const std::string key = PlaceKey(site.city);
  if (key.empty()) return std::nullopt;
  const std::vector<const Tables::City*> found = tables_->Find(key, country, state);
  if (found.empty()) return std::nullopt;
  return found.front()->point;
}

PlaceLookup Gazetteer::Resolve(std::string_view text) const {
  PlaceLookup lookup;
  text = TrimAsciiSpace(text);
  if (text.empty()) return lookup;
  const std::string typed(text);

  // Coordinates.
  const std::size_t comma = text.find(',');
  if (comma != std::string_view::npos) {
    const std::optional<double> latitude = Number(text.substr(0, comma));
    const std::optional<double> longitude = Number(text.substr(comma + 1));
    if (latitude && longitude) {
      if (!ValidPoint(*latitude, *longitude)) {
        lookup.outcome = PlaceLookup::Outcome::kUnknown;
        lookup.message = "'" + typed +
                         "' is not a point on the map: latitude goes from -90 to 90 and "
                         "longitude from -180 to 180.";
        return lookup;
      }
      lookup.outcome = PlaceLookup::Outcome::kFound;
      lookup.place =
          NamedPlace{MapPoint{*latitude, *longitude, PlaceSource::kCoordinates}, typed, 0, "", ""};
      return lookup;
    }
  }

  // A US ZIP code, alone or as the pages label it ("02115 (Boston, MA,
  // United States)").
  if (const std::size_t space = text.find(' '); space != std::string_view::npos &&
                                                IsZip(text.substr(0, space)) &&
                                                text.substr(space + 1, 1) == "(") {
    text = text.substr(0, space);
  }
  if (IsZip(text)) {
    const auto zip = tables_->zips.find(std::string(text.substr(0, 5)));
    if (zip == tables_->zips.end()) {
      lookup.outcome = PlaceLookup::Outcome::kUnknown;
      lookup.message = "'" + typed + "' is not a US ZIP code we know.";
      return lookup;
    }
    lookup.outcome = PlaceLookup::Outcome::kFound;
    lookup.place = NamedPlace{zip->second.point,
                              std::string(text.substr(0, 5)) + " (" + zip->second.city + ", " +
                                  zip->second.state + ", United States)",
                              0, "US", zip->second.state};
    return lookup;
  }

  // A city, then what qualifies it: states and countries, in any order.
  std::vector<std::string> parts;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string part = PlaceKey(text.substr(start, end - start));
    if (!part.empty()) parts.push_back(part);
    start = end + 1;
  }
  if (parts.empty()) {
    lookup.outcome = PlaceLookup::Outcome::kUnknown;
    lookup.message = "'" + typed + "' is not a place name.";
    return lookup;
  }
  // "Portland Maine" without a comma: the last one or two words may
  // qualify the city when the whole is no city.
  if (parts.size() == 1 && tables_->city_by_key.count(parts[0]) == 0) {
    const std::string& whole = parts[0];
    for (std::size_t space = whole.rfind(' '); space != std::string::npos && space > 0;
         space = whole.rfind(' ', space - 1)) {
      const std::string tail = whole.substr(space + 1);
      if (tables_->region_by_key.count(tail) || tables_->country_by_key.count(tail)) {
        parts = {whole.substr(0, space), tail};
        break;
      }
    }
  }
  std::vector<std::pair<std::string, std::string>> wheres = {{"", ""}};  // (country, state)
  std::string not_understood;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    std::vector<std::pair<std::string, std::string>> readings;
    const auto [first, last] = tables_->region_by_key.equal_range(parts[i]);
    for (auto region = first; region != last; ++region) readings.push_back(region->second);
    const auto country = tables_->country_by_key.find(parts[i]);
    if (country != tables_->country_by_key.end()) readings.emplace_back(country->second, "");
    if (readings.empty()) {
      not_understood = parts[i];
      continue;
    }
    std::vector<std::pair<std::string, std::string>> combined;
    for (const auto& [country_code, state_code] : wheres) {
      for (const auto& [reading_country, reading_state] : readings) {
        if (!country_code.empty() && country_code != reading_country) continue;
        combined.emplace_back(reading_country, state_code.empty() ? reading_state : state_code);
      }
    }
    wheres = std::move(combined);
  }
  // "California", "Georgia", "France": a region, not a town of that name,
  // unless a large city has the name ("New York", "Mexico").
  const bool names_region = parts.size() == 1 && (tables_->region_by_key.count(parts[0]) > 0 ||
                                                  tables_->country_by_key.count(parts[0]) > 0);
  std::vector<const Tables::City*> found;
  for (const auto& [country_code, state_code] : wheres) {
    for (const Tables::City* city : tables_->Find(parts[0], country_code, state_code))
      found.push_back(city);
  }
  std::stable_sort(found.begin(), found.end(), [](const Tables::City* a, const Tables::City* b) {
    return a->population > b->population;
  });
  if (names_region && (found.empty() || found.front()->population < kLargeCity)) {
    lookup.outcome = PlaceLookup::Outcome::kUnknown;
    lookup.message = "'" + typed +
                     "' is a state, province or country. Type a city in it, with its state or "
                     "country (\"Los Angeles, California\"), or a US ZIP code. To see trials "
                     "anywhere in a country, leave the place empty and pick the country among "
                     "the filters beside the results.";
    return lookup;
  }
  // Places our labels cannot tell apart (two Portlands in Australia) are
  // one choice: the largest.
  std::vector<const Tables::City*> distinct;
  std::vector<std::string> labels;
  for (const Tables::City* city : found) {
    std::string label = tables_->Label(*city);
    if (std::find(labels.begin(), labels.end(), label) != labels.end()) continue;
    labels.push_back(std::move(label));
    distinct.push_back(city);
  }
  found = std::move(distinct);
  if (found.empty()) {
    lookup.outcome = PlaceLookup::Outcome::kUnknown;
    lookup.message = "We could not find a place called '" + typed + "'" +
                     (not_understood.empty()
                          ? ""
                          : " ('" + not_understood + "' is not a US state or a country we know)") +
                     ". Try a city with its state or country (\"Portland, Maine\"), a US ZIP "
                     "code, or latitude,longitude.";
    return lookup;
  }
  const bool clear =
      found.size() == 1 ||
      (found[1]->population > 0 && found[0]->population >= kClearlyLarger * found[1]->population) ||
      (found[1]->population == 0 && found[0]->population > 0);
  for (std::size_t i = clear ? 1 : 0; i < found.size() && lookup.choices.size() < kMaxChoices;
       ++i) {
    lookup.choices.push_back(tables_->Named(*found[i]));
  }
  if (!clear) {
    lookup.outcome = PlaceLookup::Outcome::kAmbiguous;
    return lookup;
  }
  lookup.outcome = PlaceLookup::Outcome::kFound;
  lookup.place = tables_->Named(*found.front());
  if (lookup.choices.size() > 5) lookup.choices.resize(5);
  return lookup;
}

double GreatCircleKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRadians = M_PI / 180;
  const double a = std::pow(std::sin((lat2 - lat1) * kRadians / 2), 2) +
                   std::cos(lat1 * kRadians) * std::cos(lat2 * kRadians) *
                       std::pow(std::sin((lon2 - lon1) * kRadians / 2), 2);
  return 6371.0 * 2 * std::atan2(std::sqrt(a), std::sqrt(1 - a));
}

}  // namespace trialfinder
