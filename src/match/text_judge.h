// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// A criterion no constraint could be read from, judged by its words:
// consent wording, taking any medicine at all, an operation on an organ,
// a qualitative marker the record gives, a drug it names, the patient's
// own conditions named in it, or one short finding the note states,
// denies or suspects.

#ifndef TRIALFINDER_MATCH_TEXT_JUDGE_H_
#define TRIALFINDER_MATCH_TEXT_JUDGE_H_

#include <string>

#include "match/constraint_judge.h"
#include "match/patient_facts.h"
#include "trialfinder/criteria.h"

namespace trialfinder {

// The judgement of `criterion` from its words; kNotReported when they name
// nothing the record speaks to. `lower` is the criterion's text as
// NormalizeForMatching gives it. Not guaranteed: a finding is matched by
// its words, not by meaning ("typical chest pain" is not "chest pain").
Judgement JudgeText(const Criterion& criterion, const std::string& lower,
                    const PatientFacts& facts);

}  // namespace trialfinder

#endif  // TRIALFINDER_MATCH_TEXT_JUDGE_H_
