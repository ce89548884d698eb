// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Registry sync: brings a store up to date from a ClinicalTrials.gov API v2
// endpoint (ClinicalTrials.gov itself, or another trialfinder), unattended.
//
// A sync asks the upstream for the studies whose LastUpdatePostDate is on or
// after a date (none for a full load), oldest first, a page at a time with
// pageToken, and stores each page as ingest does (upsert, history, stale
// versions not written, bad records reported and skipped). Each page and
// the sync's position are written in one transaction, so a sync killed at
// any moment continues from the last stored page and loses nothing; a page
// that is not a complete API v2 answer applies nothing.
//
// Not guaranteed: studies removed from the upstream stay in the store (the
// registry does not delete records; withdrawn studies keep theirs). Paging
// is the upstream's: if studies are updated while a sync pages through its
// answer, an upstream with offset-based tokens (trialfinder's) may shift a
// study across a page boundary; the next sync's one-day overlap finds
// studies updated during the sync, not ones shifted.

#ifndef TRIALFINDER_REGISTRY_SYNC_H_
#define TRIALFINDER_REGISTRY_SYNC_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "trialfinder/ingester.h"
#include "trialfinder/status.h"
#include "trialfinder/store.h"
#include "trialfinder/study_json.h"

namespace trialfinder {

// ClinicalTrials.gov's API v2, the default upstream.
inline constexpr const char* kClinicalTrialsGovApi = "https://clinicaltrials.gov/api/v2";

// One HTTP answer. `retry_after` is the Retry-After header as sent (empty
// when there was none).
struct HttpReply {
  long status = 0;
  std::string body;
  std::string retry_after;
};

// Fetches URLs. A transport failure (timeout, refused or dropped
// connection, TLS, DNS) is an IoError; any HTTP answer, 404 and 500
// included, is a reply.
class HttpFetcher {
 public:
  virtual ~HttpFetcher() = default;
  virtual Result<HttpReply> Get(const std::string& url) = 0;
};

// A fetcher over libcurl (TLS, gzip and brotli answers, proxies from the
// usual environment variables). `timeout` bounds a whole request,
// connecting included. `user_agent` names trialfinder to the upstream.
std::unique_ptr<HttpFetcher> MakeCurlFetcher(std::chrono::milliseconds timeout,
                                             const std::string& user_agent);

// Where a sync stands, kept in the store (StudyStore::PutMeta, key "sync")
// after every page.
struct SyncState {
  enum class Phase { kRunning, kComplete, kFailed };
  Phase phase = Phase::kRunning;
  std::string upstream;    // the API base URL, e.g. https://clinicaltrials.gov/api/v2
  std::string since;       // YYYY-MM-DD the query starts at; empty for a full load
  std::string page_token;  // the next page's token; empty at the query's first page
  // After the upstream refused a page token: the query asks again from this
  // date (the last date reached), with the undated studies of a full load.
  std::string resume_from;
  std::string last_date_reached;  // the latest LastUpdatePostDate stored by this run
  std::string started_at;         // UTC ISO 8601
  std::string updated_at;         // UTC ISO 8601, the last page stored
  std::string finished_at;        // UTC ISO 8601; empty while running
  std::int64_t pages = 0;
  std::int64_t total = -1;  // the upstream's count of the query's studies; -1 when unknown
  IngestReport counts;      // studies of this run so far (rejections: their number only)
  std::string last_error;   // why the run failed (kFailed)
  // The last run that completed: when it started (UTC ISO 8601), from which
  // upstream. The next sync asks from the day before it started.
  std::string last_success_started_at;
  std::string last_success_finished_at;
  std::string last_success_upstream;
  // The latest LastUpdatePostDate the complete runs have stored: the next
  // sync asks from the day before the earlier of it and the last start,
  // so an upstream whose dates lag this machine's clock loses nothing.
  std::string last_success_date_reached;
  // When a load of everything from `full_load_upstream` last completed
  // with studies in it. Until one has, a sync without --since loads
  // everything (an interrupted or empty first load is never taken for a
  // complete one).
  std::string full_load_finished_at;
  std::string full_load_upstream;
};

// "running", "complete", "failed".
const char* SyncPhaseName(SyncState::Phase phase);

// The state the store keeps; nullopt before the first sync. A state that
// does not read is a Corruption error.
Result<std::optional<SyncState>> LoadSyncState(const StudyStore& store);

// Progress, after each page.
struct SyncProgress {
  std::int64_t pages = 0;
  std::int64_t studies = 0;  // records of this run so far
  std::int64_t total = -1;   // the upstream's count; -1 when unknown
  std::int64_t retries = 0;
  std::string last_date_reached;
};

struct SyncOptions {
  // The API base URL. Empty: the one the store last synced from, else
  // ClinicalTrials.gov.
  std::string upstream;
  // Ask from this date (YYYY-MM-DD) instead of the stored position.
  std::string since;
  // Load everything (the first sync does anyway).
  bool full = false;
  int page_size = 1000;
  // At most this many requests a minute. ClinicalTrials.gov asks for about
  // 50 at most; 20 stays well under it.
  double requests_per_minute = 20;
  // Attempts per page before the sync gives up (with a clear error).
  int max_attempts = 8;
  // Backoff: the n-th retry waits a random time between half and all of
  // first_retry_delay * 2^(n-1), capped at max_retry_delay; a Retry-After
  // header is honoured instead (capped at max_retry_after).
  std::chrono::milliseconds first_retry_delay{2000};
  std::chrono::milliseconds max_retry_delay{std::chrono::minutes(2)};
  std::chrono::milliseconds max_retry_after{std::chrono::minutes(10)};
  // Stop after this many pages this run (0: none); the state stays
  // "running", and the next sync continues. For tests and staged loads.
  std::int64_t max_pages = 0;
  StudyParseLimits limits;
  std::size_t max_reported_rejections = 1000;
  std::function<void(const SyncProgress&)> on_progress;
  // Called after each page is committed (the CLI brings the search index
  // up to date there, so a running server sees the page within seconds).
  std::function<Status()> after_page;
  // Waits; tests pass one that records instead of sleeping.
  std::function<void(std::chrono::milliseconds)> sleep;
  // Asked before each page: true stops the sync there, as max_pages does
  // (the CLI's answer to Ctrl-C and SIGTERM).
  std::function<bool()> stop_requested;
  // Told of each retry: its number, the wait before it and why.
  std::function<void(int retry, std::chrono::milliseconds wait, const std::string& why)> on_retry;
};

// Checks the options a person gives (--since: a real day, not in the
// future; --page-size; --from: http(s) without a query) before anything
// is opened; errors name the option.
Status CheckSyncOptions(const SyncOptions& options);

struct SyncReport {
  SyncState state;      // as stored at the end
  IngestReport counts;  // this invocation's studies only
  std::int64_t pages = 0;
  std::int64_t retries = 0;
  std::int64_t restarts = 0;  // queries restarted after an expired page token
  bool resumed = false;       // continued an interrupted run
  bool stopped = false;       // stop_requested or max_pages ended it early
  // What a person should know: an interrupted load set aside, an upstream
  // that listed nothing.
  std::vector<std::string> warnings;
  double seconds = 0;
};

// Runs a sync into `store` through `fetcher`. Returns the report when the
// query was paged to its end (or max_pages was reached); an error, with
// the state stored as failed and every page before it kept, when the
// upstream kept failing, answered what is not an API v2 page, or the
// store failed. Only one sync may run on a store at a time (the CLI holds
// a lock file).
Result<SyncReport> SyncRegistry(StudyStore& store, HttpFetcher& fetcher,
                                const SyncOptions& options);

// How long to wait before retry number `retry` (1-based) of a request, as
// SyncOptions describes: `retry_after` (seconds or an HTTP date) when
// given, else exponential backoff scaled by `jitter` in [0, 1].
std::chrono::milliseconds RetryDelay(const SyncOptions& options, int retry,
                                     const std::string& retry_after, double jitter,
                                     std::chrono::system_clock::time_point now);

}  // namespace trialfinder

#endif  // TRIALFINDER_REGISTRY_SYNC_H_
