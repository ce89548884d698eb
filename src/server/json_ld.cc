// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/json_ld.h"

#include <fmt/format.h>

#include <map>

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

}  // namespace

OrderedJson MedicalTrialJsonLd(const Study& study, const std::string& page_url) {
  const ProtocolSection& p = study.protocol;
  OrderedJson trial = {{"@context", "https://schema.org"},
                       {"@type", "MedicalTrial"},
                       {"name", p.identification.brief_title},
                       {"identifier", study.nct_id()},
                       {"url", page_url}};
  if (!p.identification.official_title.empty())
    trial["alternateName"] = p.identification.official_title;
  if (!p.description.brief_summary.empty()) trial["description"] = p.description.brief_summary;
  if (const char* status = SchemaStatus(p.status.overall_status)) trial["status"] = status;
  if (HasPhase(study)) trial["phase"] = ReadablePhases(study);
  if (OrderedJson designs = TrialDesign(p.design.design_info, study); !designs.empty())
    trial["trialDesign"] = designs;
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
  if (!p.status.study_first_post_date.date.empty())
    page["datePublished"] = p.status.study_first_post_date.date;
  if (!p.status.last_update_post_date.date.empty())
    page["dateModified"] = p.status.last_update_post_date.date;
  trial["mainEntityOfPage"] = page;
  return trial;
}

std::string ScriptSafeJson(const OrderedJson& value) {
  std::string text = value.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] == '<' && i + 1 < text.size() && (text[i + 1] == '/' || text[i + 1] == '!'))
      out += '\\';
  }
  return out;
}

std::string MetaDescription(const Study& study) {
  const ProtocolSection& p = study.protocol;
  // "Phase 2 trial of Lupus Nephritis. Recruiting. <summary>"
  std::string text = HasPhase(study) ? ReadablePhases(study) + " trial" : "Trial";
  if (!p.conditions.conditions.empty())
    text += fmt::format(" of {}", fmt::join(p.conditions.conditions, ", "));
  text += ". " + ReadableStatus(p.status.overall_status) + ". " + p.description.brief_summary;
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  constexpr std::size_t kMost = 160;
  if (text.size() <= kMost) return text;
  std::size_t cut = text.rfind(' ', kMost - 1);
  if (cut == std::string::npos || cut < kMost / 2) cut = kMost - 1;
  // Do not cut inside a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "\u2026";
}

}  // namespace trialfinder
