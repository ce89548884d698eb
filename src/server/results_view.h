// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// A record's posted results (resultsSection of the raw JSON) for the pages:
// tables for the registry page, and one line per trial for the patient
// page's "How similar studies have performed". The numbers are the study
// team's, shown as posted: nothing here re-computes, checks or judges them.

#ifndef TRIALFINDER_SERVER_RESULTS_VIEW_H_
#define TRIALFINDER_SERVER_RESULTS_VIEW_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace trialfinder {

// The results section as tables: participant flow, baseline, each outcome
// measure (participants analysed, the statistic and its dispersion named
// in words, "Mean (SD)", the unit and time frame, and the statistical
// analyses posted with estimate, confidence interval, p-value and method),
// adverse events in total and by term (serious and other, most frequent
// first, at most `kMaxEventTerms` each). Null without resultsSection.
// Each table: caption, note, corner, columns, rows {label, cells},
// analyses (sentences), more (a sentence on rows left out).
nlohmann::json ResultsTablesView(const nlohmann::json& record);

inline constexpr std::size_t kMaxEventTerms = 40;

// "STANDARD_DEVIATION" or "Standard Deviation" -> "SD", "95% Confidence
// Interval" -> "95% CI", "INTER_QUARTILE_RANGE" -> "IQR"; other values
// lower-cased with spaces; "" for "".
std::string DispersionLabel(const std::string& code);

// "COUNT_OF_PARTICIPANTS" -> "Count of participants", "LEAST_SQUARES_MEAN"
// -> "Least squares mean"; "" for "".
std::string ParameterLabel(const std::string& code);

// What a trial's posted results say, briefly, for patients.
struct PostedResults {
  std::string primary_outcome;  // the first primary outcome's title; may be empty
  int outcome_measures = 0;
  // Not given: adverse events summed over groups, which a crossover design
  // counts more than once per person.
};

// nullopt when the record has no resultsSection.
std::optional<PostedResults> SummarizeResults(const nlohmann::json& record);

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_RESULTS_VIEW_H_
