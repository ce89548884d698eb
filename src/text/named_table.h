// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// A vocabulary file whose rows are a pattern and the name it stands for
// (data/lexicon/lab-names.tsv, scores.tsv, lab-markers.tsv), compiled once.
// Private helper of the text layer.

#ifndef TRIALFINDER_TEXT_NAMED_TABLE_H_
#define TRIALFINDER_TEXT_NAMED_TABLE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/pattern.h"

namespace trialfinder {

class NamedTable {
 public:
  // How each row's pattern is compiled.
  enum class Anchoring {
    kWhole,   // the row names text that is exactly its pattern
    kSearch,  // the row names text that contains its pattern
  };

  // Parses `tsv` (pattern TAB name [TAB kind]; the name and the kind may
  // be empty).
  NamedTable(std::string_view tsv, Anchoring anchoring);

  // Every row's pattern as alternatives, in file order, without a group.
  const std::string& Alternatives() const { return alternatives_; }

  // The first row whose pattern names `text`: its name, "" when the row
  // has none; nullopt when no row does.
  std::optional<std::string> NameOf(std::string_view text) const;

  struct Row {
    Pattern pattern;
    std::string name;
    std::string kind;  // the third column ("gene" in lab-markers.tsv), or ""
  };

  const std::vector<Row>& rows() const { return rows_; }

 private:
  std::vector<Row> rows_;
  std::string alternatives_;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_TEXT_NAMED_TABLE_H_
