// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/connection_registry.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

namespace trialfinder {
namespace {

using Clock = ConnectionRegistry::Clock;

ConnectionRegistry::Limits Limits() {
  ConnectionRegistry::Limits limits;
  limits.per_address = 2;
  limits.unlimited = {"127.0.0.1"};
  limits.request_deadline = std::chrono::seconds(15);
  limits.response_deadline = std::chrono::seconds(120);
  return limits;
}

TEST(ConnectionRegistryTest, AddressesAreCappedExceptTrustedOnes) {
  ConnectionRegistry registry(Limits());
  auto* first = registry.Open("192.0.2.1", -1);
  EXPECT_TRUE(registry.Allows("192.0.2.1"));
  auto* second = registry.Open("192.0.2.1", -1);
  EXPECT_FALSE(registry.Allows("192.0.2.1"));
  EXPECT_TRUE(registry.Allows("192.0.2.2"));
  for (int i = 0; i < 5; ++i) registry.Open("127.0.0.1", -1);
  EXPECT_TRUE(registry.Allows("127.0.0.1"));
  registry.Close(first);
  EXPECT_TRUE(registry.Allows("192.0.2.1"));
  registry.Close(second);
  EXPECT_EQ(registry.open(), 5u);
}

// A client trickling its request, or reading its response a byte now and
// then, is cut off at the deadline of what it is doing.
TEST(ConnectionRegistryTest, OverdueSocketsAreShutDownOnce) {
  ConnectionRegistry registry(Limits());
  int receiving[2];
  int sending[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, receiving), 0);
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sending), 0);
  const Clock::time_point start = Clock::now();
  auto* slow_request = registry.Open("192.0.2.1", receiving[0], start);
  auto* slow_reader = registry.Open("192.0.2.2", sending[0], start);
  registry.Sending(slow_reader, start);
  EXPECT_EQ(registry.ShutDownOverdue(start + std::chrono::seconds(10)), 0u);
  EXPECT_EQ(registry.ShutDownOverdue(start + std::chrono::seconds(16)), 1u);  // the request
  char byte = 0;
  EXPECT_EQ(read(receiving[1], &byte, 1), 0);  // the peer sees the connection end
  EXPECT_EQ(registry.ShutDownOverdue(start + std::chrono::seconds(121)), 1u);  // the response
  EXPECT_EQ(registry.ShutDownOverdue(start + std::chrono::seconds(500)), 0u);  // once each
  // A request that starts again later gets a new deadline.
  registry.Receiving(slow_reader, start + std::chrono::seconds(200));
  registry.Close(slow_request);
  registry.Close(slow_reader);
  for (int fd : {receiving[0], receiving[1], sending[0], sending[1]}) close(fd);
}

}  // namespace
}  // namespace trialfinder
