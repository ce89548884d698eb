// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "tests/test_support.h"
#include "trialfinder/editorial.h"
#include "trialfinder/ingester.h"
#include "trialfinder/store.h"

namespace trialfinder {
namespace {

TEST(EditorialStoreTest, PasswordsAreHashedAndChecked) {
  testing::TempDir dir;
  auto store = std::move(EditorialStore::Open(dir.path())).value();
  ASSERT_TRUE(store->SetEditor("alice", "correct horse battery").ok());
  EXPECT_TRUE(*store->CheckPassword("alice", "correct horse battery"));
  EXPECT_FALSE(*store->CheckPassword("alice", "wrong password!"));
  EXPECT_FALSE(*store->CheckPassword("bob", "correct horse battery"));
  // Bad names and short passwords are refused with a reason.
  Status bad_name = store->SetEditor("a b", "long enough password");
  EXPECT_EQ(bad_name.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad_name.message().find("editor name"), std::string::npos);
  EXPECT_EQ(store->SetEditor("carol", "short").code(), StatusCode::kInvalidArgument);
}

TEST(EditorialStoreTest, SessionsCarryCsrfTokensAndEnd) {
  testing::TempDir dir;
  auto store = std::move(EditorialStore::Open(dir.path())).value();
  ASSERT_TRUE(store->SetEditor("alice", "correct horse battery").ok());
  const std::string token = *store->StartSession("alice");
  EXPECT_EQ(token.size(), 64u);
  auto session = *store->FindSession(token);
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->editor, "alice");
  EXPECT_EQ(session->csrf_token.size(), 64u);
  EXPECT_NE(session->csrf_token, token);
  EXPECT_FALSE(store->FindSession(std::string(64, '0'))->has_value());
  EXPECT_FALSE(store->FindSession("short")->has_value());
  const std::string expired = *store->StartSession("alice", -10);
  EXPECT_FALSE(store->FindSession(expired)->has_value());
  ASSERT_TRUE(store->EndSession(token).ok());
  EXPECT_FALSE(store->FindSession(token)->has_value());
}

// Issue 20: sessions outlived a password reset.
TEST(EditorialStoreTest, ANewPasswordEndsTheEditorsSessions) {
  testing::TempDir dir;
  auto store = std::move(EditorialStore::Open(dir.path())).value();
  ASSERT_TRUE(store->SetEditor("alice", "correct horse battery").ok());
  ASSERT_TRUE(store->SetEditor("bob", "another long password").ok());
  const std::string alice = *store->StartSession("alice");
  const std::string bob = *store->StartSession("bob");
  ASSERT_TRUE(store->SetEditor("alice", "a brand new password").ok());
  EXPECT_FALSE(store->FindSession(alice)->has_value());
  EXPECT_TRUE(store->FindSession(bob)->has_value());
  EXPECT_TRUE(*store->CheckPassword("alice", "a brand new password"));
}

// A file written before overrides knew their record version gains the
// column; its overrides read as version 0 (always stale).
TEST(EditorialStoreTest, OlderFilesGainTheRecordVersion) {
  testing::TempDir dir;
  { auto store = std::move(EditorialStore::Open(dir.path())).value(); }
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir.path() / "trialfinder.sqlite").c_str(), &db), SQLITE_OK);
    const char* old = R"sql(
      DROP TABLE page_overrides;
      CREATE TABLE page_overrides (nct_id TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL,
        editor TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (nct_id, field));
      INSERT INTO page_overrides VALUES ('NCT07193810', 'title', 'Old', 'alice', '2026-01-01T00:00:00Z');
    )sql";
    ASSERT_EQ(sqlite3_exec(db, old, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  auto store = std::move(EditorialStore::Open(dir.path())).value();
  auto overrides = *store->Overrides("NCT07193810");
  ASSERT_EQ(overrides.count("title"), 1u);
  EXPECT_EQ(overrides["title"].record_version, 0);
  ASSERT_TRUE(store->SetOverride("NCT07193810", "title", "New", "alice", 3).ok());
  EXPECT_EQ(store->Overrides("NCT07193810")->at("title").record_version, 3);
}

TEST(EditorialStoreTest, OverridesAndReviewsSurviveReingest) {
  testing::TempDir dir;
  {
    auto studies = std::move(StudyStore::Open(dir.path())).value();
    ASSERT_TRUE(IngestPaths(*studies, {testing::SampleDir() / "seed-studies"}).ok());
  }
  {
    auto editorial = std::move(EditorialStore::Open(dir.path())).value();
    ASSERT_TRUE(
        editorial->SetOverride("NCT07193810", "title", "CC312 for hard-to-treat lupus", "alice", 1)
            .ok());
    ASSERT_TRUE(editorial->MarkReviewed("NCT07193810", "alice", 1).ok());
  }
  {
    auto studies = std::move(StudyStore::Open(dir.path())).value();
    ASSERT_TRUE(IngestPaths(*studies, {testing::SampleDir() / "seed-studies"}).ok());
  }
  auto editorial = std::move(EditorialStore::Open(dir.path())).value();
  auto overrides = *editorial->Overrides("NCT07193810");
  ASSERT_EQ(overrides.count("title"), 1u);
  EXPECT_EQ(overrides["title"].value, "CC312 for hard-to-treat lupus");
  EXPECT_EQ(overrides["title"].editor, "alice");
  EXPECT_EQ(overrides["title"].updated_at.size(), 20u);  // 2026-11-23T12:00:00Z
  EXPECT_EQ(overrides["title"].record_version, 1);
  auto review = *editorial->LastReview("NCT07193810");
  ASSERT_TRUE(review.has_value());
  EXPECT_EQ(review->editor, "alice");
  EXPECT_EQ(review->record_version, 1);
  EXPECT_FALSE(editorial->LastReview("NCT07038447")->has_value());
  // An empty value removes the override.
  ASSERT_TRUE(editorial->SetOverride("NCT07193810", "title", "", "alice", 1).ok());
  EXPECT_TRUE(editorial->Overrides("NCT07193810")->empty());
}

}  // namespace
}  // namespace trialfinder
