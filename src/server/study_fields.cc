// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/study_fields.h"
#include "text/ascii_case.h"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>

namespace trialfinder {
namespace {

using Json = nlohmann::ordered_json;

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> keys;
  std::istringstream parts(path);
  for (std::string key; std::getline(parts, key, '.');) {
    if (!key.empty()) keys.push_back(key);
  }
  return keys;
}

// Top-level sections and the modules inside them.
const std::map<std::string, std::string>& ModuleSections() {
  static const std::map<std::string, std::string> kModules = {
      {"identificationModule", "protocolSection"},
      {"statusModule", "protocolSection"},
      {"sponsorCollaboratorsModule", "protocolSection"},
      {"oversightModule", "protocolSection"},
      {"descriptionModule", "protocolSection"},
      {"conditionsModule", "protocolSection"},
      {"designModule", "protocolSection"},
      {"armsInterventionsModule", "protocolSection"},
      {"outcomesModule", "protocolSection"},
      {"eligibilityModule", "protocolSection"},
      {"contactsLocationsModule", "protocolSection"},
      {"referencesModule", "protocolSection"},
      {"ipdSharingStatementModule", "protocolSection"},
      {"miscInfoModule", "derivedSection"},
      {"conditionBrowseModule", "derivedSection"},
      {"interventionBrowseModule", "derivedSection"},
      {"participantFlowModule", "resultsSection"},
      {"baselineCharacteristicsModule", "resultsSection"},
      {"outcomeMeasuresModule", "resultsSection"},
      {"adverseEventsModule", "resultsSection"},
      {"moreInfoModule", "resultsSection"},
      {"largeDocumentModule", "documentSection"},
      {"annotationModule", "annotationSection"},
  };
  return kModules;
}

bool IsSection(const std::string& name) {
  return name == "protocolSection" || name == "derivedSection" || name == "resultsSection" ||
         name == "documentSection" || name == "annotationSection" || name == "hasResults";
}

// API v2 piece names (lower case) -> paths.
const std::map<std::string, std::string>& Pieces() {
  static const std::map<std::string, std::string> kPieces = {
      {"nctid", "protocolSection.identificationModule.nctId"},
      {"orgstudyid", "protocolSection.identificationModule.orgStudyIdInfo.id"},
      {"secondaryid", "protocolSection.identificationModule.secondaryIdInfos.id"},
      {"brieftitle", "protocolSection.identificationModule.briefTitle"},
      {"officialtitle", "protocolSection.identificationModule.officialTitle"},
      {"acronym", "protocolSection.identificationModule.acronym"},
      {"overallstatus", "protocolSection.statusModule.overallStatus"},
      {"lastknownstatus", "protocolSection.statusModule.lastKnownStatus"},
      {"whystopped", "protocolSection.statusModule.whyStopped"},
      {"startdate", "protocolSection.statusModule.startDateStruct.date"},
      {"primarycompletiondate", "protocolSection.statusModule.primaryCompletionDateStruct.date"},
      {"completiondate", "protocolSection.statusModule.completionDateStruct.date"},
      {"studyfirstpostdate", "protocolSection.statusModule.studyFirstPostDateStruct.date"},
      {"resultsfirstpostdate", "protocolSection.statusModule.resultsFirstPostDateStruct.date"},
      {"lastupdatepostdate", "protocolSection.statusModule.lastUpdatePostDateStruct.date"},
      {"leadsponsorname", "protocolSection.sponsorCollaboratorsModule.leadSponsor.name"},
      {"leadsponsorclass", "protocolSection.sponsorCollaboratorsModule.leadSponsor.class"},
      {"collaboratorname", "protocolSection.sponsorCollaboratorsModule.collaborators.name"},
      {"responsiblepartytype", "protocolSection.sponsorCollaboratorsModule.responsibleParty.type"},
      {"briefsummary", "protocolSection.descriptionModule.briefSummary"},
      {"detaileddescription", "protocolSection.descriptionModule.detailedDescription"},
      {"condition", "protocolSection.conditionsModule.conditions"},
      {"keyword", "protocolSection.conditionsModule.keywords"},
      {"studytype", "protocolSection.designModule.studyType"},
      {"phase", "protocolSection.designModule.phases"},
      {"enrollmentcount", "protocolSection.designModule.enrollmentInfo.count"},
      {"enrollmenttype", "protocolSection.designModule.enrollmentInfo.type"},
      {"designallocation", "protocolSection.designModule.designInfo.allocation"},
      {"designinterventionmodel", "protocolSection.designModule.designInfo.interventionModel"},
      {"designprimarypurpose", "protocolSection.designModule.designInfo.primaryPurpose"},
      {"designmasking", "protocolSection.designModule.designInfo.maskingInfo.masking"},
      {"armgrouplabel", "protocolSection.armsInterventionsModule.armGroups.label"},
      {"interventionname", "protocolSection.armsInterventionsModule.interventions.name"},
      {"interventiontype", "protocolSection.armsInterventionsModule.interventions.type"},
      {"interventionothername", "protocolSection.armsInterventionsModule.interventions.otherNames"},
      {"primaryoutcomemeasure", "protocolSection.outcomesModule.primaryOutcomes.measure"},
      {"secondaryoutcomemeasure", "protocolSection.outcomesModule.secondaryOutcomes.measure"},
      {"eligibilitycriteria", "protocolSection.eligibilityModule.eligibilityCriteria"},
      {"healthyvolunteers", "protocolSection.eligibilityModule.healthyVolunteers"},
      {"sex", "protocolSection.eligibilityModule.sex"},
      {"gender", "protocolSection.eligibilityModule.sex"},
      {"minimumage", "protocolSection.eligibilityModule.minimumAge"},
      {"maximumage", "protocolSection.eligibilityModule.maximumAge"},
      {"stdage", "protocolSection.eligibilityModule.stdAges"},
      {"centralcontactname", "protocolSection.contactsLocationsModule.centralContacts.name"},
      {"overallofficialname", "protocolSection.contactsLocationsModule.overallOfficials.name"},
      {"locationfacility", "protocolSection.contactsLocationsModule.locations.facility"},
      {"locationstatus", "protocolSection.contactsLocationsModule.locations.status"},
      {"locationcity", "protocolSection.contactsLocationsModule.locations.city"},
      {"locationstate", "protocolSection.contactsLocationsModule.locations.state"},
      {"locationcountry", "protocolSection.contactsLocationsModule.locations.country"},
      {"locationgeopoint", "protocolSection.contactsLocationsModule.locations.geoPoint"},
      {"referencepmid", "protocolSection.referencesModule.references.pmid"},
      {"ipdsharing", "protocolSection.ipdSharingStatementModule.ipdSharing"},
      {"conditionmeshterm", "derivedSection.conditionBrowseModule.meshes.term"},
      {"conditionancestorterm", "derivedSection.conditionBrowseModule.ancestors.term"},
      {"interventionmeshterm", "derivedSection.interventionBrowseModule.meshes.term"},
      {"hasresults", "hasResults"},
  };
  return kPieces;
}

Result<FieldPath> ResolveField(const std::string& name) {
  if (name.find('.') != std::string::npos) {
    std::vector<std::string> keys = SplitPath(name);
    if (keys.empty()) return Status::InvalidArgument("parameter 'fields': empty field name");
    if (IsSection(keys[0])) return FieldPath{name, keys};
    auto module = ModuleSections().find(keys[0]);
    if (module == ModuleSections().end()) {
      return Status::InvalidArgument("parameter 'fields': unknown field '" + name + "'");
    }
    keys.insert(keys.begin(), module->second);
    return FieldPath{name, keys};
  }
  if (IsSection(name)) return FieldPath{name, {name}};
  // Modules: StatusModule or statusModule.
  std::string camel = name;
  camel[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(camel[0])));
  if (auto module = ModuleSections().find(camel); module != ModuleSections().end()) {
    return FieldPath{name, {module->second, camel}};
  }
  if (auto piece = Pieces().find(AsciiLowercase(name)); piece != Pieces().end()) {
    return FieldPath{name, SplitPath(piece->second)};
  }
  return Status::InvalidArgument("parameter 'fields': unknown field '" + name + "'");
}

// The part of `value` under keys[i..]; null when absent. Lists keep their
// positions (null where an element lacks the field).
Json Extract(const Json& value, const std::vector<std::string>& keys, std::size_t i) {
  if (i == keys.size()) return value;
  if (value.is_array()) {
    Json list = Json::array();
    bool any = false;
    for (const Json& element : value) {
      list.push_back(Extract(element, keys, i));
      any |= !list.back().is_null();
    }
    return any ? list : Json();
  }
  if (!value.is_object()) return Json();
  auto child = value.find(keys[i]);
  if (child == value.end()) return Json();
  Json extracted = Extract(*child, keys, i + 1);
  if (extracted.is_null()) return Json();
  return Json{{keys[i], std::move(extracted)}};
}

void Merge(Json& into, const Json& part) {
  if (into.is_null()) {
    into = part;
  } else if (into.is_object() && part.is_object()) {
    for (auto it = part.begin(); it != part.end(); ++it) {
      if (into.contains(it.key())) {
        Merge(into[it.key()], it.value());
      } else {
        into[it.key()] = it.value();
      }
    }
  } else if (into.is_array() && part.is_array()) {
    for (std::size_t i = 0; i < part.size() && i < into.size(); ++i) Merge(into[i], part[i]);
  }
}

void DropNulls(Json& value) {
  if (value.is_object()) {
    for (auto& [key, child] : value.items()) DropNulls(child);
  } else if (value.is_array()) {
    Json kept = Json::array();
    for (Json& element : value) {
      DropNulls(element);
      if (!element.is_null()) kept.push_back(std::move(element));
    }
    value = std::move(kept);
  }
}

void Leaves(const Json& value, std::vector<std::string>& out) {
  if (value.is_null()) return;
  if (value.is_array() || value.is_object()) {
    for (const Json& child : value) Leaves(child, out);
  } else if (value.is_string()) {
    out.push_back(value.get<std::string>());
  } else {
    out.push_back(value.dump());
  }
}

std::string CsvCell(std::string text) {
  // A cell that a spreadsheet would read as a formula gets a leading
  // apostrophe (OWASP's list: = + - @, and TAB and CR, which some
  // spreadsheets skip before reading the formula).
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
                        text[0] == '\t' || text[0] == '\r')) {
    text = "'" + text;
  }
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    quoted += c;
    if (c == '"') quoted += '"';
  }
  return quoted + "\"";
}

}  // namespace

Result<std::vector<FieldPath>> ParseFields(const std::string& text) {
  std::vector<FieldPath> fields;
  std::string name;
  for (char c : text + ",") {
    if (c == ',' || c == '|') {
      const auto begin = name.find_first_not_of(" \t");
      if (begin != std::string::npos) {
        Result<FieldPath> field =
            ResolveField(name.substr(begin, name.find_last_not_of(" \t") - begin + 1));
        if (!field.ok()) return field.status();
        // A field named again adds nothing but size: 200 copies of
        // protocolSection made a 3 kB CSV request answer 1 GB (issue 20).
        const bool repeated =
            std::any_of(fields.begin(), fields.end(),
                        [&](const FieldPath& known) { return known.keys == field->keys; });
        if (!repeated) fields.push_back(*field);
      }
      name.clear();
    } else {
      name += c;
    }
  }
  if (fields.size() > 200) return Status::InvalidArgument("parameter 'fields': at most 200 fields");
  return fields;
}

Json ProjectStudy(const Json& study, const std::vector<FieldPath>& fields) {
  Json out = Json::object();
  for (const FieldPath& field : fields) {
    Json part = Extract(study, field.keys, 0);
    if (!part.is_null()) Merge(out, part);
  }
  DropNulls(out);
  return out;
}

const std::vector<FieldPath>& DefaultCsvColumns() {
  static const std::vector<FieldPath> kColumns = [] {
    const std::pair<const char*, const char*> columns[] = {
        {"NCT Number", "nctid"},
        {"Study Title", "brieftitle"},
        {"Acronym", "acronym"},
        {"Study Status", "overallstatus"},
        {"Conditions", "condition"},
        {"Interventions", "interventionname"},
        {"Sponsor", "leadsponsorname"},
        {"Sex", "sex"},
        {"Minimum Age", "minimumage"},
        {"Maximum Age", "maximumage"},
        {"Phases", "phase"},
        {"Enrollment", "enrollmentcount"},
        {"Study Type", "studytype"},
        {"Start Date", "startdate"},
        {"Completion Date", "completiondate"},
        {"Last Update Posted", "lastupdatepostdate"},
        {"Locations", "locationcity"}};
    std::vector<FieldPath> out;
    for (const auto& [title, piece] : columns)
      out.push_back({title, SplitPath(Pieces().at(piece))});
    return out;
  }();
  return kColumns;
}

std::string CsvHeader(const std::vector<FieldPath>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) line += (i ? "," : "") + CsvCell(fields[i].name);
  return line + "\r\n";
}

std::string CsvRow(const Json& study, const std::vector<FieldPath>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    std::vector<std::string> values;
    Leaves(Extract(study, fields[i].keys, 0), values);
    std::string cell = fmt::format("{}", fmt::join(values, "|"));
    line += (i ? "," : "") + CsvCell(cell);
  }
  return line + "\r\n";
}

}  // namespace trialfinder
