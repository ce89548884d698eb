// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "trialfinder/ingester.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/test_support.h"

namespace trialfinder {
namespace {

class IngesterTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = std::move(StudyStore::Open(dir_.path() / "db")).value(); }
  IngestReport Ingest(const std::vector<std::filesystem::path>& paths) {
    Result<IngestReport> report = IngestPaths(*store_, paths);
    EXPECT_TRUE(report.ok()) << report.status().message();
    return report.ok() ? *report : IngestReport{};
  }
  static std::string Line(const std::string& seed_id) {
    return nlohmann::json::parse(testing::SeedStudy(seed_id)).dump();
  }
  testing::TempDir dir_;
  std::unique_ptr<StudyStore> store_;
};

TEST_F(IngesterTest, BadRecordsAreReportedGoodOnesStored) {
  const std::string good1 = Line("NCT07038447");
  const std::string good2 = Line("NCT07193810");
  std::string bad_utf8 =
      R"({"protocolSection":{"identificationModule":{"nctId":"NCT00000009","briefTitle":"x@"}}})";
  bad_utf8[bad_utf8.find('@')] = static_cast<char>(0xFF);
  const std::string lines =
      good1 + "\n" + good1.substr(0, 300) + "\n" +
      R"({"protocolSection":{"identificationModule":{"briefTitle":"no id"}}})" + "\n" +
      R"({"protocolSection":{"identificationModule":{"nctId":"NCT00000001"},"designModule":{"phases":["PHASE7"]}}})" +
      "\n" +
      R"({"protocolSection":{"identificationModule":{"nctId":"NCT00000002"},"designModule":{"enrollmentInfo":{"count":"ten"}}}})" +
      "\n" + bad_utf8 + "\n" + good2 + "\n";
  const auto file = dir_.Write("batch.jsonl", lines);
  IngestReport report = Ingest({file});
  EXPECT_EQ(report.new_studies, 2);
  EXPECT_EQ(report.rejected, 5);
  ASSERT_EQ(report.rejections.size(), 5u);
  EXPECT_EQ(report.rejections[0].location, file.string() + " line 2");
  EXPECT_NE(report.rejections[0].message.find("malformed JSON"), std::string::npos);
  EXPECT_NE(report.rejections[1].message.find("nctId"), std::string::npos);
  EXPECT_NE(report.rejections[2].message.find("NCT00000001"), std::string::npos);
  EXPECT_NE(report.rejections[2].message.find("PHASE7"), std::string::npos);
  EXPECT_NE(report.rejections[3].message.find("enrollmentInfo.count"), std::string::npos);
  EXPECT_EQ(report.rejections[4].location, file.string() + " line 6");
  EXPECT_EQ(*store_->Count(), 2);
  for (const char* id : {"NCT00000001", "NCT00000002", "NCT00000009"}) {
    EXPECT_FALSE(store_->Get(id)->has_value()) << id;
  }
}

TEST_F(IngesterTest, BadVersionOfAStoredStudyLeavesItIntact) {
  const auto good = dir_.Write("good.jsonl", Line("NCT07038447") + "\n");
  Ingest({good});
  const std::string before = (*store_->Get("NCT07038447"))->raw_json;
  auto broken = nlohmann::json::parse(testing::SeedStudy("NCT07038447"));
  broken["protocolSection"]["statusModule"]["overallStatus"] = "MAYBE";
  const auto bad = dir_.Write("bad.jsonl", broken.dump() + "\n");
  IngestReport report = Ingest({bad});
  EXPECT_EQ(report.rejected, 1);
  EXPECT_EQ((*store_->Get("NCT07038447"))->raw_json, before);
  EXPECT_EQ((*store_->Get("NCT07038447"))->version, 1);
}

TEST_F(IngesterTest, ReingestIsANoOpAndChangesAreCounted) {
  const auto file = dir_.Write("one.json", testing::SeedStudy("NCT07038447"));
  EXPECT_EQ(Ingest({file}).new_studies, 1);
  IngestReport again = Ingest({file});
  EXPECT_EQ(again.unchanged, 1);
  EXPECT_EQ(again.new_studies + again.updated, 0);

  auto changed = nlohmann::ordered_json::parse(testing::SeedStudy("NCT07038447"));
  changed["protocolSection"]["designModule"]["enrollmentInfo"]["count"] = 60;
  changed["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"] = "2026-02-01";
  const auto update = dir_.Write("update.json", changed.dump(2));
  EXPECT_EQ(Ingest({update}).updated, 1);
  EXPECT_EQ(store_->History("NCT07038447")->size(), 1u);
  EXPECT_EQ(Ingest({file}).stale, 1);  // the older version again
}

// Records are parsed on several threads but stored in input order: each
// study's versions come in date order, so every later one is an update
// (stored out of order, some would be stale), and rejections are listed
// by line.
TEST_F(IngesterTest, RecordsAreStoredInInputOrder) {
  std::string lines;
  int line = 0;
  std::vector<int> bad_lines;
  for (int study = 0; study < 100; ++study) {
    for (int version = 1; version <= 3; ++version) {
      auto json = nlohmann::json::parse(testing::SeedStudy("NCT07193810"));
      auto& protocol = json["protocolSection"];
      protocol["identificationModule"]["nctId"] = "NCT0000" + std::to_string(1000 + study);
      protocol["statusModule"]["lastUpdatePostDateStruct"]["date"] =
          "2026-0" + std::to_string(version) + "-01";
      protocol["designModule"]["enrollmentInfo"]["count"] = version;
      lines += json.dump() + "\n";
      ++line;
    }
    if (study % 40 == 0) {
      for (int bad = 0; bad < 2; ++bad) {
        lines += "{not json\n";
        bad_lines.push_back(++line);
      }
    }
  }
  const auto file = dir_.Write("versions.jsonl", lines);
  IngestReport report = Ingest({file});
  EXPECT_EQ(report.new_studies, 100);
  EXPECT_EQ(report.updated, 200);
  EXPECT_EQ(report.stale, 0);
  ASSERT_EQ(report.rejections.size(), bad_lines.size());
  for (std::size_t i = 0; i < bad_lines.size(); ++i) {
    EXPECT_EQ(report.rejections[i].location,
              file.string() + " line " + std::to_string(bad_lines[i]));
  }
  for (int study = 0; study < 100; ++study) {
    Result<Study> stored =
        ParseStudyJson((*store_->Get("NCT0000" + std::to_string(1000 + study)))->raw_json);
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->protocol.design.enrollment_info.count, 3);
  }
}

TEST_F(IngesterTest, HugeFieldIsRejectedWithoutHarm) {
  auto json = nlohmann::json::parse(testing::SeedStudy("NCT07193810"));
  json["protocolSection"]["descriptionModule"]["briefSummary"] = std::string(50 * 1024 * 1024, 'x');
  const auto file = dir_.Write("huge.jsonl", json.dump() + "\n" + Line("NCT07038447") + "\n");
  IngestReport report = Ingest({file});
  EXPECT_EQ(report.rejected, 1);
  EXPECT_EQ(report.new_studies, 1);
  EXPECT_NE(report.rejections.at(0).message.find("over the limit"), std::string::npos);
  EXPECT_FALSE(store_->Get("NCT07193810")->has_value());
}

TEST_F(IngesterTest, MissingPathFailsBeforeWriting) {
  Result<IngestReport> report = IngestPaths(*store_, {dir_.path() / "missing.jsonl"});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kNotFound);
}

TEST_F(IngesterTest, ReportsProgress) {
  std::string lines;
  for (int i = 0; i < 30; ++i) {
    auto json = nlohmann::json::parse(testing::SeedStudy("NCT07193810"));
    json["protocolSection"]["identificationModule"]["nctId"] = "NCT0000" + std::to_string(1000 + i);
    lines += json.dump() + "\n";
  }
  const auto file = dir_.Write("many.jsonl", lines);
  IngestOptions options;
  options.progress_every = 10;
  options.batch_size = 7;
  std::vector<IngestProgress> seen;
  options.on_progress = [&](const IngestProgress& p) { seen.push_back(p); };
  Result<IngestReport> report = IngestPaths(*store_, {file}, options);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->new_studies, 30);
  ASSERT_EQ(seen.size(), 4u);  // at 10, 20, 30 and the final one
  EXPECT_EQ(seen.back().input_bytes_done, seen.back().input_bytes_total);
  EXPECT_EQ(*store_->Count(), 30);
}

}  // namespace
}  // namespace trialfinder
