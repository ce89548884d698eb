// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Typed constraints from the text of one criterion.

#ifndef TRIALFINDER_CRITERIA_CONSTRAINT_EXTRACTOR_H_
#define TRIALFINDER_CRITERIA_CONSTRAINT_EXTRACTOR_H_

#include <cstddef>
#include <string_view>
#include <vector>

#include "trialfinder/criteria.h"

namespace trialfinder {

// Criteria longer than this are kept as text, not read: the longest in the
// sample is about 2,000 bytes.
inline constexpr std::size_t kMaxCriterionBytes = 20000;

// Every constraint the text states that trialfinder can read. Never throws;
// text it cannot read gives none.
std::vector<Constraint> ExtractConstraints(std::string_view text, const CriteriaLexicon& lexicon);

}  // namespace trialfinder

#endif  // TRIALFINDER_CRITERIA_CONSTRAINT_EXTRACTOR_H_
