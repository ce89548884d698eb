// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "search/page_token.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace trialfinder {
namespace {

// The number of members of an aggregate: how many values it can be
// brace-initialised from.
struct AnyValue {
  template <class T>
  operator T() const;  // NOLINT(google-explicit-constructor): declared, never called
};
template <class T, class... Values>
constexpr std::size_t MemberCount() {
  if constexpr (requires { T{Values{}..., AnyValue{}}; }) {
    return MemberCount<T, Values..., AnyValue>();
  } else {
    return sizeof...(Values);
  }
}

// A change of one member, from the default query or from `from`.
struct Change {
  const char* name;
  std::function<void(SearchQuery&)> change;
  std::function<void(SearchQuery&)> from = [](SearchQuery&) {};
};

// Every member of SearchQuery that decides the matches or their order: a
// token must not continue a query that differs in any of them.
const std::vector<Change>& Fingerprinted() {
  static const std::vector<Change> kChanges = {
      {"cond", [](SearchQuery& q) { q.cond = "x"; }},
      {"term", [](SearchQuery& q) { q.term = "x"; }},
      {"intr", [](SearchQuery& q) { q.intr = "x"; }},
      {"titles", [](SearchQuery& q) { q.titles = "x"; }},
      {"outc", [](SearchQuery& q) { q.outc = "x"; }},
      {"spons", [](SearchQuery& q) { q.spons = "x"; }},
      {"lead", [](SearchQuery& q) { q.lead = "x"; }},
      {"id", [](SearchQuery& q) { q.id = "x"; }},
      {"locn", [](SearchQuery& q) { q.locn = "x"; }},
      {"patient", [](SearchQuery& q) { q.patient = "x"; }},
      {"about", [](SearchQuery& q) { q.about = "x"; }},
      {"inclusion", [](SearchQuery& q) { q.inclusion = "x"; }},
      {"exclusion", [](SearchQuery& q) { q.exclusion = "x"; }},
      {"relevance_texts",
       [](SearchQuery& q) {
         q.relevance_texts = {{"x", 1.0, false}};
       }},
      {"relevance_texts.index_terms",
       [](SearchQuery& q) { q.relevance_texts[0].index_terms = true; },
       [](SearchQuery& q) {
         q.relevance_texts = {{"x", 1.0, false}};
       }},
      {"advanced", [](SearchQuery& q) { q.advanced = "x"; }},
      {"overall_status", [](SearchQuery& q) { q.overall_status = {"RECRUITING"}; }},
      {"phase", [](SearchQuery& q) { q.phase = {"PHASE1"}; }},
      {"study_type", [](SearchQuery& q) { q.study_type = {"INTERVENTIONAL"}; }},
      {"sex", [](SearchQuery& q) { q.sex = "FEMALE"; }},
      {"healthy_volunteers", [](SearchQuery& q) { q.healthy_volunteers = true; }},
      {"age_years", [](SearchQuery& q) { q.age_years = 40; }},
      {"std_ages", [](SearchQuery& q) { q.std_ages = {"ADULT"}; }},
      {"country", [](SearchQuery& q) { q.country = "x"; }},
      {"state", [](SearchQuery& q) { q.state = "x"; }},
      {"city", [](SearchQuery& q) { q.city = "x"; }},
      {"geo",
       [](SearchQuery& q) {
         q.geo = GeoDistance{1, 2, 3};
       }},
      {"start_date",
       [](SearchQuery& q) {
         q.start_date = {"2020", ""};
       }},
      {"last_update",
       [](SearchQuery& q) {
         q.last_update = {"", "2020"};
       }},
      {"has_results", [](SearchQuery& q) { q.has_results = false; }},
      {"ids", [](SearchQuery& q) { q.ids = {"NCT00000001"}; }},
      {"documents", [](SearchQuery& q) { q.documents = {"SAP"}; }},
      {"sort",
       [](SearchQuery& q) {
         q.sort = {{SortField::kStartDate, false}};
       }},
  };
  return kChanges;
}

// Members that only say how much to return or report: a token may carry
// on with other values of them.
const std::vector<Change>& NotFingerprinted() {
  static const std::vector<Change> kChanges = {
      {"page_size", [](SearchQuery& q) { q.page_size = 50; }},
      {"page_token", [](SearchQuery& q) { q.page_token = "10.0"; }},
      {"count_facets", [](SearchQuery& q) { q.count_facets = true; }},
      {"facet_sample", [](SearchQuery& q) { q.facet_sample = 5; }},
      {"exact_total", [](SearchQuery& q) { q.exact_total = true; }},
  };
  return kChanges;
}

// Issue 21: the fingerprint lists the query's fields by hand, and nothing
// noticed one left out (WeightedText::index_terms was). A member added to
// SearchQuery fails this test until it is listed above, in one list or
// the other, and so is thought about.
TEST(PageTokenTest, EveryQueryMemberIsFingerprintedOrDeliberatelyNot) {
  constexpr std::size_t kMembers = MemberCount<SearchQuery>();
  // relevance_texts is listed twice (its index_terms flag too).
  EXPECT_EQ(Fingerprinted().size() - 1 + NotFingerprinted().size(), kMembers)
      << "SearchQuery has " << kMembers << " members: list the new one in page_token_test.cc "
      << "and, if it decides matches or order, in QueryFingerprint";
  for (const Change& each : Fingerprinted()) {
    SearchQuery query;
    each.from(query);
    const std::uint64_t before = QueryFingerprint(query);
    each.change(query);
    EXPECT_NE(QueryFingerprint(query), before) << each.name << " is not in the fingerprint";
  }
  for (const Change& each : NotFingerprinted()) {
    SearchQuery query;
    const std::uint64_t before = QueryFingerprint(query);
    each.change(query);
    EXPECT_EQ(QueryFingerprint(query), before) << each.name << " should not change the fingerprint";
  }
}

TEST(PageTokenTest, TokensContinueOnlyTheirQuery) {
  SearchQuery lupus;
  lupus.cond = "lupus";
  const std::uint64_t fingerprint = QueryFingerprint(lupus);
  const std::string token = MakePageToken(20, fingerprint);
  EXPECT_EQ(*ReadPageToken(token, fingerprint), 20u);
  EXPECT_EQ(PageTokenAt(lupus, 20), token);
  SearchQuery other = lupus;
  other.cond = "cancer";
  Result<std::size_t> wrong = ReadPageToken(token, QueryFingerprint(other));
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("different query"), std::string::npos);
  for (const std::string& bad :
       std::vector<std::string>{"x", "20", "20.zz", "-1.0000000000000000", " 20.0000000000000000",
                                MakePageToken(kMaxPageOffset + 1, fingerprint)}) {
    Result<std::size_t> read = ReadPageToken(bad, fingerprint);
    EXPECT_FALSE(read.ok()) << bad;
  }
}

}  // namespace
}  // namespace trialfinder
