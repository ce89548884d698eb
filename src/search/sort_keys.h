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
// read through `column_of`. `ranks`: the query has text that weighs its
// matches. Relevance ties are broken by the most recent update (then by
// document ID, which is not stable across rebuilds) only when it does.
void ApplySort(const SearchQuery& query, bool ranks, Xapian::Enquire& enquire,
               const ColumnOf& column_of);

}  // namespace trialfinder

#endif  // TRIALFINDER_SEARCH_SORT_KEYS_H_
