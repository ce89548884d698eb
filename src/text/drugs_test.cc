// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/drugs.h"

#include <gtest/gtest.h>

namespace trialfinder {
namespace {

TEST(DrugTableTest, BrandsAreTheirGeneric) {
  const DrugTable& drugs = DrugTable::Builtin();
  EXPECT_EQ(drugs.GenericOf("Plaquenil"), "hydroxychloroquine");
  EXPECT_EQ(drugs.GenericOf("CellCept"), "mycophenolate mofetil");
  EXPECT_EQ(drugs.GenericOf("hydroxychloroquine"), "hydroxychloroquine");
  EXPECT_FALSE(drugs.GenericOf("not a drug").has_value());
}

TEST(DrugTableTest, ClassesInAnyCaseAndNumber) {
  const DrugTable& drugs = DrugTable::Builtin();
  EXPECT_TRUE(drugs.InClass("mycophenolate mofetil", "Immunosuppressants"));
  EXPECT_TRUE(drugs.InClass("rituximab", "B-cell depleting agents"));
  EXPECT_TRUE(drugs.InClass("tofacitinib", "JAK inhibitor"));
  EXPECT_FALSE(drugs.InClass("hydroxychloroquine", "immunosuppressant"));
  EXPECT_TRUE(drugs.Members("colour").empty());
}

TEST(DrugTableTest, FindsClassesAndBrandsInText) {
  const DrugTable& drugs = DrugTable::Builtin();
  EXPECT_EQ(drugs.ClassesIn(">=2 immunosuppressants and/or biologics"),
            (std::vector<std::string>{"immunosuppressant", "biologic"}));
  EXPECT_EQ(drugs.DrugsIn("took plaquenil, then cellcept; plaquenil again"),
            (std::vector<std::string>{"hydroxychloroquine", "mycophenolate mofetil"}));
  EXPECT_TRUE(drugs.DrugsIn("no brand here, a plaquenilx word").empty());
}

}  // namespace
}  // namespace trialfinder
