// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/byte_budget.h"

namespace trialfinder {

bool ByteBudget::TryReserve(const std::string& key, std::size_t bytes, bool unlimited) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (reserved_ > 0 && reserved_ + bytes > total_) return false;
  std::size_t& mine = by_key_[key];
  if (!unlimited && mine > 0 && mine + bytes > per_key_) return false;
  mine += bytes;
  reserved_ += bytes;
  return true;
}

void ByteBudget::Release(const std::string& key, std::size_t bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = by_key_.find(key);
  if (found == by_key_.end()) return;
  const std::size_t released = std::min(bytes, found->second);
  found->second -= released;
  reserved_ -= std::min(released, reserved_);
  if (found->second == 0) by_key_.erase(found);
}

bool ByteBudget::Exhausted(const std::string& key, bool unlimited) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (reserved_ >= total_) return true;
  if (unlimited) return false;
  auto found = by_key_.find(key);
  return found != by_key_.end() && found->second >= per_key_;
}

std::size_t ByteBudget::reserved() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return reserved_;
}

}  // namespace trialfinder
