// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// ByteBudget: how many bytes of responses may wait to be sent, per client
// and in all. A response stays in memory until its client has read it, and
// a client may read slowly on purpose: 256 connections each reading a 9.6 MB
// page a few bytes at a time took the server to 1.8 GB (issue 20). Past
// the budget, a client is told to come back instead.

#ifndef TRIALFINDER_SERVER_BYTE_BUDGET_H_
#define TRIALFINDER_SERVER_BYTE_BUDGET_H_

#include <cstddef>
#include <map>
#include <mutex>
#include <string>

namespace trialfinder {

// Thread-safe.
class ByteBudget {
 public:
  ByteBudget(std::size_t per_key, std::size_t total) : per_key_(per_key), total_(total) {}

  // Reserves `bytes` for `key` if it stays within both budgets. A key with
  // nothing reserved may always have one response (else a page larger than
  // the per-key budget could never be sent), and so may anyone while
  // nothing at all is reserved; `unlimited` keys (trusted proxies, which
  // read at once) skip the per-key budget.
  bool TryReserve(const std::string& key, std::size_t bytes, bool unlimited = false);
  void Release(const std::string& key, std::size_t bytes);

  // Whether `key` has its whole budget, or everyone the total, reserved:
  // a response made now could not be sent, so it need not be made.
  bool Exhausted(const std::string& key, bool unlimited = false) const;

  std::size_t reserved() const;

 private:
  std::size_t per_key_;
  std::size_t total_;
  mutable std::mutex mutex_;
  std::map<std::string, std::size_t> by_key_;
  std::size_t reserved_ = 0;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_BYTE_BUDGET_H_
