// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Whether a study is about the patient at all, before any criterion: does
// the patient have a condition the study lists (by name, a kind of it, or a
// concept synonym, read from its conditions and MeSH terms), is it a study
// of healthy volunteers, and which of its cohorts a patient's sex and age
// rule out. "Likely eligible" needs the first (matching.md: a trial the
// patient has no reason to join is never called likely eligible).
//
// Not guaranteed: a study listing only a broad condition ("Autoimmune
// Diseases") matches a patient only through words and the concept table,
// not the MeSH tree; such a study stays "possibly eligible".

#ifndef TRIALFINDER_MATCH_STUDY_FIT_H_
#define TRIALFINDER_MATCH_STUDY_FIT_H_

#include <optional>
#include <string>
#include <vector>

#include "match/patient_facts.h"
#include "trialfinder/study.h"

namespace trialfinder {

enum class StudyFit {
  kStudiesPatientCondition,  // the patient has a condition the study lists
  kHealthyVolunteers,        // a study of healthy people (its only condition is "healthy")
  kOtherConditions,          // about conditions the patient is not known to have
  kNoConditions,             // the study lists none
};

struct StudyFitResult {
  StudyFit fit = StudyFit::kNoConditions;
  std::string evidence;  // the condition that matched, or why not
  // For kStudiesPatientCondition: the patient's evidence for it, as
  // PatientFacts::Condition gives it ("record: systemic lupus ...").
  std::string patient_evidence;
  // For kStudiesPatientCondition: matched only through a MeSH heading the
  // registry's algorithm added, sharing no word with any condition the
  // study lists itself ("Lung Neoplasms" for a study of "Pulmonary
  // Nodule"), or a kind of the patient's disease whose kind the record
  // does not give (NSCLC for "lung cancer"). Such a study may be about
  // something else: it is not "likely eligible" on that ground.
  bool added_heading_only = false;
};

// How `study` relates to the patient behind `facts`.
StudyFitResult FitStudy(const Study& study, const PatientFacts& facts);

// The names a registry condition or cohort heading goes by: as written,
// without a parenthesis and the parenthesis alone ("Systemic Lupus
// Erythematosus (SLE)"), MeSH's inverted order put right ("Lupus
// Erythematosus, Systemic"), and each side of "SLE - Systemic ...". Case is
// kept (the concept table knows abbreviations in capitals).
std::vector<std::string> ConditionNameForms(const std::string& name);

// True when the patient has a condition in the structured record (or an
// affirmed one read from text): someone a healthy-volunteer study is not
// for. Findings such as "chest pain" count: they need a doctor first.
bool HasKnownCondition(const Patient& patient);

// Why the words of a cohort's name or a criterion's subject ("Males of
// reproductive potential", "Pediatric cohort") rule out a patient of this
// sex or age: "about men only", "about children only"; nullopt when they
// do not ("Women of child-bearing potential" is about women of any age).
std::optional<std::string> CohortRulesOut(const std::string& cohort, const Patient& patient);

// Why a criterion's subject, in its first words, rules out the patient
// ("Males of childbearing potential must use contraception" for a woman):
// as CohortRulesOut; nullopt when the criterion names both sexes, says
// "only" (a requirement, judged as one), or names the other sex only as a
// partner. `lower` is the criterion's normalised text.
std::optional<std::string> SubjectRulesOut(const std::string& lower, const Patient& patient);

// The names of what `study` is about, for telling an exclusion of another
// form of the studied disease ("other malignancy" in a lung cancer trial)
// from one about something else: its conditions (ConditionNameForms), their
// MeSH terms and MeSH ancestors, lower case.
std::vector<std::string> StudyTopics(const Study& study);

}  // namespace trialfinder

#endif  // TRIALFINDER_MATCH_STUDY_FIT_H_
