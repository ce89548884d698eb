// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/page_support.h"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>

#include "server/api.h"
#include "server/editor_auth.h"
#include "server/page_renderer.h"
#include "server/pages.h"
#include "text/ascii_case.h"
#include "trialfinder/search.h"

namespace trialfinder {

void SetPageHeaders(HttpResponse& response) {
  response.SetHeader(
      "Content-Security-Policy",
      "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
      "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  response.SetHeader("X-Content-Type-Options", "nosniff");
  response.SetHeader("Referrer-Policy", "same-origin");
  response.SetHeader("Cache-Control", "no-store");
}

Json LayoutView(const std::string& title, const Visitor& visitor) {
  Json layout = {{"page_title", title}};
  if (visitor.session)
    layout["editor"] = {{"name", visitor.session->editor}, {"csrf", visitor.session->csrf_token}};
  return layout;
}

std::string Capitalized(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

std::string ReadableStatus(const std::string& code) {
  if (code.empty()) return "Status not given";
  std::string out = AsciiLowercase(code);
  std::replace(out.begin(), out.end(), '_', ' ');
  return Capitalized(std::move(out));
}

std::string ToReader(std::string text) {
  static const std::pair<const char*, const char*> kPhrases[] = {
      {"not mentioned in the patient's record", "you did not mention it"},
      {"which the patient is not known to have", "which you have not told us you have"},
      {"as it is not about the patient's conditions", "as it is not about your conditions"},
      {"the patient's", "your"},
      {"the patient", "you"},
      {"record: ", "you said: "},
  };
  for (const auto& [from, to] : kPhrases) {
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + std::strlen(to))) {
      text.replace(at, std::strlen(from), to);
    }
  }
  return text;
}

std::string OpenStatusFilter() { return fmt::format("{}", fmt::join(kOpenStatuses, ",")); }

std::string Param(const HttpRequest& request, const char* name) {
  return request.HasParam(name) ? request.Param(name) : "";
}

void Redirect(HttpResponse& response, const std::string& location) {
  response.status = 303;
  response.SetHeader("Location", location);
}

Json Options(const std::vector<std::pair<std::string, std::string>>& values,
             const std::string& current) {
  Json options = Json::array();
  for (const auto& [value, label] : values) {
    options.push_back({{"value", value}, {"label", label}, {"selected", value == current}});
  }
  return options;
}

const std::vector<std::pair<std::string, std::string>>& DistanceOptions() {
  static const std::vector<std::pair<std::string, std::string>> kOptions = {
      {"25", "25 km"},   {"50", "50 km"},   {"100", "100 km"},
      {"250", "250 km"}, {"500", "500 km"}, {"2000", "2000 km"}};
  return kOptions;
}

const std::vector<std::pair<std::string, std::string>>& SexOptions() {
  static const std::vector<std::pair<std::string, std::string>> kOptions = {
      {"", "Any"}, {"FEMALE", "Female"}, {"MALE", "Male"}};
  return kOptions;
}

Result<std::optional<Place>> ResolvePlace(const std::string& text, StudyStore& store,
                                          SearchIndex& index) {
  if (text.empty()) return std::optional<Place>();
  Result<GeoDistance> coordinates = ParseGeoDistance("distance(" + text + ",1km)");
  if (coordinates.ok())
    return std::optional<Place>(Place{coordinates->latitude, coordinates->longitude, text});
  const std::string city = AsciiLowercase(text.substr(0, text.find(',')));
  SearchQuery query;
  query.locn = city;
  query.page_size = 5;
  Result<SearchResult> found = index.Search(query);
  if (!found.ok()) return found.status();
  for (const SearchHit& hit : found->hits) {
    Result<std::optional<trialfinder::Study>> study = store.GetStudy(hit.nct_id);
    if (!study.ok() || !study->has_value()) continue;
    for (const Location& location : (*study)->protocol.contacts_locations.locations) {
      if (AsciiLowercase(location.city) == city && location.geo_point.lat &&
          location.geo_point.lon) {
        return std::optional<Place>(Place{*location.geo_point.lat, *location.geo_point.lon, text});
      }
    }
  }
  return Status::InvalidArgument("'" + text +
                                 "': no trial site in a city of that name; try another city, or "
                                 "latitude,longitude");
}

Result<std::optional<Place>> AddPlaceFilter(
    const HttpRequest& request, const std::string& distance_km, ReaderPool::Lease& lease,
    std::vector<std::pair<std::string, std::string>>& parameters) {
  Result<std::optional<Place>> place =
      ResolvePlace(Param(request, "near"), lease.store(), lease.index());
  if (place.ok() && *place) {
    char geo[96];
    std::snprintf(geo, sizeof geo, "distance(%.6f,%.6f,%skm)", (*place)->latitude,
                  (*place)->longitude, distance_km.c_str());
    parameters.emplace_back("filter.geo", geo);
  }
  return place;
}

std::string JoinedPhases(const trialfinder::Study& study) {
  return fmt::format("{}", fmt::join(study.protocol.design.phases, ", "));
}

std::string QueryString(const std::vector<std::pair<std::string, std::string>>& parameters) {
  std::string query;
  for (const auto& [name, value] : parameters) {
    if (value.empty()) continue;
    query += (query.empty() ? "?" : "&") + name + "=" + EncodeQueryValue(value);
  }
  return "/" + query;
}

bool CsrfMatches(const HttpRequest& request, const std::string& expected) {
  return TokensEqual(Param(request, "csrf"), expected);
}

std::string LabelOf(const std::string& field) {
  std::string label = field;
  std::replace(label.begin(), label.end(), '_', ' ');
  label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
  return label;
}
}  // namespace trialfinder
