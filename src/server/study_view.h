// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// View models (JSON for the templates) of the trial page and the
// patient-friendly page. Sections a record lacks are left out of the view,
// so the page omits them rather than showing them empty.

#ifndef TRIALFINDER_SERVER_STUDY_VIEW_H_
#define TRIALFINDER_SERVER_STUDY_VIEW_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "trialfinder/criteria.h"
#include "trialfinder/plain.h"
#include "trialfinder/study.h"

namespace trialfinder {

// A related trial as listed on the trial page.
struct RelatedTrial {
  std::string nct_id;
  std::string title;
  std::string status;
  std::string phase;
};

struct Place {
  double latitude = 0;
  double longitude = 0;
  std::string label;  // what the typed place was read as: "Portland, Maine, United States"
};

// The trial page (study.mustache). `origin`, when given, adds each site's
// distance and lists sites nearest first.
nlohmann::json StudyPageView(const Study& study, const ParsedCriteria& criteria,
                             const std::vector<RelatedTrial>& related,
                             const std::optional<Place>& origin);

// The eligibility criteria as nested HTML lists, inclusion and exclusion
// apart, each cohort's criteria in their own block. Escaped here.
std::string CriteriaHtml(const ParsedCriteria& criteria);

// Great-circle distance in kilometres.
// Up to `limit` contacts for a page: name, readable role, phone with a
// tel: number (digits only, so a tap dials it), email; contacts with no
// name, phone or email are left out.
nlohmann::json ContactsView(const std::vector<Contact>& contacts, std::size_t limit);

// Whether a site's status says it takes nobody now (suspended, completed,
// ...). A site without a status is taken as open.
bool SiteIsClosed(const std::string& status);

// The distance from `origin` to `site` (places.h placing a site without
// coordinates): "about 12 km (7 mi)", always "about" because sites are
// placed at their city (the registry's coordinates are the city's too) or
// ZIP code; nullopt when it cannot be placed.
struct SiteDistanceText {
  double km = 0;
  std::string text;
};
std::optional<SiteDistanceText> DistanceToSite(const Place& origin, const Location& site);

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_STUDY_VIEW_H_
