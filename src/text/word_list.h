// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// A vocabulary kept in a data file under data/lexicon/ rather than in a C++
// string table: one entry per line, optional tab-separated columns, '#'
// starts a comment line, blank lines are skipped. The files are compiled in
// (src/assets), so the binary needs no data path. Entries are kept as
// written, in file order; lookups are exact (callers fold case first).

#ifndef TRIALFINDER_TEXT_WORD_LIST_H_
#define TRIALFINDER_TEXT_WORD_LIST_H_

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace trialfinder {

class WordList {
 public:
  // One row of the file: its first column and the columns after it.
  struct Row {
    std::string entry;
    std::vector<std::string> columns;  // tab-separated, after the entry
  };

  // Parses `text`. Leading and trailing spaces of each column are trimmed.
  explicit WordList(std::string_view text);

  // True when some row's entry is exactly `entry`.
  bool Contains(std::string_view entry) const;

  // The rows, in file order.
  const std::vector<Row>& rows() const { return rows_; }

  // The entries whose second column is `tag` (e.g. the cues of one role in
  // negation.tsv), in file order.
  std::vector<std::string> EntriesTagged(std::string_view tag) const;

  // The entries joined with '|' as regular-expression alternatives, longest
  // first so a longer phrase wins over its prefix. Entries are inserted as
  // written: a file may hold pattern syntax ("platelets?") on purpose.
  static std::string Alternatives(std::vector<std::string> entries);

 private:
  std::vector<Row> rows_;
  std::unordered_set<std::string> entries_;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_TEXT_WORD_LIST_H_
