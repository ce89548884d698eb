// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Search over the whole bundled sample. Filters are checked against a
// brute-force predicate over the stored studies, so the index and the
// predicate must agree study by study.

#include <gtest/gtest.h>
#include <xapian.h>

#include <cmath>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "text/concepts.h"
#include "search/index_schema.h"
#include "search/study_document.h"
#include "text/words.h"
#include "tests/test_support.h"
#include "trialfinder/index.h"
#include "trialfinder/ingester.h"
#include "trialfinder/search.h"
#include "trialfinder/store.h"
#include "trialfinder/study_json.h"

namespace trialfinder {
namespace {

using Ids = std::set<std::string>;

class SearchIndexTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    auto store = std::move(StudyStore::Open(dir_->path() / "db")).value();
    const auto sample = testing::SampleDir();
    ASSERT_TRUE(
        IngestPaths(*store, {sample / "studies.jsonl", sample / "seed-studies", sample / "xml"})
            .ok());
    Result<IndexReport> report = RebuildIndex(*store, IndexPath(dir_->path() / "db"));
    ASSERT_TRUE(report.ok()) << report.status().message();
    studies_ = new std::vector<Study>();
    ASSERT_TRUE(store
                    ->ForEachChangedSince(0,
                                          [](const StoredStudy& stored) {
                                            studies_->push_back(*ParseStudyJson(stored.raw_json));
                                            return true;
                                          })
                    .ok());
  }
  static void TearDownTestSuite() {
    delete studies_;
    delete dir_;
  }
  void SetUp() override {
    index_ = std::move(SearchIndex::Open(IndexPath(dir_->path() / "db"))).value();
  }

  // Every matching NCT ID, fetched page by page.
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
  Ids SearchParams(const std::vector<std::pair<std::string, std::string>>& parameters) {
    Result<SearchQuery> query = ParseSearchParameters(parameters);
    EXPECT_TRUE(query.ok()) << query.status().message();
    return query.ok() ? Search(*query) : Ids{};
  }
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

  static testing::TempDir* dir_;
  static std::vector<Study>* studies_;
  std::unique_ptr<SearchIndex> index_;
};

testing::TempDir* SearchIndexTest::dir_ = nullptr;
std::vector<Study>* SearchIndexTest::studies_ = nullptr;

double HaversineKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRadians = M_PI / 180;
  const double a = std::pow(std::sin((lat2 - lat1) * kRadians / 2), 2) +
                   std::cos(lat1 * kRadians) * std::cos(lat2 * kRadians) *
                       std::pow(std::sin((lon2 - lon1) * kRadians / 2), 2);
  return 2 * 6371.0 * std::asin(std::sqrt(a));  // mean Earth radius; Xapian's differs by <0.2%
}

TEST_F(SearchIndexTest, IndexesEveryStudy) {
  EXPECT_EQ(index_->DocumentCount(), 782);
  EXPECT_EQ(Search(SearchQuery{}).size(), 782u);
}

TEST_F(SearchIndexTest, ListFiltersMatchTheRecords) {
  EXPECT_EQ(SearchParams({{"filter.overallStatus", "RECRUITING"}}),
            Where([](const Study& s) { return s.protocol.status.overall_status == "RECRUITING"; }));
  EXPECT_EQ(SearchParams({{"overallStatus", "COMPLETED,TERMINATED"}}), Where([](const Study& s) {
              return s.protocol.status.overall_status == "COMPLETED" ||
                     s.protocol.status.overall_status == "TERMINATED";
            }));
  EXPECT_EQ(SearchParams({{"phase", "PHASE2"}}),
            Where([](const Study& s) { return Contains(s.protocol.design.phases, "PHASE2"); }));
  EXPECT_EQ(SearchParams({{"studyType", "OBSERVATIONAL"}}),
            Where([](const Study& s) { return s.protocol.design.study_type == "OBSERVATIONAL"; }));
  EXPECT_EQ(SearchParams({{"stdAges", "CHILD"}}), Where([](const Study& s) {
              return Contains(s.protocol.eligibility.std_ages, "CHILD");
            }));
  EXPECT_EQ(SearchParams({{"healthyVolunteers", "true"}}), Where([](const Study& s) {
              return s.protocol.eligibility.healthy_volunteers == true;
            }));
  EXPECT_EQ(SearchParams({{"hasResults", "true"}}),
            Where([](const Study& s) { return s.has_results == true; }));
  const Ids in_us = SearchParams({{"country", "united states"}});
  EXPECT_EQ(in_us, Where([](const Study& s) {
              for (const auto& site : s.protocol.contacts_locations.locations) {
                if (site.country == "United States") return true;
              }
              return false;
            }));
  EXPECT_GT(in_us.size(), 100u);
  EXPECT_EQ(SearchParams({{"city", "Duarte"}}).count("NCT07038447"), 1u);
}

TEST_F(SearchIndexTest, SexFilterIsForAPatient) {
  const Ids female = SearchParams({{"sex", "FEMALE"}});
  EXPECT_EQ(female, Where([](const Study& s) { return s.protocol.eligibility.sex != "MALE"; }));
  EXPECT_LT(female.size(), 782u);
}

TEST_F(SearchIndexTest, AgeFilterKeepsStudiesWithoutBounds) {
  const Ids age70 = SearchParams({{"age", "70"}});
  EXPECT_EQ(age70, Where([](const Study& s) {
              const auto& e = s.protocol.eligibility;
              return (!e.minimum_age || e.minimum_age->InYears() <= 70) &&
                     (!e.maximum_age || e.maximum_age->InYears() >= 70);
            }));
  EXPECT_EQ(age70.count("NCT07038447"), 1u);  // 18-75
  EXPECT_EQ(age70.count("NCT07193810"), 0u);  // 18-65
  const Ids unbounded = Where([](const Study& s) {
    return !s.protocol.eligibility.minimum_age && !s.protocol.eligibility.maximum_age;
  });
  ASSERT_FALSE(unbounded.empty());
  for (const auto& id : unbounded) EXPECT_EQ(age70.count(id), 1u) << id << " has no age bound";
  // A six-month-old: only studies that take infants.
  const Ids infant = SearchParams({{"age", "6 Months"}});
  EXPECT_EQ(infant, Where([](const Study& s) {
              const auto& e = s.protocol.eligibility;
              return (!e.minimum_age || e.minimum_age->InYears() <= 0.5) &&
                     (!e.maximum_age || e.maximum_age->InYears() >= 0.5);
            }));
}

TEST_F(SearchIndexTest, DistanceFilterUsesSiteGeoPoints) {
  // Around Boston, 50 miles.
  const double lat = 42.3601, lon = -71.0589, radius_km = 50 * 1.609344;
  auto near = [&](const Study& s, bool enrolling_only) {
    for (const auto& site : s.protocol.contacts_locations.locations) {
      if (!site.geo_point.lat) continue;
      const bool enrolling = site.status.empty()
                                 ? IsOpenStatus(s.protocol.status.overall_status)
                                 : IsOpenStatus(site.status);
      if (enrolling_only && !enrolling) continue;
      if (HaversineKm(lat, lon, *site.geo_point.lat, *site.geo_point.lon) <= radius_km) return true;
    }
    return false;
  };
  const Ids all = SearchParams({{"filter.geo", "distance(42.3601,-71.0589,50mi)"}});
  EXPECT_EQ(all, Where([&](const Study& s) { return near(s, false); }));
  EXPECT_GE(all.size(), 3u);
  const Ids recruiting = SearchParams(
      {{"filter.geo", "distance(42.3601,-71.0589,50mi)"}, {"filter.overallStatus", "RECRUITING"}});
  EXPECT_EQ(recruiting, Where([&](const Study& s) {
              return s.protocol.status.overall_status == "RECRUITING" && near(s, true);
            }));

  // Distances are reported and sorted nearest first.
  Result<SearchQuery> query =
      ParseSearchParameters({{"filter.geo", "distance(42.3601,-71.0589,50mi)"},
                             {"sort", "distance"},
                             {"pageSize", "50"}});
  Result<SearchResult> result = index_->Search(*query);
  ASSERT_TRUE(result.ok());
  double previous = 0;
  for (const auto& hit : result->hits) {
    ASSERT_TRUE(hit.distance_km.has_value());
    EXPECT_LE(*hit.distance_km, radius_km + 0.5);
    EXPECT_GE(*hit.distance_km, previous);
    previous = *hit.distance_km;
  }
}

TEST_F(SearchIndexTest, DateRangesMatchTheRecords) {
  EXPECT_EQ(SearchParams({{"start", "2020-01..2021-12-31"}}), Where([](const Study& s) {
              const std::string& date = s.protocol.status.start_date.date;
              return !date.empty() && date >= "2020-01" && date.substr(0, 4) <= "2021";
            }));
}

TEST_F(SearchIndexTest, ConceptsExpandQueries) {
  const Ids sle = SearchParams({{"query.cond", "SLE"}});
  EXPECT_EQ(sle.count("NCT07038447"), 1u);
  EXPECT_EQ(sle.count("NCT07193810"), 1u);
  EXPECT_EQ(SearchParams({{"query.cond", "systemic lupus erythematosus"}}), sle);
  const Ids scleroderma = SearchParams({{"query.cond", "scleroderma"}});
  EXPECT_EQ(scleroderma.count("NCT07038447"), 1u);  // says "Systemic Sclerosis"
  EXPECT_EQ(scleroderma, SearchParams({{"query.cond", "SSc"}}));
  const Ids myositis = SearchParams({{"query.cond", "myositis"}});
  EXPECT_EQ(myositis.count("NCT07038447"), 1u);  // "Idiopathic Inflammatory Myopathy"
  EXPECT_EQ(myositis.count("NCT07193810"), 1u);
  const Ids car_t = SearchParams({{"query.term", "chimeric antigen receptor T cells"}});
  EXPECT_EQ(car_t.count("NCT07038447"), 1u);  // CAR T in the description
  const Ids nsclc = SearchParams({{"query.cond", "NSCLC"}});
  EXPECT_GE(nsclc.size(), 95u);
  EXPECT_EQ(nsclc, SearchParams({{"query.cond", "non-small cell lung cancer"}}));
  // MeSH ancestors: lupus trials are autoimmune disease trials.
  EXPECT_EQ(SearchParams({{"query.cond", "autoimmune disease"}}).count("NCT05843643"), 1u);
  // "all" in lower case is a word, not acute lymphoblastic leukemia.
  EXPECT_LT(SearchParams({{"query.term", "all"}}).size(),
            SearchParams({{"query.term", "ALL"}}).size() + 782);
}

// Concept terms stand in for a synonym group of phrases, so they must match
// the same documents: every document with a name of the group as a phrase
// in the field, except that capitals-only names ("ALL") count only where
// the document writes them in capitals.
TEST_F(SearchIndexTest, ConceptTermsMatchTheSynonymPhrases) {
  Xapian::Database database(IndexPath(dir_->path() / "db").string());
  auto documents = [&](const Xapian::Query& query) {
    Xapian::Enquire enquire(database);
    enquire.set_query(query);
    Ids ids;
    const Xapian::MSet matches = enquire.get_mset(0, database.get_doccount());
    for (auto match = matches.begin(); match != matches.end(); ++match)
      ids.insert(match.get_document().get_data());
    return ids;
  };
  auto includes = [](const Ids& outer, const Ids& inner) {
    return std::includes(outer.begin(), outer.end(), inner.begin(), inner.end());
  };
  const ConceptTable& concepts = ConceptTable::Builtin();
  int groups_found = 0;
  for (const char* prefix : {index_schema::kConditionField, index_schema::kInterventionField}) {
    for (std::size_t group = 0; group < concepts.size(); ++group) {
      const Ids by_term = documents(Xapian::Query(index_schema::ConceptTerm(prefix, group)));
      Ids by_any_name;
      for (std::size_t member = 0; member < concepts.Names(group).size(); ++member) {
        std::vector<Xapian::Query> words;
        for (const std::string& word : concepts.Names(group)[member])
          words.emplace_back(prefix + word);
        const Ids by_name = documents(
            Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end(), words.size()));
        if (!concepts.CapitalsOnly(group, member)) {
          EXPECT_TRUE(includes(by_term, by_name))
              << prefix << " group " << group << " member " << member;
        }
        by_any_name.insert(by_name.begin(), by_name.end());
      }
      EXPECT_TRUE(includes(by_any_name, by_term)) << prefix << " group " << group;
      groups_found += !by_term.empty();
    }
  }
  EXPECT_GE(groups_found, 40);  // the sample names many of the concepts
  // Lower-case "all" (a common word in titles) is not acute lymphoblastic leukemia.
  const Ids all_word = documents(Xapian::Query("XCall"));
  Ids acute_lymphoblastic = SearchParams({{"query.cond", "ALL"}});
  for (const std::string& id : all_word) {
    if (acute_lymphoblastic.count(id) == 0)
      return;  // found one that the word alone would have matched
  }
  ADD_FAILURE() << "every study with the word 'all' matched query.cond=ALL";
}

TEST_F(SearchIndexTest, MisspeltWordsAreCorrected) {
  Result<SearchQuery> query = ParseSearchParameters({{"query.cond", "lupis"}});
  Result<SearchResult> result = index_->Search(*query);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->corrected_query, "lupus");
  bool found = false;
  for (const auto& hit : result->hits) found |= hit.nct_id == "NCT07038447";
  EXPECT_TRUE(found);
}

TEST_F(SearchIndexTest, TextIsNotXapianSyntax) {
  // Characters Xapian's parser would treat specially are plain text here.
  for (const char* text :
       {"lupus AND", "(lupus", "lupus*", "-lupus", "title:lupus", "lupus NEAR nephritis",
        "\"unclosed", "+", "AND OR NOT", "))((", "lupus\x01"}) {
    Result<SearchQuery> query = ParseSearchParameters({{"query.term", text}});
    ASSERT_TRUE(query.ok());
    Result<SearchResult> result = index_->Search(*query);
    EXPECT_TRUE(result.ok()) << text << ": " << result.status().message();
  }
  // "-lupus" does not exclude lupus trials; "title:" is not a field.
  EXPECT_EQ(SearchParams({{"query.term", "-lupus"}}).count("NCT07038447"), 1u);
  EXPECT_EQ(SearchParams({{"query.term", "title:lupus"}}),
            SearchParams({{"query.term", "title lupus"}}));
  // The syntax ClinicalTrials.gov documents does work.
  const Ids either = SearchParams({{"query.cond", "lupus OR NSCLC"}});
  EXPECT_GE(either.size(), SearchParams({{"query.cond", "NSCLC"}}).size() + 3);
  const Ids phrase = SearchParams({{"query.titles", "\"KITE-363\""}});
  EXPECT_EQ(phrase, Ids{"NCT07038447"});
  const Ids lupus = SearchParams({{"query.cond", "lupus"}});
  const Ids not_nephritis = SearchParams({{"query.cond", "lupus NOT nephritis"}});
  EXPECT_LT(not_nephritis.size(), lupus.size());
  EXPECT_EQ(not_nephritis.count("NCT07038447"), 0u);  // it lists Lupus Nephritis
  EXPECT_EQ(SearchParams({{"query.cond", "(lupus OR scleroderma) AND nephritis"}}),
            SearchParams({{"query.cond", "lupus nephritis"}}));
}

TEST_F(SearchIndexTest, EmptyResultIsAnEmptyList) {
  Result<SearchQuery> query = ParseSearchParameters({{"query.cond", "zzqxv wqzzy"}});
  Result<SearchResult> result = index_->Search(*query);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->total, 0);
  EXPECT_TRUE(result->hits.empty());
  EXPECT_TRUE(result->next_page_token.empty());
}

TEST_F(SearchIndexTest, FacetsCountTheMatches) {
  Result<SearchQuery> query =
      ParseSearchParameters({{"query.cond", "leukemia"}, {"facets", "true"}});
  Result<SearchResult> result = index_->Search(*query);
  ASSERT_TRUE(result.ok());
  const Ids matches = SearchParams({{"query.cond", "leukemia"}});
  std::map<std::string, std::int64_t> expected_status;
  std::map<std::string, std::int64_t> expected_phase;
  for (const Study& s : *studies_) {
    if (!matches.count(s.nct_id())) continue;
    if (!s.protocol.status.overall_status.empty())
      ++expected_status[s.protocol.status.overall_status];
    for (const auto& phase : s.protocol.design.phases) ++expected_phase[phase];
  }
  std::set<std::string> names;
  for (const Facet& facet : result->facets) {
    names.insert(facet.name);
    std::map<std::string, std::int64_t> counted;
    for (const auto& value : facet.values) counted[value.value] = value.count;
    if (facet.name == "overallStatus") {
      EXPECT_EQ(counted, expected_status);
    }
    if (facet.name == "phase") {
      EXPECT_EQ(counted, expected_phase);
    }
  }
  for (const char* name :
       {"overallStatus", "phase", "studyType", "sex", "stdAge", "country", "interventionType"}) {
    EXPECT_EQ(names.count(name), 1u) << name;
  }
  EXPECT_EQ(result->total, static_cast<std::int64_t>(matches.size()));
  EXPECT_TRUE(result->total_is_exact);
}

TEST_F(SearchIndexTest, FacetsOfLargeResultsAreScaledFromASample) {
  Result<SearchQuery> query = ParseSearchParameters({{"facets", "true"}});
  ASSERT_TRUE(query.ok());
  query->facet_sample = 50;
  Result<SearchResult> sampled = index_->Search(*query);
  ASSERT_TRUE(sampled.ok());
  EXPECT_FALSE(sampled->facets_exact);
  ASSERT_GT(studies_->size(), 200u);
  // Every study has exactly one study type, so the scaled counts add up to
  // about the (estimated) total, and no count is below one.
  std::int64_t study_types = 0;
  for (const Facet& facet : sampled->facets) {
    for (const FacetValue& value : facet.values) {
      EXPECT_GE(value.count, 1) << facet.name << "=" << value.value;
      if (facet.name == "studyType") study_types += value.count;
    }
  }
  EXPECT_NEAR(static_cast<double>(study_types), static_cast<double>(sampled->total),
              0.05 * static_cast<double>(sampled->total));

  // countTotal sees every match, so the counts are exact again.
  query->exact_total = true;
  Result<SearchResult> exact = index_->Search(*query);
  ASSERT_TRUE(exact.ok());
  EXPECT_TRUE(exact->facets_exact);
  std::map<std::string, std::int64_t> expected_type;
  for (const Study& s : *studies_) ++expected_type[s.protocol.design.study_type];
  for (const Facet& facet : exact->facets) {
    if (facet.name != "studyType") continue;
    std::map<std::string, std::int64_t> counted;
    for (const auto& value : facet.values) counted[value.value] = value.count;
    expected_type.erase("");
    EXPECT_EQ(counted, expected_type);
  }
}

TEST_F(SearchIndexTest, SortsByDatesAndEnrollment) {
  Result<SearchQuery> query =
      ParseSearchParameters({{"sort", "LastUpdatePostDate:desc"}, {"pageSize", "100"}});
  Result<SearchResult> result = index_->Search(*query);
  ASSERT_TRUE(result.ok());
  std::map<std::string, std::string> updated;
  std::map<std::string, std::int64_t> enrollment;
  for (const Study& s : *studies_) {
    const auto& status = s.protocol.status;
    updated[s.nct_id()] = status.last_update_post_date.date.empty()
                              ? status.last_update_submit_date
                              : status.last_update_post_date.date;
    enrollment[s.nct_id()] = s.protocol.design.enrollment_info.count.value_or(-1);
  }
  for (std::size_t i = 1; i < result->hits.size(); ++i) {
    EXPECT_GE(updated[result->hits[i - 1].nct_id], updated[result->hits[i].nct_id]);
  }
  query = ParseSearchParameters({{"sort", "EnrollmentCount:asc"}, {"pageSize", "1000"}});
  result = index_->Search(*query);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->hits.size(), 782u);
  std::int64_t previous = -1;
  bool seen_missing = false;
  for (const auto& hit : result->hits) {
    const std::int64_t count = enrollment[hit.nct_id];
    if (count < 0) {
      seen_missing = true;  // studies without a count come last
      continue;
    }
    EXPECT_FALSE(seen_missing) << hit.nct_id;
    EXPECT_GE(count, previous);
    previous = count;
  }
}

TEST_F(SearchIndexTest, PagesCoverEverythingOnceAndTokensBelongToTheirQuery) {
  SearchQuery query;
  query.overall_status = {"RECRUITING"};
  const Ids paged = Search(query, 7);
  EXPECT_EQ(paged, Search(query, 1000));
  query.page_size = 7;
  Result<SearchResult> first = index_->Search(query);
  ASSERT_TRUE(first.ok());
  SearchQuery other;
  other.overall_status = {"COMPLETED"};
  other.page_token = first->next_page_token;
  Result<SearchResult> mismatch = index_->Search(other);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_NE(mismatch.status().message().find("pageToken"), std::string::npos);
  other.page_token = "garbage";
  EXPECT_FALSE(index_->Search(other).ok());
}

TEST_F(SearchIndexTest, RelatedTrialsShareConditionsAndInterventions) {
  Result<std::vector<SearchHit>> related = index_->Related("NCT07038447", 10);
  ASSERT_TRUE(related.ok()) << related.status().message();
  Ids ids;
  for (const auto& hit : *related) ids.insert(hit.nct_id);
  EXPECT_EQ(ids.count("NCT07038447"), 0u);
  // The CC312 studies treat the same refractory autoimmune diseases.
  EXPECT_TRUE(ids.count("NCT07193810") || ids.count("NCT06888960"));
  EXPECT_EQ(related->front().nct_id, "NCT07193810");
  Result<std::vector<SearchHit>> missing = index_->Related("NCT99999999", 5);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace trialfinder

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

// A study's length is mostly its description: it must not lower the rank
// of a condition it names among its conditions, but does lower the rank of
// a search of all text, where a long record's many words match by chance.
TEST(RankingTest, FieldSearchesIgnoreDescriptionLength) {
  testing::TempDir dir;
  const std::filesystem::path db = dir.path() / "db";
  auto store = std::move(StudyStore::Open(db)).value();
  auto study = [](const std::string& id, const std::string& condition, const std::string& summary) {
    Result<Study> parsed = ParseStudyJson(
        R"({"protocolSection": {"identificationModule": {"nctId": ")" + id +
        R"(", "briefTitle": "Hydroxychloroquine in adults"}, "descriptionModule": {"briefSummary": ")" +
        summary + R"("}, "conditionsModule": {"conditions": [")" + condition + R"("]}}})");
    EXPECT_TRUE(parsed.ok()) << parsed.status().message();
    return *parsed;
  };
  std::string long_summary = "A study of lupus.";
  for (int i = 0; i < 200; ++i)
    long_summary += " Participants visit the clinic every month for blood tests.";
  ASSERT_TRUE(store->Upsert(study("NCT00000001", "Lupus", "A study of lupus."), "test").ok());
  ASSERT_TRUE(store->Upsert(study("NCT00000002", "Lupus", long_summary), "test").ok());
  ASSERT_TRUE(
      store->Upsert(study("NCT00000003", "Gout", "Another condition entirely."), "test").ok());
  ASSERT_TRUE(RebuildIndex(*store, IndexPath(db)).ok());
  auto index = std::move(SearchIndex::Open(IndexPath(db))).value();
  auto relevances = [&](const std::string& name, const std::string& value) {
    std::map<std::string, double> found;
    Result<SearchResult> result = index->Search(*ParseSearchParameters({{name, value}}));
    EXPECT_TRUE(result.ok()) << result.status().message();
    for (const SearchHit& hit : result->hits) {
      found[hit.nct_id] = hit.relevance;
    }
    return found;
  };
  std::map<std::string, double> condition = relevances("query.cond", "lupus");
  ASSERT_EQ(condition.size(), 2u);
  EXPECT_DOUBLE_EQ(condition["NCT00000001"], condition["NCT00000002"]);
  std::map<std::string, double> text = relevances("query.term", "lupus");
  ASSERT_EQ(text.size(), 2u);
  EXPECT_GT(text["NCT00000001"], text["NCT00000002"]);
}

// Outcome text is indexed once, under its field, and is still part of all
// text: query.term finds its words, weighs them with the rest of the
// study's text, does not "correct" them, and relevance feedback offers
// them as words of all text.
TEST(AllTextTest, OutcomeTextIsPartOfAllText) {
  testing::TempDir dir;
  const std::filesystem::path db = dir.path() / "db";
  auto store = std::move(StudyStore::Open(db)).value();
  auto add = [&](const std::string& id, const std::string& title, const std::string& summary,
                 const std::string& outcome) {
    Result<Study> parsed = ParseStudyJson(
        R"({"protocolSection": {"identificationModule": {"nctId": ")" + id +
        R"(", "briefTitle": ")" + title + R"("}, "descriptionModule": {"briefSummary": ")" +
        summary + R"("}, "conditionsModule": {"conditions": ["Lupus"]},
        "sponsorCollaboratorsModule": {"leadSponsor": {"name": "University of Testing"}},
        "outcomesModule": {"primaryOutcomes": [{"measure": ")" +
        outcome + R"("}]}}})");
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    ASSERT_TRUE(store->Upsert(*parsed, "test").ok());
  };
  add("NCT00000001", "A lupus study", "Adults with lupus.", "Glucoxylan clearance at week 12");
  add("NCT00000002", "Another lupus study", "Adults with lupus and quinterol levels.",
      "Change in pain");
  add("NCT00000003", "A third lupus study", "Adults with lupus and quinterol levels.",
      "Quinterol levels at week 12");
  add("NCT00000004", "Glucoxylin therapy in lupus", "Adults with lupus.", "Change in pain");
  ASSERT_TRUE(RebuildIndex(*store, IndexPath(db)).ok());
  auto index = std::move(SearchIndex::Open(IndexPath(db))).value();
  auto search = [&](const std::string& name, const std::string& value) {
    Result<SearchResult> result = index->Search(*ParseSearchParameters({{name, value}}));
    EXPECT_TRUE(result.ok()) << result.status().message();
    return result.ok() ? *result : SearchResult();
  };
  auto relevances = [](const SearchResult& result) {
    std::map<std::string, double> found;
    for (const SearchHit& hit : result.hits) found[hit.nct_id] = hit.relevance;
    return found;
  };
  // A word only in outcome text.
  EXPECT_EQ(relevances(search("query.term", "glucoxylan")).size(), 1u);
  EXPECT_EQ(relevances(search("query.term", "glucoxylan")).count("NCT00000001"), 1u);
  EXPECT_EQ(relevances(search("query.outc", "glucoxylan")).count("NCT00000001"), 1u);
  // A word in the summary alone, and in both summary and outcome: the
  // second counts twice, as one term of all text would.
  std::map<std::string, double> both = relevances(search("query.term", "quinterol"));
  ASSERT_EQ(both.size(), 2u);
  EXPECT_GT(both["NCT00000003"], both["NCT00000002"]);
  EXPECT_EQ(relevances(search("query.outc", "quinterol")).size(), 1u);
  // Spelling fixes leave outcome words alone ("glucoxylin" is a title word).
  SearchResult fixed = search("query.term", "glucoxylan lupis");
  EXPECT_EQ(fixed.corrected_query, "glucoxylan lupus");
  EXPECT_EQ(relevances(fixed).count("NCT00000001"), 1u);
  // All text leaves stopwords out of the index; queries leave them out too,
  // also from phrases in the outcome field. The title field keeps them.
  EXPECT_EQ(relevances(search("query.outc", "\"clearance at week 12\"")).count("NCT00000001"), 1u);
  EXPECT_EQ(relevances(search("query.term", "the")).size(), 4u);
  EXPECT_EQ(relevances(search("query.titles", "\"a lupus study\"")).count("NCT00000001"), 1u);
  // Sponsors too are words without positions or stopwords.
  EXPECT_EQ(relevances(search("query.spons", "\"university of testing\"")).size(), 4u);
  EXPECT_EQ(relevances(search("query.lead", "\"university of testing\"")).size(), 4u);
  {
    Xapian::Database database(IndexPath(db).string());
    EXPECT_EQ(database.get_termfreq("with"), 0u);
    EXPECT_EQ(database.get_termfreq("XOat"), 0u);
    EXPECT_EQ(database.get_termfreq("XSof"), 0u);
    const std::string university = "XS" + StemWord("university");
    EXPECT_EQ(database.get_termfreq(university), 4u);
    EXPECT_EQ(database.positionlist_begin(1, university), database.positionlist_end(1, university));
    EXPECT_EQ(database.get_termfreq("Sa"), 2u);  // "A lupus study", "A third ..."
  }
  // Feedback offers the outcome word as a word of all text.
  Result<std::vector<std::string>> words = index->FeedbackTerms({"NCT00000001"}, 20);
  ASSERT_TRUE(words.ok()) << words.status().message();
  EXPECT_TRUE(std::find(words->begin(), words->end(), StemWord("glucoxylan")) != words->end());
  for (const std::string& word : *words) {
    EXPECT_TRUE(std::islower(static_cast<unsigned char>(word[0]))) << word;
    EXPECT_EQ(std::count(words->begin(), words->end(), word), 1) << word;
  }
}

// Stopwords are not indexed in all text, but still count towards the
// document's length, which BM25 normalises by: leaving them out would
// change every all-text ranking (the matcher's NDCG@10 on bench-dev fell
// from 0.19 to 0.17 when they did not count).
TEST(AllTextTest, StopwordsStillCountTowardsDocumentLength) {
  testing::TempDir dir;
  const std::filesystem::path db = dir.path() / "db";
  auto store = std::move(StudyStore::Open(db)).value();
  for (const auto& [id, summary] : {std::pair{"NCT00000001", "Adults lupus kidneys"},
                                    std::pair{"NCT00000002", "Adults with lupus of the kidneys"}}) {
    Result<Study> parsed =
        ParseStudyJson(std::string(R"({"protocolSection": {"identificationModule": {"nctId": ")") +
                       id + R"("}, "descriptionModule": {"briefSummary": ")" + summary + R"("}}})");
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    ASSERT_TRUE(store->Upsert(*parsed, "test").ok());
  }
  ASSERT_TRUE(RebuildIndex(*store, IndexPath(db)).ok());
  Xapian::Database database(IndexPath(db).string());
  auto length = [&](const std::string& id) {
    return database.get_doclength(*database.postlist_begin(NctIdTerm(id)));
  };
  // "with", "of", "the" at the summary's weight of 1 each.
  EXPECT_EQ(length("NCT00000002"), length("NCT00000001") + 3);
  EXPECT_EQ(database.get_termfreq("the"), 0u);
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
  const auto sample = std::filesystem::path(TRIALFINDER_SOURCE_DIR) / "data" / "sample";
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

// The registry's names (for the criteria lexicon) are every distinct drug
// and condition name of the indexed studies, and only boolean terms: they
// change no document's length, so no ranking.
TEST_F(SearchIndexTest, RegistryNamesAreEveryStudysNames) {
  Result<StudyNames> names = index_->RegistryNames();
  ASSERT_TRUE(names.ok()) << names.status().message();
  std::set<std::string> drugs(names->drugs.begin(), names->drugs.end());
  std::set<std::string> conditions(names->conditions.begin(), names->conditions.end());
  EXPECT_EQ(drugs.size(), names->drugs.size());  // distinct
  std::set<std::string> expected_drugs;
  std::set<std::string> expected_conditions;
  for (const Study& study : *studies_) {
    const StudyNames own = NamesOf(study);
    for (const std::string& name : own.drugs) {
      if (!name.empty() && name.size() <= 230) expected_drugs.insert(name);
    }
    for (const std::string& name : own.conditions) {
      if (!name.empty() && name.size() <= 230) expected_conditions.insert(name);
    }
  }
  EXPECT_EQ(drugs, expected_drugs);
  EXPECT_EQ(conditions, expected_conditions);
  EXPECT_TRUE(drugs.count("CC312") || drugs.count("Rituximab")) << drugs.size();
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
