// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/fhir_research_study.h"

#include <map>
#include <string>
#include <vector>

#include "text/ascii_case.h"

namespace trialfinder {
namespace {

using Json = nlohmann::ordered_json;

const Json& At(const Json& value, std::initializer_list<const char*> keys) {
  static const Json kNull;
  const Json* current = &value;
  for (const char* key : keys) {
    if (!current->is_object()) return kNull;
    auto child = current->find(key);
    if (child == current->end()) return kNull;
    current = &*child;
  }
  return *current;
}

std::string Text(const Json& value) { return value.is_string() ? value.get<std::string>() : ""; }

const Json& List(const Json& value) {
  static const Json kEmpty = Json::array();
  return value.is_array() ? value : kEmpty;
}

// "PHASE1", "PHASE2" -> "phase-1-phase-2" (R4 research-study-phase).
std::string FhirPhase(const Json& phases) {
  std::vector<std::string> codes;
  for (const Json& phase : List(phases)) {
    const std::string value = Text(phase);
    if (value == "NA") return "n-a";
    if (value == "EARLY_PHASE1") return "early-phase-1";
    if (value.rfind("PHASE", 0) == 0) codes.push_back("phase-" + value.substr(5));
  }
  if (codes.empty()) return "";
  std::string code = codes.front();
  for (std::size_t i = 1; i < codes.size(); ++i) code += "-" + codes[i];
  return code;
}

Json Concept(const std::string& text) { return Json{{"text", text}}; }

Json Telecom(const Json& contact) {
  Json telecom = Json::array();
  if (const std::string phone = Text(At(contact, {"phone"})); !phone.empty()) {
    const std::string extension = Text(At(contact, {"phoneExt"}));
    telecom.push_back(
        {{"system", "phone"}, {"value", extension.empty() ? phone : phone + " ext. " + extension}});
  }
  if (const std::string email = Text(At(contact, {"email"})); !email.empty()) {
    telecom.push_back({{"system", "email"}, {"value", email}});
  }
  return telecom;
}

}  // namespace

std::string FhirStudyStatus(const std::string& overall_status) {
  static const std::map<std::string, std::string> kStatuses = {
      {"RECRUITING", "active"},
      {"ENROLLING_BY_INVITATION", "active"},
      {"AVAILABLE", "active"},
      {"NOT_YET_RECRUITING", "approved"},
      {"ACTIVE_NOT_RECRUITING", "closed-to-accrual"},
      {"NO_LONGER_AVAILABLE", "closed-to-accrual"},
      {"SUSPENDED", "temporarily-closed-to-accrual"},
      {"TEMPORARILY_NOT_AVAILABLE", "temporarily-closed-to-accrual"},
      {"TERMINATED", "administratively-completed"},
      {"COMPLETED", "completed"},
      {"APPROVED_FOR_MARKETING", "completed"},
      {"WITHDRAWN", "withdrawn"},
      {"WITHHELD", "in-review"}};
  auto found = kStatuses.find(overall_status);
  return found == kStatuses.end() ? "" : found->second;
}

Json ResearchStudyOf(const Json& study) {
  const Json& protocol = At(study, {"protocolSection"});
  const Json& ids = At(protocol, {"identificationModule"});
  const Json& status = At(protocol, {"statusModule"});
  const std::string nct_id = Text(At(ids, {"nctId"}));
  Json out = {{"resourceType", "ResearchStudy"}, {"id", nct_id}};
  Json contained = Json::array();

  Json identifiers = Json::array(
      {{{"use", "official"}, {"system", "http://clinicaltrials.gov"}, {"value", nct_id}}});
  if (const std::string org_id = Text(At(ids, {"orgStudyIdInfo", "id"})); !org_id.empty()) {
    identifiers.push_back({{"use", "secondary"}, {"value", org_id}});
  }
  for (const Json& secondary : List(At(ids, {"secondaryIdInfos"}))) {
    if (const std::string id = Text(At(secondary, {"id"})); !id.empty()) {
      identifiers.push_back({{"use", "secondary"}, {"value", id}});
    }
  }
  out["identifier"] = identifiers;
  if (const std::string title = Text(At(ids, {"officialTitle"})); !title.empty()) {
    out["title"] = title;
  } else if (const std::string brief = Text(At(ids, {"briefTitle"})); !brief.empty()) {
    out["title"] = brief;
  }

  const std::string overall = Text(At(status, {"overallStatus"}));
  std::string fhir_status = FhirStudyStatus(overall);
  Json notes = Json::array();
  if (fhir_status.empty()) {
    const std::string last_known = Text(At(status, {"lastKnownStatus"}));
    fhir_status = FhirStudyStatus(last_known);
    if (fhir_status.empty()) fhir_status = "in-review";
    notes.push_back(
        {{"text", "ClinicalTrials.gov status " + (overall.empty() ? "not given" : overall) +
                      (last_known.empty() ? "" : "; last known " + last_known) +
                      ": the status here is that, not a verified one"}});
  }
  out["status"] = fhir_status;
  if (const std::string phase = FhirPhase(At(protocol, {"designModule", "phases"}));
      !phase.empty()) {
    out["phase"] = {
        {"coding",
         Json::array({{{"system", "http://terminology.hl7.org/CodeSystem/research-study-phase"},
                       {"code", phase}}})}};
  }
  if (const std::string purpose =
          Text(At(protocol, {"designModule", "designInfo", "primaryPurpose"}));
      !purpose.empty()) {
    out["primaryPurposeType"] = Concept(purpose);
  }

  Json conditions = Json::array();
  for (const Json& condition : List(At(protocol, {"conditionsModule", "conditions"}))) {
    conditions.push_back(Concept(Text(condition)));
  }
  for (const Json& mesh : List(At(study, {"derivedSection", "conditionBrowseModule", "meshes"}))) {
    conditions.push_back({{"coding", Json::array({{{"system", "urn:oid:2.16.840.1.113883.6.177"},
                                                   {"code", Text(At(mesh, {"id"}))},
                                                   {"display", Text(At(mesh, {"term"}))}}})},
                          {"text", Text(At(mesh, {"term"}))}});
  }
  if (!conditions.empty()) out["condition"] = conditions;
  Json keywords = Json::array();
  for (const Json& keyword : List(At(protocol, {"conditionsModule", "keywords"}))) {
    keywords.push_back(Concept(Text(keyword)));
  }
  if (!keywords.empty()) out["keyword"] = keywords;

  Json contacts = Json::array();
  for (const Json& contact : List(At(protocol, {"contactsLocationsModule", "centralContacts"}))) {
    Json detail = {{"name", Text(At(contact, {"name"}))}};
    if (Json telecom = Telecom(contact); !telecom.empty()) detail["telecom"] = telecom;
    contacts.push_back(detail);
  }
  if (!contacts.empty()) out["contact"] = contacts;
  if (const std::string summary = Text(At(protocol, {"descriptionModule", "briefSummary"}));
      !summary.empty()) {
    out["description"] = summary;
  }

  // Enrolment: a Group with the target size and the criteria as text.
  const Json& eligibility = At(protocol, {"eligibilityModule"});
  Json group = {
      {"resourceType", "Group"}, {"id", "enrollment"}, {"type", "person"}, {"actual", false}};
  if (const Json& count = At(protocol, {"designModule", "enrollmentInfo", "count"});
      count.is_number_integer()) {
    group["quantity"] = count;
  }
  if (const std::string criteria = Text(At(eligibility, {"eligibilityCriteria"}));
      !criteria.empty()) {
    group["characteristic"] = Json::array({{{"code", Concept("eligibility criteria")},
                                            {"valueCodeableConcept", Concept(criteria)},
                                            {"exclude", false}}});
  }
  contained.push_back(group);
  out["enrollment"] = Json::array({{{"reference", "#enrollment"}}});

  Json period = Json::object();
  if (const std::string start = Text(At(status, {"startDateStruct", "date"})); !start.empty()) {
    period["start"] = start;
  }
  if (const std::string end = Text(At(status, {"completionDateStruct", "date"})); !end.empty()) {
    period["end"] = end;
  }
  if (!period.empty()) out["period"] = period;

  if (const std::string sponsor =
          Text(At(protocol, {"sponsorCollaboratorsModule", "leadSponsor", "name"}));
      !sponsor.empty()) {
    contained.push_back({{"resourceType", "Organization"}, {"id", "sponsor"}, {"name", sponsor}});
    out["sponsor"] = {{"reference", "#sponsor"}, {"display", sponsor}};
  }
  Json investigators = Json::array();
  for (const Json& official : List(At(protocol, {"contactsLocationsModule", "overallOfficials"}))) {
    if (const std::string name = Text(At(official, {"name"})); !name.empty()) {
      investigators.push_back(name);
    }
  }
  if (!investigators.empty()) {
    // R4 names one principal investigator (a Practitioner reference): the
    // first official, by name.
    out["principalInvestigator"] = {{"display", investigators.front()}};
  }

  Json sites = Json::array();
  int site_number = 0;
  for (const Json& site : List(At(protocol, {"contactsLocationsModule", "locations"}))) {
    const std::string id = "site-" + std::to_string(++site_number);
    Json location = {{"resourceType", "Location"}, {"id", id}};
    if (const std::string facility = Text(At(site, {"facility"})); !facility.empty()) {
      location["name"] = facility;
    }
    const std::string site_status = Text(At(site, {"status"}));
    location["status"] = "active";
    if (!site_status.empty()) location["description"] = "Site status: " + site_status;
    Json address = Json::object();
    for (const auto& [from, to] :
         {std::pair{"city", "city"}, std::pair{"state", "state"}, std::pair{"zip", "postalCode"},
          std::pair{"country", "country"}}) {
      if (const std::string value = Text(At(site, {from})); !value.empty()) address[to] = value;
    }
    if (!address.empty()) location["address"] = address;
    const Json& latitude = At(site, {"geoPoint", "lat"});
    const Json& longitude = At(site, {"geoPoint", "lon"});
    if (latitude.is_number() && longitude.is_number()) {
      location["position"] = {{"latitude", latitude}, {"longitude", longitude}};
    }
    contained.push_back(location);
    sites.push_back({{"reference", "#" + id}});
  }
  if (!sites.empty()) out["site"] = sites;

  Json arms = Json::array();
  for (const Json& arm : List(At(protocol, {"armsInterventionsModule", "armGroups"}))) {
    Json entry = {{"name", Text(At(arm, {"label"}))}};
    if (const std::string type = Text(At(arm, {"type"})); !type.empty()) {
      entry["type"] = Concept(type);
    }
    if (const std::string description = Text(At(arm, {"description"})); !description.empty()) {
      entry["description"] = description;
    }
    arms.push_back(entry);
  }
  if (!arms.empty()) out["arm"] = arms;
  if (!notes.empty()) out["note"] = notes;
  out["contained"] = contained;
  return out;
}

}  // namespace trialfinder
