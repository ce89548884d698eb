// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/study_view.h"

#include "trialfinder/places.h"
#include "trialfinder/plain.h"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "server/page_renderer.h"
#include "server/results_view.h"

namespace trialfinder {
namespace {

using Json = nlohmann::json;

void AddFact(Json& list, const std::string& label, const std::string& value) {
  if (!value.empty()) list.push_back({{"label", label}, {"value", value}});
}

std::string Joined(const std::vector<std::string>& values, const std::string& separator) {
  return fmt::format("{}", fmt::join(values, separator));
}

// Paragraphs split at blank lines; markdown escapes ("\>") undone.
Json Paragraphs(const std::string& text) {
  Json paragraphs = Json::array();
  std::string current;
  auto flush = [&] {
    const std::size_t begin = current.find_first_not_of(" \n");
    if (begin != std::string::npos)
      paragraphs.push_back(current.substr(begin, current.find_last_not_of(" \n") - begin + 1));
    current.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && i + 1 < text.size() && text[i + 1] == '\n') {
      flush();
      ++i;
    } else if (text[i] == '\\' && i + 1 < text.size() &&
               std::ispunct(static_cast<unsigned char>(text[i + 1]))) {
      continue;
    } else {
      current += text[i];
    }
  }
  flush();
  return paragraphs;
}

Json TextSection(const std::string& text) {
  if (text.empty()) return nullptr;
  return {{"paragraphs", Paragraphs(text)}};
}

std::string Date(const DateStruct& date) { return date.date; }

Json InterventionView(const Intervention& intervention) {
  return {{"name", intervention.name},
          {"type", intervention.type},
          {"description", intervention.description},
          {"other_names", Joined(intervention.other_names, ", ")}};
}

Json ArmsView(const ArmsInterventionsModule& module) {
  Json arms = Json::array();
  for (const ArmGroup& arm : module.arm_groups) {
    Json interventions = Json::array();
    for (const std::string& name : arm.intervention_names) {
      // "Drug: Fludarabine" names the intervention by type and name.
      const std::size_t colon = name.find(": ");
      const std::string bare = colon == std::string::npos ? name : name.substr(colon + 2);
      auto found = std::find_if(module.interventions.begin(), module.interventions.end(),
                                [&bare](const Intervention& i) { return i.name == bare; });
      interventions.push_back(found != module.interventions.end()
                                  ? InterventionView(*found)
                                  : Json{{"name", bare}, {"type", ""}});
    }
    arms.push_back({{"label", arm.label},
                    {"type", arm.type},
                    {"description", arm.description},
                    {"has_interventions", !interventions.empty()},
                    {"interventions", interventions}});
  }
  return arms;
}

std::string FormatDistance(double km) {
  char text[48];
  const double miles = km / 1.609344;
  if (km < 10) {
    std::snprintf(text, sizeof text, "%.1f km (%.1f mi)", km, miles);
  } else {
    std::snprintf(text, sizeof text, "%.0f km (%.0f mi)", km, miles);
  }
  return text;
}

Json ContactView(const Contact& contact) {
  std::string tel;
  for (char c : contact.phone) {
    if (std::isdigit(static_cast<unsigned char>(c)) || (c == '+' && tel.empty())) tel += c;
  }
  Json view = {{"name", contact.name.empty() ? "Study contact" : contact.name}};
  if (!contact.role.empty()) view["role"] = CodeLabel(contact.role);
  if (!contact.phone.empty()) {
    // A country code written as the extension ("01.40.05.49.58", ext
    // "+33"; user test: "tel:0140054958;ext=+33"): the international
    // number, without the national trunk 0.
    const std::string& ext = contact.phone_ext;
    const bool country_code = ext.size() >= 2 && ext.size() <= 4 && ext[0] == '+' &&
                              std::all_of(ext.begin() + 1, ext.end(), [](char c) {
                                return std::isdigit(static_cast<unsigned char>(c));
                              });
    if (country_code && !tel.empty() && tel[0] != '+') {
      const std::string& phone = contact.phone;
      view["phone"] = ext + " " + (phone[0] == '0' ? "(0)" + phone.substr(1) : phone);
      if (tel[0] == '0') tel.erase(0, 1);
      tel = ext + tel;
      if (tel.size() >= 5) view["tel"] = tel;
    } else {
      view["phone"] = contact.phone + (ext.empty() ? "" : " ext. " + ext);
      std::string ext_digits;
      for (char c : ext) {
        if (std::isdigit(static_cast<unsigned char>(c))) ext_digits += c;
      }
      if (tel.size() >= 5) view["tel"] = tel + (ext_digits.empty() ? "" : ";ext=" + ext_digits);
    }
  }
  // Only a plain address becomes a mailto: link.
  const bool plain_email = contact.email.find('@') != std::string::npos &&
                           std::all_of(contact.email.begin(), contact.email.end(), [](char c) {
                             return std::isalnum(static_cast<unsigned char>(c)) ||
                                    std::string_view("@._%+-").find(c) != std::string_view::npos;
                           });
  if (plain_email) view["email"] = contact.email;
  return view;
}

Json LocationsView(const std::vector<Location>& locations, const std::optional<Place>& origin) {
  struct Row {
    Json view;
    double km;
    bool closed;  // a site not taking people (suspended, completed, ...)
  };
  std::vector<Row> rows;
  for (const Location& location : locations) {
    std::string place;
    for (const std::string& part :
         {location.city, location.state, location.zip, location.country}) {
      if (!part.empty()) place += (place.empty() ? "" : ", ") + part;
    }
    Row row{{{"facility", location.facility.empty() ? "Site" : location.facility},
             {"contacts", ContactsView(location.contacts, 2)},
             {"place", place},
             {"status", location.status.empty() ? "not stated" : CodeLabel(location.status)},
             {"group", location.state.empty() ? location.country
                                              : location.country + ": " + location.state}},
            1e12,
            SiteIsClosed(location.status)};
    if (origin) {
      if (std::optional<SiteDistanceText> distance = DistanceToSite(*origin, location)) {
        row.km = distance->km;
        row.view["distance"] = distance->text;
      }
    }
    rows.push_back(std::move(row));
  }
  // Sites taking people first (user test: the first ten shown held
  // suspended sites), then nearest first when there is a place.
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.closed != b.closed ? !a.closed : a.km < b.km;
  });
  Json view = Json::array();
  for (Row& row : rows) view.push_back(std::move(row.view));
  return view;
}

void AppendCriteria(const ParsedCriteria& parsed, int parent, CriterionSection section,
                    std::string& html) {
  bool opened = false;
  // Top-level criteria of a cohort block the record separates by blank
  // lines only (KITE-363: SLE, then LN, SSc, IIM) go under a label, as a
  // heading-introduced block does ("For LN:"), so that "Age >= 18 and <= 60"
  // is not read as everyone's limit (issue 25).
  std::string block;  // the cohort of the open unlabelled block, "" when none
  auto close_block = [&] {
    if (!block.empty()) html += "</ul></li>";
    block.clear();
  };
  for (const Criterion& criterion : parsed.criteria) {
    if (criterion.parent != parent || (parent < 0 && criterion.section != section)) continue;
    if (!opened) html += "<ul>";
    opened = true;
    const bool cohort_block = criterion.is_heading && !criterion.cohort.empty();
    if (parent < 0 && !cohort_block && criterion.cohort != block) {
      close_block();
      if (!criterion.cohort.empty()) {
        block = criterion.cohort;
        html += "<li class=\"cohort\" data-cohort=\"" + EscapeHtml(block) + "\"><strong>For " +
                EscapeHtml(block) + ":</strong><ul>";
      }
    }
    if (cohort_block) close_block();
    html += cohort_block ? "<li class=\"cohort\" data-cohort=\"" + EscapeHtml(criterion.cohort) +
                               "\"><strong>" + EscapeHtml(criterion.text) + "</strong>"
                         : "<li>" + EscapeHtml(criterion.text);
    AppendCriteria(parsed, criterion.id, section, html);
    html += "</li>";
  }
  close_block();
  if (opened) html += "</ul>";
}

}  // namespace

// Whether a site's status says it takes nobody now. A site without a
// status is taken as open: the record says nothing against it.
bool SiteIsClosed(const std::string& status) {
  return status == "SUSPENDED" || status == "TERMINATED" || status == "WITHDRAWN" ||
         status == "COMPLETED" || status == "ACTIVE_NOT_RECRUITING";
}

nlohmann::json ContactsView(const std::vector<Contact>& contacts, std::size_t limit) {
  Json views = Json::array();
  for (const Contact& contact : contacts) {
    if (views.size() == limit) break;
    // One with no name, phone or email reaches nobody.
    if (contact.name.empty() && contact.phone.empty() && contact.email.empty()) continue;
    views.push_back(ContactView(contact));
  }
  return views;
}

std::optional<SiteDistanceText> DistanceToSite(const Place& origin, const Location& site) {
  const std::optional<MapPoint> point = Gazetteer::Builtin().Locate(site);
  if (!point) return std::nullopt;
  const double km =
      GreatCircleKm(origin.latitude, origin.longitude, point->latitude, point->longitude);
  // Always "about": ClinicalTrials.gov's own coordinates are the city's
  // too, not the hospital's (Beth Israel "0 km" from Boston's centre).
  return SiteDistanceText{km, "about " + FormatDistance(km)};
}

std::string CriteriaHtml(const ParsedCriteria& criteria) {
  std::string html;
  const std::pair<CriterionSection, const char*> sections[] = {
      {CriterionSection::kInclusion, "Inclusion Criteria"},
      {CriterionSection::kExclusion, "Exclusion Criteria"},
      {CriterionSection::kUnspecified, "Criteria"}};
  for (const auto& [section, heading] : sections) {
    std::string list;
    AppendCriteria(criteria, -1, section, list);
    if (list.empty()) continue;
    const std::string id = section == CriterionSection::kInclusion   ? "inclusion"
                           : section == CriterionSection::kExclusion ? "exclusion"
                                                                     : "criteria";
    html.append("<div class=\"criteria-section\" id=\"")
        .append(id)
        .append("\"><h3>")
        .append(heading);
    html.append("</h3>").append(list).append("</div>");
  }
  return html;
}

Json StudyPageView(const Study& study, const ParsedCriteria& criteria,
                   const std::vector<RelatedTrial>& related, const std::optional<Place>& origin) {
  const ProtocolSection& p = study.protocol;
  Json view;
  view["nct_id"] = study.nct_id();
  view["title"] = p.identification.brief_title;
  view["official_title"] = p.identification.official_title;
  view["last_updated"] = Date(p.status.last_update_post_date);
  view["results"] = ResultsTablesView(Json::parse(study.raw_json, nullptr, false));
  // Without results: what to expect depends on the study's status (user
  // test: withdrawn studies, which enrolled no one, said "check back
  // later"; so did expanded-access programmes, which post none).
  const std::string& status = p.status.overall_status;
  view["no_results_note"] =
      status == "WITHDRAWN" ? "The study stopped before anyone joined, so there will be no results."
      : p.design.study_type == "EXPANDED_ACCESS"
          ? "This is an expanded access programme, which gives a treatment outside a trial; "
            "such programmes usually post no results."
      : status == "COMPLETED" || status == "TERMINATED"
          ? "The study has ended, but the study team has not published outcome measurements, "
            "participant flow, or safety data here yet. Check back later for updates."
          : "The study team has not published outcome measurements, participant flow, or "
            "safety data for this trial yet. Check back later for updates.";
  view["no_results_final"] = status == "WITHDRAWN" || p.design.study_type == "EXPANDED_ACCESS";

  Json basic = Json::array();
  AddFact(basic, "Recruitment Status", p.status.overall_status);
  AddFact(basic, "Clinical Phase", Joined(p.design.phases, ", "));
  if (p.design.enrollment_info.count) {
    AddFact(basic, "Total Enrollment",
            std::to_string(*p.design.enrollment_info.count) + " participants" +
                (p.design.enrollment_info.type == "ESTIMATED" ? " (estimated)" : ""));
  }
  AddFact(basic, "Study Classification", p.design.study_type);
  AddFact(basic, "Study Start Date", Date(p.status.start_date));
  AddFact(basic, "Primary Completion Date", Date(p.status.primary_completion_date));
  AddFact(basic, "Study Completion Date", Date(p.status.completion_date));
  AddFact(basic, "First Posted", Date(p.status.study_first_post_date));
  view["basic"] = basic;
  view["brief_summary"] = TextSection(p.description.brief_summary);
  view["detailed_description"] = TextSection(p.description.detailed_description);
  view["conditions"] = p.conditions.conditions;
  view["has_conditions"] = !p.conditions.conditions.empty();
  view["keywords"] = Joined(p.conditions.keywords, ", ");
  view["has_keywords"] = !p.conditions.keywords.empty();

  Json design = Json::array();
  const DesignInfo& info = p.design.design_info;
  AddFact(design, "Allocation Method", info.allocation);
  AddFact(design, "Intervention Model", info.intervention_model);
  AddFact(design, "Primary Study Purpose", info.primary_purpose);
  AddFact(design, "Blinding Strategy", info.masking_info.masking);
  AddFact(design, "Who Is Blinded", Joined(info.masking_info.who_masked, ", "));
  AddFact(design, "Observational Model", info.observational_model);
  AddFact(design, "Time Perspective", info.time_perspective);
  view["design"] = design;
  view["has_design"] = !design.empty();

  view["arms"] = ArmsView(p.arms_interventions);
  view["has_arms"] = !p.arms_interventions.arm_groups.empty();
  Json interventions = Json::array();
  for (const Intervention& intervention : p.arms_interventions.interventions) {
    interventions.push_back(InterventionView(intervention));
  }
  view["interventions"] = interventions;
  view["has_interventions"] = !interventions.empty();

  view["criteria_html"] = CriteriaHtml(criteria);
  Json eligibility = Json::array();
  const EligibilityModule& e = p.eligibility;
  AddFact(eligibility, "Minimum Eligible Age", e.minimum_age ? e.minimum_age->text : "No minimum");
  AddFact(eligibility, "Maximum Eligible Age", e.maximum_age ? e.maximum_age->text : "No maximum");
  AddFact(eligibility, "Eligible Sex", e.sex);
  if (e.healthy_volunteers)
    AddFact(eligibility, "Accepts Healthy Volunteers", *e.healthy_volunteers ? "Yes" : "No");
  AddFact(eligibility, "Study Population", e.study_population);
  view["eligibility_facts"] = eligibility;

  Json sponsors = Json::array();
  const SponsorCollaboratorsModule& s = p.sponsor_collaborators;
  if (!s.lead_sponsor.name.empty()) {
    sponsors.push_back(
        {{"name", s.lead_sponsor.name}, {"class", s.lead_sponsor.sponsor_class}, {"role", "lead"}});
  }
  for (const Sponsor& collaborator : s.collaborators) {
    sponsors.push_back({{"name", collaborator.name},
                        {"class", collaborator.sponsor_class},
                        {"role", "collaborator"}});
  }
  view["sponsors"] = sponsors;
  view["has_sponsors"] = !sponsors.empty();
  if (!s.responsible_party.type.empty()) {
    std::string investigator = s.responsible_party.investigator_full_name;
    for (const std::string& part :
         {s.responsible_party.investigator_title, s.responsible_party.investigator_affiliation}) {
      if (!part.empty() && !investigator.empty()) investigator += ", " + part;
    }
    view["responsible_party"] = {{"type", s.responsible_party.type},
                                 {"investigator", investigator}};
  }
  Json officials = Json::array();
  for (const Official& official : p.contacts_locations.overall_officials) {
    officials.push_back(
        {{"name", official.name}, {"role", official.role}, {"affiliation", official.affiliation}});
  }
  view["officials"] = officials;
  view["has_officials"] = !officials.empty();

  view["central_contacts"] = ContactsView(p.contacts_locations.central_contacts, 10);
  view["has_central_contacts"] = !view["central_contacts"].empty();
  // The first 10 sites (nearest first with a place), the rest behind "Show
  // all": 1,218 sites were 232 phone screens (issue 25).
  Json sites = LocationsView(p.contacts_locations.locations, origin);
  constexpr std::size_t kSitesShown = 10;
  if (sites.size() > kSitesShown) {
    // All of them grouped by country and state, in the order their first
    // site comes (open ones first, then nearest with a place); a user test
    // found 248 sites in one flat list, and a later one read the counts of
    // groups that left out the first ten as each state's number of sites.
    Json groups = Json::array();
    std::map<std::string, std::size_t> group_of;
    for (const Json& site : sites) {
      const std::string label = site["group"].get<std::string>();
      auto [at, added] = group_of.emplace(label, groups.size());
      if (added)
        groups.push_back(
            {{"label", label.empty() ? "Country not given" : label}, {"sites", Json::array()}});
      groups[at->second]["sites"].push_back(site);
    }
    for (Json& group : groups) group["count"] = group["sites"].size();
    view["more_location_groups"] = std::move(groups);
    view["all_locations_count"] = sites.size();
    sites.erase(sites.begin() + kSitesShown, sites.end());
  }
  view["locations"] = std::move(sites);
  view["has_locations"] = !p.contacts_locations.locations.empty();
  if (origin) view["distance_from"] = origin->label;
  std::vector<std::string> countries;
  for (const Location& location : p.contacts_locations.locations) {
    if (!location.country.empty() &&
        std::find(countries.begin(), countries.end(), location.country) == countries.end()) {
      countries.push_back(location.country);
    }
  }
  view["countries"] = countries;
  view["has_countries"] = !countries.empty();

  Json links = Json::array();
  for (const SeeAlsoLink& link : p.references.see_also_links) {
    // Only web links: a javascript: URL in a record must not become a link.
    if (link.url.rfind("https://", 0) == 0 || link.url.rfind("http://", 0) == 0) {
      links.push_back({{"label", link.label.empty() ? link.url : link.label}, {"url", link.url}});
    }
  }
  Json references = Json::array();
  for (const Reference& reference : p.references.references) {
    references.push_back({{"citation", reference.citation}, {"pmid", reference.pmid}});
  }
  view["links"] = links;
  view["references"] = references;
  view["has_links"] = !links.empty() || !references.empty();

  Json identifiers = Json::array();
  const IdentificationModule& id = p.identification;
  if (!id.org_study_id_info.id.empty()) {
    identifiers.push_back(
        {{"id", id.org_study_id_info.id},
         {"type", id.org_study_id_info.type.empty() ? "-" : id.org_study_id_info.type},
         {"source", "org_study_id"}});
  }
  for (const SecondaryIdInfo& secondary : id.secondary_id_infos) {
    identifiers.push_back(
        {{"id", secondary.id},
         {"type", secondary.type.empty() ? "-" : secondary.type},
         {"source", secondary.domain.empty() ? "secondary_id" : secondary.domain}});
  }
  view["identifiers"] = identifiers;
  view["has_identifiers"] = !identifiers.empty();

  Json related_view = Json::array();
  for (const RelatedTrial& trial : related) {
    related_view.push_back({{"nct_id", trial.nct_id},
                            {"title", trial.title},
                            {"status", trial.status},
                            {"phase", trial.phase}});
  }
  view["related"] = related_view;
  view["has_related"] = !related_view.empty();
  return view;
}

}  // namespace trialfinder
