// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/pattern.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace trialfinder {
namespace {

TEST(PatternTest, FindsGroupsAndPositions) {
  const Pattern pattern("\\b(hemoglobin|hb)\\b\\s*(>=|<)?\\s*(\\d+(?:\\.\\d+)?)");
  const std::string text = "needs hb >= 9.5 g/dl";
  std::optional<PatternMatch> match = pattern.Find(text);
  ASSERT_TRUE(match);
  EXPECT_EQ(match->str(), "hb >= 9.5");
  EXPECT_EQ(match->str(1), "hb");
  EXPECT_EQ(match->str(2), ">=");
  EXPECT_EQ(match->str(3), "9.5");
  EXPECT_EQ(match->position(), 6u);
  EXPECT_EQ(match->position(3), 12u);
  EXPECT_TRUE(pattern.Search(text));
  EXPECT_FALSE(pattern.Search("hba1c 7"));  // \b after the name
}

TEST(PatternTest, UnmatchedGroupsAreEmptyAndUnset) {
  const Pattern pattern("(a)|(b)");
  std::optional<PatternMatch> match = pattern.Find("xb");
  ASSERT_TRUE(match);
  EXPECT_FALSE(match->matched(1));
  EXPECT_EQ(match->str(1), "");
  EXPECT_EQ(match->position(1), std::string_view::npos);
  EXPECT_TRUE(match->matched(2));
  EXPECT_FALSE(match->matched(7));  // no such group
}

TEST(PatternTest, FindAllAndReplaceAll) {
  const Pattern number("\\d+");
  std::vector<PatternMatch> all = number.FindAll("a 1 bb 22 ccc 333");
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].str(), "1");
  EXPECT_EQ(all[2].str(), "333");
  EXPECT_EQ(number.ReplaceAll("a 1 bb 22", "#"), "a # bb #");
  // An empty match moves on instead of looping.
  const Pattern maybe("x*");
  EXPECT_EQ(maybe.FindAll("ab").size(), 3u);
  EXPECT_EQ(maybe.ReplaceAll("ab", "-"), "-a-b-");
}

TEST(PatternTest, WordBoundariesLookAtTheTextBeforeTheStart) {
  const Pattern word("\\bcar\\b");
  EXPECT_EQ(word.FindAll("oscar car scar").size(), 1u);
  EXPECT_FALSE(word.Find("oscar", 2));
}

TEST(PatternTest, CaseAndEndOfTextAreAsInEcmaScript) {
  EXPECT_TRUE(Pattern("^for ", PatternCase::kInsensitive).Search("For SLE:"));
  EXPECT_FALSE(Pattern("^for ").Search("For SLE:"));
  // `$` is the very end, not before a final newline.
  EXPECT_FALSE(Pattern("criteria:$").Search("criteria:\n"));
  EXPECT_TRUE(Pattern("criteria:$").Search("criteria:"));
}

TEST(PatternTest, BadPatternFromDataIsAnErrorNamingIt) {
  Result<Pattern> bad = Pattern::Compile("(unclosed");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("(unclosed"), std::string::npos);
  EXPECT_NE(bad.status().message().find("offset"), std::string::npos);
  EXPECT_TRUE(Pattern::Compile("fine").ok());
}

// Issue 20: std::regex recursed once per character and overflowed the
// stack on these. They must return, with the right answer where one exists.
TEST(PatternTest, LongRunsDoNotRecurseOnTheStack) {
  const Pattern number("\\b(hemoglobin)\\b\\s*(\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?)\\s*(g/dl)?");
  const std::string digits = "hemoglobin 1." + std::string(30000, '7');
  std::optional<PatternMatch> match = number.Find(digits);
  ASSERT_TRUE(match);
  EXPECT_EQ(match->length(2), 30002u);

  const Pattern bullet("^([*+o-]|\\d{1,2}[.)])\\s+");
  const std::string spaces = "*" + std::string(32000, ' ') + "x";
  match = bullet.Find(spaces);
  ASSERT_TRUE(match);
  EXPECT_EQ(match->length(), 32001u);
}

TEST(PatternTest, CatastrophicBacktrackingStopsAtTheLimit) {
  const Pattern nested("^(a+)+$");
  const std::string text = std::string(5000, 'a') + "b";
  EXPECT_FALSE(nested.Search(text));  // the limit ends it: no match, no hang
  EXPECT_TRUE(nested.Search(std::string(5000, 'a')));
}

TEST(PatternTest, OnlyTheFirstBytesOfHugeTextsAreSearched) {
  const Pattern tail("needle");
  EXPECT_TRUE(tail.Search(std::string(kMaxPatternTextBytes - 6, ' ') + "needle"));
  EXPECT_FALSE(tail.Search(std::string(kMaxPatternTextBytes, ' ') + "needle"));
  // Replacing keeps the unsearched rest as it is.
  const std::string huge = std::string(kMaxPatternTextBytes, 'a') + "needle";
  EXPECT_EQ(tail.ReplaceAll(huge, "x"), huge);
}

TEST(PatternTest, SharedByThreads) {
  static const Pattern pattern("(\\d+) (mg|g)");
  std::vector<std::thread> threads;
  std::vector<int> found(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([t, &found] {
      for (int i = 0; i < 2000; ++i) {
        const std::string text = "take " + std::to_string(i + t) + " mg daily";
        std::optional<PatternMatch> match = pattern.Find(text);
        if (match && match->str(1) == std::to_string(i + t)) ++found[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int count : found) EXPECT_EQ(count, 2000);
}

}  // namespace
}  // namespace trialfinder
