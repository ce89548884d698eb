// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>

#include "store/sqlite_statement.h"
#include "trialfinder/editorial.h"

namespace trialfinder {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS editors (
  name TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE IF NOT EXISTS editor_sessions (
  token_hash TEXT PRIMARY KEY,
  editor TEXT NOT NULL REFERENCES editors(name),
  csrf_token TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS page_overrides (
  nct_id TEXT NOT NULL,
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  editor TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (nct_id, field)
);
CREATE TABLE IF NOT EXISTS page_override_history (
  nct_id TEXT NOT NULL,
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  editor TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS page_reviews (
  nct_id TEXT NOT NULL,
  editor TEXT NOT NULL,
  reviewed_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS page_reviews_by_study ON page_reviews(nct_id, reviewed_at);
)sql";

// Columns added after the tables above first shipped: table, column, type.
// Open adds those an older file lacks.
constexpr const char* kAddedColumns[][3] = {
    {"page_overrides", "record_version", "INTEGER NOT NULL DEFAULT 0"},
    {"page_override_history", "record_version", "INTEGER NOT NULL DEFAULT 0"},
    {"page_reviews", "record_version", "INTEGER NOT NULL DEFAULT 0"},
};

bool HasColumn(sqlite3* db, const std::string& table, const std::string& column) {
  SqliteStatement columns(db, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2");
  columns.Bind(1, table).Bind(2, column);
  return columns.Step();
}

constexpr const char* kNow = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

bool Ready() {
  static const bool ready = sodium_init() >= 0;  // idempotent and thread-safe
  return ready;
}

std::string Hex(const unsigned char* bytes, std::size_t size) {
  static const char* kDigits = "0123456789abcdef";
  std::string hex;
  for (std::size_t i = 0; i < size; ++i) {
    hex += kDigits[bytes[i] >> 4];
    hex += kDigits[bytes[i] & 15];
  }
  return hex;
}

// Session tokens are stored hashed: a stolen database holds no live cookie.
std::string TokenHash(std::string_view token) {
  unsigned char hash[crypto_generichash_BYTES];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return Hex(hash, sizeof hash);
}

bool ValidEditorName(std::string_view name) {
  return name.size() >= 3 && name.size() <= 40 && std::all_of(name.begin(), name.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
         });
}

}  // namespace

std::string RandomToken() {
  unsigned char bytes[32];
  if (!Ready()) std::abort();  // no CSPRNG: never hand out guessable tokens
  randombytes_buf(bytes, sizeof bytes);
  return Hex(bytes, sizeof bytes);
}

Result<std::unique_ptr<EditorialStore>> EditorialStore::Open(
    const std::filesystem::path& directory) {
  if (!Ready()) return Status::IoError("libsodium could not be initialised");
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  const std::filesystem::path path = directory / "trialfinder.sqlite";
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    Status status = Status::IoError("cannot open " + path.string() + ": " + sqlite3_errmsg(db));
    sqlite3_close_v2(db);
    return status;
  }
  sqlite3_busy_timeout(db, 10000);
  std::unique_ptr<EditorialStore> store(new EditorialStore(db));
  char* message = nullptr;
  if (sqlite3_exec(db, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr) != SQLITE_OK ||
      sqlite3_exec(db, kSchema, nullptr, nullptr, &message) != SQLITE_OK) {
    Status status = Status::IoError(std::string("cannot create the editorial tables: ") +
                                    (message ? message : sqlite3_errmsg(db)));
    sqlite3_free(message);
    return status;
  }
  for (const auto& [table, column, type] : kAddedColumns) {
    if (HasColumn(db, table, column)) continue;
    const std::string alter =
        std::string("ALTER TABLE ") + table + " ADD COLUMN " + column + " " + type;
    if (sqlite3_exec(db, alter.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK &&
        !HasColumn(db, table, column)) {  // another process may have added it meanwhile
      return Status::IoError(std::string("cannot add ") + table + "." + column + ": " +
                             sqlite3_errmsg(db));
    }
  }
  return store;
}

EditorialStore::~EditorialStore() { sqlite3_close_v2(db_); }

Status EditorialStore::SetEditor(std::string_view name, std::string_view password) {
  if (!ValidEditorName(name)) {
    return Status::InvalidArgument("editor name '" + std::string(name) +
                                   "': use 3-40 letters, digits, '.', '-' or '_'");
  }
  if (password.size() < 10)
    return Status::InvalidArgument("the password must have at least 10 characters");
  if (password.size() > 1024)
    return Status::InvalidArgument("the password must have at most 1024 characters");
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Status::IoError("not enough memory to hash the password");
  }
  SqliteStatement upsert(db_,
                         "INSERT INTO editors(name, password_hash) VALUES (?1, ?2) "
                         "ON CONFLICT(name) DO UPDATE SET password_hash = excluded.password_hash");
  upsert.Bind(1, name).Bind(2, std::string_view(hash));
  if (Status stored = upsert.Run(); !stored.ok()) return stored;
  // A new password ends every session of the old one: whoever knew the old
  // password (the reason to change it) must not stay logged in.
  SqliteStatement revoke(db_, "DELETE FROM editor_sessions WHERE editor = ?1");
  revoke.Bind(1, name);
  return revoke.Run();
}

Result<bool> EditorialStore::CheckPassword(std::string_view name, std::string_view password) {
  // A fixed hash for unknown names, so they take as long as known ones.
  static const std::string kDecoy = [] {
    char hash[crypto_pwhash_STRBYTES];
    const std::string secret = RandomToken();
    if (crypto_pwhash_str(hash, secret.data(), secret.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
      return std::string();  // out of memory: no check can run
    }
    return std::string(hash);
  }();
  if (kDecoy.empty()) return Status::IoError("not enough memory to check passwords");
  if (password.size() > 1024) return false;
  SqliteStatement select(db_, "SELECT password_hash FROM editors WHERE name = ?1");
  select.Bind(1, name);
  const bool known = select.Step();
  if (!select.status().ok()) return select.status();
  const std::string hash = known ? select.Text(0) : kDecoy;
  const bool matches =
      crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
  return known && matches;
}

Result<std::string> EditorialStore::StartSession(std::string_view editor,
                                                 std::int64_t lifetime_seconds) {
  const std::string token = RandomToken();
  SqliteStatement insert(db_,
                         "INSERT INTO editor_sessions(token_hash, editor, csrf_token, expires_at) "
                         "VALUES (?1, ?2, ?3, CAST(strftime('%s', 'now') AS INTEGER) + ?4)");
  insert.Bind(1, TokenHash(token)).Bind(2, editor).Bind(3, RandomToken()).Bind(4, lifetime_seconds);
  if (Status status = insert.Run(); !status.ok()) return status;
  SqliteStatement expire(
      db_, "DELETE FROM editor_sessions WHERE expires_at < CAST(strftime('%s', 'now') AS INTEGER)");
  if (Status status = expire.Run(); !status.ok()) return status;
  return token;
}

Result<std::optional<EditorSession>> EditorialStore::FindSession(std::string_view token) {
  if (token.size() != 64) return std::optional<EditorSession>();
  SqliteStatement select(db_,
                         "SELECT editor, csrf_token FROM editor_sessions WHERE token_hash = ?1 "
                         "AND expires_at >= CAST(strftime('%s', 'now') AS INTEGER)");
  select.Bind(1, TokenHash(token));
  if (!select.Step()) {
    if (!select.status().ok()) return select.status();
    return std::optional<EditorSession>();
  }
  return std::optional<EditorSession>(EditorSession{select.Text(0), select.Text(1)});
}

Status EditorialStore::EndSession(std::string_view token) {
  SqliteStatement remove(db_, "DELETE FROM editor_sessions WHERE token_hash = ?1");
  remove.Bind(1, TokenHash(token));
  return remove.Run();
}

Status EditorialStore::SetOverride(std::string_view nct_id, std::string_view field,
                                   std::string_view value, std::string_view editor,
                                   int record_version) {
  const std::string sql =
      value.empty() ? std::string("DELETE FROM page_overrides WHERE nct_id = ?1 AND field = ?2")
                    : std::string(
                          "INSERT INTO page_overrides(nct_id, field, value, editor, updated_at, "
                          "record_version) VALUES (?1, ?2, ?3, ?4, ") +
                          kNow +
                          ", ?5) ON CONFLICT(nct_id, field) DO UPDATE SET value = excluded.value, "
                          "editor = excluded.editor, updated_at = excluded.updated_at, "
                          "record_version = excluded.record_version";
  if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Status::IoError(std::string("SQLite: ") + sqlite3_errmsg(db_));
  }
  SqliteStatement change(db_, sql);
  change.Bind(1, nct_id).Bind(2, field);
  if (!value.empty()) change.Bind(3, value).Bind(4, editor).Bind(5, record_version);
  Status status = change.Run();
  if (status.ok()) {
    SqliteStatement history(
        db_,
        std::string("INSERT INTO page_override_history(nct_id, field, value, editor, updated_at, "
                    "record_version) VALUES (?1, ?2, ?3, ?4, ") +
            kNow + ", ?5)");
    history.Bind(1, nct_id).Bind(2, field).Bind(3, value).Bind(4, editor).Bind(5, record_version);
    status = history.Run();
  }
  sqlite3_exec(db_, status.ok() ? "COMMIT" : "ROLLBACK", nullptr, nullptr, nullptr);
  return status;
}

Result<std::map<std::string, FieldOverride>> EditorialStore::Overrides(std::string_view nct_id) {
  SqliteStatement select(
      db_,
      "SELECT field, value, editor, updated_at, record_version FROM page_overrides "
      "WHERE nct_id = ?1");
  select.Bind(1, nct_id);
  std::map<std::string, FieldOverride> overrides;
  while (select.Step()) {
    overrides[select.Text(0)] = {select.Text(1), select.Text(2), select.Text(3),
                                 static_cast<int>(select.Int(4))};
  }
  if (!select.status().ok()) return select.status();
  return overrides;
}

Status EditorialStore::MarkReviewed(std::string_view nct_id, std::string_view editor,
                                    int record_version) {
  SqliteStatement insert(db_, std::string("INSERT INTO page_reviews(nct_id, editor, reviewed_at, "
                                          "record_version) VALUES (?1, ?2, ") +
                                  kNow + ", ?3)");
  insert.Bind(1, nct_id).Bind(2, editor).Bind(3, record_version);
  return insert.Run();
}

Result<std::optional<PageReview>> EditorialStore::LastReview(std::string_view nct_id) {
  SqliteStatement select(db_,
                         "SELECT editor, reviewed_at, record_version FROM page_reviews "
                         "WHERE nct_id = ?1 "
                         "ORDER BY reviewed_at DESC, rowid DESC LIMIT 1");
  select.Bind(1, nct_id);
  if (!select.Step()) {
    if (!select.status().ok()) return select.status();
    return std::optional<PageReview>();
  }
  return std::optional<PageReview>(
      PageReview{select.Text(0), select.Text(1), static_cast<int>(select.Int(2))});
}

}  // namespace trialfinder
