// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "criteria/guarded_regex.h"

#include <algorithm>
#include <cctype>

namespace trialfinder {

GuardedRegex::GuardedRegex(const std::string& pattern, RegexGuard guard)
    : regex_(pattern), guard_(std::move(guard)) {}

bool GuardedRegex::MayMatch(const std::string& text) const {
  if (guard_.digit && std::none_of(text.begin(), text.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
      })) {
    return false;
  }
  if (guard_.words.empty()) return true;
  return std::any_of(guard_.words.begin(), guard_.words.end(), [&text](const std::string& word) {
    return text.find(word) != std::string::npos;
  });
}

bool GuardedRegex::Search(const std::string& text, std::smatch& match) const {
  return MayMatch(text) && std::regex_search(text, match, regex_);
}

bool GuardedRegex::Search(const std::string& text) const {
  return MayMatch(text) && std::regex_search(text, regex_);
}

}  // namespace trialfinder
