// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/criteria_warmer.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <string>

#include "server/page_support.h"

namespace trialfinder {

CriteriaWarmer::CriteriaWarmer(ReaderPool& pool) : pool_(pool), thread_([this] { Run(); }) {}

CriteriaWarmer::~CriteriaWarmer() {
  stop_ = true;
  Wait();
}

void CriteriaWarmer::Wait() {
  if (thread_.joinable()) thread_.join();
}

void CriteriaWarmer::Run() {
  // Linux gives each thread its own nice value: this one yields to the
  // request threads on a busy machine.
  setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 19);
  Result<ReaderPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return;
  CriteriaMemo& memo = lease->criteria_memo();
  const std::size_t wanted = std::min<std::size_t>(memo.capacity() / 2, 1000);
  Result<SearchQuery> query = ParseSearchParameters({{"filter.overallStatus", OpenStatusFilter()},
                                                     {"sort", "LastUpdatePostDate:desc"},
                                                     {"pageSize", std::to_string(wanted)}});
  if (!query.ok()) return;
  Result<SearchResult> open = lease->index().Search(*query);
  if (!open.ok()) return;
  for (const SearchHit& hit : open->hits) {
    if (stop_) return;
    Result<std::optional<Study>> study = lease->store().GetStudy(hit.nct_id);
    if (!study.ok() || !study->has_value()) continue;
    memo.Parse(**study, lease->lexicon());
    ++warmed_;
  }
}

}  // namespace trialfinder
