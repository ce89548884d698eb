// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/api.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>

#include "server/csv_columns.h"
#include "server/fhir_research_study.h"
#include "server/json_access.h"
#include "server/param_list.h"
#include "server/ris_record.h"
#include "server/study_fields.h"
#include "server/zip_archive.h"
#include "text/ascii_case.h"
#include "trialfinder/criteria.h"
#include "trialfinder/match.h"
#include "trialfinder/search.h"
#include "trialfinder/study_json.h"
#include "trialfinder/version.h"

namespace trialfinder {
namespace {

using Json = nlohmann::ordered_json;

// The specification's version (data/reference/ctg-oas-v2.yaml).
constexpr const char* kApiVersion = "2.0.5";

// Messages can quote the request, which need not be UTF-8: such bytes are
// sent as U+FFFD instead of failing the response.
std::string DumpJson(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void SendJson(HttpResponse& response, const Json& body) {
  response.SetContent(DumpJson(body), "application/json");
}

// Options of the response itself, not of the search.
struct Presentation {
  std::vector<FieldPath> fields;   // JSON: empty for whole records
  std::vector<CsvColumn> columns;  // CSV
  bool csv = false;
  bool legacy_markup = false;  // markupFormat=legacy
  bool ris = false;            // format=ris (one study only)
  bool zip = false;            // format=json.zip (one study only)
  bool fhir = false;           // format=fhir.json (one study only)
};

// `fields` with "@query" replaced by the search areas of the query.*
// parameters given ("expands to all fields queried by search").
std::string ExpandQueryFields(const HttpRequest& request, const std::string& fields) {
  std::string expanded;
  for (const std::string& name : SplitParamList(fields)) {
    if (name != "@query") {
      expanded += (expanded.empty() ? "" : ",") + name;
      continue;
    }
    expanded += std::string(expanded.empty() ? "" : ",") + "NCTId";
    for (const SearchArea& area : SearchAreas()) {
      if (request.HasParam("query." + std::string(area.param))) {
        expanded += "," + std::string(area.name);
      }
    }
  }
  return expanded;
}

// `one_study`: the single study route, which also writes RIS.
Result<Presentation> ReadPresentation(const HttpRequest& request, bool one_study = false) {
  // A parameter given twice with different values is refused: which one
  // counts would be a guess (and a proxy that appends a filter must not be
  // overridden by a client's).
  std::map<std::string, std::string> given;
  for (const auto& [name, value] : request.params) {
    const auto [known, added] = given.emplace(name, value);
    if (!added && known->second != value) {
      return Status::InvalidArgument("parameter '" + name +
                                     "': given twice with different values; give it once "
                                     "(lists take commas or pipes)");
    }
  }
  Presentation presentation;
  if (request.HasParam("format")) {
    const std::string format = request.Param("format");
    const bool one_study_format = format == "ris" || format == "json.zip" || format == "fhir.json";
    if (format != "json" && format != "csv" && !(one_study && one_study_format)) {
      return Status::InvalidArgument("parameter 'format': must be json or csv" +
                                     std::string(one_study ? ", json.zip, fhir.json or ris" : "") +
                                     ", not '" + format + "'");
    }
    presentation.zip = format == "json.zip";
    presentation.fhir = format == "fhir.json";
    if (presentation.fhir && request.HasParam("fields")) {
      return Status::InvalidArgument(
          "parameter 'fields': not taken with format=fhir.json (the specification: all fields)");
    }
    presentation.csv = format == "csv";
    presentation.ris = format == "ris";
    if (presentation.ris) return presentation;  // fields are RIS tags: read by the handler
  }
  if (request.HasParam("markupFormat")) {
    const std::string markup = request.Param("markupFormat");
    if (markup != "markdown" && markup != "legacy") {
      return Status::InvalidArgument("parameter 'markupFormat': must be markdown or legacy, not '" +
                                     markup + "'");
    }
    presentation.legacy_markup = markup == "legacy";
  }
  if (presentation.csv) {
    presentation.columns = DefaultCsvColumns();
    if (request.HasParam("fields")) {
      Result<std::vector<CsvColumn>> columns = ParseCsvColumns(request.Param("fields"));
      if (!columns.ok()) return columns.status();
      presentation.columns = std::move(*columns);
    }
    return presentation;
  }
  if (request.HasParam("fields")) {
    if (TrimAsciiSpace(request.Param("fields")).empty()) {
      return Status::InvalidArgument("parameter 'fields': empty (leave it out for whole records)");
    }
    Result<std::vector<FieldPath>> fields =
        ParseFields(ExpandQueryFields(request, request.Param("fields")));
    if (!fields.ok()) return fields.status();
    presentation.fields = *fields;
  }
  return presentation;
}

// The stored record of `nct_id` as JSON, or null when it is not stored.
Result<Json> LoadRecord(StudyStore& store, const std::string& nct_id) {
  Result<std::optional<StoredStudy>> stored = store.Get(nct_id);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return Json();
  return Json::parse((*stored)->raw_json);
}

Json Present(Json record, const Presentation& presentation) {
  if (presentation.legacy_markup) ToLegacyMarkup(record);
  return presentation.fields.empty() ? record : ProjectStudy(record, presentation.fields);
}

// A page stops growing past this many bytes; the page token then continues
// after the last study sent. 1,000 studies are about 10 MB at the
// registry's average and up to 1 GB when many carry results: the server
// holds a page in memory until the client has read it.
constexpr std::size_t kMaxPageBytes = std::size_t{32} * 1024 * 1024;

// Records for hits: a JSON array text, or CSV lines. Whole records are the
// stored text spliced in as is (it is the JSON as ingested), so large pages
// cost no parsing; projections and CSV parse each record. Stops, after at
// least one study, once kMaxPageBytes are written; `*written` says how
// many hits were (those not in the store any more included).
Status WriteStudies(StudyStore& store, const std::vector<SearchHit>& hits,
                    const Presentation& presentation, std::string* json_array, std::string* csv_out,
                    std::size_t* written = nullptr) {
  *json_array = "[";
  bool first = true;
  std::size_t count = 0;
  for (const SearchHit& hit : hits) {
    if (count > 0 && json_array->size() + csv_out->size() > kMaxPageBytes) break;
    ++count;
    Result<std::optional<StoredStudy>> stored = store.Get(hit.nct_id);
    if (!stored.ok()) return stored.status();
    if (!stored->has_value()) continue;  // indexed but since removed from the store
    const std::string& raw = (*stored)->raw_json;
    if (presentation.csv) {
      *csv_out += CsvRow(Json::parse(raw), presentation.columns);
      continue;
    }
    if (!first) *json_array += ',';
    first = false;
    *json_array += presentation.fields.empty() && !presentation.legacy_markup
                       ? raw
                       : DumpJson(Present(Json::parse(raw), presentation));
  }
  *json_array += "]";
  if (written) *written = count;
  return Status::Ok();
}

// {"totalCount": .., "studies": [...], ...}: `studies` is JSON text.
std::string StudiesBody(const Json& before, const std::string& studies, const Json& after) {
  std::string body = DumpJson(before);
  body.pop_back();  // the closing brace
  body += std::string(before.empty() ? "" : ",") + "\"studies\":" + studies;
  const std::string rest = DumpJson(after);
  if (!after.empty()) body += "," + rest.substr(1, rest.size() - 2);
  return body + "}";
}

}  // namespace

void SendError(HttpResponse& response, int http_status, const std::string& message) {
  response.status = http_status;
  SendJson(response, Json{{"code", http_status}, {"message", message}});
}

std::string NormalizeNctId(const std::string& text) {
  return CanonicalNctId(text).empty() ? "" : AsciiUppercase(text);
}

int HttpStatusFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    default:
      return 500;
  }
}

void ApiHandlers::Studies(const HttpRequest& request, HttpResponse& response) {
  Result<Presentation> presentation = ReadPresentation(request);
  if (!presentation.ok()) return SendError(response, 400, presentation.status().message());
  std::vector<std::pair<std::string, std::string>> parameters;
  for (const auto& [name, value] : request.params) {
    if (name != "format" && name != "fields" && name != "markupFormat")
      parameters.emplace_back(name, value);
  }
  Result<SearchQuery> query = ParseSearchParameters(parameters);
  if (!query.ok()) return SendError(response, 400, query.status().message());
  Result<ReaderPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return SendError(response, 503, lease.status().message());
  Result<SearchResult> result = lease->index().Search(*query);
  if (!result.ok())
    return SendError(response, HttpStatusFor(result.status()), result.status().message());

  std::string studies;
  std::string csv;
  // The header row on the first page only: pages concatenate into one file.
  if (presentation->csv && query->page_token.empty()) csv = CsvHeader(presentation->columns);
  std::size_t sent = 0;
  Status written = WriteStudies(lease->store(), result->hits, *presentation, &studies, &csv, &sent);
  if (!written.ok()) return SendError(response, 500, written.message());
  if (sent < result->hits.size() && result->corrected_query.empty()) {
    // A short page: the next one starts after the last study sent.
    result->next_page_token = PageTokenAt(*query, result->offset + sent);
  }
  if (presentation->csv) {
    // Only a count that is exact: an estimate would page a client wrongly.
    if (query->exact_total || result->total_is_exact) {
      response.SetHeader("x-total-count", std::to_string(result->total));
    }
    if (!result->next_page_token.empty())
      response.SetHeader("x-next-page-token", result->next_page_token);
    response.SetContent(csv, "text/csv; charset=utf-8");
    return;
  }
  Json before = Json::object();
  if (query->exact_total) before["totalCount"] = result->total;
  Json after = Json::object();
  if (!result->next_page_token.empty()) after["nextPageToken"] = result->next_page_token;
  if (!result->corrected_query.empty()) after["correctedQuery"] = result->corrected_query;
  if (query->count_facets) {
    Json facets = Json::array();
    for (const Facet& facet : result->facets) {
      Json values = Json::array();
      for (const FacetValue& value : facet.values)
        values.push_back({{"value", value.value}, {"count", value.count}});
      facets.push_back({{"name", facet.name}, {"values", values}});
    }
    after["facets"] = facets;
    // false: counted on a sample of a large result and scaled (see search.h).
    after["facetsExact"] = result->facets_exact;
  }
  response.SetContent(StudiesBody(before, studies, after), "application/json");
}

void ApiHandlers::Study(const HttpRequest& request, HttpResponse& response) {
  const std::string nct_id = NormalizeNctId(request.PathGroup(1));
  if (nct_id.empty())
    return SendError(response, 400, "'" + request.PathGroup(1) + "' is not an NCT ID");
  Result<Presentation> presentation = ReadPresentation(request, /*one_study=*/true);
  if (!presentation.ok()) return SendError(response, 400, presentation.status().message());
  Result<ReaderPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return SendError(response, 503, lease.status().message());
  Result<Json> record = LoadRecord(lease->store(), nct_id);
  if (!record.ok()) return SendError(response, 500, record.status().message());
  if (record->is_null()) {
    // An ID without its leading zeros (NCT4000165) or an alias (the ID a
    // study had before two were merged) redirects to the study, as the
    // specification says for aliases.
    SearchQuery by_alias;
    by_alias.ids = {nct_id};
    by_alias.page_size = 1;
    Result<SearchResult> found = lease->index().Search(by_alias);
    if (found.ok() && !found->hits.empty() && found->hits.front().nct_id != nct_id) {
      std::string location = "/api/v2/studies/" + found->hits.front().nct_id;
      char separator = '?';
      for (const auto& [name, value] : request.params) {
        location += separator + EncodeQueryValue(name) + "=" + EncodeQueryValue(value);
        separator = '&';
      }
      response.status = 301;
      response.SetHeader("Location", location);
      return SendJson(
          response,
          Json{{"code", 301}, {"message", nct_id + " is now " + found->hits.front().nct_id}});
    }
    return SendError(response, 404, "no study " + nct_id);
  }
  if (presentation->csv) {
    response.SetContent(CsvHeader(presentation->columns) + CsvRow(*record, presentation->columns),
                        "text/csv; charset=utf-8");
    return;
  }
  if (presentation->fhir) {
    return response.SetContent(DumpJson(ResearchStudyOf(*record)), "application/fhir+json");
  }
  if (presentation->zip) {
    Result<std::string> zip =
        ZipOneFile(nct_id + ".json", DumpJson(Present(*record, *presentation)));
    if (!zip.ok()) return SendError(response, 500, zip.status().message());
    response.SetHeader("Content-Disposition", "attachment; filename=\"" + nct_id + ".zip\"");
    return response.SetContent(*zip, "application/zip");
  }
  if (presentation->ris) {
    Result<std::string> ris = RisRecord(*record, request.Param("fields"));
    if (!ris.ok()) return SendError(response, 400, ris.status().message());
    response.SetHeader("Content-Disposition", "attachment; filename=\"" + nct_id + ".ris\"");
    return response.SetContent(*ris, "application/x-research-info-systems");
  }
  SendJson(response, Present(*record, *presentation));
}

void ApiHandlers::Related(const HttpRequest& request, HttpResponse& response) {
  const std::string nct_id = NormalizeNctId(request.PathGroup(1));
  if (nct_id.empty())
    return SendError(response, 400, "'" + request.PathGroup(1) + "' is not an NCT ID");
  std::size_t count = 10;
  if (request.HasParam("count")) {
    const std::string text = request.Param("count");
    if (text.empty() || text.size() > 3 || !std::all_of(text.begin(), text.end(), ::isdigit) ||
        std::stoul(text) < 1 || std::stoul(text) > 50) {
      return SendError(response, 400, "parameter 'count': must be a whole number from 1 to 50");
    }
    count = std::stoul(text);
  }
  Result<Presentation> presentation = ReadPresentation(request);
  if (!presentation.ok()) return SendError(response, 400, presentation.status().message());
  Result<ReaderPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return SendError(response, 503, lease.status().message());
  Result<std::vector<SearchHit>> related = lease->index().Related(nct_id, count);
  if (!related.ok())
    return SendError(response, HttpStatusFor(related.status()), related.status().message());
  std::string studies;
  std::string csv;
  if (presentation->csv) csv = CsvHeader(presentation->columns);
  Status written = WriteStudies(lease->store(), *related, *presentation, &studies, &csv);
  if (!written.ok()) return SendError(response, 500, written.message());
  if (presentation->csv) return response.SetContent(csv, "text/csv; charset=utf-8");
  Json scores = Json::array();
  for (const SearchHit& hit : *related)
    scores.push_back({{"nctId", hit.nct_id}, {"similarity", hit.relevance}});
  response.SetContent(
      StudiesBody(Json{{"nctId", nct_id}, {"similarities", scores}}, studies, Json::object()),
      "application/json");
}

void ApiHandlers::Criteria(const HttpRequest& request, HttpResponse& response) {
  const std::string nct_id = NormalizeNctId(request.PathGroup(1));
  if (nct_id.empty())
    return SendError(response, 400, "'" + request.PathGroup(1) + "' is not an NCT ID");
  Result<ReaderPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return SendError(response, 503, lease.status().message());
  Result<std::optional<trialfinder::Study>> study = lease->store().GetStudy(nct_id);
  if (!study.ok()) return SendError(response, 500, study.status().message());
  if (!study->has_value()) return SendError(response, 404, "no study " + nct_id);
  const ParsedCriteria parsed = ParseStudyCriteria(**study, lease->lexicon());
  response.SetContent(ParsedCriteriaToJson(parsed), "application/json");
}

void ApiHandlers::Match(const HttpRequest& request, HttpResponse& response) {
  // A patient is a few levels deep, a FHIR Bundle about ten (Questionnaire
  // answers deeper); refuse deeper bodies before parsing.
  constexpr int kMaxBodyDepth = 64;
  if (JsonNestingDepth(request.body) > kMaxBodyDepth) {
    return SendError(response, 400,
                     "the body nests deeper than " + std::to_string(kMaxBodyDepth) + " levels");
  }
  Result<Json> parsed = ParseJsonBody(request.body);
  if (!parsed.ok()) return SendError(response, 400, parsed.status().message());
  Json body = std::move(*parsed);
  if (!body.is_object()) return SendError(response, 400, "the body must be a JSON object");
  // A FHIR Bundle alone (Content-Type application/fhir+json) is the patient.
  if (body.contains("resourceType")) body = Json{{"patient", std::move(body)}};
  for (const auto& [key, value] : body.items()) {
    if (key != "patient" && key != "answers" && key != "limit" && key != "includeExcluded") {
      return SendError(response, 400,
                       "'" + key + "': unknown field (patient, answers, limit, includeExcluded)");
    }
  }
  if (!body.contains("patient") || !body["patient"].is_object()) {
    return SendError(response, 400, "'patient': required, an object (see the README)");
  }
  // The readers first: the registry's lexicon reads the patient's text.
  Result<ReaderPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return SendError(response, 503, lease.status().message());
  const CriteriaLexicon& lexicon = lease->lexicon();
  std::vector<std::string> not_understood;
  Result<Patient> patient = Status::Internal("no patient read");
  if (body["patient"].contains("resourceType")) {
    const auto today = std::chrono::year_month_day(
        std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
    Result<FhirPatient> fhir = ParseFhirPatientBundle(body["patient"].dump(), today);
    if (!fhir.ok()) return SendError(response, 400, fhir.status().message());
    not_understood = std::move(fhir->not_understood);
    for (std::string& note : UnknownLabUnits(fhir->patient))
      not_understood.push_back(std::move(note));
    patient = std::move(fhir->patient);
  } else {
    patient = ParsePatientJson(body["patient"].dump(), CaseReader(lexicon));
    if (patient.ok()) not_understood = UnknownLabUnits(*patient);
  }
  if (!patient.ok()) return SendError(response, 400, patient.status().message());
  if (body.contains("answers")) {
    if (!body["answers"].is_object())
      return SendError(response, 400,
                       "'answers': must be an object of key: true|false|null (null: not sure)");
    if (body["answers"].size() > 200)
      return SendError(response, 400, "'answers': at most 200 answers");
    for (const auto& [key, value] : body["answers"].items()) {
      if (!value.is_boolean() && !value.is_null())
        return SendError(response, 400,
                         "answers." + key + ": must be true, false or null (not sure)");
      const Answer answer = value.is_null()     ? Answer::kUnsure
                            : value.get<bool>() ? Answer::kYes
                                                : Answer::kNo;
      Status applied = ApplyAnswer(key, answer, *patient);
      if (!applied.ok()) return SendError(response, 400, applied.message());
    }
  }
  MatchOptions options = lease->match_options();
  if (body.contains("limit")) {
    // Compared as the 64-bit number JSON gave: read as int, 4294967297
    // became 1 and passed.
    const Json& limit = body["limit"];
    const bool in_range = (limit.is_number_unsigned() && limit.get<std::uint64_t>() >= 1 &&
                           limit.get<std::uint64_t>() <= 100) ||
                          (limit.is_number_integer() && !limit.is_number_unsigned() &&
                           limit.get<std::int64_t>() >= 1 && limit.get<std::int64_t>() <= 100);
    if (!in_range) return SendError(response, 400, "'limit': must be an integer from 1 to 100");
    options.limit = static_cast<std::size_t>(limit.get<std::int64_t>());
  }
  if (body.contains("includeExcluded")) {
    if (!body["includeExcluded"].is_boolean())
      return SendError(response, 400, "'includeExcluded': must be true or false");
    options.include_excluded = body["includeExcluded"].get<bool>();
  }
  // Search filters come in the query string, as for /api/v2/studies.
  std::vector<std::pair<std::string, std::string>> parameters(request.params.begin(),
                                                              request.params.end());
  Result<SearchQuery> filters = ParseSearchParameters(parameters);
  if (!filters.ok()) return SendError(response, 400, filters.status().message());
  options.filters = *filters;
  Matcher matcher(lease->store(), lease->index(), lexicon);
  Result<MatchResult> result = matcher.Match(*patient, options);
  if (!result.ok()) {
    return SendError(response, HttpStatusFor(result.status()), result.status().message());
  }
  std::string answer = MatchResultToJson(*result, *patient);
  if (!not_understood.empty()) {
    // What of the record was left out (FHIR resources, lab values in units
    // not known): the match is on the rest only.
    Json with_notes = Json::parse(answer);
    with_notes["notUnderstood"] = not_understood;
    answer = DumpJson(with_notes);
  }
  response.SetContent(answer, "application/json");
}

void ApiHandlers::StatsSize(const HttpRequest& /*request*/, HttpResponse& response) {
  Result<ReaderPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return SendError(response, 503, lease.status().message());
  Result<StoreSizeStats> stats = lease->store().SizeStats();
  if (!stats.ok()) return SendError(response, 500, stats.status().message());
  Json largest = Json::array();
  for (const auto& [id, bytes] : stats->largest)
    largest.push_back({{"id", id}, {"sizeBytes", bytes}});
  Json percentiles = Json::object();
  for (const auto& [percent, bytes] : stats->percentiles)
    percentiles[std::to_string(percent)] = bytes;
  Json ranges = Json::array();
  for (const auto& [range, count] : stats->ranges)
    ranges.push_back({{"sizeRange", range}, {"studiesCount", count}});
  SendJson(response, Json{{"totalStudies", stats->studies},
                          {"averageSizeBytes", stats->average_bytes},
                          {"percentiles", percentiles},
                          {"ranges", ranges},
                          {"largestStudies", largest}});
}

void ApiHandlers::Version(const HttpRequest& /*request*/, HttpResponse& response) {
  Result<ReaderPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return SendError(response, 503, lease.status().message());
  Result<std::string> updated = lease->store().LastIngestTime();
  if (!updated.ok()) return SendError(response, 500, updated.status().message());
  // The specification's shape exactly (no other properties); trialfinder's
  // own version is in /healthz.
  Json version = {{"apiVersion", kApiVersion}};
  if (!updated->empty()) version["dataTimestamp"] = updated->substr(0, 19);
  SendJson(response, version);
}

void ApiHandlers::Health(const HttpRequest& /*request*/, HttpResponse& response) {
  Result<ReaderPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return SendError(response, 503, lease.status().message());
  Result<std::int64_t> studies = lease->store().Count();
  if (!studies.ok()) return SendError(response, 503, studies.status().message());
  SendJson(response, Json{{"status", "ok"},
                          {"trialfinderVersion", kTrialfinderVersionText},
                          {"studies", *studies},
                          {"indexedStudies", lease->index().DocumentCount()}});
}

}  // namespace trialfinder
