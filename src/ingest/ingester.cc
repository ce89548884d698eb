// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "trialfinder/ingester.h"

#include <chrono>
#include <optional>
#include <system_error>
#include <utility>

#include "trialfinder/ingest.h"

namespace trialfinder {
namespace {

// Keeps one batch transaction open, committing every `batch_size` upserts.
class BatchWriter {
 public:
  BatchWriter(StudyStore& store, std::size_t batch_size)
      : store_(store), batch_size_(batch_size) {}
  ~BatchWriter() {
    if (open_) store_.Rollback();
  }

  Result<UpsertOutcome> Upsert(const Study& study, const std::string& source) {
    if (!open_) {
      if (Status status = store_.Begin(); !status.ok()) return status;
      open_ = true;
    }
    Result<UpsertOutcome> outcome = store_.Upsert(study, source);
    if (outcome.ok() && ++pending_ >= batch_size_) {
      if (Status status = Commit(); !status.ok()) return status;
    }
    return outcome;
  }

  Status Commit() {
    if (!open_) return Status::Ok();
    open_ = false;
    pending_ = 0;
    return store_.Commit();
  }

 private:
  StudyStore& store_;
  std::size_t batch_size_;
  std::size_t pending_ = 0;
  bool open_ = false;
};

void Count(IngestReport& report, UpsertOutcome outcome) {
  switch (outcome) {
    case UpsertOutcome::kNew: ++report.new_studies; break;
    case UpsertOutcome::kUpdated: ++report.updated; break;
    case UpsertOutcome::kUnchanged: ++report.unchanged; break;
    case UpsertOutcome::kStale: ++report.stale; break;
  }
}

}  // namespace

Result<IngestReport> IngestPaths(StudyStore& store, const std::vector<std::filesystem::path>& paths,
                                 const IngestOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  IngestReport report;
  IngestProgress progress;
  for (const auto& path : paths) {
    std::error_code error;
    if (!std::filesystem::exists(path, error)) {
      return Status::NotFound("no such file or directory: " + path.string());
    }
    progress.input_bytes_total += InputSize(path);
  }

  BatchWriter writer(store, options.batch_size);
  std::optional<Status> store_failure;
  auto reject = [&](const std::string& location, const std::string& message) {
    ++report.rejected;
    if (report.rejections.size() < options.max_reported_rejections) {
      report.rejections.push_back({location, message});
    }
  };
  auto handle = [&](SourceRecord&& record) {
    if (store_failure) return;  // the store failed: read on, write nothing
    progress.input_bytes_done += record.input_bytes;
    if (++progress.records % options.progress_every == 0 && options.on_progress) {
      options.on_progress(progress);
    }
    if (!record.error.ok()) return reject(record.location, record.error.message());
    report.bytes += record.json_text.size();
    Result<Study> study = ParseStudyJson(std::move(record.json_text), options.limits);
    if (!study.ok()) return reject(record.location, study.status().message());
    Result<UpsertOutcome> outcome = writer.Upsert(*study, record.location);
    if (!outcome.ok()) {
      store_failure = outcome.status().WithContext("storing " + study->nct_id() + " from " +
                                                   record.location);
      return;
    }
    Count(report, *outcome);
  };

  for (const auto& path : paths) {
    if (Status status = ReadStudyRecords(path, handle); !status.ok()) {
      if (store_failure) break;
      reject(path.string(), status.message());
    }
    if (store_failure) break;
  }
  if (store_failure) return *store_failure;
  if (Status status = writer.Commit(); !status.ok()) return status;
  if (options.on_progress) options.on_progress(progress);
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace trialfinder
