// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// One typed constraint (age, sex, a lab value, a score, a prior therapy, a
// condition, ...) checked against a patient's facts. Private to match/:
// eligibility_judge.cc combines these into criterion verdicts.

#ifndef TRIALFINDER_MATCH_CONSTRAINT_JUDGE_H_
#define TRIALFINDER_MATCH_CONSTRAINT_JUDGE_H_

#include <optional>
#include <string>

#include "match/patient_facts.h"
#include "trialfinder/criteria.h"
#include "trialfinder/match.h"

namespace trialfinder {

// What one constraint (or a whole criterion, once combined) says about the
// patient, why, and the question that would settle it when unknown.
struct Judgement {
  Truth truth = Truth::kUnknown;
  std::string evidence;
  std::optional<Question> question;
  // The record names what the criterion is about (a drug, a condition),
  // and only a person can tell whether it counts.
  bool record_speaks = false;
  // An inclusion asking for the absence of what the record does not
  // mention ("non-pregnant females aged 18-60", "adults without
  // diabetes"): assumed met, as a person reading the record would, and
  // marked assumed. Set on the combined judgement of a criterion.
  bool absence_assumed = false;
  // kTrue only through conditions the record says are over (Finding::
  // resolved).
  bool resolved = false;
  // kTrue only as a kind of the category named (Finding::kind_of).
  bool kind_of = false;
};

// The question with `key` (see ApplyAnswer), worded by QuestionText;
// nullopt for a key never asked about (data/lexicon/questions.tsv).
std::optional<Question> Ask(std::string key);

// "65", "1.5", "2e+06" (printf %g).
std::string FormatNumber(double value);

// "age 45 years"; under two, in months or weeks ("age 8 months", "age 6
// weeks"), not "age 0 years" (user test).
std::string AgeEvidence(double years);

// Whether `c` holds for the patient, before negation and before the
// criterion's section is considered (the caller turns kTrue into kFalse for
// a negated constraint). kTimeWindow qualifies another constraint and is
// always kUnknown here. kNotReported: the record does not say; the caller
// decides what that means (an exclusion is assumed not to apply).
// Does not guarantee: lab units are converted only between the units
// text/labs.h knows; other units give kUnknown, never a guess.
Judgement JudgeConstraint(const Constraint& c, const PatientFacts& facts);

// True for what a record gives as history: a condition, an infection, a
// prior therapy, a cell or gene therapy. Such a history says nothing of
// when, for how long or at what dose.
bool IsHistoryType(ConstraintType type);

// True when `criterion` gives a time window ("within 6 months").
bool HasTimeWindow(const Criterion& criterion);

// True for a symptom many diagnoses share ("pain", "fatigue", "rash"):
// read from a case note, having it is not having what a criterion names.
bool IsSymptomWord(const std::string& word);

// Whether the patient is willing to consent and follow the protocol, from
// Patient::consents; kUnknown with the "consents" question when not stated.
Judgement JudgeConsent(const PatientFacts& facts);

}  // namespace trialfinder

#endif  // TRIALFINDER_MATCH_CONSTRAINT_JUDGE_H_
