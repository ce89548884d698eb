// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// A case description split into clauses, with what each clause says about
// the patient: affirmed ("presents with chest pain"), negated ("denies
// smoking, diabetes"), or about someone else ("family history of heart
// disease"). The negation reading follows NegEx's idea (a trigger word and
// a scope that runs to the end of the clause); it does NOT catch every
// negation a reader would, and double negatives are read as negations.
// The cue words are the one negation vocabulary (src/text/negation.h).

#ifndef TRIALFINDER_TEXT_CLINICAL_TEXT_H_
#define TRIALFINDER_TEXT_CLINICAL_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

namespace trialfinder {

// kUncertain: suspected, to be ruled out or possible ("suspected
// pulmonary embolism", "evaluated for lupus"): not evidence either way.
enum class MentionStatus { kNotMentioned, kAffirmed, kNegated, kOtherPerson, kUncertain };

struct Mention {
  MentionStatus status = MentionStatus::kNotMentioned;
  std::string clause;  // the clause it was found in (the evidence)
};

class ClinicalText {
 public:
  // `patient_relation` ("son"): a word the text uses for the patient, not
  // for someone else ("My son has asthma" written by a parent).
  explicit ClinicalText(std::string_view text, std::string_view patient_relation = {});

  // Where the words of `phrase` appear in a row (word endings ignored:
  // "infections" finds "infection"). An affirmed mention wins over a
  // negated one elsewhere: "no fever on admission; fever on day 3" is fever.
  Mention Find(std::string_view phrase) const;

  // The text with negated and other-person parts left out: what the
  // patient has. Clauses joined by ". ".
  std::string AffirmedText() const;

  struct Word {
    std::string text;  // lower case, as written
    std::string stem;  // for comparison
    MentionStatus status = MentionStatus::kAffirmed;
    bool after_comma = false;  // the first word after ", " in its clause
  };
  struct Clause {
    std::string text;  // as written
    std::vector<Word> words;
  };
  const std::vector<Clause>& clauses() const { return clauses_; }

 private:
  // The clause as written, or, when it is longer than a sentence, the words
  // around words [begin, end) ("... a, b ...", lower case).
  static std::string Excerpt(const Clause& clause, std::size_t begin, std::size_t end);

  std::vector<Clause> clauses_;
};

// The stem used to compare words of criteria and patient text.
std::string ComparableStem(const std::string& lower_case_word);

}  // namespace trialfinder

#endif  // TRIALFINDER_TEXT_CLINICAL_TEXT_H_
