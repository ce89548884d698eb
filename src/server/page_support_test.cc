// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/page_support.h"

#include <gtest/gtest.h>

namespace trialfinder {
namespace {

// The engine's words about "the patient" read as addressed to the person,
// in grammatical English (user test: "not known to be what you has").
TEST(PageSupportTest, ToReaderAddressesThePerson) {
  EXPECT_EQ(ToReader("not known to be what the patient has"), "not known to be what you have");
  EXPECT_EQ(ToReader("the patient is not known to have it"), "you are not known to have it");
  EXPECT_EQ(ToReader("not mentioned in the patient's record"), "you did not mention it");
  EXPECT_EQ(ToReader("the patient's age"), "your age");
  EXPECT_EQ(ToReader("record: lupus"), "you said: lupus");
  // A replacement holding what it replaces is not replaced again.
  std::string text = "your son, your son";
  ReplaceEach(text, "your son", "your son's son");
  EXPECT_EQ(text, "your son's son, your son's son");
}

}  // namespace
}  // namespace trialfinder
