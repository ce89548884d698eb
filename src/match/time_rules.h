// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Rules that revise a criterion's combined verdict by when things happened
// (criterion_judge.cc): a condition the record says is over against what
// the criterion times, and an inclusion that asks when, for how long or
// how much (pack-years) of a history the record gives without it.

#ifndef TRIALFINDER_MATCH_TIME_RULES_H_
#define TRIALFINDER_MATCH_TIME_RULES_H_

#include <string>
#include <vector>

#include "match/constraint_judge.h"
#include "match/judged_parts.h"
#include "match/patient_facts.h"
#include "trialfinder/criteria.h"

namespace trialfinder {

// A criterion decided only through conditions the record says are over
// ("no longer have cancer"): a history it asks for ("history of",
// "prior", "in remission") stands; a current one ("active", "current",
// "uncontrolled", "metastatic") is not had, and its absence ("no active
// cancer") holds; one it does not time ("Breast cancer", "Non-smoker") is
// left unknown, as a past one may or may not count.
void ApplyResolvedRule(const std::string& lower, const JudgedParts& judged, Judgement& combined);

// For an inclusion met by a history alone while it asks when, for how long
// or at what dose ("stable for at least 90 days"): unknown, unless the
// record's treatment durations reach the one asked for. Call only for an
// inclusion the note's own timing did not decide (ApplyNoteTiming).
// `true_types`: the types of the parts met by what the record has (not
// absences met because the record lacks them).
void ApplyWhenHowLongRule(const Criterion& criterion, const std::string& lower,
                          const std::vector<ConstraintType>& true_types, const PatientFacts& facts,
                          Judgement& combined);

}  // namespace trialfinder

#endif  // TRIALFINDER_MATCH_TIME_RULES_H_
