// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/words.h"
#include "text/stemmer.h"

#include <gtest/gtest.h>

#include <xapian.h>
#include "text/normalize.h"

#include <string>
#include <vector>

namespace trialfinder {
namespace {

// The cache must never change a stem: words that share a slot evict each
// other, and each is stemmed again when it comes back.
TEST(CachingEnglishStemmerTest, GivesTheStemsOfXapiansEnglishStemmer) {
  Xapian::Stem cached = CachingEnglishStemmer();
  Xapian::Stem english("english");
  std::vector<std::string> words = {"running", "diabetes",    "studies", "hypertensive",
                                    "cancers", "eligibility", "women",   "treated"};
  // Far more words than the cache has slots, so slots are shared.
  for (int i = 0; i < 200000; ++i) words.push_back("word" + std::to_string(i) + "ing");
  for (int pass = 0; pass < 2; ++pass) {
    for (const std::string& word : words) ASSERT_EQ(cached(word), english(word)) << word;
  }
  EXPECT_EQ(cached("studies"), "studi");
  EXPECT_EQ(StemWord("running"), "run");
}

TEST(NormalizeTest, WithoutPossessiveS) {
  EXPECT_EQ(WithoutPossessiveS("alzheimer s disease"), "alzheimer disease");
  EXPECT_EQ(WithoutPossessiveS("Parkinson s disease dementia"), "Parkinson disease dementia");
  EXPECT_EQ(WithoutPossessiveS("alzheimer s"), "alzheimer");
  EXPECT_EQ(WithoutPossessiveS("s phase"), "s phase");
}

}  // namespace
}  // namespace trialfinder
