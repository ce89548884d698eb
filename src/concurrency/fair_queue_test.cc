// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "concurrency/fair_queue.h"

#include <gtest/gtest.h>

#include <atomic>

#include <string>
#include <thread>
#include <vector>

namespace trialfinder {
namespace {

using Queue = FairQueue<int>;

TEST(FairQueueTest, ClientsTakeTurns) {
  Queue queue(100, 100);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(queue.TryPush("flood", i), Queue::Refusal::kNone);
  ASSERT_EQ(queue.TryPush("patient", 100), Queue::Refusal::kNone);
  std::vector<std::string> order;
  for (int i = 0; i < 6; ++i) {
    auto [key, item] = *queue.Pop();
    order.push_back(key);
    queue.Finish(key);
  }
  // The patient's request comes second, not after the flood.
  EXPECT_EQ(order,
            (std::vector<std::string>{"flood", "patient", "flood", "flood", "flood", "flood"}));
}

TEST(FairQueueTest, OneKeyIsBoundedWaitingAndRunning) {
  Queue queue(100, 2);
  EXPECT_EQ(queue.TryPush("a", 1), Queue::Refusal::kNone);
  EXPECT_EQ(queue.TryPush("a", 2), Queue::Refusal::kNone);
  EXPECT_EQ(queue.TryPush("a", 3), Queue::Refusal::kKeyBusy);
  EXPECT_EQ(queue.TryPush("b", 4), Queue::Refusal::kNone);
  EXPECT_EQ(queue.TryPush("a", 5, /*unlimited=*/true), Queue::Refusal::kNone);
  auto first = queue.Pop();  // "a" 1, now running
  ASSERT_TRUE(first);
  EXPECT_EQ(first->first, "a");
  // Still two of "a" queued or running (and the unlimited one).
  EXPECT_EQ(queue.TryPush("a", 6), Queue::Refusal::kKeyBusy);
  queue.Finish("a");
  // One running less, but two still queued.
  EXPECT_EQ(queue.TryPush("a", 7), Queue::Refusal::kKeyBusy);
  EXPECT_EQ(queue.Pop()->first, "b");
  queue.Finish("b");
  queue.Pop();
  queue.Finish("a");
  queue.Pop();
  queue.Finish("a");
  EXPECT_EQ(queue.TryPush("a", 8), Queue::Refusal::kNone);
}

TEST(FairQueueTest, CapacityAndClose) {
  Queue queue(2, 10);
  EXPECT_EQ(queue.TryPush("a", 1), Queue::Refusal::kNone);
  EXPECT_EQ(queue.TryPush("b", 2), Queue::Refusal::kNone);
  EXPECT_EQ(queue.TryPush("c", 3), Queue::Refusal::kFull);
  queue.Close();
  EXPECT_EQ(queue.TryPush("c", 3), Queue::Refusal::kClosed);
  EXPECT_TRUE(queue.Pop());  // queued items drain after Close
  EXPECT_TRUE(queue.Pop());
  EXPECT_FALSE(queue.Pop());
}

TEST(FairQueueTest, WorkersDrainEverything) {
  Queue queue(10000, 10000);
  std::vector<std::thread> workers;
  std::atomic<int> done = 0;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&] {
      while (auto next = queue.Pop()) {
        ++done;
        queue.Finish(next->first);
      }
    });
  }
  for (int i = 0; i < 2000; ++i) {
    ASSERT_EQ(queue.TryPush("k" + std::to_string(i % 7), i), Queue::Refusal::kNone);
  }
  queue.Close();
  for (std::thread& worker : workers) worker.join();
  EXPECT_EQ(done.load(), 2000);
}

}  // namespace
}  // namespace trialfinder
