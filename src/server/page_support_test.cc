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
  EXPECT_EQ(ToReader("the record mentions \"radiation\"; a person should check this criterion"),
            "you mentioned \"radiation\"; the study team should check this criterion");
  EXPECT_EQ(ToReader("the dose asked for is not in the record"),
            "the dose asked for is not in what you told us");
  // About someone the writer names: the patient is that person.
  EXPECT_EQ(ToReader("not mentioned in the patient's record", "son"),
            "you did not mention it for your son");
  EXPECT_EQ(ToReader("studies AML, which the patient is not known to have", "son"),
            "studies AML, which you have not told us your son has");
  EXPECT_EQ(ToReader("the patient is 9; the patient's age", "son"),
            "your son is 9; your son's age");
  EXPECT_EQ(ToReader("record: asthma", "mother"), "you said: asthma");
  EXPECT_EQ(ToReader("for the patients not receiving anticoagulation group"),
            "for the patients not receiving anticoagulation group");
}

TEST(PageSupportTest, QuestionForAsksAboutThePerson) {
  EXPECT_EQ(QuestionFor("Have you ever tested positive for HIV?", ""),
            "Have you ever tested positive for HIV?");
  EXPECT_EQ(QuestionFor("Have you ever tested positive for HIV?", "son"),
            "Has your son ever tested positive for HIV?");
  EXPECT_EQ(QuestionFor("Are you pregnant?", "daughter"), "Is your daughter pregnant?");
  EXPECT_EQ(QuestionFor("Do you smoke?", "father"), "Does your father smoke?");
  EXPECT_EQ(QuestionFor("Has a doctor told you that you have obesity?", "mother"),
            "Has a doctor told you that your mother has obesity?");
  // A replacement holding what it replaces is not replaced again.
  std::string text = "your son, your son";
  ReplaceEach(text, "your son", "your son's son");
  EXPECT_EQ(text, "your son's son, your son's son");
}

}  // namespace
}  // namespace trialfinder
