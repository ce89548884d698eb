// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "search/advanced_filter.h"

#include <optional>

namespace trialfinder {

Result<Xapian::Query> BuildAdvancedFilter(const std::string& expression,
                                          const Xapian::Database* database,
                                          const FieldWordsQuery& text) {
  if (expression.size() > 4000) {
    return Status::InvalidArgument("parameter 'filter.advanced': longer than 4000 characters");
  }
  EssieOptions options;
  options.parameter = "filter.advanced";
  options.prefix = "";
  options.lenient = false;
  options.database = database;
  Result<std::optional<Xapian::Query>> query = ParseEssie(expression, options, text);
  if (!query.ok()) return query.status();
  // Nothing to look for (stopwords only): nothing matches.
  return query->value_or(Xapian::Query());
}

}  // namespace trialfinder
