// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/reader_pool.h"

#include <algorithm>
#include <thread>

#include "trialfinder/index.h"
#include "trialfinder/match.h"

namespace trialfinder {

MatchOptions ReaderPool::Lease::match_options() const {
  MatchOptions options;
  options.criteria_memo = &criteria_memo();
  options.threads = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
  return options;
}

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
  Result<std::shared_ptr<const LexiconAndMemo>> lexicon = LexiconFor(*readers->index);
  if (!lexicon.ok()) return lexicon.status();
  Lease lease(*this, std::move(readers));
  lease.lexicon_ = std::move(lexicon).value();
  return lease;
}

Result<std::shared_ptr<const ReaderPool::LexiconAndMemo>> ReaderPool::LexiconFor(
    SearchIndex& index) {
  const std::uint64_t revision = index.Revision();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    // Current, or being rebuilt by another request: take what there is.
    if (lexicon_ && (lexicon_revision_ == revision || lexicon_building_)) return lexicon_;
    lexicon_building_ = true;
  }
  Result<CriteriaLexicon> built = RegistryLexicon(index);
  std::lock_guard<std::mutex> lock(mutex_);
  lexicon_building_ = false;
  if (!built.ok()) {
    if (lexicon_) return lexicon_;  // keep serving with the previous one
    return built.status();
  }
  auto fresh = std::make_shared<LexiconAndMemo>();
  fresh->lexicon = std::move(built).value();
  lexicon_ = std::move(fresh);
  lexicon_revision_ = revision;
  return lexicon_;
}

void ReaderPool::Return(std::unique_ptr<Readers> readers) {
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.push_back(std::move(readers));
}

}  // namespace trialfinder
