// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "trialfinder/match.h"
#include "trialfinder/study_json.h"

namespace trialfinder {
namespace {

using nlohmann::json;

// A patient line nests a few levels (a FHIR Bundle about ten).
constexpr int kMaxLineDepth = 64;

Prescreener::Line ErrorLine(std::size_t number, const std::string& message) {
  return {json{{"line", number}, {"error", message}}.dump(-1, ' ', false,
                                                          json::error_handler_t::replace),
          false};
}

std::string CsvCell(std::string text) {
  // Cells a spreadsheet would run as a formula are text.
  if (!text.empty() && std::string("=+-@\t\r").find(text[0]) != std::string::npos) {
    text = "'" + text;
  }
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    quoted += c;
    if (c == '"') quoted += '"';
  }
  return quoted + "\"";
}

}  // namespace

Prescreener::Prescreener(const Study& study, const CriteriaLexicon& lexicon)
    : study_(study), lexicon_(lexicon), criteria_(ParseStudyCriteria(study, lexicon)) {}

Prescreener::Line Prescreener::JudgeLine(std::string_view line, std::size_t number,
                                         std::chrono::year_month_day today) const {
  if (JsonNestingDepth(line) > kMaxLineDepth) {
    return ErrorLine(number, "nests deeper than " + std::to_string(kMaxLineDepth) + " levels");
  }
  const json value = json::parse(line, nullptr, false);
  if (value.is_discarded() || !value.is_object()) {
    return ErrorLine(number, "not a JSON object (one patient per line)");
  }
  Patient patient;
  std::string id;
  std::vector<std::string> not_understood;
  // A Bundle, alone or wrapped with an id ({"id": .., "patient": Bundle}).
  const bool wrapped_fhir = value.contains("patient") && value["patient"].is_object() &&
                            value["patient"].contains("resourceType");
  if (value.contains("resourceType") || wrapped_fhir) {
    Result<FhirPatient> fhir =
        ParseFhirPatientBundle(wrapped_fhir ? value["patient"].dump() : std::string(line), today);
    if (!fhir.ok()) return ErrorLine(number, fhir.status().message());
    patient = std::move(fhir->patient);
    id = fhir->id;
    if (wrapped_fhir && value.contains("id")) {
      id = value["id"].is_string() ? value["id"].get<std::string>() : value["id"].dump();
    }
    not_understood = std::move(fhir->not_understood);
  } else {
    const bool wrapped = value.contains("patient") && value["patient"].is_object();
    if (wrapped) {
      for (const auto& [key, field] : value.items()) {
        if (key != "id" && key != "patient") {
          return ErrorLine(number, "'" + key + "': unknown field (id, patient)");
        }
      }
      if (value.contains("id")) {
        id = value["id"].is_string() ? value["id"].get<std::string>() : value["id"].dump();
      }
    }
    const CaseReader reader(lexicon_);
    Result<Patient> read =
        ParsePatientJson(wrapped ? value["patient"].dump() : std::string(line), reader);
    if (!read.ok()) return ErrorLine(number, read.status().message());
    patient = std::move(*read);
  }
  // The description, as Matcher reads it.
  const std::string description = std::move(patient.description);
  patient.description.clear();
  CaseReader(lexicon_).Read(description, patient);

  const TrialMatch match = EligibilityJudge(patient).Judge(study_, criteria_);
  json out = {{"line", number},
              {"id", id},
              {"nctId", match.nct_id},
              {"eligibility", EligibilityStatusName(match.status)},
              // Whether the patient has a condition the trial studies: a
              // patient "possibly eligible" without it is no candidate.
              {"aboutPatientCondition", match.studies_patient_condition},
              {"why", match.why}};
  if (!match.cohort.empty()) out["cohort"] = match.cohort;
  json met = json::array();
  json not_met = json::array();
  json unknown = json::array();
  for (const CriterionVerdict& verdict : match.criteria) {
    const std::string name = VerdictName(verdict.verdict);
    json item = {{"text", verdict.text}, {"verdict", name}};
    if (!verdict.evidence.empty()) item["evidence"] = verdict.evidence;
    if (verdict.verdict == Verdict::kMet || verdict.verdict == Verdict::kDoesNotApply) {
      if (!verdict.assumed)
        met.push_back(std::move(item));
      else
        unknown.push_back(std::move(item));  // assumed: a clinician confirms it
    } else if (verdict.verdict == Verdict::kNotMet || verdict.verdict == Verdict::kApplies) {
      not_met.push_back(std::move(item));
    } else if (verdict.verdict == Verdict::kUnknown) {
      unknown.push_back(std::move(item));
    }
  }
  out["met"] = std::move(met);
  out["notMet"] = std::move(not_met);
  out["unknown"] = std::move(unknown);
  if (!not_understood.empty()) out["notUnderstood"] = not_understood;
  return {out.dump(-1, ' ', false, json::error_handler_t::replace), true};
}

std::string Prescreener::CsvHeader() {
  return "line,id,eligibility,has a condition it studies,met,not met,unknown,first not met,"
         "not understood,error\r\n";
}

std::string Prescreener::CsvRow(const std::string& json_line) {
  const json row = json::parse(json_line, nullptr, false);
  if (row.is_discarded()) return "";
  auto count = [&](const char* key) {
    return row.contains(key) ? std::to_string(row[key].size()) : std::string();
  };
  std::string first_not_met;
  if (row.contains("notMet") && !row["notMet"].empty()) {
    first_not_met = row["notMet"][0]["text"].get<std::string>();
  }
  const std::vector<std::string> cells = {
      std::to_string(row.value("line", 0)),
      row.value("id", ""),
      row.value("eligibility", ""),
      row.contains("aboutPatientCondition")
          ? (row["aboutPatientCondition"].get<bool>() ? "yes" : "no")
          : "",
      count("met"),
      count("notMet"),
      count("unknown"),
      first_not_met,
      count("notUnderstood"),
      row.value("error", "")};
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) line += (i ? "," : "") + CsvCell(cells[i]);
  return line + "\r\n";
}

}  // namespace trialfinder
