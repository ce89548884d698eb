// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include <gtest/gtest.h>

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

TEST(EditorialStoreTest, OverridesAndReviewsSurviveReingest) {
  testing::TempDir dir;
  {
    auto studies = std::move(StudyStore::Open(dir.path())).value();
    ASSERT_TRUE(IngestPaths(*studies, {testing::SampleDir() / "seed-studies"}).ok());
  }
  {
    auto editorial = std::move(EditorialStore::Open(dir.path())).value();
    ASSERT_TRUE(
        editorial->SetOverride("NCT07193810", "title", "CC312 for hard-to-treat lupus", "alice")
            .ok());
    ASSERT_TRUE(editorial->MarkReviewed("NCT07193810", "alice").ok());
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
  auto review = *editorial->LastReview("NCT07193810");
  ASSERT_TRUE(review.has_value());
  EXPECT_EQ(review->editor, "alice");
  EXPECT_FALSE(editorial->LastReview("NCT07038447")->has_value());
  // An empty value removes the override.
  ASSERT_TRUE(editorial->SetOverride("NCT07193810", "title", "", "alice").ok());
  EXPECT_TRUE(editorial->Overrides("NCT07193810")->empty());
}

}  // namespace
}  // namespace trialfinder
