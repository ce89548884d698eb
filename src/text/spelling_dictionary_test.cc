// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/spelling_dictionary.h"

#include <gtest/gtest.h>

#include <fstream>

namespace trialfinder {
namespace {

TEST(SpellingDictionaryTest, KnowsRealWordsNotMisspellings) {
  const SpellingDictionary& words = SpellingDictionary::System();
  ASSERT_TRUE(words.loaded()) << "install hunspell-en-us and hunspell-en-med";
  for (const char* real : {"polio", "lupus", "diabetes", "glioblastoma", "myelogenous", "Cancer"})
    EXPECT_TRUE(words.Knows(real)) << real;
  for (const char* typo : {"lupis", "diabetis", "schizophernia", "alzhiemer", ""})
    EXPECT_FALSE(words.Knows(typo)) << typo;
  EXPECT_FALSE(words.Knows("breast cancer"));  // one word at a time
  EXPECT_TRUE(words.IsMedical("breast"));
  EXPECT_TRUE(words.IsMedical("Polio"));
  EXPECT_FALSE(words.IsMedical("polo"));
}

TEST(SpellingDictionaryTest, MissingFilesMakeAnEmptyDictionary) {
  const SpellingDictionary none("/nonexistent/en.aff", "/nonexistent/en.dic", {});
  EXPECT_FALSE(none.loaded());
  EXPECT_FALSE(none.Knows("polio"));
}

}  // namespace
}  // namespace trialfinder
