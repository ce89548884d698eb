// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Facet counts of a search: how many matches have each status, phase,
// country ... Private to search/.

#ifndef TRIALFINDER_SEARCH_FACETS_H_
#define TRIALFINDER_SEARCH_FACETS_H_

#include <xapian.h>

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "search/value_column.h"
#include "trialfinder/search.h"

namespace trialfinder {

// Counts the "name=value" lines of the facet slot of every matching
// document the matcher looks at.
class FacetCounter : public Xapian::MatchSpy {
 public:
  // `lines` is the column of the facet slot.
  explicit FacetCounter(std::shared_ptr<const ValueColumn> lines) : lines_(std::move(lines)) {}

  void operator()(const Xapian::Document& document, double /*weight*/) override {
    ++seen_;
    std::string_view rest = lines_->Get(document.get_docid());
    while (!rest.empty()) {
      const std::size_t end = std::min(rest.find('\n'), rest.size());
      const std::string_view line = rest.substr(0, end);
      auto found = counts_.find(line);
      if (found == counts_.end()) found = counts_.emplace(std::string(line), 0).first;
      ++found->second;
      rest.remove_prefix(std::min(end + 1, rest.size()));
    }
  }

  // The documents counted so far.
  Xapian::doccount seen() const { return seen_; }

  // The counts, each multiplied by `scale` (1 when every match was seen).
  std::vector<Facet> Facets(double scale) const {
    std::map<std::string, Facet> by_name;
    for (const auto& [line, count] : counts_) {
      const std::size_t equals = line.find('=');
      Facet& facet = by_name[line.substr(0, equals)];
      facet.name = line.substr(0, equals);
      const auto scaled =
          static_cast<std::int64_t>(std::llround(static_cast<double>(count) * scale));
      facet.values.push_back({line.substr(equals + 1), std::max<std::int64_t>(scaled, 1)});
    }
    std::vector<Facet> facets;
    for (auto& [name, facet] : by_name) {
      std::sort(facet.values.begin(), facet.values.end(),
                [](const FacetValue& a, const FacetValue& b) {
                  return a.count != b.count ? a.count > b.count
                                            : a.value < b.value;  // ties in name order
                });
      facets.push_back(std::move(facet));
    }
    return facets;
  }
  std::string name() const override { return "trialfinder.FacetCounter"; }

 private:
  // Hashed, with string_view lookups: a study has dozens of facet lines
  // and an ordered map spent most of the counting in string comparisons.
  struct LineHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view line) const {
      return std::hash<std::string_view>()(line);
    }
  };
  std::unordered_map<std::string, std::int64_t, LineHash, std::equal_to<>> counts_;
  Xapian::doccount seen_ = 0;
  std::shared_ptr<const ValueColumn> lines_;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_SEARCH_FACETS_H_
