// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Turning text into the words the index holds, the same way on both sides:
// the indexer's Xapian::TermGenerator and the query builder share the
// tokenizer (TermGenerator) and the English stemmer.

#ifndef TRIALFINDER_SEARCH_TEXT_ANALYSIS_H_
#define TRIALFINDER_SEARCH_TEXT_ANALYSIS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace trialfinder {

// One word of a text, in order.
struct Word {
  std::string raw;      // lower case, as written ("lupis")
  std::string stemmed;  // as indexed ("lupi")
};

// Words longer than this (bytes) are not indexed: Xapian's TermGenerator
// default, kept so that no term comes near Xapian's 245-byte limit.
inline constexpr std::size_t kMaxSplitWordBytes = 64;

// The words of `text` as Xapian's TermGenerator splits them (Unicode-aware,
// lower case; "CAR-T" gives "car", "t"). Runs of letters and digits over
// kMaxSplitWordBytes, which the index never holds, come last, cut to twice
// that length, so that a query for one finds nothing.
std::vector<Word> SplitWords(std::string_view text);

// The English stem of a lower-case word, as the index stores it.
std::string StemWord(const std::string& word);

// An English Xapian::Stem that remembers the stems it computed: medical
// text repeats its words, and stemming was a quarter of indexing time.
// Like every Xapian object it is for one thread.
Xapian::Stem CachingEnglishStemmer();

// A query matching every document. Use this, never Xapian::Query::MatchAll:
// that is one shared object whose reference count is not thread-safe, and
// copying it from several request threads at once corrupts it.
inline Xapian::Query MatchAll() { return Xapian::Query(std::string()); }

// Common English words that a query does not require ("of", "the", "with").
bool IsStopword(const std::string& word);

}  // namespace trialfinder

#endif  // TRIALFINDER_SEARCH_TEXT_ANALYSIS_H_
