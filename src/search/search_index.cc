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

#include "text/ascii_case.h"
#include "search/advanced_filter.h"
#include "text/concepts.h"
#include "text/fnv_hash.h"
#include "search/geo_cells.h"
#include "search/index_schema.h"
#include "search/site_distance.h"
#include "search/study_document.h"
#include "text/words.h"
#include "search/value_column.h"
#include "trialfinder/search.h"

namespace trialfinder {
namespace {

namespace schema = index_schema;
using Xapian::Query;

// ---------------------------------------------------------------------------
// Text queries

// Fields indexed with positions, where multi-word names are matched as phrases.
bool HasPositions(const std::string& prefix) {
  return prefix == schema::kConditionField || prefix == schema::kTitleField ||
         prefix == schema::kInterventionField || prefix == schema::kLocationField ||
         prefix == schema::kIdentifierField;
}

// One text field of the index as a query sees it: its prefix ("" for all
// text) and whether the index has this build's layout.
struct TextField {
  std::string prefix;
  bool current_layout = false;

  // The query for one stemmed word. All text is the unprefixed terms and
  // the outcome field's: an index of the current layout holds outcome text
  // once, under kOutcomeField, and OP_SYNONYM matches and weighs the two
  // terms as one, with their summed wdf (what the one term had when
  // outcome text was also indexed unprefixed). Its term frequency is
  // Xapian's estimate for the union, not an exact count.
  Query WordQuery(const std::string& stemmed) const {
    if (!ReadsOutcomeField()) return Query(prefix + stemmed);
    const Query terms[] = {Query(stemmed), Query(schema::kOutcomeField + stemmed)};
    return Query(Query::OP_SYNONYM, std::begin(terms), std::end(terms));
  }

  // Whether this is all text in an index that holds outcome text only
  // under kOutcomeField, so that a word is also looked for there.
  bool ReadsOutcomeField() const { return prefix.empty() && current_layout; }

  // Whether the field's terms include stopwords. An index of the current
  // layout leaves them out of every field written without positions (all
  // text, outcomes, sponsors): no phrase there would need them.
  bool IndexesStopwords() const { return !current_layout || HasPositions(prefix); }

  // Whether `word` (lower case) is a stopword this field does not index.
  bool Unindexed(const std::string& word) const { return !IndexesStopwords() && IsStopword(word); }

  // Whether any document of `database` has the word in this field; true
  // for stopwords the field does not index, which no spelling fix needs.
  bool Has(const Xapian::Database& database, const Word& word) const {
    if (Unindexed(word.raw)) return true;
    if (database.get_termfreq(prefix + word.stemmed) > 0) return true;
    return ReadsOutcomeField() && database.get_termfreq(schema::kOutcomeField + word.stemmed) > 0;
  }
};

// The query for a name (words as indexed, stemmed), as a phrase where the
// field has positions; empty when the field indexes none of its words.
Query NameQuery(const ConceptTable::Name& name, const TextField& field) {
  std::vector<Query> terms;
  for (const std::string& word : name) {
    // Stopwords stem to themselves ("of", "the"), so a stem equal to one is
    // taken for it. The rare other word with such a stem ("wills") is then
    // left out of the query as well.
    if (!field.Unindexed(word)) terms.push_back(field.WordQuery(word));
  }
  if (terms.size() <= 1) return terms.empty() ? Query() : terms.front();
  if (HasPositions(field.prefix))
    return Query(Query::OP_PHRASE, terms.begin(), terms.end(), terms.size());
  return Query(Query::OP_AND, terms.begin(), terms.end());
}

// One query per word, with runs naming a concept replaced by a synonym
// group of the concept's names, or by the field's concept term when the
// index has them (the same documents match). Words for which `keep` is
// false are left out.
template <typename Keep>
std::vector<Query> ConceptParts(const std::vector<Word>& words, const std::string& raw_text,
                                const TextField& field, Keep keep) {
  const ConceptTable& concepts = ConceptTable::Builtin();
  std::vector<ConceptTable::Match> matches = concepts.FindMatches(words, raw_text);
  std::vector<Query> parts;
  std::size_t next_match = 0;
  for (std::size_t i = 0; i < words.size();) {
    if (next_match < matches.size() && matches[next_match].begin == i) {
      const ConceptTable::Match& match = matches[next_match++];
      i = match.end;
      if (field.current_layout && schema::HasConceptTerms(field.prefix)) {
        parts.emplace_back(schema::ConceptTerm(field.prefix, match.group));
        continue;
      }
      std::vector<Query> names;
      for (const auto& name : concepts.Names(match.group)) {
        Query name_query = NameQuery(name, field);
        if (!name_query.empty()) names.push_back(std::move(name_query));
      }
      parts.emplace_back(Query::OP_SYNONYM, names.begin(), names.end());
      continue;
    }
    if (keep(words[i])) parts.push_back(field.WordQuery(words[i].stemmed));
    ++i;
  }
  return parts;
}

// Words (all required), with runs naming a concept replaced by any of the
// concept's names. `words[i].stemmed` may be replaced by a spelling fix.
Query PlainTextQuery(const std::vector<Word>& words, const std::string& raw_text,
                     const TextField& field) {
  const std::vector<Query> parts = ConceptParts(words, raw_text, field, [&](const Word& word) {
    return !IsStopword(word.raw) || (words.size() == 1 && !field.Unindexed(word.raw));
  });
  if (parts.empty()) return Query();
  return Query(Query::OP_AND, parts.begin(), parts.end());
}

// ClinicalTrials.gov's query syntax over plain text: "quoted phrases",
// upper-case AND, OR, NOT and parentheses. Everything else is words, handed
// to `words` (which expands concepts). Unbalanced parentheses and stray
// operators are read as plain words, so no text is an error.
class SyntaxParser {
 public:
  using WordsQuery = std::function<std::optional<Query>(const std::string&)>;

  SyntaxParser(const std::string& text, TextField field, WordsQuery words)
      : field_(std::move(field)), words_(std::move(words)) {
    Tokenize(text);
  }

  std::optional<Query> Parse() {
    if (!Balanced()) {
      // Read everything as words and phrases, ignoring operators.
      std::string plain;
      for (const Token& token : tokens_) plain += " " + token.text;
      return words_(plain);
    }
    std::optional<Query> query = Or();
    return query;
  }

 private:
  enum class Kind { kWords, kPhrase, kAnd, kOr, kNot, kOpen, kClose };
  struct Token {
    Kind kind;
    std::string text;
  };

  void Tokenize(const std::string& text) {
    std::string words;
    auto flush = [&] {
      if (words.find_first_not_of(" \t") != std::string::npos)
        tokens_.push_back({Kind::kWords, words});
      words.clear();
    };
    for (std::size_t i = 0; i < text.size();) {
      const char c = text[i];
      if (c == '"') {
        flush();
        const std::size_t close = text.find('"', i + 1);
        const std::size_t end = close == std::string::npos ? text.size() : close;
        tokens_.push_back({Kind::kPhrase, text.substr(i + 1, end - i - 1)});
        i = end + 1;
      } else if (c == '(' || c == ')') {
        flush();
        tokens_.push_back({c == '(' ? Kind::kOpen : Kind::kClose, std::string(1, c)});
        ++i;
      } else if (std::isupper(static_cast<unsigned char>(c)) &&
                 (i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1])))) {
        std::size_t end = i;
        while (end < text.size() && std::isalnum(static_cast<unsigned char>(text[end]))) ++end;
        const std::string word = text.substr(i, end - i);
        const bool op = word == "AND" || word == "OR" || word == "NOT";
        if (op) {
          flush();
          tokens_.push_back({word == "AND"  ? Kind::kAnd
                             : word == "OR" ? Kind::kOr
                                            : Kind::kNot,
                             word});
        } else {
          words += word;
        }
        i = end;
      } else {
        words += c;
        ++i;
      }
    }
    flush();
  }

  bool Balanced() const {
    int depth = 0;
    for (const Token& token : tokens_) {
      depth += token.kind == Kind::kOpen ? 1 : token.kind == Kind::kClose ? -1 : 0;
      if (depth < 0) return false;
    }
    return depth == 0;
  }

  bool At(Kind kind) const { return position_ < tokens_.size() && tokens_[position_].kind == kind; }

  static std::optional<Query> Combine(Query::op op, std::optional<Query> left,
                                      std::optional<Query> right) {
    if (!left) return right;
    if (!right) return left;
    return Query(op, *left, *right);
  }

  std::optional<Query> Or() {
    std::optional<Query> left = And();
    while (At(Kind::kOr)) {
      ++position_;
      left = Combine(Query::OP_OR, left, And());
    }
    return left;
  }

  std::optional<Query> And() {
    std::optional<Query> left = Unary();
    while (position_ < tokens_.size() && !At(Kind::kOr) && !At(Kind::kClose)) {
      if (At(Kind::kAnd)) ++position_;
      if (At(Kind::kNot)) {
        ++position_;
        std::optional<Query> excluded = Unary();
        if (excluded) left = Query(Query::OP_AND_NOT, left ? *left : MatchAll(), *excluded);
        continue;
      }
      left = Combine(Query::OP_AND, left, Unary());
    }
    return left;
  }

  std::optional<Query> Unary() {
    if (At(Kind::kNot)) {
      ++position_;
      if (++not_run_ > kMaxDepth) return std::nullopt;
      std::optional<Query> excluded = Unary();
      if (!excluded) return std::nullopt;
      return Query(Query::OP_AND_NOT, MatchAll(), *excluded);
    }
    if (At(Kind::kOpen)) {
      ++position_;
      if (++depth_ > kMaxDepth) return std::nullopt;  // absurd nesting: ignore the rest
      std::optional<Query> inner = Or();
      --depth_;
      if (At(Kind::kClose)) ++position_;
      return inner;
    }
    if (position_ >= tokens_.size() || At(Kind::kClose) || At(Kind::kOr) || At(Kind::kAnd)) {
      if (position_ < tokens_.size() && !At(Kind::kClose)) ++position_;  // stray operator
      return std::nullopt;
    }
    const Token& token = tokens_[position_++];
    if (token.kind == Kind::kPhrase) return Phrase(token.text);
    return words_(token.text);
  }

  std::optional<Query> Phrase(const std::string& text) const {
    ConceptTable::Name name;
    for (const Word& word : SplitWords(text)) name.push_back(word.stemmed);
    Query query = NameQuery(name, field_);
    if (query.empty()) return std::nullopt;
    return query;
  }

  static constexpr int kMaxDepth = 32;
  TextField field_;
  WordsQuery words_;
  std::vector<Token> tokens_;
  std::size_t position_ = 0;
  int depth_ = 0;
  int not_run_ = 0;
};

// ---------------------------------------------------------------------------
// Filters

Query AnyTerm(const char* prefix, const std::vector<std::string>& values) {
  std::vector<Query> terms;
  for (const std::string& value : values) terms.emplace_back(schema::FilterTerm(prefix, value));
  return Query(Query::OP_OR, terms.begin(), terms.end());
}

// Dates as YYYYMMDD numbers; an open or partial upper end covers its period.
// The column of a value slot, in the revision the query runs on.
using ColumnOf = std::function<std::shared_ptr<const ValueColumn>(Xapian::valueno)>;

// The documents whose value in `slot` is at least `low` and at most `high`
// (in sortable_serialise order; no bound when nullopt). Documents without
// a value are left out.
Query ValueInRange(const ColumnOf& column_of, Xapian::valueno slot, std::optional<std::string> low,
                   std::optional<std::string> high) {
  auto keep = [low = std::move(low), high = std::move(high)](std::string_view value) {
    return (!low || value >= *low) && (!high || value <= *high);
  };
  auto* source = new ColumnFilterPostingSource(column_of(slot), std::move(keep),
                                               "slot " + std::to_string(slot) + " range");
  return Query(source->release());  // the query owns it now
}

Query DateRangeQuery(const ColumnOf& column_of, Xapian::valueno slot, const DateRange& range) {
  const double low = range.from.empty() ? 0 : DateNumber(range.from);
  double high = 99999999;
  if (!range.to.empty()) {
    high = DateNumber(range.to);
    if (range.to.size() == 4) high += 1299;
    if (range.to.size() == 7) high += 99;
  }
  return ValueInRange(column_of, slot, Xapian::sortable_serialise(low),
                      Xapian::sortable_serialise(high));
}

// Only sites open to enrolment count when the status filter asks only for
// enrolling studies.
bool OnlyEnrollingSites(const SearchQuery& query) {
  return !query.overall_status.empty() &&
         std::all_of(query.overall_status.begin(), query.overall_status.end(), IsOpenStatus);
}

Xapian::valueno SiteSlot(const SearchQuery& query) {
  return OnlyEnrollingSites(query) ? schema::kRecruitingSitesSlot : schema::kAllSitesSlot;
}

// The filters read values through `column_of`.
std::vector<Query> FilterQueries(const SearchQuery& query, const ColumnOf& column_of) {
  std::vector<Query> filters;
  if (!query.overall_status.empty())
    filters.push_back(AnyTerm(schema::kStatusTerm, query.overall_status));
  if (!query.phase.empty()) filters.push_back(AnyTerm(schema::kPhaseTerm, query.phase));
  if (!query.study_type.empty())
    filters.push_back(AnyTerm(schema::kStudyTypeTerm, query.study_type));
  if (!query.std_ages.empty()) filters.push_back(AnyTerm(schema::kStdAgeTerm, query.std_ages));
  if (!query.ids.empty()) filters.push_back(AnyTerm(schema::kNctIdTerm, query.ids));
  if (!query.sex.empty()) {
    // A patient's sex: studies for that sex and studies for all.
    std::vector<std::string> sexes = {query.sex};
    if (query.sex != "ALL") sexes.push_back("ALL");
    filters.push_back(AnyTerm(schema::kSexTerm, sexes));
  }
  if (query.healthy_volunteers) {
    filters.emplace_back(std::string(schema::kHealthyTerm) +
                         (*query.healthy_volunteers ? "1" : "0"));
  }
  if (query.has_results) {
    filters.emplace_back(std::string(schema::kResultsTerm) + (*query.has_results ? "1" : "0"));
  }
  if (!query.country.empty())
    filters.emplace_back(schema::FilterTerm(schema::kCountryTerm, AsciiLowercase(query.country)));
  if (!query.state.empty())
    filters.emplace_back(schema::FilterTerm(schema::kStateTerm, AsciiLowercase(query.state)));
  if (!query.city.empty())
    filters.emplace_back(schema::FilterTerm(schema::kCityTerm, AsciiLowercase(query.city)));
  if (query.age_years) {
    const std::string age = Xapian::sortable_serialise(*query.age_years);
    filters.push_back(ValueInRange(column_of, schema::kMinimumAgeSlot, std::nullopt, age));
    filters.push_back(ValueInRange(column_of, schema::kMaximumAgeSlot, age, std::nullopt));
  }
  if (!query.start_date.empty())
    filters.push_back(DateRangeQuery(column_of, schema::kStartDateSlot, query.start_date));
  if (!query.last_update.empty()) {
    filters.push_back(DateRangeQuery(column_of, schema::kLastUpdateSlot, query.last_update));
  }
  if (query.geo) {
    // The cells the circle touches narrow the studies to measure (a
    // superset); the column filter then keeps those with a site in range.
    const auto cells =
        GeoCellTermsWithin(query.geo->latitude, query.geo->longitude, query.geo->radius_km);
    if (cells) filters.emplace_back(Query::OP_OR, cells->begin(), cells->end());
    const SiteDistance distance(query.geo->latitude, query.geo->longitude);
    auto* source = new ColumnFilterPostingSource(
        column_of(SiteSlot(query)), distance.WithinKm(query.geo->radius_km),
        "sites within " + std::to_string(query.geo->radius_km) + " km");
    filters.emplace_back(source->release());  // the query owns it now
  }
  return filters;
}

// ---------------------------------------------------------------------------
// Sorting

// Sort keys for Xapian: the parts are escaped and terminated so that they
// concatenate in order (as Xapian::MultiValueKeyMaker does); a descending
// part is bit-inverted with its own escape and terminator, so a shorter
// value still sorts after a longer one it prefixes. Missing values sort
// last in either direction.
class StudyKeyMaker : public Xapian::KeyMaker {
 public:
  // Values are read through `column_of`; distances from `geo`'s point to
  // the sites in `site_slot`.
  StudyKeyMaker(std::vector<SortKey> keys, const std::optional<GeoDistance>& geo,
                Xapian::valueno site_slot, const ColumnOf& column_of)
      : keys_(std::move(keys)) {
    if (geo) distance_.emplace(geo->latitude, geo->longitude);
    for (const SortKey& key : keys_) {
      if (key.field == SortField::kDistance && !geo) continue;  // no point to measure from
      const std::optional<Xapian::valueno> slot = SlotOf(key.field, site_slot);
      if (slot && !columns_.count(key.field)) columns_[key.field] = column_of(*slot);
    }
  }

  std::string operator()(const Xapian::Document& document) const override {
    std::string key;
    for (const SortKey& sort : keys_) {
      const std::string part = Value(document, sort.field);
      if (part.empty()) {
        key.append(4, '\xff');
      } else if (sort.descending) {
        for (char c : part) {
          const char inverted = static_cast<char>(~static_cast<unsigned char>(c));
          key += inverted;
          if (inverted == '\xff') key += '\0';
        }
        key.append(2, '\xff');
      } else {
        for (char c : part) {
          key += c;
          if (c == '\0') key += '\xff';
        }
        key.append(2, '\0');
      }
    }
    return key;
  }

 private:
  static std::optional<Xapian::valueno> SlotOf(SortField field, Xapian::valueno site_slot) {
    switch (field) {
      case SortField::kLastUpdate:
        return schema::kLastUpdateSlot;
      case SortField::kStartDate:
        return schema::kStartDateSlot;
      case SortField::kEnrollment:
        return schema::kEnrollmentSlot;
      case SortField::kDistance:
        return site_slot;
      case SortField::kRelevance:
        return std::nullopt;
    }
    return std::nullopt;
  }

  std::string Value(const Xapian::Document& document, SortField field) const {
    const auto column = columns_.find(field);
    if (column == columns_.end()) return "";
    const std::string_view value = column->second->Get(document.get_docid());
    if (field != SortField::kDistance) return std::string(value);
    if (!distance_) return "";
    std::optional<double> km = distance_->NearestKm(value);
    return km ? Xapian::sortable_serialise(*km) : "";
  }

  std::vector<SortKey> keys_;
  std::optional<SiteDistance> distance_;  // set when the query has a point
  std::map<SortField, std::shared_ptr<const ValueColumn>> columns_;
};

void ApplySort(const SearchQuery& query, Xapian::Enquire& enquire, const ColumnOf& column_of) {
  std::vector<SortKey> keys;
  bool relevance_first = false;
  for (const SortKey& key : query.sort) {
    if (key.field == SortField::kRelevance) {
      relevance_first = keys.empty();
    } else {
      keys.push_back(key);
    }
  }
  if (keys.empty()) return;  // relevance only: Xapian's default
  auto* maker = new StudyKeyMaker(keys, query.geo, SiteSlot(query), column_of);
  maker->release();  // the Enquire owns it now
  // Xapian sorts keys ascending when `reverse` is false; the maker already
  // inverted descending parts.
  if (relevance_first) {
    enquire.set_sort_by_relevance_then_key(maker, false);
  } else {
    enquire.set_sort_by_key_then_relevance(maker, false);  // relevance breaks ties
  }
}

// ---------------------------------------------------------------------------
// Facets

// Counts the "name=value" lines of the facet slot of every matching
// document the matcher looks at.
class FacetCounter : public Xapian::MatchSpy {
 public:
  // `lines` is the column of the facet slot.
  explicit FacetCounter(std::shared_ptr<const ValueColumn> lines) : lines_(std::move(lines)) {}

  void operator()(const Xapian::Document& document, double /*weight*/) override {
    ++seen_;
    std::string_view rest = lines_->Get(document.get_docid());
    while (!rest.empty()) {
      const std::size_t end = std::min(rest.find('\n'), rest.size());
      const std::string_view line = rest.substr(0, end);
      auto found = counts_.find(line);
      if (found == counts_.end()) found = counts_.emplace(std::string(line), 0).first;
      ++found->second;
      rest.remove_prefix(std::min(end + 1, rest.size()));
    }
  }

  // The documents counted so far.
  Xapian::doccount seen() const { return seen_; }

  // The counts, each multiplied by `scale` (1 when every match was seen).
  std::vector<Facet> Facets(double scale) const {
    std::map<std::string, Facet> by_name;
    for (const auto& [line, count] : counts_) {
      const std::size_t equals = line.find('=');
      Facet& facet = by_name[line.substr(0, equals)];
      facet.name = line.substr(0, equals);
      const auto scaled =
          static_cast<std::int64_t>(std::llround(static_cast<double>(count) * scale));
      facet.values.push_back({line.substr(equals + 1), std::max<std::int64_t>(scaled, 1)});
    }
    std::vector<Facet> facets;
    for (auto& [name, facet] : by_name) {
      std::sort(facet.values.begin(), facet.values.end(),
                [](const FacetValue& a, const FacetValue& b) {
                  return a.count != b.count ? a.count > b.count
                                            : a.value < b.value;  // ties in name order
                });
      facets.push_back(std::move(facet));
    }
    return facets;
  }
  std::string name() const override { return "trialfinder.FacetCounter"; }

 private:
  // Hashed, with string_view lookups: a study has dozens of facet lines
  // and an ordered map spent most of the counting in string comparisons.
  struct LineHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view line) const {
      return std::hash<std::string_view>()(line);
    }
  };
  std::unordered_map<std::string, std::int64_t, LineHash, std::equal_to<>> counts_;
  Xapian::doccount seen_ = 0;
  std::shared_ptr<const ValueColumn> lines_;
};

// ---------------------------------------------------------------------------
// Page tokens: "<offset>.<query fingerprint>", so a token only continues the
// query that made it.

std::uint64_t Fingerprint(const SearchQuery& q) {
  std::string canonical;
  auto add = [&](const std::string& part) { canonical += part + '\x1f'; };
  auto add_list = [&](const std::vector<std::string>& parts) {
    for (const auto& part : parts) add(part);
    add("|");
  };
  for (const std::string* text :
       {&q.cond, &q.term, &q.intr, &q.titles, &q.outc, &q.spons, &q.lead, &q.id, &q.locn,
        &q.patient, &q.advanced, &q.sex, &q.country, &q.state, &q.city, &q.start_date.from,
        &q.start_date.to, &q.last_update.from, &q.last_update.to}) {
    add(*text);
  }
  add_list(q.overall_status);
  add_list(q.phase);
  add_list(q.study_type);
  add_list(q.std_ages);
  add_list(q.ids);
  add(q.healthy_volunteers ? std::to_string(*q.healthy_volunteers) : "-");
  add(q.has_results ? std::to_string(*q.has_results) : "-");
  add(q.age_years ? std::to_string(*q.age_years) : "-");
  for (const WeightedText& text : q.relevance_texts)
    add(text.text + "^" + std::to_string(text.weight));
  if (q.geo)
    add(std::to_string(q.geo->latitude) + "," + std::to_string(q.geo->longitude) + "," +
        std::to_string(q.geo->radius_km));
  for (const SortKey& key : q.sort)
    add(std::to_string(static_cast<int>(key.field)) + (key.descending ? "d" : "a"));
  return Fnv1aHash(canonical);
}

std::string MakePageToken(std::size_t offset, std::uint64_t fingerprint) {
  char token[48];
  std::snprintf(token, sizeof token, "%zu.%016" PRIx64, offset, fingerprint);
  return token;
}

// Offsets past this are no page of any index (Xapian counts documents in
// 32 bits: 4294967296 wrapped round to the first page).
constexpr std::size_t kMaxPageOffset = 1'000'000'000;

Result<std::size_t> ReadPageToken(const std::string& token, std::uint64_t fingerprint) {
  std::size_t offset = 0;
  std::uint64_t expected = 0;
  char tail = 0;
  if (std::sscanf(token.c_str(), "%zu.%16" SCNx64 "%c", &offset, &expected, &tail) != 2 ||
      MakePageToken(offset, expected) != token || offset > kMaxPageOffset) {
    return Status::InvalidArgument("parameter 'pageToken': '" + token + "' is not a page token");
  }
  if (expected != fingerprint) {
    return Status::InvalidArgument(
        "parameter 'pageToken': the token belongs to a different query; repeat the query "
        "parameters that produced it");
  }
  return offset;
}

// The word of an all-text term (unprefixed, or of the outcome field, see
// TextField::WordQuery); empty for terms of other fields.
std::string_view AllTextWord(std::string_view term) {
  const std::string_view outcome = schema::kOutcomeField;
  if (term.substr(0, outcome.size()) == outcome) term.remove_prefix(outcome.size());
  if (term.empty() || !std::islower(static_cast<unsigned char>(term[0]))) return {};
  return term;
}

// All-text terms worth expanding a query with.
struct TextTermsOnly : Xapian::ExpandDecider {
  bool operator()(const std::string& term) const override {
    const std::string_view word = AllTextWord(term);
    return word.size() > 2 && !IsStopword(std::string(word));
  }
};

// At most `count` words of all text that best tell the documents of
// `relevant` from the rest (Xapian's relevance feedback), best first. A
// word in both outcome and other text comes once, where it ranks first.
std::vector<std::string> ExpansionWords(const Xapian::Database& database,
                                        const Xapian::RSet& relevant, std::size_t count) {
  Xapian::Enquire enquire(database);
  const TextTermsOnly text_only;
  // Each word can come twice, so twice as many terms give `count` words.
  const Xapian::ESet expansion =
      enquire.get_eset(static_cast<Xapian::termcount>(2 * count), relevant, &text_only);
  std::vector<std::string> words;
  for (auto term = expansion.begin(); term != expansion.end() && words.size() < count; ++term) {
    const std::string word(AllTextWord(*term));
    if (std::find(words.begin(), words.end(), word) == words.end()) words.push_back(word);
  }
  return words;
}

}  // namespace

// ---------------------------------------------------------------------------

struct SearchIndex::Impl {
  Xapian::Database database;
  // Whether the documents have this build's layout. An index of an older
  // layout is searched with synonym phrases instead of concept terms, and
  // refuses distance searches (its sites are stored differently), until it
  // is rebuilt.
  bool current_layout = false;
  // Columns of value slots, shared with the other readers of the index.
  std::shared_ptr<ValueColumnCache> column_cache;
  // The columns this reader has used at `columns_revision`.
  std::map<Xapian::valueno, std::shared_ptr<const ValueColumn>> columns;
  Xapian::rev columns_revision = 0;

  // Reads what depends on the revision open: the layout, and the columns
  // of a revision this reader has not seen.
  void ReadRevision() {
    current_layout = database.get_metadata(schema::kLayoutKey) == DocumentLayout();
    if (database.get_revision() != columns_revision) {
      columns.clear();
      columns_revision = database.get_revision();
    }
  }

  // The column of `slot` in the revision open. Throws what Xapian throws.
  std::shared_ptr<const ValueColumn> Column(Xapian::valueno slot) {
    std::shared_ptr<const ValueColumn>& column = columns[slot];
    if (!column) column = column_cache->Column(database, slot);
    return column;
  }

  // The query for one text parameter, or nullopt when empty. With `fix` the
  // words are spell-corrected where the index knows a better word; `fixed`
  // then says whether anything changed and `corrected` gets the new text.
  std::optional<Query> TextQuery(const std::string& text, const std::string& prefix, bool fix,
                                 bool* fixed, std::string* corrected) {
    if (text.find_first_not_of(" \t") == std::string::npos) return std::nullopt;
    const TextField field{prefix, current_layout};
    std::string rewritten;
    auto words_query = [&](const std::string& run) -> std::optional<Query> {
      std::vector<Word> words = SplitWords(run);
      if (words.empty()) return std::nullopt;
      std::string raw = run;
      if (fix) {
        raw.clear();
        for (Word& word : words) {
          if (!field.Has(database, word)) {
            const std::string suggestion = database.get_spelling_suggestion(word.raw);
            if (!suggestion.empty()) {
              word = {suggestion, StemWord(suggestion)};
              *fixed = true;
            }
          }
          raw += (raw.empty() ? "" : " ") + word.raw;
        }
        rewritten += (rewritten.empty() ? "" : " ") + raw;
      }
      Query query = PlainTextQuery(words, raw, field);
      if (query.empty()) return std::nullopt;
      return query;
    };
    std::optional<Query> query = SyntaxParser(text, field, words_query).Parse();
    if (fix && corrected && !rewritten.empty())
      *corrected += (corrected->empty() ? "" : " ") + rewritten;
    return query;
  }

  // All text parameters ANDed; MatchAll when there are none.
  Query TextQueries(const SearchQuery& q, bool fix, bool* fixed, std::string* corrected) {
    const std::pair<const std::string*, const char*> fields[] = {
        {&q.cond, schema::kConditionField},    {&q.term, ""},
        {&q.intr, schema::kInterventionField}, {&q.titles, schema::kTitleField},
        {&q.outc, schema::kOutcomeField},      {&q.spons, schema::kSponsorField},
        {&q.lead, schema::kLeadSponsorField},  {&q.id, schema::kIdentifierField},
        {&q.locn, schema::kLocationField},     {&q.patient, ""}};
    std::vector<Query> parts;
    for (const auto& [text, prefix] : fields) {
      if (std::optional<Query> part = TextQuery(*text, prefix, fix, fixed, corrected)) {
        parts.push_back(*part);
      }
    }
    std::optional<Query> relevance = RelevanceQuery(q.relevance_texts);
    if (parts.empty()) return relevance ? *relevance : MatchAll();
    Query required(Query::OP_AND, parts.begin(), parts.end());
    return relevance ? Query(Query::OP_AND_MAYBE, required, *relevance) : required;
  }

  // Any word of any text, concepts as synonym groups, each text scaled.
  std::optional<Query> RelevanceQuery(const std::vector<WeightedText>& texts) const {
    const TextField all_text{"", current_layout};
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
      const std::vector<Query> parts = ConceptParts(
          SplitWords(text.text), text.text, all_text,
          [](const Word& word) { return !IsStopword(word.raw) && word.raw.size() > 1; });
      if (parts.empty()) continue;
      scaled.emplace_back(Query::OP_SCALE_WEIGHT, Query(Query::OP_OR, parts.begin(), parts.end()),
                          text.weight);
    }
    if (scaled.empty()) return std::nullopt;
    return Query(Query::OP_OR, scaled.begin(), scaled.end());
  }

  // Text only in fields such as conditions or interventions: no text for
  // all fields (query.term, query.patient) and none ranking on its own.
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

  Result<SearchResult> Run(const SearchQuery& q, const Query& text_query, std::size_t offset) {
    const ColumnOf column_of = [this](Xapian::valueno slot) { return Column(slot); };
    std::vector<Query> filters = FilterQueries(q, column_of);
    if (!q.advanced.empty()) {
      Result<Query> advanced = BuildAdvancedFilter(
          q.advanced, [this](const std::string& text, const std::string& prefix) {
            return TextQuery(text, prefix, false, nullptr, nullptr);
          });
      if (!advanced.ok()) return advanced.status();
      filters.push_back(*advanced);
    }
    Query query = text_query;
    if (!filters.empty()) {
      query = Query(Query::OP_FILTER, query, Query(Query::OP_AND, filters.begin(), filters.end()));
    }
    Xapian::Enquire enquire(database);
    enquire.set_query(query);
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);  // stable ties
    if (OnlyFieldText(q)) enquire.set_weighting_scheme(kFieldWeighting);
    ApplySort(q, enquire, column_of);
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
      result.next_page_token = MakePageToken(next, Fingerprint(q));
    }
    return result;
  }
};

std::string PageTokenAt(const SearchQuery& query, std::size_t offset) {
  return MakePageToken(offset, Fingerprint(query));
}

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
    impl->ReadRevision();
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

Status SearchIndex::Reopen() {
  try {
    impl_->database.reopen();
    impl_->ReadRevision();
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
  if (!query.page_token.empty()) {
    Result<std::size_t> read = ReadPageToken(query.page_token, Fingerprint(query));
    if (!read.ok()) return read.status();
    offset = *read;
  }
  if (query.geo && !impl_->current_layout) {
    // Older layouts store sites in another format.
    return Status::IoError(
        "the search index was written by an older trialfinder and cannot measure distances; run "
        "'trialfinder reindex' (or 'trialfinder serve', which rebuilds it)");
  }
  try {
    Result<SearchResult> result =
        impl_->Run(query, impl_->TextQueries(query, false, nullptr, nullptr), offset);
    if (!result.ok() || result->total > 0 || offset > 0) return result;
    // Nothing found: try again with misspelt words corrected.
    bool fixed = false;
    std::string corrected;
    Query retry = impl_->TextQueries(query, true, &fixed, &corrected);
    if (!fixed) return result;
    Result<SearchResult> second = impl_->Run(query, retry, 0);
    if (second.ok() && second->total > 0) {
      second->corrected_query = corrected;
      // Page tokens of a corrected search continue the corrected words only
      // if the client sends them, so none is offered.
      second->next_page_token.clear();
      return second;
    }
    return result;
  } catch (const Xapian::Error& error) {
    return Status::Internal("search failed: " + error.get_description());
  }
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

// The document's terms of field `prefix` (words and concept terms, not
// other fields that share the prefix's first letters), rarest first, at
// most kRelatedTermsPerField of them.
std::vector<Query> RarestFieldTerms(const Xapian::Database& database, Xapian::docid docid,
                                    const std::string& prefix) {
  std::vector<std::pair<Xapian::doccount, std::string>> terms;
  Xapian::TermIterator term = database.termlist_begin(docid);
  for (term.skip_to(prefix); term != database.termlist_end(docid); ++term) {
    const std::string& name = *term;
    if (name.compare(0, prefix.size(), prefix) != 0) break;
    const char next = name.size() > prefix.size() ? name[prefix.size()] : '\0';
    if (!std::islower(static_cast<unsigned char>(next)) &&
        !std::isdigit(static_cast<unsigned char>(next)) && next != '#') {
      continue;
    }
    terms.emplace_back(term.get_termfreq(), name);
  }
  const std::size_t kept = std::min(terms.size(), kRelatedTermsPerField);
  std::partial_sort(terms.begin(), terms.begin() + static_cast<std::ptrdiff_t>(kept), terms.end());
  std::vector<Query> queries;
  for (std::size_t i = 0; i < kept; ++i) queries.emplace_back(terms[i].second);
  return queries;
}

}  // namespace

Result<std::vector<SearchHit>> SearchIndex::Related(const std::string& nct_id, std::size_t count) {
  try {
    Xapian::Database& database = impl_->database;
    Xapian::PostingIterator posting = database.postlist_begin(NctIdTerm(nct_id));
    if (posting == database.postlist_end(NctIdTerm(nct_id))) {
      return Status::NotFound("no study " + nct_id + " in the search index");
    }
    const Xapian::docid docid = *posting;
    // The study's own condition and intervention terms (words and concept
    // terms), strongly weighted, and its most telling text terms (Xapian's
    // relevance feedback). Only the rarest few of each field are kept: a
    // common word ("disease", "study" from a title) says little about
    // similarity and its posting list covers much of the registry.
    std::vector<Query> condition_terms = RarestFieldTerms(database, docid, schema::kConditionField);
    std::vector<Query> intervention_terms =
        RarestFieldTerms(database, docid, schema::kInterventionField);
    Xapian::RSet relevant;
    relevant.add_document(docid);
    const TextField all_text{"", impl_->current_layout};
    std::vector<Query> text_terms;
    for (const std::string& word : ExpansionWords(database, relevant, 30))
      text_terms.push_back(all_text.WordQuery(word));
    Xapian::Enquire enquire(database);
    std::vector<Query> parts;
    auto add = [&](std::vector<Query>& terms, double factor) {
      if (terms.empty()) return;
      parts.emplace_back(Query::OP_SCALE_WEIGHT, Query(Query::OP_OR, terms.begin(), terms.end()),
                         factor);
    };
    add(condition_terms, 3.0);
    add(intervention_terms, 2.0);
    add(text_terms, 1.0);
    if (parts.empty()) return std::vector<SearchHit>();
    enquire.set_query(Query(Query::OP_AND_NOT, Query(Query::OP_OR, parts.begin(), parts.end()),
                            Query(NctIdTerm(nct_id))));
    Xapian::MSet matches = enquire.get_mset(0, static_cast<Xapian::doccount>(count));
    std::vector<SearchHit> hits;
    for (auto match = matches.begin(); match != matches.end(); ++match) {
      hits.push_back({match.get_document().get_data(), match.get_weight(), std::nullopt});
    }
    return hits;
  } catch (const Xapian::Error& error) {
    return Status::Internal("related trials failed: " + error.get_description());
  }
}

}  // namespace trialfinder
