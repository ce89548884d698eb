// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// ConceptTable: groups of names for one medical concept ("SLE", "systemic
// lupus erythematosus", "lupus"), used to expand queries. The project ships
// its table in data/lexicon/concepts.txt (compiled into the binary).

#ifndef TRIALFINDER_TEXT_CONCEPTS_H_
#define TRIALFINDER_TEXT_CONCEPTS_H_

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/words.h"

namespace trialfinder {

// The shipped concept table's text.
std::string_view BuiltinConceptText();

class ConceptTable {
 public:
  // A member name as stemmed words ("systemic lupus erythematosus" ->
  // "system", "lupus", "erythematosus").
  using Name = std::vector<std::string>;

  // A run of query words naming a concept.
  struct Match {
    std::size_t begin = 0;  // first word
    std::size_t end = 0;    // one past the last word
    std::size_t group = 0;
  };

  // Parses the table format described in data/lexicon/concepts.txt.
  // Names match across British and American spellings ("leukaemia").
  static ConceptTable Parse(std::string_view text);
  // The shipped table (parsed once).
  static const ConceptTable& Builtin();

  // Non-overlapping matches in `words` (from SplitWords of `raw_text`),
  // longest first, left to right. Capitals-only members ("=ALL") match only
  // where `raw_text` writes them in capitals, or where the one word is the
  // whole text ("sle" alone is SLE; "all" alone is ALL).
  std::vector<Match> FindMatches(const std::vector<Word>& words, std::string_view raw_text) const;

  // The group of every occurrence in `words` (from SplitWords of
  // `raw_text`) of any member name, overlapping ones included, once per
  // occurrence, in no particular order. Capitals-only members count only
  // where `raw_text` writes them in capitals; none right after "non"
  // ("non-Hodgkin lymphoma" is no Hodgkin lymphoma). A document whose words hold
  // an occurrence is one that a query's synonym group of phrases for that
  // group matches; the indexer stores these as concept terms.
  std::vector<std::size_t> GroupsOccurringIn(const std::vector<Word>& words,
                                             std::string_view raw_text) const;

  // One occurrence of a member name: its group, and whether the member is a
  // capitals-only abbreviation ("OA", "MI", "ASD"), which a record may use
  // for something else ("RSVPreF3 OA" for older adults, "MI Varnish").
  struct Occurrence {
    std::size_t group = 0;
    bool abbreviation = false;
  };
  // As GroupsOccurringIn, with what each occurrence was.
  std::vector<Occurrence> OccurrencesIn(const std::vector<Word>& words,
                                        std::string_view raw_text) const;

  // The names of a group.
  const std::vector<Name>& Names(std::size_t group) const { return groups_[group]; }
  std::size_t size() const { return groups_.size(); }
  // Whether member `member` of `group` was written "=NAME" (capitals only).
  bool CapitalsOnly(std::size_t group, std::size_t member) const {
    return capitals_only_[group][member];
  }
  // Whether `match` (from FindMatches over `words`) is one word that is a
  // capitals-only member of its group ("SLE", "PsA" written so).
  bool IsWrittenAbbreviation(const Match& match, const std::vector<Word>& words) const;

  // Groups narrower than `group` ("leukemia" > "AML" > ...), and broader,
  // each transitively, from the table's "broader > narrower" lines: a query
  // may look for narrower concepts as the same thing ("blood cancer" finds
  // leukemia trials). Not a full ontology: only the links the table writes.
  const std::vector<std::size_t>& Narrower(std::size_t group) const { return narrower_[group]; }
  const std::vector<std::size_t>& Broader(std::size_t group) const { return broader_[group]; }
  // The broader groups linked "broader >> narrower" to `group` (not
  // transitively): categories whose trials usually take people with
  // `group` ("acute leukemia" for AML), unlike wide ones ("leukemia" for
  // CLL, written ">").
  const std::vector<std::size_t>& Including(std::size_t group) const { return including_[group]; }

  // Every member name as the table writes it ("lupus erythematosus"), in
  // table order; capitals-only members are left out.
  const std::vector<std::string>& WrittenNames() const { return written_; }

  // A hash of the table's text (16 hex digits). Group numbers are only
  // meaningful together with it: an index records it with its concept terms.
  const std::string& fingerprint() const { return fingerprint_; }

 private:
  struct Entry {
    Name name;
    std::size_t group;
    std::string capitals;  // non-empty: must appear in capitals in the query
  };
  std::vector<std::vector<Name>> groups_;
  std::vector<std::string> written_;
  std::vector<std::vector<bool>> capitals_only_;    // parallel to groups_
  std::vector<Entry> entries_;                      // longest names first, spelling keys
  std::vector<std::vector<std::size_t>> narrower_;  // parallel to groups_
  std::vector<std::vector<std::size_t>> broader_;
  std::vector<std::vector<std::size_t>> including_;
  // Indexes into entries_ by the name's first word.
  std::unordered_map<std::string, std::vector<std::size_t>> entries_by_first_word_;
  std::string fingerprint_;
};

// `lower_case_word` in American spelling where a medical stem has a British
// one ("anaemia" -> "anemia", "oedema" -> "edema", "tumour" -> "tumor");
// otherwise unchanged. The prefixes the concept table already treats as one.
std::string AmericanSpelling(std::string_view lower_case_word);

// A MeSH heading in the order people say it: its comma-separated parts
// reversed ("Leukemia, Myeloid, Acute" -> "Acute Myeloid Leukemia",
// "Diabetes Mellitus, Type 2" -> "Type 2 Diabetes Mellitus"), so phrases
// and concept names match it. Text without ", " comes back unchanged. Not
// every heading reads naturally so ("Infant, Newborn, Diseases"); its words
// are the same either way.
std::string MeshNaturalOrder(std::string_view heading);

}  // namespace trialfinder

#endif  // TRIALFINDER_TEXT_CONCEPTS_H_
