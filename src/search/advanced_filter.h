// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// filter.advanced: ClinicalTrials.gov's Essie expressions over study fields,
// e.g. "AREA[Phase]PHASE2 AND AREA[MinimumAge]RANGE[MIN, 16 years]" or
// "AREA[StartDate]RANGE[2020-01-01, MAX] AND NOT AREA[StudyType]OBSERVATIONAL".

#ifndef TRIALFINDER_SEARCH_ADVANCED_FILTER_H_
#define TRIALFINDER_SEARCH_ADVANCED_FILTER_H_

#include <xapian.h>

#include <functional>
#include <optional>
#include <string>

#include "trialfinder/status.h"

namespace trialfinder {

// Builds the query for free text in a text area (Condition, BriefTitle, ...)
// given the index field prefix.
using AreaTextQuery =
    std::function<std::optional<Xapian::Query>(const std::string& text, const std::string& prefix)>;

// Parses an expression into a Xapian filter query. Supports AREA[Field]value,
// AREA[Field]RANGE[low, high] with MIN/MAX, "quoted values", AND, OR, NOT
// and parentheses. Errors name the problem and where it is; an area that is
// not supported is an error, never silently ignored.
Result<Xapian::Query> BuildAdvancedFilter(const std::string& expression, const AreaTextQuery& text);

}  // namespace trialfinder

#endif  // TRIALFINDER_SEARCH_ADVANCED_FILTER_H_
