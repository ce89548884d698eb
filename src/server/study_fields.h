// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The `fields` parameter of API v2 (projection of study records) and the
// CSV rendering of studies.

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
// separated by commas or pipes): API v2 piece names (NCTId, BriefTitle,
// OverallStatus, Phase, Condition, ...), module names (StatusModule or
// statusModule), section names and dotted paths. Unknown names are an
// InvalidArgument error naming them.
Result<std::vector<FieldPath>> ParseFields(const std::string& text);

// The parts of `study` the fields name, in record shape (lists keep their
// elements' positions). Fields the record lacks are simply absent.
nlohmann::ordered_json ProjectStudy(const nlohmann::ordered_json& study,
                                    const std::vector<FieldPath>& fields);

// The columns of CSV output when no fields are given (like API v2's).
const std::vector<FieldPath>& DefaultCsvColumns();

// One CSV line (RFC 4180, CRLF) of the values each field has in `study`;
// several values are joined with '|'. Cells that a spreadsheet would run as
// a formula (=, +, -, @) are prefixed with an apostrophe.
std::string CsvRow(const nlohmann::ordered_json& study, const std::vector<FieldPath>& fields);

// The header line for `fields`.
std::string CsvHeader(const std::vector<FieldPath>& fields);

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_STUDY_FIELDS_H_
