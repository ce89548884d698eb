// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// POST /getClinicalTrial: the clinical-trial-matching-service convention
// the open-source mCODE clinical trial matching app calls its matching
// services with: {"patientData": Bundle, "zipCode", "travelRadius" (miles),
// "phase", "recruitmentStatus"} in, a FHIR searchset Bundle of
// ResearchStudy resources with search.score out.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server/api.h"
#include "server/fhir_research_study.h"
#include "server/json_access.h"
#include "trialfinder/match.h"
#include "trialfinder/patient.h"
#include "trialfinder/places.h"
#include "trialfinder/search.h"
#include "trialfinder/study_json.h"

namespace trialfinder {
namespace {

using Json = nlohmann::ordered_json;

// A FHIR Bundle nests about ten levels; Questionnaire answers go deeper.
constexpr int kMaxBodyDepth = 64;

// FHIR ResearchStudy.status -> the registry's statuses it covers.
const std::map<std::string, std::vector<std::string>>& StatusesOf() {
  static const std::map<std::string, std::vector<std::string>> kStatuses = {
      {"active", {"RECRUITING", "ENROLLING_BY_INVITATION", "AVAILABLE"}},
      {"approved", {"NOT_YET_RECRUITING"}},
      {"closed-to-accrual", {"ACTIVE_NOT_RECRUITING", "NO_LONGER_AVAILABLE"}},
      {"temporarily-closed-to-accrual", {"SUSPENDED", "TEMPORARILY_NOT_AVAILABLE"}},
      {"administratively-completed", {"TERMINATED"}},
      {"completed", {"COMPLETED", "APPROVED_FOR_MARKETING"}},
      {"withdrawn", {"WITHDRAWN"}},
      {"in-review", {"WITHHELD"}}};
  return kStatuses;
}

// FHIR research-study-phase -> the registry's phases.
const std::map<std::string, std::vector<std::string>>& PhasesOf() {
  static const std::map<std::string, std::vector<std::string>> kPhases = {
      {"n-a", {"NA"}},         {"early-phase-1", {"EARLY_PHASE1"}},
      {"phase-1", {"PHASE1"}}, {"phase-1-phase-2", {"PHASE1", "PHASE2"}},
      {"phase-2", {"PHASE2"}}, {"phase-2-phase-3", {"PHASE2", "PHASE3"}},
      {"phase-3", {"PHASE3"}}, {"phase-4", {"PHASE4"}}};
  return kPhases;
}

std::string Joined(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& value : values) out += (out.empty() ? "" : ",") + value;
  return out;
}

}  // namespace

void ApiHandlers::GetClinicalTrial(const HttpRequest& request, HttpResponse& response) {
  if (JsonNestingDepth(request.body) > kMaxBodyDepth) {
    return SendError(response, 400,
                     "the body nests deeper than " + std::to_string(kMaxBodyDepth) + " levels");
  }
  Result<Json> parsed = ParseJsonBody(request.body);
  if (!parsed.ok()) return SendError(response, 400, parsed.status().message());
  Json body = std::move(*parsed);
  if (!body.is_object()) {
    return SendError(response, 400, "the body must be a JSON object with patientData");
  }
  // Some callers send the Bundle as a JSON string.
  if (body.contains("patientData") && body["patientData"].is_string()) {
    const std::string text = body["patientData"].get<std::string>();
    if (JsonNestingDepth(text) > kMaxBodyDepth) {
      return SendError(response, 400, "'patientData': nests too deep");
    }
    body["patientData"] = Json::parse(text, nullptr, false);
  }
  for (const auto& [key, value] : body.items()) {
    if (key != "patientData" && key != "zipCode" && key != "travelRadius" && key != "phase" &&
        key != "recruitmentStatus") {
      return SendError(response, 400,
                       "'" + key +
                           "': unknown field (patientData, zipCode, travelRadius, phase, "
                           "recruitmentStatus)");
    }
  }
  if (!body.contains("patientData") || !body["patientData"].is_object()) {
    return SendError(response, 400, "'patientData': required, a FHIR Bundle");
  }
  // The reference matching service reads its search parameters from a
  // Parameters resource in the Bundle ("zipCode", "travelRadius" as a
  // string, "phase", "recruitmentStatus"); fields of the body win.
  if (const Json& entries = body["patientData"].value("entry", Json::array()); entries.is_array()) {
    for (const Json& entry : entries) {
      const Json& resource = entry.value("resource", Json::object());
      if (!resource.is_object() || resource.value("resourceType", "") != "Parameters") continue;
      for (const Json& parameter : resource.value("parameter", Json::array())) {
        if (!parameter.is_object()) continue;
        const std::string name = parameter.value("name", "");
        if (name != "zipCode" && name != "travelRadius" && name != "phase" &&
            name != "recruitmentStatus") {
          continue;
        }
        if (body.contains(name)) continue;
        for (const char* kind : {"valueString", "valueCode", "valueDecimal", "valueInteger"}) {
          if (parameter.contains(kind)) body[name] = parameter[kind];
        }
        if (name == "travelRadius" && body.contains(name) && body[name].is_string()) {
          char* end = nullptr;
          const std::string text = body[name].get<std::string>();
          const double miles = std::strtod(text.c_str(), &end);
          if (end != text.c_str() && *end == '\0') body[name] = miles;
        }
      }
    }
  }
  const auto today = std::chrono::year_month_day(
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
  Result<FhirPatient> fhir = ParseFhirPatientBundle(body["patientData"].dump(), today);
  if (!fhir.ok()) return SendError(response, 400, "'patientData': " + fhir.status().message());

  std::vector<std::pair<std::string, std::string>> filters;
  if (body.contains("recruitmentStatus")) {
    std::vector<std::string> statuses;
    const Json& given = body["recruitmentStatus"];
    for (const Json& status : given.is_array() ? given : Json::array({given})) {
      auto known =
          status.is_string() ? StatusesOf().find(status.get<std::string>()) : StatusesOf().end();
      if (known == StatusesOf().end()) {
        return SendError(response, 400,
                         "'recruitmentStatus': " + status.dump() +
                             " is not a FHIR ResearchStudy status (active, approved, "
                             "closed-to-accrual, ...)");
      }
      statuses.insert(statuses.end(), known->second.begin(), known->second.end());
    }
    filters.emplace_back("filter.overallStatus", Joined(statuses));
  }
  if (body.contains("phase")) {
    const Json& phase = body["phase"];
    auto known = phase.is_string() ? PhasesOf().find(phase.get<std::string>()) : PhasesOf().end();
    if (known == PhasesOf().end()) {
      return SendError(response, 400,
                       "'phase': " + phase.dump() +
                           " is not a FHIR research-study-phase code (phase-1, phase-2, ...)");
    }
    filters.emplace_back("filter.phase", Joined(known->second));
  }
  if (body.contains("zipCode")) {
    const std::string zip = body["zipCode"].is_string() ? body["zipCode"].get<std::string>() : "";
    const PlaceLookup place = Gazetteer::Builtin().Resolve(zip);
    if (zip.empty() || place.outcome != PlaceLookup::Outcome::kFound) {
      return SendError(response, 400, "'zipCode': not a US ZIP code trialfinder knows");
    }
    double miles = 100;
    if (body.contains("travelRadius")) {
      const Json& radius = body["travelRadius"];
      if (!radius.is_number() || !(radius.get<double>() > 0) || radius.get<double>() > 12500) {
        return SendError(response, 400, "'travelRadius': miles, a number above 0");
      }
      miles = radius.get<double>();
    }
    filters.emplace_back("filter.geo", "distance(" + std::to_string(place.place.point.latitude) +
                                           "," + std::to_string(place.place.point.longitude) + "," +
                                           std::to_string(miles) + "mi)");
  }
  Result<SearchQuery> query = ParseSearchParameters(filters);
  if (!query.ok()) return SendError(response, 400, query.status().message());

  Result<ReaderPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return SendError(response, 503, lease.status().message());
  MatchOptions options = lease->match_options();
  options.filters = *query;
  options.limit = 50;
  // A searchset lists matches: a trial whose criteria exclude the patient
  // is none (it carries no eligibility to say so).
  options.include_excluded = false;
  Matcher matcher(lease->store(), lease->index(), lease->lexicon());
  Result<MatchResult> result = matcher.Match(fhir->patient, options);
  if (!result.ok()) {
    return SendError(response, HttpStatusFor(result.status()), result.status().message());
  }
  Json entries = Json::array();
  // The score is the ranking's own (eligibility and relevance, best first),
  // relative to the best: it falls as the list goes down.
  const double best = result->trials.empty() ? 1 : std::max(result->trials.front().score, 1e-9);
  for (const TrialMatch& trial : result->trials) {
    Result<std::optional<StoredStudy>> stored = lease->store().Get(trial.nct_id);
    if (!stored.ok()) return SendError(response, 500, stored.status().message());
    if (!stored->has_value()) continue;
    const double score = std::round(std::clamp(trial.score / best, 0.0, 1.0) * 1000) / 1000;
    entries.push_back({{"fullUrl", "ResearchStudy/" + trial.nct_id},
                       {"resource", ResearchStudyOf(Json::parse((*stored)->raw_json))},
                       {"search", {{"mode", "match"}, {"score", score}}}});
  }
  Json bundle = {{"resourceType", "Bundle"},
                 {"type", "searchset"},
                 {"total", entries.size()},
                 {"entry", std::move(entries)}};
  response.SetContent(bundle.dump(-1, ' ', false, Json::error_handler_t::replace),
                      "application/fhir+json");
}

void ApiHandlers::Prescreen(const HttpRequest& request, HttpResponse& response) {
  const std::string nct_id = NormalizeNctId(request.PathGroup(1));
  if (nct_id.empty()) {
    return SendError(response, 400, "'" + request.PathGroup(1) + "' is not an NCT ID");
  }
  bool csv = false;
  for (const auto& [name, value] : request.params) {
    if (name != "format") return SendError(response, 400, "parameter '" + name + "': unknown");
    if (value != "ndjson" && value != "csv") {
      return SendError(response, 400, "parameter 'format': ndjson or csv");
    }
    csv = value == "csv";
  }
  Result<ReaderPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return SendError(response, 503, lease.status().message());
  Result<std::optional<trialfinder::Study>> study = lease->store().GetStudy(nct_id);
  if (!study.ok()) return SendError(response, 500, study.status().message());
  if (!study->has_value()) return SendError(response, 404, "no study " + nct_id);
  const Prescreener prescreener(**study, lease->lexicon());
  const auto today = std::chrono::year_month_day(
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
  std::string out = csv ? Prescreener::CsvHeader() : "";
  std::size_t number = 0;
  std::size_t start = 0;
  const std::string& body = request.body;
  while (start < body.size()) {
    std::size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    const std::string_view line(body.data() + start, end - start);
    start = end + 1;
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const Prescreener::Line result = prescreener.JudgeLine(line, number, today);
    out += csv ? Prescreener::CsvRow(result.json) : result.json + "\n";
  }
  if (number == 0) {
    return SendError(response, 400, "the body holds no patients (one JSON object per line)");
  }
  response.SetContent(out, csv ? "text/csv; charset=utf-8" : "application/x-ndjson");
}

}  // namespace trialfinder
