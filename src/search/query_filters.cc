// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "search/query_filters.h"

#include <algorithm>

#include "search/advanced_filter.h"
#include "search/geo_cells.h"
#include "search/index_schema.h"
#include "search/site_distance.h"
#include "search/study_document.h"
#include "search/text_query.h"
#include "text/ascii_case.h"
#include "trialfinder/partial_date.h"
#include "trialfinder/study_json.h"

namespace trialfinder {

namespace schema = index_schema;
using Xapian::Query;

Query AnyTerm(const char* prefix, const std::vector<std::string>& values) {
  std::vector<Query> terms;
  for (const std::string& value : values) terms.emplace_back(schema::FilterTerm(prefix, value));
  return Query(Query::OP_OR, terms.begin(), terms.end());
}

// Dates as YYYYMMDD numbers; an open or partial upper end covers its period.

// The documents whose value in `slot` is at least `low` and at most `high`
// (in sortable_serialise order; no bound when nullopt). Documents without
// a value are left out.
Query ValueInRange(const ColumnOf& column_of, Xapian::valueno slot, std::optional<std::string> low,
                   std::optional<std::string> high) {
  auto keep = [low = std::move(low), high = std::move(high)](std::string_view value) {
    return (!low || value >= *low) && (!high || value <= *high);
  };
  auto* source = new ColumnFilterPostingSource(column_of(slot), std::move(keep),
                                               "slot " + std::to_string(slot) + " range");
  return Query(source->release());  // the query owns it now
}

Query DateRangeQuery(const ColumnOf& column_of, Xapian::valueno slot, const DateRange& range) {
  // SearchParameters checked both ends; an end that is not a date is open.
  const std::optional<PartialDate> from = PartialDate::Parse(range.from);
  const std::optional<PartialDate> to = PartialDate::Parse(range.to);
  const double low = from ? from->SortKey() : 0;
  double high = 99999999;
  if (to) {
    // Up to the end of the year or month a partial date names.
    high = to->SortKey() + (to->precision() == DatePrecision::kYear    ? 1299
                            : to->precision() == DatePrecision::kMonth ? 99
                                                                       : 0);
  }
  return ValueInRange(column_of, slot, Xapian::sortable_serialise(low),
                      Xapian::sortable_serialise(high));
}

// Only sites open to enrolment count when the status filter asks only for
// enrolling studies.
bool OnlyEnrollingSites(const SearchQuery& query) {
  return !query.overall_status.empty() &&
         std::all_of(query.overall_status.begin(), query.overall_status.end(), IsOpenStatus);
}

Xapian::valueno SiteSlot(const SearchQuery& query) {
  return OnlyEnrollingSites(query) ? schema::kRecruitingSitesSlot : schema::kAllSitesSlot;
}

// The filters read values through `column_of`.
std::vector<Query> FilterQueries(const SearchQuery& query, const ColumnOf& column_of) {
  std::vector<Query> filters;
  if (!query.overall_status.empty())
    filters.push_back(AnyTerm(schema::kStatusTerm, query.overall_status));
  if (!query.phase.empty()) filters.push_back(AnyTerm(schema::kPhaseTerm, query.phase));
  if (!query.study_type.empty())
    filters.push_back(AnyTerm(schema::kStudyTypeTerm, query.study_type));
  if (!query.std_ages.empty()) filters.push_back(AnyTerm(schema::kStdAgeTerm, query.std_ages));
  if (!query.ids.empty()) {
    // By ID or by an alias (the ID a study had before two were merged), as
    // given and with the leading zeros the registry writes (NCT4000165 is
    // NCT04000165; a short test ID like NCT000001 is itself too).
    std::vector<Query> ids;
    for (const std::string& given : query.ids) {
      for (const std::string& id : {given, CanonicalNctId(given)}) {
        if (id.empty()) continue;
        ids.emplace_back(schema::kNctIdTerm + id);
        ids.emplace_back(schema::PieceValueTerm("NCTIdAlias", AsciiLowercase(id)));
      }
    }
    filters.emplace_back(Query::OP_OR, ids.begin(), ids.end());
  }
  for (const std::string& document : query.documents) {
    filters.emplace_back(schema::FilterTerm(schema::kDocumentTerm, document));
  }
  if (!query.sex.empty()) {
    // A patient's sex: studies for that sex and studies for all.
    std::vector<std::string> sexes = {query.sex};
    if (query.sex != "ALL") sexes.push_back("ALL");
    filters.push_back(AnyTerm(schema::kSexTerm, sexes));
  }
  if (query.healthy_volunteers) {
    filters.emplace_back(std::string(schema::kHealthyTerm) +
                         (*query.healthy_volunteers ? "1" : "0"));
  }
  if (query.has_results) {
    filters.emplace_back(std::string(schema::kResultsTerm) + (*query.has_results ? "1" : "0"));
  }
  if (!query.country.empty())
    filters.emplace_back(schema::FilterTerm(schema::kCountryTerm, AsciiLowercase(query.country)));
  if (!query.state.empty())
    filters.emplace_back(schema::FilterTerm(schema::kStateTerm, AsciiLowercase(query.state)));
  if (!query.city.empty())
    filters.emplace_back(schema::FilterTerm(schema::kCityTerm, AsciiLowercase(query.city)));
  if (query.age_years) {
    const std::string age = Xapian::sortable_serialise(*query.age_years);
    filters.push_back(ValueInRange(column_of, schema::kMinimumAgeSlot, std::nullopt, age));
    filters.push_back(ValueInRange(column_of, schema::kMaximumAgeSlot, age, std::nullopt));
  }
  if (!query.start_date.empty())
    filters.push_back(DateRangeQuery(column_of, schema::kStartDateSlot, query.start_date));
  if (!query.last_update.empty()) {
    filters.push_back(DateRangeQuery(column_of, schema::kLastUpdateSlot, query.last_update));
  }
  if (query.geo) {
    // The cells the circle touches narrow the studies to measure (a
    // superset); the column filter then keeps those with a site in range.
    const auto cells =
        GeoCellTermsWithin(query.geo->latitude, query.geo->longitude, query.geo->radius_km);
    if (cells) filters.emplace_back(Query::OP_OR, cells->begin(), cells->end());
    const SiteDistance distance(query.geo->latitude, query.geo->longitude);
    auto* source = new ColumnFilterPostingSource(
        column_of(SiteSlot(query)), distance.WithinKm(query.geo->radius_km),
        "sites within " + std::to_string(query.geo->radius_km) + " km");
    filters.emplace_back(source->release());  // the query owns it now
  }
  return filters;
}
}  // namespace trialfinder
