// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "trialfinder/criteria_memo.h"

#include <algorithm>
#include <functional>
#include <string_view>
#include <vector>

namespace trialfinder {

std::shared_ptr<const ParsedCriteria> CriteriaMemo::Parse(const Study& study,
                                                          const CriteriaLexicon& registry) {
  // The library's string hash (word at a time): FNV-1a, a byte at a time,
  // over 100 candidate records was 3 % of /match. In memory only, so no
  // stable value is needed.
  const std::uint64_t hash = std::hash<std::string_view>{}(study.raw_json);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = entries_.find(study.nct_id());
    if (found != entries_.end() && found->second.record_hash == hash) {
      found->second.used = ++tick_;
      return found->second.parsed;
    }
  }
  auto parsed = std::make_shared<const ParsedCriteria>(ParseStudyCriteria(study, registry));
  std::lock_guard<std::mutex> lock(mutex_);
  entries_[study.nct_id()] = {hash, parsed, ++tick_};
  if (entries_.size() > capacity_) EvictLocked();
  return parsed;
}

std::size_t CriteriaMemo::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

void CriteriaMemo::EvictLocked() {
  // The least recently used tenth (at least one) goes.
  std::vector<std::uint64_t> ticks;
  ticks.reserve(entries_.size());
  for (const auto& [id, entry] : entries_) ticks.push_back(entry.used);
  const std::size_t drop = std::max<std::size_t>(1, entries_.size() / 10);
  std::nth_element(ticks.begin(), ticks.begin() + static_cast<std::ptrdiff_t>(drop - 1),
                   ticks.end());
  const std::uint64_t oldest_kept = ticks[drop - 1];
  std::erase_if(entries_, [&](const auto& item) { return item.second.used <= oldest_kept; });
}

}  // namespace trialfinder
