// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// A criterion's stage requirement ("stage IIIB or IV NSCLC", "metastatic",
// "non-metastatic") against the stage the patient's record gives.

#ifndef TRIALFINDER_MATCH_STAGE_JUDGE_H_
#define TRIALFINDER_MATCH_STAGE_JUDGE_H_

#include <optional>
#include <string>
#include <vector>

#include "match/constraint_judge.h"
#include "match/patient_facts.h"

namespace trialfinder {

// What the record's stage says of lower-case criterion text `lower`, given
// the verdict `combined` the criterion's other readings reached:
//  - a stage outside what the criterion asks fails an inclusion and makes
//    an exclusion not apply, unless the criterion offers another way in
//    ("stage IV or recurrent") or the record says the cancer spread or came
//    back (the stage is then the one at diagnosis);
//  - a stage within it meets an inclusion, or applies an exclusion, only
//    when the rest of the criterion asks nothing more (markers, treatment
//    history, scores) and names no cancer but the patient's.
// A distant metastasis named among the conditions ("liver metastases") is
// stage IV. Read only in a cancer's context: the criterion or the trial's
// topics (`topics`) name a cancer.
// nullopt when the record has no stage, the criterion asks none, or the
// stage decides nothing. Not guaranteed: stage groups are compared as
// numbers across cancers (text/cancer_stage.h).
std::optional<Judgement> JudgeStage(const std::string& lower, const PatientFacts& facts,
                                    const std::vector<std::string>& topics, bool exclusion,
                                    const Judgement& combined, bool only_diagnosis);

}  // namespace trialfinder

#endif  // TRIALFINDER_MATCH_STAGE_JUDGE_H_
