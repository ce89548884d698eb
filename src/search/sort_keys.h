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
// read through `column_of`. With `stable_ties`, relevance ties go to the
// most recent update, then to the document ID; without, to the document ID
// alone, which a rebuild on several threads assigns in no fixed order.
// Dates cost a value read for each tied match: worth it for a page of
// results people read, not for every API search.
void ApplySort(const SearchQuery& query, bool stable_ties, Xapian::Enquire& enquire,
               const ColumnOf& column_of);

}  // namespace trialfinder

#endif  // TRIALFINDER_SEARCH_SORT_KEYS_H_
