// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/words.h"

#include "text/stemmer.h"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <map>
#include <vector>

namespace trialfinder {

std::vector<Word> SplitWords(std::string_view text) {
  Xapian::TermGenerator generator;
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
  generator.set_max_word_length(kMaxSplitWordBytes);
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
  // TermGenerator skips words over kMaxSplitWordBytes without a trace, so a
  // query of one such word used to constrain nothing and match every study.
  // They come back as words no index holds (cut to twice the limit, well
  // under Xapian's 245-byte terms), which match nothing.
  std::size_t run = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const unsigned char c = i < text.size() ? static_cast<unsigned char>(text[i]) : ' ';
    if (std::isalnum(c) || c >= 0x80 || c == '_') {
      ++run;
      continue;
    }
    if (run > kMaxSplitWordBytes) {
      std::string word(text.substr(i - run, std::min(run, 2 * kMaxSplitWordBytes)));
      std::transform(word.begin(), word.end(), word.begin(),
                     [](unsigned char letter) { return static_cast<char>(std::tolower(letter)); });
      words.push_back({word, word});
    }
    run = 0;
  }
  return words;
}

namespace {

// English stems from a fixed-size, direct-mapped cache: a word hashes to one
// slot, which keeps the last word seen there and its stem. A lookup reads
// one slot instead of walking a hash map's bucket and node (the map this
// replaced took half of stemming's time, a tenth of building a document).
// Collisions only cost a stem computed again; the cache never grows.
class CachingStemImplementation : public Xapian::StemImplementation {
 public:
  // `slots` is rounded up to a power of two.
  explicit CachingStemImplementation(std::size_t slots) : slots_(std::bit_ceil(slots)) {}

  std::string operator()(const std::string& word) override {
    Slot& slot = slots_[std::hash<std::string>{}(word) & (slots_.size() - 1)];
    if (!slot.filled || slot.word != word) {
      slot.word = word;
      slot.stem = english_(word);
      slot.filled = true;
    }
    return slot.stem;
  }
  std::string get_description() const override { return "english (cached)"; }

 private:
  struct Slot {
    std::string word;
    std::string stem;
    bool filled = false;
  };
  Xapian::Stem english_{"english"};
  std::vector<Slot> slots_;
};

}  // namespace

Xapian::Stem CachingEnglishStemmer() { return Xapian::Stem(new CachingStemImplementation(65536)); }

std::string StemWord(const std::string& word) {
  // One per thread (Xapian objects are not thread-safe). Matching stems the
  // same criterion words again and again; the small cache bounds memory
  // with many server threads.
  thread_local Xapian::Stem stemmer(new CachingStemImplementation(8192));
  return stemmer(word);
}

bool IsStopword(const std::string& word) {
  if (word.size() > 5) return false;  // most words, without a search
  static constexpr std::array<std::string_view, 33> kStopwords = {
      "a",    "an", "and", "are",  "as",   "at",   "be",    "by",  "for",  "from", "has",
      "have", "in", "is",  "it",   "its",  "of",   "on",    "or",  "that", "the",  "their",
      "this", "to", "was", "were", "will", "with", "which", "who", "whom", "into", "than"};
  return std::find(kStopwords.begin(), kStopwords.end(), word) != kStopwords.end();
}

}  // namespace trialfinder
