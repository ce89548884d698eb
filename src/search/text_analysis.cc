// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "search/text_analysis.h"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <map>
#include <unordered_map>

namespace trialfinder {

std::vector<Word> SplitWords(std::string_view text) {
  Xapian::TermGenerator generator;
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
  Xapian::Document scratch;
  generator.set_document(scratch);
  generator.index_text(std::string(text));
  std::map<Xapian::termpos, std::string> by_position;
  for (auto term = scratch.termlist_begin(); term != scratch.termlist_end(); ++term) {
    for (auto pos = term.positionlist_begin(); pos != term.positionlist_end(); ++pos) {
      by_position[*pos] = *term;
    }
  }
  std::vector<Word> words;
  words.reserve(by_position.size());
  for (const auto& [position, raw] : by_position) words.push_back({raw, StemWord(raw)});
  return words;
}

namespace {

class CachingStemImplementation : public Xapian::StemImplementation {
 public:
  explicit CachingStemImplementation(std::size_t max_entries) : max_entries_(max_entries) {}

  std::string operator()(const std::string& word) override {
    auto found = cache_.find(word);
    if (found != cache_.end()) return found->second;
    std::string stem = english_(word);
    // Bounded: a cache of every word ever seen would grow with the registry.
    if (cache_.size() >= max_entries_) cache_.clear();
    cache_.emplace(word, stem);
    return stem;
  }
  std::string get_description() const override { return "english (cached)"; }

 private:
  std::size_t max_entries_;
  Xapian::Stem english_{"english"};
  std::unordered_map<std::string, std::string> cache_;
};

}  // namespace

Xapian::Stem CachingEnglishStemmer() { return Xapian::Stem(new CachingStemImplementation(200000)); }

std::string StemWord(const std::string& word) {
  // One per thread (Xapian objects are not thread-safe). Matching stems the
  // same criterion words again and again; the small cache bounds memory
  // with many server threads.
  thread_local Xapian::Stem stemmer(new CachingStemImplementation(20000));
  return stemmer(word);
}

bool IsStopword(const std::string& word) {
  static constexpr std::array<std::string_view, 33> kStopwords = {
      "a",    "an",   "and",  "are",  "as",   "at",   "be",    "by",   "for",  "from", "has",
      "have", "in",   "is",   "it",   "its",  "of",   "on",    "or",   "that", "the",  "their",
      "this", "to",   "was",  "were", "will", "with", "which", "who",  "whom", "into", "than"};
  return std::find(kStopwords.begin(), kStopwords.end(), word) != kStopwords.end();
}

}  // namespace trialfinder
