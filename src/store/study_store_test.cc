// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "trialfinder/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "tests/test_support.h"
#include "trialfinder/study_json.h"

namespace trialfinder {
namespace {

Study SeedWith(const std::string& nct_id,
               const std::function<void(nlohmann::ordered_json&)>& edit) {
  auto json = nlohmann::ordered_json::parse(testing::SeedStudy(nct_id));
  edit(json);
  Result<Study> study = ParseStudyJson(json.dump());
  EXPECT_TRUE(study.ok()) << study.status().message();
  return *study;
}

class StudyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = StudyStore::Open(dir_.path() / "db");
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    store_ = std::move(opened).value();
  }
  testing::TempDir dir_;
  std::unique_ptr<StudyStore> store_;
};

TEST_F(StudyStoreTest, InsertThenSameRecordIsUnchanged) {
  Study study = *ParseStudyJson(testing::SeedStudy("NCT07038447"));
  EXPECT_EQ(*store_->Upsert(study, "seed"), UpsertOutcome::kNew);
  EXPECT_EQ(*store_->Upsert(study, "seed"), UpsertOutcome::kUnchanged);
  // Same content, other formatting and key order: still unchanged.
  Study reformatted = SeedWith("NCT07038447", [](auto& json) {
    auto protocol = json["protocolSection"];
    json.erase("protocolSection");
    json["protocolSection"] = protocol;
  });
  EXPECT_EQ(*store_->Upsert(reformatted, "seed"), UpsertOutcome::kUnchanged);
  auto stored = store_->Get("NCT07038447");
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->version, 1);
  EXPECT_EQ((*stored)->raw_json, study.raw_json);
  EXPECT_EQ((*stored)->last_update_post_date, "2026-01-12");
  EXPECT_TRUE(store_->History("NCT07038447")->empty());
}

TEST_F(StudyStoreTest, ChangedRecordKeepsThePreviousVersion) {
  Study first = *ParseStudyJson(testing::SeedStudy("NCT07038447"));
  ASSERT_EQ(*store_->Upsert(first, "v1"), UpsertOutcome::kNew);
  const std::int64_t sequence_before = *store_->LastChangeSequence();
  Study second = SeedWith("NCT07038447", [](auto& json) {
    json["protocolSection"]["statusModule"]["overallStatus"] = "RECRUITING";
    json["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"] = "2026-03-01";
  });
  EXPECT_EQ(*store_->Upsert(second, "v2"), UpsertOutcome::kUpdated);
  auto stored = store_->Get("NCT07038447");
  EXPECT_EQ((*stored)->version, 2);
  EXPECT_EQ((*stored)->source, "v2");
  EXPECT_GT((*stored)->change_sequence, sequence_before);
  auto history = store_->History("NCT07038447");
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].version, 1);
  EXPECT_EQ((*history)[0].last_update_post_date, "2026-01-12");
  EXPECT_EQ((*history)[0].raw_json, first.raw_json);
  EXPECT_EQ((*history)[0].source, "v1");

  // The old version arriving again is stale: nothing changes.
  EXPECT_EQ(*store_->Upsert(first, "v1 again"), UpsertOutcome::kStale);
  EXPECT_EQ((*store_->Get("NCT07038447"))->version, 2);
  EXPECT_EQ(store_->History("NCT07038447")->size(), 1u);
}

TEST_F(StudyStoreTest, GetStudyParsesOrNamesTheDamage) {
  Study study = *ParseStudyJson(testing::SeedStudy("NCT07038447"));
  ASSERT_TRUE(store_->Upsert(study, "seed").ok());
  StoredStudy stored;
  Result<std::optional<Study>> found = store_->GetStudy("NCT07038447", &stored);
  ASSERT_TRUE(found.ok()) << found.status().message();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->nct_id(), "NCT07038447");
  EXPECT_EQ((*found)->raw_json, study.raw_json);
  EXPECT_EQ(stored.version, 1);
  EXPECT_TRUE(stored.raw_json.empty());
  EXPECT_FALSE(store_->GetStudy("NCT00000000")->has_value());
  Study broken = study;
  broken.raw_json = "{\"protocolSection\": 1}";
  ASSERT_TRUE(store_->Upsert(broken, "test").ok());
  Result<std::optional<Study>> damaged = store_->GetStudy("NCT07038447");
  ASSERT_FALSE(damaged.ok());
  EXPECT_EQ(damaged.status().code(), StatusCode::kCorruption);
  EXPECT_NE(damaged.status().message().find("NCT07038447"), std::string::npos);
}

TEST_F(StudyStoreTest, StatsCountStatusPhaseAndType) {
  for (const char* id : {"NCT07038447", "NCT07193810", "NCT06888960"}) {
    ASSERT_TRUE(store_->Upsert(*ParseStudyJson(testing::SeedStudy(id)), "seed").ok());
  }
  auto stats = store_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->studies, 3);
  auto count = [](const auto& counts, const std::string& key) -> std::int64_t {
    for (const auto& [value, n] : counts) {
      if (value == key) return n;
    }
    return 0;
  };
  EXPECT_EQ(count(stats->by_status, "ENROLLING_BY_INVITATION"), 1);
  EXPECT_EQ(count(stats->by_status, "(none)"), 1);  // NCT07193810 has no statusModule
  EXPECT_EQ(count(stats->by_study_type, "INTERVENTIONAL"), 3);
  EXPECT_GE(count(stats->by_phase, "PHASE1"), 1);
}

TEST_F(StudyStoreTest, ChangesAreVisitedInSequenceOrder) {
  for (const char* id : {"NCT07038447", "NCT07193810", "NCT06888960"}) {
    ASSERT_TRUE(store_->Upsert(*ParseStudyJson(testing::SeedStudy(id)), "seed").ok());
  }
  std::vector<std::string> seen;
  ASSERT_TRUE(store_
                  ->ForEachChangedSince(1,
                                        [&](const StoredStudy& s) {
                                          seen.push_back(s.nct_id);
                                          return true;
                                        })
                  .ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"NCT07193810", "NCT06888960"}));
  EXPECT_EQ(*store_->LastChangeSequence(), 3);
  // The data timestamp is that of the last write.
  EXPECT_EQ(*store_->LastIngestTime(), (*store_->Get("NCT06888960"))->ingested_at);
}

TEST_F(StudyStoreTest, EmptyStoreHasNoIngestTime) { EXPECT_EQ(*store_->LastIngestTime(), ""); }

TEST_F(StudyStoreTest, RolledBackBatchLeavesNoTrace) {
  {
    StoreTransaction transaction(*store_);
    ASSERT_TRUE(transaction.status().ok());
    ASSERT_TRUE(store_->Upsert(*ParseStudyJson(testing::SeedStudy("NCT07038447")), "x").ok());
    // No Commit(): destroyed transaction rolls back.
  }
  EXPECT_EQ(*store_->Count(), 0);
}

TEST_F(StudyStoreTest, ReadOnlyOpenSeesCommittedData) {
  ASSERT_TRUE(store_->Upsert(*ParseStudyJson(testing::SeedStudy("NCT07038447")), "x").ok());
  auto reader = StudyStore::Open(dir_.path() / "db", StudyStore::Mode::kReadOnly);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(*(*reader)->Count(), 1);
  auto missing = StudyStore::Open(dir_.path() / "elsewhere", StudyStore::Mode::kReadOnly);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace trialfinder

namespace trialfinder {
namespace {

// Rows are zstd BLOBs; TEXT rows from stores written before compression are
// still read, and a damaged BLOB is reported, not returned as a record.
TEST_F(StudyStoreTest, ReadsCompressedLegacyAndDamagedRows) {
  const std::string seed = testing::SeedStudy("NCT07038447");
  ASSERT_TRUE(store_->Upsert(*ParseStudyJson(seed), "seed").ok());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_.path() / "db" / "trialfinder.sqlite").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* type = nullptr;
  sqlite3_prepare_v2(db, "SELECT typeof(raw_json), length(raw_json) FROM studies", -1, &type,
                     nullptr);
  ASSERT_EQ(sqlite3_step(type), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(type, 0)), "blob");
  EXPECT_LT(sqlite3_column_int64(type, 1),
            static_cast<std::int64_t>(seed.size()) / 2);  // compressed
  sqlite3_finalize(type);

  sqlite3_stmt* legacy = nullptr;
  sqlite3_prepare_v2(db, "UPDATE studies SET raw_json = ?", -1, &legacy, nullptr);
  sqlite3_bind_text(legacy, 1, seed.c_str(), static_cast<int>(seed.size()), SQLITE_TRANSIENT);
  ASSERT_EQ(sqlite3_step(legacy), SQLITE_DONE);
  sqlite3_finalize(legacy);
  EXPECT_EQ((*store_->Get("NCT07038447"))->raw_json, seed);

  ASSERT_EQ(
      sqlite3_exec(db, "UPDATE studies SET raw_json = x'28b52ffd0000'", nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  auto damaged = store_->Get("NCT07038447");
  ASSERT_FALSE(damaged.ok());
  EXPECT_EQ(damaged.status().code(), StatusCode::kCorruption);
  EXPECT_NE(damaged.status().message().find("NCT07038447"), std::string::npos);
}

TEST_F(StudyStoreTest, VerifyFindsDamagedAndMisfiledRecords) {
  for (const char* id : {"NCT07038447", "NCT07193810", "NCT06888960"}) {
    ASSERT_TRUE(store_->Upsert(*ParseStudyJson(testing::SeedStudy(id)), "seed").ok());
  }
  ASSERT_TRUE(
      store_
          ->Upsert(SeedWith("NCT07038447",
                            [](nlohmann::ordered_json& j) {
                              j["protocolSection"]["statusModule"]["lastUpdatePostDate"]["date"] =
                                  "2099-01-01";
                            }),
                   "update")
          .ok());
  Result<StoreVerification> clean = store_->Verify();
  ASSERT_TRUE(clean.ok()) << clean.status().message();
  EXPECT_EQ(clean->studies, 3);
  EXPECT_EQ(clean->history_versions, 1);
  EXPECT_EQ(clean->last_change_sequence, 4);
  EXPECT_TRUE(clean->problems.empty());

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_.path() / "db" / "trialfinder.sqlite").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db,
                   "UPDATE studies SET raw_json = x'28b52ffd0000' WHERE nct_id = 'NCT07193810';"
                   "UPDATE studies SET raw_json = (SELECT raw_json FROM studies WHERE nct_id = "
                   "'NCT07038447') "
                   "WHERE nct_id = 'NCT06888960';",
                   nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  Result<StoreVerification> damaged = store_->Verify();
  ASSERT_TRUE(damaged.ok());
  ASSERT_EQ(damaged->problems.size(), 2u);
  EXPECT_EQ(damaged->problems[0].rfind("NCT07193810", 0), 0u) << damaged->problems[0];
  EXPECT_NE(damaged->problems[1].find("is for 'NCT07038447'"), std::string::npos)
      << damaged->problems[1];
}

}  // namespace
}  // namespace trialfinder
