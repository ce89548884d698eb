// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// A pool of objects that are thread-compatible but not thread-safe (an
// EditorialStore's SQLite connection, a set of parsed templates): a request
// leases one, uses it alone, and gives it back, so objects that are costly
// to make are made once per concurrent user, not once per request. Private
// to server/.

#ifndef TRIALFINDER_SERVER_OBJECT_POOL_H_
#define TRIALFINDER_SERVER_OBJECT_POOL_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "trialfinder/status.h"

namespace trialfinder {

// Thread-safe. Objects are made by `make` when none is idle; at most
// `max_idle` are kept (the rest are destroyed when given back), so the pool
// holds no more than the peak number of concurrent leases, capped.
template <class T>
class ObjectPool {
 public:
  using Factory = std::function<Result<std::unique_ptr<T>>()>;

  // Gives the object back to the pool when destroyed. Must not outlive the
  // pool.
  class Lease {
   public:
    Lease(ObjectPool& pool, std::unique_ptr<T> object) : pool_(&pool), object_(std::move(object)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (object_) pool_->Return(std::move(object_));
    }
    T& operator*() const { return *object_; }
    T* operator->() const { return object_.get(); }

   private:
    ObjectPool* pool_;
    std::unique_ptr<T> object_;
  };

  ObjectPool(Factory make, std::size_t max_idle) : make_(std::move(make)), max_idle_(max_idle) {}
  ObjectPool(const ObjectPool&) = delete;
  ObjectPool& operator=(const ObjectPool&) = delete;

  // An idle object, or a new one; the factory's error when it fails.
  Result<Lease> Acquire() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!idle_.empty()) {
        std::unique_ptr<T> object = std::move(idle_.back());
        idle_.pop_back();
        return Lease(*this, std::move(object));
      }
    }
    Result<std::unique_ptr<T>> made = make_();
    if (!made.ok()) return made.status();
    return Lease(*this, std::move(*made));
  }

  // Objects waiting for a lease (for tests).
  std::size_t idle() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return idle_.size();
  }

 private:
  void Return(std::unique_ptr<T> object) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (idle_.size() < max_idle_) idle_.push_back(std::move(object));
  }

  const Factory make_;
  const std::size_t max_idle_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<T>> idle_;  // guarded by mutex_
};

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_OBJECT_POOL_H_
