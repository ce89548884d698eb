// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Registry wording in plain words, from data/lexicon/lay-terms.tsv: the
// patient page's prose and the questions matching asks ("Have you been
// diagnosed with cancer?", not "malignancy") read the one dictionary. Part
// of the text layer. Not guaranteed: a term the dictionary lacks stays as
// the registry wrote it.

#ifndef TRIALFINDER_LAY_TERMS_H_
#define TRIALFINDER_LAY_TERMS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trialfinder {

// Registry wording -> plain wording ("refractory" -> "treatment-resistant").
class LayTerms {
 public:
  // The dictionary shipped in data/lexicon/lay-terms.tsv (compiled in).
  static const LayTerms& Builtin();

  // Reads "term<TAB>plain" lines; '#' starts a comment line.
  explicit LayTerms(std::string_view tsv);

  // `text` with every dictionary term replaced: whole words, case-insensitive,
  // longest term first. A capital first letter is kept. Does not touch
  // words inside other words ("arrest" keeps its "rest").
  std::string Apply(std::string_view text) const;

  // The plain wording of `text` when one dictionary term is the whole of it
  // ("malignancy" -> "cancer"), case-insensitive; nullopt otherwise. For a
  // name set in a sentence of its own ("Have you been diagnosed with ...?"),
  // where replacing a modifier alone reads badly ("metastatic cancer" ->
  // "that has spread cancer").
  std::optional<std::string> Whole(std::string_view text) const;

  std::size_t size() const { return terms_.size(); }

 private:
  std::vector<std::pair<std::vector<std::string>, std::string>> terms_;  // words -> plain
  std::size_t longest_ = 1;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_LAY_TERMS_H_
