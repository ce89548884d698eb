// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Study: the typed study record, shaped like the ClinicalTrials.gov API v2
// "Study" object (protocolSection modules, derivedSection, hasResults).
//
// Conventions: a field that is absent from the record is an empty string, an
// empty vector, an empty optional, or a struct whose fields are all absent.
// Enumerations keep the API v2 spelling ("RECRUITING", "PHASE1"); the parser
// rejects values outside the documented sets, so code may switch on them.
// Dates keep the API spelling too ("2025-07", "2025-07-02").
//
// The record as received is kept verbatim in `raw_json`, so fields this model
// does not know (resultsSection, documentSection, future additions) are never
// lost: the store keeps and serves raw_json, the typed fields are a view.

#ifndef TRIALFINDER_STUDY_H_
#define TRIALFINDER_STUDY_H_

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "trialfinder/age.h"

namespace trialfinder {

struct DateStruct {
  std::string date;  // "2025-07" or "2025-07-02"
  std::string type;  // ACTUAL | ESTIMATED
};

// --- identificationModule -------------------------------------------------

struct OrgStudyIdInfo {
  std::string id;
  std::string type;
  std::string link;
};

struct SecondaryIdInfo {
  std::string id;
  std::string type;
  std::string domain;
  std::string link;
};

struct Organization {
  std::string full_name;
  std::string organization_class;  // "class" in JSON: INDUSTRY, NIH, OTHER...
};

struct IdentificationModule {
  std::string nct_id;
  std::vector<std::string> nct_id_aliases;
  OrgStudyIdInfo org_study_id_info;
  std::vector<SecondaryIdInfo> secondary_id_infos;
  std::string brief_title;
  std::string official_title;
  std::string acronym;
  Organization organization;
};

// --- statusModule ---------------------------------------------------------

struct ExpandedAccessInfo {
  std::optional<bool> has_expanded_access;
  std::string nct_id;
  std::string status_for_nct_id;
};

struct StatusModule {
  std::string status_verified_date;
  std::string overall_status;  // RECRUITING, COMPLETED, ...
  std::string last_known_status;
  std::optional<bool> delayed_posting;
  std::string why_stopped;
  ExpandedAccessInfo expanded_access_info;
  DateStruct start_date;
  DateStruct primary_completion_date;
  DateStruct completion_date;
  std::string study_first_submit_date;
  std::string study_first_submit_qc_date;
  DateStruct study_first_post_date;
  std::optional<bool> results_waived;
  std::string results_first_submit_date;
  std::string results_first_submit_qc_date;
  DateStruct results_first_post_date;
  std::string disp_first_submit_date;
  std::string disp_first_submit_qc_date;
  DateStruct disp_first_post_date;
  std::string last_update_submit_date;
  DateStruct last_update_post_date;
};

// --- sponsorCollaboratorsModule ------------------------------------------

struct ResponsibleParty {
  std::string type;  // SPONSOR, PRINCIPAL_INVESTIGATOR, SPONSOR_INVESTIGATOR
  std::string investigator_full_name;
  std::string investigator_title;
  std::string investigator_affiliation;
  std::string old_name_title;
  std::string old_organization;
};

struct Sponsor {
  std::string name;
  std::string sponsor_class;  // "class" in JSON
};

struct SponsorCollaboratorsModule {
  ResponsibleParty responsible_party;
  Sponsor lead_sponsor;
  std::vector<Sponsor> collaborators;
};

// --- oversightModule, descriptionModule, conditionsModule -----------------

struct OversightModule {
  std::optional<bool> oversight_has_dmc;
  std::optional<bool> is_fda_regulated_drug;
  std::optional<bool> is_fda_regulated_device;
  std::optional<bool> is_unapproved_device;
  std::optional<bool> is_ppsd;
  std::optional<bool> is_us_export;
  std::optional<bool> fdaaa801_violation;
};

struct DescriptionModule {
  std::string brief_summary;
  std::string detailed_description;
};

struct ConditionsModule {
  std::vector<std::string> conditions;
  std::vector<std::string> keywords;
};

// --- designModule ---------------------------------------------------------

struct ExpandedAccessTypes {
  std::optional<bool> individual;
  std::optional<bool> intermediate;
  std::optional<bool> treatment;
};

struct MaskingInfo {
  std::string masking;  // NONE, SINGLE, DOUBLE, TRIPLE, QUADRUPLE
  std::string masking_description;
  std::vector<std::string> who_masked;
};

struct DesignInfo {
  std::string allocation;
  std::string intervention_model;
  std::string intervention_model_description;
  std::string primary_purpose;
  std::string observational_model;
  std::string time_perspective;
  MaskingInfo masking_info;
};

struct BioSpec {
  std::string retention;
  std::string description;
};

struct EnrollmentInfo {
  std::optional<int64_t> count;
  std::string type;  // ACTUAL | ESTIMATED
};

struct DesignModule {
  std::string study_type;  // INTERVENTIONAL, OBSERVATIONAL, EXPANDED_ACCESS
  ExpandedAccessTypes expanded_access_types;
  std::optional<bool> patient_registry;
  std::string target_duration;
  std::vector<std::string> phases;  // NA, EARLY_PHASE1, PHASE1 ... PHASE4
  DesignInfo design_info;
  BioSpec bio_spec;
  EnrollmentInfo enrollment_info;
};

// --- armsInterventionsModule ----------------------------------------------

struct ArmGroup {
  std::string label;
  std::string type;  // EXPERIMENTAL, ACTIVE_COMPARATOR, ...
  std::string description;
  std::vector<std::string> intervention_names;
};

struct Intervention {
  std::string type;  // DRUG, BIOLOGICAL, DEVICE, ...
  std::string name;
  std::string description;
  std::vector<std::string> arm_group_labels;
  std::vector<std::string> other_names;
};

struct ArmsInterventionsModule {
  std::vector<ArmGroup> arm_groups;
  std::vector<Intervention> interventions;
};

// --- outcomesModule -------------------------------------------------------

struct Outcome {
  std::string measure;
  std::string description;
  std::string time_frame;
};

struct OutcomesModule {
  std::vector<Outcome> primary_outcomes;
  std::vector<Outcome> secondary_outcomes;
  std::vector<Outcome> other_outcomes;
};

// --- eligibilityModule ----------------------------------------------------

struct EligibilityModule {
  std::string eligibility_criteria;
  std::optional<bool> healthy_volunteers;
  std::string sex;  // ALL, FEMALE, MALE
  std::optional<bool> gender_based;
  std::string gender_description;
  std::optional<Age> minimum_age;     // empty: no lower bound
  std::optional<Age> maximum_age;     // empty: no upper bound
  std::vector<std::string> std_ages;  // CHILD, ADULT, OLDER_ADULT
  std::string study_population;
  std::string sampling_method;
};

// --- contactsLocationsModule ----------------------------------------------

struct Contact {
  std::string name;
  std::string role;
  std::string phone;
  std::string phone_ext;
  std::string email;
};

struct Official {
  std::string name;
  std::string affiliation;
  std::string role;
};

struct GeoPoint {
  std::optional<double> lat;
  std::optional<double> lon;
};

struct Location {
  std::string facility;
  std::string status;  // site recruitment status: RECRUITING, ...
  std::string city;
  std::string state;
  std::string zip;
  std::string country;
  std::vector<Contact> contacts;
  GeoPoint geo_point;
};

struct ContactsLocationsModule {
  std::vector<Contact> central_contacts;
  std::vector<Official> overall_officials;
  std::vector<Location> locations;
};

// --- referencesModule, ipdSharingStatementModule --------------------------

struct Reference {
  std::string pmid;
  std::string type;  // BACKGROUND, RESULT, DERIVED
  std::string citation;
};

struct SeeAlsoLink {
  std::string label;
  std::string url;
};

struct AvailableIpd {
  std::string id;
  std::string type;
  std::string url;
  std::string comment;
};

struct ReferencesModule {
  std::vector<Reference> references;
  std::vector<SeeAlsoLink> see_also_links;
  std::vector<AvailableIpd> avail_ipds;
};

struct IpdSharingStatementModule {
  std::string ipd_sharing;  // YES, NO, UNDECIDED
  std::string description;
  std::vector<std::string> info_types;
  std::string time_frame;
  std::string access_criteria;
  std::string url;
};

struct ProtocolSection {
  IdentificationModule identification;
  StatusModule status;
  SponsorCollaboratorsModule sponsor_collaborators;
  OversightModule oversight;
  DescriptionModule description;
  ConditionsModule conditions;
  DesignModule design;
  ArmsInterventionsModule arms_interventions;
  OutcomesModule outcomes;
  EligibilityModule eligibility;
  ContactsLocationsModule contacts_locations;
  ReferencesModule references;
  IpdSharingStatementModule ipd_sharing_statement;
};

// --- derivedSection ---------------------------------------------------------

struct MeshTerm {
  std::string id;  // MeSH descriptor ID, e.g. D008180
  std::string term;
};

struct BrowseLeaf {
  std::string id;
  std::string name;
  std::string as_found;
  std::string relevance;  // LOW | HIGH
};

struct BrowseBranch {
  std::string abbrev;
  std::string name;
};

// conditionBrowseModule and interventionBrowseModule share this shape.
struct BrowseModule {
  std::vector<MeshTerm> meshes;
  std::vector<MeshTerm> ancestors;
  std::vector<BrowseLeaf> browse_leaves;
  std::vector<BrowseBranch> browse_branches;
};

struct MiscInfoModule {
  std::string version_holder;
  std::vector<std::string> removed_countries;
};

struct DerivedSection {
  MiscInfoModule misc_info;
  BrowseModule condition_browse;
  BrowseModule intervention_browse;
};

// The overall (or site) statuses of a study one can join now or soon: the
// search page's "Open to enrollment", what /match considers, and the sites
// a distance filter counts as open. AVAILABLE is expanded access: a drug
// a patient can ask for outside the trial.
inline constexpr std::array<std::string_view, 4> kOpenStatuses = {
    "RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION", "AVAILABLE"};

// Whether `status` is one of kOpenStatuses.
inline bool IsOpenStatus(std::string_view status) {
  return std::find(kOpenStatuses.begin(), kOpenStatuses.end(), status) != kOpenStatuses.end();
}

// One study record.
struct Study {
  ProtocolSection protocol;
  DerivedSection derived;
  std::optional<bool> has_results;
  // True when the record carries a resultsSection (kept only in raw_json).
  bool has_results_section = false;
  // The record exactly as received (API v2 JSON text). Legacy XML records
  // hold the API v2 JSON they were converted to.
  std::string raw_json;

  const std::string& nct_id() const { return protocol.identification.nct_id; }
};

// The drug and condition names a record carries, as written: drug,
// biological and genetic interventions with their other names, and the
// intervention MeSH terms; conditions and condition MeSH terms (MeSH's
// inverted order kept: "Lupus Erythematosus, Systemic"). Criteria name the
// same things; the criteria lexicon is built from these names (criteria.h).
struct StudyNames {
  std::vector<std::string> drugs;
  std::vector<std::string> conditions;
};
StudyNames NamesOf(const Study& study);

}  // namespace trialfinder

#endif  // TRIALFINDER_STUDY_H_
