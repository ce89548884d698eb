// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/word_list.h"

#include <fmt/format.h>
#include <algorithm>

namespace trialfinder {
namespace {

std::string_view Trim(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \r");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \r") - first + 1);
}

}  // namespace

WordList::WordList(std::string_view text) {
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (Trim(line).empty() || Trim(line).front() == '#') continue;
    Row row;
    bool first = true;
    while (true) {
      const std::size_t tab = line.find('\t');
      const std::string column(Trim(line.substr(0, tab)));
      if (first) {
        row.entry = column;
        first = false;
      } else {
        row.columns.push_back(column);
      }
      if (tab == std::string_view::npos) break;
      line = line.substr(tab + 1);
    }
    if (row.entry.empty()) continue;
    entries_.insert(row.entry);
    rows_.push_back(std::move(row));
  }
}

bool WordList::Contains(std::string_view entry) const {
  return entries_.count(std::string(entry)) > 0;
}

std::vector<std::string> WordList::EntriesTagged(std::string_view tag) const {
  std::vector<std::string> out;
  for (const Row& row : rows_) {
    if (!row.columns.empty() && row.columns.front() == tag) out.push_back(row.entry);
  }
  return out;
}

std::string WordList::Alternatives(std::vector<std::string> entries) {
  std::stable_sort(entries.begin(), entries.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return fmt::format("{}", fmt::join(entries, "|"));
}

}  // namespace trialfinder
