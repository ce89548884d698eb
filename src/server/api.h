// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Handlers of the JSON API (/api/v2/...). Routes are bound in routes.cc.

#ifndef TRIALFINDER_SERVER_API_H_
#define TRIALFINDER_SERVER_API_H_

#include <string>

#include "server/http_message.h"
#include "server/reader_pool.h"
#include "trialfinder/status.h"

namespace trialfinder {

// Writes an API error: {"code": 400, "message": "..."} with that status.
void SendError(HttpResponse& response, int http_status, const std::string& message);

// "nct07038447" -> "NCT07038447"; empty when it is not an NCT ID. The API
// and the pages take IDs in URLs the same way.
std::string NormalizeNctId(const std::string& text);

// The HTTP status for a Status code (InvalidArgument 400, NotFound 404, else 500).
int HttpStatusFor(const Status& status);

class ApiHandlers {
 public:
  explicit ApiHandlers(ReaderPool& pool) : pool_(pool) {}

  // GET /api/v2/studies: search with API v2 parameters.
  void Studies(const HttpRequest& request, HttpResponse& response);
  // GET /api/v2/studies/{nctId}
  void Study(const HttpRequest& request, HttpResponse& response);
  // GET /api/v2/studies/{nctId}/related
  void Related(const HttpRequest& request, HttpResponse& response);
  // GET /api/v2/studies/{nctId}/criteria: structured eligibility criteria.
  void Criteria(const HttpRequest& request, HttpResponse& response);
  // POST /api/v2/match: {"patient": {...}, "answers": {"key": bool},
  // "limit": N, "includeExcluded": bool}; search filters in the query string.
  void Match(const HttpRequest& request, HttpResponse& response);
  // POST /getClinicalTrial: the mCODE clinical trial matching app's
  // matching-service call (matching_service.cc).
  void GetClinicalTrial(const HttpRequest& request, HttpResponse& response);
  // POST /api/v2/studies/{nctId}/prescreen: NDJSON of patients (patient
  // JSON or FHIR Bundles) in; a result line per patient out (NDJSON, or
  // CSV with format=csv).
  void Prescreen(const HttpRequest& request, HttpResponse& response);
  // GET /api/v2/stats/size
  void StatsSize(const HttpRequest& request, HttpResponse& response);

  // API v2's description of itself (metadata_api.cc).
  // GET /api/v2/studies/metadata: the record's fields as a tree.
  void StudiesMetadata(const HttpRequest& request, HttpResponse& response);
  // GET /api/v2/studies/search-areas: what each query.* parameter searches.
  void SearchAreas(const HttpRequest& request, HttpResponse& response);
  // GET /api/v2/studies/enums: every enumeration, its pieces and values.
  void Enums(const HttpRequest& request, HttpResponse& response);
  // GET /api/v2/stats/field/values: value statistics of pieces.
  void FieldValues(const HttpRequest& request, HttpResponse& response);
  // GET /api/v2/stats/field/sizes: how many values list pieces have.
  void FieldSizes(const HttpRequest& request, HttpResponse& response);
  // GET /api/v2/version
  void Version(const HttpRequest& request, HttpResponse& response);
  // GET /healthz
  void Health(const HttpRequest& request, HttpResponse& response);

 private:
  ReaderPool& pool_;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_API_H_
