// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Turning text into words, the same way for the index, queries, criteria
// and case notes: Xapian's tokenizer (TermGenerator) and English stemmer,
// used here so that the modules above need not include Xapian.

#ifndef TRIALFINDER_TEXT_WORDS_H_
#define TRIALFINDER_TEXT_WORDS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

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

// Common English words that a query does not require ("of", "the", "with").
bool IsStopword(const std::string& word);

}  // namespace trialfinder

#endif  // TRIALFINDER_TEXT_WORDS_H_
