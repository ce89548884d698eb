// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Query text to Xapian queries for the text fields of the index: words,
// phrases and concepts (the syntax is essie_query.h's). Private to
// search/ (search_index.cc, related trials).

#ifndef TRIALFINDER_SEARCH_TEXT_QUERY_H_
#define TRIALFINDER_SEARCH_TEXT_QUERY_H_

#include <xapian.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "search/essie_query.h"
#include "search/index_schema.h"
#include "text/concepts.h"
#include "text/words.h"

namespace trialfinder {

// Fields indexed with positions, where multi-word names are matched as phrases.
bool HasPositions(const std::string& prefix);

// One text field of the index as a query sees it: its prefix ("" for all
// text) and the field read with it as one (Companion()).
struct TextField {
  std::string prefix;
  // For the intervention field: whether the drug classes of its
  // interventions (kInterventionClassField) count as its text. query.intr
  // reads them, as ClinicalTrials.gov's InterventionSearch does; query.about
  // does not ("depression" is not a trial of a CNS depressant).
  bool with_classes = true;

  // The field whose terms count as this field's, or nullptr:
  //  - all text is the unprefixed terms and the outcome field's: the index
  //    holds outcome text once, under kOutcomeField;
  //  - the intervention field reads kInterventionClassField (with_classes).
  const char* Companion() const {
    if (prefix.empty()) return index_schema::kOutcomeField;
    if (with_classes && prefix == index_schema::kInterventionField)
      return index_schema::kInterventionClassField;
    return nullptr;
  }

  // The query for one stemmed word. With a companion, OP_SYNONYM matches
  // and weighs the two terms as one, with their summed wdf (what the one
  // term had when outcome text was also indexed unprefixed). Its term
  // frequency is then Xapian's estimate for the union, not an exact count.
  Xapian::Query WordQuery(const std::string& stemmed) const {
    const char* companion = Companion();
    if (!companion) return Xapian::Query(prefix + stemmed);
    const Xapian::Query terms[] = {Xapian::Query(prefix + stemmed),
                                   Xapian::Query(companion + stemmed)};
    return Xapian::Query(Xapian::Query::OP_SYNONYM, std::begin(terms), std::end(terms));
  }

  // Whether the field's terms include stopwords. The index leaves them out
  // of every field written without positions (all text, outcomes,
  // sponsors): no phrase there would need them.
  bool IndexesStopwords() const { return HasPositions(prefix); }

  // Whether `word` (lower case) is a stopword this field does not index.
  bool Unindexed(const std::string& word) const { return !IndexesStopwords() && IsStopword(word); }

  // Whether any document of `database` has the word in this field or its
  // companion; true for stopwords the field does not index, which no
  // spelling fix needs.
  bool Has(const Xapian::Database& database, const Word& word) const {
    if (Unindexed(word.raw)) return true;
    if (database.get_termfreq(prefix + word.stemmed) > 0) return true;
    const char* companion = Companion();
    return companion && database.get_termfreq(companion + word.stemmed) > 0;
  }
};

// `text` in the order that names a concept, when it is written as MeSH
// writes headings ("leukemia, myeloid, acute" is searched as "acute
// myeloid leukemia", an AML concept); otherwise `text` unchanged.
std::string ConceptOrder(const std::string& text);

// For each of `words`, whether it is part of a concept name in the text
// (data/lexicon/concepts.txt: "shingles", "leukaemia"): such a word is
// meant as written and is never spell-corrected.
std::vector<bool> InConceptNames(const std::vector<Word>& words, const std::string& raw_text);

// The word to search for instead of `word` in `field`, or nullopt when it
// stands as typed. A British spelling the field lacks becomes American
// ("anaemia" -> anemia). A word stands when the field has it (unless only
// through another word: FoundOnlyThroughAnotherWord); when it has at most
// 4 letters (abbreviations; short words have too many neighbours: "gout"
// is not "about"); and when the study text has it, unless the fix is a
// thousand times as common (then it is one of the registry's own typos).
// Otherwise it is the index's nearest word, one edit away for words of up
// to 7 letters, two beyond, with the same first letter ("lupis" -> lupus,
// "schizophernia" -> schizophrenia; "cough" is not "coach", "angina" not
// "aging", "nausea" not "caused", "croup" not "group"). Not guaranteed: that
// the fix is what the person meant: when the typed word is a real word
// (SpellingDictionary: "polio", which a small index lacks, is near "polo"),
// typed_is_a_word says so and the search only offers the fix.
// Whether `word`, which the condition field has, is there only through
// another word with its stem: it has 5 letters or more, no dictionary
// knows it and no record's key text (whose words of 4 letters or more the
// spelling table holds) spells it so ("migrane", stemmed as "Migrans" is).
// Not checked: that the field has it (Has). Not meaningful for fields
// whose text is not learnt for spelling (all text, outcomes).
bool FoundOnlyThroughAnotherWord(const Xapian::Database& database, const Word& word);

struct SpellingCorrection {
  std::string word;
  bool typed_is_a_word = false;
};
std::optional<SpellingCorrection> SpellingFix(const Xapian::Database& database,
                                              const TextField& field, const Word& word);

// What spelling correction did to a query's words.
struct SpellingState {
  bool changed = false;            // some word was corrected
  bool real_word_changed = false;  // one of them was a real word (offer, do not apply)
};

// The query for a name (words as indexed, stemmed), as a phrase where the
// field has positions; empty when the field indexes none of its words.
Xapian::Query NameQuery(const ConceptTable::Name& name, const TextField& field);

// The concept terms of field `prefix` for `group`: the group and the
// groups narrower than it as one (OP_SYNONYM: "blood cancer" finds
// leukemia trials); and, at a third of the weight, a broader group linked
// ">>" (ConceptTable::Including) in a document that names none of its
// other narrower groups ("AML" finds a trial of "acute leukemia", not one
// of "acute leukemia; ALL"). Wide categories (">", "leukemia" for CLL) are
// not searched upwards: on the relevance benchmark most of their trials
// were about other kinds (bench/RESULTS.md).
Xapian::Query ConceptFamilyQuery(const ConceptTable& concepts, std::size_t group,
                                 const std::string& prefix);

// One query per word, with runs naming a concept replaced by a synonym
// group of the concept's names, or by the field's concept term when the
// index has them (the same documents match). Words for which `keep` is
// false are left out.
template <typename Keep>
std::vector<Xapian::Query> ConceptParts(const std::vector<Word>& words, const std::string& raw_text,
                                        const TextField& field, Keep keep) {
  const ConceptTable& concepts = ConceptTable::Builtin();
  std::vector<ConceptTable::Match> matches = concepts.FindMatches(words, raw_text);
  std::vector<Xapian::Query> parts;
  std::size_t next_match = 0;
  for (std::size_t i = 0; i < words.size();) {
    if (next_match < matches.size() && matches[next_match].begin == i) {
      const ConceptTable::Match& match = matches[next_match++];
      i = match.end;
      if (index_schema::HasConceptTerms(field.prefix)) {
        Xapian::Query family = ConceptFamilyQuery(concepts, match.group, field.prefix);
        if (const char* companion = field.Companion();
            companion && index_schema::HasConceptTerms(companion)) {
          family = Xapian::Query(Xapian::Query::OP_OR, family,
                                 ConceptFamilyQuery(concepts, match.group, companion));
        }
        parts.push_back(std::move(family));
        continue;
      }
      std::vector<Xapian::Query> names;
      for (const auto& name : concepts.Names(match.group)) {
        Xapian::Query name_query = NameQuery(name, field);
        if (!name_query.empty()) names.push_back(std::move(name_query));
      }
      Xapian::Query same(Xapian::Query::OP_SYNONYM, names.begin(), names.end());
      // Categories whose studies usually take people with it ("dementia"
      // for Alzheimer disease, "broader >> narrower"), weighted a third as
      // in ConceptFamilyQuery (user test: a dementia trial was not a
      // candidate for an Alzheimer's patient).
      std::vector<Xapian::Query> broader;
      for (std::size_t above : concepts.Including(match.group)) {
        for (const auto& name : concepts.Names(above)) {
          Xapian::Query name_query = NameQuery(name, field);
          if (!name_query.empty()) broader.push_back(std::move(name_query));
        }
      }
      if (!broader.empty()) {
        same = Xapian::Query(
            Xapian::Query::OP_OR, same,
            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                          Xapian::Query(Xapian::Query::OP_SYNONYM, broader.begin(), broader.end()),
                          1.0 / 3));
      }
      parts.push_back(std::move(same));
      continue;
    }
    if (keep(words[i])) parts.push_back(field.WordQuery(words[i].stemmed));
    ++i;
  }
  return parts;
}

// Words (all required), with runs naming a concept replaced by any of the
// concept's names. `words[i].stemmed` may be replaced by a spelling fix.
Xapian::Query PlainTextQuery(const std::vector<Word>& words, const std::string& raw_text,
                             const TextField& field);

// Words (all required) as an expansion mode says (essie_query.h): with
// Concept or Relaxation, PlainTextQuery; with None or Term, the words
// alone; with Lossy, any one of them.
Xapian::Query ExpandedWordsQuery(const std::vector<Word>& words, const std::string& raw_text,
                                 const TextField& field, Expansion expansion);

// The word of an all-text term (unprefixed, or of the outcome field, see
// TextField::WordQuery); empty for terms of other fields.
std::string_view AllTextWord(std::string_view term);

// At most `count` words of all text that best tell the documents of
// `relevant` from the rest (Xapian's relevance feedback), unprefixed;
// words in `leave_out`, when given, are not offered.
std::vector<std::string> ExpansionWords(const Xapian::Database& database,
                                        const Xapian::RSet& relevant, std::size_t count,
                                        const std::unordered_set<std::string>* leave_out = nullptr);

}  // namespace trialfinder

#endif  // TRIALFINDER_SEARCH_TEXT_QUERY_H_
