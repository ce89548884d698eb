// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/study_changes.h"

#include <fmt/format.h>

#include <cctype>
#include <map>
#include <set>
#include <tuple>

#include "server/page_support.h"

namespace trialfinder {
namespace {

// At most this many sites are named in a sentence; the rest are counted.
constexpr std::size_t kSitesNamed = 5;

std::string SiteKey(const Location& site) {
  return site.facility + "\x1f" + site.city + "\x1f" + site.country;
}

std::string SitePlace(const Location& site) {
  std::string place = site.facility.empty() ? site.city : site.facility;
  if (!site.facility.empty() && !site.city.empty()) place += ", " + site.city;
  const std::string& region = site.state.empty() ? site.country : site.state;
  if (!region.empty()) place += (place.empty() ? "" : ", ") + region;
  return place.empty() ? "a site without a name" : place;
}

std::string Plural(std::size_t count, const char* one, const char* many) {
  return fmt::format("{} {}", count, count == 1 ? one : many);
}

std::string NameSites(const std::vector<const Location*>& sites) {
  std::string names;
  for (std::size_t i = 0; i < sites.size() && i < kSitesNamed; ++i)
    names += (i == 0 ? "" : "; ") + SitePlace(*sites[i]);
  if (sites.size() > kSitesNamed) names += fmt::format("; and {} more", sites.size() - kSitesNamed);
  return names;
}

void CompareSites(const Study& before, const Study& after, std::vector<std::string>& changes) {
  std::map<std::string, const Location*> old_sites;
  for (const Location& site : before.protocol.contacts_locations.locations)
    old_sites.emplace(SiteKey(site), &site);
  std::set<std::string> kept;
  std::vector<const Location*> added;
  std::vector<const Location*> opened;
  std::vector<const Location*> closed;
  for (const Location& site : after.protocol.contacts_locations.locations) {
    const auto old = old_sites.find(SiteKey(site));
    if (old == old_sites.end()) {
      added.push_back(&site);
      continue;
    }
    kept.insert(old->first);
    if (old->second->status == site.status) continue;
    if (site.status == "RECRUITING") {
      opened.push_back(&site);
    } else if (old->second->status == "RECRUITING") {
      closed.push_back(&site);
    }
  }
  std::vector<const Location*> removed;
  for (const auto& [key, site] : old_sites) {
    if (!kept.contains(key)) removed.push_back(site);
  }
  if (!added.empty())
    changes.push_back(
        fmt::format("{} added: {}.", Plural(added.size(), "site", "sites"), NameSites(added)));
  if (!opened.empty())
    changes.push_back(fmt::format("{} now recruiting: {}.", Plural(opened.size(), "site", "sites"),
                                  NameSites(opened)));
  if (!closed.empty())
    changes.push_back(fmt::format("{} no longer recruiting: {}.",
                                  Plural(closed.size(), "site", "sites"), NameSites(closed)));
  if (!removed.empty())
    changes.push_back(fmt::format("{} removed: {}.", Plural(removed.size(), "site", "sites"),
                                  NameSites(removed)));
}

void CompareDate(const char* label, const DateStruct& before, const DateStruct& after,
                 std::vector<std::string>& changes) {
  if (before.date == after.date) {
    if (before.type == "ESTIMATED" && after.type == "ACTUAL" && !after.date.empty())
      changes.push_back(
          fmt::format("{} {} is now actual, no longer estimated.", label, after.date));
    return;
  }
  changes.push_back(fmt::format("{}: {} \u2192 {}{}.", label,
                                before.date.empty() ? "not given" : before.date,
                                after.date.empty() ? "not given" : after.date,
                                after.type == "ESTIMATED" ? " (estimated)" : ""));
}

std::string Lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// "18 years and over", "18 to 75 years", "up to 65 years", "any age".
std::string AgeRange(const EligibilityModule& eligibility) {
  const std::string low = eligibility.minimum_age ? Lowercase(eligibility.minimum_age->text) : "";
  const std::string high = eligibility.maximum_age ? Lowercase(eligibility.maximum_age->text) : "";
  if (low.empty() && high.empty()) return "any age";
  if (high.empty()) return low + " and over";
  if (low.empty()) return "up to " + high;
  return low + " to " + high;
}

void CompareEligibility(const EligibilityModule& before, const EligibilityModule& after,
                        std::vector<std::string>& changes) {
  if (const std::string was = AgeRange(before), now = AgeRange(after); was != now)
    changes.push_back(fmt::format("Ages: {} \u2192 {}.", was, now));
  if (before.sex != after.sex) {
    changes.push_back(fmt::format("Sex: {} \u2192 {}.",
                                  before.sex.empty() ? "not given" : ReadableStatus(before.sex),
                                  after.sex.empty() ? "not given" : ReadableStatus(after.sex)));
  }
  if (before.healthy_volunteers != after.healthy_volunteers && after.healthy_volunteers) {
    changes.emplace_back(*after.healthy_volunteers ? "Healthy volunteers are now accepted."
                                                   : "Healthy volunteers are no longer accepted.");
  }
  if (before.eligibility_criteria != after.eligibility_criteria)
    changes.emplace_back("The eligibility criteria were changed.");
}

}  // namespace

std::vector<std::string> DescribeChanges(const Study& before, const Study& after) {
  std::vector<std::string> changes;
  const StatusModule& old_status = before.protocol.status;
  const StatusModule& new_status = after.protocol.status;
  if (old_status.overall_status != new_status.overall_status) {
    std::string sentence =
        fmt::format("Status: {} \u2192 {}.", ReadableStatus(old_status.overall_status),
                    ReadableStatus(new_status.overall_status));
    if (!new_status.why_stopped.empty()) sentence += " Why: " + new_status.why_stopped;
    changes.push_back(sentence);
  }
  CompareSites(before, after, changes);
  CompareDate("Start date", old_status.start_date, new_status.start_date, changes);
  CompareDate("Primary completion date", old_status.primary_completion_date,
              new_status.primary_completion_date, changes);
  CompareDate("Completion date", old_status.completion_date, new_status.completion_date, changes);
  const EnrollmentInfo& old_enrollment = before.protocol.design.enrollment_info;
  const EnrollmentInfo& new_enrollment = after.protocol.design.enrollment_info;
  if (old_enrollment.count != new_enrollment.count && new_enrollment.count) {
    changes.push_back(fmt::format(
        "Enrollment: {} \u2192 {} participants{}.",
        old_enrollment.count ? std::to_string(*old_enrollment.count) : "not given",
        *new_enrollment.count, new_enrollment.type == "ACTUAL" ? " (actual)" : " (planned)"));
  }
  CompareEligibility(before.protocol.eligibility, after.protocol.eligibility, changes);
  if (!before.has_results_section && after.has_results_section) {
    changes.emplace_back("Results were posted.");
  }
  return changes;
}

}  // namespace trialfinder
