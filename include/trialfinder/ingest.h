// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Readers that find study records in files: API v2 JSON (one object, an
// array as the website's "Download JSON" gives, an API response page with a
// "studies" list, JSONL), legacy <clinical_study> XML, directories of such
// files and zip archives of them (the registry's bulk download).
//
// Readers only split input into records and convert XML to API v2 JSON; they
// do not validate records (ParseStudyJson does) and never touch the store.

#ifndef TRIALFINDER_INGEST_H_
#define TRIALFINDER_INGEST_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "trialfinder/status.h"

namespace trialfinder {

// One record as found in an input file.
struct SourceRecord {
  // Where the record came from, for messages: "studies.jsonl line 12",
  // "page.json record 3", "ctg-studies.zip:NCT01234567.json".
  std::string location;
  // The record as API v2 JSON text (verbatim for JSON input).
  std::string json_text;
  // Not OK when the record could not be read at all (truncated array, XML
  // that does not parse); json_text is then empty.
  Status error;
  // How many bytes of the input file this record accounts for (for progress).
  std::uint64_t input_bytes = 0;
};

// Receives records in input order.
using RecordSink = std::function<void(SourceRecord&&)>;

// Reads every record of `path`: a file (format from its extension and
// content: .json, .jsonl/.ndjson, .xml, .zip) or a directory (all such files
// below it, in path order). Per-record problems go to the sink as records
// with an error; the returned Status is an error only when `path` itself
// cannot be read (missing, unreadable, not a zip).
Status ReadStudyRecords(const std::filesystem::path& path, const RecordSink& sink);

// How records are laid out in a JSON input.
enum class JsonLayout {
  kDetect,     // an object, an array of objects, a response page, or JSONL
  kOnePerLine  // JSONL: one record per line (.jsonl, .ndjson)
};

// Splits JSON text (`content`, named `name` in messages) into study records,
// as ReadStudyRecords does for a .json or .jsonl file. A truncated array
// yields its complete records and one error for the cut-off rest.
void SplitJsonRecords(std::string_view content, const std::string& name, const RecordSink& sink,
                      JsonLayout layout = JsonLayout::kDetect);

// Converts one legacy ClinicalTrials.gov <clinical_study> XML document to an
// API v2 study record (JSON text): statuses, phases and other enumerations
// mapped to API v2 values, dates to ISO form, ages kept as "18 Years".
// Returns InvalidArgument when the XML does not parse or is not a
// <clinical_study> with an nct_id.
Result<std::string> ConvertLegacyXml(std::string_view xml);

// The total size of the files ReadStudyRecords would read below `path`.
std::uint64_t InputSize(const std::filesystem::path& path);

}  // namespace trialfinder

#endif  // TRIALFINDER_INGEST_H_
