// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// A study as a FHIR R4 ResearchStudy (format=fhir.json): identifiers,
// status, phase, conditions, keywords, arms, period, sponsor, contacts,
// sites and eligibility, with the sponsor (Organization), the sites
// (Location) and the enrolment group (Group) as contained resources.
//
// What it does not do: conditions are text plus the registry's MeSH codes,
// not SNOMED CT or ICD-10 (the registry has no such codes); eligibility
// is the criteria's text in Group.characteristic, not computable criteria;
// a status R4 has no code for (UNKNOWN: not verified recently) is given
// as closed-to-accrual, with a note saying why (the last known status may
// be long gone).

#ifndef TRIALFINDER_SERVER_FHIR_RESEARCH_STUDY_H_
#define TRIALFINDER_SERVER_FHIR_RESEARCH_STUDY_H_

#include <nlohmann/json.hpp>
#include <string>

namespace trialfinder {

// The ResearchStudy of an API v2 study record.
nlohmann::ordered_json ResearchStudyOf(const nlohmann::ordered_json& study);

// FHIR R4 ResearchStudy.status for an API v2 status ("RECRUITING" ->
// "active", "ACTIVE_NOT_RECRUITING" -> "closed-to-accrual"); empty for
// UNKNOWN and for values it does not know.
std::string FhirStudyStatus(const std::string& overall_status);

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_FHIR_RESEARCH_STUDY_H_
