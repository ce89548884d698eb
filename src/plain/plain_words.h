// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The small pieces of wording the patient page is built from: lists in
// English, cleaned condition names, who a study is for, its stage and what
// that stage means, dates as "March 2019". Each piece reads typed study
// fields only; none paraphrases registry prose, so none can invent a claim
// the record does not make. Private to src/plain/.

#ifndef TRIALFINDER_SRC_PLAIN_PLAIN_WORDS_H_
#define TRIALFINDER_SRC_PLAIN_PLAIN_WORDS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "trialfinder/study.h"

namespace trialfinder::plain {

// True when `values` holds `value` exactly.
bool Has(const std::vector<std::string>& values, const std::string& value);

// "A, B, and C"; "A and B"; "A"; "" for none. `last_word` joins the last
// item ("and", "or").
std::string JoinList(const std::vector<std::string>& items, const std::string& last_word = "and");

// `text` with its first letter upper-cased (ASCII only).
std::string Capitalized(std::string text);

// "SLE - Systemic Lupus Erythematosus" -> "systemic lupus erythematosus": a
// leading abbreviation is dropped and ordinary words are lower-cased;
// acronyms ("HER2", "COVID-19") are kept as written.
std::string CleanConditionName(std::string name);

// The study's conditions, cleaned and de-duplicated, at most `limit`, then
// "other conditions" when there were more.
std::vector<std::string> ConditionNames(const Study& study, std::size_t limit);

// True for drug classes criteria name ("glucocorticoids", "biologics"):
// not treatments a patient would look up by name. The list is in
// data/lexicon/drug-classes.txt; an unlisted class is shown as a treatment.
bool IsDrugClass(const std::string& name);

// A registry code for a status, phase or study type in the patient page's
// words: its label ("By invitation") and what it means for a participant
// ("The study team invites people, ..."), from data/lexicon/
// registry-codes.tsv. An unknown code gets itself as label, lower-cased
// with spaces ("Some new code"), and no meaning.
struct CodeWords {
  std::string label;
  std::string meaning;
};
CodeWords RegistryCodeWords(const std::string& code);

// True for a placebo or sham intervention (by name; not by type, which
// registries fill inconsistently).
bool IsPlacebo(const std::string& name);

// What the study gives: the first intervention that is not a placebo, ""
// when there is none.
std::string MainIntervention(const Study& study);

// How far a treatment is in testing, from the study's phases (the earliest
// listed phase wins for PHASE1/PHASE2 studies).
enum class Stage { kNone, kEarly, kMiddle, kLate, kApproved };

// The stage of `study`; kNone when it lists no phase (most observational
// and device studies).
Stage StageOf(const Study& study);

// The fixed phrases for one stage (plain_words.cc holds the table).
struct StagePhrases {
  const char* adjective;       // "early-phase " (with its space), "" for kNone
  const char* purpose;         // what such a study learns: "if it is safe and ..."
  const char* what_to_expect;  // one or more sentences for a participant
};

// The phrases for `stage`.
const StagePhrases& PhrasesFor(Stage stage);

// "adults aged 18 to 65", "people aged 12 and older", "people of any age".
std::string WhoWords(const EligibilityModule& eligibility);

// "relapsed ", "treatment-resistant ", both, or "" from words in the
// titles. Heuristic: a title that merely mentions relapse counts.
std::string DiseaseQualifier(const Study& study);

// "March 2019" for "2019-03" or "2019-03-05" (the day is left out: it is
// often an estimate); a year alone or unreadable text as it is.
std::string MonthYear(const std::string& date);

// "HIV, hepatitis B, or tuberculosis" from constraint names (HBV, HCV, TB).
std::string InfectionWords(const std::vector<std::string>& names);

// "a stem cell transplant or an organ transplant" from constraint names.
std::string TherapyWords(const std::vector<std::string>& names);

// "Women only", "Men only", "All" from the registry's sex code.
std::string SexWord(const std::string& sex);

// "18 Years to 65 Years", "18 Years and older", "Up to 17 Years", "Any age".
std::string AgeRange(const EligibilityModule& eligibility);

}  // namespace trialfinder::plain

#endif  // TRIALFINDER_SRC_PLAIN_PLAIN_WORDS_H_
