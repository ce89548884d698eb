// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Reading and writing a Study as ClinicalTrials.gov API v2 JSON.

#ifndef TRIALFINDER_STUDY_JSON_H_
#define TRIALFINDER_STUDY_JSON_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "trialfinder/status.h"
#include "trialfinder/study.h"

namespace trialfinder {

// Limits that protect the parser from absurd input.
struct StudyParseLimits {
  // Records larger than this are rejected before parsing. Real records,
  // results included, stay well below 8 MiB.
  std::size_t max_bytes = std::size_t{16} * 1024 * 1024;
  // Deeper nesting than this is rejected (API v2 records nest about 8 deep).
  int max_depth = 64;
  // Rejects an object that names a key twice (readers disagree on which
  // value counts). Checking costs a fifth of parsing: turned off only for
  // records read back from the store, which were checked when ingested.
  bool reject_duplicate_keys = true;
};

// The limits for records the store gave back: checked when ingested.
inline StudyParseLimits StoredRecordLimits() {
  StudyParseLimits limits;
  limits.reject_duplicate_keys = false;
  return limits;
}

// Parses one API v2 study record (the object with protocolSection, ...).
//
// Rejects, with an InvalidArgument error that names the field and the
// problem: malformed JSON or invalid UTF-8, a record over the limits, a
// missing or malformed protocolSection.identificationModule.nctId, a known
// field of the wrong type, an enumeration value outside the API v2 set, an
// unparseable age or date. Unknown fields are not errors: they stay in
// raw_json. On success the Study's raw_json is `text` unchanged.
Result<Study> ParseStudyJson(std::string text, const StudyParseLimits& limits = {});

// Writes the typed fields of `study` as API v2 JSON, in the API's field
// order. Does NOT include what the model does not type (resultsSection and
// unknown fields): serve Study::raw_json to give a record back whole.
std::string TypedStudyToJson(const Study& study);

// True for identifiers of the form "NCT" followed by digits ("NCT01234567").
// Registry IDs have 8 digits; shorter ones occur in test and legacy data.
bool IsValidNctId(std::string_view id);

// `text` as a canonical NCT ID: any letter case, leading zeros optional
// ("nct4000165" -> "NCT04000165", as the API v2 path pattern
// ^[Nn][Cc][Tt]0*[1-9]\d{0,7}$ allows); empty when it is none.
std::string CanonicalNctId(std::string_view text);

// How deeply objects and arrays nest in a JSON text, found without parsing
// it (so before a parser could recurse on hostile input). Strings are
// skipped; malformed text gives a number, not an error.
int JsonNestingDepth(std::string_view text);

}  // namespace trialfinder

#endif  // TRIALFINDER_STUDY_JSON_H_
