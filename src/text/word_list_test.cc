// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/word_list.h"

#include <gtest/gtest.h>

#include "assets/embedded_assets.h"
#include "text/pattern.h"

namespace trialfinder {
namespace {

TEST(WordListTest, SkipsCommentsAndBlankLinesAndTrims) {
  const WordList list("# a comment\n\n  steroids \nbiologics\r\n   \n# x\n");
  ASSERT_EQ(list.rows().size(), 2u);
  EXPECT_TRUE(list.Contains("steroids"));
  EXPECT_TRUE(list.Contains("biologics"));
  EXPECT_FALSE(list.Contains("# a comment"));
  EXPECT_FALSE(list.Contains("steroid"));
}

TEST(WordListTest, ReadsTaggedColumns) {
  const WordList list("no\tforward\nnegative\ttwo-way\nwithout\tforward\tnote\n");
  EXPECT_EQ(list.EntriesTagged("forward"), (std::vector<std::string>{"no", "without"}));
  EXPECT_EQ(list.EntriesTagged("two-way"), (std::vector<std::string>{"negative"}));
  EXPECT_TRUE(list.EntriesTagged("other").empty());
  EXPECT_EQ(list.rows()[2].columns, (std::vector<std::string>{"forward", "note"}));
}

TEST(WordListTest, AlternativesPutLongerPhrasesFirst) {
  const std::string alternatives = WordList::Alternatives({"not", "not limited to", "no"});
  EXPECT_EQ(alternatives, "not limited to|not|no");
  const Pattern pattern("\\b(" + alternatives + ")\\b");
  const auto match = pattern.Find("including but not limited to x");
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->str(1), "not limited to");
}

TEST(WordListTest, EveryShippedVocabularyIsNonEmpty) {
  for (const char* file : {"drug-classes.txt", "negation.tsv", "lab-names.tsv", "lab-markers.tsv",
                           "scores.tsv", "narrative-words.txt", "questions.tsv", "drugs.tsv"}) {
    const std::string_view text = EmbeddedAsset(file);
    ASSERT_FALSE(text.empty()) << file << " is not compiled in";
    EXPECT_GT(WordList(text).rows().size(), 2u) << file;
  }
}

}  // namespace
}  // namespace trialfinder
