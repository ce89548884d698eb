// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// CSV output (format=csv) as ClinicalTrials.gov writes it: its 30 columns,
// their titles and their contents ("DRUG: Aspirin", "facility, city,
// state, zip, country"), lists joined with '|'.

#ifndef TRIALFINDER_SERVER_CSV_COLUMNS_H_
#define TRIALFINDER_SERVER_CSV_COLUMNS_H_

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "trialfinder/status.h"

namespace trialfinder {

// One column: its title and how a record's cell is made.
struct CsvColumn {
  std::string title;
  std::function<std::string(const nlohmann::ordered_json& study)> cell;
};

// ClinicalTrials.gov's default columns, in its order (the CSV download's).
const std::vector<CsvColumn>& DefaultCsvColumns();

// `fields` for CSV, comma or pipe separated: column titles in any letter
// case ("NCT Number", "Locations"); trialfinder also takes piece names and
// paths (their values joined with '|'). Unknown names are an error naming
// them.
Result<std::vector<CsvColumn>> ParseCsvColumns(const std::string& fields);

// The header line (RFC 4180, CRLF).
std::string CsvHeader(const std::vector<CsvColumn>& columns);

// One line of `study`'s cells. Cells a spreadsheet would run as a formula
// (=, +, -, @) are prefixed with an apostrophe.
std::string CsvRow(const nlohmann::ordered_json& study, const std::vector<CsvColumn>& columns);

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_CSV_COLUMNS_H_
