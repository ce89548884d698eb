// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// What the page handlers share: the visitor, page and message rendering,
// form values, places, and loading the study of a /study/{id} page.
// Private to server/.

#ifndef TRIALFINDER_SERVER_PAGE_SUPPORT_H_
#define TRIALFINDER_SERVER_PAGE_SUPPORT_H_

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/http_message.h"
#include "server/reader_pool.h"
#include "server/study_view.h"
#include "trialfinder/criteria.h"
#include "trialfinder/editorial.h"
#include "trialfinder/study.h"

namespace trialfinder {

using Json = nlohmann::json;
using FormFields = std::vector<std::pair<std::string, std::string>>;

// Who is asking: an editor (with the session's CSRF token) or anyone.
struct Visitor {
  std::optional<EditorSession> session;
  std::string token;
};

// The value of parameter `name`; "" when absent.
std::string Param(const HttpRequest& request, const char* name);

// The pages' security headers: no script, no inline style, no framing, no
// caching.
void SetPageHeaders(HttpResponse& response);
// What a page tells search engines in its <head>.
struct PageHead {
  std::string canonical;    // absolute address of the page's one true form; "" for none
  std::string description;  // <meta name="description">; "" for none
  std::string json_ld;      // JSON-LD, already ScriptSafeJson; "" for none
  bool noindex = false;     // search results: not to be indexed
  std::string feed;         // the page's Atom feed (an address); "" for none
};

// The layout's view: the page title, the editor, if any, and `head`.
Json LayoutView(const std::string& title, const Visitor& visitor, const PageHead& head = {});
void Redirect(HttpResponse& response, const std::string& location);

// Select options with the current value marked; a current value not among
// them is added (labelled by CodeLabel), so the select shows it.
Json Options(const FormFields& values, const std::string& current);
const FormFields& DistanceOptions();
const FormFields& SexOptions();

// `text` with its first letter upper-cased (ASCII only).
std::string Capitalized(std::string text);

// A registry status code as people read it (CodeLabel): "NOT_YET_RECRUITING"
// -> "Not yet recruiting", "ENROLLING_BY_INVITATION" -> "By invitation";
// "" -> "Status not given".
std::string ReadableStatus(const std::string& code);

// Matching's words about "the patient" addressed to the person reading the
// /match page: "not mentioned in the patient's record" -> "you did not
// mention it", "record: X" -> "you said: X". With a `relation` ("son"),
// the patient is that person ("your son has", "you did not mention it for
// your son"). Only the phrases matching writes are reworded.
std::string ToReader(std::string text, std::string_view relation = {});

// A question matching asks ("Have you ever tested positive for HIV?") as
// asked about the person a description is about: "Has your son ever
// tested positive for HIV?". Unchanged when `relation` is empty. Reworded
// by its opening only ("Have/Are/Do you"); the grammar of the rest is not
// checked.
std::string QuestionFor(std::string question, std::string_view relation);

// Replaces every `from` in `text` with `to`, left to right; a replacement
// is not searched again.
void ReplaceEach(std::string& text, std::string_view from, std::string_view to);

// kOpenStatuses as a filter.overallStatus value.
std::string OpenStatusFilter();

// The search form's fields (q, in, status, phase, type, country, sex, age,
// pageToken) as API v2 parameters, so the page, its feed and the API accept
// and reject the same values. Open to enrollment is the default status; the
// place ("near") is added by AddPlaceFilter.
FormFields SearchFormParameters(const HttpRequest& request);
// The form's own fields, for links that keep them (facets, paging, feeds).
FormFields SearchFormFields(const HttpRequest& request);

// A typed place as the pages use it.
struct ResolvedPlace {
  std::optional<Place> place;        // nullopt: nothing typed, or `choices`
  std::vector<std::string> choices;  // several places fit: their labels, to pick from
  std::vector<std::string> others;   // with `place`: other places of that name
};

// What a person typed as "near": coordinates, a US ZIP code, or a city with
// its state or country (places.h); a name the gazetteer lacks is looked up
// among stored sites. An ambiguous name is settled by trial activity only
// when one namesake has ten times the studies within 25 km of any other;
// otherwise `choices`. Error (a message for people): an unknown place.
Result<ResolvedPlace> ResolvePlace(const std::string& text, StudyStore& store, SearchIndex& index);
// Resolves the form's "near" place and adds filter.geo for it within
// `distance_km` to `parameters` when it is one place.
Result<ResolvedPlace> AddPlaceFilter(const HttpRequest& request, const std::string& distance_km,
                                     ReaderPool::Lease& lease, FormFields& parameters);

// An API error about a parameter a page's form filled in, in the form's
// words: "parameter 'filter.age': 'abc' is not an age ..." -> "Age: 'abc'
// is not an age ...". Other messages are returned as they are.
std::string ForPeople(std::string message);

// "Phase 1/Phase 2", for people (the registry page keeps the codes).
std::string ReadablePhases(const Study& study);
// "PHASE1, PHASE2"
std::string JoinedPhases(const Study& study);
// "/?a=1&b=2" from the non-empty pairs.
std::string QueryString(const FormFields& parameters);
// QueryString of `fields` with `name` set to `value`, after the others;
// left out when `value` is empty (a link that keeps the form but one field).
std::string QueryWith(FormFields fields, const std::string& name, const std::string& value);

// Whether the form's csrf field is `expected` (compared in constant time).
bool CsrfMatches(const HttpRequest& request, const std::string& expected);

// A /study/{id} request's study and its criteria (ParseStudyCriteria).
struct LoadedStudy {
  ReaderPool::Lease lease;  // the readers it came from, for more lookups
  Study study;
  ParsedCriteria criteria;
  int record_version = 0;  // StoredStudy::version
};

// "what_it_studies" -> "What it studies".
std::string LabelOf(const std::string& field);

// `day` as YYYY-MM-DD, and today's date in UTC so.
std::string DayString(std::chrono::sys_days day);
std::string TodayUtc();

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_PAGE_SUPPORT_H_
