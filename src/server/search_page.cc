// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// GET /: the search page.

#include "server/pages.h"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <optional>

#include "server/api.h"
#include "server/page_support.h"
#include "text/ascii_case.h"
#include "trialfinder/plain.h"
#include "trialfinder/search.h"
#include "trialfinder/study_json.h"

namespace trialfinder {
namespace {

// A facet group: its most frequent values as links that narrow the search;
// the value chosen (the form field equals it) first, marked active, its
// link removing it.
Json FacetView(const Facet& facet, const std::vector<std::pair<std::string, std::string>>& base) {
  static const std::map<std::string, std::pair<std::string, std::string>> kFacets = {
      {"overallStatus", {"Status", "status"}},
      {"phase", {"Phase", "phase"}},
      {"studyType", {"Study type", "type"}},
      {"country", {"Country", "country"}}};
  auto known = kFacets.find(facet.name);
  if (known == kFacets.end()) return nullptr;
  const std::string& field = known->second.second;
  std::string chosen;
  for (const auto& [name, value] : base) {
    if (name == field) chosen = value;
  }
  // The chosen value first, then the largest counts: the country a person
  // is in should not be cut off by the alphabet.
  std::vector<FacetValue> ordered = facet.values;
  std::stable_sort(ordered.begin(), ordered.end(), [&](const FacetValue& a, const FacetValue& b) {
    if ((a.value == chosen) != (b.value == chosen)) return a.value == chosen;
    return a.count > b.count;
  });
  Json values = Json::array();
  Json more = Json::array();  // past the first 8, behind "More" (a trial in 36 countries)
  for (std::size_t i = 0; i < ordered.size() && i < 60; ++i) {
    // Codes in words; the link keeps the code.
    const bool coded = facet.name != "country";
    const std::string label = coded ? CodeLabel(ordered[i].value) : ordered[i].value;
    const bool active = ordered[i].value == chosen;
    (i < 8 ? values : more)
        .push_back({{"value", label},
                    {"count", ordered[i].count},
                    {"active", active},
                    {"href", active ? QueryWith(base, field, "")
                                    : QueryWith(base, field, ordered[i].value)}});
  }
  return {{"label", known->second.first},
          {"values", values},
          {"more", more},
          {"more_count", more.size()},
          {"has_more", !more.empty()}};
}

// Up to three sites, nearest first when a place is given.
// `approximate` is set when a distance is shown (all are: sites are placed
// at their city or ZIP code).
std::string SitesLine(const trialfinder::Study& study, const std::optional<Place>& origin,
                      bool* approximate) {
  std::vector<std::pair<double, std::string>> sites;
  for (const Location& location : study.protocol.contacts_locations.locations) {
    // "Stanford University (Stanford, United States)": the site, not only
    // its city ("Boston; Boston" said little).
    std::string where =
        location.city.empty() ? location.country : location.city + ", " + location.country;
    std::string place = location.facility.empty() ? where : location.facility + " (" + where + ")";
    double km = 1e12;
    if (origin) {
      if (std::optional<SiteDistanceText> distance = DistanceToSite(*origin, location)) {
        km = distance->km;
        place += ": " + distance->text;
        *approximate = true;
      }
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

void PageHandlers::Search(const HttpRequest& request, HttpResponse& response) {
  // A trial's ID typed in the box ("NCT05843643", " nct05843643 ") opens
  // its page: the box searches what trials are about, and an ID is none of
  // that (user test: "0 trials found").
  std::string id = AsciiUppercase(Param(request, "q"));
  std::erase_if(id, [](char c) { return c == ' ' || c == '\t'; });
  if (id.size() == 11 && IsValidNctId(id)) {
    return Redirect(response, "/study/" + id);
  }
  const Visitor visitor = Identify(request);
  const std::string status = request.HasParam("status") ? Param(request, "status") : "OPEN";
  const std::string distance = request.HasParam("distance") ? Param(request, "distance") : "100";
  Json view = {{"q", Param(request, "q")},
               {"near", Param(request, "near")},
               {"age", Param(request, "age")},
               {"distances", Options(DistanceOptions(), distance)},
               {"sexes", Options(SexOptions(), Param(request, "sex"))},
               {"statuses", StatusOptions(status)},
               {"phases", PhaseOptions(Param(request, "phase"))}};
  // Fields the form has no control for, kept when Search is pressed.
  Json hidden = Json::array();
  for (const char* name : {"in", "type", "country"}) {
    if (!Param(request, name).empty())
      hidden.push_back({{"name", name}, {"value", Param(request, name)}});
  }
  view["hidden"] = hidden;
  const bool searched = !request.params.empty();
  if (!searched) {
    return SendPage(response, "search", view, "Find a clinical trial", visitor, 200,
                    PageHead{public_url_ + "/",
                             "Find clinical trials you could join: search ClinicalTrials.gov "
                             "studies by condition and place, read them in plain language, and "
                             "check which ones fit you.",
                             "", false, ""});
  }

  Result<ReaderPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return SendUnavailable(response, visitor);
  std::vector<std::pair<std::string, std::string>> parameters = SearchFormParameters(request);
  Result<ResolvedPlace> place = AddPlaceFilter(request, distance, *lease, parameters);
  if (!place.ok()) {
    view["error"] = place.status().message();
    return SendPage(response, "search", view, "Find a clinical trial", visitor, 400);
  }
  const std::vector<std::pair<std::string, std::string>> form = SearchFormFields(request);
  // Links that search again near another place of the same name.
  auto place_links = [&](const std::vector<std::string>& labels) {
    Json links = Json::array();
    for (const std::string& label : labels)
      links.push_back(
          {{"label", label}, {"href", QueryWith(form, "near", label)}, {"last", false}});
    if (!links.empty()) links.back()["last"] = true;
    return links;
  };
  if (!place->choices.empty()) {
    view["place_choices"] = place_links(place->choices);
    view["place_typed"] = Param(request, "near");
    return SendPage(response, "search", view, "Find a clinical trial", visitor);
  }
  if (place->place) {
    view["place_label"] = place->place->label;
    if (!place->others.empty()) {
      view["has_place_others"] = true;
      view["place_others"] = place_links(place->others);
    }
  }
  // A place without words: nearest first, as nothing else ranks them
  // (user test: a site 82 km away above one 3.9 km away).
  const bool words = std::any_of(parameters.begin(), parameters.end(), [](const auto& p) {
    return p.first.rfind("query.", 0) == 0 && !p.second.empty();
  });
  if (place->place && !words) parameters.emplace_back("sort", "distance");
  Result<SearchQuery> query = ParseSearchParameters(parameters);
  if (!query.ok()) {
    view["error"] = ForPeople(query.status().message());
    return SendPage(response, "search", view, "Find a clinical trial", visitor, 400);
  }
  Result<SearchResult> result = lease->index().Search(*query);
  if (!result.ok()) {
    view["error"] = ForPeople(result.status().message());
    return SendPage(response, "search", view, "Find a clinical trial", visitor,
                    HttpStatusFor(result.status()));
  }
  Json hits = Json::array();
  bool approximate = false;
  // Trial pages opened from a search near a place show distances from it.
  const std::string place_query =
      place->place ? "?near=" + EncodeQueryValue(place->place->label) : "";
  const std::string today = TodayUtc();
  for (const SearchHit& hit : result->hits) {
    Result<std::optional<trialfinder::Study>> study = lease->store().GetStudy(hit.nct_id);
    if (!study.ok() || !study->has_value()) continue;
    const ProtocolSection& p = (*study)->protocol;
    std::string conditions = fmt::format("{}", fmt::join(p.conditions.conditions, " · "));
    hits.push_back({{"nct_id", hit.nct_id},
                    {"place_query", place_query},
                    {"title", p.identification.brief_title},
                    {"status", ReadableStatus(p.status.overall_status)},
                    {"status_class", AsciiLowercase(p.status.overall_status)},
                    {"phase", ReadablePhases(**study)},
                    {"conditions", conditions},
                    {"sites", SitesLine(**study, place->place, &approximate)},
                    // An open status past the study's planned end (user
                    // test: "Not yet recruiting" for a study due in 2014).
                    {"stale", StaleStatusNote(**study, today).has_value()}});
  }
  const std::vector<std::pair<std::string, std::string>>& fields = form;
  Json facets = Json::array();
  for (const Facet& facet : result->facets) {
    Json facet_view = FacetView(facet, fields);
    if (!facet_view.is_null() && !facet_view["values"].empty()) facets.push_back(facet_view);
  }
  view["approximate"] = approximate;
  {
    // The same search as an Atom feed (atom_feed.h), without the page.
    std::vector<std::pair<std::string, std::string>> feed = form;
    std::erase_if(feed, [](const auto& p) { return p.first == "pageToken"; });
    view["feed_href"] = "/feeds/search.atom" + QueryString(feed).substr(1);
  }
  view["facets_approximate"] = !result->facets_exact;
  view["searched"] = true;
  view["hits"] = hits;
  view["facets"] = facets;
  // What narrows the search beyond the form's own fields, each removable.
  Json narrowed = Json::array();
  for (const auto& [field, label] :
       {std::pair{"type", "Study type"}, std::pair{"country", "Country"}}) {
    const std::string value = Param(request, field);
    if (value.empty()) continue;
    narrowed.push_back({{"label", std::string(label) + ": " +
                                      (std::string(field) == "country" ? value : CodeLabel(value))},
                        {"href", QueryWith(form, field, "")}});
  }
  view["narrowed"] = narrowed;
  view["has_narrowed"] = !narrowed.empty();
  view["total_text"] =
      std::to_string(result->total) + (result->total == 1 ? " trial found" : " trials found");
  // "21-40 of 108" once there is more than one page.
  const std::size_t shown_from = result->offset + 1;
  const std::size_t shown_to = result->offset + result->hits.size();
  if (!result->hits.empty() &&
      (result->offset > 0 || shown_to < static_cast<std::size_t>(result->total))) {
    view["range_text"] = std::to_string(shown_from) + "\u2013" + std::to_string(shown_to) + " of " +
                         std::to_string(result->total);
  }
  auto page_at = [&](const std::string& token) { return QueryWith(fields, "pageToken", token); };
  if (!result->next_page_token.empty()) view["next_href"] = page_at(result->next_page_token);
  if (result->offset > 0) {
    view["first_href"] = page_at("");
    // The page before: the first page, or a token at its start (a
    // spelling-corrected search offers only the first page).
    if (result->offset <= query->page_size) {
      view["previous_href"] = page_at("");
    } else if (result->corrected_query.empty()) {
      view["previous_href"] = page_at(PageTokenAt(*query, result->offset - query->page_size));
    }
  }
  if (!result->corrected_query.empty()) view["corrected"] = result->corrected_query;
  view["none"] = result->total == 0;
  if (result->total == 0) {
    // A real word the index lacks ("polio") is not searched as its
    // neighbour ("polo"): that is offered.
    if (!result->suggested_query.empty()) {
      view["suggested"] = result->suggested_query;
      view["suggested_href"] = QueryWith(fields, "q", result->suggested_query);
    }
    // The same search, widened: further away, or any status.
    if (place->place && distance != "2000")
      view["wider_href"] = QueryWith(fields, "distance", "2000");
    // Offered only when trials of other statuses match: a link to another
    // empty page helps nobody.
    if (AsciiUppercase(Param(request, "status")) != "ANY") {
      std::vector<std::pair<std::string, std::string>> any_status = parameters;
      std::erase_if(any_status, [](const auto& p) {
        return p.first == "filter.overallStatus" || p.first == "countFacets" ||
               p.first == "pageToken";
      });
      Result<SearchQuery> wider = ParseSearchParameters(any_status);
      Result<SearchResult> closed =
          wider.ok() ? lease->index().Search(*wider) : Result<SearchResult>(wider.status());
      if (closed.ok() && closed->total > 0) {
        view["any_status_href"] = QueryWith(fields, "status", "ANY");
        view["any_status_count"] = std::to_string(closed->total);
      }
    }
  }
  // What was searched for: the corrected words when the spelling was fixed.
  const std::string q =
      result->corrected_query.empty() ? Param(request, "q") : result->corrected_query;
  if (!q.empty() && Param(request, "in") == "all") {
    view["all_text"] = true;
    view["about_href"] = QueryWith(fields, "in", "");
  } else if (!q.empty() && !request.HasParam("pageToken")) {
    // How many more trials only mention the words (in eligibility criteria,
    // summaries, outcomes): offered apart, never mixed into the list.
    std::vector<std::pair<std::string, std::string>> all = parameters;
    for (auto& [name, value] : all) {
      if (name == "query.about") {
        name = "query.term";
        value = q;
      }
      if (name == "pageSize") value = "1";
    }
    std::erase_if(all, [](const auto& p) { return p.first == "countFacets"; });
    Result<SearchQuery> all_query = ParseSearchParameters(all);
    Result<SearchResult> mentions = all_query.ok() ? lease->index().Search(*all_query)
                                                   : Result<SearchResult>(all_query.status());
    if (mentions.ok() && mentions->total > result->total) {
      const std::size_t more = mentions->total - result->total;
      // The words those trials mention: corrected in all text when the box
      // found nothing to correct ("osteoperosis" with no open trial about
      // osteoporosis: the trials mention osteoporosis).
      const std::string mentioned =
          mentions->corrected_query.empty() ? q : mentions->corrected_query;
      std::vector<std::pair<std::string, std::string>> link = fields;
      for (auto& [name, value] : link) {
        if (name == "q") value = mentioned;
      }
      link.emplace_back("in", "all");
      view["more_href"] = QueryString(link);
      view["more_text"] = std::to_string(more) +
                          (more == 1 ? " more trial mentions " : " more trials mention ") +
                          mentioned + " elsewhere, for example in their eligibility criteria";
    }
  }
  // Result pages are endless combinations: not for search engines' indexes.
  SendPage(response, "search", view,
           Param(request, "q").empty() ? "Search results" : Param(request, "q"), visitor, 200,
           PageHead{"", "", "", true, view.value("feed_href", std::string())});
}

}  // namespace trialfinder
