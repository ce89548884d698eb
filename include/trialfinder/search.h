// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Search over the studies: Xapian BM25 with field weights, filters, facets,
// geographic distance, concept expansion (abbreviations, synonyms, MeSH) and
// related trials. The index is derived from the store (see index.h) and can
// always be rebuilt from it.
//
// A SearchIndex holds one Xapian::Database and is not thread-safe: open one
// per thread (opening is cheap).

#ifndef TRIALFINDER_SEARCH_H_
#define TRIALFINDER_SEARCH_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trialfinder/status.h"
#include "trialfinder/study.h"
#include "trialfinder/study_pieces.h"

namespace trialfinder {

// filter.geo=distance(lat,lon,radius): sites within radius_km of a point.
struct GeoDistance {
  double latitude = 0;
  double longitude = 0;
  double radius_km = 0;
};

// Inclusive date range over "YYYY", "YYYY-MM" or "YYYY-MM-DD"; an empty end
// is open. A study without the date never matches a range.
struct DateRange {
  std::string from;
  std::string to;
  bool empty() const { return from.empty() && to.empty(); }
};

// kPiece: any date, number or age piece (study_pieces.h) by its value.
enum class SortField { kRelevance, kLastUpdate, kStartDate, kEnrollment, kDistance, kPiece };

struct SortKey {
  SortField field = SortField::kRelevance;
  bool descending = true;        // relevance and dates: newest/best first; numbers ascend
  const Piece* piece = nullptr;  // with kPiece
};

// Text that ranks: see SearchQuery::relevance_texts.
struct WeightedText {
  std::string text;
  double weight = 1.0;
  // True: `text` is space-separated index terms (from FeedbackTerms), used
  // as they are instead of being split and stemmed.
  bool index_terms = false;
};

// What to look for. Text fields follow ClinicalTrials.gov API v2's query.*
// parameters; an empty field does not constrain. All given constraints must
// hold (AND).
struct SearchQuery {
  std::string cond;     // conditions, MeSH terms and ancestors, keywords, titles
  std::string term;     // everything
  std::string intr;     // interventions (names, other names, MeSH)
  std::string titles;   // brief and official titles, acronym
  std::string outc;     // outcome measures
  std::string spons;    // lead sponsor and collaborators
  std::string lead;     // lead sponsor
  std::string id;       // NCT ID, org study ID, secondary IDs, acronym
  std::string locn;     // site facility, city, state, country
  std::string patient;  // query.patient: everything, like term
  // query.about (trialfinder): what a study is about: its conditions, their
  // MeSH terms and ancestors, keywords, titles and interventions. Words
  // found only in eligibility criteria, summaries or outcomes do not match:
  // "lupus" finds lupus trials, not a knee study that excludes lupus. The
  // search page's box uses it; query.term keeps ClinicalTrials.gov's
  // meaning (all text).
  std::string about;
  // query.inclusion, query.exclusion (trialfinder): words in the inclusion
  // or exclusion section of the eligibility criteria ("Inclusion
  // Criteria:" ... "Exclusion Criteria:"). Criteria without such headers
  // are in neither.
  std::string inclusion;
  std::string exclusion;
  // Relevance to a case (used by matching): a study qualifies when it has
  // any word of any of these texts (concepts expanded, stopwords dropped)
  // and ranks by the sum of each text's BM25 weight times its `weight`.
  // With other text fields given, those decide what matches and these only
  // rank.
  std::vector<WeightedText> relevance_texts;
  // filter.advanced: an Essie expression such as
  // "AREA[Phase]PHASE2 AND AREA[MinimumAge]RANGE[MIN, 16 years]".
  std::string advanced;

  std::vector<std::string> overall_status;  // any of these (RECRUITING, ...)
  std::vector<std::string> phase;           // any of these (PHASE1, ...)
  std::vector<std::string> study_type;      // any of these (INTERVENTIONAL, ...)
  // A patient's sex: FEMALE matches studies for FEMALE or ALL.
  std::string sex;
  std::optional<bool> healthy_volunteers;
  // A patient's age in years: matches studies whose minimum/maximum ages
  // allow it; a study without a bound is not limited by it.
  std::optional<double> age_years;
  std::vector<std::string> std_ages;  // any of CHILD, ADULT, OLDER_ADULT
  std::string country;                // a site in this country (case-insensitive)
  std::string state;
  std::string city;
  // At least one site within the distance; when overall_status asks only for
  // recruiting-type statuses, only sites recruiting (or not yet) count.
  std::optional<GeoDistance> geo;
  DateRange start_date;
  DateRange last_update;
  std::optional<bool> has_results;
  std::vector<std::string> ids;  // only these NCT IDs (or aliases)
  // Studies that posted all these documents: PROTOCOL, SAP, ICF.
  std::vector<std::string> documents;

  std::vector<SortKey> sort;   // up to two keys; empty: relevance
  std::size_t page_size = 10;  // 1..1000
  std::string page_token;      // from a previous SearchResult::next_page_token
  bool count_facets = false;
  // Facets are counted over at least this many matches (all of them when
  // there are fewer, or when exact_total asks for every match). Past it the
  // counts are scaled up from the matches seen, which are the first in index
  // (ingest) order, NOT a random sample: see SearchResult::facets_exact.
  std::size_t facet_sample = 10000;
  // countTotal: count every match exactly (costs a full match on large results).
  bool exact_total = false;
};

struct FacetValue {
  std::string value;
  std::int64_t count = 0;
};

// Counts of matching studies per value. A study with several values (a
// phase 1/2 study, sites in three countries) counts once for each.
struct Facet {
  std::string name;  // overallStatus, phase, studyType, sex, stdAge, country, interventionType
  std::vector<FacetValue> values;  // most frequent first
};

struct SearchHit {
  std::string nct_id;
  double relevance = 0;  // BM25 weight; 0 when sorting by something else
  // Distance to the nearest (counted) site when a geo filter or distance
  // sort is given.
  std::optional<double> distance_km;
};

struct SearchResult {
  std::vector<SearchHit> hits;
  // Number of matching studies. Exact when total_is_exact; otherwise
  // Xapian's estimate (it does NOT promise more than a bracket around it).
  std::int64_t total = 0;
  bool total_is_exact = true;
  std::string next_page_token;  // empty on the last page
  std::size_t offset = 0;       // the position of hits[0] among all matches
  // Facet counts. Exact when facets_exact; otherwise each count is the
  // count among the matches seen scaled to `total`, an estimate that can be
  // off for values that cluster in one part of the index, and a value
  // absent from the matches seen is missing.
  std::vector<Facet> facets;
  bool facets_exact = true;
  // When the words as typed found nothing and a spelling correction did,
  // the corrected text ("lupis" -> "lupus"); empty otherwise.
  std::string corrected_query;
  // When the words as typed found nothing and a correction would, but a
  // corrected word is a real word ("polio", which a small index lacks, and
  // "polo"): the corrected text, offered rather than searched ("did you
  // mean"); the hits are those of the words as typed. Empty otherwise.
  std::string suggested_query;
};

// The page token that continues `query` from match number `offset` (as
// next_page_token does), for a caller that sends fewer hits than a page
// holds.
std::string PageTokenAt(const SearchQuery& query, std::size_t offset);

// Parses search parameters given as name/value pairs, accepting the API v2
// spellings (query.cond, filter.overallStatus, filter.geo, ...) and short
// ones (cond, overallStatus, geo, ...). Lists are comma- or pipe-separated.
// Unknown names and malformed values are InvalidArgument errors that name
// the parameter.
Result<SearchQuery> ParseSearchParameters(
    const std::vector<std::pair<std::string, std::string>>& parameters);

// Parses "distance(39.0035707,-77.1013313,50mi)" (radius in mi or km).
Result<GeoDistance> ParseGeoDistance(const std::string& text);

// In-memory copies of the per-study values that searches read for many
// matches at once (sites, facet values, ages, dates, enrollment), each read
// from the index in one pass the first time a search needs it, and again
// after the index changes. At 600,000 studies they take about 250 MB.
class ValueColumnCache;

// A cache to share between the SearchIndex objects of one index (a
// server's readers), so the columns are read and held once, not once per
// reader. Thread-safe.
std::shared_ptr<ValueColumnCache> MakeValueColumnCache();

// A search area: what a query.* parameter searches, and what AREA[name]
// searches in a search expression.
struct SearchArea {
  // Pieces the area searches, with the weight a match in them has.
  struct Part {
    std::vector<std::string_view> pieces;
    double weight;
  };
  std::string_view name;      // "ConditionSearch"
  std::string_view param;     // "cond": query.cond
  std::string_view ui_label;  // "Conditions or disease"
  std::vector<Part> parts;
};

// Every search area, query.term's (BasicSearch) first.
std::span<const SearchArea> SearchAreas();

// One value of a piece and how many studies have it.
struct ValueCount {
  std::string value;
  std::int64_t studies = 0;
};

// Statistics of one piece's values over the indexed studies, for
// /stats/field/values. Read from the index: text values are the words of
// values of at most 8 words, in lower case, as COVERAGE[FullMatch] reads
// them (longer values are neither counted nor listed); counts are of
// studies, not of values.
struct PieceValueStats {
  std::int64_t missing = 0;            // studies without a value
  std::int64_t unique_values = 0;      // distinct values (enums, booleans, text)
  std::vector<ValueCount> top_values;  // most studies first
  // Dates (PartialDate::SortKey), integers, numbers and ages (years): over
  // the studies that have a value. Absent when none has.
  std::optional<double> min;
  std::optional<double> max;
  std::optional<double> average;
  bool dates_with_day = false;     // some date has a day ("yyyy-MM-dd")
  bool dates_without_day = false;  // some has a month or year only
};

// Sizes of a list piece (Phase: how many phases a study has), for
// /stats/field/sizes; studies without a value are not counted.
struct PieceSizeStats {
  std::int64_t min_size = 0;
  std::int64_t max_size = 0;
  std::vector<std::pair<std::int64_t, std::int64_t>> sizes;  // size, studies; most studies first
};

class SearchIndex {
 public:
  // Opens the index in `directory` for reading. `columns` is shared with
  // the other readers of the same index; without one the index gets its own.
  static Result<std::unique_ptr<SearchIndex>> Open(
      const std::filesystem::path& directory, std::shared_ptr<ValueColumnCache> columns = nullptr);
  ~SearchIndex();
  SearchIndex(const SearchIndex&) = delete;
  SearchIndex& operator=(const SearchIndex&) = delete;

  // Runs `query`. Query text is ClinicalTrials.gov's search expressions
  // (AREA[...], RANGE, quoted phrases, upper-case AND, OR, NOT; see
  // src/search/essie_query.h for what is approximate). A malformed
  // expression is InvalidArgument naming the parameter; an empty result is
  // not an error.
  Result<SearchResult> Search(const SearchQuery& query);

  // Up to `count` studies most similar to `nct_id` (conditions, MeSH terms,
  // interventions and text; more-like-this), most similar first, never the
  // study itself. NotFound when `nct_id` is not indexed.
  Result<std::vector<SearchHit>> Related(const std::string& nct_id, std::size_t count);

  // Up to `count` text terms that best characterise the given studies
  // against the rest of the index (Xapian's relevance feedback), for
  // expanding a query by what its best results share. Unknown NCT IDs are
  // skipped. The terms are stemmed words of all text, as the index holds
  // them: use them with WeightedText::index_terms.
  Result<std::vector<std::string>> FeedbackTerms(const std::vector<std::string>& nct_ids,
                                                 std::size_t count);

  // Statistics of the values of `piece` (study_pieces.h), at most
  // `top` of them listed. Contacts, links and long text have none: NotFound.
  Result<PieceValueStats> ValueStats(const Piece& piece, std::size_t top);

  // How many values the studies have of list piece `piece`.
  Result<PieceSizeStats> SizeStats(const Piece& piece);

  // Studies in the index.
  std::int64_t DocumentCount() const;

  // Every distinct drug and condition name of the indexed studies (NamesOf),
  // as written, sorted: the registry's names for the criteria lexicon. At
  // 600,000 studies some hundreds of thousands of names.
  Result<StudyNames> RegistryNames();

  // A number that changes whenever the index does (a writer's commit).
  std::uint64_t Revision() const;

  // Picks up changes committed by a writer since this index was opened.
  Status Reopen();

 private:
  // Search on the revision open; throws what Xapian throws.
  // `corrected`: the page of the spelling-corrected words that `offset`
  // continues.
  Result<SearchResult> SearchRevision(const SearchQuery& query, std::size_t offset, bool corrected);
  // Related on the revision open; throws what Xapian throws.
  Result<std::vector<SearchHit>> RelatedRevision(const std::string& nct_id, std::size_t count);
  struct Impl;
  explicit SearchIndex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_SEARCH_H_
