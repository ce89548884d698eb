// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// CriteriaWarmer: reads open studies' eligibility criteria into the
// criteria memo in the background when the server starts, so that the first
// /match requests do not parse their candidates' criteria (on the sample a
// cold request took 240-430 ms against 110 ms warm, bench/RESULTS.md).

#ifndef TRIALFINDER_SERVER_CRITERIA_WARMER_H_
#define TRIALFINDER_SERVER_CRITERIA_WARMER_H_

#include <atomic>
#include <cstddef>
#include <thread>

#include "server/reader_pool.h"

namespace trialfinder {

// Starts at construction: one thread, at the lowest CPU priority (requests
// come first), parses the criteria of the studies open to enrollment, most
// recently updated first, until half the memo's capacity is used (the rest
// stays for what requests bring), every open study is read, or the warmer
// is destroyed. Errors (no index yet, a study removed meanwhile) end or skip
// quietly: warming is an optimisation, never a condition of serving.
//
// Not guaranteed: that a request's candidates are among the warmed studies
// (at 600,000 studies the open ones far outnumber the memo), nor that the
// memo warmed is still the one in use after the index changes (each index
// revision has its own memo, which starts cold).
class CriteriaWarmer {
 public:
  explicit CriteriaWarmer(ReaderPool& pool);
  // Asks the thread to stop after the study it is reading, and waits.
  ~CriteriaWarmer();
  CriteriaWarmer(const CriteriaWarmer&) = delete;
  CriteriaWarmer& operator=(const CriteriaWarmer&) = delete;

  // Waits until warming ends (for tests).
  void Wait();
  // Studies read so far (for tests and logs).
  std::size_t warmed() const { return warmed_; }

 private:
  void Run();

  ReaderPool& pool_;
  std::atomic<bool> stop_{false};
  std::atomic<std::size_t> warmed_{0};
  std::thread thread_;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_CRITERIA_WARMER_H_
