// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "trialfinder/study_pieces.h"

#include <fmt/format.h>

#include <map>
#include <string>
#include <utility>

#include "text/ascii_case.h"
#include "trialfinder/study_schema.h"

namespace trialfinder {
namespace {

using T = PieceType;

// ClinicalTrials.gov's piece names for the leaves of the typed model, in
// record order (study_pieces_test checks every leaf has one and that the
// types agree with the model's).
constexpr Piece kPieces[] = {
    {"NCTId", "protocolSection.identificationModule.nctId", T::kText, false},
    {"NCTIdAlias", "protocolSection.identificationModule.nctIdAliases", T::kText, true},
    {"OrgStudyId", "protocolSection.identificationModule.orgStudyIdInfo.id", T::kText, false},
    {"OrgStudyIdType", "protocolSection.identificationModule.orgStudyIdInfo.type", T::kEnum, false},
    {"OrgStudyIdLink", "protocolSection.identificationModule.orgStudyIdInfo.link", T::kText, false},
    {"SecondaryId", "protocolSection.identificationModule.secondaryIdInfos.id", T::kText, true},
    {"SecondaryIdType", "protocolSection.identificationModule.secondaryIdInfos.type", T::kEnum,
     true},
    {"SecondaryIdDomain", "protocolSection.identificationModule.secondaryIdInfos.domain", T::kText,
     true},
    {"SecondaryIdLink", "protocolSection.identificationModule.secondaryIdInfos.link", T::kText,
     true},
    {"BriefTitle", "protocolSection.identificationModule.briefTitle", T::kText, false},
    {"OfficialTitle", "protocolSection.identificationModule.officialTitle", T::kText, false},
    {"Acronym", "protocolSection.identificationModule.acronym", T::kText, false},
    {"OrgFullName", "protocolSection.identificationModule.organization.fullName", T::kText, false},
    {"OrgClass", "protocolSection.identificationModule.organization.class", T::kEnum, false},
    {"StatusVerifiedDate", "protocolSection.statusModule.statusVerifiedDate", T::kDate, false},
    {"OverallStatus", "protocolSection.statusModule.overallStatus", T::kEnum, false},
    {"LastKnownStatus", "protocolSection.statusModule.lastKnownStatus", T::kEnum, false},
    {"DelayedPosting", "protocolSection.statusModule.delayedPosting", T::kBoolean, false},
    {"WhyStopped", "protocolSection.statusModule.whyStopped", T::kText, false},
    {"HasExpandedAccess", "protocolSection.statusModule.expandedAccessInfo.hasExpandedAccess",
     T::kBoolean, false},
    {"ExpandedAccessNCTId", "protocolSection.statusModule.expandedAccessInfo.nctId", T::kText,
     false},
    {"ExpandedAccessStatusForNCTId",
     "protocolSection.statusModule.expandedAccessInfo.statusForNctId", T::kEnum, false},
    {"StartDate", "protocolSection.statusModule.startDateStruct.date", T::kDate, false},
    {"StartDateType", "protocolSection.statusModule.startDateStruct.type", T::kEnum, false},
    {"PrimaryCompletionDate", "protocolSection.statusModule.primaryCompletionDateStruct.date",
     T::kDate, false},
    {"PrimaryCompletionDateType", "protocolSection.statusModule.primaryCompletionDateStruct.type",
     T::kEnum, false},
    {"CompletionDate", "protocolSection.statusModule.completionDateStruct.date", T::kDate, false},
    {"CompletionDateType", "protocolSection.statusModule.completionDateStruct.type", T::kEnum,
     false},
    {"StudyFirstSubmitDate", "protocolSection.statusModule.studyFirstSubmitDate", T::kDate, false},
    {"StudyFirstSubmitQCDate", "protocolSection.statusModule.studyFirstSubmitQcDate", T::kDate,
     false},
    {"StudyFirstPostDate", "protocolSection.statusModule.studyFirstPostDateStruct.date", T::kDate,
     false},
    {"StudyFirstPostDateType", "protocolSection.statusModule.studyFirstPostDateStruct.type",
     T::kEnum, false},
    {"ResultsWaived", "protocolSection.statusModule.resultsWaived", T::kBoolean, false},
    {"ResultsFirstSubmitDate", "protocolSection.statusModule.resultsFirstSubmitDate", T::kDate,
     false},
    {"ResultsFirstSubmitQCDate", "protocolSection.statusModule.resultsFirstSubmitQcDate", T::kDate,
     false},
    {"ResultsFirstPostDate", "protocolSection.statusModule.resultsFirstPostDateStruct.date",
     T::kDate, false},
    {"ResultsFirstPostDateType", "protocolSection.statusModule.resultsFirstPostDateStruct.type",
     T::kEnum, false},
    {"DispFirstSubmitDate", "protocolSection.statusModule.dispFirstSubmitDate", T::kDate, false},
    {"DispFirstSubmitQCDate", "protocolSection.statusModule.dispFirstSubmitQcDate", T::kDate,
     false},
    {"DispFirstPostDate", "protocolSection.statusModule.dispFirstPostDateStruct.date", T::kDate,
     false},
    {"DispFirstPostDateType", "protocolSection.statusModule.dispFirstPostDateStruct.type", T::kEnum,
     false},
    {"LastUpdateSubmitDate", "protocolSection.statusModule.lastUpdateSubmitDate", T::kDate, false},
    {"LastUpdatePostDate", "protocolSection.statusModule.lastUpdatePostDateStruct.date", T::kDate,
     false},
    {"LastUpdatePostDateType", "protocolSection.statusModule.lastUpdatePostDateStruct.type",
     T::kEnum, false},
    {"ResponsiblePartyType", "protocolSection.sponsorCollaboratorsModule.responsibleParty.type",
     T::kEnum, false},
    {"ResponsiblePartyInvestigatorFullName",
     "protocolSection.sponsorCollaboratorsModule.responsibleParty.investigatorFullName", T::kText,
     false},
    {"ResponsiblePartyInvestigatorTitle",
     "protocolSection.sponsorCollaboratorsModule.responsibleParty.investigatorTitle", T::kText,
     false},
    {"ResponsiblePartyInvestigatorAffiliation",
     "protocolSection.sponsorCollaboratorsModule.responsibleParty.investigatorAffiliation",
     T::kText, false},
    {"ResponsiblePartyOldNameTitle",
     "protocolSection.sponsorCollaboratorsModule.responsibleParty.oldNameTitle", T::kText, false},
    {"ResponsiblePartyOldOrganization",
     "protocolSection.sponsorCollaboratorsModule.responsibleParty.oldOrganization", T::kText,
     false},
    {"LeadSponsorName", "protocolSection.sponsorCollaboratorsModule.leadSponsor.name", T::kText,
     false},
    {"LeadSponsorClass", "protocolSection.sponsorCollaboratorsModule.leadSponsor.class", T::kEnum,
     false},
    {"CollaboratorName", "protocolSection.sponsorCollaboratorsModule.collaborators.name", T::kText,
     true},
    {"CollaboratorClass", "protocolSection.sponsorCollaboratorsModule.collaborators.class",
     T::kEnum, true},
    {"OversightHasDMC", "protocolSection.oversightModule.oversightHasDmc", T::kBoolean, false},
    {"IsFDARegulatedDrug", "protocolSection.oversightModule.isFdaRegulatedDrug", T::kBoolean,
     false},
    {"IsFDARegulatedDevice", "protocolSection.oversightModule.isFdaRegulatedDevice", T::kBoolean,
     false},
    {"IsUnapprovedDevice", "protocolSection.oversightModule.isUnapprovedDevice", T::kBoolean,
     false},
    {"IsPPSD", "protocolSection.oversightModule.isPpsd", T::kBoolean, false},
    {"IsUSExport", "protocolSection.oversightModule.isUsExport", T::kBoolean, false},
    {"FDAAA801Violation", "protocolSection.oversightModule.fdaaa801Violation", T::kBoolean, false},
    {"BriefSummary", "protocolSection.descriptionModule.briefSummary", T::kMarkup, false},
    {"DetailedDescription", "protocolSection.descriptionModule.detailedDescription", T::kMarkup,
     false},
    {"Condition", "protocolSection.conditionsModule.conditions", T::kText, true},
    {"Keyword", "protocolSection.conditionsModule.keywords", T::kText, true},
    {"StudyType", "protocolSection.designModule.studyType", T::kEnum, false},
    {"ExpAccTypeIndividual", "protocolSection.designModule.expandedAccessTypes.individual",
     T::kBoolean, false},
    {"ExpAccTypeIntermediate", "protocolSection.designModule.expandedAccessTypes.intermediate",
     T::kBoolean, false},
    {"ExpAccTypeTreatment", "protocolSection.designModule.expandedAccessTypes.treatment",
     T::kBoolean, false},
    {"PatientRegistry", "protocolSection.designModule.patientRegistry", T::kBoolean, false},
    {"TargetDuration", "protocolSection.designModule.targetDuration", T::kText, false},
    {"Phase", "protocolSection.designModule.phases", T::kEnum, true},
    {"DesignAllocation", "protocolSection.designModule.designInfo.allocation", T::kEnum, false},
    {"DesignInterventionModel", "protocolSection.designModule.designInfo.interventionModel",
     T::kEnum, false},
    {"DesignInterventionModelDescription",
     "protocolSection.designModule.designInfo.interventionModelDescription", T::kMarkup, false},
    {"DesignPrimaryPurpose", "protocolSection.designModule.designInfo.primaryPurpose", T::kEnum,
     false},
    {"DesignObservationalModel", "protocolSection.designModule.designInfo.observationalModel",
     T::kEnum, false},
    {"DesignTimePerspective", "protocolSection.designModule.designInfo.timePerspective", T::kEnum,
     false},
    {"DesignMasking", "protocolSection.designModule.designInfo.maskingInfo.masking", T::kEnum,
     false},
    {"DesignMaskingDescription",
     "protocolSection.designModule.designInfo.maskingInfo.maskingDescription", T::kMarkup, false},
    {"DesignWhoMasked", "protocolSection.designModule.designInfo.maskingInfo.whoMasked", T::kEnum,
     true},
    {"BioSpecRetention", "protocolSection.designModule.bioSpec.retention", T::kEnum, false},
    {"BioSpecDescription", "protocolSection.designModule.bioSpec.description", T::kMarkup, false},
    {"EnrollmentCount", "protocolSection.designModule.enrollmentInfo.count", T::kInteger, false},
    {"EnrollmentType", "protocolSection.designModule.enrollmentInfo.type", T::kEnum, false},
    {"ArmGroupLabel", "protocolSection.armsInterventionsModule.armGroups.label", T::kText, true},
    {"ArmGroupType", "protocolSection.armsInterventionsModule.armGroups.type", T::kEnum, true},
    {"ArmGroupDescription", "protocolSection.armsInterventionsModule.armGroups.description",
     T::kMarkup, true},
    {"ArmGroupInterventionName",
     "protocolSection.armsInterventionsModule.armGroups.interventionNames", T::kText, true},
    {"InterventionType", "protocolSection.armsInterventionsModule.interventions.type", T::kEnum,
     true},
    {"InterventionName", "protocolSection.armsInterventionsModule.interventions.name", T::kText,
     true},
    {"InterventionDescription", "protocolSection.armsInterventionsModule.interventions.description",
     T::kMarkup, true},
    {"InterventionArmGroupLabel",
     "protocolSection.armsInterventionsModule.interventions.armGroupLabels", T::kText, true},
    {"InterventionOtherName", "protocolSection.armsInterventionsModule.interventions.otherNames",
     T::kText, true},
    {"PrimaryOutcomeMeasure", "protocolSection.outcomesModule.primaryOutcomes.measure", T::kText,
     true},
    {"PrimaryOutcomeDescription", "protocolSection.outcomesModule.primaryOutcomes.description",
     T::kMarkup, true},
    {"PrimaryOutcomeTimeFrame", "protocolSection.outcomesModule.primaryOutcomes.timeFrame",
     T::kText, true},
    {"SecondaryOutcomeMeasure", "protocolSection.outcomesModule.secondaryOutcomes.measure",
     T::kText, true},
    {"SecondaryOutcomeDescription", "protocolSection.outcomesModule.secondaryOutcomes.description",
     T::kMarkup, true},
    {"SecondaryOutcomeTimeFrame", "protocolSection.outcomesModule.secondaryOutcomes.timeFrame",
     T::kText, true},
    {"OtherOutcomeMeasure", "protocolSection.outcomesModule.otherOutcomes.measure", T::kText, true},
    {"OtherOutcomeDescription", "protocolSection.outcomesModule.otherOutcomes.description",
     T::kMarkup, true},
    {"OtherOutcomeTimeFrame", "protocolSection.outcomesModule.otherOutcomes.timeFrame", T::kText,
     true},
    {"EligibilityCriteria", "protocolSection.eligibilityModule.eligibilityCriteria", T::kMarkup,
     false},
    {"HealthyVolunteers", "protocolSection.eligibilityModule.healthyVolunteers", T::kBoolean,
     false},
    {"Sex", "protocolSection.eligibilityModule.sex", T::kEnum, false},
    {"GenderBased", "protocolSection.eligibilityModule.genderBased", T::kBoolean, false},
    {"GenderDescription", "protocolSection.eligibilityModule.genderDescription", T::kMarkup, false},
    {"MinimumAge", "protocolSection.eligibilityModule.minimumAge", T::kAge, false},
    {"MaximumAge", "protocolSection.eligibilityModule.maximumAge", T::kAge, false},
    {"StdAge", "protocolSection.eligibilityModule.stdAges", T::kEnum, true},
    {"StudyPopulation", "protocolSection.eligibilityModule.studyPopulation", T::kMarkup, false},
    {"SamplingMethod", "protocolSection.eligibilityModule.samplingMethod", T::kEnum, false},
    {"CentralContactName", "protocolSection.contactsLocationsModule.centralContacts.name", T::kText,
     true},
    {"CentralContactRole", "protocolSection.contactsLocationsModule.centralContacts.role", T::kEnum,
     true},
    {"CentralContactPhone", "protocolSection.contactsLocationsModule.centralContacts.phone",
     T::kText, true},
    {"CentralContactPhoneExt", "protocolSection.contactsLocationsModule.centralContacts.phoneExt",
     T::kText, true},
    {"CentralContactEMail", "protocolSection.contactsLocationsModule.centralContacts.email",
     T::kText, true},
    {"OverallOfficialName", "protocolSection.contactsLocationsModule.overallOfficials.name",
     T::kText, true},
    {"OverallOfficialAffiliation",
     "protocolSection.contactsLocationsModule.overallOfficials.affiliation", T::kText, true},
    {"OverallOfficialRole", "protocolSection.contactsLocationsModule.overallOfficials.role",
     T::kEnum, true},
    {"LocationFacility", "protocolSection.contactsLocationsModule.locations.facility", T::kText,
     true},
    {"LocationStatus", "protocolSection.contactsLocationsModule.locations.status", T::kEnum, true},
    {"LocationCity", "protocolSection.contactsLocationsModule.locations.city", T::kText, true},
    {"LocationState", "protocolSection.contactsLocationsModule.locations.state", T::kText, true},
    {"LocationZip", "protocolSection.contactsLocationsModule.locations.zip", T::kText, true},
    {"LocationCountry", "protocolSection.contactsLocationsModule.locations.country", T::kText,
     true},
    {"LocationContactName", "protocolSection.contactsLocationsModule.locations.contacts.name",
     T::kText, true},
    {"LocationContactRole", "protocolSection.contactsLocationsModule.locations.contacts.role",
     T::kEnum, true},
    {"LocationContactPhone", "protocolSection.contactsLocationsModule.locations.contacts.phone",
     T::kText, true},
    {"LocationContactPhoneExt",
     "protocolSection.contactsLocationsModule.locations.contacts.phoneExt", T::kText, true},
    {"LocationContactEMail", "protocolSection.contactsLocationsModule.locations.contacts.email",
     T::kText, true},
    {"LocationGeoPoint", "protocolSection.contactsLocationsModule.locations.geoPoint", T::kNumber,
     true},
    {"ReferencePMID", "protocolSection.referencesModule.references.pmid", T::kText, true},
    {"ReferenceType", "protocolSection.referencesModule.references.type", T::kEnum, true},
    {"ReferenceCitation", "protocolSection.referencesModule.references.citation", T::kMarkup, true},
    {"SeeAlsoLinkLabel", "protocolSection.referencesModule.seeAlsoLinks.label", T::kText, true},
    {"SeeAlsoLinkURL", "protocolSection.referencesModule.seeAlsoLinks.url", T::kText, true},
    {"AvailIPDId", "protocolSection.referencesModule.availIpds.id", T::kText, true},
    {"AvailIPDType", "protocolSection.referencesModule.availIpds.type", T::kText, true},
    {"AvailIPDURL", "protocolSection.referencesModule.availIpds.url", T::kText, true},
    {"AvailIPDComment", "protocolSection.referencesModule.availIpds.comment", T::kMarkup, true},
    {"IPDSharing", "protocolSection.ipdSharingStatementModule.ipdSharing", T::kEnum, false},
    {"IPDSharingDescription", "protocolSection.ipdSharingStatementModule.description", T::kMarkup,
     false},
    {"IPDSharingInfoType", "protocolSection.ipdSharingStatementModule.infoTypes", T::kEnum, true},
    {"IPDSharingTimeFrame", "protocolSection.ipdSharingStatementModule.timeFrame", T::kText, false},
    {"IPDSharingAccessCriteria", "protocolSection.ipdSharingStatementModule.accessCriteria",
     T::kMarkup, false},
    {"IPDSharingURL", "protocolSection.ipdSharingStatementModule.url", T::kText, false},
    {"VersionHolder", "derivedSection.miscInfoModule.versionHolder", T::kText, false},
    {"RemovedCountry", "derivedSection.miscInfoModule.removedCountries", T::kText, true},
    {"ConditionMeshId", "derivedSection.conditionBrowseModule.meshes.id", T::kText, true},
    {"ConditionMeshTerm", "derivedSection.conditionBrowseModule.meshes.term", T::kText, true},
    {"ConditionAncestorId", "derivedSection.conditionBrowseModule.ancestors.id", T::kText, true},
    {"ConditionAncestorTerm", "derivedSection.conditionBrowseModule.ancestors.term", T::kText,
     true},
    {"ConditionBrowseLeafId", "derivedSection.conditionBrowseModule.browseLeaves.id", T::kText,
     true},
    {"ConditionBrowseLeafName", "derivedSection.conditionBrowseModule.browseLeaves.name", T::kText,
     true},
    {"ConditionBrowseLeafAsFound", "derivedSection.conditionBrowseModule.browseLeaves.asFound",
     T::kText, true},
    {"ConditionBrowseLeafRelevance", "derivedSection.conditionBrowseModule.browseLeaves.relevance",
     T::kEnum, true},
    {"ConditionBrowseBranchAbbrev", "derivedSection.conditionBrowseModule.browseBranches.abbrev",
     T::kText, true},
    {"ConditionBrowseBranchName", "derivedSection.conditionBrowseModule.browseBranches.name",
     T::kText, true},
    {"InterventionMeshId", "derivedSection.interventionBrowseModule.meshes.id", T::kText, true},
    {"InterventionMeshTerm", "derivedSection.interventionBrowseModule.meshes.term", T::kText, true},
    {"InterventionAncestorId", "derivedSection.interventionBrowseModule.ancestors.id", T::kText,
     true},
    {"InterventionAncestorTerm", "derivedSection.interventionBrowseModule.ancestors.term", T::kText,
     true},
    {"InterventionBrowseLeafId", "derivedSection.interventionBrowseModule.browseLeaves.id",
     T::kText, true},
    {"InterventionBrowseLeafName", "derivedSection.interventionBrowseModule.browseLeaves.name",
     T::kText, true},
    {"InterventionBrowseLeafAsFound",
     "derivedSection.interventionBrowseModule.browseLeaves.asFound", T::kText, true},
    {"InterventionBrowseLeafRelevance",
     "derivedSection.interventionBrowseModule.browseLeaves.relevance", T::kEnum, true},
    {"InterventionBrowseBranchAbbrev",
     "derivedSection.interventionBrowseModule.browseBranches.abbrev", T::kText, true},
    {"InterventionBrowseBranchName", "derivedSection.interventionBrowseModule.browseBranches.name",
     T::kText, true},
    {"HasResults", "hasResults", T::kBoolean, false},
    // Indexed only (no path): how many of a list a study has, for sort and
    // AREA[...] (ClinicalTrials.gov's sort example uses NumArmGroups).
    {"NumArmGroups", "", T::kInteger, false},
    {"NumInterventions", "", T::kInteger, false},
    {"NumLocations", "", T::kInteger, false},
    {"NumCollaborators", "", T::kInteger, false},
    {"NumConditions", "", T::kInteger, false},
    {"NumPrimaryOutcomes", "", T::kInteger, false},
    {"NumSecondaryOutcomes", "", T::kInteger, false},
    {"NumReferences", "", T::kInteger, false},
};

// Walks a Study (or, with `schema_only`, its types) leaf by leaf.
class LeafWalker {
 public:
  using Visit = std::function<void(const std::string& path, PieceType type, bool in_list,
                                   std::string_view value)>;
  LeafWalker(std::string path, bool in_list, bool schema_only, const Visit& visit)
      : path_(std::move(path)), in_list_(in_list), schema_only_(schema_only), visit_(visit) {}

  template <class T>
  void Field(const char* name, const T& value) {
    Leaf(Join(name), value, in_list_);
  }
  void Enum(const char* name, const std::string& value, const schema::EnumValues& /*allowed*/) {
    Emit(Join(name), PieceType::kEnum, in_list_, value);
  }
  void Enum(const char* name, const std::vector<std::string>& values,
            const schema::EnumValues& /*allowed*/) {
    EmitAll(Join(name), PieceType::kEnum, values);
  }
  void Date(const char* name, const std::string& value) {
    Emit(Join(name), PieceType::kDate, in_list_, value);
  }

 private:
  std::string Join(const char* name) const { return path_.empty() ? name : path_ + "." + name; }

  void Emit(const std::string& path, PieceType type, bool in_list, std::string_view value) {
    if (schema_only_ || !value.empty()) visit_(path, type, in_list, value);
  }
  void EmitAll(const std::string& path, PieceType type, const std::vector<std::string>& values) {
    if (schema_only_) return visit_(path, type, true, "");
    for (const std::string& value : values) Emit(path, type, true, value);
  }

  void Leaf(const std::string& path, const std::string& value, bool in_list) {
    Emit(path, PieceType::kText, in_list, value);
  }
  void Leaf(const std::string& path, const std::vector<std::string>& values, bool /*in_list*/) {
    EmitAll(path, PieceType::kText, values);
  }
  void Leaf(const std::string& path, const std::optional<bool>& value, bool in_list) {
    Emit(path, PieceType::kBoolean, in_list, value ? (*value ? "true" : "false") : "");
  }
  void Leaf(const std::string& path, const std::optional<int64_t>& value, bool in_list) {
    Emit(path, PieceType::kInteger, in_list, value ? std::to_string(*value) : "");
  }
  void Leaf(const std::string& path, const std::optional<double>& value, bool in_list) {
    Emit(path, PieceType::kNumber, in_list, value ? fmt::format("{}", *value) : "");
  }
  void Leaf(const std::string& path, const std::optional<Age>& value, bool in_list) {
    Emit(path, PieceType::kAge, in_list, value ? value->text : "");
  }
  template <class Struct>
  void Leaf(const std::string& path, const Struct& value, bool in_list) {
    LeafWalker nested(path, in_list, schema_only_, visit_);
    schema::Describe(nested, value);
  }
  template <class Struct>
  void Leaf(const std::string& path, const std::vector<Struct>& values, bool /*in_list*/) {
    if (schema_only_) return Leaf(path, Struct{}, true);
    for (const Struct& value : values) Leaf(path, value, true);
  }

  std::string path_;
  bool in_list_;
  bool schema_only_;
  const Visit& visit_;
};

// Old and alternative names clients still send.
constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
    {"gender", "Sex"},
    {"nctidalias", "NCTIdAlias"},
};

}  // namespace

std::string_view PieceTypeName(PieceType type) {
  switch (type) {
    case PieceType::kText:
      return "STRING";
    case PieceType::kMarkup:
      return "MARKUP";
    case PieceType::kEnum:
      return "ENUM";
    case PieceType::kDate:
      return "DATE";
    case PieceType::kInteger:
      return "INTEGER";
    case PieceType::kNumber:
      return "NUMBER";
    case PieceType::kBoolean:
      return "BOOLEAN";
    case PieceType::kAge:
      return "NORMALIZED_TIME";
  }
  return "STRING";
}

std::span<const Piece> StudyPieces() { return kPieces; }

const Piece* FindPiece(std::string_view name) {
  static const std::map<std::string, const Piece*, std::less<>> kByName = [] {
    std::map<std::string, const Piece*, std::less<>> by_name;
    for (const Piece& piece : kPieces) {
      by_name.emplace(AsciiLowercase(std::string(piece.name)), &piece);
      if (!piece.path.empty()) by_name.emplace(std::string(piece.path), &piece);
    }
    for (const auto& [alias, target] : kAliases) {
      by_name.emplace(std::string(alias), by_name.at(AsciiLowercase(std::string(target))));
    }
    return by_name;
  }();
  if (auto found = kByName.find(name); found != kByName.end()) return found->second;
  auto found = kByName.find(AsciiLowercase(std::string(name)));
  return found == kByName.end() ? nullptr : found->second;
}

void ForEachPieceValue(const Study& study,
                       const std::function<void(const Piece&, std::string_view)>& visit) {
  static const std::map<std::string, const Piece*, std::less<>> kByPath = [] {
    std::map<std::string, const Piece*, std::less<>> by_path;
    for (const Piece& piece : kPieces) {
      if (!piece.path.empty()) by_path.emplace(std::string(piece.path), &piece);
    }
    return by_path;
  }();
  const LeafWalker::Visit leaf = [&](const std::string& path, PieceType /*type*/, bool /*in_list*/,
                                     std::string_view value) {
    if (auto piece = kByPath.find(path); piece != kByPath.end()) visit(*piece->second, value);
  };
  LeafWalker walker("", false, false, leaf);
  schema::Describe(walker, study);
  const ProtocolSection& p = study.protocol;
  const std::pair<const char*, std::size_t> counts[] = {
      {"NumArmGroups", p.arms_interventions.arm_groups.size()},
      {"NumInterventions", p.arms_interventions.interventions.size()},
      {"NumLocations", p.contacts_locations.locations.size()},
      {"NumCollaborators", p.sponsor_collaborators.collaborators.size()},
      {"NumConditions", p.conditions.conditions.size()},
      {"NumPrimaryOutcomes", p.outcomes.primary_outcomes.size()},
      {"NumSecondaryOutcomes", p.outcomes.secondary_outcomes.size()},
      {"NumReferences", p.references.references.size()}};
  for (const auto& [name, count] : counts) visit(*FindPiece(name), std::to_string(count));
}

void ForEachModelLeaf(
    const std::function<void(std::string_view path, PieceType type, bool in_list)>& visit) {
  const LeafWalker::Visit leaf = [&](const std::string& path, PieceType type, bool in_list,
                                     std::string_view /*value*/) { visit(path, type, in_list); };
  LeafWalker walker("", false, true, leaf);
  const Study study;
  schema::Describe(walker, study);
}

}  // namespace trialfinder
