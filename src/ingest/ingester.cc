// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "trialfinder/ingester.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "concurrency/bounded_queue.h"
#include "trialfinder/ingest.h"

namespace trialfinder {
namespace {

// Keeps one batch transaction open, committing every `batch_size` upserts.
class BatchWriter {
 public:
  BatchWriter(StudyStore& store, std::size_t batch_size) : store_(store), batch_size_(batch_size) {}
  ~BatchWriter() {
    if (open_) (void)store_.Rollback();  // a destructor cannot report
  }

  Result<UpsertOutcome> Upsert(const Study& study, const std::string& source,
                               const EncodedRecord& encoded) {
    if (!open_) {
      if (Status status = store_.Begin(); !status.ok()) return status;
      open_ = true;
    }
    Result<UpsertOutcome> outcome = store_.Upsert(study, source, encoded);
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

// A study parsed from one record, with the record encoded for the store.
struct ParsedRecord {
  Result<Study> study;
  EncodedRecord encoded;  // empty when the study did not parse
};

// A record read from the input, parsed (or being parsed) on a parser
// thread; records are stored in input order.
struct PendingRecord {
  std::string location;
  Status read_error;  // the record, or with whole_input the input, could not be read
  bool whole_input = false;
  std::uint64_t input_bytes = 0;
  std::size_t json_bytes = 0;
  std::future<ParsedRecord> parsed{};  // invalid when the record could not be read
};

struct ParseJob {
  std::string json_text;
  std::promise<ParsedRecord> parsed;
};

// Parses studies and encodes their records on `threads` threads while the
// caller reads the input and another thread stores: storing has to stay in
// input order, on one connection, so it does as little as it can. (With
// encoding on the storing thread, 600k studies took 178 s to store, the
// storing thread busy throughout.)
class ParsePool {
 public:
  ParsePool(unsigned threads, const StudyParseLimits& limits) : limits_(limits) {
    for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { Run(); });
  }
  ~ParsePool() {
    jobs_.Close();
    for (std::thread& thread : threads_) thread.join();
  }

  std::future<ParsedRecord> Parse(std::string json_text) {
    ParseJob job{std::move(json_text), {}};
    std::future<ParsedRecord> parsed = job.parsed.get_future();
    jobs_.Push(std::move(job));
    return parsed;
  }

 private:
  void Run() {
    while (std::optional<ParseJob> job = jobs_.Pop()) {
      ParsedRecord parsed{ParseStudyJson(std::move(job->json_text), limits_), {}};
      if (parsed.study.ok()) parsed.encoded = EncodeRecord(*parsed.study);
      job->parsed.set_value(std::move(parsed));
    }
  }

  StudyParseLimits limits_;
  BoundedQueue<ParseJob> jobs_{64};
  std::vector<std::thread> threads_;
};

void Count(IngestReport& report, UpsertOutcome outcome) {
  switch (outcome) {
    case UpsertOutcome::kNew:
      ++report.new_studies;
      break;
    case UpsertOutcome::kUpdated:
      ++report.updated;
      break;
    case UpsertOutcome::kUnchanged:
      ++report.unchanged;
      break;
    case UpsertOutcome::kStale:
      ++report.stale;
      break;
  }
}

void NoteDate(IngestReport& report, const Study& study) {
  const std::string& posted = study.protocol.status.last_update_post_date.date;
  if (posted > report.latest_update_post_date) report.latest_update_post_date = posted;
}

void Reject(IngestReport& report, std::size_t most_reported, const std::string& location,
            const std::string& message) {
  ++report.rejected;
  if (report.rejections.size() < most_reported) report.rejections.push_back({location, message});
}

}  // namespace

Status StoreRecords(StudyStore& store, std::vector<SourceRecord> records,
                    const IngestOptions& options, IngestReport& report) {
  std::vector<std::future<ParsedRecord>> parsed(records.size());
  {
    ParsePool parsers(std::max(1u, std::thread::hardware_concurrency()), options.limits);
    for (std::size_t i = 0; i < records.size(); ++i) {
      if (!records[i].error.ok()) continue;
      report.bytes += records[i].json_text.size();
      parsed[i] = parsers.Parse(std::move(records[i].json_text));
    }
    for (std::size_t i = 0; i < records.size(); ++i) {
      if (!parsed[i].valid()) {
        Reject(report, options.max_reported_rejections, records[i].location,
               records[i].error.message());
        continue;
      }
      ParsedRecord record = parsed[i].get();
      if (!record.study.ok()) {
        Reject(report, options.max_reported_rejections, records[i].location,
               record.study.status().message());
        continue;
      }
      Result<UpsertOutcome> outcome =
          store.Upsert(*record.study, records[i].location, record.encoded);
      if (!outcome.ok()) {
        return outcome.status().WithContext("storing " + record.study->nct_id() + " from " +
                                            records[i].location);
      }
      Count(report, *outcome);
      NoteDate(report, *record.study);
    }
  }
  return Status::Ok();
}

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
  std::optional<Status> store_failure;  // written and read by the storing thread only
  std::atomic<bool> store_failed = false;
  auto reject = [&](const std::string& location, const std::string& message) {
    Reject(report, options.max_reported_rejections, location, message);
  };
  // Runs on the storing thread, record by record in input order.
  auto store_record = [&](PendingRecord& pending) {
    ParsedRecord parsed = pending.parsed.valid()
                              ? pending.parsed.get()
                              : ParsedRecord{Result<Study>(pending.read_error), {}};
    const Result<Study>& study = parsed.study;
    if (store_failure) return;  // the store failed: read on, write nothing
    if (!pending.whole_input) {
      progress.input_bytes_done += pending.input_bytes;
      if (++progress.records % options.progress_every == 0 && options.on_progress) {
        options.on_progress(progress);
      }
      if (pending.read_error.ok()) report.bytes += pending.json_bytes;
    }
    if (!study.ok()) return reject(pending.location, study.status().message());
    Result<UpsertOutcome> outcome = writer.Upsert(*study, pending.location, parsed.encoded);
    if (!outcome.ok()) {
      store_failure =
          outcome.status().WithContext("storing " + study->nct_id() + " from " + pending.location);
      store_failed = true;
      return;
    }
    Count(report, *outcome);
    NoteDate(report, *study);
  };
  BoundedQueue<PendingRecord> in_order(256);
  std::thread storing([&] {
    while (std::optional<PendingRecord> pending = in_order.Pop()) store_record(*pending);
  });
  {
    ParsePool parsers(std::max(1u, std::thread::hardware_concurrency()), options.limits);
    auto read = [&](SourceRecord&& record) {
      PendingRecord pending{.location = std::move(record.location),
                            .read_error = std::move(record.error),
                            .input_bytes = record.input_bytes,
                            .json_bytes = record.json_text.size()};
      if (pending.read_error.ok()) pending.parsed = parsers.Parse(std::move(record.json_text));
      in_order.Push(std::move(pending));
    };
    for (const auto& path : paths) {
      if (store_failed) break;
      if (Status status = ReadStudyRecords(path, read); !status.ok()) {
        in_order.Push(
            PendingRecord{.location = path.string(), .read_error = status, .whole_input = true});
      }
    }
    in_order.Close();
    storing.join();
  }
  if (store_failure) return *store_failure;
  if (Status status = writer.Commit(); !status.ok()) return status;
  if (options.on_progress) options.on_progress(progress);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace trialfinder
