// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// In-memory copies of value slots. A filter, sort or facet count reads one
// value of each of thousands of matching documents. From the index, each
// such read is a B-tree lookup and a block copied out of the file (perf:
// most of a distance-filtered search's time at 600,000 studies was that
// copying); from a column read once per index revision, in one sequential
// pass, it is an array lookup. All the columns of 600,000 generated
// studies take about 250 MB, read in well under a second.

#ifndef TRIALFINDER_SEARCH_VALUE_COLUMN_H_
#define TRIALFINDER_SEARCH_VALUE_COLUMN_H_

#include <xapian.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace trialfinder {

// The values of one slot for every document of one revision of an index.
// Immutable once read, so any number of threads may read it at once.
class ValueColumn {
 public:
  // Reads every value of `slot` from `database` (a sequential pass).
  // Throws what Xapian throws.
  static std::shared_ptr<const ValueColumn> Read(const Xapian::Database& database,
                                                 Xapian::valueno slot);

  // The value of document `docid`; empty when it has none (Xapian does not
  // tell an empty value from a missing one either) or is past the end.
  std::string_view Get(Xapian::docid docid) const {
    if (docid == 0 || docid >= end_docid()) return {};
    return std::string_view(values_).substr(starts_[docid], starts_[docid + 1] - starts_[docid]);
  }

  // One past the last document ID that can have a value.
  Xapian::docid end_docid() const { return static_cast<Xapian::docid>(starts_.size() - 1); }

  // The documents with a value.
  Xapian::doccount documents_with_value() const { return documents_with_value_; }

 private:
  std::string values_;  // every value, in document order
  std::vector<std::uint64_t>
      starts_;  // value of d: [starts_[d], starts_[d + 1]); starts_[0] unused
  Xapian::doccount documents_with_value_ = 0;
};

// The columns of the revision an index is at, shared by every SearchIndex
// of one index that is given the same cache (a server's worker threads), so
// they are read once, not once per thread. Keeps the columns of the newest
// revision it has been asked for; a SearchIndex still at an older one gets
// a column of its own until it reopens. Thread-safe.
class ValueColumnCache {
 public:
  // The column of `slot` in the revision `database` has open, read on
  // first use (while other callers wait). Throws what Xapian throws.
  std::shared_ptr<const ValueColumn> Column(const Xapian::Database& database, Xapian::valueno slot);

 private:
  struct Entry {
    std::string uuid;
    Xapian::rev revision = 0;
    std::shared_ptr<const ValueColumn> column;
  };
  std::mutex mutex_;
  std::map<Xapian::valueno, Entry> newest_;
};

// A posting source for OP_FILTER: the documents whose value in `column`
// is not empty and passes `keep`. check() tests one document in constant
// time, so under an AND with a rarer term only that term's documents are
// tested; on its own it tests every document with a value. It gives no
// weight. The column must be of the revision the query runs on.
class ColumnFilterPostingSource : public Xapian::PostingSource {
 public:
  using Predicate = std::function<bool(std::string_view value)>;

  // `description` names the filter in Xapian's query descriptions.
  ColumnFilterPostingSource(std::shared_ptr<const ValueColumn> column, Predicate keep,
                            std::string description);

  void init(const Xapian::Database& database) override;
  // Estimates only: the column does not know how many values pass.
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return column_->documents_with_value() / 2; }
  Xapian::doccount get_termfreq_max() const override { return column_->documents_with_value(); }
  Xapian::docid get_docid() const override { return current_; }
  bool at_end() const override { return current_ >= column_->end_docid(); }
  void next(double min_weight) override;
  void skip_to(Xapian::docid docid, double min_weight) override;
  bool check(Xapian::docid docid, double min_weight) override;
  ColumnFilterPostingSource* clone() const override;
  std::string get_description() const override;

 private:
  bool Keeps(Xapian::docid docid) const;
  // Moves to the first kept document at or after `docid`.
  void MoveToKeptFrom(Xapian::docid docid);

  std::shared_ptr<const ValueColumn> column_;
  Predicate keep_;
  std::string description_;
  Xapian::docid current_ = 0;  // 0 before the first next()
};

}  // namespace trialfinder

#endif  // TRIALFINDER_SEARCH_VALUE_COLUMN_H_
