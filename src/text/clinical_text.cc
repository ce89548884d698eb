// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/clinical_text.h"

#include <algorithm>
#include <array>

#include "text/normalize.h"
#include "text/words.h"

namespace trialfinder {
namespace {

// Words that start a negated scope running to the end of the clause.
constexpr std::array<std::string_view, 14> kNegationWords = {
    "no", "not", "denies", "denied", "deny", "denying", "without", "never", "nor", "neither",
    "absent", "absence", "free", "lacks"};
// Words that negate what comes before them when they end a clause
// ("troponin was negative") and what follows otherwise ("negative for X").
constexpr std::array<std::string_view, 3> kTwoWayNegations = {"negative", "unremarkable", "excluded"};
// Words that start a scope about someone else.
constexpr std::array<std::string_view, 9> kOtherPersonWords = {
    "family", "mother", "father", "sister", "brother", "sibling", "siblings", "relative", "relatives"};
// Words that end a clause even without punctuation.
constexpr std::array<std::string_view, 8> kClauseBreakWords = {
    "but", "however", "although", "though", "except", "yet", "whereas", "apart"};

template <std::size_t N>
bool IsOneOf(const std::array<std::string_view, N>& list, const std::string& word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

bool EndsClause(std::string_view text, std::size_t i) {
  const char c = text[i];
  if (c == ';' || c == '\n' || c == '?' || c == '!' || c == ':') return true;
  // A full stop, not a decimal point or an abbreviation inside a word.
  return c == '.' && (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n');
}

std::vector<std::string> SplitRawClauses(std::string_view text) {
  std::vector<std::string> raw;
  std::string current;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (EndsClause(text, i)) {
      raw.push_back(current);
      current.clear();
    } else {
      current += text[i];
    }
  }
  raw.push_back(current);
  return raw;
}

void MarkScopes(std::vector<ClinicalText::Word>& words) {
  MentionStatus scope = MentionStatus::kAffirmed;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i].text;
    if (IsOneOf(kNegationWords, word) && !(word == "no" && i + 1 < words.size() && words[i + 1].text == "longer")) {
      scope = MentionStatus::kNegated;
    } else if (IsOneOf(kTwoWayNegations, word)) {
      const bool object_follows = i + 1 < words.size() && (words[i + 1].text == "for" || i + 3 < words.size());
      if (object_follows) {
        scope = MentionStatus::kNegated;
      } else {
        // "chest x-ray was negative": the few words before it.
        for (std::size_t back = i; back > 0 && i - back < 6; --back) {
          words[back - 1].status = MentionStatus::kNegated;
        }
      }
    } else if (IsOneOf(kOtherPersonWords, word)) {
      scope = MentionStatus::kOtherPerson;
    }
    words[i].status = scope;
  }
}

}  // namespace

std::string ComparableStem(const std::string& lower_case_word) { return StemWord(lower_case_word); }

ClinicalText::ClinicalText(std::string_view text) {
  for (const std::string& raw : SplitRawClauses(text)) {
    // Contrast words start a new clause: "no fever but a cough".
    Clause clause;
    clause.text = raw;
    for (std::string& word : SplitCriteriaWords(raw)) {
      if (IsOneOf(kClauseBreakWords, word) && !clause.words.empty()) {
        MarkScopes(clause.words);
        clauses_.push_back(std::move(clause));
        clause = Clause{raw, {}};
      }
      clause.words.push_back({word, ComparableStem(word), MentionStatus::kAffirmed});
    }
    if (clause.words.empty()) continue;
    MarkScopes(clause.words);
    clauses_.push_back(std::move(clause));
  }
}

Mention ClinicalText::Find(std::string_view phrase) const {
  std::vector<std::string> stems;
  for (const std::string& word : SplitCriteriaWords(phrase)) stems.push_back(ComparableStem(word));
  Mention found;
  if (stems.empty()) return found;
  for (const Clause& clause : clauses_) {
    const std::vector<Word>& words = clause.words;
    for (std::size_t i = 0; i + stems.size() <= words.size(); ++i) {
      bool all = true;
      for (std::size_t k = 0; k < stems.size() && all; ++k) all = words[i + k].stem == stems[k];
      if (!all) continue;
      const MentionStatus status = words[i].status;
      const bool better = found.status == MentionStatus::kNotMentioned || status == MentionStatus::kAffirmed ||
                          (status == MentionStatus::kNegated && found.status == MentionStatus::kOtherPerson);
      if (better && found.status != MentionStatus::kAffirmed) found = {status, clause.text};
    }
  }
  // Trim the evidence to the clause itself.
  const std::size_t first = found.clause.find_first_not_of(" \t\r\n");
  found.clause = first == std::string::npos ? "" : found.clause.substr(first);
  return found;
}

std::string ClinicalText::AffirmedText() const {
  std::string out;
  for (const Clause& clause : clauses_) {
    std::string part;
    for (const Word& word : clause.words) {
      if (word.status == MentionStatus::kAffirmed) part += (part.empty() ? "" : " ") + word.text;
    }
    if (!part.empty()) out += (out.empty() ? "" : ". ") + part;
  }
  return out;
}

}  // namespace trialfinder
