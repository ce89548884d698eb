// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// The filters of a search (status, phase, ages, dates, places, distance,
// filter.advanced) as Xapian queries. Private to search/.

#ifndef TRIALFINDER_SEARCH_QUERY_FILTERS_H_
#define TRIALFINDER_SEARCH_QUERY_FILTERS_H_

#include <xapian.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "search/value_column.h"
#include "trialfinder/search.h"

namespace trialfinder {

// Any of `values`, each as FilterTerm(prefix, value).
Xapian::Query AnyTerm(const char* prefix, const std::vector<std::string>& values);

// The column of a value slot, in the revision the query runs on.
using ColumnOf = std::function<std::shared_ptr<const ValueColumn>(Xapian::valueno)>;

// The slot of the sites a distance is measured to: only the sites open to
// enrolment when the status filter asks only for open studies.
Xapian::valueno SiteSlot(const SearchQuery& query);

// The filter queries of `query` (all to be ANDed); values are read through
// `column_of`.
std::vector<Xapian::Query> FilterQueries(const SearchQuery& query, const ColumnOf& column_of);

}  // namespace trialfinder

#endif  // TRIALFINDER_SEARCH_QUERY_FILTERS_H_
