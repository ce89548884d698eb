// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Rules that revise a criterion's combined verdict by its lab values
// (criterion_judge.cc): the conditions lab values define, values the
// record is silent on, and one lab read twice with thresholds that
// disagree.

#ifndef TRIALFINDER_MATCH_VALUE_RULES_H_
#define TRIALFINDER_MATCH_VALUE_RULES_H_

#include <string>
#include <vector>

#include "match/constraint_judge.h"
#include "match/judged_parts.h"
#include "match/patient_facts.h"
#include "trialfinder/criteria.h"

namespace trialfinder {

// For an exclusion: one of a condition its lab values define ("poorly
// controlled diabetes (HbA1c of 9.0% or higher)") does not apply when every
// value given falls outside; one of lab values alone ("WBC > 15000") the
// record is silent on is unknown, not assumed away. `lower` is the
// criterion's normalised text. Does nothing for an inclusion.
void ApplyLabRules(bool exclusion, const std::string& lower, const JudgedParts& judged,
                   Judgement& combined);

// Before combining: one lab read twice with thresholds that disagree for
// the value given ("a) BMI >= 27 with 2 complications or b) BMI >= 35")
// are alternatives whose other conditions the record may not settle, so
// both parts become unknown and neither fails the criterion (user test:
// BMI 34 failed it). `parts`, `types` and `names` are parallel.
void OpenDisagreeingThresholds(std::vector<Judgement>& parts,
                               const std::vector<ConstraintType>& types,
                               const std::vector<std::string>& names);

}  // namespace trialfinder

#endif  // TRIALFINDER_MATCH_VALUE_RULES_H_
