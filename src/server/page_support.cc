// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/page_support.h"

#include "trialfinder/places.h"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <cstdio>

#include "server/api.h"
#include "server/editor_auth.h"
#include "server/page_renderer.h"
#include "server/pages.h"
#include "text/ascii_case.h"
#include "trialfinder/plain.h"
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

Json LayoutView(const std::string& title, const Visitor& visitor, const PageHead& head) {
  Json layout = {
      {"page_title", title},     {"canonical", head.canonical}, {"description", head.description},
      {"json_ld", head.json_ld}, {"noindex", head.noindex},     {"feed", head.feed}};
  if (visitor.session)
    layout["editor"] = {{"name", visitor.session->editor}, {"csrf", visitor.session->csrf_token}};
  return layout;
}

std::string Capitalized(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

std::string ReadableStatus(const std::string& code) {
  return code.empty() ? "Status not given" : CodeLabel(code);
}

std::string ReadablePhases(const Study& study) {
  std::string phases;
  for (const std::string& phase : study.protocol.design.phases)
    phases += (phases.empty() ? "" : "/") + CodeLabel(phase);
  return phases;
}

std::string ToReader(std::string text, std::string_view relation) {
  // Who "the patient" is to the reader: "you", or "your son" when the
  // description is about someone the writer names.
  const std::string whom = relation.empty() ? "you" : "your " + std::string(relation);
  const std::string whose = relation.empty() ? "your" : whom + "'s";
  const bool you = relation.empty();
  const std::pair<std::string, std::string> phrases[] = {
      {"not mentioned in the patient's record",
       you ? "you did not mention it" : "you did not mention it for " + whom},
      {"which the patient is not known to have",
       "which you have not told us " + whom + (you ? " have" : " has")},
      {"as it is not about the patient's conditions",
       "as it is not about " + whose + " conditions"},
      {"the patient has", whom + (you ? " have" : " has")},
      {"the patient is", whom + (you ? " are" : " is")},
      {"the patient was", whom + (you ? " were" : " was")},
      {"the patient's", whose},
      {"the patient", whom},
      {"record: ", "you said: "},
      // The record is what the person told us (user test: "the record
      // mentions 'radiation'; a person should check this criterion").
      {"not known from the record", "not known from what you told us"},
      {"not in the record", "not in what you told us"},
      {"as the record says", "as you said"},
      {"the record mentions", "you mentioned"},
      {"the record says", "you said"},
      {"the record does not say", "you did not say"},
      {"the record does not give", "you did not give"},
      {"the record does not settle", "what you told us does not settle"},
      {"the record lists", "you listed"},
      {"the record rules out", "what you told us rules out"},
      {"the record has none", "you named none"},
      {"a person should check this criterion", "the study team should check this criterion"},
  };
  // Whole words only: "the patients not receiving anticoagulation" (a
  // group's name) is not "yous not receiving" (user test).
  static constexpr char kHold = '\x1f';
  ReplaceEach(text, "the patients", std::string("the") + kHold + "patients");
  for (const auto& [from, to] : phrases) ReplaceEach(text, from, to);
  ReplaceEach(text, std::string("the") + kHold + "patients", "the patients");
  return text;
}

std::string QuestionFor(std::string question, std::string_view relation) {
  if (relation.empty()) return question;
  const std::string whom = "your " + std::string(relation);
  // Only a question that opens on "you" is reworded; others ("Has a doctor
  // told you ...") keep the reader as "you" and name the person after it.
  const std::pair<std::string, std::string> openings[] = {
      {"Have you ", "Has " + whom + " "},
      {"Are you ", "Is " + whom + " "},
      {"Do you ", "Does " + whom + " "},
  };
  for (const auto& [from, to] : openings) {
    if (question.rfind(from, 0) == 0) {
      question.replace(0, from.size(), to);
      break;
    }
  }
  ReplaceEach(question, "that you have", "that " + whom + " has");
  return question;
}

void ReplaceEach(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
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
  bool listed = current.empty();
  for (const auto& [value, label] : values) {
    // "any" is "ANY" (user test: a second "Any" option).
    const bool chosen = AsciiLowercase(value) == AsciiLowercase(current);
    options.push_back({{"value", value}, {"label", label}, {"selected", chosen}});
    listed = listed || chosen;
  }
  // A code chosen elsewhere (a facet: "WITHDRAWN") is shown as chosen, so
  // the form says what is searched and pressing Search keeps it. Other
  // text ("bogus") is no choice to offer: the page says it is not valid.
  const bool code = std::all_of(current.begin(), current.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || c == '_' || c == ',';
  });
  if (!listed && code)
    options.push_back({{"value", current}, {"label", CodeLabel(current)}, {"selected", true}});
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

namespace {

// Studies with a site within 25 km of `point`: how much trial activity a
// candidate place has.
std::size_t StudiesNear(const MapPoint& point, SearchIndex& index) {
  SearchQuery query;
  query.geo = GeoDistance{point.latitude, point.longitude, 25};
  query.page_size = 1;
  // Exact: the estimate after a one-study page can be 0 when a few match.
  query.exact_total = true;
  Result<SearchResult> found = index.Search(query);
  return found.ok() ? static_cast<std::size_t>(std::max<std::int64_t>(found->total, 0)) : 0;
}

// Where a stored site in a city called `text` is: for names the gazetteer
// lacks but the registry has.
std::optional<Place> RegistryCity(const std::string& text, StudyStore& store, SearchIndex& index) {
  const std::string city = AsciiLowercase(text.substr(0, text.find(',')));
  SearchQuery query;
  query.locn = city;
  query.page_size = 5;
  Result<SearchResult> found = index.Search(query);
  if (!found.ok()) return std::nullopt;
  for (const SearchHit& hit : found->hits) {
    Result<std::optional<trialfinder::Study>> study = store.GetStudy(hit.nct_id);
    if (!study.ok() || !study->has_value()) continue;
    for (const Location& location : (*study)->protocol.contacts_locations.locations) {
      if (AsciiLowercase(location.city) == city && location.geo_point.lat &&
          location.geo_point.lon) {
        return Place{*location.geo_point.lat, *location.geo_point.lon,
                     location.city + (location.state.empty() ? "" : ", " + location.state) + ", " +
                         location.country};
      }
    }
  }
  return std::nullopt;
}

Place PlaceOf(const NamedPlace& named) {
  return Place{named.point.latitude, named.point.longitude, named.label};
}

}  // namespace

Result<ResolvedPlace> ResolvePlace(const std::string& text, StudyStore& store, SearchIndex& index) {
  ResolvedPlace resolved;
  const PlaceLookup lookup = Gazetteer::Builtin().Resolve(text.substr(0, 200));
  switch (lookup.outcome) {
    case PlaceLookup::Outcome::kEmpty:
      return resolved;
    case PlaceLookup::Outcome::kFound:
      resolved.place = PlaceOf(lookup.place);
      for (const NamedPlace& other : lookup.choices) resolved.others.push_back(other.label);
      return resolved;
    case PlaceLookup::Outcome::kAmbiguous: {
      // The namesake a person looking for trials means: the one with ten
      // times the studies within 25 km of any other, or the one that leads
      // both in people and in studies by three times ("Stanford":
      // California, not Indiana or Kentucky). Otherwise they choose
      // ("Portland": Oregon or Maine).
      std::vector<std::pair<std::size_t, const NamedPlace*>> counted;
      for (const NamedPlace& choice : lookup.choices)
        counted.emplace_back(StudiesNear(choice.point, index), &choice);
      std::stable_sort(counted.begin(), counted.end(),
                       [](const auto& a, const auto& b) { return a.first > b.first; });
      const std::size_t studies = counted.front().first;
      const std::size_t next_studies = counted.size() > 1 ? counted[1].first : 0;
      const NamedPlace& busiest = *counted.front().second;
      const NamedPlace& largest = lookup.choices.front();  // largest first
      const std::uint32_t next_people =
          lookup.choices.size() > 1 ? lookup.choices[1].population : 0;
      const bool busiest_by_far = studies >= 10 * next_studies;
      const bool leads_both = &busiest == &largest && studies >= 3 * next_studies &&
                              largest.population >= 3ull * next_people;
      if (studies > 0 && (busiest_by_far || leads_both)) {
        resolved.place = PlaceOf(busiest);
        for (std::size_t i = 1; i < counted.size() && i <= 5; ++i)
          resolved.others.push_back(counted[i].second->label);
        return resolved;
      }
      // Offered largest first, as the gazetteer lists them.
      for (const NamedPlace& choice : lookup.choices) resolved.choices.push_back(choice.label);
      return resolved;
    }
    case PlaceLookup::Outcome::kUnknown:
      break;
  }
  if (std::optional<Place> registry = RegistryCity(text, store, index)) {
    resolved.place = std::move(registry);
    return resolved;
  }
  return Status::InvalidArgument(lookup.message);
}

Result<ResolvedPlace> AddPlaceFilter(const HttpRequest& request, const std::string& distance_km,
                                     ReaderPool::Lease& lease, FormFields& parameters) {
  Result<ResolvedPlace> resolved =
      ResolvePlace(Param(request, "near"), lease.store(), lease.index());
  if (resolved.ok() && resolved->place) {
    char geo[96];
    std::snprintf(geo, sizeof geo, "distance(%.6f,%.6f,%skm)", resolved->place->latitude,
                  resolved->place->longitude, distance_km.c_str());
    parameters.emplace_back("filter.geo", geo);
  }
  return resolved;
}

FormFields SearchFormParameters(const HttpRequest& request) {
  std::vector<std::pair<std::string, std::string>> parameters;
  auto add = [&parameters](const std::string& name, const std::string& value) {
    if (!value.empty()) parameters.emplace_back(name, value);
  };
  // The box finds trials about what was typed (query.about); "in=all"
  // searches all text, as ClinicalTrials.gov's query.term does.
  add(Param(request, "in") == "all" ? "query.term" : "query.about", Param(request, "q"));
  // "any" as well as "ANY": people edit the address by hand.
  const std::string status =
      request.HasParam("status") ? AsciiUppercase(Param(request, "status")) : "OPEN";
  if (status == "OPEN") {
    add("filter.overallStatus", OpenStatusFilter());
  } else if (status != "ANY") {
    add("filter.overallStatus", status);
  }
  add("filter.phase", Param(request, "phase"));
  add("filter.studyType", Param(request, "type"));
  add("query.country", Param(request, "country"));
  add("filter.sex", Param(request, "sex"));
  add("filter.age", Param(request, "age"));
  add("pageToken", Param(request, "pageToken"));
  parameters.emplace_back("pageSize", "20");
  parameters.emplace_back("countTotal", "true");
  parameters.emplace_back("countFacets", "true");
  return parameters;
}

FormFields SearchFormFields(const HttpRequest& request) {
  std::vector<std::pair<std::string, std::string>> fields;
  for (const char* name :
       {"q", "in", "near", "distance", "age", "sex", "status", "phase", "type", "country"}) {
    if (request.HasParam(name)) fields.emplace_back(name, Param(request, name));
  }
  return fields;
}

// An API error about a parameter the form filled in, in the form's words:
// "parameter 'filter.age': 'abc' is not an age ..." -> "Age: 'abc' is not
// an age ...".
std::string ForPeople(std::string message) {
  static const std::pair<const char*, const char*> kLabels[] = {{"query.about", "Search words"},
                                                                {"query.term", "Search words"},
                                                                {"filter.overallStatus", "Status"},
                                                                {"filter.phase", "Phase"},
                                                                {"filter.studyType", "Study type"},
                                                                {"query.country", "Country"},
                                                                {"filter.sex", "Sex"},
                                                                {"filter.age", "Age"},
                                                                {"filter.geo", "Distance"},
                                                                {"pageToken", "Page"}};
  for (const auto& [parameter, label] : kLabels) {
    const std::string api = std::string("parameter '") + parameter + "'";
    if (message.rfind(api, 0) == 0) return label + message.substr(api.size());
  }
  return message;
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

std::string QueryWith(FormFields fields, const std::string& name, const std::string& value) {
  std::erase_if(fields, [&name](const auto& field) { return field.first == name; });
  if (!value.empty()) fields.emplace_back(name, value);
  return QueryString(fields);
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
std::string DayString(std::chrono::sys_days day) {
  const std::chrono::year_month_day date(day);
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

std::string TodayUtc() {
  return DayString(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
}

}  // namespace trialfinder
