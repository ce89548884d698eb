// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// filter.advanced: a search expression (essie_query.h) used as a filter,
// e.g. "AREA[Phase]PHASE2 AND AREA[MinimumAge]RANGE[MIN, 16 years]" or
// "AREA[StartDate]RANGE[2020-01-01, MAX] AND NOT AREA[StudyType]OBSERVATIONAL".

#ifndef TRIALFINDER_SEARCH_ADVANCED_FILTER_H_
#define TRIALFINDER_SEARCH_ADVANCED_FILTER_H_

#include <xapian.h>

#include <string>

#include "search/essie_query.h"
#include "trialfinder/status.h"

namespace trialfinder {

// Parses an expression into a Xapian filter query, strictly: unbalanced
// parentheses and stray operators are errors, as are unknown areas. Words
// outside any AREA are searched in all text through `text`. An expression
// of stopwords only matches nothing. Errors name the problem and where it
// is; expressions over 4,000 characters are refused. `database` is for
// COVERAGE[EndsWith] (EssieOptions::database) and may be null.
Result<Xapian::Query> BuildAdvancedFilter(const std::string& expression,
                                          const Xapian::Database* database,
                                          const FieldWordsQuery& text);

}  // namespace trialfinder

#endif  // TRIALFINDER_SEARCH_ADVANCED_FILTER_H_
