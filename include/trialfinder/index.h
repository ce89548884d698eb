// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Building the search index from the store. The index lives beside the
// store (DIR/index) and records the store's change sequence it has seen, so
// it can catch up with new ingests or be rebuilt from scratch at any time.
// Xapian allows one writer at a time; these functions are that writer.

#ifndef TRIALFINDER_INDEX_H_
#define TRIALFINDER_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "trialfinder/status.h"
#include "trialfinder/store.h"

namespace trialfinder {

// A stored study the index could not hold, and why ("NCT01234567: a term
// of 301 bytes, over Xapian's 245"). Such a study is left out of the index
// (an earlier version of it is removed) and found again by nothing but its
// page; the index goes on with the others.
struct IndexFailure {
  std::string nct_id;
  std::string problem;
};

struct IndexReport {
  std::int64_t indexed = 0;         // documents written
  std::int64_t store_sequence = 0;  // the store change sequence now covered
  // The studies of this run that could not be indexed, in store order.
  std::vector<IndexFailure> failures;
  double seconds = 0;
};

// Called every few hundred documents with the number indexed so far.
using IndexProgress = std::function<void(std::int64_t indexed)>;

// Where the index of a database directory lives: DIR/index, a Xapian stub
// file naming the current index directory (DIR/index-N). A rebuild writes a
// new directory and then replaces the stub in one rename.
std::filesystem::path IndexPath(const std::filesystem::path& database_directory);

// Brings the index at `index_path` up to date with `store`: indexes the
// studies changed since the store sequence the index last recorded. Builds
// the index (RebuildIndex) when there is none.
Result<IndexReport> UpdateIndex(const StudyStore& store, const std::filesystem::path& index_path,
                                const IndexProgress& progress = nullptr);

// Studies per shard of a rebuild: see RebuildIndex. Smaller shards keep
// Xapian's tables small while they are written; at 100k studies shards of
// 5,000-10,000 took 87-95 s against 103-111 s for 50,000 (one run each).
inline constexpr std::int64_t kStudiesPerShard = 10000;

// How RebuildIndex writes: into shards of `studies_per_shard` studies,
// `writer_threads` shards at a time, each by its own thread (0: one per
// core). Xapian allows one writer per database, and a shard is a
// database of its own; more writers only help while cores are idle.
struct RebuildOptions {
  std::int64_t studies_per_shard = kStudiesPerShard;
  int writer_threads = 0;
};

// Rebuilds the index from scratch into a new directory and then points
// `index_path` at it, so readers opening the index see either the old or
// the new one, never a partial one. The previous directory is kept until
// the next rebuild, for readers that still have it open. The studies are
// written into shards (each a small index, which is faster to write than
// one large one, and several can be written at once), merged by Xapian's
// compaction at the end; the result is one index either way. Documents
// are not numbered in store order when more than one thread writes, so
// results that tie in relevance may come in another order than after a
// rebuild with one writer; nothing else differs.
Result<IndexReport> RebuildIndex(const StudyStore& store, const std::filesystem::path& index_path,
                                 const IndexProgress& progress = nullptr,
                                 const RebuildOptions& options = {});

// What an index holds: its documents, the store change sequence it covers
// and the stored studies it could not hold (from every update since the
// last rebuild, less those indexed since; at most kMaxRecordedFailures).
struct IndexState {
  std::int64_t documents = 0;
  std::int64_t store_sequence = 0;
  std::vector<IndexFailure> failures;
  std::int64_t failures_not_listed = 0;  // failures past kMaxRecordedFailures
};

// How many failures an index keeps by name (the count is kept past it).
inline constexpr std::size_t kMaxRecordedFailures = 1000;

// Reads the state of the index at `index_path`; NotFound when there is none.
Result<IndexState> ReadIndexState(const std::filesystem::path& index_path);

}  // namespace trialfinder

#endif  // TRIALFINDER_INDEX_H_
