// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// One constraint of a criterion judged in the criterion's words: what the
// criterion says around it decides whether it counts at all (an exception,
// the context of a treatment, the study's own procedure), whom it is about
// (a sex in an exclusion), and how far its reading holds (another kind of
// surgery, a use now or in the past, a pregnancy asked for or avoided, the
// trial's own disease). criterion_judge.cc combines the parts. Private to
// src/match/.

#ifndef TRIALFINDER_MATCH_CONSTRAINT_IN_CRITERION_H_
#define TRIALFINDER_MATCH_CONSTRAINT_IN_CRITERION_H_

#include <string>
#include <vector>

#include "match/constraint_judge.h"
#include "match/criterion_judge.h"
#include "match/patient_facts.h"
#include "trialfinder/criteria.h"

namespace trialfinder {

// A criterion as its constraints are read in it. Every reference must
// outlive the call.
struct CriterionScope {
  const Criterion& criterion;
  // The criterion's text, normalised (NormalizeForMatching).
  const std::string& lower;
  const PatientFacts& facts;
  const TrialContext& trial;
  bool exclusion = false;
  // An exclusion about a treatment ("prior EGFR TKI for NSCLC"): the
  // conditions it names are the treatment's context.
  bool about_treatment = false;
};

// What one constraint is to its criterion.
enum class PartRole {
  kSkipped,  // decides nothing and asks nothing (an exception, a context)
  kPart,     // one part of the criterion's verdict
  kDecides,  // decides the whole criterion (a sex an exclusion is not about)
};

// One constraint's judgement as a part of its criterion; `judgement` is
// empty for kSkipped.
struct ConstraintPart {
  PartRole role = PartRole::kSkipped;
  Judgement judgement;
};

// `constraint` of `scope.criterion` judged for the patient. A part's truth
// is already turned by a negation the constraint carries ("no HIV").
// Does not guarantee a verdict for the criterion: parts are combined, and
// revised by the wording of the whole, in JudgeCriterion.
ConstraintPart JudgeInCriterion(const Constraint& constraint, const CriterionScope& scope);

// True when a condition name of an exclusion is, or is a kind of, or is a
// broader name for, what the trial studies (`topics`).
bool IsStudiedTopic(const std::string& name, const std::vector<std::string>& topics);

}  // namespace trialfinder

#endif  // TRIALFINDER_MATCH_CONSTRAINT_IN_CRITERION_H_
