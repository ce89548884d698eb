// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// A std::regex behind a cheap substring test.

#ifndef TRIALFINDER_CRITERIA_GUARDED_REGEX_H_
#define TRIALFINDER_CRITERIA_GUARDED_REGEX_H_

#include <regex>
#include <string>
#include <vector>

namespace trialfinder {

// What every match of a pattern contains: one of `words` (a literal
// substring), and a digit when `digit` is set. An empty guard lets every
// text through.
struct RegexGuard {
  std::vector<std::string> words;
  bool digit = false;
};

// A pattern searched only in texts its guard lets through. libstdc++ checks
// \b and \w through locale lookups at every position, so one search costs
// about a microsecond per character; most criteria contain none of a
// pattern's words and are skipped by a substring test.
//
// The guard is the author's promise, not derived from the pattern: a word
// left out of it makes the pattern miss the texts that only contain that
// word. Keep the words next to the pattern and lower case, like the text.
class GuardedRegex {
 public:
  // Compiles `pattern` (ECMAScript); throws std::regex_error if invalid, so
  // build these as function-local statics.
  GuardedRegex(const std::string& pattern, RegexGuard guard);

  // Whether the guard lets `text` through (false: the pattern cannot match).
  bool MayMatch(const std::string& text) const;

  // std::regex_search when the guard lets `text` through; false otherwise.
  bool Search(const std::string& text, std::smatch& match) const;
  bool Search(const std::string& text) const;

  const std::regex& regex() const { return regex_; }

 private:
  std::regex regex_;
  RegexGuard guard_;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_CRITERIA_GUARDED_REGEX_H_
