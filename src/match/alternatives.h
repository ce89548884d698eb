// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Criteria nested under another that says how they combine: alternatives
// ("Women with systemic autoimmune disease, including:" followed by lupus,
// antiphospholipid syndrome, ...) of which the patient needs one, and
// exceptions ("Other malignancy, except:" followed by basal cell carcinoma)
// that take people out of an exclusion rather than exclude them. Each
// nested criterion is judged on its own first (criterion_judge.h); these
// rules then combine the verdicts. Private to src/match/.
//
// Only a parent whose own words introduce the list is read this way; a
// list under a parent that says neither ("Adequate organ function:") keeps
// one verdict per item, each of which must hold. The cue words are English
// and few (kAlternativeCues, kExceptionCues): a list introduced otherwise
// ("patients in categories A to C") is read item by item.

#ifndef TRIALFINDER_MATCH_ALTERNATIVES_H_
#define TRIALFINDER_MATCH_ALTERNATIVES_H_

#include <string_view>
#include <vector>

#include "trialfinder/criteria.h"
#include "trialfinder/match.h"

namespace trialfinder {

// True when `parent_text` introduces a list of which one item is enough
// ("including:", "one of the following:", "at least one of:", "such as:").
// "All of the following" is not.
bool IntroducesAlternatives(std::string_view parent_text);

// True when `parent_text` introduces a list of exceptions ("except:",
// "with the exception of the following:", "other than:").
bool IntroducesExceptions(std::string_view parent_text);

// Combines the verdicts of nested criteria in place. `verdicts` holds one
// verdict per judged criterion of `criteria` (criterion_id), in any order;
// verdicts of other criteria (registry limits, id -1) are left alone.
// - Inclusion alternatives: when one is met (not merely assumed), the others
//   are not applicable and an unmet or unknown parent is met through it.
//   When none is met and some are unknown, the unmet ones are not
//   applicable (they exclude no one while another may hold) and the unknown
//   ones need review. When all are unmet, the verdicts stand.
// - Exclusion exceptions: never exclusions themselves (not applicable).
//   When one holds for the patient, an exclusion the parent applied is
//   unknown and needs review: the exception may cover the patient.
// Does not guarantee the reading of free-text logic beyond these two forms.
void CombineNestedVerdicts(const ParsedCriteria& criteria, std::vector<CriterionVerdict>& verdicts);

}  // namespace trialfinder

#endif  // TRIALFINDER_MATCH_ALTERNATIVES_H_
