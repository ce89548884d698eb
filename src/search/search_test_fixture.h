// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The fixture of the search tests over the whole bundled sample
// (search_index_test.cc, search_filters_test.cc): one store and index of
// data/sample built once for the test suite, and the studies it holds, so
// that a filter can be checked against a brute-force predicate over them.
// Included by tests only.

#ifndef TRIALFINDER_SEARCH_SEARCH_TEST_FIXTURE_H_
#define TRIALFINDER_SEARCH_SEARCH_TEST_FIXTURE_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "tests/test_support.h"
#include "trialfinder/index.h"
#include "trialfinder/search.h"
#include "trialfinder/study.h"

namespace trialfinder {

// NCT IDs, in order.
using Ids = std::set<std::string>;

// Not in an unnamed namespace: the tests of several files share the suite
// SearchIndexTest, and GoogleTest requires one fixture class per suite.
class SearchIndexTest : public ::testing::Test {
 protected:
  // Ingests data/sample (JSON lines, seed studies and legacy XML) into a
  // store in a temporary directory, builds its index and reads back every
  // stored study into studies_. Defined in search_index_test.cc: it calls
  // the ingester, which a header of the search module may not include
  // (scripts/check_includes.py).
  static void SetUpTestSuite();
  static void TearDownTestSuite() {
    delete studies_;
    studies_ = nullptr;
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override {
    index_ = std::move(SearchIndex::Open(IndexPath(dir_->path() / "db"))).value();
  }

  // Every matching NCT ID, fetched page by page; a failed search or a
  // study on two pages fails the test.
  Ids Search(SearchQuery query, std::size_t page_size = 1000) {
    query.page_size = page_size;
    Ids ids;
    while (true) {
      Result<SearchResult> result = index_->Search(query);
      EXPECT_TRUE(result.ok()) << result.status().message();
      if (!result.ok()) return ids;
      for (const auto& hit : result->hits) {
        EXPECT_TRUE(ids.insert(hit.nct_id).second) << "duplicate " << hit.nct_id;
      }
      if (result->next_page_token.empty()) return ids;
      query.page_token = result->next_page_token;
    }
  }
  // Search() for API v2 query parameters; a parameter error fails the test.
  Ids SearchParams(const std::vector<std::pair<std::string, std::string>>& parameters) {
    Result<SearchQuery> query = ParseSearchParameters(parameters);
    EXPECT_TRUE(query.ok()) << query.status().message();
    return query.ok() ? Search(*query) : Ids{};
  }
  // The stored studies for which `predicate` holds: what a filter should find.
  static Ids Where(const std::function<bool(const Study&)>& predicate) {
    Ids ids;
    for (const Study& study : *studies_) {
      if (predicate(study)) ids.insert(study.nct_id());
    }
    return ids;
  }
  static bool Contains(const std::vector<std::string>& values, const std::string& value) {
    return std::find(values.begin(), values.end(), value) != values.end();
  }

  inline static testing::TempDir* dir_ = nullptr;
  inline static std::vector<Study>* studies_ = nullptr;
  std::unique_ptr<SearchIndex> index_;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_SEARCH_SEARCH_TEST_FIXTURE_H_
