// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// StudyStore: the SQLite database that is trialfinder's source of truth.
// Everything else (the search index, pages, matches) is derived from it.
//
// One StudyStore is one SQLite connection and is not thread-safe: give each
// thread its own (SQLite's WAL mode lets readers run beside one writer).

#ifndef TRIALFINDER_STORE_H_
#define TRIALFINDER_STORE_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trialfinder/status.h"
#include "trialfinder/study.h"

struct sqlite3;

namespace trialfinder {

// A study's record as the store keeps it (compressed), from EncodeRecord.
struct EncodedRecord {
  std::string bytes;
};

// What StudyStore::Upsert writes for `study`'s record. Encoding is most of
// an upsert's work: a caller that stores from one thread can encode on
// others and pass the result to Upsert.
EncodedRecord EncodeRecord(const Study& study);

// What an Upsert did.
enum class UpsertOutcome {
  kNew,        // the NCT ID was not stored before
  kUpdated,    // the record changed; the previous version went to history
  kUnchanged,  // the same record (semantically) was already stored
  kStale,      // the record was last updated before the stored one
               // (lastUpdateSubmitDate, else lastUpdatePostDate); nothing
               // was written
};

// The current version of a stored study.
struct StoredStudy {
  std::string nct_id;
  std::string raw_json;  // API v2 JSON as ingested
  int version = 0;       // 1 for the first version, +1 per update
  std::string last_update_post_date;
  std::string source;                // where it was ingested from ("file line 12")
  std::string ingested_at;           // UTC, ISO 8601
  std::int64_t change_sequence = 0;  // grows with every write to the store
};

// A version that was replaced by a newer one.
struct StudyVersion {
  int version = 0;
  std::string last_update_post_date;
  std::string raw_json;
  std::string source;
  std::string ingested_at;
  std::string superseded_at;
};

// Counts over the current versions. Phases count each phase of a study
// ("PHASE1", "PHASE2" for a phase 1/2 study); "(none)" counts studies that
// state none (usually observational ones).
struct StoreStats {
  std::int64_t studies = 0;
  std::int64_t history_versions = 0;
  std::vector<std::pair<std::string, std::int64_t>> by_status;
  std::vector<std::pair<std::string, std::int64_t>> by_phase;
  std::vector<std::pair<std::string, std::int64_t>> by_study_type;
};

// Sizes of the stored records (their API v2 JSON), as /api/v2/stats/size reports.
struct StoreSizeStats {
  std::int64_t studies = 0;
  std::int64_t average_bytes = 0;
  std::vector<std::pair<std::string, std::int64_t>> largest;  // NCT ID, bytes; largest first
  std::vector<std::pair<int, std::int64_t>> percentiles;      // percent, bytes
  // Studies by size: "0-1KB", "1-2KB", "2-4KB", ... (doubling), smallest
  // first, ranges without studies left out.
  std::vector<std::pair<std::string, std::int64_t>> ranges;
  std::string last_ingested_at;  // UTC ISO 8601; empty when the store is empty
};

// What StudyStore::Verify found. Consistent when `problems` is empty.
struct StoreVerification {
  std::int64_t studies = 0;
  std::int64_t history_versions = 0;
  std::int64_t last_change_sequence = 0;
  std::vector<std::string> problems;  // one line each, naming the study
};

// Parses a record read from the store (StudyStore::Get) as GetStudy does:
// the typed study, or a Corruption error naming `nct_id` when it does not
// parse. Thread-safe: for callers that read on one thread and parse on
// several.
Result<Study> ParseStoredRecord(std::string_view nct_id, std::string raw_json);

class StudyStore {
 public:
  enum class Mode { kReadWrite, kReadOnly };

  // Opens (creating when kReadWrite) the store in `directory`
  // (directory/trialfinder.sqlite), in WAL mode.
  static Result<std::unique_ptr<StudyStore>> Open(const std::filesystem::path& directory,
                                                  Mode mode = Mode::kReadWrite);

  StudyStore(const StudyStore&) = delete;
  StudyStore& operator=(const StudyStore&) = delete;
  ~StudyStore();

  // Explicit transactions; Upserts outside one run in their own. A store
  // destroyed inside a transaction rolls it back.
  Status Begin();
  Status Commit();
  Status Rollback();

  // Inserts or updates `study` by NCT ID (see UpsertOutcome). `source` says
  // where the record came from. Never leaves a half-written study: all its
  // rows change in one transaction or none do.
  Result<UpsertOutcome> Upsert(const Study& study, std::string_view source);
  // As above, with `encoded` = EncodeRecord(study) made beforehand.
  Result<UpsertOutcome> Upsert(const Study& study, std::string_view source,
                               const EncodedRecord& encoded);

  // The current version of `nct_id`, or nullopt when it is not stored.
  Result<std::optional<StoredStudy>> Get(std::string_view nct_id) const;

  // The same, parsed: the typed study (its raw_json the stored record), or
  // nullopt when it is not stored. A stored record that does not parse is
  // a Corruption error naming the study. Records were validated when
  // ingested, so duplicate keys are not looked for again. `stored`, when
  // given, gets the rest of what the store keeps (version, dates, source;
  // its raw_json left empty).
  Result<std::optional<Study>> GetStudy(std::string_view nct_id,
                                        StoredStudy* stored = nullptr) const;

  // Earlier versions of `nct_id`, oldest first (empty when never updated).
  Result<std::vector<StudyVersion>> History(std::string_view nct_id) const;

  Result<StoreStats> Stats() const;

  // Checks the whole store: SQLite's integrity check, then every current and
  // historical record decodes, is JSON, and carries the NCT ID it is stored
  // under, and no change sequence is used twice. Reads everything, so it
  // takes about as long as a reindex; it does not change anything.
  Result<StoreVerification> Verify() const;

  Result<StoreSizeStats> SizeStats() const;

  // When the last study was written (UTC, ISO 8601); empty for an empty store.
  Result<std::string> LastIngestTime() const;

  // Number of current studies.
  Result<std::int64_t> Count() const;

  // The highest change sequence in the store (0 when empty); an index that
  // recorded this number is up to date with the store.
  Result<std::int64_t> LastChangeSequence() const;

  // Calls `visit` for each current study with change_sequence > `after`, in
  // change_sequence order, until it returns false.
  Status ForEachChangedSince(std::int64_t after,
                             const std::function<bool(const StoredStudy&)>& visit) const;

  // Small named values other modules keep beside the studies (the registry
  // sync's position, as JSON text). PutMeta writes inside the open
  // transaction when there is one, so a value can change atomically with
  // the studies it describes; GetMeta gives nullopt for a key never put.
  Status PutMeta(std::string_view key, std::string_view value);
  Result<std::optional<std::string>> GetMeta(std::string_view key) const;

  // One line of a listing of the current studies.
  struct ListedStudy {
    std::string nct_id;
    // As the record gives it, or its last update submit date (legacy
    // records have only that); may be empty.
    std::string last_update_post_date;
  };
  // Up to `limit` current studies in NCT ID order, skipping the first
  // `offset`: cheap (the records are not read), for sitemaps.
  Result<std::vector<ListedStudy>> ListStudies(std::int64_t offset, std::int64_t limit) const;

  // The path of the SQLite file.
  const std::filesystem::path& database_path() const { return database_path_; }

 private:
  StudyStore(sqlite3* db, std::filesystem::path database_path);
  Status Execute(const char* sql) const;
  Status CreateSchema();
  Result<UpsertOutcome> UpsertInTransaction(const Study& study, std::string_view source,
                                            const EncodedRecord& encoded);

  sqlite3* db_;
  std::filesystem::path database_path_;
  bool in_transaction_ = false;
};

// Begins a transaction on construction and rolls it back on destruction
// unless Commit() was called.
class StoreTransaction {
 public:
  explicit StoreTransaction(StudyStore& store) : store_(store), status_(store.Begin()) {}
  StoreTransaction(const StoreTransaction&) = delete;
  StoreTransaction& operator=(const StoreTransaction&) = delete;
  ~StoreTransaction() {
    if (status_.ok() && !committed_) (void)store_.Rollback();  // a destructor cannot report
  }
  // The result of Begin().
  const Status& status() const { return status_; }
  Status Commit() {
    committed_ = true;
    return store_.Commit();
  }

 private:
  StudyStore& store_;
  Status status_;
  bool committed_ = false;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_STORE_H_
