// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Editors, their sessions, and their overrides of plain-language pages, in
// the same SQLite file as the studies (own tables, own connection). Ingest
// and reindex never touch these tables, so overrides survive both.

#ifndef TRIALFINDER_EDITORIAL_H_
#define TRIALFINDER_EDITORIAL_H_

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "trialfinder/status.h"

struct sqlite3;

namespace trialfinder {

struct EditorSession {
  std::string editor;      // user name
  std::string csrf_token;  // must come back with every form this session posts
};

// Overrides and reviews remember the version of the study's record they
// were made on (StoredStudy::version). When the registry's record has
// changed since, they are stale: the page shows the registry's new values
// and asks editors to review again. 0: made before versions were kept
// (always stale).
struct FieldOverride {
  std::string value;
  std::string editor;
  std::string updated_at;  // UTC ISO 8601
  int record_version = 0;
};

struct PageReview {
  std::string editor;
  std::string reviewed_at;  // UTC ISO 8601
  int record_version = 0;
};

// Thread-compatible, not thread-safe: one per thread (the server keeps one
// per request, like its readers).
class EditorialStore {
 public:
  // Opens directory/trialfinder.sqlite, creating the editorial tables.
  static Result<std::unique_ptr<EditorialStore>> Open(const std::filesystem::path& directory);
  ~EditorialStore();
  EditorialStore(const EditorialStore&) = delete;
  EditorialStore& operator=(const EditorialStore&) = delete;

  // Creates an editor, or sets a new password for an existing one. The
  // password is stored as an Argon2id hash (libsodium crypto_pwhash_str,
  // interactive limits: about 0.1 s and 64 MiB per hash). Names are 3-40
  // letters, digits, '.', '-' or '_'; passwords at least 10 characters.
  // Ends every session the editor had.
  Status SetEditor(std::string_view name, std::string_view password);

  // Whether `password` is the editor's. Unknown names cost a hash too, so
  // timing does not tell which names exist.
  Result<bool> CheckPassword(std::string_view name, std::string_view password);

  // A new session for `editor`, valid for `lifetime_seconds`. The returned
  // token goes in the cookie; only its hash is stored.
  Result<std::string> StartSession(std::string_view editor,
                                   std::int64_t lifetime_seconds = std::int64_t{8} * 3600);
  // The session of a cookie token, or nullopt when unknown or expired.
  Result<std::optional<EditorSession>> FindSession(std::string_view token);
  Status EndSession(std::string_view token);

  // Sets (an empty value removes) the override of `field` on `nct_id`'s page,
  // made on version `record_version` of the study's record.
  Status SetOverride(std::string_view nct_id, std::string_view field, std::string_view value,
                     std::string_view editor, int record_version);
  Result<std::map<std::string, FieldOverride>> Overrides(std::string_view nct_id);

  // Marks the page reviewed now by `editor`, on version `record_version` of
  // the study's record; LastReview gives the latest.
  Status MarkReviewed(std::string_view nct_id, std::string_view editor, int record_version);
  Result<std::optional<PageReview>> LastReview(std::string_view nct_id);

 private:
  explicit EditorialStore(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

// A random token for cookies and forms: 32 bytes from the system's CSPRNG,
// as 64 hex digits.
std::string RandomToken();

}  // namespace trialfinder

#endif  // TRIALFINDER_EDITORIAL_H_
