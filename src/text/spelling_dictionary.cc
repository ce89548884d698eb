// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/spelling_dictionary.h"

#include "text/ascii_case.h"

#include <hunspell.hxx>

#include <algorithm>
#include <cctype>
#include <fstream>
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
    if (!std::filesystem::is_regular_file(list, error)) continue;
    hunspell_->add_dic(list.c_str());
    // Hunspell's .dic format: a count, then "word" or "word/FLAGS" lines.
    std::ifstream in(list);
    for (std::string line; std::getline(in, line);) {
      const std::string word = line.substr(0, line.find('/'));
      if (!word.empty() && !std::isdigit(static_cast<unsigned char>(word[0])))
        medical_.insert(AsciiLowercase(word));
    }
  }
}

bool SpellingDictionary::IsMedical(std::string_view word) const {
  return medical_.count(AsciiLowercase(word)) > 0;
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
