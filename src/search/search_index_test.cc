// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Queries over the whole bundled sample: concepts and synonyms, spelling,
// the query syntax, related trials and the registry's names; then ranking
// and what all text holds, over small stores of their own. Filters, facets,
// sorting and paging are in search_filters_test.cc, the index's upkeep in
// index_builder_test.cc.

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "search/index_schema.h"
#include "search/search_test_fixture.h"
#include "search/study_document.h"
#include "tests/test_support.h"
#include "text/ascii_case.h"
#include "text/concepts.h"
#include "text/words.h"
#include "trialfinder/index.h"
#include "trialfinder/ingester.h"
#include "trialfinder/search.h"
#include "trialfinder/store.h"
#include "trialfinder/study_json.h"

namespace trialfinder {

void SearchIndexTest::SetUpTestSuite() {
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

namespace {

TEST_F(SearchIndexTest, IndexesEveryStudy) {
  EXPECT_EQ(index_->DocumentCount(), 782);
  EXPECT_EQ(Search(SearchQuery{}).size(), 782u);
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
// the document writes them in capitals, and none right after "non".
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
        // Right after "non" a name is none ("non-Hodgkin lymphoma"): those
        // documents may lack the term.
        std::vector<Xapian::Query> after_non = {Xapian::Query(prefix + std::string("non"))};
        after_non.insert(after_non.end(), words.begin(), words.end());
        const Ids by_non_name = documents(Xapian::Query(Xapian::Query::OP_PHRASE, after_non.begin(),
                                                        after_non.end(), after_non.size()));
        Ids plain_name;
        std::set_difference(by_name.begin(), by_name.end(), by_non_name.begin(), by_non_name.end(),
                            std::inserter(plain_name, plain_name.begin()));
        if (!concepts.CapitalsOnly(group, member)) {
          EXPECT_TRUE(includes(by_term, plain_name))
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

// Real words are not "corrected" into other words: a word the study text
// has (nausea is in 40 of the sample's records, never as a condition), a
// concept name, a short word, or one whose nearest indexed word is further
// than a typo ("cough" -> "coach", "angina" -> "aging") or differs in its
// first letter ("croup" -> "group"). Typos still are, and a British
// spelling the field lacks becomes American.
TEST_F(SearchIndexTest, RealWordsAreNotCorrected) {
  for (const char* word :
       {"nausea", "cough", "angina", "shingles", "gout", "itching", "croup", "bunion"}) {
    Result<SearchResult> result = index_->Search(*ParseSearchParameters({{"query.about", word}}));
    ASSERT_TRUE(result.ok()) << word;
    EXPECT_EQ(result->corrected_query, "") << word;
  }
  for (const auto& [typed, meant] : {std::pair<const char*, const char*>{"diabetis", "diabetes"},
                                     {"schizophernia", "schizophrenia"},
                                     {"artheritis", "arthritis"},
                                     {"anaemia", "anemia"}}) {
    Result<SearchResult> result = index_->Search(*ParseSearchParameters({{"query.about", typed}}));
    ASSERT_TRUE(result.ok()) << typed;
    EXPECT_EQ(result->corrected_query, meant) << typed;
  }
}

// A typo that shares its stem with another word of the conditions is
// corrected although it finds that other word's trials: "migrane" stems as
// "Migrans" (Erythema Migrans, a Lyme disease rash) does. The other word
// itself, spelt right, is left alone.
TEST_F(SearchIndexTest, ATypoFoundOnlyThroughAnotherWordIsCorrected) {
  for (const char* parameter : {"query.about", "query.cond"}) {
    Result<SearchResult> typo = index_->Search(*ParseSearchParameters({{parameter, "migrane"}}));
    ASSERT_TRUE(typo.ok()) << parameter;
    EXPECT_EQ(typo->corrected_query, "migraine") << parameter;
    ASSERT_FALSE(typo->hits.empty()) << parameter;
    for (const SearchHit& hit : typo->hits) EXPECT_NE(hit.nct_id, "NCT02147249") << parameter;
    Result<SearchResult> right = index_->Search(*ParseSearchParameters({{parameter, "migrans"}}));
    ASSERT_TRUE(right.ok()) << parameter;
    EXPECT_EQ(right->corrected_query, "") << parameter;
    ASSERT_EQ(right->hits.size(), 1u) << parameter;
    EXPECT_EQ(right->hits.front().nct_id, "NCT02147249") << parameter;
  }
}

// A brand name typed alone finds the trials of its generic (drugs.tsv).
TEST_F(SearchIndexTest, ABrandNameFindsItsGeneric) {
  for (const char* parameter : {"query.intr", "query.about"}) {
    const Ids generic = SearchParams({{parameter, "pembrolizumab"}});
    ASSERT_FALSE(generic.empty()) << parameter;
    EXPECT_EQ(SearchParams({{parameter, "Keytruda"}}), generic) << parameter;
  }
}

// A real word the index lacks, near an indexed one, is not searched
// instead: "beast cancer" is not searched as "breast cancer", which is
// offered; "polio" (no sample study has it) is not "polo", which is not
// even offered, as it is no medical word (SpellingDictionary).
TEST_F(SearchIndexTest, RealWordsTheIndexLacksAreOfferedNotApplied) {
  for (const auto& [typed, offered] :
       {std::pair<const char*, const char*>{"polio", ""}, {"beast cancer", "breast cancer"}}) {
    Result<SearchResult> result = index_->Search(*ParseSearchParameters({{"query.about", typed}}));
    ASSERT_TRUE(result.ok()) << typed;
    EXPECT_EQ(result->corrected_query, "") << typed;
    EXPECT_EQ(result->suggested_query, offered) << typed;
    EXPECT_EQ(result->total, 0) << typed;
  }
  Result<SearchResult> typo = index_->Search(*ParseSearchParameters({{"query.about", "lupis"}}));
  ASSERT_TRUE(typo.ok());
  EXPECT_EQ(typo->corrected_query, "lupus");
  EXPECT_EQ(typo->suggested_query, "");
}

// An abbreviation in a title, keyword or intervention name is its concept
// only when the record also names that concept in full or lists the
// abbreviation as a condition (user test of the search box): "ASD" in a
// spine trial is adjacent segment disease, "RSVPreF3 OA" is a vaccine for
// older adults, "MI Varnish" is for teeth. Conditions listed as "NSCLC"
// alone stay lung cancer trials.
TEST_F(SearchIndexTest, AbbreviationsNeedTheRecordToMeanThem) {
  const std::pair<const char*, const char*> unrelated[] = {
      {"autism", "NCT04623593"}, {"arthritis", "NCT05921903"}, {"heart attack", "NCT03446690"}};
  for (const auto& [query, nct_id] : unrelated) {
    EXPECT_EQ(SearchParams({{"query.about", query}}).count(nct_id), 0u) << query;
    EXPECT_EQ(SearchParams({{"query.cond", query}}).count(nct_id), 0u) << query;
  }
  EXPECT_EQ(SearchParams({{"query.about", "autism"}}).count("NCT04326231"), 1u);
  for (const char* query : {"NSCLC", "non-small cell lung cancer", "lung cancer"})
    EXPECT_EQ(SearchParams({{"query.cond", query}}).count("NCT05994131"), 1u) << query;
}

// A condition written as MeSH writes it finds what its usual name finds.
TEST_F(SearchIndexTest, MeshOrderQueriesFindTheConcept) {
  SearchQuery inverted;
  inverted.cond = "leukemia, myeloid, acute";
  SearchQuery usual;
  usual.cond = "acute myeloid leukemia";
  const Ids found = Search(inverted);
  EXPECT_GT(found.size(), 40u);
  EXPECT_EQ(found, Search(usual));
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

// Issue 27: a broad name finds the narrower kinds (concepts.txt links);
// a narrow one finds a trial of its ">>" category, ranked lower, and not
// one of a wide category (">"), whose trials are often of other kinds.
TEST_F(SearchIndexTest, BroaderNamesFindNarrowerKinds) {
  const Ids blood_cancer = SearchParams({{"query.cond", "blood cancer"}});
  const Ids cll = SearchParams({{"query.cond", "CLL"}});
  const Ids aml = SearchParams({{"query.cond", "acute myeloid leukemia"}});
  ASSERT_FALSE(cll.empty());
  EXPECT_TRUE(std::includes(blood_cancer.begin(), blood_cancer.end(), cll.begin(), cll.end()));
  EXPECT_TRUE(std::includes(blood_cancer.begin(), blood_cancer.end(), aml.begin(), aml.end()));
  const Ids leukemia_only = Where([](const Study& s) {
    const auto& conditions = s.protocol.conditions.conditions;
    const std::string titles = AsciiLowercase(s.protocol.identification.brief_title + " " +
                                              s.protocol.identification.official_title);
    return conditions.size() == 1 &&
           (conditions[0] == "Leukemia" || conditions[0] == "Leukaemia") &&
           s.protocol.conditions.keywords.empty() && titles.find("cll") == std::string::npos &&
           titles.find("chronic lymph") == std::string::npos;
  });
  ASSERT_FALSE(leukemia_only.empty());
  for (const std::string& id : leukemia_only) EXPECT_EQ(cll.count(id), 0u) << id;
  // Trials of "Acute Leukemia" alone are found for AML, after every trial
  // that names AML itself.
  Result<SearchQuery> query = ParseSearchParameters({{"query.cond", "AML"}, {"pageSize", "1000"}});
  ASSERT_TRUE(query.ok());
  Result<SearchResult> ranked = index_->Search(*query);
  ASSERT_TRUE(ranked.ok());
  std::size_t first_generic = ranked->hits.size();
  std::size_t last_named = 0;
  for (std::size_t rank = 0; rank < ranked->hits.size(); ++rank) {
    const std::string& id = ranked->hits[rank].nct_id;
    const Study& study = *std::find_if(studies_->begin(), studies_->end(),
                                       [&](const Study& s) { return s.nct_id() == id; });
    const auto& conditions = study.protocol.conditions.conditions;
    if (conditions.size() == 1 && conditions[0] == "Acute Leukemia")
      first_generic = std::min(first_generic, rank);
    for (const std::string& condition : conditions) {
      if (condition.find("Myeloid") != std::string::npos && rank < 5) last_named = rank;
    }
  }
  EXPECT_LT(first_generic, ranked->hits.size()) << "no 'Acute Leukemia' trial found for AML";
  EXPECT_LT(last_named, first_generic);
}

// A patient's condition as relevance text finds the studies of a category
// that usually takes it ("dementia >> Alzheimer disease"): a dementia
// trial is a candidate for an Alzheimer's patient (fourth user test).
TEST_F(SearchIndexTest, RelevanceTextsFindTheCategoriesThatTakeIt) {
  const Ids dementia_only = Where([](const Study& s) {
    std::string text = s.protocol.identification.brief_title + " " +
                       s.protocol.identification.official_title + " " +
                       s.protocol.description.brief_summary;
    for (const std::string& c : s.protocol.conditions.conditions) text += " " + c;
    text = AsciiLowercase(text);
    return text.find("dementia") != std::string::npos &&
           text.find("alzheimer") == std::string::npos;
  });
  ASSERT_FALSE(dementia_only.empty());
  SearchQuery query;
  query.relevance_texts = {{"alzheimer disease", 3.0}};
  query.page_size = 1000;
  Result<SearchResult> found = index_->Search(query);
  ASSERT_TRUE(found.ok());
  std::size_t hit = 0;
  for (const SearchHit& h : found->hits) hit += dementia_only.count(h.nct_id);
  EXPECT_GT(hit, 0u);
}

// Named studies are all found, whatever the patient's words: those rank,
// they do not choose (user test: a match with filter.ids judged nothing).
TEST_F(SearchIndexTest, NamedStudiesAreFoundWhateverTheRelevanceWords) {
  SearchQuery query;
  query.ids = {"NCT07193810"};
  query.relevance_texts = {{"zzqxv wqzzy", 3.0}};
  Result<SearchResult> found = index_->Search(query);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->hits.size(), 1u);
  EXPECT_EQ(found->hits[0].nct_id, "NCT07193810");
  // Without named studies, the words still choose.
  query.ids.clear();
  found = index_->Search(query);
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->hits.empty());
}

TEST_F(SearchIndexTest, EmptyResultIsAnEmptyList) {
  Result<SearchQuery> query = ParseSearchParameters({{"query.cond", "zzqxv wqzzy"}});
  Result<SearchResult> result = index_->Search(*query);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->total, 0);
  EXPECT_TRUE(result->hits.empty());
  EXPECT_TRUE(result->next_page_token.empty());
}

// Field searches ignore document length, so equal weights are common. On
// the search page (query.about) ties go to open studies first, then to the
// most recently updated record, not to document IDs, which a rebuild on
// several threads assigns in no fixed order.
TEST_F(SearchIndexTest, RelevanceTiesGoToOpenStudiesThenTheLatestUpdate) {
  std::map<std::string, std::string> updated;  // "1" or "0" (open), then the date
  for (const Study& study : *studies_) {
    const StatusModule& status = study.protocol.status;
    updated[study.nct_id()] =
        std::string(IsOpenStatus(status.overall_status) ? "1" : "0") +
        (status.last_update_post_date.date.empty() ? status.last_update_submit_date
                                                   : status.last_update_post_date.date);
  }
  int ties = 0;
  for (const char* words : {"kidney disease", "cancer", "leukemia", "diabetes"}) {
    Result<SearchQuery> query =
        ParseSearchParameters({{"query.about", words}, {"pageSize", "200"}});
    ASSERT_TRUE(query.ok());
    Result<SearchResult> result = index_->Search(*query);
    ASSERT_TRUE(result.ok()) << result.status().message();
    for (std::size_t i = 1; i < result->hits.size(); ++i) {
      const SearchHit& before = result->hits[i - 1];
      const SearchHit& after = result->hits[i];
      if (before.relevance != after.relevance) continue;
      ++ties;
      EXPECT_GE(updated[before.nct_id], updated[after.nct_id])
          << words << ": " << before.nct_id << " before " << after.nct_id;
    }
  }
  EXPECT_GT(ties, 10);  // the searches do tie
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
  // Issue 27: the page shows 5. Both CC312 studies are among them; the
  // pregnancy registry (an observational study of other autoimmune
  // patients) is not.
  Result<std::vector<SearchHit>> five = index_->Related("NCT07038447", 5);
  ASSERT_TRUE(five.ok());
  Ids top;
  for (const auto& hit : *five) top.insert(hit.nct_id);
  EXPECT_TRUE(top.count("NCT07193810") && top.count("NCT06888960"));
  EXPECT_EQ(top.count("NCT00513591"), 0u);
  // Trials sharing a condition come before those sharing only words: the
  // lupus trial's list has no degenerative-disc trial.
  Result<std::vector<SearchHit>> lupus = index_->Related("NCT05843643", 5);
  ASSERT_TRUE(lupus.ok());
  for (const auto& hit : *lupus) EXPECT_NE(hit.nct_id, "NCT06325566");
  Result<std::vector<SearchHit>> missing = index_->Related("NCT99999999", 5);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
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

// query.about finds what a study is about. A drug class among its
// interventions' MeSH ancestors ("Central Nervous System Depressants",
// "Anti-Obesity Agents") names what the drug acts on, not the study's
// subject; query.intr still searches it, as InterventionSearch does.
TEST(AboutTest, DrugClassesAreNotWhatAStudyIsAbout) {
  testing::TempDir dir;
  const std::filesystem::path db = dir.path() / "db";
  auto store = std::move(StudyStore::Open(db)).value();
  auto add = [&](const std::string& id, const std::string& condition, const std::string& drug,
                 const std::string& drug_class) {
    Result<Study> parsed = ParseStudyJson(
        R"({"protocolSection": {"identificationModule": {"nctId": ")" + id +
        R"(", "briefTitle": "A study"}, "conditionsModule": {"conditions": [")" + condition +
        R"("]}, "armsInterventionsModule": {"interventions": [{"type": "DRUG", "name": ")" + drug +
        R"("}]}}, "derivedSection": {"interventionBrowseModule": {"ancestors": [{"id": "D1", "term": ")" +
        drug_class + R"("}]}}})");
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    ASSERT_TRUE(store->Upsert(*parsed, "test").ok());
  };
  add("NCT00000001", "Depression", "Sertraline", "Antidepressive Agents");
  add("NCT00000002", "Postoperative Pain", "Clonidine", "Central Nervous System Depressants");
  add("NCT00000003", "Insomnia", "Zopiclone", "Central Nervous System Depressants");
  ASSERT_TRUE(RebuildIndex(*store, IndexPath(db)).ok());
  auto index = std::move(SearchIndex::Open(IndexPath(db))).value();
  auto ids = [&](const std::string& name, const std::string& value) {
    std::set<std::string> found;
    Result<SearchResult> result = index->Search(*ParseSearchParameters({{name, value}}));
    EXPECT_TRUE(result.ok()) << result.status().message();
    if (result.ok()) {
      for (const SearchHit& hit : result->hits) found.insert(hit.nct_id);
    }
    return found;
  };
  EXPECT_EQ(ids("query.about", "depression"), std::set<std::string>{"NCT00000001"});
  EXPECT_EQ(ids("query.about", "clonidine"), std::set<std::string>{"NCT00000002"});
  EXPECT_EQ(ids("query.intr", "depressants"),
            (std::set<std::string>{"NCT00000002", "NCT00000003"}));
  EXPECT_EQ(ids("query.intr", "\"nervous system depressants\""),
            (std::set<std::string>{"NCT00000002", "NCT00000003"}));
  EXPECT_EQ(ids("query.intr", "zopiclone"), std::set<std::string>{"NCT00000003"});
}

// A study that names a condition only in an arm's label ("Dementia", with
// arms for Parkinson's and Alzheimer's disease) enrols people with it:
// query.about finds it, below a study whose conditions name it. query.cond
// keeps ClinicalTrials.gov's fields and does not.
TEST(AboutTest, ArmLabelsNameTheGroupsAStudyEnrols) {
  testing::TempDir dir;
  const std::filesystem::path db = dir.path() / "db";
  auto store = std::move(StudyStore::Open(db)).value();
  auto add = [&](const std::string& id, const std::string& condition, const std::string& arm) {
    Result<Study> parsed =
        ParseStudyJson(R"({"protocolSection": {"identificationModule": {"nctId": ")" + id +
                       R"(", "briefTitle": "A study"}, "conditionsModule": {"conditions": [")" +
                       condition + R"("]}, "armsInterventionsModule": {"armGroups": [{"label": ")" +
                       arm + R"("}, {"label": "Healthy controls"}]}}})");
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    ASSERT_TRUE(store->Upsert(*parsed, "test").ok());
  };
  add("NCT00000001", "Dementia", "Parkinson's disease dementia");
  add("NCT00000002", "Parkinson Disease", "Levodopa");
  add("NCT00000003", "Insomnia", "Zopiclone");
  ASSERT_TRUE(RebuildIndex(*store, IndexPath(db)).ok());
  auto index = std::move(SearchIndex::Open(IndexPath(db))).value();
  auto ids = [&](const std::string& name, const std::string& value) {
    std::vector<std::string> found;
    Result<SearchResult> result = index->Search(*ParseSearchParameters({{name, value}}));
    EXPECT_TRUE(result.ok()) << result.status().message();
    if (result.ok()) {
      for (const SearchHit& hit : result->hits) found.push_back(hit.nct_id);
    }
    return found;
  };
  EXPECT_EQ(ids("query.about", "parkinson's disease"),
            (std::vector<std::string>{"NCT00000002", "NCT00000001"}));
  EXPECT_EQ(ids("query.about", "Parkinson"),
            (std::vector<std::string>{"NCT00000002", "NCT00000001"}));
  // query.cond too: an arm for people with Parkinson's disease enrols them.
  EXPECT_EQ(ids("query.cond", "parkinson's disease"),
            (std::vector<std::string>{"NCT00000002", "NCT00000001"}));
  EXPECT_EQ(ids("query.cond", "insomnia"), std::vector<std::string>{"NCT00000003"});
  EXPECT_EQ(ids("query.about", "insomnia"), std::vector<std::string>{"NCT00000003"});
}

// The search page and query.cond list trials for people with the condition
// before studies that take healthy volunteers (a phase 1 study in healthy men
// that lists "type 2 diabetes"), whatever their dates; equal weights go to
// the most recent update.
TEST(AboutTest, HealthyVolunteerStudiesComeAfterPatientTrials) {
  testing::TempDir dir;
  const std::filesystem::path db = dir.path() / "db";
  auto store = std::move(StudyStore::Open(db)).value();
  auto add = [&](const std::string& id, bool healthy, const std::string& updated) {
    Result<Study> parsed = ParseStudyJson(
        R"({"protocolSection": {"identificationModule": {"nctId": ")" + id +
        R"(", "briefTitle": "A study"}, "statusModule": {"lastUpdatePostDateStruct": {"date": ")" +
        updated + R"("}}, "conditionsModule": {"conditions": ["Type 2 Diabetes"]},
        "eligibilityModule": {"healthyVolunteers": )" +
        (healthy ? "true" : "false") + "}}}");
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    ASSERT_TRUE(store->Upsert(*parsed, "test").ok());
  };
  add("NCT00000001", /*healthy=*/true, "2019-01-01");
  add("NCT00000002", /*healthy=*/false, "2020-01-01");
  add("NCT00000003", /*healthy=*/true, "2025-01-01");
  ASSERT_TRUE(RebuildIndex(*store, IndexPath(db)).ok());
  auto index = std::move(SearchIndex::Open(IndexPath(db))).value();
  for (const char* parameter : {"query.about", "query.cond"}) {
    Result<SearchResult> result =
        index->Search(*ParseSearchParameters({{parameter, "type 2 diabetes"}}));
    ASSERT_TRUE(result.ok()) << result.status().message();
    std::vector<std::string> ids;
    for (const SearchHit& hit : result->hits) ids.push_back(hit.nct_id);
    ASSERT_EQ(ids.size(), 3U) << parameter;
    EXPECT_EQ(ids.front(), "NCT00000002") << parameter;
    // The page breaks ties by date; the API keeps Xapian's order.
    if (std::string(parameter) == "query.about") {
      EXPECT_EQ(ids, (std::vector<std::string>{"NCT00000002", "NCT00000003", "NCT00000001"}));
    }
  }
}

}  // namespace
}  // namespace trialfinder
