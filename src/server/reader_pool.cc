// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/reader_pool.h"

#include "trialfinder/index.h"

namespace trialfinder {

ReaderPool::ReaderPool(std::filesystem::path database_directory)
    : database_directory_(std::move(database_directory)) {}

Result<std::unique_ptr<ReaderPool::Readers>> ReaderPool::OpenReaders() const {
  auto readers = std::make_unique<Readers>();
  Result<std::unique_ptr<StudyStore>> store =
      StudyStore::Open(database_directory_, StudyStore::Mode::kReadOnly);
  if (!store.ok()) return store.status();
  readers->store = std::move(store).value();
  const std::filesystem::path index_path = IndexPath(database_directory_);
  std::error_code error;
  readers->index_generation = std::filesystem::last_write_time(index_path, error);
  Result<std::unique_ptr<SearchIndex>> index = SearchIndex::Open(index_path, value_columns_);
  if (!index.ok()) return index.status();
  readers->index = std::move(index).value();
  return readers;
}

Result<ReaderPool::Lease> ReaderPool::Acquire() {
  std::unique_ptr<Readers> readers;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      readers = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  std::error_code error;
  const auto generation = std::filesystem::last_write_time(IndexPath(database_directory_), error);
  if (readers && !error && generation != readers->index_generation)
    readers.reset();  // index rebuilt
  if (readers) {
    // Cheap when nothing changed; picks up ingests committed since.
    if (!readers->index->Reopen().ok()) readers.reset();
  }
  if (!readers) {
    Result<std::unique_ptr<Readers>> opened = OpenReaders();
    if (!opened.ok()) return opened.status();
    readers = std::move(opened).value();
  }
  return Lease(*this, std::move(readers));
}

void ReaderPool::Return(std::unique_ptr<Readers> readers) {
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.push_back(std::move(readers));
}

}  // namespace trialfinder
