// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/pages.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>

#include "assets/embedded_assets.h"
#include "server/api.h"
#include "server/page_renderer.h"
#include "server/study_view.h"
#include "text/ascii_case.h"
#include "trialfinder/criteria.h"
#include "trialfinder/editorial.h"
#include "trialfinder/match.h"
#include "trialfinder/patient.h"
#include "trialfinder/plain.h"
#include "trialfinder/search.h"
#include "trialfinder/study_json.h"

namespace trialfinder {
namespace {

using Json = nlohmann::json;

constexpr const char* kSessionCookie = kEditorSessionCookie;
constexpr const char* kLoginCookie = "tf_login";
constexpr std::size_t kMaxFieldCharacters = 4000;
// kOpenStatuses as a filter.overallStatus value.
std::string OpenStatusFilter() {
  std::string joined;
  for (std::string_view status : kOpenStatuses) {
    joined += (joined.empty() ? "" : ",") + std::string(status);
  }
  return joined;
}

// Who is asking: an editor (with the session's CSRF token) or anyone.
struct Visitor {
  std::optional<EditorSession> session;
  std::string token;
};

std::string Param(const HttpRequest& request, const char* name) {
  return request.HasParam(name) ? request.Param(name) : "";
}

// Security headers on every page: no inline script or style, no framing.
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

void SendPage(HttpResponse& response, const std::string& name, const Json& view,
              const std::string& title, const Visitor& visitor, int status = 200) {
  SetPageHeaders(response);
  Result<std::string> html = RenderPage(name, view, LayoutView(title, visitor));
  if (!html.ok()) {
    response.status = 500;
    response.SetContent("internal error: " + EscapeHtml(html.status().message()),
                        "text/plain; charset=utf-8");
    return;
  }
  response.status = status;
  response.SetContent(*html, "text/html; charset=utf-8");
}

void SendMessage(HttpResponse& response, int status, const std::string& heading,
                 const std::string& message, const Visitor& visitor = {}) {
  SendPage(response, "message", Json{{"heading", heading}, {"message", message}}, heading, visitor,
           status);
}

void Redirect(HttpResponse& response, const std::string& location) {
  response.status = 303;
  response.SetHeader("Location", location);
}

// Select options with the current value marked.
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

// "42.36,-71.06" or a city name that stored sites use ("Boston").
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

// Resolves the form's "near" place and adds filter.geo for it within
// `distance_km` to `parameters`; nullopt (and no filter) without a place.
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

// "PHASE1, PHASE2"
std::string JoinedPhases(const trialfinder::Study& study) {
  std::string phases;
  for (const std::string& phase : study.protocol.design.phases)
    phases += (phases.empty() ? "" : ", ") + phase;
  return phases;
}

std::string QueryString(const std::vector<std::pair<std::string, std::string>>& parameters) {
  std::string query;
  for (const auto& [name, value] : parameters) {
    if (value.empty()) continue;
    query += (query.empty() ? "?" : "&") + name + "=" + EncodeQueryValue(value);
  }
  return "/" + query;
}

Json FacetView(const Facet& facet, const std::vector<std::pair<std::string, std::string>>& base) {
  static const std::map<std::string, std::pair<std::string, std::string>> kFacets = {
      {"overallStatus", {"Status", "status"}},
      {"phase", {"Phase", "phase"}},
      {"studyType", {"Study type", "type"}},
      {"country", {"Country", "country"}}};
  auto known = kFacets.find(facet.name);
  if (known == kFacets.end()) return nullptr;
  Json values = Json::array();
  for (std::size_t i = 0; i < facet.values.size() && i < 8; ++i) {
    std::vector<std::pair<std::string, std::string>> parameters;
    for (const auto& pair : base) {
      if (pair.first != known->second.second) parameters.push_back(pair);
    }
    parameters.emplace_back(known->second.second, facet.values[i].value);
    values.push_back({{"value", facet.values[i].value},
                      {"count", facet.values[i].count},
                      {"href", QueryString(parameters)}});
  }
  return {{"label", known->second.first}, {"values", values}};
}

// Up to three sites, nearest first when a place is given.
std::string SitesLine(const trialfinder::Study& study, const std::optional<Place>& origin) {
  std::vector<std::pair<double, std::string>> sites;
  for (const Location& location : study.protocol.contacts_locations.locations) {
    std::string place =
        location.city.empty() ? location.country : location.city + ", " + location.country;
    double km = 1e12;
    if (origin && location.geo_point.lat && location.geo_point.lon) {
      km = DistanceKm(origin->latitude, origin->longitude, *location.geo_point.lat,
                      *location.geo_point.lon);
      char distance[32];
      std::snprintf(distance, sizeof distance, " (%.0f km)", km);
      place += distance;
    }
    sites.emplace_back(km, place);
  }
  if (sites.empty()) return "";
  std::stable_sort(sites.begin(), sites.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string line = sites.size() == 1 ? "1 site: " : std::to_string(sites.size()) + " sites: ";
  for (std::size_t i = 0; i < sites.size() && i < 3; ++i) line += (i ? "; " : "") + sites[i].second;
  return line + (sites.size() > 3 ? "; ..." : "");
}

// The search form's fields as API v2 parameters, so the page and the API
// accept and reject the same values. Recruiting is the default status.
std::vector<std::pair<std::string, std::string>> SearchFormParameters(const HttpRequest& request) {
  std::vector<std::pair<std::string, std::string>> parameters;
  auto add = [&parameters](const std::string& name, const std::string& value) {
    if (!value.empty()) parameters.emplace_back(name, value);
  };
  add("query.term", Param(request, "q"));
  const std::string status = request.HasParam("status") ? Param(request, "status") : "OPEN";
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

// The form's own fields, for links that keep them (facets, paging).
std::vector<std::pair<std::string, std::string>> SearchFormFields(const HttpRequest& request) {
  std::vector<std::pair<std::string, std::string>> fields;
  for (const char* name :
       {"q", "near", "distance", "age", "sex", "status", "phase", "type", "country"}) {
    if (request.HasParam(name)) fields.emplace_back(name, Param(request, name));
  }
  return fields;
}

Json StatusOptions(const std::string& current) {
  return Options({{"OPEN", "Open to enrollment"},
                  {"RECRUITING", "Recruiting"},
                  {"NOT_YET_RECRUITING", "Not yet recruiting"},
                  {"ENROLLING_BY_INVITATION", "Enrolling by invitation"},
                  {"ACTIVE_NOT_RECRUITING", "Active, not recruiting"},
                  {"COMPLETED", "Completed"},
                  {"ANY", "Any status"}},
                 current);
}

Json PhaseOptions(const std::string& current) {
  return Options({{"", "Any phase"},
                  {"EARLY_PHASE1", "Early phase 1"},
                  {"PHASE1", "Phase 1"},
                  {"PHASE2", "Phase 2"},
                  {"PHASE3", "Phase 3"},
                  {"PHASE4", "Phase 4"}},
                 current);
}

}  // namespace

void WriteErrorPage(HttpResponse& response, int status, const std::string& message) {
  const char* heading = status == 404   ? "Page not found"
                        : status == 413 ? "Too much to send"
                        : status == 503 ? "Not available right now"
                        : status >= 500 ? "Something went wrong"
                                        : "That did not work";
  SendMessage(response, status, heading, message);
}

namespace {

// The editor behind the request's session cookie, if any.
Visitor Identify(const HttpRequest& request, const std::filesystem::path& directory) {
  Visitor visitor;
  visitor.token = CookieNamed(request, kSessionCookie);
  if (visitor.token.empty()) return visitor;
  Result<std::unique_ptr<EditorialStore>> editorial = EditorialStore::Open(directory);
  if (!editorial.ok()) return visitor;
  Result<std::optional<EditorSession>> session = (*editorial)->FindSession(visitor.token);
  if (session.ok()) visitor.session = *session;
  return visitor;
}

bool CsrfMatches(const HttpRequest& request, const std::string& expected) {
  return TokensEqual(Param(request, "csrf"), expected);
}

struct LoadedStudy {
  ReaderPool::Lease lease;  // the readers it came from, for more lookups
  trialfinder::Study study;
  ParsedCriteria criteria;
  int record_version = 0;  // StoredStudy::version
};

// The study of a /study/{id} request and its parsed criteria, or nullopt
// after an error page was sent.
std::optional<LoadedStudy> LoadStudy(const HttpRequest& request, HttpResponse& response,
                                     ReaderPool& pool, const Visitor& visitor) {
  const std::string nct_id = NormalizeNctId(request.PathGroup(1));
  if (nct_id.empty()) {
    SendMessage(response, 400, "Not a trial ID",
                "'" + request.PathGroup(1) + "' is not an NCT ID (NCT followed by 8 digits).",
                visitor);
    return std::nullopt;
  }
  Result<ReaderPool::Lease> lease = pool.Acquire();
  if (!lease.ok()) {
    SendMessage(response, 503, "Not available", lease.status().message(), visitor);
    return std::nullopt;
  }
  StoredStudy stored;
  Result<std::optional<trialfinder::Study>> study = lease->store().GetStudy(nct_id, &stored);
  if (!study.ok()) {
    SendMessage(response, 500, "Something went wrong", study.status().message(), visitor);
    return std::nullopt;
  }
  if (!study->has_value()) {
    SendMessage(response, 404, "Trial not found",
                "There is no trial " + nct_id + " in this database.", visitor);
    return std::nullopt;
  }
  ParsedCriteria criteria = ParseStudyCriteria(**study, lease->lexicon());
  return LoadedStudy{std::move(lease).value(), std::move(**study), std::move(criteria),
                     stored.version};
}

std::string LabelOf(const std::string& field) {
  std::string label = field;
  std::replace(label.begin(), label.end(), '_', ' ');
  label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
  return label;
}

}  // namespace

void PageHandlers::Search(const HttpRequest& request, HttpResponse& response) {
  const Visitor visitor = Identify(request, database_directory_);
  const std::string status = request.HasParam("status") ? Param(request, "status") : "OPEN";
  const std::string distance = request.HasParam("distance") ? Param(request, "distance") : "100";
  Json view = {{"q", Param(request, "q")},
               {"near", Param(request, "near")},
               {"age", Param(request, "age")},
               {"distances", Options(DistanceOptions(), distance)},
               {"sexes", Options(SexOptions(), Param(request, "sex"))},
               {"statuses", StatusOptions(status)},
               {"phases", PhaseOptions(Param(request, "phase"))}};
  const bool searched = !request.params.empty();
  if (!searched) return SendPage(response, "search", view, "Find a clinical trial", visitor);

  Result<ReaderPool::Lease> lease = pool_.Acquire();
  if (!lease.ok())
    return SendMessage(response, 503, "Not available", lease.status().message(), visitor);
  std::vector<std::pair<std::string, std::string>> parameters = SearchFormParameters(request);
  Result<std::optional<Place>> place = AddPlaceFilter(request, distance, *lease, parameters);
  if (!place.ok()) {
    view["error"] = place.status().message();
    return SendPage(response, "search", view, "Find a clinical trial", visitor, 400);
  }
  Result<SearchQuery> query = ParseSearchParameters(parameters);
  if (!query.ok()) {
    view["error"] = query.status().message();
    return SendPage(response, "search", view, "Find a clinical trial", visitor, 400);
  }
  Result<SearchResult> result = lease->index().Search(*query);
  if (!result.ok()) {
    view["error"] = result.status().message();
    return SendPage(response, "search", view, "Find a clinical trial", visitor,
                    HttpStatusFor(result.status()));
  }
  Json hits = Json::array();
  for (const SearchHit& hit : result->hits) {
    Result<std::optional<trialfinder::Study>> study = lease->store().GetStudy(hit.nct_id);
    if (!study.ok() || !study->has_value()) continue;
    const ProtocolSection& p = (*study)->protocol;
    std::string conditions;
    for (const std::string& c : p.conditions.conditions)
      conditions += (conditions.empty() ? "" : " · ") + c;
    hits.push_back({{"nct_id", hit.nct_id},
                    {"title", p.identification.brief_title},
                    {"status", p.status.overall_status},
                    {"status_class", AsciiLowercase(p.status.overall_status)},
                    {"phase", JoinedPhases(**study)},
                    {"conditions", conditions},
                    {"sites", SitesLine(**study, *place)}});
  }
  const std::vector<std::pair<std::string, std::string>> fields = SearchFormFields(request);
  Json facets = Json::array();
  for (const Facet& facet : result->facets) {
    Json facet_view = FacetView(facet, fields);
    if (!facet_view.is_null() && !facet_view["values"].empty()) facets.push_back(facet_view);
  }
  view["searched"] = true;
  view["hits"] = hits;
  view["facets"] = facets;
  view["total_text"] =
      std::to_string(result->total) + (result->total == 1 ? " trial found" : " trials found");
  if (!result->next_page_token.empty()) {
    std::vector<std::pair<std::string, std::string>> next = fields;
    next.emplace_back("pageToken", result->next_page_token);
    view["next_href"] = QueryString(next);
  }
  if (request.HasParam("pageToken")) view["first_href"] = QueryString(fields);
  SendPage(response, "search", view,
           Param(request, "q").empty() ? "Search results" : Param(request, "q"), visitor);
}

void PageHandlers::Study(const HttpRequest& request, HttpResponse& response) {
  const Visitor visitor = Identify(request, database_directory_);
  std::optional<LoadedStudy> loaded = LoadStudy(request, response, pool_, visitor);
  if (!loaded) return;
  std::optional<Place> origin;
  if (request.HasParam("near")) {
    Result<std::optional<Place>> place =
        ResolvePlace(Param(request, "near"), loaded->lease.store(), loaded->lease.index());
    if (place.ok()) origin = *place;
  }
  std::vector<RelatedTrial> related;
  Result<std::vector<SearchHit>> similar = loaded->lease.index().Related(loaded->study.nct_id(), 5);
  if (similar.ok()) {
    for (const SearchHit& hit : *similar) {
      Result<std::optional<trialfinder::Study>> other = loaded->lease.store().GetStudy(hit.nct_id);
      if (!other.ok() || !other->has_value()) continue;
      related.push_back({hit.nct_id, (*other)->protocol.identification.brief_title,
                         (*other)->protocol.status.overall_status, JoinedPhases(**other)});
    }
  }
  const Json view = StudyPageView(loaded->study, loaded->criteria, related, origin);
  SendPage(response, "study", view, loaded->study.protocol.identification.brief_title, visitor);
}

void PageHandlers::Plain(const HttpRequest& request, HttpResponse& response) {
  const Visitor visitor = Identify(request, database_directory_);
  std::optional<LoadedStudy> loaded = LoadStudy(request, response, pool_, visitor);
  if (!loaded) return;
  PlainPage page = BuildPlainPage(loaded->study, loaded->criteria, LayTerms::Builtin());
  Result<std::unique_ptr<EditorialStore>> editorial = EditorialStore::Open(database_directory_);
  if (!editorial.ok())
    return SendMessage(response, 500, "Something went wrong", editorial.status().message(),
                       visitor);
  Result<std::map<std::string, FieldOverride>> overrides = (*editorial)->Overrides(page.nct_id);
  Result<std::optional<PageReview>> review = (*editorial)->LastReview(page.nct_id);
  if (!overrides.ok() || !review.ok()) {
    return SendMessage(response, 500, "Something went wrong", "cannot read the editorial tables",
                       visitor);
  }
  // Overrides made on an earlier version of the record are held back: the
  // registry's new text shows until an editor reviews the page again.
  const int version = loaded->record_version;
  for (const auto& [field, value] : *overrides) {
    if (value.record_version == version) page.SetField(field, value.value);
  }
  const std::string updated = loaded->study.protocol.status.last_update_post_date.date;

  Json view = {{"nct_id", page.nct_id},
               {"title", page.title},
               {"official_title", page.official_title},
               {"byline", page.byline},
               {"summary", page.summary},
               {"what_it_studies", page.what_it_studies},
               {"from_study_team", page.from_study_team},
               {"good_fit", page.good_fit},
               {"not_a_fit", page.not_a_fit},
               {"potential_benefit", page.potential_benefit},
               {"what_to_expect", page.what_to_expect},
               {"treatments", page.treatments},
               {"has_treatments", !page.treatments.empty()},
               {"places", page.places},
               {"has_places", !page.places.empty()},
               {"contacts", page.contacts},
               {"has_contacts", !page.contacts.empty()},
               {"how_to_participate", page.how_to_participate},
               {"conditions", page.conditions},
               {"eligibility_criteria", page.eligibility_criteria}};
  Json facts = Json::array();
  for (const QuickFact& fact : page.quick_facts)
    facts.push_back({{"label", fact.label}, {"value", fact.value}});
  view["quick_facts"] = facts;
  if (*review && (*review)->record_version == version) {
    view["review"] = {{"date", (*review)->reviewed_at.substr(0, 10)},
                      {"editor", (*review)->editor}};
  } else if (*review) {
    view["review_stale"] = {
        {"date", (*review)->reviewed_at.substr(0, 10)},
        {"editor", (*review)->editor},
        {"updated", updated.empty() ? std::string("since then") : "on " + updated}};
  }
  if (visitor.session) {
    Json fields = Json::array();
    for (const std::string& name : PlainPage::EditableFields()) {
      Json field = {{"name", name}, {"label", LabelOf(name)}, {"value", *page.Field(name)}};
      auto overridden = overrides->find(name);
      if (overridden != overrides->end() && overridden->second.record_version == version) {
        field["overridden"] = {{"by", overridden->second.editor},
                               {"at", overridden->second.updated_at}};
      } else if (overridden != overrides->end()) {
        field["stale"] = {{"by", overridden->second.editor},
                          {"at", overridden->second.updated_at},
                          {"value", overridden->second.value}};
      }
      fields.push_back(field);
    }
    view["editor"] = {{"csrf", visitor.session->csrf_token}, {"fields", fields}};
  }
  SendPage(response, "plain", view, page.title, visitor);
}

void PageHandlers::EditPlain(const HttpRequest& request, HttpResponse& response) {
  const Visitor visitor = Identify(request, database_directory_);
  if (!visitor.session) {
    return SendMessage(response, 403, "Editors only",
                       "Only logged-in editors can change pages. Log in first.");
  }
  if (!CsrfMatches(request, visitor.session->csrf_token)) {
    return SendMessage(response, 403, "Form expired",
                       "The form was not sent from this session. Reload the page "
                       "and try again.",
                       visitor);
  }
  std::optional<LoadedStudy> loaded = LoadStudy(request, response, pool_, visitor);
  if (!loaded) return;
  const PlainPage generated = BuildPlainPage(loaded->study, loaded->criteria, LayTerms::Builtin());
  Result<std::unique_ptr<EditorialStore>> editorial = EditorialStore::Open(database_directory_);
  if (!editorial.ok())
    return SendMessage(response, 500, "Something went wrong", editorial.status().message(),
                       visitor);
  Result<std::map<std::string, FieldOverride>> overrides =
      (*editorial)->Overrides(generated.nct_id);
  if (!overrides.ok())
    return SendMessage(response, 500, "Something went wrong", overrides.status().message(),
                       visitor);
  for (const std::string& name : PlainPage::EditableFields()) {
    if (!request.HasParam(name.c_str())) continue;
    std::string value = Param(request, name.c_str());
    // Characters, not bytes: "é" is one character and two bytes.
    const auto characters =
        static_cast<std::size_t>(std::count_if(value.begin(), value.end(), [](char c) {
          return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        }));
    if (characters > kMaxFieldCharacters) {
      return SendMessage(response, 400, "Too long",
                         LabelOf(name) + ": at most " + std::to_string(kMaxFieldCharacters) +
                             " characters, not " + std::to_string(characters) + ".",
                         visitor);
    }
    value.erase(std::remove(value.begin(), value.end(), '\r'), value.end());
    // Back to the generated text (or cleared): no override.
    if (value == *generated.Field(name)) value.clear();
    auto current = overrides->find(name);
    const std::string stored = current == overrides->end() ? "" : current->second.value;
    // Unchanged, unless it was held back as stale: saving it again confirms
    // it for the record as it is now.
    const bool current_version =
        current == overrides->end() || current->second.record_version == loaded->record_version;
    if (value == stored && current_version) continue;
    Status saved = (*editorial)
                       ->SetOverride(generated.nct_id, name, value, visitor.session->editor,
                                     loaded->record_version);
    if (!saved.ok()) return SendMessage(response, 500, "Not saved", saved.message(), visitor);
  }
  if (Param(request, "reviewed") == "1") {
    Status marked =
        (*editorial)
            ->MarkReviewed(generated.nct_id, visitor.session->editor, loaded->record_version);
    if (!marked.ok()) return SendMessage(response, 500, "Not saved", marked.message(), visitor);
  }
  Redirect(response, "/study/" + generated.nct_id + "/plain");
}

void PageHandlers::LoginForm(const HttpRequest& request, HttpResponse& response) {
  const Visitor visitor = Identify(request, database_directory_);
  const std::string token = login_tokens_.Issue();
  response.SetHeader("Set-Cookie",
                     SessionCookie(kLoginCookie, token, 3600, options_.secure_cookies));
  SendPage(response, "login", Json{{"csrf", token}}, "Editor login", visitor);
}

void PageHandlers::Login(const HttpRequest& request, HttpResponse& response) {
  const std::string client = ClientAddress(request, options_.trusted_proxies);
  auto fail = [&](int status, const std::string& message) {
    const std::string token = login_tokens_.Issue();
    response.SetHeader("Set-Cookie",
                       SessionCookie(kLoginCookie, token, 3600, options_.secure_cookies));
    SendPage(response, "login", Json{{"csrf", token}, {"error", message}}, "Editor login",
             Visitor{}, status);
  };
  // The form's token must be one this server issued, and the same as the
  // cookie it set with it.
  const std::string cookie = CookieNamed(request, kLoginCookie);
  if (!login_tokens_.Valid(cookie) || !CsrfMatches(request, cookie)) {
    return fail(403, "The form expired. Please try again.");
  }
  std::optional<PasswordCheckSlots::Slot> slot = password_checks_.TryAcquire();
  if (!slot) {
    response.SetHeader("Retry-After", "2");
    return fail(503, "Many people are logging in right now. Please try again in a moment.");
  }
  if (!throttle_.TryStart(client)) {
    return fail(429, "Too many failed logins from your address. Wait 15 minutes and try again.");
  }
  bool failed = true;
  struct Attempt {  // ends the throttle's attempt however this returns
    LoginThrottle& throttle;
    const std::string& client;
    const bool& failed;
    ~Attempt() { throttle.Finish(client, failed); }
  } attempt{throttle_, client, failed};
  Result<std::unique_ptr<EditorialStore>> editorial = EditorialStore::Open(database_directory_);
  if (!editorial.ok()) return fail(500, "Login is not available right now.");
  const std::string name = Param(request, "name");
  Result<bool> valid = (*editorial)->CheckPassword(name, Param(request, "password"));
  if (!valid.ok()) return fail(500, "Login is not available right now.");
  if (!*valid) return fail(401, "Name or password is wrong.");
  failed = false;
  Result<std::string> token = (*editorial)->StartSession(name);
  if (!token.ok()) return fail(500, "Login is not available right now.");
  response.SetHeader("Set-Cookie",
                     SessionCookie(kSessionCookie, *token, 8 * 3600, options_.secure_cookies));
  Redirect(response, "/");
}

// Ends the session of the cookie, whether or not the form carries its CSRF
// token: a logout that only cleared the cookie left the session valid for
// its 8 hours to whoever had copied the cookie. (Forcing a logout from
// another site does little harm, and SameSite=Strict cookies do not go
// with such a post anyway.)
void PageHandlers::Logout(const HttpRequest& request, HttpResponse& response) {
  const std::string token = CookieNamed(request, kSessionCookie);
  if (!token.empty()) {
    Result<std::unique_ptr<EditorialStore>> editorial = EditorialStore::Open(database_directory_);
    if (!editorial.ok() || !(*editorial)->EndSession(token).ok()) {
      return SendMessage(response, 500, "Not logged out",
                         "The session could not be ended. Please try again.");
    }
  }
  response.SetHeader("Set-Cookie", SessionCookie(kSessionCookie, "", 0, options_.secure_cookies));
  Redirect(response, "/");
}

void PageHandlers::Match(const HttpRequest& request, HttpResponse& response) {
  const Visitor visitor = Identify(request, database_directory_);
  const std::string distance = request.HasParam("distance") ? Param(request, "distance") : "2000";
  std::vector<std::string> answers;
  for (std::string& answer : request.ParamValues("answer")) {
    if (answers.size() == 20) break;
    answers.push_back(std::move(answer));
  }
  Json view = {{"age", Param(request, "age")},
               {"conditions", Param(request, "conditions")},
               {"description", Param(request, "description")},
               {"near", Param(request, "near")},
               {"sexes", Options(SexOptions(), Param(request, "sex"))},
               {"distances", Options(DistanceOptions(), distance)},
               {"answers", answers}};
  const std::string title = "Which trials could I join?";
  if (request.method != "POST") return SendPage(response, "match", view, title, visitor);
  auto fail = [&](const std::string& message) {
    view["error"] = message;
    SendPage(response, "match", view, title, visitor, 400);
  };
  // The form becomes the patient JSON of POST /api/v2/match, read the same way.
  Json patient_json = Json::object();
  const std::string age = Param(request, "age");
  if (!age.empty()) {
    if (age.size() > 3 || !std::all_of(age.begin(), age.end(), ::isdigit))
      return fail("Age: give whole years, like 45.");
    patient_json["age"] = std::stoi(age);
  }
  if (!Param(request, "sex").empty()) patient_json["sex"] = Param(request, "sex");
  Json conditions = Json::array();
  std::string names = Param(request, "conditions");
  for (std::size_t at = 0; at <= names.size();) {
    const std::size_t comma = std::min(names.find(',', at), names.size());
    std::string name = names.substr(at, comma - at);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    if (!name.empty()) conditions.push_back({{"name", name}});
    at = comma + 1;
  }
  if (!conditions.empty()) patient_json["conditions"] = conditions;
  if (!Param(request, "description").empty())
    patient_json["description"] = Param(request, "description");
  if (conditions.empty() && !patient_json.contains("description")) {
    return fail("Tell us at least one condition, or describe your situation.");
  }
  Result<ReaderPool::Lease> lease = pool_.Acquire();
  if (!lease.ok())
    return SendMessage(response, 503, "Not available", lease.status().message(), visitor);
  const CriteriaLexicon& lexicon = lease->lexicon();
  // Form bytes that are not UTF-8 become U+FFFD rather than an error.
  const std::string patient_text =
      patient_json.dump(-1, ' ', false, Json::error_handler_t::replace);
  Result<Patient> patient = ParsePatientJson(patient_text, CaseReader(lexicon));
  if (!patient.ok()) return fail(patient.status().message());
  for (const std::string& answer : answers) {
    const std::size_t equals = answer.rfind('=');
    const std::string value = equals == std::string::npos ? "" : answer.substr(equals + 1);
    if (value != "yes" && value != "no")
      return fail("Answer '" + answer + "': expected KEY=yes or KEY=no.");
    Status applied = ApplyAnswer(answer.substr(0, equals), value == "yes", *patient);
    if (!applied.ok()) return fail(applied.message());
  }
  std::vector<std::pair<std::string, std::string>> filters = {
      {"filter.overallStatus", OpenStatusFilter()}};
  Result<std::optional<Place>> place = AddPlaceFilter(request, distance, *lease, filters);
  if (!place.ok()) return fail(place.status().message());
  Result<SearchQuery> query = ParseSearchParameters(filters);
  if (!query.ok()) return fail(query.status().message());
  MatchOptions options;
  options.filters = *query;
  options.limit = 20;
  Matcher matcher(lease->store(), lease->index(), lexicon);
  Result<MatchResult> result = matcher.Match(*patient, options);
  if (!result.ok()) return fail(result.status().message());

  Json trials = Json::array();
  for (const TrialMatch& trial : result->trials) {
    Json criteria = Json::array();
    for (const CriterionVerdict& verdict : trial.criteria) {
      std::string verdict_class = VerdictName(verdict.verdict);
      std::replace(verdict_class.begin(), verdict_class.end(), ' ', '-');
      criteria.push_back({{"text", verdict.text},
                          {"verdict", VerdictName(verdict.verdict)},
                          {"verdict_class", verdict_class},
                          {"assumed", verdict.assumed},
                          {"evidence", verdict.evidence}});
    }
    std::string status_class = EligibilityStatusName(trial.status);
    std::replace(status_class.begin(), status_class.end(), ' ', '-');
    Json item = {{"nct_id", trial.nct_id},
                 {"title", trial.title},
                 {"overall_status", trial.overall_status},
                 {"status", EligibilityStatusName(trial.status)},
                 {"status_class", status_class},
                 {"cohort", trial.cohort},
                 {"met", trial.met},
                 {"not_met", trial.not_met},
                 {"unknown", trial.unknown},
                 {"criteria", criteria}};
    if (trial.distance_km)
      item["distance"] = std::to_string(static_cast<int>(*trial.distance_km)) + " km";
    trials.push_back(item);
  }
  view["matched"] = true;
  view["trials"] = trials;
  view["summary"] = std::to_string(result->trials.size()) + " trials could fit, best first (" +
                    std::to_string(result->candidates_judged) + " checked).";
  if (result->next_question) {
    Json carry = Json::array();
    for (const char* name : {"age", "sex", "conditions", "description", "near", "distance"}) {
      if (request.HasParam(name))
        carry.push_back({{"name", name}, {"value", Param(request, name)}});
    }
    for (const std::string& answer : answers)
      carry.push_back({{"name", "answer"}, {"value", answer}});
    view["question"] = {{"key", result->next_question->key},
                        {"text", result->next_question->text},
                        {"carry", carry}};
  }
  SendPage(response, "match", view, title, visitor);
}

void PageHandlers::StyleSheet(const HttpRequest& /*request*/, HttpResponse& response) {
  response.SetHeader("Cache-Control", "public, max-age=3600");
  response.SetHeader("X-Content-Type-Options", "nosniff");
  response.SetContent(std::string(EmbeddedAsset("style.css")), "text/css; charset=utf-8");
}

}  // namespace trialfinder
