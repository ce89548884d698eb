// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include <fmt/format.h>
#include <sqlite3.h>

#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>

#include "store/record_codec.h"
#include "store/sqlite_statement.h"
#include "trialfinder/store.h"
#include "trialfinder/study_json.h"

namespace trialfinder {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDatabaseFile = "trialfinder.sqlite";
constexpr int kSchemaVersion = 1;

// Current versions live in `studies`; replaced versions in `study_history`.
// The typed columns beside raw_json serve stats and change tracking only;
// raw_json is the record: zstd-compressed as a BLOB (record_codec.h), or
// plain TEXT in rows written before compression.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS studies (
  nct_id TEXT NOT NULL UNIQUE,
  raw_json BLOB NOT NULL,
  version INTEGER NOT NULL,
  last_update_post_date TEXT NOT NULL DEFAULT '',
  last_update_submit_date TEXT NOT NULL DEFAULT '',
  overall_status TEXT NOT NULL DEFAULT '',
  study_type TEXT NOT NULL DEFAULT '',
  phases TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  ingested_at TEXT NOT NULL,
  change_sequence INTEGER NOT NULL,
  raw_bytes INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS studies_by_change ON studies(change_sequence);
CREATE TABLE IF NOT EXISTS study_history (
  nct_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  last_update_post_date TEXT NOT NULL DEFAULT '',
  raw_json BLOB NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  ingested_at TEXT NOT NULL,
  superseded_at TEXT NOT NULL,
  PRIMARY KEY (nct_id, version)
);
CREATE TABLE IF NOT EXISTS store_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
)sql";

constexpr const char* kNow = "strftime('%Y-%m-%dT%H:%M:%SZ','now')";

std::string JoinPhases(const std::vector<std::string>& phases) {
  return fmt::format("{}", fmt::join(phases, " "));
}

// Same record apart from formatting and key order?
bool SameRecord(const std::string& stored, const std::string& incoming) {
  if (stored == incoming) return true;
  const auto a = nlohmann::json::parse(stored, nullptr, false);
  const auto b = nlohmann::json::parse(incoming, nullptr, false);
  return !a.is_discarded() && a == b;
}

// Was the incoming version last updated before the stored one? Submit dates
// are compared when both versions have one (legacy XML often lacks a post
// date), post dates otherwise; without dates nothing is older.
bool IsOlder(const std::string& incoming_submit, const std::string& incoming_post,
             const std::string& stored_submit, const std::string& stored_post) {
  if (!incoming_submit.empty() && !stored_submit.empty()) return incoming_submit < stored_submit;
  if (!incoming_post.empty() && !stored_post.empty()) return incoming_post < stored_post;
  return false;
}

// The record in `column`: decompressed BLOB or legacy TEXT.
Result<std::string> ReadRecord(const SqliteStatement& row, int column) {
  if (row.IsBlob(column)) return DecompressRecord(row.Blob(column));
  return row.Text(column);
}

Result<StoredStudy> ReadStoredStudy(const SqliteStatement& row) {
  StoredStudy study;
  study.nct_id = row.Text(0);
  Result<std::string> record = ReadRecord(row, 1);
  if (!record.ok()) return record.status().WithContext(study.nct_id);
  study.raw_json = std::move(record).value();
  study.version = static_cast<int>(row.Int(2));
  study.last_update_post_date = row.Text(3);
  study.source = row.Text(4);
  study.ingested_at = row.Text(5);
  study.change_sequence = row.Int(6);
  return study;
}

constexpr const char* kStoredStudyColumns =
    "nct_id, raw_json, version, last_update_post_date, source, ingested_at, change_sequence";

}  // namespace

StudyStore::StudyStore(sqlite3* db, fs::path database_path)
    : db_(db), database_path_(std::move(database_path)) {}

StudyStore::~StudyStore() {
  // Best effort: SQLite also rolls back what is open when it closes.
  if (in_transaction_) (void)Execute("ROLLBACK");
  sqlite3_close_v2(db_);
}

Result<std::unique_ptr<StudyStore>> StudyStore::Open(const fs::path& directory, Mode mode) {
  std::error_code error;
  if (mode == Mode::kReadWrite) {
    fs::create_directories(directory, error);
    if (error) {
      return Status::IoError("cannot create database directory " + directory.string() + ": " +
                             error.message());
    }
  }
  const fs::path path = directory / kDatabaseFile;
  if (mode == Mode::kReadOnly && !fs::exists(path, error)) {
    return Status::NotFound("no trialfinder database in " + directory.string() +
                            " (run 'trialfinder ingest --db " + directory.string() + " ...')");
  }
  sqlite3* db = nullptr;
  const int flags =
      mode == Mode::kReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    Status status = Status::IoError("cannot open " + path.string() + ": " + sqlite3_errmsg(db));
    sqlite3_close_v2(db);
    return status;
  }
  sqlite3_busy_timeout(db, 10000);
  std::unique_ptr<StudyStore> store(new StudyStore(db, path));
  if (mode == Mode::kReadWrite) {
    // NORMAL is durable across application crashes in WAL mode; a power
    // loss may lose the last transactions but never corrupts the file.
    for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL"}) {
      if (Status status = store->Execute(pragma); !status.ok()) return status;
    }
    if (Status status = store->CreateSchema(); !status.ok()) return status;
  }
  return store;
}

Status StudyStore::Execute(const char* sql) const {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    Status status = Status::IoError(std::string("SQLite: ") + (message ? message : "error"));
    sqlite3_free(message);
    return status;
  }
  return Status::Ok();
}

Status StudyStore::CreateSchema() {
  SqliteStatement version(db_, "PRAGMA user_version");
  const std::int64_t existing = version.Step() ? version.Int(0) : 0;
  if (existing > kSchemaVersion) {
    return Status::Corruption(database_path_.string() + " was written by a newer trialfinder");
  }
  if (Status status = Execute(kSchema); !status.ok()) return status;
  // Stores made before raw_bytes existed get it now.
  SqliteStatement columns(
      db_, "SELECT COUNT(*) FROM pragma_table_info('studies') WHERE name = 'raw_bytes'");
  if (columns.Step() && columns.Int(0) == 0) {
    Status added = Execute(
        "ALTER TABLE studies ADD COLUMN raw_bytes INTEGER NOT NULL DEFAULT 0;"
        "UPDATE studies SET raw_bytes = length(CAST(raw_json AS BLOB));"
        "CREATE INDEX IF NOT EXISTS studies_by_size ON studies(raw_bytes);");
    if (!added.ok()) return added;
  }
  return Execute(("PRAGMA user_version=" + std::to_string(kSchemaVersion)).c_str());
}

Status StudyStore::Begin() {
  if (in_transaction_) return Status::Internal("a transaction is already open");
  Status status = Execute("BEGIN IMMEDIATE");
  in_transaction_ = status.ok();
  return status;
}

Status StudyStore::Commit() {
  if (!in_transaction_) return Status::Internal("no transaction to commit");
  Status status = Execute("COMMIT");
  if (status.ok()) in_transaction_ = false;
  return status;
}

Status StudyStore::Rollback() {
  if (!in_transaction_) return Status::Ok();
  in_transaction_ = false;
  return Execute("ROLLBACK");
}

EncodedRecord EncodeRecord(const Study& study) { return {CompressRecord(study.raw_json)}; }

Result<UpsertOutcome> StudyStore::Upsert(const Study& study, std::string_view source) {
  return Upsert(study, source, EncodeRecord(study));
}

Result<UpsertOutcome> StudyStore::Upsert(const Study& study, std::string_view source,
                                         const EncodedRecord& encoded) {
  if (in_transaction_) {
    // Inside a batch: a savepoint keeps a failed study from leaving half its rows.
    if (Status status = Execute("SAVEPOINT upsert"); !status.ok()) return status;
    Result<UpsertOutcome> outcome = UpsertInTransaction(study, source, encoded);
    Status released =
        Execute(outcome.ok() ? "RELEASE upsert" : "ROLLBACK TO upsert; RELEASE upsert");
    if (!released.ok()) return released.WithContext("ending the savepoint of " + study.nct_id());
    return outcome;
  }
  StoreTransaction transaction(*this);
  if (!transaction.status().ok()) return transaction.status();
  Result<UpsertOutcome> outcome = UpsertInTransaction(study, source, encoded);
  if (!outcome.ok()) return outcome;
  if (Status status = transaction.Commit(); !status.ok()) return status;
  return outcome;
}

Result<UpsertOutcome> StudyStore::UpsertInTransaction(const Study& study, std::string_view source,
                                                      const EncodedRecord& encoded) {
  const std::string& nct_id = study.nct_id();
  const StatusModule& status = study.protocol.status;
  SqliteStatement current(db_,
                          "SELECT raw_json, last_update_submit_date, last_update_post_date "
                          "FROM studies WHERE nct_id = ?");
  current.Bind(1, nct_id);
  const bool exists = current.Step();
  if (!current.status().ok()) return current.status();

  if (exists) {
    Result<std::string> stored = ReadRecord(current, 0);
    if (!stored.ok()) return stored.status().WithContext(nct_id);
    if (SameRecord(*stored, study.raw_json)) return UpsertOutcome::kUnchanged;
    if (IsOlder(status.last_update_submit_date, status.last_update_post_date.date, current.Text(1),
                current.Text(2))) {
      return UpsertOutcome::kStale;
    }
    SqliteStatement archive(db_, std::string("INSERT INTO study_history (nct_id, version, "
                                             "last_update_post_date, raw_json, source, "
                                             "ingested_at, superseded_at) SELECT nct_id, "
                                             "version, last_update_post_date, raw_json, source, "
                                             "ingested_at, ") +
                                     kNow + " FROM studies WHERE nct_id = ?");
    if (Status status = archive.Bind(1, nct_id).Run(); !status.ok()) return status;
  }
  SqliteStatement write(
      db_, std::string("INSERT INTO studies (nct_id, raw_json, version, last_update_post_date, "
                       "last_update_submit_date, overall_status, study_type, phases, source, "
                       "raw_bytes, ingested_at, change_sequence) "
                       "VALUES (?1, ?2, 1, ?3, ?8, ?4, ?5, ?6, ?7, ?9, ") +
               kNow +
               ", (SELECT COALESCE(MAX(change_sequence), 0) + 1 FROM studies)) "
               "ON CONFLICT(nct_id) DO UPDATE SET raw_json = excluded.raw_json, "
               "version = version + 1, last_update_post_date = excluded.last_update_post_date, "
               "last_update_submit_date = excluded.last_update_submit_date, "
               "overall_status = excluded.overall_status, study_type = excluded.study_type, "
               "phases = excluded.phases, source = excluded.source, "
               "ingested_at = excluded.ingested_at, change_sequence = excluded.change_sequence, "
               "raw_bytes = excluded.raw_bytes");
  write.Bind(1, nct_id)
      .BindBlob(2, encoded.bytes)
      .Bind(3, status.last_update_post_date.date)
      .Bind(4, study.protocol.status.overall_status)
      .Bind(5, study.protocol.design.study_type)
      .Bind(6, JoinPhases(study.protocol.design.phases))
      .Bind(7, source)
      .Bind(8, status.last_update_submit_date)
      .Bind(9, static_cast<std::int64_t>(study.raw_json.size()));
  if (Status status = write.Run(); !status.ok()) return status;
  return exists ? UpsertOutcome::kUpdated : UpsertOutcome::kNew;
}

Result<std::optional<StoredStudy>> StudyStore::Get(std::string_view nct_id) const {
  SqliteStatement query(
      db_, std::string("SELECT ") + kStoredStudyColumns + " FROM studies WHERE nct_id = ?");
  query.Bind(1, nct_id);
  if (!query.Step()) {
    if (!query.status().ok()) return query.status();
    return std::optional<StoredStudy>();
  }
  Result<StoredStudy> stored = ReadStoredStudy(query);
  if (!stored.ok()) return stored.status();
  return std::optional<StoredStudy>(std::move(stored).value());
}

Result<Study> ParseStoredRecord(std::string_view nct_id, std::string raw_json) {
  Result<Study> study = ParseStudyJson(std::move(raw_json), StoredRecordLimits());
  if (!study.ok()) {
    return Status::Corruption("stored record " + std::string(nct_id) +
                              " does not parse: " + study.status().message());
  }
  return study;
}

Result<std::optional<Study>> StudyStore::GetStudy(std::string_view nct_id,
                                                  StoredStudy* stored) const {
  Result<std::optional<StoredStudy>> found = Get(nct_id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return std::optional<Study>();
  Result<Study> study = ParseStoredRecord(nct_id, std::move((*found)->raw_json));
  if (!study.ok()) return study.status();
  if (stored != nullptr) {
    *stored = std::move(**found);
    stored->raw_json.clear();
  }
  return std::optional<Study>(std::move(study).value());
}

Result<std::vector<StudyVersion>> StudyStore::History(std::string_view nct_id) const {
  SqliteStatement query(db_,
                        "SELECT version, last_update_post_date, raw_json, source, ingested_at, "
                        "superseded_at FROM study_history WHERE nct_id = ? ORDER BY version");
  query.Bind(1, nct_id);
  std::vector<StudyVersion> versions;
  while (query.Step()) {
    Result<std::string> record = ReadRecord(query, 2);
    if (!record.ok()) return record.status().WithContext(std::string(nct_id));
    versions.push_back({static_cast<int>(query.Int(0)), query.Text(1), std::move(record).value(),
                        query.Text(3), query.Text(4), query.Text(5)});
  }
  if (!query.status().ok()) return query.status();
  return versions;
}

Status StudyStore::PutMeta(std::string_view key, std::string_view value) {
  SqliteStatement put(
      db_, std::string("INSERT INTO store_meta (key, value, updated_at) VALUES (?, ?, ") + kNow +
               ") ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
               "updated_at = excluded.updated_at");
  put.Bind(1, key).Bind(2, value);
  put.Step();
  return put.status().ok() ? Status::Ok() : put.status().WithContext("storing " + std::string(key));
}

Result<std::optional<std::string>> StudyStore::GetMeta(std::string_view key) const {
  // A store opened read-only may predate the table.
  SqliteStatement table(db_,
                        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'store_meta'");
  if (!table.Step()) {
    if (!table.status().ok()) return table.status();
    return std::optional<std::string>();
  }
  SqliteStatement get(db_, "SELECT value FROM store_meta WHERE key = ?");
  get.Bind(1, key);
  if (get.Step()) return std::optional<std::string>(get.Text(0));
  if (!get.status().ok()) return get.status();
  return std::optional<std::string>();
}

Result<std::vector<StudyStore::ListedStudy>> StudyStore::ListStudies(std::int64_t offset,
                                                                     std::int64_t limit) const {
  SqliteStatement query(
      db_,
      "SELECT nct_id, CASE WHEN last_update_post_date = '' THEN last_update_submit_date ELSE "
      "last_update_post_date END FROM studies ORDER BY nct_id LIMIT ? OFFSET ?");
  query.Bind(1, limit).Bind(2, offset);
  std::vector<ListedStudy> studies;
  while (query.Step()) studies.push_back({query.Text(0), query.Text(1)});
  if (!query.status().ok()) return query.status();
  return studies;
}

Result<std::int64_t> StudyStore::Count() const {
  SqliteStatement query(db_, "SELECT COUNT(*) FROM studies");
  if (!query.Step())
    return query.status().ok() ? Status::Internal("COUNT returned no row") : query.status();
  return query.Int(0);
}

Result<std::int64_t> StudyStore::LastChangeSequence() const {
  SqliteStatement query(db_, "SELECT COALESCE(MAX(change_sequence), 0) FROM studies");
  if (!query.Step())
    return query.status().ok() ? Status::Internal("MAX returned no row") : query.status();
  return query.Int(0);
}

Result<StoreStats> StudyStore::Stats() const {
  StoreStats stats;
  auto count_by = [&](const char* column, std::vector<std::pair<std::string, std::int64_t>>* out) {
    SqliteStatement query(db_, std::string("SELECT ") + column +
                                   ", COUNT(*) FROM studies GROUP BY 1 "
                                   "ORDER BY 2 DESC, 1");
    while (query.Step()) {
      const std::string value = query.Text(0);
      out->emplace_back(value.empty() ? "(none)" : value, query.Int(1));
    }
    return query.status();
  };
  if (Status status = count_by("overall_status", &stats.by_status); !status.ok()) return status;
  if (Status status = count_by("study_type", &stats.by_study_type); !status.ok()) return status;
  std::vector<std::pair<std::string, std::int64_t>> phase_sets;
  if (Status status = count_by("phases", &phase_sets); !status.ok()) return status;
  std::map<std::string, std::int64_t> phases;
  for (const auto& [set, count] : phase_sets) {
    std::istringstream words(set);
    for (std::string phase; words >> phase;) phases[phase] += count;
  }
  stats.by_phase.assign(phases.begin(), phases.end());
  Result<std::int64_t> total = Count();
  if (!total.ok()) return total.status();
  stats.studies = *total;
  SqliteStatement history(db_, "SELECT COUNT(*) FROM study_history");
  stats.history_versions = history.Step() ? history.Int(0) : 0;
  return stats;
}

Result<StoreSizeStats> StudyStore::SizeStats() const {
  StoreSizeStats stats;
  SqliteStatement totals(
      db_,
      "SELECT COUNT(*), COALESCE(AVG(raw_bytes), 0), COALESCE(MAX(ingested_at), '') FROM studies");
  if (!totals.Step())
    return totals.status().ok() ? Status::Internal("no totals row") : totals.status();
  stats.studies = totals.Int(0);
  stats.average_bytes = totals.Int(1);
  stats.last_ingested_at = totals.Text(2);
  SqliteStatement largest(db_,
                          "SELECT nct_id, raw_bytes FROM studies ORDER BY raw_bytes DESC LIMIT 10");
  while (largest.Step()) stats.largest.emplace_back(largest.Text(0), largest.Int(1));
  for (int percent : {5, 25, 50, 75, 95, 99}) {
    SqliteStatement at(db_, "SELECT raw_bytes FROM studies ORDER BY raw_bytes LIMIT 1 OFFSET ?");
    at.Bind(1, stats.studies * percent / 100);
    if (at.Step()) stats.percentiles.emplace_back(percent, at.Int(0));
  }
  std::map<int, std::int64_t> by_range;  // upper bound as a power of two of KB
  SqliteStatement sizes(db_, "SELECT raw_bytes FROM studies");
  while (sizes.Step()) {
    int power = 0;
    while ((std::int64_t{1024} << power) <= sizes.Int(0) && power < 40) ++power;
    ++by_range[power];
  }
  if (!sizes.status().ok()) return sizes.status();
  for (const auto& [power, count] : by_range) {
    const std::int64_t high = std::int64_t{1} << power;
    const std::int64_t low = power == 0 ? 0 : high / 2;
    stats.ranges.emplace_back(std::to_string(low) + "-" + std::to_string(high) + "KB", count);
  }
  return stats;
}

Result<std::string> StudyStore::LastIngestTime() const {
  // The newest change is the last write; change_sequence is indexed.
  SqliteStatement query(db_,
                        "SELECT ingested_at FROM studies ORDER BY change_sequence DESC LIMIT 1");
  if (query.Step()) return query.Text(0);
  if (!query.status().ok()) return query.status();
  return std::string();
}

Status StudyStore::ForEachChangedSince(std::int64_t after,
                                       const std::function<bool(const StoredStudy&)>& visit) const {
  SqliteStatement query(db_,
                        std::string("SELECT ") + kStoredStudyColumns +
                            " FROM studies WHERE change_sequence > ? ORDER BY change_sequence");
  query.Bind(1, after);
  while (query.Step()) {
    Result<StoredStudy> stored = ReadStoredStudy(query);
    if (!stored.ok()) return stored.status();
    if (!visit(*stored)) break;
  }
  return query.status();
}

namespace {

// The NCT ID inside a record, or "" when it has none.
std::string RecordNctId(const nlohmann::json& record) {
  const nlohmann::json* id = &record;
  for (const char* key : {"protocolSection", "identificationModule", "nctId"}) {
    if (!id->is_object() || !id->contains(key)) return "";
    id = &(*id)[key];
  }
  return id->is_string() ? id->get<std::string>() : "";
}

void CheckRecord(const std::string& nct_id, const Result<std::string>& record,
                 const std::string& where, std::vector<std::string>& problems) {
  if (!record.ok()) {
    problems.push_back(nct_id + where + ": " + record.status().message());
    return;
  }
  const nlohmann::json parsed = nlohmann::json::parse(*record, nullptr, false);
  if (parsed.is_discarded()) {
    problems.push_back(nct_id + where + ": the stored record is not JSON");
  } else if (RecordNctId(parsed) != nct_id) {
    problems.push_back(nct_id + where + ": the stored record is for '" + RecordNctId(parsed) + "'");
  }
}

}  // namespace

Result<StoreVerification> StudyStore::Verify() const {
  StoreVerification verification;
  SqliteStatement integrity(db_, "PRAGMA integrity_check");
  while (integrity.Step()) {
    if (integrity.Text(0) != "ok") verification.problems.push_back("SQLite: " + integrity.Text(0));
  }
  if (!integrity.status().ok()) return integrity.status();

  SqliteStatement studies(db_, "SELECT nct_id, raw_json, version FROM studies");
  while (studies.Step()) {
    ++verification.studies;
    const std::string nct_id = studies.Text(0);
    CheckRecord(nct_id, ReadRecord(studies, 1), "", verification.problems);
    if (studies.Int(2) < 1)
      verification.problems.push_back(nct_id + ": version " + std::to_string(studies.Int(2)));
  }
  if (!studies.status().ok()) return studies.status();

  SqliteStatement history(db_, "SELECT nct_id, raw_json, version FROM study_history");
  while (history.Step()) {
    ++verification.history_versions;
    CheckRecord(history.Text(0), ReadRecord(history, 1),
                " version " + std::to_string(history.Int(2)), verification.problems);
  }
  if (!history.status().ok()) return history.status();

  SqliteStatement sequences(
      db_, "SELECT COUNT(*) - COUNT(DISTINCT change_sequence), MAX(change_sequence) FROM studies");
  if (sequences.Step()) {
    if (sequences.Int(0) != 0) {
      verification.problems.push_back(std::to_string(sequences.Int(0)) +
                                      " change sequence numbers used twice");
    }
    verification.last_change_sequence = sequences.Int(1);
  }
  if (!sequences.status().ok()) return sequences.status();
  return verification;
}

}  // namespace trialfinder
