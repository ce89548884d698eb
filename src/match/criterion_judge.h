// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// One eligibility criterion judged for one patient (criterion_judge.cc says
// how constraints combine and when a reading is too weak to exclude).
// Private to src/match/.

#ifndef TRIALFINDER_MATCH_CRITERION_JUDGE_H_
#define TRIALFINDER_MATCH_CRITERION_JUDGE_H_

#include <string>
#include <vector>

#include "match/patient_facts.h"
#include "trialfinder/criteria.h"
#include "trialfinder/match.h"

namespace trialfinder {

// What the trial is about, as a criterion is read in it.
struct TrialContext {
  // What the trial studies (StudyTopics).
  std::vector<std::string> topics;
  // The evidence by which the patient has the studied disease (FitStudy),
  // empty when they are not known to have it.
  std::string studied_evidence;
};

// The verdict of `criterion` for the patient behind `facts`. An exclusion
// naming what the trial studies, or read as true only from the patient's
// having the studied disease ("other malignancy" for a patient in a lung
// cancer trial), is about another form of that disease: it stays unknown.
CriterionVerdict JudgeCriterion(const Criterion& criterion, const PatientFacts& facts,
                                const TrialContext& trial);

}  // namespace trialfinder

#endif  // TRIALFINDER_MATCH_CRITERION_JUDGE_H_
