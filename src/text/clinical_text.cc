// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/clinical_text.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include "text/negation.h"
#include "text/normalize.h"
#include "text/pattern.h"
#include "text/words.h"

namespace trialfinder {
namespace {

bool EndsClause(std::string_view text, std::size_t i) {
  const char c = text[i];
  // "?diabetes" in a note is a suspicion (read as "possible" before),
  // not a question ending a clause.
  if (c == '?' && i + 1 < text.size() && std::isalpha(static_cast<unsigned char>(text[i + 1])))
    return false;
  // "Family hx: diabetes", "FHx: breast cancer in mother": what follows
  // is still about the family.
  if (c == ':') {
    static const Pattern kFamily("(?:family\\s+(?:history|hx)|\\bfhx?)\\s*$",
                                 PatternCase::kInsensitive);
    const std::size_t from = i > 20 ? i - 20 : 0;
    if (kFamily.Search(text.substr(from, i - from))) return false;
  }
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

// Marks each word with the scope it is in. A scope runs from its cue to
// the end of the clause; two-way cues ending a clause reach back instead.
void MarkScopes(const NegationCues& cues, std::string_view patient_relation,
                std::vector<ClinicalText::Word>& words) {
  std::vector<std::string> texts;
  texts.reserve(words.size());
  for (const ClinicalText::Word& word : words) texts.push_back(word.text);
  MentionStatus scope = MentionStatus::kAffirmed;
  for (std::size_t i = 0; i < words.size();) {
    std::optional<NegationCues::Cue> cue = cues.CueAt(texts, i);
    // The patient named by the writer's relation ("my son") is no one else.
    if (cue && cue->role == CueRole::kOtherPerson && !patient_relation.empty() &&
        texts[i] == patient_relation) {
      cue.reset();
    }
    // "My father had a stroke, I have depression": the writer speaks of
    // themselves again (user test: the depression was the father's).
    if (!cue && scope == MentionStatus::kOtherPerson && texts[i] == "i" &&
        patient_relation.empty()) {
      scope = MentionStatus::kAffirmed;
    }
    const std::size_t length = cue ? cue->length : 1;
    if (cue) {
      switch (cue->role) {
        case CueRole::kForward:
          scope = MentionStatus::kNegated;
          break;
        case CueRole::kTwoWay:
          // An object follows ("negative for HIV") unless the cue ends the
          // clause or nearly ("troponin was negative", "diabetes ruled out").
          // A comma right after the cue ends its phrase too: "EGFR
          // negative, progressed on pembrolizumab" (user test: the drugs
          // after it were read as never taken).
          if (i + length < words.size() && !words[i + length].after_comma &&
              (texts[i + length] == "for" || i + length + 2 < words.size())) {
            scope = MentionStatus::kNegated;
          } else {
            // "chest x-ray was negative": the few words before it, back
            // to a comma ("lung adenocarcinoma, EGFR negative" does not
            // negate the adenocarcinoma; user test of /match).
            for (std::size_t back = i; back > 0 && i - back < 6; --back) {
              words[back - 1].status = MentionStatus::kNegated;
              if (words[back - 1].after_comma) break;
            }
          }
          break;
        case CueRole::kInvert:
          scope =
              scope == MentionStatus::kNegated ? MentionStatus::kAffirmed : MentionStatus::kNegated;
          break;
        case CueRole::kPrefix:  // "non-smoker": the next word only
          if (i + 1 < words.size()) {
            words[i].status = scope;
            words[i + 1].status = MentionStatus::kNegated;
            i += 2;
            continue;
          }
          break;
        case CueRole::kOtherPerson:
          scope = MentionStatus::kOtherPerson;
          break;
        case CueRole::kUncertain:  // "no suspected ..." stays denied
          if (scope == MentionStatus::kAffirmed) scope = MentionStatus::kUncertain;
          break;
        case CueRole::kPseudo:
        case CueRole::kClauseBreak:  // split off before scopes are marked
          break;
      }
    }
    for (std::size_t k = i; k < i + length && k < words.size(); ++k) words[k].status = scope;
    i += length;
  }
}

// A spine procedure or finding with its place: a vertebral level before or
// after it ("L4-L5 fusion", "discectomy at L5-S1", "fusion (C5-6)") or a
// region right before it ("lumbar fusion surgery", "back surgery"). The
// words a criterion uses for it ("lumbar spine surgery", "spinal fusion",
// "back surgery") are added after it, in the same scope, so they can be
// found. The clause text (the evidence shown) stays as written. User
// test: "2 years after L4-L5 fusion" left "prior lumbar spine surgery"
// exclusions "not mentioned".
void AddSpinalLevelWords(std::vector<ClinicalText::Word>& words) {
  static const Pattern kLevel("^([ctls])(\\d{1,2})$");
  static const std::set<std::string> kProcedures = {
      "fusion",      "arthrodesis",    "discectomy", "microdiscectomy", "laminectomy",
      "laminotomy",  "foraminotomy",   "corpectomy", "decompression",   "arthroplasty",
      "kyphoplasty", "vertebroplasty", "surgery",    "instrumentation", "stenosis"};
  // The region a word names: 'c', 't', 'l', or 's' for the spine with no
  // region ("spinal", "back").
  const auto region_of = [](const std::string& word) -> char {
    if (word == "lumbar" || word == "lumbosacral") return 'l';
    if (word == "cervical") return 'c';
    if (word == "thoracic") return 't';
    if (word == "spinal" || word == "spine" || word == "back") return 's';
    return 0;
  };
  // Built anew rather than inserted into `words`: a long clause of
  // procedures would otherwise be moved once per insertion.
  std::vector<ClinicalText::Word> out;
  out.reserve(words.size());
  for (std::size_t at = 0; at < words.size(); ++at) {
    out.push_back(words[at]);
    if (kProcedures.count(words[at].text) == 0) continue;
    char region = 0;
    // A level or region up to three words before ("L4-L5 fusion", "L4-5
    // spinal fusion", "lumbar fusion"), or a level up to three after
    // ("discectomy at L5-S1").
    for (std::size_t back = 1; back <= 3 && back <= at && region == 0; ++back) {
      const std::string& word = words[at - back].text;
      if (const std::optional<PatternMatch> level = kLevel.Find(word)) {
        region = level->str(1)[0] == 's' ? 'l' : level->str(1)[0];
      } else if (const char named = region_of(word); named != 0) {
        region = named;
      } else if (back == 1 && kProcedures.count(word) == 0 && word != "disc" &&
                 !std::all_of(word.begin(), word.end(),
                              [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
        break;  // another word between ("knee surgery"), not a range's end ("C5-6")
      }
    }
    for (std::size_t ahead = 1; ahead <= 3 && at + ahead < words.size() && region == 0; ++ahead) {
      if (const std::optional<PatternMatch> level = kLevel.Find(words[at + ahead].text))
        region = level->str(1)[0] == 's' ? 'l' : level->str(1)[0];
    }
    if (region == 0) continue;
    const std::string& procedure = words[at].text;
    const char* named = region == 'c'   ? "cervical"
                        : region == 't' ? "thoracic"
                        : region == 'l' ? "lumbar"
                                        : "";
    std::vector<std::string> added;
    const auto add = [&](std::initializer_list<const char*> phrase) {
      for (const char* w : phrase) {
        if (*w != '\0') added.emplace_back(w);
      }
    };
    add({named, procedure.c_str(), named, "spinal", procedure.c_str()});
    if (procedure != "stenosis") {
      add({named, "spine", "surgery", named, "surgery", "spinal", "surgery",
           region == 'c' ? "neck" : "back", "surgery"});
    }
    // After the whole procedure ("fusion surgery"), read once.
    while (at + 1 < words.size() && kProcedures.count(words[at + 1].text) > 0)
      out.push_back(words[++at]);
    for (const std::string& w : added)
      out.push_back({w, ComparableStem(w), MentionStatus::kAffirmed, false});
  }
  words = std::move(out);
}

}  // namespace

std::string ComparableStem(const std::string& lower_case_word) { return StemWord(lower_case_word); }

ClinicalText::ClinicalText(std::string_view text, std::string_view patient_relation) {
  const NegationCues& cues = NegationCues::Builtin();
  static const Pattern kQuery("(?<!\\S)\\?(?=[A-Za-z])");
  const std::string written = kQuery.ReplaceAll(text, "possible ");
  for (const std::string& raw : SplitRawClauses(written)) {
    // Contrast words start a new clause: "no fever but a cough".
    Clause clause;
    clause.text = raw;
    // A result hyphenated to its marker ("HER2-negative", "triple-negative")
    // says what the marker is, not that what follows is absent: it ends its
    // phrase as a comma would (user test: "ER-positive HER2-negative
    // metastatic breast cancer" was read as no breast cancer).
    static const Pattern kHyphenated("(?<=[A-Za-z0-9+])-(?:negative|neg)\\b(?!,)",
                                     PatternCase::kInsensitive);
    // The marker starts a phrase too, so only it is negated.
    std::string phrases = raw;
    const std::vector<PatternMatch> hyphenated = kHyphenated.FindAll(raw);
    for (auto m = hyphenated.rbegin(); m != hyphenated.rend(); ++m) {
      phrases.insert(m->position() + m->length(), ",");
      std::size_t marker = m->position();
      while (marker > 0 && raw[marker - 1] != ' ') --marker;
      if (marker >= 2 && raw.compare(marker - 2, 2, ", ") != 0) phrases.insert(marker, ", ");
    }
    // Commas followed by a space mark phrases (not "1,000").
    std::size_t from = 0;
    for (bool first_piece = true; from <= phrases.size(); first_piece = false) {
      std::size_t comma = phrases.find(", ", from);
      if (comma == std::string::npos) comma = phrases.size();
      bool piece_start = !first_piece;
      for (std::string& word :
           SplitCriteriaWords(std::string_view(phrases).substr(from, comma - from))) {
        const std::optional<NegationCues::Cue> cue = cues.CueAt({word}, 0);
        if (cue && cue->role == CueRole::kClauseBreak && !clause.words.empty()) {
          AddSpinalLevelWords(clause.words);
          MarkScopes(cues, patient_relation, clause.words);
          clauses_.push_back(std::move(clause));
          clause = Clause{raw, {}};
        }
        clause.words.push_back({word, ComparableStem(word), MentionStatus::kAffirmed, piece_start});
        piece_start = false;
      }
      from = comma + 2;
    }
    if (clause.words.empty()) continue;
    AddSpinalLevelWords(clause.words);
    MarkScopes(cues, patient_relation, clause.words);
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
      // The first mention, unless a later one says more about the
      // patient: affirmed, then denied, then uncertain, then about someone
      // else.
      const auto rank = [](MentionStatus s) {
        switch (s) {
          case MentionStatus::kAffirmed:
            return 4;
          case MentionStatus::kNegated:
            return 3;
          case MentionStatus::kUncertain:
            return 2;
          case MentionStatus::kOtherPerson:
            return 1;
          case MentionStatus::kNotMentioned:
            break;
        }
        return 0;
      };
      if (rank(words[i].status) > rank(found.status)) {
        found = {words[i].status, Excerpt(clause, i, i + stems.size())};
      }
    }
  }
  // Trim the evidence to the clause itself.
  const std::size_t first = found.clause.find_first_not_of(" \t\r\n");
  found.clause = first == std::string::npos ? "" : found.clause.substr(first);
  return found;
}

std::string ClinicalText::Excerpt(const Clause& clause, std::size_t begin, std::size_t end) {
  // A clause as long as a sentence is the evidence as written; a longer one
  // (a note without punctuation) is cut to the words around the mention:
  // the evidence is copied into every verdict it decides, and a 30,000-
  // character clause made a match take 356 MB.
  constexpr std::size_t kWholeClause = 400;
  constexpr std::size_t kAround = 15;
  if (clause.text.size() <= kWholeClause) return clause.text;
  const std::size_t from = begin > kAround ? begin - kAround : 0;
  const std::size_t to = std::min(clause.words.size(), end + kAround);
  std::string excerpt = from > 0 ? "..." : "";
  for (std::size_t w = from; w < to; ++w) excerpt += (w == from ? "" : " ") + clause.words[w].text;
  return excerpt + (to < clause.words.size() ? "..." : "");
}

std::string ClinicalText::AffirmedText() const {
  std::string out;
  for (const Clause& clause : clauses_) {
    std::string part;
    for (const Word& word : clause.words) {
      // A suspected condition is still what the patient is seen for.
      if (word.status == MentionStatus::kAffirmed || word.status == MentionStatus::kUncertain)
        part += (part.empty() ? "" : " ") + word.text;
    }
    if (!part.empty()) out += (out.empty() ? "" : ". ") + part;
  }
  return out;
}

}  // namespace trialfinder
