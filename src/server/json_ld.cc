// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/json_ld.h"

#include <fmt/format.h>

#include <cctype>
#include <map>
#include <set>

#include "server/page_support.h"

namespace trialfinder {
namespace {

using OrderedJson = nlohmann::ordered_json;  // keeps @context and @type first

// Registry overall statuses as schema.org MedicalStudyStatus members.
const char* SchemaStatus(const std::string& status) {
  static const std::map<std::string, const char*> kStatuses = {
      {"RECRUITING", "https://schema.org/Recruiting"},
      {"NOT_YET_RECRUITING", "https://schema.org/NotYetRecruiting"},
      {"ACTIVE_NOT_RECRUITING", "https://schema.org/ActiveNotRecruiting"},
      {"ENROLLING_BY_INVITATION", "https://schema.org/EnrollingByInvitation"},
      {"COMPLETED", "https://schema.org/Completed"},
      {"SUSPENDED", "https://schema.org/Suspended"},
      {"TERMINATED", "https://schema.org/Terminated"},
      {"WITHDRAWN", "https://schema.org/Withdrawn"},
  };
  const auto found = kStatuses.find(status);
  return found == kStatuses.end() ? nullptr : found->second;
}

// schema.org MedicalTrialDesign members the design states.
OrderedJson TrialDesign(const DesignInfo& design, const Study& study) {
  OrderedJson designs = OrderedJson::array();
  if (design.allocation == "RANDOMIZED") designs.push_back("https://schema.org/RandomizedTrial");
  static const std::map<std::string, const char*> kMasking = {
      {"NONE", "https://schema.org/OpenTrial"},
      {"SINGLE", "https://schema.org/SingleBlindedTrial"},
      {"DOUBLE", "https://schema.org/DoubleBlindedTrial"},
      {"TRIPLE", "https://schema.org/TripleBlindedTrial"},
      {"QUADRUPLE", "https://schema.org/TripleBlindedTrial"},  // schema.org stops at triple
  };
  if (const auto masking = kMasking.find(design.masking_info.masking); masking != kMasking.end())
    designs.push_back(masking->second);
  const std::vector<Location>& sites = study.protocol.contacts_locations.locations;
  std::set<std::string> countries;
  for (const Location& site : sites) {
    if (!site.country.empty()) countries.insert(site.country);
  }
  if (sites.size() > 1) designs.push_back("https://schema.org/MultiCenterTrial");
  if (countries.size() > 1) designs.push_back("https://schema.org/InternationalTrial");
  for (const ArmGroup& arm : study.protocol.arms_interventions.arm_groups) {
    if (arm.type == "PLACEBO_COMPARATOR") {
      designs.push_back("https://schema.org/PlaceboControlledTrial");
      break;
    }
  }
  return designs;
}

OrderedJson StudyLocation(const Location& site) {
  OrderedJson place = {{"@type", "AdministrativeArea"},
                       {"name", site.facility.empty() ? site.city : site.facility}};
  OrderedJson address = {{"@type", "PostalAddress"}};
  if (!site.city.empty()) address["addressLocality"] = site.city;
  if (!site.state.empty()) address["addressRegion"] = site.state;
  if (!site.zip.empty()) address["postalCode"] = site.zip;
  if (!site.country.empty()) address["addressCountry"] = site.country;
  place["address"] = address;
  if (site.geo_point.lat && site.geo_point.lon) {
    place["geo"] = {{"@type", "GeoCoordinates"},
                    {"latitude", *site.geo_point.lat},
                    {"longitude", *site.geo_point.lon}};
  }
  return place;
}

// A phase beyond "NA" (not applicable: studies without drug phases).
bool HasPhase(const Study& study) {
  for (const std::string& phase : study.protocol.design.phases) {
    if (phase != "NA") return true;
  }
  return false;
}

// The schema.org type for the registry's study type.
const char* SchemaType(const Study& study) {
  const std::string& type = study.protocol.design.study_type;
  if (type == "INTERVENTIONAL") return "MedicalTrial";
  if (type == "OBSERVATIONAL") return "MedicalObservationalStudy";
  return "MedicalStudy";  // expanded access, or not given
}

// "Phase 2 trial", "Observational study", "Expanded access program".
std::string StudyKind(const Study& study) {
  const std::string& type = study.protocol.design.study_type;
  if (type == "OBSERVATIONAL") return "Observational study";
  if (type == "EXPANDED_ACCESS") return "Expanded access program";
  return HasPhase(study) ? ReadablePhases(study) + " trial" : "Trial";
}

// A dated struct's date, else the plain date beside it (legacy records
// have submit dates only).
std::string DateOr(const DateStruct& posted, const std::string& submitted) {
  return posted.date.empty() ? submitted : posted.date;
}

}  // namespace

std::string PlainText(std::string_view markdown) {
  std::string out;
  out.reserve(markdown.size());
  bool line_start = true;
  for (std::size_t i = 0; i < markdown.size(); ++i) {
    const char c = markdown[i];
    if (c == '\\' && i + 1 < markdown.size() &&
        std::ispunct(static_cast<unsigned char>(markdown[i + 1]))) {
      out += markdown[++i];  // a markdown escape: "\\>" is ">"
      line_start = false;
      continue;
    }
    if (c == '<') {  // an HTML tag: dropped
      const std::size_t end = markdown.find('>', i);
      if (end != std::string_view::npos && end - i < 200) {
        i = end;
        continue;
      }
    }
    if ((c == '*' || c == '_') && i + 1 < markdown.size() && markdown[i + 1] == c) {
      ++i;  // **bold**, __bold__
      continue;
    }
    if (line_start && (c == '*' || c == '-' || c == '+' || c == '#') && i + 1 < markdown.size() &&
        (markdown[i + 1] == ' ' || markdown[i + 1] == '#')) {
      continue;  // a list marker or heading mark at the start of a line
    }
    if (std::isspace(static_cast<unsigned char>(c))) {
      line_start = line_start || c == '\n';
      if (!out.empty() && out.back() != ' ') out += ' ';
      continue;
    }
    line_start = false;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

OrderedJson MedicalTrialJsonLd(const Study& study, const std::string& page_url) {
  const ProtocolSection& p = study.protocol;
  const std::string type = SchemaType(study);
  OrderedJson trial = {{"@context", "https://schema.org"},
                       {"@type", type},
                       {"name", p.identification.brief_title},
                       {"identifier", study.nct_id()},
                       {"url", page_url}};
  if (!p.identification.official_title.empty() &&
      p.identification.official_title != p.identification.brief_title)
    trial["alternateName"] = p.identification.official_title;
  if (!p.description.brief_summary.empty())
    trial["description"] = PlainText(p.description.brief_summary);
  if (const char* status = SchemaStatus(p.status.overall_status)) trial["status"] = status;
  if (type == "MedicalTrial") {  // phase and design are a trial's only
    if (HasPhase(study)) trial["phase"] = ReadablePhases(study);
    if (OrderedJson designs = TrialDesign(p.design.design_info, study); !designs.empty())
      trial["trialDesign"] = designs;
  }
  OrderedJson conditions = OrderedJson::array();
  for (const std::string& condition : p.conditions.conditions)
    conditions.push_back({{"@type", "MedicalCondition"}, {"name", condition}});
  if (!conditions.empty()) trial["healthCondition"] = conditions;
  if (!p.sponsor_collaborators.lead_sponsor.name.empty()) {
    trial["sponsor"] = {{"@type", "Organization"},
                        {"name", p.sponsor_collaborators.lead_sponsor.name}};
  }
  OrderedJson sites = OrderedJson::array();
  for (const Location& site : p.contacts_locations.locations) {
    if (sites.size() == kJsonLdSites) break;
    if (!site.facility.empty() || !site.city.empty()) sites.push_back(StudyLocation(site));
  }
  if (!sites.empty()) trial["studyLocation"] = sites;
  OrderedJson page = {{"@type", "WebPage"}, {"url", page_url}};
  if (const std::string first =
          DateOr(p.status.study_first_post_date, p.status.study_first_submit_date);
      !first.empty())
    page["datePublished"] = first;
  if (const std::string last =
          DateOr(p.status.last_update_post_date, p.status.last_update_submit_date);
      !last.empty())
    page["dateModified"] = last;
  trial["mainEntityOfPage"] = page;
  return trial;
}

std::string ScriptSafeJson(const OrderedJson& value) {
  // '<', '>' and '&' occur only inside JSON strings, where \u escapes mean
  // the same: the element cannot be closed or commented out, and the text
  // stays valid JSON.
  const std::string text = value.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else {
      out += c;
    }
  }
  return out;
}

std::string MetaDescription(const Study& study) {
  return MetaDescription(study, study.protocol.description.brief_summary);
}

std::string MetaDescription(const Study& study, std::string_view summary) {
  const ProtocolSection& p = study.protocol;
  // "Phase 2 trial of Lupus Nephritis. Recruiting. <summary>"
  std::string text = StudyKind(study);
  if (!p.conditions.conditions.empty())
    text += fmt::format(" of {}", fmt::join(p.conditions.conditions, ", "));
  text += ". " + ReadableStatus(p.status.overall_status) + ". ";
  text += PlainText(summary.empty() ? std::string_view(p.identification.brief_title) : summary);
  constexpr std::size_t kMost = 160;
  if (text.size() <= kMost) return text;
  std::size_t cut = text.rfind(' ', kMost - 1);
  if (cut == std::string::npos || cut < kMost / 2) cut = kMost - 1;
  // Do not cut inside a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "\u2026";
}

}  // namespace trialfinder
