// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The sort keys of a search (ClinicalTrials.gov's sort parameter). Private
// to search/.

#ifndef TRIALFINDER_SEARCH_SORT_KEYS_H_
#define TRIALFINDER_SEARCH_SORT_KEYS_H_

#include <xapian.h>

#include "search/query_filters.h"
#include "trialfinder/search.h"

namespace trialfinder {

// Sets `enquire`'s order from query.sort (relevance when empty); values are
// read through `column_of`.
void ApplySort(const SearchQuery& query, Xapian::Enquire& enquire, const ColumnOf& column_of);

}  // namespace trialfinder

#endif  // TRIALFINDER_SEARCH_SORT_KEYS_H_
