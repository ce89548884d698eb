// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Answers "does the patient have X?" from everything known about them: the
// structured facts first, then the free-text description (with negation).
// Names are compared by words with endings ignored, by containment ("lupus
// nephritis" is a kind of "lupus") and by the shipped concept table
// ("SLE" is "systemic lupus erythematosus").

#ifndef TRIALFINDER_MATCH_PATIENT_FACTS_H_
#define TRIALFINDER_MATCH_PATIENT_FACTS_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "text/clinical_text.h"
#include "trialfinder/patient.h"

namespace trialfinder {

enum class Truth {
  kTrue,           // the record says so
  kFalse,          // the record says not
  kUnknown,        // cannot tell, and not assuming
  kNotReported,    // the record does not mention it
  kNotApplicable,  // the question does not arise for this patient
};

// Whether a condition's name is a disease ("ulcerative colitis", "B-ALL",
// "type 2 diabetes"), not a procedure or a body part ("surgery", "stem
// cell transplant", "cervix"): by its words, or as a concept the table
// knows. Approximate: a disease named in words it lacks is not one here.
bool NamesADisease(const std::string& name);

// Whether every mention of `written` in lower-case `text` names a vaccine
// ("had RSV shot", "flu vaccine", "covid booster"), not the disease; false
// when `text` does not mention it.
bool OnlyAVaccine(const std::string& text, const std::string& written);

struct Finding {
  Truth truth = Truth::kNotReported;
  std::string evidence;
  // kTrue through a condition the record says is over (PatientCondition::
  // resolved): had, not had now.
  bool resolved = false;
  // kTrue because the patient's disease is a kind of this category (the
  // concept table's ">>": NSCLC for lung adenocarcinoma).
  bool kind_of = false;
};

// Joins the evidence of the patient's condition to the broader name it is
// a kind of, in a kUnknown finding ("record: sle, a kind of autoimmune
// disease: ..."); JudgeCriterion reads it to tell whose kind it is.
inline constexpr std::string_view kKindOf = ", a kind of ";

// The evidence of a disease absent because the person said they are
// healthy ("healthy": true, "I am healthy").
inline constexpr std::string_view kHealthyEvidence = "no medical conditions, as the person said";

class PatientFacts {
 public:
  // Keeps a reference: `patient` must outlive the facts (a temporary is
  // refused at compile time).
  explicit PatientFacts(const Patient& patient);
  explicit PatientFacts(Patient&&) = delete;

  const Patient& patient() const { return patient_; }

  // A condition, finding or infection by name.
  Finding Condition(const std::string& name) const;
  // Treatment `name` (a drug or a class such as "immunosuppressants")
  // received (kTrue), never received (kFalse) or not reported; `response`
  // gets the recorded response and `which` the patient's treatment that
  // answered (its generic name; `name` itself when read from free text).
  Finding Treatment(const std::string& name, std::string* response = nullptr,
                    std::string* which = nullptr) const;
  // Whether the patient could be pregnant at all (female, 10 to 55 years).
  bool CouldBePregnant() const;

  // Name variants to look for: the name and its concept's other names.
  static std::vector<std::string> Variants(const std::string& name);
  // Names of the narrower concepts of `name` ("systemic lupus
  // erythematosus" and its other names for "autoimmune disease"), from the
  // concept table's "broader > narrower" links; empty for most names.
  static std::vector<std::string> NarrowerVariants(const std::string& name);
  // Names of the broader concepts of `name` ("autoimmune disease" for
  // "systemic lupus erythematosus"), likewise.
  static std::vector<std::string> BroaderVariants(const std::string& name);
  // Names of the broader concepts whose trials usually take people with
  // `name` ("non small cell lung cancer" for "lung adenocarcinoma"), from
  // the "broader >> narrower" links only.
  static std::vector<std::string> IncludingVariants(const std::string& name);
  // IncludingVariants of one of the patient's condition names, looked up
  // once per patient (every candidate study asks).
  const std::vector<std::string>& IncludingOf(const std::string& name) const;
  // Variants(name) and then BroaderVariants(name), kept for the next call
  // with the same name: for the patient's conditions, looked for in every
  // criterion of every candidate.
  const std::vector<std::string>& VariantsAndBroader(const std::string& name) const;
  // Evidence for a fact: its own words from the description, or
  // "record: NAME" when it came from structured input.
  static std::string DescribeEvidence(const std::string& evidence, const std::string& name);
  // True when every word of `part` appears, in order, within `whole`, and
  // not right after "non" ("small cell" is not in "non-small cell").
  static bool Contains(const std::string& whole, const std::string& part);

  // The names of the patient's conditions (or their other names),
  // treatments (generic, brand as given, or class: "insulin" for insulin
  // glargine) or labs that `criterion_text` contains as whole phrases, each
  // as the patient's record names it ("insulin glargine (insulin)"). A criterion the readers
  // could not decide is "not mentioned" only when this is empty: "Use of insulin" is not assumed
  // absent for a patient on insulin glargine. It does NOT say the record
  // meets the criterion, only that a person should look. (Single words of
  // the names were tried first: "small", "cell" and "systemic" flagged
  // unrelated criteria.)
  // Each as {the name found, the patient's fact it stands for}.
  std::vector<std::pair<std::string, std::string>> NamesInCriterion(
      const std::string& criterion_text) const;
  // A word of `criterion_text`, other than common and generic ones
  // ("patients", "history", "therapy"), that the description states about
  // the patient (affirmed, not negated); empty when none. Stricter than
  // NamesInCriterion, for assuming that an absence asked for holds.
  std::string DescriptionWordIn(const std::string& criterion_text) const;

 private:
  const Patient& patient_;
  ClinicalText text_;
  // Names NamesInCriterion looks for (lower case), each with the name of
  // the patient's fact it stands for.
  std::vector<std::pair<std::string, std::string>> record_names_;
  std::vector<std::vector<std::string>> record_name_stems_;  // of record_names_, in order
  // Stems of the description's affirmed words (DescriptionWordIn), with the
  // word as written.
  std::map<std::string, std::string> description_words_;
  // Condition() by name: one request asks for the same names in criterion
  // after criterion (each an expansion into variants and a walk over the
  // record); a PatientFacts belongs to one request on one thread.
  mutable std::unordered_map<std::string, Finding> conditions_;
  mutable std::unordered_map<std::string, std::vector<std::string>> variants_and_broader_;
  mutable std::unordered_map<std::string, std::vector<std::string>> including_;
  mutable std::optional<std::set<std::string>> written_abbreviations_;  // FindVariant

  Finding LookUpCondition(const std::string& name) const;
  // text_.Find(variant), but a variant that is a capitals-only abbreviation
  // of the concept table ("PsA", "AS", "MS") is found only where the
  // description writes it in capitals: "psa went back up" is a PSA test,
  // not psoriatic arthritis (user test).
  Mention FindVariant(const std::string& variant) const;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_MATCH_PATIENT_FACTS_H_
