// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Parsed criteria kept between requests. Reading a study's eligibility text
// (ParseStudyCriteria) was 43 % of a /match request's time on the sample
// (perf, 2026-12-02): each request read the same candidates' criteria
// again. A memo belongs to one registry lexicon (the server makes a new one
// with each index revision's lexicon), so a remembered parse is the one
// that lexicon gives.

#ifndef TRIALFINDER_CRITERIA_MEMO_H_
#define TRIALFINDER_CRITERIA_MEMO_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "trialfinder/criteria.h"
#include "trialfinder/study.h"

namespace trialfinder {

// Thread-safe: any number of threads may call Parse at once (one mutex,
// held for lookups only, never while parsing).
//
// Not guaranteed: two threads parsing the same study at once both parse
// it. A study is recognised by its NCT ID and a hash of its raw record: a
// changed record is parsed again. At most `capacity` studies are kept (the
// least recently used go first, a tenth at a time); each holds its parsed
// criteria, about 10-40 kB on the sample.
class CriteriaMemo {
 public:
  explicit CriteriaMemo(std::size_t capacity = 2000) : capacity_(capacity) {}
  CriteriaMemo(const CriteriaMemo&) = delete;
  CriteriaMemo& operator=(const CriteriaMemo&) = delete;

  // ParseStudyCriteria(study, registry), from memory when this record was
  // parsed before. `registry` must be the lexicon this memo is for.
  std::shared_ptr<const ParsedCriteria> Parse(const Study& study, const CriteriaLexicon& registry);

  // Studies kept now.
  std::size_t size() const;
  // The most studies kept.
  std::size_t capacity() const { return capacity_; }

 private:
  struct Entry {
    std::uint64_t record_hash = 0;
    std::shared_ptr<const ParsedCriteria> parsed;
    std::uint64_t used = 0;  // tick_ when last asked for
  };
  void EvictLocked();

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;  // by NCT ID; guarded by mutex_
  std::uint64_t tick_ = 0;                          // guarded by mutex_
};

}  // namespace trialfinder

#endif  // TRIALFINDER_CRITERIA_MEMO_H_
