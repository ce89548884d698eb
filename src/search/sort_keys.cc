// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "search/sort_keys.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "search/index_schema.h"
#include "search/site_distance.h"

namespace trialfinder {
namespace {

namespace schema = index_schema;

// Sort keys for Xapian: the parts are escaped and terminated so that they
// concatenate in order (as Xapian::MultiValueKeyMaker does); a descending
// part is bit-inverted with its own escape and terminator, so a shorter
// value still sorts after a longer one it prefixes. Missing values sort
// last in either direction.
class StudyKeyMaker : public Xapian::KeyMaker {
 public:
  // Values are read through `column_of`; distances from `geo`'s point to
  // the sites in `site_slot`.
  StudyKeyMaker(std::vector<SortKey> keys, const std::optional<GeoDistance>& geo,
                Xapian::valueno site_slot, const ColumnOf& column_of)
      : keys_(std::move(keys)) {
    if (geo) distance_.emplace(geo->latitude, geo->longitude);
    for (const SortKey& key : keys_) {
      if (key.field == SortField::kDistance && !geo) continue;  // no point to measure from
      const std::optional<Xapian::valueno> slot = SlotOf(key, site_slot);
      if (slot && !columns_.count(*slot)) columns_[*slot] = column_of(*slot);
    }
    for (const SortKey& key : keys_) slots_.push_back(SlotOf(key, site_slot));
  }

  std::string operator()(const Xapian::Document& document) const override {
    std::string key;
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      const SortKey& sort = keys_[i];
      const std::string part = Value(document, sort, slots_[i]);
      if (part.empty()) {
        key.append(4, '\xff');
      } else if (sort.descending) {
        for (char c : part) {
          const char inverted = static_cast<char>(~static_cast<unsigned char>(c));
          key += inverted;
          if (inverted == '\xff') key += '\0';
        }
        key.append(2, '\xff');
      } else {
        for (char c : part) {
          key += c;
          if (c == '\0') key += '\xff';
        }
        key.append(2, '\0');
      }
    }
    return key;
  }

 private:
  static std::optional<Xapian::valueno> SlotOf(const SortKey& key, Xapian::valueno site_slot) {
    switch (key.field) {
      case SortField::kLastUpdate:
        return schema::kLastUpdateSlot;
      case SortField::kStartDate:
        return schema::kStartDateSlot;
      case SortField::kEnrollment:
        return schema::kEnrollmentSlot;
      case SortField::kDistance:
        return site_slot;
      case SortField::kPiece:
        return schema::PieceSlot(static_cast<std::size_t>(key.piece - StudyPieces().data()));
      case SortField::kRelevance:
        return std::nullopt;
    }
    return std::nullopt;
  }

  std::string Value(const Xapian::Document& document, const SortKey& sort,
                    std::optional<Xapian::valueno> slot) const {
    if (!slot) return "";
    const auto column = columns_.find(*slot);
    if (column == columns_.end()) return "";
    const std::string_view value = column->second->Get(document.get_docid());
    if (sort.field != SortField::kDistance) return std::string(value);
    if (!distance_) return "";
    std::optional<double> km = distance_->NearestKm(value);
    return km ? Xapian::sortable_serialise(*km) : "";
  }

  std::vector<SortKey> keys_;
  std::optional<SiteDistance> distance_;               // set when the query has a point
  std::vector<std::optional<Xapian::valueno>> slots_;  // keys_[i]'s
  std::map<Xapian::valueno, std::shared_ptr<const ValueColumn>> columns_;
};

}  // namespace

void ApplySort(const SearchQuery& query, bool stable_ties, Xapian::Enquire& enquire,
               const ColumnOf& column_of) {
  std::vector<SortKey> keys;
  bool relevance_first = false;
  for (const SortKey& key : query.sort) {
    if (key.field == SortField::kRelevance) {
      relevance_first = keys.empty();
    } else {
      keys.push_back(key);
    }
  }
  if (keys.empty()) {
    // Relevance only. Equal weights are common (field searches ignore
    // document length), and Xapian then orders by document ID, which a
    // rebuild on several threads assigns in no fixed order: the same
    // search over the same studies listed tied trials differently after
    // each rebuild. With stable_ties an open study comes first, then the
    // most recently updated record (user test: with "Any status", closed
    // trials were listed above open ones as relevant).
    if (stable_ties) enquire.set_sort_by_relevance_then_value(schema::kTieBreakSlot, true);
    return;
  }
  auto* maker = new StudyKeyMaker(keys, query.geo, SiteSlot(query), column_of);
  maker->release();  // the Enquire owns it now
  // Xapian sorts keys ascending when `reverse` is false; the maker already
  // inverted descending parts.
  if (relevance_first) {
    enquire.set_sort_by_relevance_then_key(maker, false);
  } else {
    enquire.set_sort_by_key_then_relevance(maker, false);  // relevance breaks ties
  }
}

}  // namespace trialfinder
