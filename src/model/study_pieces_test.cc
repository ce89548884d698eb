// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "trialfinder/study_pieces.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "tests/test_support.h"
#include "trialfinder/study_json.h"

namespace trialfinder {
namespace {

TEST(StudyPiecesTest, EveryLeafOfTheModelHasOnePieceOfItsType) {
  std::set<std::string> leaves;
  ForEachModelLeaf([&](std::string_view path, PieceType type, bool in_list) {
    leaves.emplace(path);
    const Piece* piece = FindPiece(path);
    if (!piece) {
      // Coordinates belong to the LocationGeoPoint piece, their parent.
      const std::string parent(path.substr(0, path.rfind('.')));
      EXPECT_NE(FindPiece(parent), nullptr) << path;
      return;
    }
    const PieceType expected = piece->type == PieceType::kMarkup ? PieceType::kText : piece->type;
    EXPECT_EQ(static_cast<int>(expected), static_cast<int>(type)) << path;
    EXPECT_EQ(piece->list, in_list) << path;
  });
  EXPECT_GT(leaves.size(), 150u);
  std::set<std::string> names;
  for (const Piece& piece : StudyPieces()) {
    EXPECT_TRUE(names.insert(std::string(piece.name)).second) << "twice: " << piece.name;
  }
}

TEST(StudyPiecesTest, FindsByNameInAnyCaseByPathAndByAlias) {
  ASSERT_NE(FindPiece("LocationCity"), nullptr);
  EXPECT_EQ(FindPiece("locationcity")->path,
            "protocolSection.contactsLocationsModule.locations.city");
  EXPECT_EQ(FindPiece("protocolSection.designModule.phases")->name, "Phase");
  EXPECT_EQ(FindPiece("Gender")->name, "Sex");
  EXPECT_EQ(FindPiece("NoSuchPiece"), nullptr);
  EXPECT_EQ(FindPiece("protocolSection"), nullptr);
}

TEST(StudyPiecesTest, VisitsTheValuesOfARecord) {
  Result<Study> study = ParseStudyJson(testing::SeedStudy("NCT07038447"));
  ASSERT_TRUE(study.ok()) << study.status().message();
  std::vector<std::pair<std::string, std::string>> values;
  ForEachPieceValue(*study, [&](const Piece& piece, std::string_view value) {
    values.emplace_back(piece.name, value);
  });
  auto has = [&](const std::string& name, const std::string& value) {
    return std::find(values.begin(), values.end(), std::pair{name, value}) != values.end();
  };
  EXPECT_TRUE(has("NCTId", "NCT07038447"));
  EXPECT_TRUE(has("OverallStatus", "ENROLLING_BY_INVITATION"));
  EXPECT_TRUE(has("Phase", "PHASE1"));
  EXPECT_TRUE(has("StartDate", "2025-07-02"));
  EXPECT_TRUE(has("EnrollmentCount", "52"));
  EXPECT_TRUE(has("DesignAllocation", "NON_RANDOMIZED"));
  for (const auto& [name, value] : values) EXPECT_FALSE(value.empty()) << name;
}

void CollectNames(const std::vector<ModelNode>& nodes, std::map<std::string, int>& names) {
  for (const ModelNode& node : nodes) {
    ++names[node.piece];
    CollectNames(node.children, names);
  }
}

TEST(ModelTreeTest, NamesEveryNodeOnceAndFindsThem) {
  std::map<std::string, int> names;
  CollectNames(ModelTree(), names);
  for (const auto& [name, count] : names) EXPECT_EQ(count, 1) << name;
  const ModelNode* location = FindModelNode("Location");
  ASSERT_NE(location, nullptr);
  EXPECT_EQ(location->path, "protocolSection.contactsLocationsModule.locations");
  EXPECT_TRUE(location->is_list);
  EXPECT_EQ(location->source_type, "STRUCT");
  EXPECT_NE(FindModelNode("ConditionMesh"), nullptr);
  EXPECT_NE(FindModelNode("reference"), nullptr);
  const ModelNode* status = FindModelNode("OverallStatus");
  ASSERT_NE(status, nullptr);
  EXPECT_TRUE(status->is_enum);
  EXPECT_EQ(status->enum_type, "Status");
  EXPECT_EQ(FindModelNode("Phase")->type, "Phase[]");
  EXPECT_EQ(FindModelNode("protocolSection.identificationModule")->piece, "IdentificationModule");
  EXPECT_EQ(FindModelNode("NoSuchThing"), nullptr);
}

}  // namespace
}  // namespace trialfinder
