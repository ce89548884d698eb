// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include <xapian.h>

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "search/advanced_filter.h"
#include "search/essie_query.h"
#include "search/facets.h"
#include "search/field_stats.h"
#include "search/geo_cells.h"
#include "search/index_schema.h"
#include "search/page_token.h"
#include "search/query_filters.h"
#include "search/site_distance.h"
#include "search/sort_keys.h"
#include "search/study_document.h"
#include "search/text_query.h"
#include "search/value_column.h"
#include "text/ascii_case.h"
#include "text/concepts.h"
#include "text/drugs.h"
#include "text/fnv_hash.h"
#include "text/words.h"
#include "trialfinder/search.h"

namespace trialfinder {
namespace {

namespace schema = index_schema;
using Xapian::Query;

// A brand name typed alone ("Keytruda") as a search for it or its generic
// name ("pembrolizumab", data/lexicon/drugs.tsv): records name a drug
// either way (user test: "Keytruda" found 2 of pembrolizumab's 3 trials).
// Other text is returned as it is.
std::string WithGenericName(const std::string& text) {
  const std::size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos || text.find('"') != std::string::npos) return text;
  const std::string typed = text.substr(begin, text.find_last_not_of(" \t") + 1 - begin);
  const std::optional<std::string> generic = DrugTable::Builtin().GenericOf(typed);
  if (!generic || AsciiLowercase(*generic) == AsciiLowercase(typed)) return text;
  return "\"" + typed + "\" OR \"" + *generic + "\"";
}

}  // namespace

// ---------------------------------------------------------------------------

struct SearchIndex::Impl {
  Xapian::Database database;
  // Columns of value slots, shared with the other readers of the index.
  std::shared_ptr<ValueColumnCache> column_cache;
  // The columns this reader has used at `columns_revision`.
  std::map<Xapian::valueno, std::shared_ptr<const ValueColumn>> columns;
  Xapian::rev columns_revision = 0;

  // Checks the layout of the revision open, and forgets the columns of an
  // earlier one. An index of another layout is refused: its terms and
  // values are not what queries read (ingest and serve rebuild it).
  Status ReadRevision(const std::string& where) {
    const std::string layout = database.get_metadata(schema::kLayoutKey);
    if (layout != DocumentLayout()) {
      return Status::IoError("the search index " + where + " has document layout '" + layout +
                             "', not this trialfinder's '" + DocumentLayout() +
                             "': run 'trialfinder reindex' (ingest and serve rebuild it too)");
    }
    if (database.get_revision() != columns_revision) {
      columns.clear();
      columns_revision = database.get_revision();
    }
    return Status::Ok();
  }

  // The column of `slot` in the revision open. Throws what Xapian throws.
  std::shared_ptr<const ValueColumn> Column(Xapian::valueno slot) {
    std::shared_ptr<const ValueColumn>& column = columns[slot];
    if (!column) column = column_cache->Column(database, slot);
    return column;
  }

  // The query for one text parameter (a search expression, essie_query.h),
  // or nullopt when empty. With `fix` the words are spell-corrected where
  // the index knows a better word; `fixed` then says whether anything
  // changed (and whether a real word was, SpellingState) and `corrected`
  // gets the new text. `parameter` is named in
  // errors. `with_classes` is TextField's.
  Result<std::optional<Query>> TextQuery(const std::string& text, const std::string& prefix,
                                         const char* parameter, bool fix, SpellingState* fixed,
                                         std::string* corrected, bool with_classes = true) {
    if (text.find_first_not_of(" \t") == std::string::npos) return std::optional<Query>();
    std::string rewritten;
    auto words_query = [&](const std::string& typed, const std::string& field_prefix,
                           Expansion expansion) -> std::optional<Query> {
      const TextField field{field_prefix, with_classes};
      const std::string run = ConceptOrder(typed);
      std::vector<Word> words = SplitWords(run);
      if (words.empty()) return std::nullopt;
      std::string raw = run;
      // Only the parameter's own field is corrected: an AREA elsewhere is
      // what a client asked for exactly.
      if (fix && field_prefix == prefix) {
        raw.clear();
        const std::vector<bool> named = InConceptNames(words, run);
        for (std::size_t i = 0; i < words.size(); ++i) {
          if (!named[i]) {
            if (std::optional<SpellingCorrection> fix = SpellingFix(database, field, words[i])) {
              words[i] = {fix->word, StemWord(fix->word)};
              fixed->changed = true;
              fixed->real_word_changed |= fix->typed_is_a_word;
            }
          }
          raw += (raw.empty() ? "" : " ") + words[i].raw;
        }
        rewritten += (rewritten.empty() ? "" : " ") + raw;
      }
      Query query = ExpandedWordsQuery(words, raw, field, expansion);
      if (query.empty()) return std::nullopt;
      return query;
    };
    EssieOptions options;
    options.parameter = parameter;
    options.prefix = prefix;
    options.lenient = true;
    options.database = &database;
    options.with_classes = with_classes;
    Result<std::optional<Query>> query = ParseEssie(text, options, words_query);
    if (fix && corrected && !rewritten.empty())
      *corrected += (corrected->empty() ? "" : " ") + rewritten;
    return query;
  }

  // What a trial is about, for query.about (`with_interventions`) and
  // query.cond: the text in the condition field (conditions, MeSH,
  // keywords, titles), for query.about also in the intervention field
  // without its drug classes (TextField::with_classes). Spelling is fixed
  // once, on the condition field, and the fixed text is what the other
  // fields are searched for too. Studies that take healthy volunteers come
  // after trials for people with the condition through the index (their
  // condition text is written at a low weight, AddConditionText), not
  // here: a half weight given at query time evaluated the query twice and
  // tripled a condition search's p50 (100k studies: 0.16 -> 0.52 ms).
  // query.cond so finds more than ClinicalTrials.gov's condition search
  // (synonyms, arm labels); its matches are a superset of the condition
  // field's.
  static constexpr double kArmLabelWeight = 0.3;
  Result<std::optional<Query>> SubjectQuery(const std::string& text, const char* parameter,
                                            bool with_interventions, bool fix, SpellingState* fixed,
                                            std::string* corrected) {
    std::string fixed_text;
    SpellingState state;
    Result<std::optional<Query>> condition =
        TextQuery(text, schema::kConditionField, parameter, fix, &state, &fixed_text);
    if (!condition.ok() || !*condition) return condition;
    const bool changed = state.changed;
    if (changed) {
      fixed->changed = true;
      fixed->real_word_changed |= state.real_word_changed;
      if (corrected) *corrected += (corrected->empty() ? "" : " ") + fixed_text;
    }
    const std::string& searched = changed ? fixed_text : text;
    Query subject = **condition;
    if (with_interventions) {
      Result<std::optional<Query>> intervention =
          TextQuery(WithGenericName(searched), schema::kInterventionField, parameter, false,
                    nullptr, nullptr, /*with_classes=*/false);
      if (!intervention.ok()) return intervention;
      if (*intervention) subject = Query(Query::OP_OR, subject, **intervention);
    }
    // A study that names the condition only in an arm's label ("Dementia"
    // with arms for Parkinson's and Alzheimer's disease) is found, below
    // every study whose conditions, titles or interventions name it; one
    // that names it in both ranks a little higher for it.
    Result<std::optional<Query>> arm = TextQuery(searched, schema::kArmField, parameter, false,
                                                 nullptr, nullptr, /*with_classes=*/false);
    if (!arm.ok()) return arm;
    if (*arm) {
      subject = Query(Query::OP_OR, subject, Query(Query::OP_SCALE_WEIGHT, **arm, kArmLabelWeight));
    }
    return std::optional<Query>(subject);
  }

  // All text parameters ANDed; MatchAll when there are none.
  Result<Query> TextQueries(const SearchQuery& q, bool fix, SpellingState* fixed,
                            std::string* corrected) {
    struct Parameter {
      const std::string* text;
      const char* param;  // query.<param>
    };
    const Parameter fields[] = {{&q.term, "term"},
                                {&q.intr, "intr"},
                                {&q.titles, "titles"},
                                {&q.outc, "outc"},
                                {&q.spons, "spons"},
                                {&q.lead, "lead"},
                                {&q.id, "id"},
                                {&q.locn, "locn"},
                                {&q.patient, "patient"},
                                {&q.inclusion, "inclusion"},
                                {&q.exclusion, "exclusion"}};
    std::vector<Query> parts;
    for (const Parameter& field : fields) {
      const std::string name = std::string("query.") + field.param;
      const std::string text = field.text == &q.intr ? WithGenericName(*field.text) : *field.text;
      // A brand searched with its generic is spelt as the table spells it.
      Result<std::optional<Query>> part =
          TextQuery(text, schema::QueryFieldPrefix(field.param), name.c_str(),
                    fix && text == *field.text, fixed, corrected);
      if (!part.ok()) return part.status();
      if (*part) parts.push_back(**part);
    }
    for (const auto& [text, parameter, with_interventions] :
         {std::tuple{&q.cond, "query.cond", false}, std::tuple{&q.about, "query.about", true}}) {
      Result<std::optional<Query>> subject =
          SubjectQuery(*text, parameter, with_interventions, fix, fixed, corrected);
      if (!subject.ok()) return subject.status();
      if (*subject) parts.push_back(**subject);
    }
    std::optional<Query> relevance = RelevanceQuery(q.relevance_texts);
    // Named studies are all wanted, ranked by relevance: a patient's words
    // choose among them, not which of them are judged (user test: a match
    // with filter.ids judged nothing for a patient whose words the study
    // did not share).
    if (parts.empty() && relevance && !q.ids.empty())
      return Query(Query::OP_AND_MAYBE, MatchAll(), *relevance);
    if (parts.empty()) return relevance ? *relevance : MatchAll();
    Query required(Query::OP_AND, parts.begin(), parts.end());
    return relevance ? Query(Query::OP_AND_MAYBE, required, *relevance) : required;
  }

  // Any word of any text, concepts as synonym groups, each text scaled.
  std::optional<Query> RelevanceQuery(const std::vector<WeightedText>& texts) const {
    const TextField all_text{""};
    std::vector<Query> scaled;
    for (const WeightedText& text : texts) {
      if (text.weight <= 0) continue;
      if (text.index_terms) {
        std::vector<Query> terms;
        std::size_t begin = 0;
        while (begin < text.text.size()) {
          std::size_t end = text.text.find(' ', begin);
          if (end == std::string::npos) end = text.text.size();
          if (end > begin)
            terms.push_back(all_text.WordQuery(text.text.substr(begin, end - begin)));
          begin = end + 1;
        }
        if (!terms.empty()) {
          scaled.emplace_back(Query::OP_SCALE_WEIGHT,
                              Query(Query::OP_OR, terms.begin(), terms.end()), text.weight);
        }
        continue;
      }
      // Words in more than 5 % of studies ("patient", "history", "year" of a
      // case note) are left out: their weight is small and their posting
      // lists long (a 600k-study match spent most of its time in them).
      const Xapian::doccount common = std::max<Xapian::doccount>(database.get_doccount() / 20, 1);
      const std::vector<Query> all_parts =
          ConceptParts(SplitWords(text.text), text.text, all_text, [&](const Word& word) {
            return !IsStopword(word.raw) && word.raw.size() > 1 &&
                   database.get_termfreq(word.stemmed) <= common;
          });
      // A word or name repeated weighs more (Xapian's within-query
      // frequency), up to a point: beyond kMaxRepeats copies it adds under
      // a tenth, and a 30,000-character note repeating seven disease names
      // held 93 MB of postings for the copies.
      constexpr int kMaxRepeats = 4;
      std::map<std::string, int> copies;
      std::vector<Query> parts;
      for (const Query& part : all_parts) {
        if (++copies[part.get_description()] <= kMaxRepeats) parts.push_back(part);
      }
      if (parts.empty()) continue;
      scaled.emplace_back(Query::OP_SCALE_WEIGHT, Query(Query::OP_OR, parts.begin(), parts.end()),
                          text.weight);
    }
    if (scaled.empty()) return std::nullopt;
    return Query(Query::OP_OR, scaled.begin(), scaled.end());
  }

  // Text only in fields such as conditions or interventions: no text for
  // all fields (query.term, query.patient) and none ranking on its own.
  // Whether the search box's words (query.cond, query.about) hold one the
  // condition field has only through another word's stem ("migrane" finds
  // Erythema Migrans): such a search is corrected although it finds
  // something.
  bool HasWordFoundOnlyThroughAnother(const SearchQuery& q) const {
    const TextField field{schema::kConditionField};
    for (const std::string* text : {&q.cond, &q.about}) {
      const std::vector<Word> words = SplitWords(*text);
      const std::vector<bool> named = InConceptNames(words, *text);
      for (std::size_t i = 0; i < words.size(); ++i) {
        if (!named[i] && FoundOnlyThroughAnotherWord(database, words[i]) &&
            field.Has(database, words[i])) {
          return true;
        }
      }
    }
    return false;
  }

  static bool OnlyFieldText(const SearchQuery& q) {
    return q.term.empty() && q.patient.empty() && q.relevance_texts.empty();
  }

  // BM25 without document-length normalisation (b = 0) for searches in
  // fields. A study's length is mostly its description and eligibility
  // text, which says nothing about how much a condition or drug named in
  // its conditions or interventions is its subject; and without it Xapian
  // does not read the length of every match, which was most of the time of
  // a condition search at 600,000 studies (3.5 -> 0.6 ms). Searches over
  // all text keep Xapian's default BM25 (b = 0.5): there a long record's
  // many words do inflate its matches, and the matcher's ranking measured
  // worse without the normalisation (NDCG@10 0.19 -> 0.16 on bench-dev).
  inline static const Xapian::BM25Weight kFieldWeighting{1, 0, 1, 0, 0.5};

  Result<SearchResult> Run(const SearchQuery& q, const Result<Query>& text_query,
                           std::size_t offset) {
    if (!text_query.ok()) return text_query.status();
    const ColumnOf column_of = [this](Xapian::valueno slot) { return Column(slot); };
    std::vector<Query> filters = FilterQueries(q, column_of);
    if (!q.advanced.empty()) {
      Result<Query> advanced = BuildAdvancedFilter(
          q.advanced, &database,
          [this](const std::string& text, const std::string& prefix, Expansion expansion) {
            const TextField field{prefix};
            std::vector<Word> words = SplitWords(text);
            Query query = ExpandedWordsQuery(words, text, field, expansion);
            return query.empty() ? std::nullopt : std::optional<Query>(query);
          });
      if (!advanced.ok()) return advanced.status();
      filters.push_back(*advanced);
    }
    Query query = *text_query;
    // The search page's box breaks relevance ties by date (ApplySort); the
    // API keeps Xapian's order, where reading a value for each tied match
    // tripled a condition search's p50 (bench/RESULTS.md).
    const bool stable_ties = !q.about.empty() && query.get_type() != Query::LEAF_MATCH_ALL;
    if (!filters.empty()) {
      query = Query(Query::OP_FILTER, query, Query(Query::OP_AND, filters.begin(), filters.end()));
    }
    Xapian::Enquire enquire(database);
    enquire.set_query(query);
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);  // stable ties
    if (OnlyFieldText(q)) enquire.set_weighting_scheme(kFieldWeighting);
    ApplySort(q, stable_ties, enquire, column_of);
    std::optional<FacetCounter> facets;
    if (q.count_facets) enquire.add_matchspy(&facets.emplace(Column(schema::kFacetSlot)));
    // An exact total needs every match seen, facets a sample of them;
    // otherwise look a little past the page so small totals come out exact.
    std::size_t wanted = offset + q.page_size + 100;
    if (q.count_facets) wanted = std::max(wanted, q.facet_sample);
    const Xapian::doccount check_at_least =
        q.exact_total
            ? database.get_doccount()
            : static_cast<Xapian::doccount>(std::min<std::size_t>(wanted, database.get_doccount()));
    Xapian::MSet matches =
        enquire.get_mset(static_cast<Xapian::doccount>(offset),
                         static_cast<Xapian::doccount>(q.page_size), check_at_least);
    SearchResult result;
    const bool by_relevance = q.sort.empty() || q.sort.front().field == SortField::kRelevance;
    // The distance filter has the sites column loaded already.
    std::optional<SiteDistance> distance;
    if (q.geo) distance.emplace(q.geo->latitude, q.geo->longitude);
    for (auto match = matches.begin(); match != matches.end(); ++match) {
      SearchHit hit;
      hit.nct_id = match.get_document().get_data();
      hit.relevance = by_relevance ? match.get_weight() : 0;
      if (distance) hit.distance_km = distance->NearestKm(Column(SiteSlot(q))->Get(*match));
      result.hits.push_back(std::move(hit));
    }
    result.total_is_exact = matches.get_matches_lower_bound() == matches.get_matches_upper_bound();
    result.total = matches.get_matches_estimated();
    if (q.count_facets) {
      result.facets_exact =
          result.total_is_exact && facets->seen() >= matches.get_matches_estimated();
      const double scale = result.facets_exact || facets->seen() == 0
                               ? 1.0
                               : static_cast<double>(result.total) / facets->seen();
      result.facets = facets->Facets(scale);
    }
    result.offset = offset;
    const std::size_t next = offset + result.hits.size();
    if (!result.hits.empty() && next < matches.get_matches_upper_bound()) {
      result.next_page_token = MakePageToken(next, QueryFingerprint(q));
    }
    return result;
  }
};

SearchIndex::SearchIndex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SearchIndex::~SearchIndex() = default;

std::shared_ptr<ValueColumnCache> MakeValueColumnCache() {
  return std::make_shared<ValueColumnCache>();
}

Result<std::unique_ptr<SearchIndex>> SearchIndex::Open(const std::filesystem::path& directory,
                                                       std::shared_ptr<ValueColumnCache> columns) {
  auto impl = std::make_unique<Impl>();
  impl->column_cache = columns ? std::move(columns) : MakeValueColumnCache();
  try {
    impl->database = Xapian::Database(directory.string());
    if (Status layout = impl->ReadRevision(directory.string()); !layout.ok()) return layout;
  } catch (const Xapian::Error& error) {
    return Status::NotFound("cannot open the search index " + directory.string() + ": " +
                            error.get_description() + " (run 'trialfinder reindex')");
  }
  return std::unique_ptr<SearchIndex>(new SearchIndex(std::move(impl)));
}

std::int64_t SearchIndex::DocumentCount() const { return impl_->database.get_doccount(); }

std::uint64_t SearchIndex::Revision() const { return impl_->database.get_revision(); }

Result<StudyNames> SearchIndex::RegistryNames() {
  StudyNames names;
  try {
    for (const auto& [prefix, list] : {std::pair{schema::kDrugNameTerm, &names.drugs},
                                       std::pair{schema::kConditionNameTerm, &names.conditions}}) {
      const std::size_t skip = std::string_view(prefix).size();
      for (auto term = impl_->database.allterms_begin(prefix);
           term != impl_->database.allterms_end(prefix); ++term) {
        list->push_back((*term).substr(skip));
      }
    }
  } catch (const Xapian::Error& error) {
    return Status::IoError("search index: " + error.get_description());
  }
  return names;
}

namespace {

// Marks the page tokens of a spelling-corrected search (xored into the
// query's fingerprint), so that its next page is corrected too.
constexpr std::uint64_t kCorrectedSearch = 0x9e3779b97f4a7c15ULL;

// Runs `read` on `index`. A writer that commits twice while a reader reads
// discards the revision it reads (Glass keeps two): then the index is
// reopened on the newest revision and `read` runs once more. Seen under
// load while ingesting (tests/e2e/reingest_load_test.py). Other Xapian
// errors, and a second discarded revision, are errors naming `what`.
template <typename Read>
auto ReopeningOnce(SearchIndex& index, const char* what, Read read) -> decltype(read()) {
  for (int attempt = 0;; ++attempt) {
    try {
      return read();
    } catch (const Xapian::DatabaseModifiedError& error) {
      if (attempt > 0)
        return Status::Internal(std::string(what) + " failed: " + error.get_description());
      if (Status reopened = index.Reopen(); !reopened.ok()) return reopened;
    } catch (const Xapian::Error& error) {
      return Status::Internal(std::string(what) + " failed: " + error.get_description());
    }
  }
}

}  // namespace

Status SearchIndex::Reopen() {
  try {
    impl_->database.reopen();
    if (Status layout = impl_->ReadRevision("reopened"); !layout.ok()) return layout;
  } catch (const Xapian::Error& error) {
    return Status::IoError("search index: " + error.get_description());
  }
  return Status::Ok();
}

Result<SearchResult> SearchIndex::Search(const SearchQuery& query) {
  if (query.page_size < 1 || query.page_size > 1000) {
    return Status::InvalidArgument("parameter 'pageSize': must be from 1 to 1000");
  }
  std::size_t offset = 0;
  bool corrected = false;
  if (!query.page_token.empty()) {
    const std::uint64_t fingerprint = QueryFingerprint(query);
    Result<std::size_t> read = ReadPageToken(query.page_token, fingerprint);
    if (!read.ok()) {
      // A later page of the spelling-corrected search (SearchRevision).
      Result<std::size_t> corrected_read =
          ReadPageToken(query.page_token, fingerprint ^ kCorrectedSearch);
      if (!corrected_read.ok()) return read.status();
      read = corrected_read;
      corrected = true;
    }
    offset = *read;
  }
  return ReopeningOnce(*this, "search", [&] { return SearchRevision(query, offset, corrected); });
}

Result<SearchResult> SearchIndex::SearchRevision(const SearchQuery& query, std::size_t offset,
                                                 bool corrected) {
  // The words as typed: run once, and kept to answer with when the
  // correction finds nothing better.
  std::optional<Result<SearchResult>> as_typed;
  auto typed = [&]() -> Result<SearchResult> {
    if (!as_typed)
      as_typed = impl_->Run(query, impl_->TextQueries(query, false, nullptr, nullptr), offset);
    return *as_typed;
  };
  if (!corrected) {
    Result<SearchResult> result = typed();
    if (!result.ok() || offset > 0) return result;
    if (result->total > 0 && !impl_->HasWordFoundOnlyThroughAnother(query)) return result;
  }
  // Nothing found, a word found only through another one, or a later page
  // of what was then found: the words with misspellings corrected.
  SpellingState fixed;
  std::string corrected_words;
  Result<Query> retry = impl_->TextQueries(query, true, &fixed, &corrected_words);
  if (!fixed.changed) return typed();
  Result<SearchResult> second = impl_->Run(query, retry, offset);
  if (!second.ok() || (second->total == 0 && !corrected)) return typed();
  // A real word the index lacks ("polio" in a small index) is not replaced
  // by its neighbour ("polo"): the fix is only offered.
  if (fixed.real_word_changed && !corrected) {
    Result<SearchResult> result = typed();
    if (result.ok()) result->suggested_query = corrected_words;
    return result;
  }
  second->corrected_query = corrected_words;
  // Its pages continue the corrected words for a client that sends the
  // same parameters with the token: the token says so.
  if (!second->next_page_token.empty()) {
    second->next_page_token =
        MakePageToken(offset + second->hits.size(), QueryFingerprint(query) ^ kCorrectedSearch);
  }
  return second;
}

Result<std::vector<std::string>> SearchIndex::FeedbackTerms(const std::vector<std::string>& nct_ids,
                                                            std::size_t count) {
  try {
    Xapian::Database& database = impl_->database;
    Xapian::RSet relevant;
    for (const std::string& nct_id : nct_ids) {
      Xapian::PostingIterator posting = database.postlist_begin(NctIdTerm(nct_id));
      if (posting != database.postlist_end(NctIdTerm(nct_id))) relevant.add_document(*posting);
    }
    if (relevant.empty()) return std::vector<std::string>();
    return ExpansionWords(database, relevant, count);
  } catch (const Xapian::Error& error) {
    return Status::Internal("feedback terms failed: " + error.get_description());
  }
}

namespace {

// Terms of one field of a document kept for similarity.
constexpr std::size_t kRelatedTermsPerField = 12;

// A term in more studies than this (1 %, at least 50) is too common to
// relate two studies, and its posting list too long to read for each
// trial page: at 600,000 generated studies, similarity queries with terms
// of up to 5 % of the studies took 57 ms (p50) and 160 ms (p99).
Xapian::doccount CommonFrequency(const Xapian::Database& database) {
  return std::max<Xapian::doccount>(database.get_doccount() / 100, 50);
}

// The document's terms of the fields `prefixes` (words and concept terms,
// not other fields that share a prefix's first letters) that some other
// study has too, most telling first (within-document frequency, which
// the field weights make highest for conditions, times rarity: a
// condition beats a title word, a rare word a common one), at most
// kRelatedTermsPerField of them. A term only this study has (its drug
// code, "363") cannot relate it to anything, and a common one
// (CommonFrequency) tells too little for its cost: both are skipped.
std::vector<Query> TellingFieldTerms(const Xapian::Database& database, Xapian::docid docid,
                                     std::initializer_list<std::string_view> prefixes) {
  const double documents = std::max<double>(database.get_doccount(), 2);
  const Xapian::doccount common = CommonFrequency(database);
  std::vector<std::pair<double, std::string>> terms;
  bool has_concept = false;
  std::pair<Xapian::doccount, std::string> rarest_common_concept{0, ""};
  for (const std::string_view prefix : prefixes) {
    Xapian::TermIterator term = database.termlist_begin(docid);
    for (term.skip_to(std::string(prefix)); term != database.termlist_end(docid); ++term) {
      const std::string& name = *term;
      if (name.compare(0, prefix.size(), prefix) != 0) break;
      const char next = name.size() > prefix.size() ? name[prefix.size()] : '\0';
      if (!std::islower(static_cast<unsigned char>(next)) &&
          !std::isdigit(static_cast<unsigned char>(next)) && next != '#') {
        continue;
      }
      const Xapian::doccount frequency = term.get_termfreq();
      // Only this study has it, or so many do that it tells nothing (and its
      // posting list is long: "study" in titles).
      if (frequency < 2) continue;
      if (frequency > common) {
        if (next == '#' &&
            (rarest_common_concept.second.empty() || frequency < rarest_common_concept.first)) {
          rarest_common_concept = {frequency, name};
        }
        continue;
      }
      has_concept = has_concept || next == '#';
      const double score = static_cast<double>(term.get_wdf()) * std::log(documents / frequency);
      terms.emplace_back(-score, name);
    }
  }
  // A study named only by common concepts ("breast cancer" in 2 % of the
  // registry) keeps the rarest of them: without it, its related trials
  // would share only rarer words.
  if (!has_concept && !rarest_common_concept.second.empty())
    terms.emplace_back(-1e9, rarest_common_concept.second);
  const std::size_t kept = std::min(terms.size(), kRelatedTermsPerField);
  std::partial_sort(terms.begin(), terms.begin() + static_cast<std::ptrdiff_t>(kept), terms.end());
  std::vector<Query> queries;
  for (std::size_t i = 0; i < kept; ++i) queries.emplace_back(terms[i].second);
  return queries;
}

// The document's all-text words that come only from its eligibility
// criteria ("pregnant", "hepatitis" in the exclusions): they say who may
// join, not what the study is about, so they relate it to nothing.
std::unordered_set<std::string> EligibilityOnlyWords(const Xapian::Database& database,
                                                     Xapian::docid docid) {
  std::unordered_map<std::string, Xapian::termcount> all_text;
  std::unordered_map<std::string, Xapian::termcount> eligibility;
  const std::string_view sections[] = {schema::kInclusionField, schema::kExclusionField};
  for (Xapian::TermIterator term = database.termlist_begin(docid);
       term != database.termlist_end(docid); ++term) {
    const std::string& name = *term;
    if (!name.empty() && std::islower(static_cast<unsigned char>(name[0]))) {
      all_text[name] += term.get_wdf();
      continue;
    }
    for (const std::string_view section : sections) {
      if (name.size() > section.size() && name.compare(0, section.size(), section) == 0 &&
          std::islower(static_cast<unsigned char>(name[section.size()]))) {
        eligibility[name.substr(section.size())] += term.get_wdf();
      }
    }
  }
  std::unordered_set<std::string> only;
  for (const auto& [word, wdf] : eligibility) {
    const auto everywhere = all_text.find(word);
    if (everywhere != all_text.end() && everywhere->second <= wdf) only.insert(word);
  }
  return only;
}

// The terms that say which conditions a document is about: its condition
// names and MeSH terms as written (kConditionNameTerm) and its condition
// concept terms (synonyms as one), not the title words that share the
// condition field.
std::vector<std::string> ConditionIdentity(const Xapian::Database& database, Xapian::docid docid) {
  std::vector<std::string> terms;
  const std::string concept_prefix = std::string(schema::kConditionField) + "#";
  for (const std::string& prefix : {concept_prefix, std::string(schema::kConditionNameTerm)}) {
    Xapian::TermIterator term = database.termlist_begin(docid);
    for (term.skip_to(prefix); term != database.termlist_end(docid); ++term) {
      if ((*term).compare(0, prefix.size(), prefix) != 0) break;
      if (term.get_termfreq() > 1 && term.get_termfreq() <= 5 * CommonFrequency(database))
        terms.emplace_back(*term);
    }
  }
  return terms;
}

// What kind of study a document is: its type, intervention types and
// stage, read from its facet value ("studyType=INTERVENTIONAL\n...").
struct StudyKind {
  std::string type;                          // "INTERVENTIONAL"; "" when not given
  std::set<std::string> intervention_types;  // "BIOLOGICAL", ...
  int stage = -1;  // 0 early (phase 1), 1 middle (phase 2), 2 late (phase 3, 4); -1 none

  static StudyKind Of(std::string_view facets) {
    StudyKind kind;
    while (!facets.empty()) {
      const std::size_t end = std::min(facets.find('\n'), facets.size());
      const std::string_view line = facets.substr(0, end);
      facets.remove_prefix(std::min(end + 1, facets.size()));
      const std::size_t equals = line.find('=');
      if (equals == std::string_view::npos) continue;
      const std::string_view name = line.substr(0, equals);
      const std::string_view value = line.substr(equals + 1);
      if (name == "studyType") kind.type = value;
      if (name == "interventionType") kind.intervention_types.emplace(value);
      if (name == "phase") {
        const int stage =
            value.find('3') != std::string_view::npos || value.find('4') != std::string_view::npos
                ? 2
            : value.find('2') != std::string_view::npos ? 1
            : value.find('1') != std::string_view::npos ? 0
                                                        : -1;
        kind.stage = std::max(kind.stage, stage);
      }
    }
    return kind;
  }

  // How much a candidate's kind makes it more or less like this one: a
  // study of another type (a registry beside a drug trial) is a third as
  // alike whatever words they share; the same kind of intervention
  // (biological, device, behavioural ...) and the same stage count for a
  // little more.
  double Likeness(const StudyKind& other) const {
    double factor = other.type == type ? 1.0 : 1.0 / 3;
    const bool shared_intervention =
        std::any_of(intervention_types.begin(), intervention_types.end(),
                    [&](const std::string& t) { return other.intervention_types.count(t) > 0; });
    if (shared_intervention) factor *= 1.25;
    if (stage >= 0 && other.stage == stage) factor *= 1.25;
    return factor;
  }
};

}  // namespace

Result<std::vector<SearchHit>> SearchIndex::Related(const std::string& nct_id, std::size_t count) {
  return ReopeningOnce(*this, "related trials", [&] { return RelatedRevision(nct_id, count); });
}

Result<std::vector<SearchHit>> SearchIndex::RelatedRevision(const std::string& nct_id,
                                                            std::size_t count) {
  Xapian::Database& database = impl_->database;
  Xapian::PostingIterator posting = database.postlist_begin(NctIdTerm(nct_id));
  if (posting == database.postlist_end(NctIdTerm(nct_id))) {
    return Status::NotFound("no study " + nct_id + " in the search index");
  }
  const Xapian::docid docid = *posting;
  // The study's own condition and intervention terms (words and concept
  // terms), strongly weighted, and its most telling text terms (Xapian's
  // relevance feedback) outside its eligibility criteria. Only the few
  // most telling of each field are kept: a common word ("disease",
  // "study" from a title) says little about similarity and its posting
  // list covers much of the registry.
  // Drug classes (kinase inhibitors for two EGFR trials) are a shared
  // mechanism: they count with the interventions.
  std::vector<Query> condition_terms =
      TellingFieldTerms(database, docid, {schema::kConditionField});
  std::vector<Query> intervention_terms = TellingFieldTerms(
      database, docid, {schema::kInterventionField, schema::kInterventionClassField});
  std::vector<Query> title_terms = TellingFieldTerms(database, docid, {schema::kTitleField});
  Xapian::RSet relevant;
  relevant.add_document(docid);
  const TextField all_text{""};
  std::vector<Query> text_terms;
  const std::unordered_set<std::string> eligibility_only = EligibilityOnlyWords(database, docid);
  for (const std::string& word : ExpansionWords(database, relevant, 30, &eligibility_only)) {
    if (database.get_termfreq(word) <= CommonFrequency(database))
      text_terms.push_back(all_text.WordQuery(word));
  }
  Xapian::Enquire enquire(database);
  std::vector<Query> parts;
  auto add = [&](std::vector<Query>& terms, double factor) {
    if (terms.empty()) return;
    parts.emplace_back(Query::OP_SCALE_WEIGHT, Query(Query::OP_OR, terms.begin(), terms.end()),
                       factor);
  };
  add(condition_terms, 3.0);
  add(intervention_terms, 2.0);
  add(title_terms, 1.5);
  add(text_terms, 1.0);
  if (parts.empty()) return std::vector<SearchHit>();
  enquire.set_query(Query(Query::OP_AND_NOT, Query(Query::OP_OR, parts.begin(), parts.end()),
                          Query(NctIdTerm(nct_id))));
  const Xapian::MSet matches =
      enquire.get_mset(0, static_cast<Xapian::doccount>(std::max<std::size_t>(4 * count, 20)));
  // The best candidates by words, reordered by what kind of study each is
  // (StudyKind::Likeness) and by whether it shares a condition with this
  // one (a name, a MeSH term or a concept): a lupus trial is not "related"
  // to a back-pain trial because both are placebo-controlled phase 3 drug
  // trials with "moderate to severe" in their titles, so one that shares
  // none weighs a quarter.
  std::vector<Xapian::docid> candidates(matches.begin(), matches.end());
  std::sort(candidates.begin(), candidates.end());
  std::set<Xapian::docid> sharing;
  for (const std::string& term : ConditionIdentity(database, docid)) {
    Xapian::PostingIterator posting = database.postlist_begin(term);
    for (Xapian::docid candidate : candidates) {
      posting.skip_to(candidate);
      if (posting == database.postlist_end(term)) break;
      if (*posting == candidate) sharing.insert(candidate);
    }
  }
  const std::shared_ptr<const ValueColumn> facets = impl_->Column(schema::kFacetSlot);
  const StudyKind kind = StudyKind::Of(facets->Get(docid));
  std::vector<std::pair<double, Xapian::docid>> ranked;
  for (auto match = matches.begin(); match != matches.end(); ++match) {
    const double shared = sharing.count(*match) ? 1.0 : 0.25;
    ranked.emplace_back(
        match.get_weight() * shared * kind.Likeness(StudyKind::Of(facets->Get(*match))), *match);
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  if (ranked.size() > count) ranked.resize(count);
  std::vector<SearchHit> hits;
  for (const auto& [weight, candidate] : ranked)
    hits.push_back({database.get_document(candidate).get_data(), weight, std::nullopt});
  return hits;
}

Result<PieceValueStats> SearchIndex::ValueStats(const Piece& piece, std::size_t top) {
  return ReopeningOnce(*this, "field statistics",
                       [&] { return ReadValueStats(impl_->database, piece, top); });
}

Result<PieceSizeStats> SearchIndex::SizeStats(const Piece& piece) {
  return ReopeningOnce(*this, "field sizes", [&] { return ReadSizeStats(impl_->database, piece); });
}

}  // namespace trialfinder
