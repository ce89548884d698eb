// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// A criterion's constraints as judged, before their verdicts are combined:
// what the rules that revise a combined verdict read (combined_rules,
// time_rules, value_rules, note_timing).

#ifndef TRIALFINDER_MATCH_JUDGED_PARTS_H_
#define TRIALFINDER_MATCH_JUDGED_PARTS_H_

#include <string>
#include <vector>

#include "match/constraint_judge.h"
#include "trialfinder/criteria.h"

namespace trialfinder {

// A criterion's judged constraints: parallel lists of each one's
// judgement, type and name.
struct JudgedParts {
  const std::vector<Judgement>& parts;
  const std::vector<ConstraintType>& types;
  const std::vector<std::string>& names;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_MATCH_JUDGED_PARTS_H_
