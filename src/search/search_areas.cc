// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The search areas: what each query.* parameter searches (the index fields
// of study_document.cc) and what /studies/search-areas describes.

#include "trialfinder/search.h"

namespace trialfinder {

std::span<const SearchArea> SearchAreas() {
  // The pieces each area's index field holds (study_document.cc), weighted
  // as the index weighs them (index_schema.h).
  static const std::vector<SearchArea> kDescribed = {
      {"BasicSearch",
       "term",
       "Other terms",
       {{{"Condition"}, 0.95},
        {{"BriefTitle", "OfficialTitle", "Acronym"}, 0.8},
        {{"ConditionMeshTerm", "Keyword", "InterventionName", "InterventionOtherName"}, 0.5},
        {{"ConditionAncestorTerm"}, 0.3},
        {{"NCTId", "NCTIdAlias", "OrgStudyId", "SecondaryId", "BriefSummary", "DetailedDescription",
          "InterventionDescription", "ArmGroupLabel", "ArmGroupDescription",
          "PrimaryOutcomeMeasure", "PrimaryOutcomeDescription", "SecondaryOutcomeMeasure",
          "SecondaryOutcomeDescription", "OtherOutcomeMeasure", "OtherOutcomeDescription",
          "EligibilityCriteria", "LeadSponsorName", "CollaboratorName"},
         0.15}}},
      {"ConditionSearch",
       "cond",
       "Conditions or disease",
       {{{"Condition"}, 0.95},
        {{"BriefTitle"}, 0.6},
        {{"OfficialTitle"}, 0.55},
        {{"ConditionMeshTerm"}, 0.5},
        {{"ConditionAncestorTerm"}, 0.4},
        {{"Keyword"}, 0.3}}},
      {"InterventionSearch",
       "intr",
       "Intervention / treatment",
       {{{"InterventionName"}, 0.95},
        {{"InterventionOtherName", "InterventionMeshTerm"}, 0.6},
        {{"InterventionAncestorTerm"}, 0.3}}},
      {"OutcomeSearch",
       "outc",
       "Outcome measure",
       {{{"PrimaryOutcomeMeasure", "SecondaryOutcomeMeasure", "OtherOutcomeMeasure",
          "PrimaryOutcomeDescription", "SecondaryOutcomeDescription", "OtherOutcomeDescription"},
         1.0}}},
      {"TitleSearch",
       "titles",
       "Title / acronym",
       {{{"BriefTitle", "Acronym"}, 1.0}, {{"OfficialTitle"}, 0.5}}},
      {"LocationSearch",
       "locn",
       "Location terms",
       {{{"LocationFacility", "LocationCity", "LocationState", "LocationCountry"}, 1.0}}},
      {"SponsorSearch",
       "spons",
       "Sponsor / collaborator",
       {{{"LeadSponsorName", "CollaboratorName"}, 1.0}}},
      {"LeadSponsorSearch", "lead", "Lead sponsor", {{{"LeadSponsorName"}, 1.0}}},
      {"IdSearch",
       "id",
       "Study IDs",
       {{{"NCTId", "NCTIdAlias", "OrgStudyId", "SecondaryId", "Acronym"}, 1.0}}},
      {"PatientSearch",
       "patient",
       "Patient",
       {{{"Condition", "BriefTitle", "OfficialTitle", "BriefSummary", "EligibilityCriteria"},
         1.0}}},
      {"InclusionSearch",
       "inclusion",
       "Inclusion criteria (trialfinder)",
       {{{"EligibilityCriteria"}, 1.0}}},
      {"ExclusionSearch",
       "exclusion",
       "Exclusion criteria (trialfinder)",
       {{{"EligibilityCriteria"}, 1.0}}},
  };
  return kDescribed;
}

}  // namespace trialfinder
