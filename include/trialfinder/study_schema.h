// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The one place that says how each Study struct maps to API v2 JSON: every
// struct has a Describe(visitor, struct) listing its fields once, with their
// JSON names and, for enumerations, the allowed values. The JSON reader and
// writer in study_json.cc are visitors; so can be other code that walks a
// Study field by field.
//
// A visitor provides:
//   v.Field("jsonName", member);                 // any field
//   v.Enum("jsonName", member, kAllowedValues);  // string or list of strings
//   v.Date("jsonName", member);                  // "YYYY", "YYYY-MM" or "YYYY-MM-DD"

#ifndef TRIALFINDER_STUDY_SCHEMA_H_
#define TRIALFINDER_STUDY_SCHEMA_H_

#include <array>
#include <concepts>
#include <span>
#include <string_view>
#include <type_traits>

#include "trialfinder/study.h"

namespace trialfinder::schema {

// The documented values of one API v2 enumeration.
using EnumValues = std::span<const std::string_view>;

inline constexpr auto kDateTypes = std::to_array<std::string_view>({"ACTUAL", "ESTIMATED"});
inline constexpr auto kStatuses = std::to_array<std::string_view>(
    {"ACTIVE_NOT_RECRUITING", "COMPLETED", "ENROLLING_BY_INVITATION", "NOT_YET_RECRUITING",
     "RECRUITING", "SUSPENDED", "TERMINATED", "WITHDRAWN", "AVAILABLE", "NO_LONGER_AVAILABLE",
     "TEMPORARILY_NOT_AVAILABLE", "APPROVED_FOR_MARKETING", "WITHHELD", "UNKNOWN"});
inline constexpr auto kExpandedAccessStatuses = std::to_array<std::string_view>(
    {"AVAILABLE", "NO_LONGER_AVAILABLE", "TEMPORARILY_NOT_AVAILABLE", "APPROVED_FOR_MARKETING"});
inline constexpr auto kAgencyClasses = std::to_array<std::string_view>(
    {"NIH", "FED", "OTHER_GOV", "INDIV", "INDUSTRY", "NETWORK", "AMBIG", "OTHER", "UNKNOWN"});
inline constexpr auto kIdTypes =
    std::to_array<std::string_view>({"NIH", "FDA", "VA", "CDC", "AHRQ", "SAMHSA", "OTHER_GRANT",
                                     "EUDRACT_NUMBER", "CTIS", "REGISTRY", "OTHER"});
inline constexpr auto kResponsiblePartyTypes =
    std::to_array<std::string_view>({"SPONSOR", "PRINCIPAL_INVESTIGATOR", "SPONSOR_INVESTIGATOR"});
inline constexpr auto kStudyTypes =
    std::to_array<std::string_view>({"EXPANDED_ACCESS", "INTERVENTIONAL", "OBSERVATIONAL"});
inline constexpr auto kPhases =
    std::to_array<std::string_view>({"NA", "EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4"});
inline constexpr auto kAllocations =
    std::to_array<std::string_view>({"RANDOMIZED", "NON_RANDOMIZED", "NA"});
inline constexpr auto kInterventionModels = std::to_array<std::string_view>(
    {"SINGLE_GROUP", "PARALLEL", "CROSSOVER", "FACTORIAL", "SEQUENTIAL"});
inline constexpr auto kPrimaryPurposes = std::to_array<std::string_view>(
    {"TREATMENT", "PREVENTION", "DIAGNOSTIC", "ECT", "SUPPORTIVE_CARE", "SCREENING",
     "HEALTH_SERVICES_RESEARCH", "BASIC_SCIENCE", "DEVICE_FEASIBILITY", "OTHER"});
inline constexpr auto kObservationalModels = std::to_array<std::string_view>(
    {"COHORT", "CASE_CONTROL", "CASE_ONLY", "CASE_CROSSOVER", "ECOLOGIC_OR_COMMUNITY",
     "FAMILY_BASED", "DEFINED_POPULATION", "NATURAL_HISTORY", "OTHER"});
inline constexpr auto kTimePerspectives =
    std::to_array<std::string_view>({"RETROSPECTIVE", "PROSPECTIVE", "CROSS_SECTIONAL", "OTHER"});
inline constexpr auto kMaskings =
    std::to_array<std::string_view>({"NONE", "SINGLE", "DOUBLE", "TRIPLE", "QUADRUPLE"});
inline constexpr auto kWhoMasked = std::to_array<std::string_view>(
    {"PARTICIPANT", "CARE_PROVIDER", "INVESTIGATOR", "OUTCOMES_ASSESSOR"});
inline constexpr auto kBioSpecRetentions =
    std::to_array<std::string_view>({"NONE_RETAINED", "SAMPLES_WITH_DNA", "SAMPLES_WITHOUT_DNA"});
inline constexpr auto kArmGroupTypes =
    std::to_array<std::string_view>({"EXPERIMENTAL", "ACTIVE_COMPARATOR", "PLACEBO_COMPARATOR",
                                     "SHAM_COMPARATOR", "NO_INTERVENTION", "OTHER"});
inline constexpr auto kInterventionTypes = std::to_array<std::string_view>(
    {"BEHAVIORAL", "BIOLOGICAL", "COMBINATION_PRODUCT", "DEVICE", "DIAGNOSTIC_TEST",
     "DIETARY_SUPPLEMENT", "DRUG", "GENETIC", "PROCEDURE", "RADIATION", "OTHER"});
inline constexpr auto kSexes = std::to_array<std::string_view>({"ALL", "FEMALE", "MALE"});
inline constexpr auto kStandardAges =
    std::to_array<std::string_view>({"CHILD", "ADULT", "OLDER_ADULT"});
inline constexpr auto kSamplingMethods =
    std::to_array<std::string_view>({"PROBABILITY_SAMPLE", "NON_PROBABILITY_SAMPLE"});
inline constexpr auto kContactRoles = std::to_array<std::string_view>(
    {"STUDY_CHAIR", "STUDY_DIRECTOR", "PRINCIPAL_INVESTIGATOR", "SUB_INVESTIGATOR", "CONTACT"});
inline constexpr auto kOfficialRoles = std::to_array<std::string_view>(
    {"STUDY_CHAIR", "STUDY_DIRECTOR", "PRINCIPAL_INVESTIGATOR", "SUB_INVESTIGATOR"});
inline constexpr auto kReferenceTypes =
    std::to_array<std::string_view>({"BACKGROUND", "RESULT", "DERIVED"});
inline constexpr auto kIpdSharing = std::to_array<std::string_view>({"YES", "NO", "UNDECIDED"});
inline constexpr auto kIpdInfoTypes =
    std::to_array<std::string_view>({"STUDY_PROTOCOL", "SAP", "ICF", "CSR", "ANALYTIC_CODE"});
inline constexpr auto kRelevances = std::to_array<std::string_view>({"LOW", "HIGH"});

// Declares Describe for `Type` and for `const Type`, so that one field list
// serves readers (which fill a struct) and writers (which read one).
#define TRIALFINDER_DESCRIBE(Type)                         \
  template <class Visitor, class Struct>                   \
  requires std::same_as<std::remove_const_t<Struct>, Type> \
  void Describe(Visitor& v, Struct& s)

TRIALFINDER_DESCRIBE(DateStruct) {
  v.Date("date", s.date);
  v.Enum("type", s.type, kDateTypes);
}

TRIALFINDER_DESCRIBE(OrgStudyIdInfo) {
  v.Field("id", s.id);
  v.Enum("type", s.type, kIdTypes);
  v.Field("link", s.link);
}

TRIALFINDER_DESCRIBE(SecondaryIdInfo) {
  v.Field("id", s.id);
  v.Enum("type", s.type, kIdTypes);
  v.Field("domain", s.domain);
  v.Field("link", s.link);
}

TRIALFINDER_DESCRIBE(Organization) {
  v.Field("fullName", s.full_name);
  v.Enum("class", s.organization_class, kAgencyClasses);
}

TRIALFINDER_DESCRIBE(IdentificationModule) {
  v.Field("nctId", s.nct_id);
  v.Field("nctIdAliases", s.nct_id_aliases);
  v.Field("orgStudyIdInfo", s.org_study_id_info);
  v.Field("secondaryIdInfos", s.secondary_id_infos);
  v.Field("briefTitle", s.brief_title);
  v.Field("officialTitle", s.official_title);
  v.Field("acronym", s.acronym);
  v.Field("organization", s.organization);
}

TRIALFINDER_DESCRIBE(ExpandedAccessInfo) {
  v.Field("hasExpandedAccess", s.has_expanded_access);
  v.Field("nctId", s.nct_id);
  v.Enum("statusForNctId", s.status_for_nct_id, kExpandedAccessStatuses);
}

TRIALFINDER_DESCRIBE(StatusModule) {
  v.Date("statusVerifiedDate", s.status_verified_date);
  v.Enum("overallStatus", s.overall_status, kStatuses);
  v.Enum("lastKnownStatus", s.last_known_status, kStatuses);
  v.Field("delayedPosting", s.delayed_posting);
  v.Field("whyStopped", s.why_stopped);
  v.Field("expandedAccessInfo", s.expanded_access_info);
  v.Field("startDateStruct", s.start_date);
  v.Field("primaryCompletionDateStruct", s.primary_completion_date);
  v.Field("completionDateStruct", s.completion_date);
  v.Date("studyFirstSubmitDate", s.study_first_submit_date);
  v.Date("studyFirstSubmitQcDate", s.study_first_submit_qc_date);
  v.Field("studyFirstPostDateStruct", s.study_first_post_date);
  v.Field("resultsWaived", s.results_waived);
  v.Date("resultsFirstSubmitDate", s.results_first_submit_date);
  v.Date("resultsFirstSubmitQcDate", s.results_first_submit_qc_date);
  v.Field("resultsFirstPostDateStruct", s.results_first_post_date);
  v.Date("dispFirstSubmitDate", s.disp_first_submit_date);
  v.Date("dispFirstSubmitQcDate", s.disp_first_submit_qc_date);
  v.Field("dispFirstPostDateStruct", s.disp_first_post_date);
  v.Date("lastUpdateSubmitDate", s.last_update_submit_date);
  v.Field("lastUpdatePostDateStruct", s.last_update_post_date);
}

TRIALFINDER_DESCRIBE(ResponsibleParty) {
  v.Enum("type", s.type, kResponsiblePartyTypes);
  v.Field("investigatorFullName", s.investigator_full_name);
  v.Field("investigatorTitle", s.investigator_title);
  v.Field("investigatorAffiliation", s.investigator_affiliation);
  v.Field("oldNameTitle", s.old_name_title);
  v.Field("oldOrganization", s.old_organization);
}

TRIALFINDER_DESCRIBE(Sponsor) {
  v.Field("name", s.name);
  v.Enum("class", s.sponsor_class, kAgencyClasses);
}

TRIALFINDER_DESCRIBE(SponsorCollaboratorsModule) {
  v.Field("responsibleParty", s.responsible_party);
  v.Field("leadSponsor", s.lead_sponsor);
  v.Field("collaborators", s.collaborators);
}

TRIALFINDER_DESCRIBE(OversightModule) {
  v.Field("oversightHasDmc", s.oversight_has_dmc);
  v.Field("isFdaRegulatedDrug", s.is_fda_regulated_drug);
  v.Field("isFdaRegulatedDevice", s.is_fda_regulated_device);
  v.Field("isUnapprovedDevice", s.is_unapproved_device);
  v.Field("isPpsd", s.is_ppsd);
  v.Field("isUsExport", s.is_us_export);
  v.Field("fdaaa801Violation", s.fdaaa801_violation);
}

TRIALFINDER_DESCRIBE(DescriptionModule) {
  v.Field("briefSummary", s.brief_summary);
  v.Field("detailedDescription", s.detailed_description);
}

TRIALFINDER_DESCRIBE(ConditionsModule) {
  v.Field("conditions", s.conditions);
  v.Field("keywords", s.keywords);
}

TRIALFINDER_DESCRIBE(ExpandedAccessTypes) {
  v.Field("individual", s.individual);
  v.Field("intermediate", s.intermediate);
  v.Field("treatment", s.treatment);
}

TRIALFINDER_DESCRIBE(MaskingInfo) {
  v.Enum("masking", s.masking, kMaskings);
  v.Field("maskingDescription", s.masking_description);
  v.Enum("whoMasked", s.who_masked, kWhoMasked);
}

TRIALFINDER_DESCRIBE(DesignInfo) {
  v.Enum("allocation", s.allocation, kAllocations);
  v.Enum("interventionModel", s.intervention_model, kInterventionModels);
  v.Field("interventionModelDescription", s.intervention_model_description);
  v.Enum("primaryPurpose", s.primary_purpose, kPrimaryPurposes);
  v.Enum("observationalModel", s.observational_model, kObservationalModels);
  v.Enum("timePerspective", s.time_perspective, kTimePerspectives);
  v.Field("maskingInfo", s.masking_info);
}

TRIALFINDER_DESCRIBE(BioSpec) {
  v.Enum("retention", s.retention, kBioSpecRetentions);
  v.Field("description", s.description);
}

TRIALFINDER_DESCRIBE(EnrollmentInfo) {
  v.Field("count", s.count);
  v.Enum("type", s.type, kDateTypes);
}

TRIALFINDER_DESCRIBE(DesignModule) {
  v.Enum("studyType", s.study_type, kStudyTypes);
  v.Field("expandedAccessTypes", s.expanded_access_types);
  v.Field("patientRegistry", s.patient_registry);
  v.Field("targetDuration", s.target_duration);
  v.Enum("phases", s.phases, kPhases);
  v.Field("designInfo", s.design_info);
  v.Field("bioSpec", s.bio_spec);
  v.Field("enrollmentInfo", s.enrollment_info);
}

TRIALFINDER_DESCRIBE(ArmGroup) {
  v.Field("label", s.label);
  v.Enum("type", s.type, kArmGroupTypes);
  v.Field("description", s.description);
  v.Field("interventionNames", s.intervention_names);
}

TRIALFINDER_DESCRIBE(Intervention) {
  v.Enum("type", s.type, kInterventionTypes);
  v.Field("name", s.name);
  v.Field("description", s.description);
  v.Field("armGroupLabels", s.arm_group_labels);
  v.Field("otherNames", s.other_names);
}

TRIALFINDER_DESCRIBE(ArmsInterventionsModule) {
  v.Field("armGroups", s.arm_groups);
  v.Field("interventions", s.interventions);
}

TRIALFINDER_DESCRIBE(Outcome) {
  v.Field("measure", s.measure);
  v.Field("description", s.description);
  v.Field("timeFrame", s.time_frame);
}

TRIALFINDER_DESCRIBE(OutcomesModule) {
  v.Field("primaryOutcomes", s.primary_outcomes);
  v.Field("secondaryOutcomes", s.secondary_outcomes);
  v.Field("otherOutcomes", s.other_outcomes);
}

TRIALFINDER_DESCRIBE(EligibilityModule) {
  v.Field("eligibilityCriteria", s.eligibility_criteria);
  v.Field("healthyVolunteers", s.healthy_volunteers);
  v.Enum("sex", s.sex, kSexes);
  v.Field("genderBased", s.gender_based);
  v.Field("genderDescription", s.gender_description);
  v.Field("minimumAge", s.minimum_age);
  v.Field("maximumAge", s.maximum_age);
  v.Enum("stdAges", s.std_ages, kStandardAges);
  v.Field("studyPopulation", s.study_population);
  v.Enum("samplingMethod", s.sampling_method, kSamplingMethods);
}

TRIALFINDER_DESCRIBE(Contact) {
  v.Field("name", s.name);
  v.Enum("role", s.role, kContactRoles);
  v.Field("phone", s.phone);
  v.Field("phoneExt", s.phone_ext);
  v.Field("email", s.email);
}

TRIALFINDER_DESCRIBE(Official) {
  v.Field("name", s.name);
  v.Field("affiliation", s.affiliation);
  v.Enum("role", s.role, kOfficialRoles);
}

TRIALFINDER_DESCRIBE(GeoPoint) {
  v.Field("lat", s.lat);
  v.Field("lon", s.lon);
}

TRIALFINDER_DESCRIBE(Location) {
  v.Field("facility", s.facility);
  v.Enum("status", s.status, kStatuses);
  v.Field("city", s.city);
  v.Field("state", s.state);
  v.Field("zip", s.zip);
  v.Field("country", s.country);
  v.Field("contacts", s.contacts);
  v.Field("geoPoint", s.geo_point);
}

TRIALFINDER_DESCRIBE(ContactsLocationsModule) {
  v.Field("centralContacts", s.central_contacts);
  v.Field("overallOfficials", s.overall_officials);
  v.Field("locations", s.locations);
}

TRIALFINDER_DESCRIBE(Reference) {
  v.Field("pmid", s.pmid);
  v.Enum("type", s.type, kReferenceTypes);
  v.Field("citation", s.citation);
}

TRIALFINDER_DESCRIBE(SeeAlsoLink) {
  v.Field("label", s.label);
  v.Field("url", s.url);
}

TRIALFINDER_DESCRIBE(AvailableIpd) {
  v.Field("id", s.id);
  v.Field("type", s.type);
  v.Field("url", s.url);
  v.Field("comment", s.comment);
}

TRIALFINDER_DESCRIBE(ReferencesModule) {
  v.Field("references", s.references);
  v.Field("seeAlsoLinks", s.see_also_links);
  v.Field("availIpds", s.avail_ipds);
}

TRIALFINDER_DESCRIBE(IpdSharingStatementModule) {
  v.Enum("ipdSharing", s.ipd_sharing, kIpdSharing);
  v.Field("description", s.description);
  v.Enum("infoTypes", s.info_types, kIpdInfoTypes);
  v.Field("timeFrame", s.time_frame);
  v.Field("accessCriteria", s.access_criteria);
  v.Field("url", s.url);
}

TRIALFINDER_DESCRIBE(ProtocolSection) {
  v.Field("identificationModule", s.identification);
  v.Field("statusModule", s.status);
  v.Field("sponsorCollaboratorsModule", s.sponsor_collaborators);
  v.Field("oversightModule", s.oversight);
  v.Field("descriptionModule", s.description);
  v.Field("conditionsModule", s.conditions);
  v.Field("designModule", s.design);
  v.Field("armsInterventionsModule", s.arms_interventions);
  v.Field("outcomesModule", s.outcomes);
  v.Field("eligibilityModule", s.eligibility);
  v.Field("contactsLocationsModule", s.contacts_locations);
  v.Field("referencesModule", s.references);
  v.Field("ipdSharingStatementModule", s.ipd_sharing_statement);
}

TRIALFINDER_DESCRIBE(MeshTerm) {
  v.Field("id", s.id);
  v.Field("term", s.term);
}

TRIALFINDER_DESCRIBE(BrowseLeaf) {
  v.Field("id", s.id);
  v.Field("name", s.name);
  v.Field("asFound", s.as_found);
  v.Enum("relevance", s.relevance, kRelevances);
}

TRIALFINDER_DESCRIBE(BrowseBranch) {
  v.Field("abbrev", s.abbrev);
  v.Field("name", s.name);
}

TRIALFINDER_DESCRIBE(BrowseModule) {
  v.Field("meshes", s.meshes);
  v.Field("ancestors", s.ancestors);
  v.Field("browseLeaves", s.browse_leaves);
  v.Field("browseBranches", s.browse_branches);
}

TRIALFINDER_DESCRIBE(MiscInfoModule) {
  v.Field("versionHolder", s.version_holder);
  v.Field("removedCountries", s.removed_countries);
}

TRIALFINDER_DESCRIBE(DerivedSection) {
  v.Field("miscInfoModule", s.misc_info);
  v.Field("conditionBrowseModule", s.condition_browse);
  v.Field("interventionBrowseModule", s.intervention_browse);
}

// The top level of a study record. resultsSection and the other sections the
// model does not type are kept in Study::raw_json only.
TRIALFINDER_DESCRIBE(Study) {
  v.Field("protocolSection", s.protocol);
  v.Field("derivedSection", s.derived);
  v.Field("hasResults", s.has_results);
}

#undef TRIALFINDER_DESCRIBE

}  // namespace trialfinder::schema

#endif  // TRIALFINDER_STUDY_SCHEMA_H_
