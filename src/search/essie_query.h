// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// ClinicalTrials.gov's search expressions ("Essie" syntax), one grammar for
// every query.* parameter (which rank) and filter.advanced (which filters):
//
//   expression := and (OR and)*
//   and        := unary ([AND] [NOT] unary)*      adjacent operands are ANDed
//   unary      := NOT unary | context unary | "(" expression ")" | operand
//   context    := AREA[name] | SEARCH[Study|Location] | EXPANSION[mode]
//                 | COVERAGE[FullMatch|StartsWith|EndsWith|Contains]
//   operand    := words | "a phrase" | RANGE[low, high] | MISSING
//
// AREA takes a search area (ConditionSearch, BasicSearch, ...: the text
// fields of query.*) or a piece (trialfinder/study_pieces.h: Phase,
// LocationCity, StartDate, ...). A backslash before an operator makes it a
// word (\MISSING); inside quotes, \" is a quote.
//
// What this does not do exactly as ClinicalTrials.gov does, and why:
// - SEARCH[Location](A AND B) holds when A and B hold at any sites of the
//   study, not necessarily the same one: the index keeps a study's sites'
//   terms together. It can give more studies, never fewer.
// - A phrase in a piece (AREA[Condition]"heart failure") needs its words in
//   one value of the piece, not necessarily adjacent: piece terms carry no
//   positions. Phrases in search areas are exact.
// - EXPANSION[None] is EXPANSION[Term]: the index holds stems only, so
//   "cancers" also finds "cancer". Concept (the default) adds
//   trialfinder's synonyms and abbreviations; Relaxation is Concept;
//   Lossy needs any one of the words instead of all.
// - COVERAGE (FullMatch, StartsWith, EndsWith) compares words in lower
//   case, and reads values of at most 8 words: a longer value (a title) is
//   found by Contains only. COVERAGE applies to pieces, not search areas.
//   StartsWith and EndsWith expand to at most 1,000 values (StartsWith the
//   most frequent), which bounds a request's cost.
// - Contact details and links (phones, e-mails, URLs) are not searchable.
// - Long text pieces (BriefSummary, EligibilityCriteria, ...) are searched
//   in all text: AREA[BriefSummary]x finds studies that have a summary and
//   the word x anywhere.

#ifndef TRIALFINDER_SEARCH_ESSIE_QUERY_H_
#define TRIALFINDER_SEARCH_ESSIE_QUERY_H_

#include <xapian.h>

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "trialfinder/status.h"

namespace trialfinder {

enum class Expansion { kNone, kTerm, kConcept, kRelaxation, kLossy };

// The query for words of a text field (prefix "" for all text), or nullopt
// when they give none (stopwords only). Spelling fixes and concept
// expansion are the callee's.
using FieldWordsQuery = std::function<std::optional<Xapian::Query>(
    const std::string& words, const std::string& prefix, Expansion expansion)>;

struct EssieOptions {
  std::string parameter;  // named in errors: "query.cond", "filter.advanced"
  std::string prefix;     // the field of words outside any AREA
  // True for query.*: unbalanced parentheses and stray operators are read
  // as words, as people type them. False for filter.advanced: they are
  // errors. Unknown areas and malformed operators are errors either way.
  bool lenient = true;
  // The index, for COVERAGE[EndsWith] (which lists the values that end
  // so); may be null when only the syntax is checked.
  const Xapian::Database* database = nullptr;
  // Whether the intervention field's drug classes count as its text
  // (TextField::with_classes); false for query.about.
  bool with_classes = true;
};

// Parses `text`; nullopt when it gives no query (only stopwords). Errors
// name the parameter, the problem and the character where it is.
Result<std::optional<Xapian::Query>> ParseEssie(const std::string& text,
                                                const EssieOptions& options,
                                                const FieldWordsQuery& words);

}  // namespace trialfinder

#endif  // TRIALFINDER_SEARCH_ESSIE_QUERY_H_
