// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The `fields` parameter of API v2: projection of study records (CSV
// columns are csv_columns.h's).

#ifndef TRIALFINDER_SERVER_STUDY_FIELDS_H_
#define TRIALFINDER_SERVER_STUDY_FIELDS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "trialfinder/status.h"

namespace trialfinder {

// A requested field: the name as given and its path in the record.
struct FieldPath {
  std::string name;               // "NCTId", "protocolSection.statusModule"
  std::vector<std::string> keys;  // {"protocolSection", "identificationModule", "nctId"}
};

// Parses `fields` ("NCTId,BriefTitle,protocolSection.statusModule",
// separated by commas or pipes): piece names and the names of the structs
// around them (NCTId, Phase, Location, Reference: study_pieces.h), module
// names (StatusModule or statusModule), section names, search area names
// (ConditionSearch: the pieces it searches) and dotted paths. Unknown names
// are an InvalidArgument error naming them.
Result<std::vector<FieldPath>> ParseFields(const std::string& text);

// The parts of `study` the fields name, in record shape (lists keep their
// elements' positions). Fields the record lacks are simply absent.
nlohmann::ordered_json ProjectStudy(const nlohmann::ordered_json& study,
                                    const std::vector<FieldPath>& fields);

// Rewrites `study`'s long text fields (BriefSummary, EligibilityCriteria,
// ...: the markup pieces) from markdown, as records are stored, to
// markupFormat=legacy: markdown's backslash escapes removed ("\>" is ">").
// Lists and emphasis are left as written: both spellings show them the same
// way in plain text.
void ToLegacyMarkup(nlohmann::ordered_json& study);

// The values of `field` in `study`, in record order, as text (numbers and
// booleans as JSON writes them).
std::vector<std::string> LeafValues(const nlohmann::ordered_json& study, const FieldPath& field);

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_STUDY_FIELDS_H_
