// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Building and keeping up the index: documents handed between threads,
// a rebuild in shards, an index of an older layout, over-long terms and
// studies that cannot be indexed.

#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "search/study_document.h"
#include "tests/test_support.h"
#include "trialfinder/index.h"
#include "trialfinder/ingester.h"
#include "trialfinder/search.h"
#include "trialfinder/store.h"
#include "trialfinder/study_json.h"

namespace trialfinder {
namespace {

// Documents are built on one thread and written on another, and Xapian's
// reference counts are not atomic: the generator must not keep the built
// document.
TEST(StudyDocumentTest, GeneratorLetsGoOfTheBuiltDocument) {
  Result<Study> study = ParseStudyJson(
      testing::ReadFileOrDie(testing::SampleDir() / "seed-studies" / "NCT07038447.json"));
  ASSERT_TRUE(study.ok()) << study.status().message();
  Xapian::TermGenerator generator;
  const Xapian::Document document = BuildStudyDocument(*study, generator, nullptr);
  EXPECT_GT(document.termlist_count(), 100u);
  EXPECT_EQ(generator.get_document().termlist_count(), 0u);
}

// A rebuild in shards (merged by compaction) is the same index as one
// written whole: same studies, same results and relevance, same spelling
// corrections and the store sequence recorded; no shard is left behind.
// The parameter is the number of threads writing shards at once.
class ShardedRebuildTest : public ::testing::TestWithParam<int> {};

INSTANTIATE_TEST_SUITE_P(Writers, ShardedRebuildTest, ::testing::Values(1, 3));

TEST_P(ShardedRebuildTest, MatchesOneIndex) {
  testing::TempDir dir;
  const std::filesystem::path whole = dir.path() / "whole";
  const std::filesystem::path sharded = dir.path() / "sharded";
  const auto sample = testing::SampleDir();
  for (const auto& db : {whole, sharded}) {
    auto store = std::move(StudyStore::Open(db)).value();
    ASSERT_TRUE(IngestPaths(*store, {sample / "studies.jsonl", sample / "seed-studies"}).ok());
    const RebuildOptions options =
        db == whole ? RebuildOptions{100000, 1} : RebuildOptions{97, GetParam()};
    Result<IndexReport> report = RebuildIndex(*store, IndexPath(db), nullptr, options);
    ASSERT_TRUE(report.ok()) << report.status().message();
    EXPECT_GT(report->indexed, 500);
  }
  for (const auto& entry : std::filesystem::directory_iterator(sharded)) {
    EXPECT_EQ(entry.path().string().find(".shard-"), std::string::npos) << entry.path();
  }
  EXPECT_EQ(ReadIndexState(IndexPath(whole))->documents,
            ReadIndexState(IndexPath(sharded))->documents);
  EXPECT_EQ(ReadIndexState(IndexPath(whole))->store_sequence,
            ReadIndexState(IndexPath(sharded))->store_sequence);
  auto one = std::move(SearchIndex::Open(IndexPath(whole))).value();
  auto merged = std::move(SearchIndex::Open(IndexPath(sharded))).value();
  const std::vector<std::vector<std::pair<std::string, std::string>>> searches = {
      {{"query.cond", "lupus"}},
      {{"query.term", "quality of life"}},
      {{"query.cond", "lupis"}},
      {{"query.intr", "placebo"}, {"filter.overallStatus", "RECRUITING"}, {"age", "40"}},
      {{"filter.geo", "distance(42.3601,-71.0589,500mi)"}, {"sort", "distance"}},
      {{"facets", "true"}, {"countTotal", "true"}}};
  // Every match on one page, compared by study: documents may be numbered
  // in another order, which only reorders ties.
  auto by_study = [](const SearchResult& result) {
    std::map<std::string, double> relevance;
    for (const SearchHit& hit : result.hits) relevance[hit.nct_id] = hit.relevance;
    return relevance;
  };
  for (const auto& parameters : searches) {
    SearchQuery query = *ParseSearchParameters(parameters);
    query.page_size = 1000;
    Result<SearchResult> expected = one->Search(query);
    Result<SearchResult> actual = merged->Search(query);
    ASSERT_TRUE(expected.ok() && actual.ok());
    EXPECT_GT(expected->hits.size(), 0u) << parameters.front().second;
    EXPECT_EQ(actual->total, expected->total) << parameters.front().second;
    EXPECT_EQ(actual->corrected_query, expected->corrected_query);
    const std::map<std::string, double> expected_hits = by_study(*expected);
    const std::map<std::string, double> actual_hits = by_study(*actual);
    ASSERT_EQ(actual_hits.size(), expected_hits.size()) << parameters.front().second;
    for (const auto& [nct_id, relevance] : expected_hits) {
      ASSERT_TRUE(actual_hits.count(nct_id)) << nct_id;
      EXPECT_NEAR(actual_hits.at(nct_id), relevance, 1e-9) << nct_id;
    }
    ASSERT_EQ(actual->facets.size(), expected->facets.size());
    for (std::size_t i = 0; i < expected->facets.size(); ++i) {
      ASSERT_EQ(actual->facets[i].values.size(), expected->facets[i].values.size());
      for (std::size_t j = 0; j < expected->facets[i].values.size(); ++j) {
        EXPECT_EQ(actual->facets[i].values[j].value, expected->facets[i].values[j].value);
        EXPECT_EQ(actual->facets[i].values[j].count, expected->facets[i].values[j].count);
      }
    }
  }
  Result<std::vector<SearchHit>> related_one = one->Related("NCT07038447", 5);
  Result<std::vector<SearchHit>> related_merged = merged->Related("NCT07038447", 5);
  ASSERT_TRUE(related_one.ok() && related_merged.ok());
  ASSERT_EQ(related_merged->size(), related_one->size());
  for (std::size_t i = 0; i < related_one->size(); ++i) {
    EXPECT_NEAR((*related_merged)[i].relevance, (*related_one)[i].relevance, 1e-9);
  }
  // The merged index takes updates like any other.
  auto store = std::move(StudyStore::Open(sharded)).value();
  std::string json = testing::ReadFileOrDie(sample / "seed-studies" / "NCT07038447.json");
  const std::size_t conditions = json.find("\"conditions\"");
  ASSERT_NE(conditions, std::string::npos);
  json.insert(json.find('[', conditions) + 1, "\"Zebrafish Syndrome\", ");
  Result<Study> changed = ParseStudyJson(json);
  ASSERT_TRUE(changed.ok()) << changed.status().message();
  ASSERT_TRUE(store->Upsert(*changed, "test").ok());
  ASSERT_TRUE(UpdateIndex(*store, IndexPath(sharded)).ok());
  ASSERT_TRUE(merged->Reopen().ok());
  Result<SearchResult> found =
      merged->Search(*ParseSearchParameters({{"query.cond", "zebrafish"}}));
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->hits.size(), 1u);
  EXPECT_EQ(found->hits[0].nct_id, "NCT07038447");
  EXPECT_EQ(merged->DocumentCount(), one->DocumentCount());
}

// An index written with an older document layout lacks terms that queries
// now rely on (geographic cells, names), so updating it rebuilds it instead,
// and until then readers refuse it.
TEST(IndexMaintenanceTest, IndexOfAnOlderLayoutIsRebuiltNotUpdated) {
  testing::TempDir dir;
  const std::filesystem::path db = dir.path() / "db";
  auto store = std::move(StudyStore::Open(db)).value();
  const auto sample = testing::SampleDir();
  ASSERT_TRUE(IngestPaths(*store, {sample / "seed-studies"}).ok());
  Result<IndexReport> built = UpdateIndex(*store, IndexPath(db));
  ASSERT_TRUE(built.ok());
  ASSERT_GT(built->indexed, 0);
  Result<IndexReport> current = UpdateIndex(*store, IndexPath(db));
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current->indexed, 0);  // same layout, nothing changed: nothing to do
  {
    Xapian::WritableDatabase database(IndexPath(db).string(), Xapian::DB_OPEN);
    database.set_metadata("document_layout", "1");
    database.commit();
  }
  {
    // Until then it is not searched (its terms and values are not what
    // queries read): opening it says what to do.
    Result<std::unique_ptr<SearchIndex>> old = SearchIndex::Open(IndexPath(db));
    ASSERT_FALSE(old.ok());
    EXPECT_NE(old.status().message().find("trialfinder reindex"), std::string::npos);
    EXPECT_NE(old.status().message().find("document layout '1'"), std::string::npos);
  }
  Result<IndexReport> rebuilt = UpdateIndex(*store, IndexPath(db));
  ASSERT_TRUE(rebuilt.ok());
  EXPECT_EQ(rebuilt->indexed, built->indexed);
  Result<std::unique_ptr<SearchIndex>> index = SearchIndex::Open(IndexPath(db));
  ASSERT_TRUE(index.ok());
  Result<SearchQuery> near =
      ParseSearchParameters({{"filter.geo", "distance(42.3601,-71.0589,50mi)"}});
  EXPECT_TRUE((*index)->Search(*near).ok());
}

// Issue 20: a 300-letter word in a title or a 300-character city (Xapian
// terms are at most 245 bytes) made every later update fail without naming
// the study. Long values are now indexed under a bounded term and found by
// their exact text; a long query word finds nothing instead of everything.
TEST(IndexMaintenanceTest, OverlongWordsAndFilterValuesAreIndexed) {
  testing::TempDir dir;
  const std::filesystem::path db = dir.path() / "db";
  auto store = std::move(StudyStore::Open(db)).value();
  Study study = *ParseStudyJson(testing::SeedStudy("NCT07038447"));
  const std::string long_word(300, 'q');
  const std::string long_city(300, 'c');
  nlohmann::json record = nlohmann::json::parse(study.raw_json);
  record["protocolSection"]["identificationModule"]["briefTitle"] = "Study of " + long_word;
  record["protocolSection"]["contactsLocationsModule"]["locations"][0]["city"] = long_city;
  Result<Study> changed = ParseStudyJson(record.dump());
  ASSERT_TRUE(changed.ok()) << changed.status().message();
  ASSERT_TRUE(store->Upsert(*changed, "test").ok());
  Result<IndexReport> report = UpdateIndex(*store, IndexPath(db));
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->indexed, 1);
  EXPECT_TRUE(report->failures.empty());
  // A later update still works (it used to fail at every commit after).
  ASSERT_TRUE(store->Upsert(*ParseStudyJson(testing::SeedStudy("NCT07193810")), "test").ok());
  report = UpdateIndex(*store, IndexPath(db));
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->indexed, 1);

  auto index = std::move(SearchIndex::Open(IndexPath(db))).value();
  Result<SearchResult> city = index->Search(*ParseSearchParameters({{"city", long_city}}));
  ASSERT_TRUE(city.ok());
  EXPECT_EQ(city->total, 1);
  Result<SearchResult> other_city =
      index->Search(*ParseSearchParameters({{"city", std::string(299, 'c') + "d"}}));
  ASSERT_TRUE(other_city.ok());
  EXPECT_EQ(other_city->total, 0);
  Result<SearchResult> advanced = index->Search(
      *ParseSearchParameters({{"filter.advanced", "AREA[LocationCity]" + long_city}}));
  ASSERT_TRUE(advanced.ok()) << advanced.status().message();
  EXPECT_EQ(advanced->total, 1);
  // A query word longer than any indexed word matches nothing, not everything.
  for (const char* parameter : {"query.term", "query.titles", "query.cond"}) {
    Result<SearchResult> word =
        index->Search(*ParseSearchParameters({{parameter, std::string(70, 'y')}}));
    ASSERT_TRUE(word.ok()) << parameter;
    EXPECT_EQ(word->total, 0) << parameter;
  }
}

// A study the index cannot hold is left out, named and recorded in the index
// (verify reports it); the others are indexed; once its record is fixed the
// next update indexes it and forgets the failure.
TEST(IndexMaintenanceTest, AStudyThatCannotBeIndexedIsNamedAndSkipped) {
  testing::TempDir dir;
  const std::filesystem::path db = dir.path() / "db";
  auto store = std::move(StudyStore::Open(db)).value();
  Study good = *ParseStudyJson(testing::SeedStudy("NCT07193810"));
  Study broken = *ParseStudyJson(testing::SeedStudy("NCT07038447"));
  const std::string fixed_json = broken.raw_json;
  broken.raw_json = "{\"protocolSection\": 1}";  // stored, but not a study any more
  ASSERT_TRUE(store->Upsert(broken, "test").ok());
  ASSERT_TRUE(store->Upsert(good, "test").ok());
  Result<IndexReport> report = RebuildIndex(*store, IndexPath(db));
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->indexed, 1);
  ASSERT_EQ(report->failures.size(), 1u);
  EXPECT_EQ(report->failures[0].nct_id, "NCT07038447");
  EXPECT_NE(report->failures[0].problem.find("does not parse"), std::string::npos);
  Result<IndexState> state = ReadIndexState(IndexPath(db));
  ASSERT_TRUE(state.ok());
  ASSERT_EQ(state->failures.size(), 1u);
  EXPECT_EQ(state->failures[0].nct_id, "NCT07038447");

  ASSERT_TRUE(store->Upsert(*ParseStudyJson(fixed_json), "test").ok());
  report = UpdateIndex(*store, IndexPath(db));
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->indexed, 1);
  EXPECT_TRUE(report->failures.empty());
  state = ReadIndexState(IndexPath(db));
  ASSERT_TRUE(state.ok());
  EXPECT_TRUE(state->failures.empty());
  EXPECT_EQ(state->documents, 2);

  // Broken again in a later update: its old document leaves the index.
  ASSERT_TRUE(store->Upsert(broken, "test").ok());
  report = UpdateIndex(*store, IndexPath(db));
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->failures.size(), 1u);
  state = ReadIndexState(IndexPath(db));
  EXPECT_EQ(state->documents, 1);
  EXPECT_EQ(state->failures.size(), 1u);
}

}  // namespace
}  // namespace trialfinder
