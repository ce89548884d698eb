// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Regular expressions for every module that reads text: PCRE2, compiled
// once (JIT where the machine supports it) and searched with bounded work.
// libstdc++'s std::regex recursed once per character and overflowed the
// stack on a 30,000-digit number (issue 20); PCRE2 keeps its backtracking
// state on the heap, under the limits below, so no text can crash a search
// or make it run long.

#ifndef TRIALFINDER_TEXT_PATTERN_H_
#define TRIALFINDER_TEXT_PATTERN_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trialfinder/status.h"

namespace trialfinder {

// Searches look at no more than this many bytes of a text (the first ones);
// longer texts are not criteria or case notes a person wrote.
inline constexpr std::size_t kMaxPatternTextBytes = std::size_t{64} * 1024;

// One match: the whole match (group 0) and the capture groups, as offsets
// into the searched text. Valid while that text is.
class PatternMatch {
 public:
  PatternMatch(std::string_view text, std::vector<std::pair<std::size_t, std::size_t>> groups)
      : text_(text), groups_(std::move(groups)) {}

  // The number of groups, the whole match included (capture groups + 1).
  std::size_t size() const { return groups_.size(); }
  // Whether group `group` took part in the match (group 0 always does).
  bool matched(std::size_t group) const;
  // The group's text; empty when it did not take part.
  std::string_view view(std::size_t group = 0) const;
  std::string str(std::size_t group = 0) const { return std::string(view(group)); }
  // Offset of the group in the searched text (npos when it did not take part).
  std::size_t position(std::size_t group = 0) const;
  std::size_t length(std::size_t group = 0) const { return view(group).size(); }

 private:
  std::string_view text_;
  std::vector<std::pair<std::size_t, std::size_t>> groups_;  // [begin, end); npos if unset
};

enum class PatternCase { kSensitive, kInsensitive };

// A compiled PCRE2 pattern over bytes (not UTF-8 mode: \w, \b and classes
// are ASCII; other bytes are never word characters, as in std::regex).
// `$` matches only at the very end, as in ECMAScript.
//
// Thread safety: a Pattern is immutable after construction; any number of
// threads may search with one at once (each thread has its own match data).
//
// Not guaranteed: a search that needs more than a million backtracking
// steps, or more than 4 MB of backtracking memory, stops and reports no
// match (no pattern in trialfinder comes near that on real text; absurd
// input is cut short rather than served slowly). Bytes past
// kMaxPatternTextBytes are not searched.
class Pattern {
 public:
  // Compiles `pattern`, which is written in the source: an invalid one is a
  // programming error, so this aborts with PCRE2's message naming the
  // pattern. Build these as function-local statics.
  explicit Pattern(std::string_view pattern, PatternCase letter_case = PatternCase::kSensitive);
  // For patterns that come from data: an InvalidArgument error naming the
  // problem and its offset instead of aborting.
  static Result<Pattern> Compile(std::string_view pattern,
                                 PatternCase letter_case = PatternCase::kSensitive);

  ~Pattern();
  Pattern(Pattern&& other) noexcept;
  Pattern& operator=(Pattern&& other) noexcept;
  Pattern(const Pattern&) = delete;
  Pattern& operator=(const Pattern&) = delete;

  // Whether the pattern matches anywhere in `text`.
  bool Search(std::string_view text) const { return Find(text).has_value(); }
  // The first match starting at or after `start`.
  std::optional<PatternMatch> Find(std::string_view text, std::size_t start = 0) const;
  // Every non-overlapping match, left to right.
  std::vector<PatternMatch> FindAll(std::string_view text) const;
  // `text` with every match replaced by `replacement` (taken literally).
  std::string ReplaceAll(std::string_view text, std::string_view replacement) const;

 private:
  struct Compiled;
  explicit Pattern(Compiled* compiled) : compiled_(compiled) {}
  Compiled* compiled_ = nullptr;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_TEXT_PATTERN_H_
