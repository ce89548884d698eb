// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/fhir_research_study.h"

#include <map>
#include <string>
#include <vector>

#include "server/json_access.h"
#include "text/ascii_case.h"

namespace trialfinder {
namespace {

using Json = nlohmann::ordered_json;

std::string Text(const Json& value) { return value.is_string() ? value.get<std::string>() : ""; }

// "PHASE1", "PHASE2" -> "phase-1-phase-2" (R4 research-study-phase).
std::string FhirPhase(const Json& phases) {
  std::vector<std::string> codes;
  for (const Json& phase : JsonList(phases)) {
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
  if (const std::string phone = Text(JsonAt(contact, {"phone"})); !phone.empty()) {
    const std::string extension = Text(JsonAt(contact, {"phoneExt"}));
    telecom.push_back(
        {{"system", "phone"}, {"value", extension.empty() ? phone : phone + " ext. " + extension}});
  }
  if (const std::string email = Text(JsonAt(contact, {"email"})); !email.empty()) {
    telecom.push_back({{"system", "email"}, {"value", email}});
  }
  return telecom;
}

std::string FhirSiteStatus(const std::string& status) {
  if (status.empty()) return "";
  if (status == "SUSPENDED" || status == "TEMPORARILY_NOT_AVAILABLE") return "suspended";
  if (status == "RECRUITING" || status == "NOT_YET_RECRUITING" ||
      status == "ENROLLING_BY_INVITATION" || status == "ACTIVE_NOT_RECRUITING" ||
      status == "AVAILABLE") {
    return "active";
  }
  return "inactive";
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
  const Json& protocol = JsonAt(study, {"protocolSection"});
  const Json& ids = JsonAt(protocol, {"identificationModule"});
  const Json& status = JsonAt(protocol, {"statusModule"});
  const std::string nct_id = Text(JsonAt(ids, {"nctId"}));
  Json out = {{"resourceType", "ResearchStudy"}, {"id", nct_id}};
  Json contained = Json::array();

  Json identifiers = Json::array(
      {{{"use", "official"}, {"system", "http://clinicaltrials.gov"}, {"value", nct_id}}});
  if (const std::string org_id = Text(JsonAt(ids, {"orgStudyIdInfo", "id"})); !org_id.empty()) {
    identifiers.push_back({{"use", "secondary"}, {"value", org_id}});
  }
  for (const Json& secondary : JsonList(JsonAt(ids, {"secondaryIdInfos"}))) {
    if (const std::string id = Text(JsonAt(secondary, {"id"})); !id.empty()) {
      identifiers.push_back({{"use", "secondary"}, {"value", id}});
    }
  }
  out["identifier"] = identifiers;
  if (const std::string title = Text(JsonAt(ids, {"officialTitle"})); !title.empty()) {
    out["title"] = title;
  } else if (const std::string brief = Text(JsonAt(ids, {"briefTitle"})); !brief.empty()) {
    out["title"] = brief;
  }

  const std::string overall = Text(JsonAt(status, {"overallStatus"}));
  std::string fhir_status = FhirStudyStatus(overall);
  Json notes = Json::array();
  if (fhir_status.empty()) {
    const std::string last_known = Text(JsonAt(status, {"lastKnownStatus"}));
    fhir_status = FhirStudyStatus(last_known);
    if (fhir_status.empty()) fhir_status = "in-review";
    notes.push_back(
        {{"text", "ClinicalTrials.gov status " + (overall.empty() ? "not given" : overall) +
                      (last_known.empty() ? "" : "; last known " + last_known) +
                      ": the status here is that, not a verified one"}});
  }
  out["status"] = fhir_status;
  if (const std::string phase = FhirPhase(JsonAt(protocol, {"designModule", "phases"}));
      !phase.empty()) {
    out["phase"] = {
        {"coding",
         Json::array({{{"system", "http://terminology.hl7.org/CodeSystem/research-study-phase"},
                       {"code", phase}}})}};
  }
  if (const std::string type = Text(JsonAt(protocol, {"designModule", "studyType"}));
      !type.empty()) {
    out["category"] = Json::array({Concept(type)});
  }
  if (const std::string purpose =
          Text(JsonAt(protocol, {"designModule", "designInfo", "primaryPurpose"}));
      !purpose.empty()) {
    out["primaryPurposeType"] = Concept(purpose);
  }

  Json conditions = Json::array();
  for (const Json& condition : JsonList(JsonAt(protocol, {"conditionsModule", "conditions"}))) {
    conditions.push_back(Concept(Text(condition)));
  }
  for (const Json& mesh :
       JsonList(JsonAt(study, {"derivedSection", "conditionBrowseModule", "meshes"}))) {
    const std::string id = Text(JsonAt(mesh, {"id"}));
    const std::string term = Text(JsonAt(mesh, {"term"}));
    if (term.empty()) continue;
    // FHIR allows no empty code: a term without its MeSH ID is text only.
    Json condition = Concept(term);
    if (!id.empty()) {
      condition["coding"] = Json::array(
          {{{"system", "urn:oid:2.16.840.1.113883.6.177"}, {"code", id}, {"display", term}}});
    }
    conditions.push_back(condition);
  }
  if (!conditions.empty()) out["condition"] = conditions;
  Json keywords = Json::array();
  for (const Json& keyword : JsonList(JsonAt(protocol, {"conditionsModule", "keywords"}))) {
    keywords.push_back(Concept(Text(keyword)));
  }
  if (!keywords.empty()) out["keyword"] = keywords;

  Json contacts = Json::array();
  for (const Json& contact :
       JsonList(JsonAt(protocol, {"contactsLocationsModule", "centralContacts"}))) {
    Json detail = {{"name", Text(JsonAt(contact, {"name"}))}};
    if (Json telecom = Telecom(contact); !telecom.empty()) detail["telecom"] = telecom;
    contacts.push_back(detail);
  }
  if (!contacts.empty()) out["contact"] = contacts;
  if (const std::string summary = Text(JsonAt(protocol, {"descriptionModule", "briefSummary"}));
      !summary.empty()) {
    out["description"] = summary;
  }

  // Enrolment: a Group with the target size and the criteria as text.
  const Json& eligibility = JsonAt(protocol, {"eligibilityModule"});
  Json group = {
      {"resourceType", "Group"}, {"id", "enrollment"}, {"type", "person"}, {"actual", false}};
  if (const Json& count = JsonAt(protocol, {"designModule", "enrollmentInfo", "count"});
      count.is_number_integer()) {
    group["quantity"] = count;
  }
  if (const std::string criteria = Text(JsonAt(eligibility, {"eligibilityCriteria"}));
      !criteria.empty()) {
    group["characteristic"] = Json::array({{{"code", Concept("eligibility criteria")},
                                            {"valueCodeableConcept", Concept(criteria)},
                                            {"exclude", false}}});
  }
  contained.push_back(group);
  out["enrollment"] = Json::array({{{"reference", "#enrollment"}}});

  Json period = Json::object();
  if (const std::string start = Text(JsonAt(status, {"startDateStruct", "date"})); !start.empty()) {
    period["start"] = start;
  }
  if (const std::string end = Text(JsonAt(status, {"completionDateStruct", "date"}));
      !end.empty()) {
    period["end"] = end;
  }
  if (!period.empty()) out["period"] = period;

  if (const std::string sponsor =
          Text(JsonAt(protocol, {"sponsorCollaboratorsModule", "leadSponsor", "name"}));
      !sponsor.empty()) {
    contained.push_back({{"resourceType", "Organization"}, {"id", "sponsor"}, {"name", sponsor}});
    out["sponsor"] = {{"reference", "#sponsor"}, {"display", sponsor}};
  }
  for (const Json& official :
       JsonList(JsonAt(protocol, {"contactsLocationsModule", "overallOfficials"}))) {
    // R4 names one principal investigator: the first official whose role
    // is that (a study director or chair is not one).
    const std::string name = Text(JsonAt(official, {"name"}));
    if (!name.empty() && Text(JsonAt(official, {"role"})) == "PRINCIPAL_INVESTIGATOR") {
      out["principalInvestigator"] = {{"display", name}};
      break;
    }
  }

  Json sites = Json::array();
  int site_number = 0;
  for (const Json& site : JsonList(JsonAt(protocol, {"contactsLocationsModule", "locations"}))) {
    const std::string id = "site-" + std::to_string(++site_number);
    Json location = {{"resourceType", "Location"}, {"id", id}};
    if (const std::string facility = Text(JsonAt(site, {"facility"})); !facility.empty()) {
      location["name"] = facility;
    }
    // Location.status: active, suspended or inactive (R4); a site without
    // a status of its own is given none.
    const std::string site_status = Text(JsonAt(site, {"status"}));
    if (const std::string code = FhirSiteStatus(site_status); !code.empty()) {
      location["status"] = code;
    }
    if (!site_status.empty()) location["description"] = "Site status: " + site_status;
    Json address = Json::object();
    for (const auto& [from, to] :
         {std::pair{"city", "city"}, std::pair{"state", "state"}, std::pair{"zip", "postalCode"},
          std::pair{"country", "country"}}) {
      if (const std::string value = Text(JsonAt(site, {from})); !value.empty()) address[to] = value;
    }
    if (!address.empty()) location["address"] = address;
    Json telecom = Json::array();
    for (const Json& contact : JsonList(JsonAt(site, {"contacts"}))) {
      for (Json& point : Telecom(contact)) telecom.push_back(std::move(point));
    }
    if (!telecom.empty()) location["telecom"] = telecom;
    const Json& latitude = JsonAt(site, {"geoPoint", "lat"});
    const Json& longitude = JsonAt(site, {"geoPoint", "lon"});
    if (latitude.is_number() && longitude.is_number()) {
      location["position"] = {{"latitude", latitude}, {"longitude", longitude}};
    }
    contained.push_back(location);
    sites.push_back({{"reference", "#" + id}});
  }
  if (!sites.empty()) out["site"] = sites;

  Json arms = Json::array();
  for (const Json& arm : JsonList(JsonAt(protocol, {"armsInterventionsModule", "armGroups"}))) {
    Json entry = {{"name", Text(JsonAt(arm, {"label"}))}};
    if (const std::string type = Text(JsonAt(arm, {"type"})); !type.empty()) {
      entry["type"] = Concept(type);
    }
    if (const std::string description = Text(JsonAt(arm, {"description"})); !description.empty()) {
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
