// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "search/piece_query.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string_view>
#include <vector>

#include "search/index_schema.h"
#include "search/text_query.h"
#include "text/ascii_case.h"
#include "text/words.h"
#include "trialfinder/age.h"
#include "trialfinder/partial_date.h"

namespace trialfinder {
namespace {

namespace schema = index_schema;
using Xapian::Query;
using Coverage = PieceQuery::Coverage;

// The most values COVERAGE[StartsWith] or COVERAGE[EndsWith] expands to.
constexpr Xapian::termcount kMaxValues = 1000;

Status Invalid(const std::string& problem) { return Status::InvalidArgument(problem); }

std::string Trimmed(const std::string& text) { return std::string(TrimAsciiSpace(text)); }

}  // namespace

bool IsRangeType(PieceType type) {
  return type == PieceType::kDate || type == PieceType::kInteger || type == PieceType::kNumber ||
         type == PieceType::kAge;
}

Query PieceQuery::Missing(const Piece& piece) {
  return Query(Query::OP_AND_NOT, MatchAll(), Query(schema::PieceHasTerm(piece.name)));
}

Result<std::optional<Query>> PieceQuery::Value(const std::string& raw) const {
  const std::string value = Trimmed(raw);
  const std::string shown = "AREA[" + std::string(piece_.name) + "]";
  if (value.empty()) return Invalid(shown + " has no value");
  if (options_.size) return Sizes(value, value);
  switch (piece_.type) {
    case PieceType::kEnum: {
      std::string upper = AsciiUppercase(value);
      std::replace(upper.begin(), upper.end(), ' ', '_');
      // "Phase 2", "PHASE_2": PHASE2, as the registry writes it.
      if (upper.rfind("PHASE_", 0) == 0) upper.erase(5, 1);
      return std::optional<Query>(Query(schema::PieceValueTerm(piece_.name, upper)));
    }
    case PieceType::kBoolean: {
      const std::string flag = AsciiLowercase(value);
      if (flag != "true" && flag != "false") return Invalid(shown + " takes true or false");
      return std::optional<Query>(Query(schema::PieceValueTerm(piece_.name, flag)));
    }
    case PieceType::kMarkup: {
      std::optional<Query> text = words_(value, "", options_.expansion);
      if (!text) return std::optional<Query>();
      return std::optional<Query>(
          Query(Query::OP_FILTER, *text, Query(schema::PieceHasTerm(piece_.name))));
    }
    case PieceType::kText:
      return Text(value);
    default:
      return Range(value, value);
  }
}

// Words in the piece's values, with the coverage asked for; ranked by the
// same words in all text (piece terms weigh nothing). Coverage reads the
// whole-value terms, which values of up to kMaxWholeValueWords words have
// (index_schema.h): longer values are found by Contains only.
Result<std::optional<Query>> PieceQuery::Text(const std::string& value) const {
  if (schema::IsContactDetail(piece_.name)) {
    return Invalid("AREA[" + std::string(piece_.name) +
                   "] is not searchable: contacts and links are not indexed");
  }
  const std::vector<Word> words = SplitWords(value);
  if (words.empty()) return std::optional<Query>();
  std::string whole;
  for (const Word& word : words) whole += (whole.empty() ? "" : " ") + word.raw;
  const std::string word_prefix = schema::PieceWordPrefix(piece_.name);
  std::vector<Query> terms;
  for (const Word& word : words) {
    if (!IsStopword(word.raw)) terms.emplace_back(word_prefix + word.stemmed);
  }
  // Every word of the value, or (Lossy) any; concepts' synonyms too.
  auto contains = [&]() -> Query {
    if (terms.empty()) return Query(schema::PieceValueTerm(piece_.name, whole));
    const bool any = options_.expansion == Expansion::kLossy;
    Query all(any ? Query::OP_OR : Query::OP_AND, terms.begin(), terms.end());
    if (options_.expansion == Expansion::kConcept || options_.expansion == Expansion::kRelaxation) {
      Query concepts = PlainTextQuery(words, value, TextField{word_prefix});
      if (!concepts.empty()) all = Query(Query::OP_OR, all, concepts);
    }
    return all;
  };
  const std::string value_prefix = schema::PieceValuePrefix(piece_.name);
  Query matching;
  switch (options_.coverage) {
    case Coverage::kContains:
      matching = contains();
      break;
    case Coverage::kFullMatch:
      matching = Query(schema::PieceValueTerm(piece_.name, whole));
      break;
    case Coverage::kStartsWith:
      // At most kMaxValues values, the most frequent: "a" would otherwise
      // expand to every value that starts with the word "a".
      matching = Query(Query::OP_OR, Query(schema::PieceValueTerm(piece_.name, whole)),
                       Query(Query::OP_WILDCARD, value_prefix + whole + " ", kMaxValues,
                             Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT));
      break;
    case Coverage::kEndsWith:
      matching = EndingWith(value_prefix, whole);
      break;
  }
  const TextField all_text{""};
  std::vector<Query> weights;
  for (const Word& word : words) {
    if (!IsStopword(word.raw)) weights.push_back(all_text.WordQuery(word.stemmed));
  }
  if (weights.empty()) return std::optional<Query>(matching);
  return std::optional<Query>(
      Query(Query::OP_AND_MAYBE, matching, Query(Query::OP_OR, weights.begin(), weights.end())));
}

// The whole-value terms under `prefix` that are `whole` or end with " " +
// `whole`, at most kMaxValues of them (the first in term order: the
// answer is then incomplete, a price for bounding a request's cost).
// Without a database (checking syntax only) none.
Query PieceQuery::EndingWith(const std::string& prefix, const std::string& whole) const {
  std::vector<Query> terms;
  if (database_) {
    const std::string ending = " " + whole;
    for (auto term = database_->allterms_begin(prefix); term != database_->allterms_end(prefix);
         ++term) {
      const std::string& name = *term;
      const std::string_view tail(name.data() + prefix.size(), name.size() - prefix.size());
      if (tail == whole ||
          (tail.size() > ending.size() && tail.substr(tail.size() - ending.size()) == ending)) {
        terms.emplace_back(name);
        if (terms.size() >= kMaxValues) break;
      }
    }
  }
  return Query(Query::OP_OR, terms.begin(), terms.end());
}

// Studies with from `low` to `high` values of a list piece (MIN, MAX).
Result<std::optional<Query>> PieceQuery::Sizes(const std::string& low_text,
                                               const std::string& high_text) const {
  long bounds[2] = {0, std::numeric_limits<long>::max()};
  const std::string* texts[2] = {&low_text, &high_text};
  for (int i = 0; i < 2; ++i) {
    const std::string& text = *texts[i];
    if (text == "MIN" || text == "MAX") continue;
    char* end = nullptr;
    bounds[i] = std::strtol(text.c_str(), &end, 10);
    if (end == text.c_str() || *end != '\0' || bounds[i] < 0) {
      return Invalid("AREA[" + std::string(piece_.name) + ":size]: '" + text + "' is not a count");
    }
  }
  std::vector<Query> sizes;
  if (bounds[0] == 0) sizes.push_back(Missing(piece_));
  const std::string prefix = schema::PieceSizePrefix(piece_.name);
  if (database_) {
    for (auto term = database_->allterms_begin(prefix); term != database_->allterms_end(prefix);
         ++term) {
      const long size = std::strtol((*term).c_str() + prefix.size(), nullptr, 10);
      if (size >= bounds[0] && size <= bounds[1]) sizes.emplace_back(*term);
    }
  }
  return std::optional<Query>(Query(Query::OP_OR, sizes.begin(), sizes.end()));
}

// A bound as the number the piece's slot holds; nullopt for MIN and MAX.
Result<std::optional<double>> PieceQuery::Bound(const std::string& text) const {
  if (text == "MIN" || text == "MAX") return std::optional<double>();
  const std::string shown = "AREA[" + std::string(piece_.name) + "]: '" + text + "'";
  if (piece_.type == PieceType::kAge) {
    Result<std::optional<Age>> age = ParseAge(text);
    if (age.ok() && age->has_value() && std::isfinite((*age)->InYears())) {
      return std::optional<double>((*age)->InYears());
    }
    return Invalid(shown + " is not an age");
  }
  if (piece_.type == PieceType::kDate) {
    const std::optional<PartialDate> date = PartialDate::Parse(text);
    if (date) return std::optional<double>(date->SortKey());
    return Invalid(shown + " is not a date");
  }
  // Decimal numbers only: strtod also reads "nan", "inf" and "0x10".
  char* end = nullptr;
  const double number = std::strtod(text.c_str(), &end);
  const bool decimal = text.find_first_not_of("0123456789.+-eE") == std::string::npos;
  if (decimal && end != text.c_str() && *end == '\0' && std::isfinite(number)) {
    return std::optional<double>(number);
  }
  return Invalid(shown + " is not a number");
}

Result<std::optional<Query>> PieceQuery::Range(const std::string& low_text,
                                               const std::string& high_text) const {
  if (options_.size) return Sizes(low_text, high_text);
  if (!IsRangeType(piece_.type)) {
    return Invalid("AREA[" + std::string(piece_.name) +
                   "] does not take RANGE (dates, numbers and ages do)");
  }
  Result<std::optional<double>> low = Bound(low_text);
  if (!low.ok()) return low.status();
  Result<std::optional<double>> high = Bound(high_text);
  if (!high.ok()) return high.status();
  if ((low_text == "MAX" || high_text == "MIN") ||
      (low->has_value() && high->has_value() && **low > **high)) {
    return Invalid("AREA[" + std::string(piece_.name) + "]: RANGE[" + low_text + ", " + high_text +
                   "] is empty: its low bound comes first");
  }
  double high_value = high->value_or(1e12);
  // A partial upper date covers its whole period: RANGE[MIN, 2024] ends 2024-12-31.
  if (piece_.type == PieceType::kDate && high->has_value()) {
    if (high_text.size() == 4) high_value += 1299;
    if (high_text.size() == 7) high_value += 99;
  }
  const auto index = static_cast<std::size_t>(&piece_ - StudyPieces().data());
  // Ages: a study without a minimum takes any age from birth, one without
  // a maximum any age, as ClinicalTrials.gov reads them
  // (AREA[MaximumAge]RANGE[65 years, MAX] finds studies without an upper
  // limit): their slots hold such open bounds. The piece's own slot holds
  // stated ages only (sort, statistics).
  Xapian::valueno slot = schema::PieceSlot(index);
  if (piece_.name == "MinimumAge") slot = schema::kMinimumAgeSlot;
  if (piece_.name == "MaximumAge") slot = schema::kMaximumAgeSlot;
  return std::optional<Query>(Query(Query::OP_VALUE_RANGE, slot,
                                    Xapian::sortable_serialise(low->value_or(-1e12)),
                                    Xapian::sortable_serialise(high_value)));
}

}  // namespace trialfinder
