// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/named_table.h"

#include "text/word_list.h"

namespace trialfinder {

NamedTable::NamedTable(std::string_view tsv, Anchoring anchoring) {
  const WordList list(tsv);
  for (const WordList::Row& row : list.rows()) {
    const std::string pattern =
        anchoring == Anchoring::kWhole ? "^(?:" + row.entry + ")$" : row.entry;
    rows_.push_back({Pattern(pattern), row.columns.empty() ? "" : row.columns.front(),
                     row.columns.size() > 1 ? row.columns[1] : ""});
    alternatives_ += (alternatives_.empty() ? "" : "|") + row.entry;
  }
}

std::optional<std::string> NamedTable::NameOf(std::string_view text) const {
  for (const Row& row : rows_) {
    if (row.pattern.Search(text)) return row.name;
  }
  return std::nullopt;
}

}  // namespace trialfinder
