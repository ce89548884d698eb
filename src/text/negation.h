// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The one negation vocabulary (data/lexicon/negation.tsv) and the two ways
// text is read with it: a cue shortly before a position in a criterion
// ("no history of [diabetes]"), and cue roles word by word for a case note
// split into clauses (src/text/clinical_text.h). Both readers follow
// NegEx's idea, a trigger and a scope; neither catches every negation a
// reader would, double negatives read as negations, and a cue more than 40
// characters before a criterion mention is not seen.

#ifndef TRIALFINDER_TEXT_NEGATION_H_
#define TRIALFINDER_TEXT_NEGATION_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/pattern.h"
#include "text/word_list.h"

namespace trialfinder {

// What a cue does to the words after it (negation.tsv says each in words).
enum class CueRole {
  kForward,
  kTwoWay,
  kInvert,
  kPrefix,
  kPseudo,
  kOtherPerson,
  kClauseBreak,
  kUncertain,  // "suspected", "rule out": neither affirmed nor denied
};

class NegationCues {
 public:
  // The shipped vocabulary, parsed once. Thread-safe.
  static const NegationCues& Builtin();

  // Parses `tsv` (cue TAB role per line). A row with an unknown role is
  // skipped; the shipped file has none (word_list_test checks it).
  explicit NegationCues(std::string_view tsv);

  // True when a forward or invert cue, or a two-way cue followed by "for",
  // ends within the 60 characters before `position` of lower-case `text`
  // with no clause punctuation (. ; , :) between it and `position`, or a
  // prefix cue ("non-") ends right at `position`.
  // Pseudo-negations ("not limited to") are not cues.
  bool NegatedBefore(std::string_view text, std::size_t position) const;

  // True when a test-result word ("negative", "non-reactive", "not
  // detected") follows within three words of `end` in lower-case `text`,
  // in the same clause, and is not "negative for" (which speaks of what
  // follows it): "HIV test negative", "HBsAg-negative". For test results
  // only: "breast cancer negative for HER2" would misread a disease.
  bool NegatedAfter(std::string_view text, std::size_t end) const;

  // A cue that starts at `words[i]` (lower-case words), the longest if
  // several do.
  struct Cue {
    CueRole role;
    std::size_t length;  // in words
  };
  std::optional<Cue> CueAt(const std::vector<std::string>& words, std::size_t i) const;

 private:
  explicit NegationCues(const WordList& list);

  struct Row {
    std::vector<std::string> words;
    CueRole role;
  };
  std::vector<Row> rows_;  // longest cues first
  Pattern before_;         // a cue, then a clause up to the end of the window
  Pattern prefix_;         // a prefix cue, or a two-way cue, right before the mention
  Pattern after_;          // a test-result word just after a mention
  Pattern pseudo_;         // a pseudo-negation
};

}  // namespace trialfinder

#endif  // TRIALFINDER_TEXT_NEGATION_H_
