// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Ingesting files into the store: read records (ingest.h), parse and
// validate each (study_json.h), upsert the good ones in batches
// (store.h), and report the bad ones with where they came from.

#ifndef TRIALFINDER_INGESTER_H_
#define TRIALFINDER_INGESTER_H_

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "trialfinder/ingest.h"
#include "trialfinder/status.h"
#include "trialfinder/store.h"
#include "trialfinder/study_json.h"

namespace trialfinder {

// A rejected record: where it was and what is wrong with it.
struct Rejection {
  std::string location;  // "studies.jsonl line 12"
  std::string message;   // "NCT01234567: designModule.phases[0]: unknown value ..."
};

struct IngestReport {
  std::int64_t new_studies = 0;
  std::int64_t updated = 0;
  std::int64_t unchanged = 0;
  std::int64_t stale = 0;  // older than the stored version; not written
  std::int64_t rejected = 0;
  std::uint64_t bytes = 0;  // JSON bytes of the records read
  // The latest lastUpdatePostDate (YYYY-MM-DD) among the good records read.
  std::string latest_update_post_date;
  double seconds = 0;
  // The first rejections (up to IngestOptions::max_reported_rejections);
  // `rejected` counts all of them.
  std::vector<Rejection> rejections;

  std::int64_t records() const { return new_studies + updated + unchanged + stale + rejected; }
};

// Reported during an ingest, at most every IngestOptions::progress_every records.
struct IngestProgress {
  std::int64_t records = 0;
  std::uint64_t input_bytes_done = 0;
  std::uint64_t input_bytes_total = 0;  // 0 when unknown
};

struct IngestOptions {
  // Records per transaction: larger batches ingest faster; a crash loses at
  // most the open batch, which a re-run ingests again.
  std::size_t batch_size = 500;
  StudyParseLimits limits;
  std::size_t max_reported_rejections = 1000;
  std::function<void(const IngestProgress&)> on_progress;
  std::size_t progress_every = 200;
};

// Ingests every record found in `paths` (files or directories) into `store`.
// Bad records are counted and reported, never stored; good records around
// them are stored. Returns an error only when the store fails (the open
// batch is then rolled back) or a path does not exist.
Result<IngestReport> IngestPaths(StudyStore& store, const std::vector<std::filesystem::path>& paths,
                                 const IngestOptions& options = {});

// Stores `records` (read from anywhere: a page of an upstream's answer) as
// IngestPaths stores a file's: parsed on all cores, upserted in order, bad
// ones counted into `report` and skipped. Runs inside the store's open
// transaction, which the caller commits or rolls back. Returns an error
// only when the store fails. Ignores options.on_progress.
Status StoreRecords(StudyStore& store, std::vector<SourceRecord> records,
                    const IngestOptions& options, IngestReport& report);

}  // namespace trialfinder

#endif  // TRIALFINDER_INGESTER_H_
