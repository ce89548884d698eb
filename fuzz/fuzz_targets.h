// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The fuzzing entry points: each feeds arbitrary bytes to one parser of
// untrusted input and must return normally (errors are fine, crashes, hangs
// and sanitizer reports are not). libFuzzer runs them (fuzz/run.sh); the
// unit tests replay every input kept in fuzz/regressions/<target>/.

#ifndef TRIALFINDER_FUZZ_FUZZ_TARGETS_H_
#define TRIALFINDER_FUZZ_FUZZ_TARGETS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace trialfinder::fuzz {

// API v2 JSON: splitting a file into records, then each into a Study.
void StudyJson(std::string_view input);
// Legacy <clinical_study> XML to an API v2 record, then into a Study.
void LegacyXml(std::string_view input);
// Eligibility criteria text to structured criteria.
void EligibilityText(std::string_view input);
// An API query string ("query.cond=..&filter.geo=..") to a SearchQuery.
void SearchParameters(std::string_view input);
// filter.advanced expressions.
void AdvancedFilter(std::string_view input);
// Patient JSON and free-text case descriptions.
void PatientInput(std::string_view input);

// Target by name ("study_json", ...); nullptr when unknown.
using Target = void (*)(std::string_view);
Target FindTarget(std::string_view name);

}  // namespace trialfinder::fuzz

#endif  // TRIALFINDER_FUZZ_FUZZ_TARGETS_H_
