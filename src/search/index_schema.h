// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// How a study is laid out in the Xapian index: term prefixes, value slots
// and field weights. The indexer writes this layout and the searcher reads
// it, so both include this one file.

#ifndef TRIALFINDER_SEARCH_INDEX_SCHEMA_H_
#define TRIALFINDER_SEARCH_INDEX_SCHEMA_H_

#include <xapian.h>

#include <cctype>
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

#include "text/fnv_hash.h"

namespace trialfinder {

// A query matching every document. Use this, never Xapian::Query::MatchAll:
// that is one shared object whose reference count is not thread-safe, and
// copying it from several request threads at once corrupts it.
inline Xapian::Query MatchAll() { return Xapian::Query(std::string()); }

}  // namespace trialfinder

namespace trialfinder::index_schema {

// Free-text fields searched by one query parameter each. All text, for
// query.term, is the unprefixed terms plus kOutcomeField's: outcome text is
// indexed once, under its field, and a search of all text matches a word
// in either (see TextField in search_index.cc).
inline constexpr const char* kConditionField = "XC";     // query.cond
inline constexpr const char* kTitleField = "S";          // query.titles
inline constexpr const char* kInterventionField = "XI";  // query.intr
// The MeSH ancestors of a study's interventions: drug classes named by
// what they act on ("Anti-Obesity Agents", "Central Nervous System
// Depressants", "Anti-HIV Agents"). query.intr searches them with
// kInterventionField (TextField::WordQuery); query.about does not, since
// "depression" would otherwise find every trial of a sedative.
inline constexpr const char* kInterventionClassField = "XIA";
// Arm group labels ("Parkinson's disease dementia", "Cohort B: relapsed
// AML"): the groups a study enrols, often named by condition when its
// conditions list names only a broader one ("Dementia"). Searched by
// query.about only, below the condition field; labels only, since arm
// descriptions are prose about procedures.
inline constexpr const char* kArmField = "XAL";
inline constexpr const char* kOutcomeField = "XO";      // query.outc
inline constexpr const char* kSponsorField = "XS";      // query.spons
inline constexpr const char* kLeadSponsorField = "XL";  // query.lead
inline constexpr const char* kIdentifierField = "XID";  // query.id
inline constexpr const char* kLocationField = "XLOC";   // query.locn
// Eligibility text by section (text/eligibility_text.h), without
// positions; all of it is in all text too.
inline constexpr const char* kInclusionField = "XEI";
inline constexpr const char* kExclusionField = "XEE";

// The field a query.* parameter searches ("cond" for query.cond); all text
// ("") for term and patient and for names it does not know.
inline const char* QueryFieldPrefix(std::string_view param) {
  constexpr std::pair<std::string_view, const char*> kFields[] = {
      {"cond", kConditionField},     {"intr", kInterventionField}, {"outc", kOutcomeField},
      {"titles", kTitleField},       {"locn", kLocationField},     {"spons", kSponsorField},
      {"lead", kLeadSponsorField},   {"id", kIdentifierField},     {"inclusion", kInclusionField},
      {"exclusion", kExclusionField}};
  for (const auto& [name, prefix] : kFields) {
    if (name == param) return prefix;
  }
  return "";
}

// Fields whose documents also hold one term per concept group of
// data/lexicon/concepts.txt named in them (ConceptTerm), with the summed
// weight of the names' occurrences as its wdf. A query naming a concept then
// reads one posting list instead of checking the phrase positions of every
// synonym in every candidate. The group numbers belong to one concept
// table: the index records its fingerprint in kLayoutKey.
inline bool HasConceptTerms(std::string_view field_prefix) {
  return field_prefix == kConditionField || field_prefix == kInterventionField ||
         field_prefix == kInterventionClassField || field_prefix == kArmField;
}
inline std::string ConceptTerm(std::string_view field_prefix, std::size_t group) {
  return std::string(field_prefix) + "#" + std::to_string(group);
}

// A term whose wdf is that of the stopwords all text leaves out, so that a
// document's length (the sum of its wdf, which BM25 normalises by) stays
// what it was with them. Nothing searches it.
inline constexpr const char* kStopwordWdfTerm = "XSTOPWORDS:";

// Index metadata: the document layout (see DocumentLayout in
// study_document.h). An index with another layout is rebuilt, not updated,
// and searched without concept terms until then.
inline constexpr const char* kLayoutKey = "document_layout";

// Xapian refuses terms over 245 bytes ("Term too long"), and a refused term
// used to fail the whole index update (issue 20: a 300-character city).
inline constexpr std::size_t kMaxTermBytes = 245;

// The boolean term of a filter value: prefix + value, or, when that is over
// kMaxTermBytes, prefix + the value's first 200 bytes + "#" + a hash of the
// whole value. The indexer and the searcher both call this, so a long value
// is still found by its exact text; two long values that share 200 bytes
// and a 64-bit FNV hash would be taken for one.
inline std::string FilterTerm(std::string_view prefix, std::string_view value) {
  std::string term = std::string(prefix) + std::string(value);
  if (term.size() <= kMaxTermBytes) return term;
  char hash[24];
  std::snprintf(hash, sizeof hash, "#%016llx",
                static_cast<unsigned long long>(Fnv1aHash(value)));  // NOLINT(runtime/int)
  return std::string(prefix) + std::string(value.substr(0, 200)) + hash;
}

// Boolean filter terms: FilterTerm(prefix, value).
inline constexpr const char* kNctIdTerm = "Q";
inline constexpr const char* kStatusTerm = "XSTATUS:";
inline constexpr const char* kPhaseTerm = "XPHASE:";
inline constexpr const char* kStudyTypeTerm = "XTYPE:";
inline constexpr const char* kSexTerm = "XSEX:";
inline constexpr const char* kHealthyTerm = "XHEALTHY:";  // 1 or 0
inline constexpr const char* kStdAgeTerm = "XAGE:";
inline constexpr const char* kCountryTerm = "XCOUNTRY:";  // lower case
inline constexpr const char* kStateTerm = "XSTATE:";      // lower case
inline constexpr const char* kCityTerm = "XCITY:";        // lower case
inline constexpr const char* kResultsTerm = "XRESULTS:";  // 1 or 0
inline constexpr const char* kInterventionTypeTerm = "XITYPE:";
// Large documents posted: PROTOCOL, SAP, ICF (documentSection).
inline constexpr const char* kDocumentTerm = "XDOCS:";
// The drug and condition names of NamesOf(study), as written: the criteria
// lexicon of the registry is every distinct one (SearchIndex::RegistryNames).
inline constexpr const char* kDrugNameTerm = "XNAMEDRUG:";
inline constexpr const char* kConditionNameTerm = "XNAMECOND:";

// Value slots.
enum Slot : Xapian::valueno {
  kMinimumAgeSlot = 0,       // years, sortable_serialise; 0 when no minimum
  kMaximumAgeSlot = 1,       // years; kNoMaximumAge when no maximum
  kStartDateSlot = 2,        // YYYYMMDD as a number (missing parts 00)
  kLastUpdateSlot = 3,       // YYYYMMDD
  kEnrollmentSlot = 4,       // count
  kAllSitesSlot = 5,         // every site with a geoPoint, as AppendSite writes them
  kRecruitingSitesSlot = 6,  // sites open to enrolment, likewise
  kFacetSlot = 7,            // "name=value\n" lines, see FacetCounter
  // Relevance ties on the search page: open studies first, then the most
  // recently updated (open ? 1e8 : 0) + YYYYMMDD, sortable_serialise.
  kTieBreakSlot = 8,
};

inline constexpr double kNoMaximumAge = 1000;

// Field weights as within-document frequency increments. For query.cond
// they follow ClinicalTrials.gov's condition search (Condition 0.95,
// BriefTitle 0.6, OfficialTitle 0.55, MeSH 0.5, ancestors 0.4, Keyword 0.3).
namespace condition_weight {
inline constexpr int kCondition = 19;
inline constexpr int kBriefTitle = 12;
inline constexpr int kOfficialTitle = 11;
inline constexpr int kMesh = 10;
inline constexpr int kAncestor = 8;
inline constexpr int kKeyword = 6;
}  // namespace condition_weight

// For query.term (all text): conditions and titles weigh most.
namespace text_weight {
inline constexpr int kCondition = 6;
inline constexpr int kBriefTitle = 5;
inline constexpr int kOfficialTitle = 4;
inline constexpr int kMesh = 3;
inline constexpr int kKeyword = 3;
inline constexpr int kIntervention = 3;
inline constexpr int kAncestor = 2;
inline constexpr int kBody = 1;  // summary, description, outcomes, eligibility, sponsor, ids
}  // namespace text_weight

// Pieces (trialfinder/study_pieces.h), for AREA[Piece] in search
// expressions, sort and the field statistics. Every piece a study has a
// value for gets PieceHasTerm (AREA[X]MISSING is its absence); enums and
// booleans get PieceValueTerm of the value as written; short text gets
// each stemmed word under PieceWordPrefix and, when the value has at most
// kMaxWholeValueWords words, PieceValueTerm of its words in lower case
// joined by single spaces (COVERAGE, field statistics). All are boolean
// (wdf 0): document lengths, and so the ranking of the other fields, are
// unchanged. Dates, numbers and ages are in value slot PieceSlot (RANGE,
// sort). Long text (kMarkup) has only its presence term: its words are in
// all text. Contacts and links (IsContactDetail: central and site contacts,
// URLs) have only their presence term too: a trial finder is not a
// directory of people, and their unique values were a sixth of the
// index's terms.
//
// Whole values of more words (titles, outcome measures) would be terms
// that one study has; at 782 studies every piece's terms took the index
// from 6.6 to 18 MB before these limits.
inline constexpr std::size_t kMaxWholeValueWords = 8;
inline std::string PieceKey(std::string_view piece_name) {
  std::string key;
  for (char c : piece_name) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}
inline bool IsContactDetail(std::string_view piece_name) {
  if (piece_name.rfind("LocationContact", 0) == 0 || piece_name.rfind("CentralContact", 0) == 0) {
    return true;
  }
  for (std::string_view end : {"Phone", "PhoneExt", "EMail", "Link", "URL"}) {
    if (piece_name.size() >= end.size() &&
        piece_name.substr(piece_name.size() - end.size()) == end) {
      return true;
    }
  }
  return false;
}
inline std::string PieceHasTerm(std::string_view piece_name) {
  return "ZH:" + PieceKey(piece_name);
}
inline std::string PieceValuePrefix(std::string_view piece_name) {
  return "ZV" + PieceKey(piece_name) + ":";
}
inline std::string PieceValueTerm(std::string_view piece_name, std::string_view value) {
  return FilterTerm(PieceValuePrefix(piece_name), value);
}
// How many values a list piece has (AREA[Phase:size]2, field sizes): one
// term per study and list piece it has values for.
inline std::string PieceSizePrefix(std::string_view piece_name) {
  return "ZN" + PieceKey(piece_name) + ":";
}
inline std::string PieceWordPrefix(std::string_view piece_name) {
  return "ZW" + PieceKey(piece_name) + ":";
}
inline constexpr Xapian::valueno kFirstPieceSlot = 100;
inline Xapian::valueno PieceSlot(std::size_t piece_index) {
  return kFirstPieceSlot + static_cast<Xapian::valueno>(piece_index);
}

// Gap between fields so phrases never match across two of them.
inline constexpr Xapian::termpos kFieldGap = 100;

}  // namespace trialfinder::index_schema

#endif  // TRIALFINDER_SEARCH_INDEX_SCHEMA_H_
