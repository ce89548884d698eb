// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "search/text_query.h"

#include <set>
#include <unordered_set>

#include <algorithm>
#include <utility>

#include "text/spelling_dictionary.h"

namespace trialfinder {

namespace schema = index_schema;
using Xapian::Query;

// Fields indexed with positions, where multi-word names are matched as phrases.
bool HasPositions(const std::string& prefix) {
  return prefix == schema::kConditionField || prefix == schema::kTitleField ||
         prefix == schema::kInterventionField || prefix == schema::kInterventionClassField ||
         prefix == schema::kArmField || prefix == schema::kLocationField ||
         prefix == schema::kIdentifierField;
}

Query NameQuery(const ConceptTable::Name& name, const TextField& field) {
  std::vector<std::string> words;
  for (const std::string& word : name) {
    // Stopwords stem to themselves ("of", "the"), so a stem equal to one is
    // taken for it. The rare other word with such a stem ("wills") is then
    // left out of the query as well.
    if (!field.Unindexed(word)) words.push_back(word);
  }
  if (words.empty()) return Query();
  if (words.size() == 1) return field.WordQuery(words.front());
  if (!HasPositions(field.prefix)) {
    std::vector<Query> terms;
    terms.reserve(words.size());
    for (const std::string& word : words) terms.push_back(field.WordQuery(word));
    return Query(Query::OP_AND, terms.begin(), terms.end());
  }
  // A phrase is looked for in the field and in its companion, each on its own.
  auto phrase = [&](const std::string& prefix) {
    std::vector<Query> terms;
    terms.reserve(words.size());
    for (const std::string& word : words) terms.emplace_back(prefix + word);
    return Query(Query::OP_PHRASE, terms.begin(), terms.end(), terms.size());
  };
  const char* companion = field.Companion();
  if (!companion) return phrase(field.prefix);
  return Query(Query::OP_OR, phrase(field.prefix), phrase(companion));
}

Query PlainTextQuery(const std::vector<Word>& words, const std::string& raw_text,
                     const TextField& field) {
  const std::vector<Query> parts = ConceptParts(words, raw_text, field, [&](const Word& word) {
    return !IsStopword(word.raw) || (words.size() == 1 && !field.Unindexed(word.raw));
  });
  if (parts.empty()) return Query();
  return Query(Query::OP_AND, parts.begin(), parts.end());
}

Query ExpandedWordsQuery(const std::vector<Word>& words, const std::string& raw_text,
                         const TextField& field, Expansion expansion) {
  if (expansion == Expansion::kConcept || expansion == Expansion::kRelaxation) {
    return PlainTextQuery(words, raw_text, field);
  }
  std::vector<Query> terms;
  for (const Word& word : words) {
    const bool stop = words.size() > 1 ? IsStopword(word.raw) : field.Unindexed(word.raw);
    if (!stop) terms.push_back(field.WordQuery(word.stemmed));
  }
  if (terms.empty()) return Query();
  return Query(expansion == Expansion::kLossy ? Query::OP_OR : Query::OP_AND, terms.begin(),
               terms.end());
}

// The word of an all-text term (unprefixed, or of the outcome field, see
// TextField::WordQuery); empty for terms of other fields.
Xapian::Query ConceptFamilyQuery(const ConceptTable& concepts, std::size_t group,
                                 const std::string& prefix) {
  using Xapian::Query;
  std::vector<Query> same = {Query(index_schema::ConceptTerm(prefix, group))};
  for (std::size_t narrower : concepts.Narrower(group))
    same.emplace_back(index_schema::ConceptTerm(prefix, narrower));
  Query query =
      same.size() == 1 ? same.front() : Query(Query::OP_SYNONYM, same.begin(), same.end());
  const std::vector<std::size_t>& including = concepts.Including(group);
  if (including.empty()) return query;
  // Groups that are this one, under it or over it: not rivals.
  std::set<std::size_t> kin(concepts.Broader(group).begin(), concepts.Broader(group).end());
  kin.insert(group);
  kin.insert(concepts.Narrower(group).begin(), concepts.Narrower(group).end());
  std::vector<Query> weaker;
  for (std::size_t above : including) {
    std::vector<Query> rivals;
    for (std::size_t sibling : concepts.Narrower(above)) {
      if (!kin.count(sibling)) rivals.emplace_back(index_schema::ConceptTerm(prefix, sibling));
    }
    Query term(index_schema::ConceptTerm(prefix, above));
    weaker.push_back(rivals.empty() ? term
                                    : Query(Query::OP_AND_NOT, term,
                                            Query(Query::OP_OR, rivals.begin(), rivals.end())));
  }
  return Query(
      Query::OP_OR, query,
      Query(Query::OP_SCALE_WEIGHT, Query(Query::OP_OR, weaker.begin(), weaker.end()), 1.0 / 3));
}

std::string ConceptOrder(const std::string& text) {
  if (text.find(", ") == std::string::npos) return text;
  const std::string natural = MeshNaturalOrder(text);
  auto named = [](const std::string& candidate) {
    const std::vector<bool> in = InConceptNames(SplitWords(candidate), candidate);
    return std::count(in.begin(), in.end(), true);
  };
  return named(natural) > named(text) ? natural : text;
}

std::vector<bool> InConceptNames(const std::vector<Word>& words, const std::string& raw_text) {
  std::vector<bool> named(words.size(), false);
  for (const ConceptTable::Match& match : ConceptTable::Builtin().FindMatches(words, raw_text)) {
    for (std::size_t i = match.begin; i < match.end && i < words.size(); ++i) named[i] = true;
  }
  return named;
}

namespace {

constexpr std::size_t kShortestCorrected = 5;  // letters a word needs to be corrected

// Whether some record's key text spells `word` so (the index's spelling
// table; Xapian 1.4 has no direct lookup).
bool InSpellingTable(const Xapian::Database& database, const std::string& word) {
  Xapian::TermIterator it = database.spellings_begin();
  it.skip_to(word);
  return it != database.spellings_end() && *it == word;
}

}  // namespace

bool FoundOnlyThroughAnotherWord(const Xapian::Database& database, const Word& word) {
  return word.raw.size() >= kShortestCorrected && !SpellingDictionary::System().Knows(word.raw) &&
         !InSpellingTable(database, word.raw);
}

std::optional<SpellingCorrection> SpellingFix(const Xapian::Database& database,
                                              const TextField& field, const Word& word) {
  constexpr std::size_t kOneEditUpTo = 7;  // letters; longer words may take two edits
  // How much more often the fix must occur than a typed word some study
  // has: the registry has its own typos ("diabetis" in a few records of
  // 600,000, against tens of thousands with "diabetes"), while a real
  // word is seldom a thousand times rarer than its neighbour.
  constexpr double kTypoRatio = 1000;
  // A word the field has is left alone, unless the field is the condition
  // field, all of whose words the spelling table holds, and has it only
  // through another word's stem ("migrane" stems as "Migrans" does).
  bool stem_only = false;
  if (field.Has(database, word)) {
    if (field.prefix != schema::kConditionField || !FoundOnlyThroughAnotherWord(database, word))
      return std::nullopt;
    stem_only = true;
  }
  // "anaemia" is "anemia": British spellings the field lacks, in American.
  if (const std::string american = AmericanSpelling(word.raw); american != word.raw) {
    if (field.Has(database, Word{american, StemWord(american)})) return {{american, false}};
  }
  if (word.raw.size() < kShortestCorrected) return std::nullopt;
  const Xapian::doccount typed = stem_only ? 0 : database.get_termfreq(word.stemmed);
  const unsigned edits = word.raw.size() <= kOneEditUpTo ? 1 : 2;
  std::string suggestion = database.get_spelling_suggestion(word.raw, edits);
  // A typo seldom changes a word's first letter; a real word that is near
  // another often differs there ("croup" is not "group", "bunion" not
  // "union").
  if (suggestion.empty() || suggestion[0] != word.raw[0]) return std::nullopt;
  if (stem_only && StemWord(suggestion) == word.stemmed) return std::nullopt;
  if (typed > 0 && static_cast<double>(database.get_termfreq(StemWord(suggestion))) <
                       kTypoRatio * static_cast<double>(typed)) {
    return std::nullopt;
  }
  // A real word is not fixed into another unless that one is a medical
  // word worth offering ("beast" -> "breast"; not "polio" -> "polo").
  const SpellingDictionary& dictionary = SpellingDictionary::System();
  const bool real_word = dictionary.Knows(word.raw);
  if (real_word && !dictionary.IsMedical(suggestion)) return std::nullopt;
  return {{suggestion, real_word}};
}

std::string_view AllTextWord(std::string_view term) {
  const std::string_view outcome = schema::kOutcomeField;
  if (term.substr(0, outcome.size()) == outcome) term.remove_prefix(outcome.size());
  if (term.empty() || !std::islower(static_cast<unsigned char>(term[0]))) return {};
  return term;
}

namespace {

// All-text terms worth expanding a query with.
struct TextTermsOnly : Xapian::ExpandDecider {
  explicit TextTermsOnly(const std::unordered_set<std::string>* leave_out)
      : leave_out_(leave_out) {}
  bool operator()(const std::string& term) const override {
    const std::string_view word = AllTextWord(term);
    if (word.size() <= 2 || IsStopword(std::string(word))) return false;
    return !leave_out_ || leave_out_->count(std::string(word)) == 0;
  }

 private:
  const std::unordered_set<std::string>* leave_out_;
};

}  // namespace

// At most `count` words of all text that best tell the documents of
// `relevant` from the rest (Xapian's relevance feedback), best first. A
// word in both outcome and other text comes once, where it ranks first.
std::vector<std::string> ExpansionWords(const Xapian::Database& database,
                                        const Xapian::RSet& relevant, std::size_t count,
                                        const std::unordered_set<std::string>* leave_out) {
  Xapian::Enquire enquire(database);
  const TextTermsOnly text_only(leave_out);
  // Each word can come twice, so twice as many terms give `count` words.
  const Xapian::ESet expansion =
      enquire.get_eset(static_cast<Xapian::termcount>(2 * count), relevant, &text_only);
  std::vector<std::string> words;
  for (auto term = expansion.begin(); term != expansion.end() && words.size() < count; ++term) {
    const std::string word(AllTextWord(*term));
    if (std::find(words.begin(), words.end(), word) == words.end()) words.push_back(word);
  }
  return words;
}

}  // namespace trialfinder
