// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/criteria_warmer.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/test_support.h"
#include "trialfinder/index.h"
#include "trialfinder/store.h"
#include "trialfinder/study_json.h"

namespace trialfinder {
namespace {

void AddStudy(StudyStore& store, const std::string& id, const std::string& status) {
  Result<Study> study = ParseStudyJson(
      R"({"protocolSection": {"identificationModule": {"nctId": ")" + id +
      R"(", "briefTitle": "A lupus study"}, "statusModule": {"overallStatus": ")" + status +
      R"("}, "conditionsModule": {"conditions": ["Lupus"]}, "eligibilityModule":
      {"eligibilityCriteria": "Inclusion Criteria:\n\n* Age 18 to 65 years\n\nExclusion Criteria:\n\n* Pregnancy"}}})");
  ASSERT_TRUE(study.ok()) << study.status().message();
  ASSERT_TRUE(store.Upsert(*study, "test").ok());
}

// The open studies' criteria are in the memo before any request asks; a
// closed study's are not.
TEST(CriteriaWarmerTest, ReadsTheOpenStudiesCriteria) {
  testing::TempDir dir;
  const std::filesystem::path db = dir.path() / "db";
  {
    auto store = std::move(StudyStore::Open(db)).value();
    AddStudy(*store, "NCT00000001", "RECRUITING");
    AddStudy(*store, "NCT00000002", "NOT_YET_RECRUITING");
    AddStudy(*store, "NCT00000003", "COMPLETED");
    ASSERT_TRUE(RebuildIndex(*store, IndexPath(db)).ok());
  }
  ReaderPool pool(db);
  CriteriaWarmer warmer(pool);
  warmer.Wait();
  EXPECT_EQ(warmer.warmed(), 2u);
  Result<ReaderPool::Lease> lease = pool.Acquire();
  ASSERT_TRUE(lease.ok());
  EXPECT_EQ(lease->criteria_memo().size(), 2u);
}

// Without an index there is nothing to warm, and nothing fails.
TEST(CriteriaWarmerTest, NoIndexIsNoError) {
  testing::TempDir dir;
  ReaderPool pool(dir.path() / "missing");
  CriteriaWarmer warmer(pool);
  warmer.Wait();
  EXPECT_EQ(warmer.warmed(), 0u);
}

}  // namespace
}  // namespace trialfinder
