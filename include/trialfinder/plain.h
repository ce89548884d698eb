// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Plain-language page content for patients (/study/{nctId}/plain): a title
// and sections written from the record, the parsed criteria and a lay-term
// dictionary, with editors' overrides on top.

#ifndef TRIALFINDER_PLAIN_H_
#define TRIALFINDER_PLAIN_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trialfinder/criteria.h"
#include "trialfinder/lay_terms.h"
#include "trialfinder/study.h"

namespace trialfinder {

// Flesch-Kincaid grade level of English prose: 0.39 words/sentence +
// 11.8 syllables/word - 15.59. Syllables are counted by a vowel-group rule,
// so a single word's count can be off by one; over a paragraph it is close
// to published calculators. Empty text gives nullopt.
std::optional<double> FleschKincaidGrade(std::string_view text);

struct QuickFact {
  std::string label;
  std::string value;
};

// The page's generated fields. Editable ones are named in
// PlainPage::EditableFields() and can be replaced by an editor's override.
struct PlainPage {
  std::string nct_id;
  std::string title;           // "CC312 for relapsed or treatment-resistant lupus, ..."
  std::string official_title;  // as registered
  std::string byline;          // "EARLY_PHASE1 · CytoCares Inc · NCT07193810"
  std::string summary;         // one or two sentences on what is tested, for whom
  std::vector<QuickFact> quick_facts;
  std::string what_it_studies;
  std::string from_study_team;  // the registry summary with lay terms applied
  std::string good_fit;
  std::string not_a_fit;
  std::string potential_benefit;
  std::string what_to_expect;  // what the phase means for a participant
  // What the study gives: its interventions ("a placebo (dummy treatment)"
  // once when it has one).
  std::vector<std::string> treatments;
  // Medicines the eligibility criteria name that the study does not give
  // (never study drugs), by the section that names them: in who can join
  // (people may need to have had them, or may keep taking them) and in who
  // cannot (taking them can keep people out). A drug both sections name is
  // in both. Which of these a criterion means is NOT read: the page points
  // to the criteria.
  std::vector<std::string> inclusion_drugs;
  std::vector<std::string> exclusion_drugs;
  std::vector<std::string> places;  // "Deyang, Sichuan, China", one per site, in order
  std::vector<std::string> how_to_participate;
  std::string conditions;            // as registered, comma-separated
  std::string eligibility_criteria;  // the full text, as registered

  // The fields an editor may override, by name ("title", "summary", ...).
  static const std::vector<std::string>& EditableFields();
  // The value of an editable field; nullopt for another name.
  std::optional<std::string> Field(std::string_view name) const;
  // Sets an editable field; false for another name.
  bool SetField(std::string_view name, std::string value);
  // The generated prose (summary, what it studies, fit, benefit, what to
  // expect, how to participate), for readability measurement.
  std::string GeneratedProse() const;
};

// Writes the page for `study`. `criteria` is its parsed eligibility text
// (for the not-a-fit list and the drugs named there). Deterministic: the
// same record gives the same page.
PlainPage BuildPlainPage(const Study& study, const ParsedCriteria& criteria,
                         const LayTerms& lay_terms);

// When `study` says it takes people (recruiting, not yet recruiting, by
// invitation) but its record may be out of date on `today` (YYYY-MM-DD):
// its planned completion has passed, or it was last updated more than two
// years ago (ClinicalTrials.gov's own rule for "unknown status"). A
// sentence saying so, for the page; nullopt otherwise. Not guaranteed:
// that the study has closed; only that the record does not say it is
// open now.
std::optional<std::string> StaleStatusNote(const Study& study, std::string_view today);

// A registry code for a status, phase or study type as the pages say it
// to people ("ENROLLING_BY_INVITATION" -> "By invitation", "PHASE1" ->
// "Phase 1", "NA" -> "No phase"), from data/lexicon/registry-codes.tsv; an
// unknown code lower-cased with spaces. "" for "".
std::string CodeLabel(const std::string& code);

}  // namespace trialfinder

#endif  // TRIALFINDER_PLAIN_H_
