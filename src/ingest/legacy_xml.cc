// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Legacy ClinicalTrials.gov XML (<clinical_study>, the format of the old
// AllPublicXML download) converted to an API v2 study record, so that the
// rest of trialfinder only ever sees one shape.

#include <algorithm>
#include <array>
#include <cctype>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "trialfinder/age.h"
#include "trialfinder/ingest.h"
#include "trialfinder/partial_date.h"

namespace trialfinder {
namespace {

using OrderedJson = nlohmann::ordered_json;

std::string Trim(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return std::string(text.substr(begin, end - begin));
}

std::string Text(const pugi::xml_node& node) { return Trim(node.child_value()); }
std::string Text(const pugi::xml_node& node, const char* child) {
  return Trim(node.child(child).child_value());
}

// A <textblock> without the XML's indentation: the common leading white space
// of the non-blank lines is removed, blank lines at either end are dropped.
std::string Dedent(std::string_view block) {
  std::vector<std::string> lines;
  std::istringstream stream{std::string(block)};
  for (std::string line; std::getline(stream, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  std::size_t indent = std::string::npos;
  for (const std::string& line : lines) {
    const std::size_t first = line.find_first_not_of(" \t");
    if (first != std::string::npos) indent = std::min(indent, first);
  }
  std::string out;
  for (const std::string& line : lines) {
    const bool blank = line.find_first_not_of(" \t") == std::string::npos;
    out += blank ? "" : line.substr(indent);
    out += '\n';
  }
  return Trim(out);
}

// The text of `tag`, or of `older_tag` where older files used that name
// (their own comment: lastchanged_date became last_update_submitted, ...).
std::string TextOrOlder(const pugi::xml_node& node, const char* tag, const char* older_tag) {
  std::string text = Text(node, tag);
  return text.empty() ? Text(node, older_tag) : text;
}

std::string TextBlock(const pugi::xml_node& node, const char* child) {
  return Dedent(node.child(child).child("textblock").child_value());
}

// "Active, not recruiting" -> "ACTIVE_NOT_RECRUITING", "Case-Control" ->
// "CASE_CONTROL": the API v2 spelling of a legacy display label.
std::string EnumFromLabel(std::string_view label) {
  std::string out;
  bool pending_separator = false;
  for (char c : label) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      if (pending_separator && !out.empty()) out += '_';
      pending_separator = false;
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else {
      pending_separator = true;
    }
  }
  return out;
}

std::string StatusFromLabel(std::string_view label) {
  std::string value = EnumFromLabel(label);
  return value == "UNKNOWN_STATUS" ? "UNKNOWN" : value;
}

std::string DateTypeFromLabel(std::string_view label) {
  return label == "Actual" ? "ACTUAL" : "ESTIMATED";  // Anticipated, Estimate
}

std::string AgencyClassFromLabel(std::string_view label) {
  if (label == "U.S. Fed") return "FED";
  if (label == "Individual") return "INDIV";
  if (label == "Ambiguous" || label == "Ambig") return "AMBIG";
  return EnumFromLabel(label);  // NIH, INDUSTRY, NETWORK, OTHER, OTHER_GOV
}

std::optional<bool> YesNo(std::string_view text) {
  if (text == "Yes") return true;
  if (text == "No") return false;
  return std::nullopt;
}

// "January 15, 2005" -> "2005-01-15", "January 2005" -> "2005-01"; other
// text as it is, for the record parser to judge.
std::string IsoDate(std::string_view text) {
  const std::optional<PartialDate> date = PartialDate::ParseEnglish(Trim(text));
  return date ? date->ToIso() : Trim(text);
}

void SetText(OrderedJson& object, const char* key, const std::string& value) {
  if (!value.empty()) object[key] = value;
}

void SetDateStruct(OrderedJson& object, const char* key, const pugi::xml_node& node) {
  if (!node || Trim(node.child_value()).empty()) return;
  OrderedJson date = {{"date", IsoDate(Text(node))}};
  if (node.attribute("type")) date["type"] = DateTypeFromLabel(node.attribute("type").value());
  object[key] = date;
}

void SetUnlessEmpty(OrderedJson& parent, const char* key, OrderedJson value) {
  if (!value.empty()) parent[key] = std::move(value);
}

OrderedJson Identification(const pugi::xml_node& study) {
  const pugi::xml_node ids = study.child("id_info");
  OrderedJson module;
  module["nctId"] = Text(ids, "nct_id");
  OrderedJson aliases = OrderedJson::array();
  for (auto alias : ids.children("nct_alias")) aliases.push_back(Text(alias));
  SetUnlessEmpty(module, "nctIdAliases", aliases);
  module["orgStudyIdInfo"] = {{"id", Text(ids, "org_study_id")}};
  OrderedJson secondary = OrderedJson::array();
  for (auto id : ids.children("secondary_id")) secondary.push_back({{"id", Text(id)}});
  SetUnlessEmpty(module, "secondaryIdInfos", secondary);
  SetText(module, "briefTitle", Text(study, "brief_title"));
  SetText(module, "officialTitle", Text(study, "official_title"));
  SetText(module, "acronym", Text(study, "acronym"));
  const pugi::xml_node lead = study.child("sponsors").child("lead_sponsor");
  OrderedJson organization;
  SetText(organization, "fullName", Text(study, "source"));
  SetText(organization, "class", AgencyClassFromLabel(Text(lead, "agency_class")));
  SetUnlessEmpty(module, "organization", organization);
  return module;
}

OrderedJson StatusModule(const pugi::xml_node& study) {
  OrderedJson module;
  SetText(module, "statusVerifiedDate", IsoDate(Text(study, "verification_date")));
  SetText(module, "overallStatus", StatusFromLabel(Text(study, "overall_status")));
  SetText(module, "lastKnownStatus", StatusFromLabel(Text(study, "last_known_status")));
  SetText(module, "whyStopped", Text(study, "why_stopped"));
  if (auto expanded = YesNo(Text(study, "has_expanded_access"))) {
    module["expandedAccessInfo"] = {{"hasExpandedAccess", *expanded}};
  }
  SetDateStruct(module, "startDateStruct", study.child("start_date"));
  SetDateStruct(module, "primaryCompletionDateStruct", study.child("primary_completion_date"));
  SetDateStruct(module, "completionDateStruct", study.child("completion_date"));
  SetText(module, "studyFirstSubmitDate",
          IsoDate(TextOrOlder(study, "study_first_submitted", "firstreceived_date")));
  SetText(module, "studyFirstSubmitQcDate", IsoDate(Text(study, "study_first_submitted_qc")));
  SetDateStruct(module, "studyFirstPostDateStruct", study.child("study_first_posted"));
  SetText(module, "resultsFirstSubmitDate",
          IsoDate(TextOrOlder(study, "results_first_submitted", "firstreceived_results_date")));
  SetText(module, "resultsFirstSubmitQcDate", IsoDate(Text(study, "results_first_submitted_qc")));
  SetDateStruct(module, "resultsFirstPostDateStruct", study.child("results_first_posted"));
  SetText(module, "dispFirstSubmitDate",
          IsoDate(TextOrOlder(study, "disposition_first_submitted",
                              "firstreceived_results_disposition_date")));
  SetText(module, "dispFirstSubmitQcDate", IsoDate(Text(study, "disposition_first_submitted_qc")));
  SetDateStruct(module, "dispFirstPostDateStruct", study.child("disposition_first_posted"));
  SetText(module, "lastUpdateSubmitDate",
          IsoDate(TextOrOlder(study, "last_update_submitted", "lastchanged_date")));
  SetDateStruct(module, "lastUpdatePostDateStruct", study.child("last_update_posted"));
  return module;
}

OrderedJson SponsorModule(const pugi::xml_node& study) {
  OrderedJson module;
  const pugi::xml_node party = study.child("responsible_party");
  OrderedJson responsible;
  SetText(responsible, "type", EnumFromLabel(Text(party, "responsible_party_type")));
  SetText(responsible, "investigatorFullName", Text(party, "investigator_full_name"));
  SetText(responsible, "investigatorTitle", Text(party, "investigator_title"));
  SetText(responsible, "investigatorAffiliation", Text(party, "investigator_affiliation"));
  SetText(responsible, "oldNameTitle", Text(party, "name_title"));
  SetText(responsible, "oldOrganization", Text(party, "organization"));
  SetUnlessEmpty(module, "responsibleParty", responsible);
  const pugi::xml_node sponsors = study.child("sponsors");
  auto sponsor = [](const pugi::xml_node& node) {
    OrderedJson out = {{"name", Text(node, "agency")}};
    SetText(out, "class", AgencyClassFromLabel(Text(node, "agency_class")));
    return out;
  };
  module["leadSponsor"] = sponsor(sponsors.child("lead_sponsor"));
  OrderedJson collaborators = OrderedJson::array();
  for (auto node : sponsors.children("collaborator")) collaborators.push_back(sponsor(node));
  SetUnlessEmpty(module, "collaborators", collaborators);
  return module;
}

OrderedJson OversightModule(const pugi::xml_node& study) {
  const pugi::xml_node info = study.child("oversight_info");
  OrderedJson module;
  const std::array<std::pair<const char*, const char*>, 6> kFlags = {{
      {"has_dmc", "oversightHasDmc"},
      {"is_fda_regulated_drug", "isFdaRegulatedDrug"},
      {"is_fda_regulated_device", "isFdaRegulatedDevice"},
      {"is_unapproved_device", "isUnapprovedDevice"},
      {"is_ppsd", "isPpsd"},
      {"is_us_export", "isUsExport"},
  }};
  for (const auto& [xml_name, json_name] : kFlags) {
    if (auto flag = YesNo(Text(info, xml_name))) module[json_name] = *flag;
  }
  return module;
}

// Legacy "Masking: Double (Participant, Investigator)" and the older
// "Double Blind (Subject, Investigator)" as API v2 masking + whoMasked.
OrderedJson MaskingInfo(std::string_view label) {
  OrderedJson info;
  const std::size_t paren = label.find('(');
  std::string level = EnumFromLabel(label.substr(0, paren));
  if (level.rfind("NONE", 0) == 0 || level == "OPEN_LABEL") level = "NONE";
  const std::size_t blind = level.find("_BLIND");
  if (blind != std::string::npos) level = level.substr(0, blind);
  SetText(info, "masking", level);
  // "None (Open Label)" names no masked roles.
  if (paren != std::string_view::npos && level != "NONE") {
    OrderedJson who = OrderedJson::array();
    std::istringstream parts{std::string(label.substr(paren + 1))};
    for (std::string part; std::getline(parts, part, ',');) {
      std::string role = EnumFromLabel(part);
      if (role == "SUBJECT") role = "PARTICIPANT";
      if (role == "CAREGIVER") role = "CARE_PROVIDER";
      if (!role.empty()) who.push_back(role);
    }
    SetUnlessEmpty(info, "whoMasked", who);
  }
  return info;
}

void SetDesignValue(OrderedJson& design, const std::string& key, const std::string& value) {
  if (value.empty()) return;
  if (key == "allocation") {
    design["allocation"] = EnumFromLabel(value) == "N_A" ? "NA" : EnumFromLabel(value);
  } else if (key == "intervention_model") {
    std::string model = EnumFromLabel(value);
    const std::size_t suffix = model.find("_ASSIGNMENT");
    design["interventionModel"] = model.substr(0, suffix);
  } else if (key == "intervention_model_description") {
    design["interventionModelDescription"] = value;
  } else if (key == "primary_purpose") {
    const std::string purpose = EnumFromLabel(value);
    design["primaryPurpose"] = purpose == "EDUCATIONAL_COUNSELING_TRAINING" ? "ECT" : purpose;
  } else if (key == "observational_model") {
    design["observationalModel"] = EnumFromLabel(value);
  } else if (key == "time_perspective") {
    design["timePerspective"] = EnumFromLabel(value);
  } else if (key == "masking") {
    OrderedJson masking = MaskingInfo(value);
    if (design.contains("maskingInfo")) masking.update(design["maskingInfo"]);
    design["maskingInfo"] = masking;
  } else if (key == "masking_description") {
    design["maskingInfo"]["maskingDescription"] = value;
  }
}

// Older records put the design in one string: "Allocation: Randomized,
// Endpoint Classification: Efficacy Study, Masking: Double Blind (Subject,
// Investigator), Primary Purpose: Treatment".
OrderedJson DesignInfoFromSentence(const std::string& sentence) {
  OrderedJson design;
  std::size_t pos = 0;
  while (pos < sentence.size()) {
    const std::size_t colon = sentence.find(':', pos);
    if (colon == std::string::npos) break;
    // The value runs to the next ", Key:" outside parentheses.
    std::size_t end = colon + 1;
    int depth = 0;
    for (; end < sentence.size(); ++end) {
      if (sentence[end] == '(') ++depth;
      if (sentence[end] == ')') --depth;
      if (sentence[end] == ',' && depth == 0 &&
          sentence.find(':', end) < sentence.find(',', end + 1)) {
        break;
      }
    }
    std::string key = EnumFromLabel(sentence.substr(pos, colon - pos));
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    SetDesignValue(design, key, Trim(sentence.substr(colon + 1, end - colon - 1)));
    pos = end + 1;
  }
  return design;
}

std::vector<std::string> PhasesFromLabel(const std::string& label) {
  if (label == "N/A") return {"NA"};
  std::vector<std::string> phases;
  std::istringstream parts{label};
  for (std::string part; std::getline(parts, part, '/');) {
    std::string phase = EnumFromLabel(part);
    if (phase == "PHASE_0" || phase == "EARLY_PHASE_1") phase = "EARLY_PHASE1";
    if (phase.rfind("PHASE_", 0) == 0) phase = "PHASE" + phase.substr(6);
    if (!phase.empty()) phases.push_back(phase);
  }
  return phases;
}

OrderedJson DesignModule(const pugi::xml_node& study) {
  OrderedJson module;
  const std::string type = Text(study, "study_type");
  if (type.rfind("Observational", 0) == 0) {
    module["studyType"] = "OBSERVATIONAL";
    if (type.find("Patient Registry") != std::string::npos) module["patientRegistry"] = true;
  } else if (!type.empty() && type != "N/A") {
    module["studyType"] = EnumFromLabel(type);
  }
  const pugi::xml_node access = study.child("expanded_access_info");
  OrderedJson access_types;
  for (const char* kind : {"individual", "intermediate", "treatment"}) {
    const std::string flag = Text(access, ("expanded_access_type_" + std::string(kind)).c_str());
    if (auto value = YesNo(flag)) access_types[kind] = *value;
  }
  SetUnlessEmpty(module, "expandedAccessTypes", access_types);
  SetText(module, "targetDuration", Text(study, "target_duration"));
  if (study.child("phase")) {
    OrderedJson phases = OrderedJson::array();
    for (const std::string& phase : PhasesFromLabel(Text(study, "phase"))) phases.push_back(phase);
    SetUnlessEmpty(module, "phases", phases);
  }
  OrderedJson design;
  if (pugi::xml_node info = study.child("study_design_info")) {
    for (pugi::xml_node field : info.children()) SetDesignValue(design, field.name(), Text(field));
  } else {
    design = DesignInfoFromSentence(Text(study, "study_design"));
  }
  SetUnlessEmpty(module, "designInfo", design);
  OrderedJson bio_spec;
  const std::string retention = Text(study, "biospec_retention");
  if (!retention.empty()) bio_spec["retention"] = EnumFromLabel(retention);
  SetText(bio_spec, "description", TextBlock(study, "biospec_descr"));
  SetUnlessEmpty(module, "bioSpec", bio_spec);
  const pugi::xml_node enrollment = study.child("enrollment");
  if (enrollment && !Text(enrollment).empty()) {
    OrderedJson info = {{"count", std::atoll(Text(enrollment).c_str())}};
    if (enrollment.attribute("type")) {
      info["type"] = DateTypeFromLabel(enrollment.attribute("type").value());
    }
    module["enrollmentInfo"] = info;
  }
  return module;
}

OrderedJson ArmsModule(const pugi::xml_node& study) {
  OrderedJson interventions = OrderedJson::array();
  for (auto node : study.children("intervention")) {
    OrderedJson intervention;
    SetText(intervention, "type", EnumFromLabel(Text(node, "intervention_type")));
    SetText(intervention, "name", Text(node, "intervention_name"));
    SetText(intervention, "description", Text(node, "description"));
    OrderedJson labels = OrderedJson::array();
    for (auto label : node.children("arm_group_label")) labels.push_back(Text(label));
    SetUnlessEmpty(intervention, "armGroupLabels", labels);
    OrderedJson other_names = OrderedJson::array();
    for (auto name : node.children("other_name")) other_names.push_back(Text(name));
    SetUnlessEmpty(intervention, "otherNames", other_names);
    interventions.push_back(intervention);
  }
  OrderedJson arms = OrderedJson::array();
  for (auto node : study.children("arm_group")) {
    OrderedJson arm;
    const std::string label = Text(node, "arm_group_label");
    SetText(arm, "label", label);
    SetText(arm, "type", EnumFromLabel(Text(node, "arm_group_type")));
    SetText(arm, "description", Text(node, "description"));
    // API v2 lists an arm's interventions as "Drug: Thalidomide".
    OrderedJson names = OrderedJson::array();
    for (auto node_intervention : study.children("intervention")) {
      for (auto arm_label : node_intervention.children("arm_group_label")) {
        if (Text(arm_label) == label) {
          names.push_back(Text(node_intervention, "intervention_type") + ": " +
                          Text(node_intervention, "intervention_name"));
        }
      }
    }
    SetUnlessEmpty(arm, "interventionNames", names);
    arms.push_back(arm);
  }
  OrderedJson module;
  SetUnlessEmpty(module, "armGroups", arms);
  SetUnlessEmpty(module, "interventions", interventions);
  return module;
}

OrderedJson Outcomes(const pugi::xml_node& study, const char* tag) {
  OrderedJson outcomes = OrderedJson::array();
  for (auto node : study.children(tag)) {
    OrderedJson outcome;
    SetText(outcome, "measure", Text(node, "measure"));
    SetText(outcome, "description", Text(node, "description"));
    SetText(outcome, "timeFrame", Text(node, "time_frame"));
    outcomes.push_back(outcome);
  }
  return outcomes;
}

// API v2's standard age groups, derived from the bounds as the registry does:
// CHILD (birth-17), ADULT (18-64), OLDER_ADULT (65+).
OrderedJson StandardAges(const std::optional<Age>& minimum, const std::optional<Age>& maximum) {
  const double low = minimum ? minimum->InYears() : 0;
  const double high = maximum ? maximum->InYears() : 1000;
  OrderedJson groups = OrderedJson::array();
  if (low < 18) groups.push_back("CHILD");
  if (low < 65 && high >= 18) groups.push_back("ADULT");
  if (high >= 65) groups.push_back("OLDER_ADULT");
  return groups;
}

OrderedJson EligibilityModule(const pugi::xml_node& study) {
  const pugi::xml_node node = study.child("eligibility");
  OrderedJson module;
  SetText(module, "eligibilityCriteria",
          Dedent(node.child("criteria").child("textblock").child_value()));
  const std::string healthy = Text(node, "healthy_volunteers");
  if (!healthy.empty()) module["healthyVolunteers"] = healthy.rfind("Accepts", 0) == 0;
  const std::string gender = Text(node, "gender");
  if (!gender.empty()) module["sex"] = gender == "Both" ? "ALL" : EnumFromLabel(gender);
  if (auto based = YesNo(Text(node, "gender_based"))) module["genderBased"] = *based;
  SetText(module, "genderDescription", Text(node, "gender_description"));
  std::optional<Age> bounds[2];
  const char* tags[2] = {"minimum_age", "maximum_age"};
  const char* keys[2] = {"minimumAge", "maximumAge"};
  for (int i = 0; i < 2; ++i) {
    const std::string text = Text(node, tags[i]);
    Result<std::optional<Age>> age = ParseAge(text);
    if (!age.ok()) {
      module[keys[i]] = text;  // the study parser reports it
    } else if (age->has_value()) {
      bounds[i] = *age;
      module[keys[i]] = text;
    }
  }
  if (node) module["stdAges"] = StandardAges(bounds[0], bounds[1]);
  SetText(module, "studyPopulation",
          Dedent(node.child("study_pop").child("textblock").child_value()));
  SetText(module, "samplingMethod", EnumFromLabel(Text(node, "sampling_method")));
  return module;
}

OrderedJson ContactFrom(const pugi::xml_node& node, const char* role) {
  OrderedJson contact;
  SetText(contact, "name", Text(node, "last_name"));
  contact["role"] = role;
  SetText(contact, "phone", Text(node, "phone"));
  SetText(contact, "phoneExt", Text(node, "phone_ext"));
  SetText(contact, "email", Text(node, "email"));
  return contact;
}

OrderedJson ContactsLocationsModule(const pugi::xml_node& study) {
  OrderedJson module;
  OrderedJson central = OrderedJson::array();
  for (const char* tag : {"overall_contact", "overall_contact_backup"}) {
    if (auto node = study.child(tag)) central.push_back(ContactFrom(node, "CONTACT"));
  }
  SetUnlessEmpty(module, "centralContacts", central);
  OrderedJson officials = OrderedJson::array();
  for (auto node : study.children("overall_official")) {
    OrderedJson official;
    SetText(official, "name", Text(node, "last_name"));
    SetText(official, "affiliation", Text(node, "affiliation"));
    SetText(official, "role", EnumFromLabel(Text(node, "role")));
    officials.push_back(official);
  }
  SetUnlessEmpty(module, "overallOfficials", officials);
  OrderedJson locations = OrderedJson::array();
  for (auto node : study.children("location")) {
    const pugi::xml_node facility = node.child("facility");
    const pugi::xml_node address = facility.child("address");
    OrderedJson location;
    SetText(location, "facility", Text(facility, "name"));
    SetText(location, "status", StatusFromLabel(Text(node, "status")));
    SetText(location, "city", Text(address, "city"));
    SetText(location, "state", Text(address, "state"));
    SetText(location, "zip", Text(address, "zip"));
    SetText(location, "country", Text(address, "country"));
    OrderedJson contacts = OrderedJson::array();
    for (const char* tag : {"contact", "contact_backup"}) {
      if (auto contact = node.child(tag)) contacts.push_back(ContactFrom(contact, "CONTACT"));
    }
    for (auto investigator : node.children("investigator")) {
      OrderedJson person;
      SetText(person, "name", Text(investigator, "last_name"));
      SetText(person, "role", EnumFromLabel(Text(investigator, "role")));
      contacts.push_back(person);
    }
    SetUnlessEmpty(location, "contacts", contacts);
    locations.push_back(location);
  }
  SetUnlessEmpty(module, "locations", locations);
  return module;
}

OrderedJson ReferencesModule(const pugi::xml_node& study) {
  OrderedJson references = OrderedJson::array();
  for (auto [tag, type] : {std::pair{"reference", "BACKGROUND"}, {"results_reference", "RESULT"}}) {
    for (auto node : study.children(tag)) {
      OrderedJson reference;
      SetText(reference, "pmid", Text(node, "PMID"));
      reference["type"] = type;
      SetText(reference, "citation", Text(node, "citation"));
      references.push_back(reference);
    }
  }
  OrderedJson links = OrderedJson::array();
  for (auto node : study.children("link")) {
    OrderedJson link;
    SetText(link, "label", Text(node, "description"));
    SetText(link, "url", Text(node, "url"));
    links.push_back(link);
  }
  OrderedJson documents = OrderedJson::array();
  for (auto node : study.child("study_docs").children("study_doc")) {
    OrderedJson document;
    SetText(document, "id", Text(node, "doc_id"));
    SetText(document, "type", Text(node, "doc_type"));
    SetText(document, "url", Text(node, "doc_url"));
    SetText(document, "comment", Text(node, "doc_comment"));
    documents.push_back(document);
  }
  OrderedJson module;
  SetUnlessEmpty(module, "references", references);
  SetUnlessEmpty(module, "seeAlsoLinks", links);
  SetUnlessEmpty(module, "availIpds", documents);
  return module;
}

OrderedJson IpdSharingModule(const pugi::xml_node& study) {
  const pugi::xml_node data = study.child("patient_data");
  OrderedJson module;
  SetText(module, "ipdSharing", EnumFromLabel(Text(data, "sharing_ipd")));
  SetText(module, "description", Text(data, "ipd_description"));
  OrderedJson info_types = OrderedJson::array();
  for (auto node : data.children("ipd_info_type")) {
    const std::string label = Text(node);
    const std::size_t paren = label.find('(');
    // "Statistical Analysis Plan (SAP)" -> "SAP"; "Study Protocol" -> STUDY_PROTOCOL.
    info_types.push_back(paren == std::string::npos ? EnumFromLabel(label)
                                                    : EnumFromLabel(label.substr(paren + 1)));
  }
  SetUnlessEmpty(module, "infoTypes", info_types);
  SetText(module, "timeFrame", Text(data, "ipd_time_frame"));
  SetText(module, "accessCriteria", Text(data, "ipd_access_criteria"));
  SetText(module, "url", Text(data, "ipd_url"));
  return module;
}

OrderedJson BrowseModule(const pugi::xml_node& browse) {
  OrderedJson meshes = OrderedJson::array();
  for (auto term : browse.children("mesh_term")) meshes.push_back({{"term", Text(term)}});
  OrderedJson module;
  SetUnlessEmpty(module, "meshes", meshes);
  return module;
}

OrderedJson DerivedSection(const pugi::xml_node& study) {
  OrderedJson section;
  OrderedJson removed = OrderedJson::array();
  for (auto country : study.child("removed_countries").children("country")) {
    removed.push_back(Text(country));
  }
  if (!removed.empty()) section["miscInfoModule"] = {{"removedCountries", removed}};
  SetUnlessEmpty(section, "conditionBrowseModule", BrowseModule(study.child("condition_browse")));
  SetUnlessEmpty(section, "interventionBrowseModule",
                 BrowseModule(study.child("intervention_browse")));
  return section;
}

}  // namespace

Result<std::string> ConvertLegacyXml(std::string_view xml) {
  pugi::xml_document document;
  const pugi::xml_parse_result parsed = document.load_buffer(xml.data(), xml.size());
  if (!parsed) {
    return Status::InvalidArgument(std::string("malformed XML: ") + parsed.description() +
                                   " at byte " + std::to_string(parsed.offset));
  }
  const pugi::xml_node study = document.child("clinical_study");
  if (!study) return Status::InvalidArgument("the XML has no <clinical_study> root element");
  if (Text(study.child("id_info"), "nct_id").empty()) {
    return Status::InvalidArgument("the <clinical_study> has no <id_info><nct_id>");
  }
  OrderedJson protocol;
  protocol["identificationModule"] = Identification(study);
  SetUnlessEmpty(protocol, "statusModule", StatusModule(study));
  SetUnlessEmpty(protocol, "sponsorCollaboratorsModule", SponsorModule(study));
  SetUnlessEmpty(protocol, "oversightModule", OversightModule(study));
  OrderedJson description;
  SetText(description, "briefSummary", TextBlock(study, "brief_summary"));
  SetText(description, "detailedDescription", TextBlock(study, "detailed_description"));
  SetUnlessEmpty(protocol, "descriptionModule", description);
  OrderedJson conditions;
  OrderedJson condition_list = OrderedJson::array();
  for (auto node : study.children("condition")) condition_list.push_back(Text(node));
  SetUnlessEmpty(conditions, "conditions", condition_list);
  OrderedJson keywords = OrderedJson::array();
  for (auto node : study.children("keyword")) keywords.push_back(Text(node));
  SetUnlessEmpty(conditions, "keywords", keywords);
  SetUnlessEmpty(protocol, "conditionsModule", conditions);
  SetUnlessEmpty(protocol, "designModule", DesignModule(study));
  SetUnlessEmpty(protocol, "armsInterventionsModule", ArmsModule(study));
  OrderedJson outcomes;
  SetUnlessEmpty(outcomes, "primaryOutcomes", Outcomes(study, "primary_outcome"));
  SetUnlessEmpty(outcomes, "secondaryOutcomes", Outcomes(study, "secondary_outcome"));
  SetUnlessEmpty(outcomes, "otherOutcomes", Outcomes(study, "other_outcome"));
  SetUnlessEmpty(protocol, "outcomesModule", outcomes);
  SetUnlessEmpty(protocol, "eligibilityModule", EligibilityModule(study));
  SetUnlessEmpty(protocol, "contactsLocationsModule", ContactsLocationsModule(study));
  SetUnlessEmpty(protocol, "referencesModule", ReferencesModule(study));
  SetUnlessEmpty(protocol, "ipdSharingStatementModule", IpdSharingModule(study));

  OrderedJson record;
  record["protocolSection"] = protocol;
  SetUnlessEmpty(record, "derivedSection", DerivedSection(study));
  record["hasResults"] = static_cast<bool>(study.child("clinical_results"));
  try {
    return record.dump();
  } catch (const nlohmann::json::exception&) {
    // dump() refuses strings that are not UTF-8.
    return Status::InvalidArgument("the XML contains text that is not valid UTF-8");
  }
}

}  // namespace trialfinder
