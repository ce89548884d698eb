// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/object_pool.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <vector>

namespace trialfinder {
namespace {

struct Counted {
  int serial = 0;
};

TEST(ObjectPoolTest, ReusesAGivenBackObjectInsteadOfMakingOne) {
  int made = 0;
  ObjectPool<Counted> pool(
      [&made] {
        return Result<std::unique_ptr<Counted>>(std::make_unique<Counted>(Counted{++made}));
      },
      4);
  {
    Result<ObjectPool<Counted>::Lease> first = pool.Acquire();
    ASSERT_TRUE(first.ok());
    EXPECT_EQ((*first)->serial, 1);
  }
  EXPECT_EQ(pool.idle(), 1U);
  Result<ObjectPool<Counted>::Lease> again = pool.Acquire();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->serial, 1);
  EXPECT_EQ(made, 1);
  EXPECT_EQ(pool.idle(), 0U);
}

TEST(ObjectPoolTest, ConcurrentLeasesGetDistinctObjectsAndIdleIsCapped) {
  int made = 0;
  ObjectPool<Counted> pool(
      [&made] {
        return Result<std::unique_ptr<Counted>>(std::make_unique<Counted>(Counted{++made}));
      },
      2);
  {
    std::vector<ObjectPool<Counted>::Lease> leases;
    for (int i = 0; i < 5; ++i) {
      Result<ObjectPool<Counted>::Lease> lease = pool.Acquire();
      ASSERT_TRUE(lease.ok());
      leases.push_back(std::move(lease).value());
    }
    for (int i = 0; i < 5; ++i) EXPECT_EQ(leases[i]->serial, i + 1);
  }
  EXPECT_EQ(made, 5);
  EXPECT_EQ(pool.idle(), 2U);
}

TEST(ObjectPoolTest, AFactoryErrorIsTheLeaseError) {
  ObjectPool<Counted> pool(
      [] { return Result<std::unique_ptr<Counted>>(Status::IoError("cannot open the store")); }, 2);
  Result<ObjectPool<Counted>::Lease> lease = pool.Acquire();
  ASSERT_FALSE(lease.ok());
  EXPECT_EQ(lease.status().message(), "cannot open the store");
  EXPECT_EQ(pool.idle(), 0U);
}

}  // namespace
}  // namespace trialfinder
