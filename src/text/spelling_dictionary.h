// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Which typed words are real English or medical words, from Hunspell's
// Debian dictionaries (hunspell-en-us, and hunspell-en-med's OpenMedSpel
// list). Search uses it to tell a misspelling ("lupis") from a real word
// the index lacks ("polio" in a small index, which Xapian's spelling data,
// built from the index, would "correct" to "polo"): a real word is never
// replaced, only offered as "did you mean". Private to src/.
//
// Not guaranteed: the lists are general and not complete (drug codes,
// rare eponyms and British spellings are unknown to them; an unknown word
// is corrected as before), and a real word can still be a typo for
// another ("beast cancer"): that one is offered, not applied.

#ifndef TRIALFINDER_TEXT_SPELLING_DICTIONARY_H_
#define TRIALFINDER_TEXT_SPELLING_DICTIONARY_H_

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

class Hunspell;

namespace trialfinder {

class SpellingDictionary {
 public:
  // The system's dictionaries (kSystemAffix with kSystemWords and
  // kSystemMedicalWords), loaded on first use; one that is missing is left
  // out, and with none installed Knows is always false.
  static const SpellingDictionary& System();

  // A dictionary of Hunspell's `affix` and `words` files plus the word
  // lists `extra` (no affix file of their own). Files that do not exist
  // leave it empty.
  SpellingDictionary(const std::filesystem::path& affix, const std::filesystem::path& words,
                     const std::vector<std::filesystem::path>& extra);
  ~SpellingDictionary();
  SpellingDictionary(const SpellingDictionary&) = delete;
  SpellingDictionary& operator=(const SpellingDictionary&) = delete;

  // True when `word` (one word, any case) is spelled as the dictionaries
  // spell a word. False for an empty dictionary and for text of more than
  // one word. Thread-safe (Hunspell itself is not: lookups take turns).
  bool Knows(std::string_view word) const;

  // True when `word` (lower case) is in the medical word lists (`extra`)
  // as written: a fix worth offering for a real word ("beast" ->
  // "breast"), unlike a general one ("polio" -> "polo").
  bool IsMedical(std::string_view word) const;

  // False when no dictionary file could be read.
  bool loaded() const { return hunspell_ != nullptr; }

 private:
  std::unique_ptr<Hunspell> hunspell_;
  std::unordered_set<std::string> medical_;
  mutable std::mutex mutex_;
};

inline constexpr const char* kSystemAffix = "/usr/share/hunspell/en_US.aff";
inline constexpr const char* kSystemWords = "/usr/share/hunspell/en_US.dic";
inline constexpr const char* kSystemMedicalWords = "/usr/share/hunspell/en_med_glut.dic";

}  // namespace trialfinder

#endif  // TRIALFINDER_TEXT_SPELLING_DICTIONARY_H_
