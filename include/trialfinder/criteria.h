// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Eligibility criteria: the free text of eligibilityModule.eligibilityCriteria
// turned into a list of criteria (section, cohort, nesting) with typed
// constraints where the text states them (ages, labs, scores, time windows,
// prior therapy, conditions, infections, ...). What is not understood stays
// as text with `understood` false. The parser never fails: malformed or
// empty text gives fewer (or no) criteria.

#ifndef TRIALFINDER_CRITERIA_H_
#define TRIALFINDER_CRITERIA_H_

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "trialfinder/study.h"

namespace trialfinder {

enum class CriterionSection { kInclusion, kExclusion, kUnspecified };

// One typed statement found in a criterion.
// What a constraint is about.
enum class ConstraintType {
  kAge,
  kSex,
  kPregnancy,
  kBreastfeeding,
  kContraception,
  kLab,
  kScore,
  kTimeWindow,       // "within 4 weeks before screening" (qualifies another constraint)
  kDiseaseDuration,  // "diagnosed at least 6 months"
  kPriorTherapy,
  kCondition,
  kInfection,
  kCellGeneTherapy,
};

// The JSON and summary name: "age", "sex", "pregnancy", "breastfeeding",
// "contraception", "lab", "score", "time_window", "disease_duration",
// "prior_therapy", "condition", "infection", "cell_gene_therapy".
const char* ToString(ConstraintType type);

// How a constraint's value compares; kNone when it has none.
enum class Comparator { kNone, kLess, kLessOrEqual, kEqual, kGreaterOrEqual, kGreater, kRange };

// "<", "<=", "=", ">=", ">", "range" (value..upper_value), "" for kNone.
const char* ToString(Comparator comparator);

struct Constraint {
  ConstraintType type = ConstraintType::kCondition;
  std::string name;  // "hemoglobin", "SLEDAI-2000", "HIV", "malignancy", "FEMALE"
  Comparator comparator = Comparator::kNone;
  std::optional<double> value;
  std::optional<double> upper_value;
  std::string unit;  // normalised: "years", "g/dL", "10^9/L", "xULN", "months", ...
  // For labs, the value in the lab's usual unit (hemoglobin 85 g/L -> 8.5 g/dL).
  std::optional<double> canonical_value;
  std::string canonical_unit;
  bool negated = false;              // "no history of ...", "without ..."
  std::optional<int> minimum_count;  // prior therapy: "at least 2 of the following"
  std::vector<std::string> items;    // prior therapy: the drugs listed
  // Prior therapy: the drug classes and drugs the minimum count is of, as
  // named after it in its sentence ("at least 2 immunosuppressants and/or
  // biologics"); empty: any listed item counts.
  std::vector<std::string> counted;
  std::string anchor;    // time windows: "screening", "first dose", ...
  std::string evidence;  // the words the constraint was read from

  // A short human-readable form, e.g. "lab hemoglobin < 85 g/L".
  std::string Summary() const;
};

struct Criterion {
  int id = 0;       // position in ParsedCriteria::criteria
  int parent = -1;  // the criterion this one is nested under, or -1
  int level = 0;    // nesting depth (0: top level)
  CriterionSection section = CriterionSection::kUnspecified;
  std::string cohort;  // "" when it applies to everyone
  std::string text;    // as written, markdown escapes removed
  std::vector<Constraint> constraints;
  std::vector<std::string> drugs;  // drugs and treatments named in it
  // True when at least one constraint was read; false: text only, flagged.
  bool understood() const { return !constraints.empty(); }
  // True for a heading such as "For Systemic Sclerosis (SSc):".
  bool is_heading = false;
};

struct ParsedCriteria {
  std::vector<Criterion> criteria;
  std::vector<std::string> cohorts;  // in order of appearance
};

// Names to recognise in criteria: drugs and conditions. Built from the
// registry itself (intervention names and other names, MeSH terms) plus
// trialfinder's shipped abbreviation table.
class CriteriaLexicon {
 public:
  // The shipped abbreviations and common drug classes only.
  CriteriaLexicon();
  // An empty lexicon over `base`, which is not copied and must outlive it:
  // lookups find the names of both. For one study's own names over the
  // registry's (ParseStudyCriteria), without copying the registry's.
  static CriteriaLexicon Over(const CriteriaLexicon& base);

  // Adds the names a study carries (NamesOf: interventions, other names,
  // conditions, MeSH terms).
  void AddStudy(const Study& study);
  void AddNames(const StudyNames& names);

  // Drug or treatment names found in `text` (lower case, as in the lexicon).
  std::vector<std::string> FindDrugs(std::string_view text) const;
  // Condition names found in `text`, with the position of each.
  std::vector<std::pair<std::string, std::size_t>> FindConditions(std::string_view text) const;

  // Names of this lexicon itself (not of a base).
  std::size_t drug_count() const { return drugs_.size(); }
  std::size_t condition_count() const { return conditions_.size(); }

 private:
  bool HasDrug(const std::string& name) const;
  bool HasCondition(const std::string& name) const;
  // Whether some name (here or in the base) starts with the word `word`.
  bool StartsDrug(const std::string& word) const;
  bool StartsCondition(const std::string& word) const;
  const CriteriaLexicon* base_ = nullptr;
  void AddDrug(const std::string& name);
  void AddCondition(const std::string& name);
  std::unordered_set<std::string> drugs_;
  std::unordered_set<std::string> conditions_;
  // The first words of drugs_ and conditions_: a phrase is only grown
  // from a word that starts a name (most criteria words start none).
  std::unordered_set<std::string> drug_first_words_;
  std::unordered_set<std::string> condition_first_words_;
  std::size_t longest_drug_words_ = 1;
  std::size_t longest_condition_words_ = 1;
};

// A study's criteria as every front end shows them (the CLI, the API, the
// pages and matching call this one function, so they agree): parsed with
// the registry's names (`registry`, from RegistryLexicon in match.h, or a
// plain CriteriaLexicon when there is no registry) and the study's own over
// them, so a study indexed later than the lexicon was read still has its
// names.
ParsedCriteria ParseStudyCriteria(const Study& study, const CriteriaLexicon& registry);

// Criteria longer than this are kept as text, not read: the longest in the
// sample is about 2,000 bytes.
inline constexpr std::size_t kMaxCriterionBytes = 20000;

// Every constraint the text of one criterion states that trialfinder can
// read (EligibilityParser calls it for each criterion). Never throws; text
// it cannot read gives none. It does NOT see the criterion's section or
// cohort: whether a constraint includes or excludes is the caller's.
std::vector<Constraint> ExtractConstraints(std::string_view text, const CriteriaLexicon& lexicon);

class EligibilityParser {
 public:
  explicit EligibilityParser(const CriteriaLexicon& lexicon) : lexicon_(lexicon) {}

  // Parses `text`. `conditions` (the study's conditions) name cohort blocks
  // that are only separated by blank lines.
  ParsedCriteria Parse(std::string_view text,
                       const std::vector<std::string>& conditions = {}) const;

  // Parses the eligibility criteria of `study`.
  ParsedCriteria Parse(const Study& study) const;

 private:
  const CriteriaLexicon& lexicon_;
};

// "inclusion", "exclusion" or "unspecified".
const char* SectionName(CriterionSection section);

// The parsed criteria as JSON: {"cohorts": [...], "criteria": [{"id", "parent",
// "level", "section", "cohort", "text", "understood", "constraints": [...],
// "drugs": [...]}]}.
std::string ParsedCriteriaToJson(const ParsedCriteria& parsed, int indent = -1);

}  // namespace trialfinder

#endif  // TRIALFINDER_CRITERIA_H_
