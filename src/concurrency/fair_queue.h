// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// FairQueue: work from many clients for a pool of workers, taken in turn
// client by client rather than first come first served, with a bound on
// what one client may have queued or running at once. With a plain queue,
// one address sending 64 expensive requests kept everyone else waiting
// over a minute (issue 20); here another client's request is taken next.

#ifndef TRIALFINDER_CONCURRENCY_FAIR_QUEUE_H_
#define TRIALFINDER_CONCURRENCY_FAIR_QUEUE_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace trialfinder {

// Thread-safe. Not guaranteed: fairness is by the key callers give (a
// client address); clients with many addresses get a turn for each.
template <class T>
class FairQueue {
 public:
  // At most `capacity` items waiting in all, and at most `per_key` items of
  // one key waiting or taken and not yet Finish()ed.
  FairQueue(std::size_t capacity, std::size_t per_key) : capacity_(capacity), per_key_(per_key) {}

  enum class Refusal { kNone, kFull, kKeyBusy, kClosed };

  // Queues `item` under `key` without waiting; says why not when it cannot.
  // `unlimited` lifts the per-key bound (a trusted proxy's own requests).
  Refusal TryPush(const std::string& key, T item, bool unlimited = false) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closed_) return Refusal::kClosed;
    if (waiting_ >= capacity_) return Refusal::kFull;
    Key& entry = keys_[key];
    if (!unlimited && entry.items.size() + entry.running >= per_key_) {
      if (entry.items.empty() && entry.running == 0) keys_.erase(key);
      return Refusal::kKeyBusy;
    }
    if (entry.items.empty()) turns_.push_back(key);  // joins the rotation
    entry.items.push_back(std::move(item));
    ++waiting_;
    ready_.notify_one();
    return Refusal::kNone;
  }

  // The next item, from the key whose turn it is; waits while there is
  // none. nullopt once closed and drained.
  std::optional<std::pair<std::string, T>> Pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [this] { return waiting_ > 0 || closed_; });
    if (waiting_ == 0) return std::nullopt;
    std::string key = std::move(turns_.front());
    turns_.pop_front();
    Key& entry = keys_[key];
    T item = std::move(entry.items.front());
    entry.items.pop_front();
    ++entry.running;
    --waiting_;
    if (!entry.items.empty()) turns_.push_back(key);  // its next turn, after the others
    return std::make_pair(std::move(key), std::move(item));
  }

  // The item Pop() gave for `key` is done.
  void Finish(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = keys_.find(key);
    if (found == keys_.end()) return;
    if (found->second.running > 0) --found->second.running;
    if (found->second.running == 0 && found->second.items.empty()) keys_.erase(found);
  }

  // No more pushes; Pop drains what is queued.
  void Close() {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    ready_.notify_all();
  }

 private:
  struct Key {
    std::deque<T> items;
    std::size_t running = 0;
  };
  std::size_t capacity_;
  std::size_t per_key_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::map<std::string, Key> keys_;
  std::deque<std::string> turns_;  // keys with waiting items, in turn order
  std::size_t waiting_ = 0;
  bool closed_ = false;
};

}  // namespace trialfinder

#endif  // TRIALFINDER_CONCURRENCY_FAIR_QUEUE_H_
