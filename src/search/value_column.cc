// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "search/value_column.h"

namespace trialfinder {

std::shared_ptr<const ValueColumn> ValueColumn::Read(const Xapian::Database& database,
                                                     Xapian::valueno slot) {
  auto column = std::make_shared<ValueColumn>();
  const Xapian::docid last = database.get_lastdocid();
  column->starts_.assign(static_cast<std::size_t>(last) + 2, 0);
  std::size_t next = 1;  // the first document whose start is not yet set
  for (auto value = database.valuestream_begin(slot); value != database.valuestream_end(slot);
       ++value) {
    const Xapian::docid docid = value.get_docid();
    while (next <= docid) column->starts_[next++] = column->values_.size();
    column->values_ += *value;
    ++column->documents_with_value_;
  }
  while (next < column->starts_.size()) column->starts_[next++] = column->values_.size();
  column->values_.shrink_to_fit();
  return column;
}

std::shared_ptr<const ValueColumn> ValueColumnCache::Column(const Xapian::Database& database,
                                                            Xapian::valueno slot) {
  const std::string uuid = database.get_uuid();
  const Xapian::rev revision = database.get_revision();
  std::lock_guard<std::mutex> lock(mutex_);
  Entry& entry = newest_[slot];
  if (entry.column && entry.uuid == uuid && entry.revision == revision) return entry.column;
  std::shared_ptr<const ValueColumn> column = ValueColumn::Read(database, slot);
  // A reader still at an older revision of the same index gets its own.
  if (!entry.column || entry.uuid != uuid || entry.revision < revision) {
    entry = Entry{uuid, revision, column};
  }
  return column;
}

ColumnFilterPostingSource::ColumnFilterPostingSource(std::shared_ptr<const ValueColumn> column,
                                                     Predicate keep, std::string description)
    : column_(std::move(column)), keep_(std::move(keep)), description_(std::move(description)) {}

void ColumnFilterPostingSource::init(const Xapian::Database& /*database*/) { current_ = 0; }

bool ColumnFilterPostingSource::Keeps(Xapian::docid docid) const {
  const std::string_view value = column_->Get(docid);
  return !value.empty() && keep_(value);
}

void ColumnFilterPostingSource::MoveToKeptFrom(Xapian::docid docid) {
  const Xapian::docid end = column_->end_docid();
  while (docid < end && !Keeps(docid)) ++docid;
  current_ = std::min(docid, end);
}

void ColumnFilterPostingSource::next(double /*min_weight*/) { MoveToKeptFrom(current_ + 1); }

void ColumnFilterPostingSource::skip_to(Xapian::docid docid, double /*min_weight*/) {
  if (docid > current_) MoveToKeptFrom(docid);
}

// Xapian's contract: true when positioned on `docid` (kept) or at the end;
// false leaves the position undefined, and next() goes on after `docid`.
bool ColumnFilterPostingSource::check(Xapian::docid docid, double /*min_weight*/) {
  if (docid <= current_) return true;
  current_ = std::min(docid, column_->end_docid());
  return at_end() || Keeps(docid);
}

ColumnFilterPostingSource* ColumnFilterPostingSource::clone() const {
  return new ColumnFilterPostingSource(column_, keep_, description_);
}

std::string ColumnFilterPostingSource::get_description() const {
  return "ColumnFilterPostingSource(" + description_ + ")";
}

}  // namespace trialfinder
