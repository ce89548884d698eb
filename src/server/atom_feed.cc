// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/atom_feed.h"

#include <fmt/format.h>

#include <simdjson.h>
#include <chrono>
#include <ctime>
#include <map>
#include <pugixml.hpp>
#include <set>
#include <sstream>

#include "server/api.h"
#include "server/page_support.h"
#include "server/study_changes.h"
#include "trialfinder/partial_date.h"
#include "trialfinder/search.h"
#include "trialfinder/study_json.h"
#include "trialfinder/version.h"

namespace trialfinder {
namespace {

constexpr const char* kAtomNamespace = "http://www.w3.org/2005/Atom";

// since=YYYY-MM-DD, or the default window; an error naming the parameter.
Result<std::string> ReadSince(const HttpRequest& request) {
  const std::string text = request.Param("since");
  if (text.empty()) {
    const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    return DayString(today - std::chrono::days(kFeedDefaultDays));
  }
  const std::optional<PartialDate> date = PartialDate::Parse(text);
  if (!date || date->precision() != DatePrecision::kDay) {
    return Status::InvalidArgument("parameter 'since': '" + text + "' is not a date (YYYY-MM-DD)");
  }
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  if (std::chrono::sys_days(date->first_day()) > today) {
    return Status::InvalidArgument("parameter 'since': " + text +
                                   " is in the future; nothing can have changed since then");
  }
  return text;
}

std::string NowAtomTime() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// An RFC 3339 date-time from a registry date ("2026-11-30", "2026-11") or,
// without one, a stored UTC time ("2026-11-30T08:00:00Z").
std::string AtomTime(const std::string& date, const std::string& fallback) {
  if (date.size() == 10) return date + "T00:00:00Z";
  if (date.size() == 7) return date + "-01T00:00:00Z";
  return fallback;
}

// XML 1.0 has no place for most control characters: drop them.
// (Text reaching here is valid UTF-8: records were checked when ingested,
// request parameters by CheckParameters.) U+FFFE and U+FFFF go too.
std::string XmlText(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == 0xEF && i + 2 < text.size() && text[i + 1] == '\xBF' &&
        (text[i + 2] == '\xBE' || text[i + 2] == '\xBF')) {
      i += 2;
      continue;
    }
    if (byte >= 0x20 || text[i] == '\n' || text[i] == '\t' || text[i] == '\r') out += text[i];
  }
  return out;
}

// Every parameter once at most with one value, and in UTF-8: the feed
// repeats them in its title and addresses.
Status CheckParameters(const HttpRequest& request) {
  std::map<std::string, std::string> seen;
  for (const auto& [name, value] : request.params) {
    if (!simdjson::validate_utf8(value.data(), value.size()) ||
        !simdjson::validate_utf8(name.data(), name.size())) {
      return Status::InvalidArgument("parameter '" + name + "': not valid UTF-8 text");
    }
    const auto [at, added] = seen.emplace(name, value);
    if (!added && at->second != value && name == "since") {
      return Status::InvalidArgument("parameter 'since' is given twice with different dates");
    }
  }
  return Status::Ok();
}

void AddText(pugi::xml_node parent, const char* name, const std::string& text) {
  parent.append_child(name).text().set(XmlText(text).c_str());
}

void AddLink(pugi::xml_node parent, const char* rel, const char* type, const std::string& href) {
  pugi::xml_node link = parent.append_child("link");
  link.append_attribute("rel") = rel;
  link.append_attribute("type") = type;
  link.append_attribute("href") = XmlText(href).c_str();
}

// The version to compare with: the one a follower saw on `since` (the
// newest kept version last updated before it); else the oldest version
// kept, all of whose successors came after `since` (`exact` false: what
// changed between `since` and it is not known).
struct Earlier {
  std::optional<Study> study;
  bool exact = true;
  std::string date;  // its last update date
};

Earlier VersionBefore(StudyStore& store, const std::string& nct_id, const std::string& since) {
  Result<std::vector<StudyVersion>> versions = store.History(nct_id);
  if (!versions.ok() || versions->empty()) return {};
  const StudyVersion* chosen = nullptr;
  for (auto version = versions->rbegin(); version != versions->rend(); ++version) {
    if (!version->last_update_post_date.empty() && version->last_update_post_date < since) {
      chosen = &*version;
      break;
    }
  }
  const bool exact = chosen != nullptr;
  if (chosen == nullptr) chosen = &versions->front();
  Result<Study> study = ParseStudyJson(chosen->raw_json, StoredRecordLimits());
  if (!study.ok()) return {};
  return {std::move(study).value(), exact, chosen->last_update_post_date};
}

// Removes the status filter from `parameters` (filter. or postFilter.,
// overallStatus or its short name status), as the search parser names it.
void DropStatusFilter(FormFields& parameters) {
  std::erase_if(parameters, [](const auto& p) {
    for (const char* prefix : {"filter.", "postFilter."}) {
      if (p.first.rfind(prefix, 0) == 0) {
        const std::string key = p.first.substr(std::string_view(prefix).size());
        if (key == "overallStatus" || key == "status") return true;
      }
    }
    return false;
  });
}

// What a follower reads about one trial.
std::string EntrySummary(const Study& study, const Earlier& earlier, const std::string& since) {
  const std::optional<Study>& before = earlier.study;
  const StatusModule& status = study.protocol.status;
  const std::string& posted = status.last_update_post_date.date;
  std::string summary;
  if (!status.study_first_post_date.date.empty() && status.study_first_post_date.date >= since) {
    summary = "New trial, first posted " + status.study_first_post_date.date + ".";
  } else if (before) {
    std::vector<std::string> changes = DescribeChanges(*before, study);
    if (changes.empty()) {
      summary = "Updated " + posted +
                ": status, sites, dates, enrollment and eligibility are as they were (other "
                "details were edited).";
    } else {
      summary = "Updated " + posted +
                (earlier.exact
                     ? std::string(":")
                     : " (compared with the version of " +
                           (earlier.date.empty() ? std::string("an earlier date") : earlier.date) +
                           ", the oldest this copy keeps):");
      for (const std::string& change : changes) summary += "\n- " + change;
    }
  } else {
    summary = "Updated " + (posted.empty() ? std::string("recently") : posted) +
              ". What changed is not known: this copy keeps no version from before " + since + ".";
  }
  summary += "\nNow: " + ReadableStatus(status.overall_status) + ".";
  if (!study.protocol.conditions.conditions.empty()) {
    summary +=
        fmt::format(" Conditions: {}.", fmt::join(study.protocol.conditions.conditions, "; "));
  }
  return summary;
}

}  // namespace

void FeedHandlers::SetPublicUrl(std::string url) { public_url_ = std::move(url); }

void FeedHandlers::SearchFeed(const HttpRequest& request, HttpResponse& response) {
  if (Status checked = CheckParameters(request); !checked.ok())
    return SendError(response, 400, checked.message());
  Result<ReaderPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return SendError(response, 503, lease.status().message());
  FeedSpec spec;
  spec.parameters = SearchFormParameters(request);
  const std::string distance = request.HasParam("distance") ? Param(request, "distance") : "100";
  Result<ResolvedPlace> place = AddPlaceFilter(request, distance, *lease, spec.parameters);
  if (!place.ok()) return SendError(response, 400, "Place: " + place.status().message());
  if (!place->choices.empty()) {
    return SendError(
        response, 400,
        fmt::format("Place: several places are called '{}'; add the state or country: {}",
                    Param(request, "near"), fmt::join(place->choices, "; ")));
  }
  const std::string q = Param(request, "q");
  std::string filters;
  auto note = [&filters](const std::string& text) {
    filters += (filters.empty() ? "" : "; ") + text;
  };
  if (place->place) note("within " + distance + " km");
  const std::string status = request.HasParam("status") ? Param(request, "status") : "OPEN";
  note(status == "ANY"    ? "any status"
       : status == "OPEN" ? "open to enrollment"
                          : ReadableStatus(status));
  for (const char* field : {"phase", "type", "sex"}) {
    if (!Param(request, field).empty()) note(ReadableStatus(Param(request, field)));
  }
  if (!Param(request, "age").empty()) note("age " + Param(request, "age"));
  if (!Param(request, "country").empty()) note(Param(request, "country"));
  spec.title = fmt::format("{} trials{} ({}): new and changed", q.empty() ? "All" : q,
                           place->place ? " near " + place->place->label : "", filters);
  spec.for_people = true;
  FormFields fields = SearchFormFields(request);
  if (request.HasParam("since")) fields.emplace_back("since", Param(request, "since"));
  const std::string query = QueryString(fields);  // "/?a=1" or "/"
  spec.self_path = "/feeds/search.atom" + query.substr(1);
  std::erase_if(fields, [](const auto& p) { return p.first == "since"; });
  spec.html_path = QueryString(fields);
  Send(request, response, *lease, std::move(spec));
}

void FeedHandlers::StudiesFeed(const HttpRequest& request, HttpResponse& response) {
  if (Status checked = CheckParameters(request); !checked.ok())
    return SendError(response, 400, checked.message());
  Result<ReaderPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return SendError(response, 503, lease.status().message());
  FeedSpec spec;
  FormFields self;
  for (const auto& [name, value] : request.params) {
    self.emplace_back(name, value);
    if (name != "since" && name != "format" && name != "fields" && name != "markupFormat")
      spec.parameters.emplace_back(name, value);
  }
  std::string described;
  for (const auto& [name, value] : spec.parameters) {
    if (name.rfind("query.", 0) == 0 || name.rfind("filter.", 0) == 0)
      described.append(described.empty() ? "" : ", ").append(name).append("=").append(value);
  }
  spec.title =
      "Trials" + (described.empty() ? std::string() : " (" + described + ")") + ": new and changed";
  spec.self_path = "/feeds/studies.atom" + QueryString(self).substr(1);
  Send(request, response, *lease, std::move(spec));
}

void FeedHandlers::Send(const HttpRequest& request, HttpResponse& response,
                        ReaderPool::Lease& lease, FeedSpec spec) {
  Result<std::string> since = ReadSince(request);
  if (!since.ok()) return SendError(response, 400, since.status().message());
  FormFields& parameters = spec.parameters;
  // The search as given must be valid (an unknown status is an error, not
  // an empty feed forever) before the feed changes its filters.
  Result<SearchQuery> given = ParseSearchParameters(parameters);
  if (!given.ok()) {
    return SendError(
        response, 400,
        spec.for_people ? ForPeople(given.status().message()) : given.status().message());
  }
  // The statuses as the parser read them (commas or pipes, any case).
  const std::set<std::string> statuses(given->overall_status.begin(), given->overall_status.end());
  DropStatusFilter(parameters);
  std::string advanced;
  for (const auto& [name, value] : parameters) {
    if (name == "filter.advanced") advanced = value;
  }
  std::erase_if(parameters, [](const auto& p) {
    return p.first == "filter.advanced" || p.first == "pageToken" || p.first == "pageSize" ||
           p.first == "sort" || p.first == "countTotal" || p.first == "countFacets";
  });
  const std::string recent = "AREA[LastUpdatePostDate]RANGE[" + *since + ",MAX]";
  parameters.emplace_back("filter.advanced",
                          advanced.empty() ? recent : "(" + advanced + ") AND " + recent);
  parameters.emplace_back("sort", "LastUpdatePostDate:desc");
  parameters.emplace_back("pageSize", std::to_string(kFeedCandidates));
  Result<SearchQuery> query = ParseSearchParameters(parameters);
  if (!query.ok()) return SendError(response, 400, query.status().message());
  Result<SearchResult> result = lease.index().Search(*query);
  if (!result.ok())
    return SendError(response, HttpStatusFor(result.status()), result.status().message());

  pugi::xml_document document;
  pugi::xml_node feed = document.append_child("feed");
  feed.append_attribute("xmlns") = kAtomNamespace;
  AddText(feed, "id", public_url_ + spec.self_path);
  AddText(feed, "title", "trialfinder: " + spec.title);
  AddText(feed, "subtitle",
          fmt::format("Trials new or changed since {}, most recently updated first (at most {}).",
                      *since, kFeedEntries));
  pugi::xml_node updated = feed.append_child("updated");
  pugi::xml_node author = feed.append_child("author");
  AddText(author, "name", "trialfinder");
  pugi::xml_node generator = feed.append_child("generator");
  generator.append_attribute("version") = kTrialfinderVersionText;
  generator.text().set("trialfinder");
  AddLink(feed, "self", "application/atom+xml", public_url_ + spec.self_path);
  if (!spec.html_path.empty())
    AddLink(feed, "alternate", "text/html", public_url_ + spec.html_path);

  std::string newest;
  std::size_t entries = 0;
  for (const SearchHit& hit : result->hits) {
    if (entries == kFeedEntries) break;
    StoredStudy stored;
    Result<std::optional<Study>> study = lease.store().GetStudy(hit.nct_id, &stored);
    if (!study.ok() || !study->has_value()) continue;
    const Study& now = **study;
    const Earlier before = VersionBefore(lease.store(), hit.nct_id, *since);
    // A status filter keeps trials that left it since `since`.
    if (!statuses.empty() && !statuses.contains(now.protocol.status.overall_status) &&
        !(before.study && statuses.contains(before.study->protocol.status.overall_status)))
      continue;
    ++entries;
    const std::string link = public_url_ + "/study/" + hit.nct_id;
    // When this copy got the version: a reader sees an entry change again
    // when a second update of the same day arrives.
    const std::string when =
        stored.ingested_at.empty()
            ? AtomTime(now.protocol.status.last_update_post_date.date, NowAtomTime())
            : stored.ingested_at;
    newest = std::max(newest, when);
    pugi::xml_node entry = feed.append_child("entry");
    AddText(entry, "id", link);
    AddText(entry, "title",
            now.protocol.identification.brief_title.empty()
                ? hit.nct_id
                : now.protocol.identification.brief_title + " (" + hit.nct_id + ")");
    AddText(entry, "updated", when);
    const std::string& first_posted = now.protocol.status.study_first_post_date.date;
    if (!first_posted.empty()) AddText(entry, "published", AtomTime(first_posted, when));
    const std::string& sponsor = now.protocol.sponsor_collaborators.lead_sponsor.name;
    if (!sponsor.empty()) AddText(entry.append_child("author"), "name", sponsor);
    AddLink(entry, "alternate", "text/html", link);
    AddLink(entry, "related", "application/json", public_url_ + "/api/v2/studies/" + hit.nct_id);
    pugi::xml_node category = entry.append_child("category");
    category.append_attribute("term") = XmlText(now.protocol.status.overall_status).c_str();
    category.append_attribute("label") =
        XmlText(ReadableStatus(now.protocol.status.overall_status)).c_str();
    pugi::xml_node summary = entry.append_child("summary");
    summary.append_attribute("type") = "text";
    summary.text().set(XmlText(EntrySummary(now, before, *since)).c_str());
  }
  if (newest.empty()) newest = NowAtomTime();  // nothing since: the feed is as of now
  updated.text().set(newest.c_str());
  std::ostringstream out;
  document.save(out, "  ", pugi::format_default | pugi::format_no_declaration, pugi::encoding_utf8);
  response.SetContent("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + out.str(),
                      "application/atom+xml; charset=utf-8");
  // Registry updates post daily: readers polling more often than every
  // quarter of an hour gain nothing.
  response.SetHeader("Cache-Control", "public, max-age=900");
}

}  // namespace trialfinder
