// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/spelling_dictionary.h"

#include <hunspell.hxx>

#include <algorithm>
#include <string>

namespace trialfinder {

const SpellingDictionary& SpellingDictionary::System() {
  static const SpellingDictionary system(kSystemAffix, kSystemWords, {kSystemMedicalWords});
  return system;
}

SpellingDictionary::SpellingDictionary(const std::filesystem::path& affix,
                                       const std::filesystem::path& words,
                                       const std::vector<std::filesystem::path>& extra) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(affix, error) ||
      !std::filesystem::is_regular_file(words, error)) {
    return;
  }
  hunspell_ = std::make_unique<Hunspell>(affix.c_str(), words.c_str());
  for (const std::filesystem::path& list : extra) {
    if (std::filesystem::is_regular_file(list, error)) hunspell_->add_dic(list.c_str());
  }
}

SpellingDictionary::~SpellingDictionary() = default;

bool SpellingDictionary::Knows(std::string_view word) const {
  constexpr std::size_t kLongest = 64;  // longer is no word a person types
  if (!hunspell_ || word.empty() || word.size() > kLongest) return false;
  if (std::any_of(word.begin(), word.end(), [](char c) { return c == ' ' || c == '\t'; }))
    return false;
  std::lock_guard<std::mutex> lock(mutex_);
  return hunspell_->spell(std::string(word));
}

}  // namespace trialfinder
