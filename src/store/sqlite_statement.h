// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// SqliteStatement: a prepared SQLite statement that finalizes itself.

#ifndef TRIALFINDER_STORE_SQLITE_STATEMENT_H_
#define TRIALFINDER_STORE_SQLITE_STATEMENT_H_

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "trialfinder/status.h"

namespace trialfinder {

class SqliteStatement {
 public:
  // Prepares `sql`; check status() before use.
  SqliteStatement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &statement_, nullptr) !=
        SQLITE_OK) {
      status_ = Status::IoError(std::string("cannot prepare SQL: ") + sqlite3_errmsg(db));
    }
  }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement() { sqlite3_finalize(statement_); }

  const Status& status() const { return status_; }

  // Binders take 1-based parameter indexes, as SQLite does.
  SqliteStatement& Bind(int index, std::string_view text) {
    sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()),
                      SQLITE_TRANSIENT);
    return *this;
  }
  SqliteStatement& BindBlob(int index, std::string_view bytes) {
    sqlite3_bind_blob(statement_, index, bytes.data(), static_cast<int>(bytes.size()),
                      SQLITE_TRANSIENT);
    return *this;
  }
  SqliteStatement& Bind(int index, std::int64_t value) {
    sqlite3_bind_int64(statement_, index, value);
    return *this;
  }

  // Steps once: true with a row to read, false when done; errors go to status().
  bool Step() {
    if (!status_.ok()) return false;
    const int code = sqlite3_step(statement_);
    if (code == SQLITE_ROW) return true;
    if (code != SQLITE_DONE) {
      status_ = Status::IoError(std::string("SQLite: ") + sqlite3_errmsg(db_));
    }
    return false;
  }

  // Runs a statement that returns no rows.
  Status Run() {
    Step();
    return status_;
  }

  std::string Text(int column) const {
    const unsigned char* text = sqlite3_column_text(statement_, column);
    if (text == nullptr) return {};
    return {reinterpret_cast<const char*>(text),
            static_cast<std::size_t>(sqlite3_column_bytes(statement_, column))};
  }
  std::int64_t Int(int column) const { return sqlite3_column_int64(statement_, column); }
  bool IsBlob(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_BLOB; }
  std::string Blob(int column) const {
    const void* data = sqlite3_column_blob(statement_, column);
    if (data == nullptr) return {};
    return {static_cast<const char*>(data),
            static_cast<std::size_t>(sqlite3_column_bytes(statement_, column))};
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
  Status status_;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_STORE_SQLITE_STATEMENT_H_
