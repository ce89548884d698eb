// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The receptor status a criterion asks for ("triple-negative",
// "HER2-positive", "hormone receptor positive", "ER and/or PR positive",
// "absence of HER2, ER, PR expression") against the qualitative results
// the record gives for the estrogen receptor, the progesterone receptor and
// HER2 ("ER-positive, HER2-negative breast cancer").

#ifndef TRIALFINDER_MATCH_RECEPTOR_STATUS_H_
#define TRIALFINDER_MATCH_RECEPTOR_STATUS_H_

#include <optional>
#include <string>

#include "match/constraint_judge.h"
#include "match/patient_facts.h"

namespace trialfinder {

struct ReceptorJudgement {
  // kTrue: the status asked for holds; kFalse: a result the record gives
  // contradicts it; kUnknown: a result it needs is not in the record.
  Judgement judgement;
  // The criterion's text with the receptor phrases blanked out, for
  // reading what else it asks ("HER2-negative metastatic breast cancer"
  // still asks for metastatic disease).
  std::string rest;
};

// What the record's receptor results say of lower-case criterion text
// `lower`. A criterion naming several statuses joined by "or" ("HER2-
// positive or triple-negative") asks for any of them; otherwise all.
// "ER and PR positive" beside each other mean hormone receptor positive
// (either). nullopt when the criterion asks no receptor status, asks one
// marker both ways, or the record gives none of the three results.
// Not guaranteed: "HER2-low", IHC scores ("HER2 2+") and percentages are
// not read, and leave the criterion to the other rules.
std::optional<ReceptorJudgement> JudgeReceptorStatus(const std::string& lower,
                                                     const PatientFacts& facts);

}  // namespace trialfinder

#endif  // TRIALFINDER_MATCH_RECEPTOR_STATUS_H_
