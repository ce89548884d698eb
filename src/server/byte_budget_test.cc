// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/byte_budget.h"

#include <gtest/gtest.h>

namespace trialfinder {
namespace {

TEST(ByteBudgetTest, PerKeyAndTotal) {
  ByteBudget budget(100, 250);
  EXPECT_TRUE(budget.TryReserve("a", 80));
  EXPECT_FALSE(budget.TryReserve("a", 30));  // over a's 100
  EXPECT_TRUE(budget.TryReserve("a", 20));
  EXPECT_TRUE(budget.TryReserve("b", 100));
  EXPECT_FALSE(budget.TryReserve("c", 60));  // over 250 in all
  EXPECT_TRUE(budget.TryReserve("c", 50));
  EXPECT_EQ(budget.reserved(), 250u);
  EXPECT_TRUE(budget.Exhausted("a"));  // a has its 100
  EXPECT_TRUE(budget.Exhausted("d"));  // 250 in all
  EXPECT_TRUE(budget.Exhausted("a", true));
  budget.Release("a", 100);
  EXPECT_TRUE(budget.TryReserve("c", 50));
  EXPECT_EQ(budget.reserved(), 200u);
  EXPECT_FALSE(budget.Exhausted("a"));
  EXPECT_FALSE(budget.Exhausted("b", /*unlimited=*/true));
}

TEST(ByteBudgetTest, OneLargeResponseIsAlwaysPossible) {
  ByteBudget budget(100, 250);
  EXPECT_TRUE(budget.TryReserve("a", 1000));  // nothing reserved at all
  EXPECT_FALSE(budget.TryReserve("b", 1));
  budget.Release("a", 1000);
  EXPECT_TRUE(budget.TryReserve("b", 10));
  EXPECT_TRUE(budget.TryReserve("c", 150));  // c has none yet: over its own 100 is fine
  EXPECT_TRUE(budget.TryReserve("proxy", 90));
  EXPECT_TRUE(budget.TryReserve("proxy", 0));
  EXPECT_FALSE(budget.TryReserve("proxy", 50, /*unlimited=*/true));  // still within the total
  budget.Release("c", 150);
  EXPECT_TRUE(budget.TryReserve("proxy", 50, /*unlimited=*/true));
}

}  // namespace
}  // namespace trialfinder
