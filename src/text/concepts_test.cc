// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/concepts.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace trialfinder {
namespace {

TEST(ConceptTableTest, FindsLongestNamesAndKeepsCapitalsRule) {
  ConceptTable table = ConceptTable::Parse(
      "# comment\n=SLE | systemic lupus erythematosus | lupus\n=ALL | acute lymphoblastic "
      "leukemia\n");
  ASSERT_EQ(table.size(), 2u);
  const std::string text = "Systemic Lupus Erythematosus and all leukemias";
  auto matches = table.FindMatches(SplitWords(text), text);
  ASSERT_EQ(matches.size(), 1u);  // "all" in lower case is not ALL
  EXPECT_EQ(matches[0].begin, 0u);
  EXPECT_EQ(matches[0].end, 3u);
  EXPECT_EQ(matches[0].group, 0u);

  const std::string capitals = "ALL in children, SLE";
  auto more = table.FindMatches(SplitWords(capitals), capitals);
  ASSERT_EQ(more.size(), 2u);
  EXPECT_EQ(more[0].group, 1u);
  EXPECT_EQ(more[1].group, 0u);
  // A word that is the whole text is the abbreviation in any case (a
  // patient's condition "sle"); among other words it must be in capitals.
  const std::string lower_sle = "sle";
  auto alone = table.FindMatches(SplitWords(lower_sle), lower_sle);
  ASSERT_EQ(alone.size(), 1u);
  EXPECT_EQ(alone[0].group, 0u);
  const std::string lower_words = "sle flares";
  EXPECT_TRUE(table.FindMatches(SplitWords(lower_words), lower_words).empty());
}

TEST(ConceptTableTest, DocumentsCountEveryOccurrenceIncludingOverlaps) {
  ConceptTable table = ConceptTable::Parse(
      "=SLE | systemic lupus erythematosus | lupus\n=ALL | acute lymphoblastic "
      "leukemia\nleukemia\n");
  auto sorted = [](std::vector<std::size_t> groups) {
    std::sort(groups.begin(), groups.end());
    return groups;
  };
  // "lupus" inside the longer name counts too, as a phrase query for it would match.
  const std::string text =
      "Systemic Lupus Erythematosus (SLE), lupus; acute lymphoblastic leukemia for all";
  EXPECT_EQ(sorted(table.GroupsOccurringIn(SplitWords(text), text)),
            (std::vector<std::size_t>{0, 0, 0, 0, 1, 2}));
  const std::string lower = "sle and all";
  EXPECT_TRUE(table.GroupsOccurringIn(SplitWords(lower), lower).empty());
  EXPECT_TRUE(table.CapitalsOnly(0, 0));
  EXPECT_FALSE(table.CapitalsOnly(0, 1));
  EXPECT_EQ(table.fingerprint().size(), 16u);
  EXPECT_NE(table.fingerprint(), ConceptTable::Parse("lupus\n").fingerprint());
}

// Right after "non", a name is none: non-Hodgkin lymphoma holds no Hodgkin
// lymphoma, though the lymphoma is one.
TEST(ConceptTableTest, NoOccurrenceRightAfterNon) {
  ConceptTable table =
      ConceptTable::Parse("Hodgkin lymphoma\n=NHL | non Hodgkin lymphoma\nlymphoma\n");
  const std::string text = "Non-Hodgkin Lymphoma";
  std::vector<std::size_t> groups = table.GroupsOccurringIn(SplitWords(text), text);
  std::sort(groups.begin(), groups.end());
  EXPECT_EQ(groups, (std::vector<std::size_t>{1, 2}));
  const std::string hodgkin = "Hodgkin Lymphoma";
  groups = table.GroupsOccurringIn(SplitWords(hodgkin), hodgkin);
  std::sort(groups.begin(), groups.end());
  EXPECT_EQ(groups, (std::vector<std::size_t>{0, 2}));
}

TEST(ConceptTableTest, BritishSpellingsMatchAndAreNamed) {
  ConceptTable table = ConceptTable::Parse("=CLL | chronic lymphocytic leukemia\n");
  const std::string british = "Chronic Lymphocytic Leukaemia (CLL)";
  const auto matches = table.FindMatches(SplitWords(british), british);
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[0].end, 3u);
  // The British phrase is one of the group's names, for fields searched by phrase.
  bool named = false;
  for (const auto& name : table.Names(0))
    named = named || name == ConceptTable::Name{"chronic", "lymphocyt", "leukaemia"};
  EXPECT_TRUE(named);
}

TEST(ConceptTableTest, BroaderNarrowerLinksAreTransitiveAndDirected) {
  ConceptTable table = ConceptTable::Parse(
      "blood cancer\nleukemia\nacute leukemia\n=AML | acute myeloid leukemia\n=CLL | chronic "
      "lymphocytic leukemia\nblood cancer > leukemia\nleukemia > acute leukemia\nleukemia > "
      "CLL\nacute leukemia >> AML\nnot a group > CLL\n");
  ASSERT_EQ(table.size(), 5u);
  auto sorted = [](std::vector<std::size_t> groups) {
    std::sort(groups.begin(), groups.end());
    return groups;
  };
  EXPECT_EQ(sorted(table.Narrower(0)), (std::vector<std::size_t>{1, 2, 3, 4}));
  EXPECT_EQ(sorted(table.Narrower(1)), (std::vector<std::size_t>{2, 3, 4}));
  EXPECT_TRUE(table.Narrower(3).empty());
  EXPECT_EQ(sorted(table.Broader(3)), (std::vector<std::size_t>{0, 1, 2}));
  // Only ">>" links say that the broader group's trials take the narrower.
  EXPECT_EQ(table.Including(3), (std::vector<std::size_t>{2}));
  EXPECT_TRUE(table.Including(4).empty());
}

TEST(ConceptTableTest, BuiltinTableHasTheIssueExamples) {
  const ConceptTable& table = ConceptTable::Builtin();
  for (const char* text : {"SLE", "SSc", "IIM", "CAR-T", "NSCLC", "scleroderma", "myositis"}) {
    EXPECT_EQ(table.FindMatches(SplitWords(text), text).size(), 1u) << text;
  }
  const std::string text = "chimeric antigen receptor T cells";
  auto matches = table.FindMatches(SplitWords(text), text);
  ASSERT_FALSE(matches.empty());
  EXPECT_EQ(matches[0].begin, 0u);
}

TEST(TextAnalysisTest, SplitsLikeTheIndex) {
  auto words = SplitWords("Anti-dsDNA antibodies, CAR-T cells");
  ASSERT_EQ(words.size(), 6u);
  EXPECT_EQ(words[0].raw, "anti");
  EXPECT_EQ(words[1].raw, "dsdna");
  EXPECT_EQ(words[2].stemmed, "antibodi");
  EXPECT_EQ(words[4].raw, "t");
}

TEST(MeshNaturalOrderTest, ReversesInvertedHeadings) {
  EXPECT_EQ(MeshNaturalOrder("Leukemia, Myeloid, Acute"), "Acute Myeloid Leukemia");
  EXPECT_EQ(MeshNaturalOrder("Diabetes Mellitus, Type 2"), "Type 2 Diabetes Mellitus");
  EXPECT_EQ(MeshNaturalOrder("Carcinoma, Non-Small-Cell Lung"), "Non-Small-Cell Lung Carcinoma");
  EXPECT_EQ(MeshNaturalOrder("Lung Neoplasms"), "Lung Neoplasms");
  // A comma inside a chemical name is not a part boundary.
  EXPECT_EQ(MeshNaturalOrder("1,2-Dihydroxybenzene"), "1,2-Dihydroxybenzene");
  EXPECT_EQ(MeshNaturalOrder(""), "");
  EXPECT_EQ(MeshNaturalOrder("Pain, "), "Pain");
}

TEST(MeshNaturalOrderTest, ConceptNamesMatchTheNaturalOrder) {
  const ConceptTable& table = ConceptTable::Builtin();
  const std::string natural = MeshNaturalOrder("Leukemia, Myeloid, Acute");
  EXPECT_FALSE(table.GroupsOccurringIn(SplitWords(natural), natural).empty());
}

}  // namespace
}  // namespace trialfinder
