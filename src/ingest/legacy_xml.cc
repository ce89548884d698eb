// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Legacy ClinicalTrials.gov XML (<clinical_study>, the format of the old
// AllPublicXML download) converted to an API v2 study record, so that the
// rest of trialfinder only ever sees one shape. This file maps the XML's
// sections to the record's modules; legacy_xml_internal.h lists the rest.

#include <array>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <utility>

#include "ingest/legacy_xml_internal.h"
#include "trialfinder/ingest.h"

namespace trialfinder {
namespace legacy_xml {
namespace {

// The identificationModule: NCT ID and aliases, the organization's and
// secondary study IDs, titles, acronym, and the organization (<source>,
// with the lead sponsor's agency class).
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

// The statusModule: statuses and every date, from the current tag or the
// one older records used.
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

// The sponsorCollaboratorsModule: responsible party, lead sponsor and
// collaborators.
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

// The oversightModule: the Yes/No flags of <oversight_info>.
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

// The armsInterventionsModule: arm groups (each with the interventions
// that name its label) and interventions.
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

// The outcomes of every `tag` element (primary_outcome, ...) as a list.
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

// A contact person with `role`.
OrderedJson ContactFrom(const pugi::xml_node& node, const char* role) {
  OrderedJson contact;
  SetText(contact, "name", Text(node, "last_name"));
  contact["role"] = role;
  SetText(contact, "phone", Text(node, "phone"));
  SetText(contact, "phoneExt", Text(node, "phone_ext"));
  SetText(contact, "email", Text(node, "email"));
  return contact;
}

// The contactsLocationsModule: central contacts, overall officials and
// sites with their contacts and investigators.
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

// The referencesModule: references (background and results), links and
// study documents.
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

// The ipdSharingStatementModule, from <patient_data>.
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

// A condition or intervention browse module: its MeSH terms.
OrderedJson BrowseModule(const pugi::xml_node& browse) {
  OrderedJson meshes = OrderedJson::array();
  for (auto term : browse.children("mesh_term")) meshes.push_back({{"term", Text(term)}});
  OrderedJson module;
  SetUnlessEmpty(module, "meshes", meshes);
  return module;
}

// The derivedSection: removed countries and the MeSH browse modules.
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

// The whole API v2 record of <clinical_study> `study`.
OrderedJson StudyRecord(const pugi::xml_node& study) {
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
  return record;
}

}  // namespace
}  // namespace legacy_xml

Result<std::string> ConvertLegacyXml(std::string_view xml) {
  pugi::xml_document document;
  const pugi::xml_parse_result parsed = document.load_buffer(xml.data(), xml.size());
  if (!parsed) {
    return Status::InvalidArgument(std::string("malformed XML: ") + parsed.description() +
                                   " at byte " + std::to_string(parsed.offset));
  }
  const pugi::xml_node study = document.child("clinical_study");
  if (!study) return Status::InvalidArgument("the XML has no <clinical_study> root element");
  if (legacy_xml::Text(study.child("id_info"), "nct_id").empty()) {
    return Status::InvalidArgument("the <clinical_study> has no <id_info><nct_id>");
  }
  try {
    return legacy_xml::StudyRecord(study).dump();
  } catch (const nlohmann::json::exception&) {
    // dump() refuses strings that are not UTF-8.
    return Status::InvalidArgument("the XML contains text that is not valid UTF-8");
  }
}

}  // namespace trialfinder
