// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// ReaderPool: read-only store connections and search indexes for request
// threads. SQLite connections and Xapian databases are not thread-safe, so a
// request leases one pair for its duration and gives it back.

#ifndef TRIALFINDER_SERVER_READER_POOL_H_
#define TRIALFINDER_SERVER_READER_POOL_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "trialfinder/criteria.h"
#include "trialfinder/criteria_memo.h"
#include "trialfinder/match.h"
#include "trialfinder/search.h"
#include "trialfinder/store.h"

namespace trialfinder {

class ReaderPool {
 public:
  struct Readers {
    std::unique_ptr<StudyStore> store;
    std::unique_ptr<SearchIndex> index;
    std::filesystem::file_time_type index_generation;  // stub file time when opened
  };

  // A lexicon and the parsed criteria kept for it, replaced together.
  struct LexiconAndMemo {
    CriteriaLexicon lexicon;
    std::unique_ptr<CriteriaMemo> memo = std::make_unique<CriteriaMemo>();
  };

  // Gives the readers back to the pool when destroyed.
  class Lease {
   public:
    Lease(ReaderPool& pool, std::unique_ptr<Readers> readers)
        : pool_(pool), readers_(std::move(readers)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (readers_) pool_.Return(std::move(readers_));
    }
    StudyStore& store() { return *readers_->store; }
    SearchIndex& index() { return *readers_->index; }
    // The registry's criteria lexicon for this index (RegistryLexicon),
    // shared by all requests: every page, API answer and match reads
    // criteria with it.
    const CriteriaLexicon& lexicon() const { return lexicon_->lexicon; }
    // Parsed criteria kept for this lexicon (criteria_memo.h).
    CriteriaMemo& criteria_memo() const { return *lexicon_->memo; }
    // Options for a match with these readers: the kept criteria, and
    // candidates parsed and judged on up to 4 threads (as many as the
    // machine has cores): /match waited 85 ms at the median on one thread
    // of the 2-core development machine, 57-67 ms on two. Everything else
    // is MatchOptions' defaults.
    MatchOptions match_options() const;

   private:
    friend class ReaderPool;
    ReaderPool& pool_;
    std::unique_ptr<Readers> readers_;
    std::shared_ptr<const LexiconAndMemo> lexicon_;
  };

  explicit ReaderPool(std::filesystem::path database_directory);

  // Readers that see the latest committed store and index. Errors when the
  // database or index cannot be opened.
  Result<Lease> Acquire();

 private:
  void Return(std::unique_ptr<Readers> readers);
  Result<std::unique_ptr<Readers>> OpenReaders() const;
  // The lexicon of the index revision `index` has open: built by the first
  // request that sees a new revision, while the others go on with the one
  // before (it lacks only the names of the last update).
  Result<std::shared_ptr<const LexiconAndMemo>> LexiconFor(SearchIndex& index);

  std::filesystem::path database_directory_;
  // One copy of the index's value columns for all the readers.
  std::shared_ptr<ValueColumnCache> value_columns_ = MakeValueColumnCache();
  std::mutex mutex_;
  std::vector<std::unique_ptr<Readers>> idle_;
  // Guarded by mutex_.
  std::shared_ptr<const LexiconAndMemo> lexicon_;
  std::uint64_t lexicon_revision_ = 0;
  bool lexicon_building_ = false;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_READER_POOL_H_
