// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// How the judgements of a criterion's constraints become its verdict:
// combined by the criterion's section (Combine), a reading of an exclusion
// too weak to exclude (WeakExclusionReason), and the verdict a person
// reads (ToVerdict). Private to src/match/.

#ifndef TRIALFINDER_MATCH_VERDICT_COMBINE_H_
#define TRIALFINDER_MATCH_VERDICT_COMBINE_H_

#include <string>
#include <vector>

#include "match/constraint_judge.h"
#include "trialfinder/criteria.h"
#include "trialfinder/match.h"

namespace trialfinder {

// Whether `c` times another constraint (a time window) rather than naming
// something of its own.
bool IsQualifier(const Constraint& c);

// The judgements of one criterion's constraints, `parts` (of `types`),
// combined. Inclusion: any within a type ("diabetes or hypertension"),
// except labs and scores, which must all hold; every type must hold.
// Exclusion: any true part applies it; age and sex beside anything else
// only qualify it. `parts` must not be empty.
Judgement Combine(const std::vector<Judgement>& parts, const std::vector<ConstraintType>& types,
                  bool exclusion);

// Why a "true" reading of an exclusion is too weak to exclude: the
// criterion adds something planned, a permission, a time window, a dose or
// a qualifier the record does not speak to ("; when it happened is not
// known from the record"). Empty when the reading stands. `true_types` are
// the types of the parts judged true.
std::string WeakExclusionReason(const Criterion& criterion, const std::string& lower,
                                const Judgement& combined,
                                const std::vector<ConstraintType>& true_types);

// The verdict a person reads for `criterion` judged `judgement`: met/not
// met for an inclusion, applies/does not apply for an exclusion; what the
// record does not mention is assumed absent (flagged `assumed`) for an
// exclusion and for an inclusion asking for an absence; outside an
// inclusion or exclusion section, never met or applied.
CriterionVerdict ToVerdict(const Criterion& criterion, const Judgement& judgement);

}  // namespace trialfinder

#endif  // TRIALFINDER_MATCH_VERDICT_COMBINE_H_
