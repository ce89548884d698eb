// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Pieces: ClinicalTrials.gov's names for the leaf fields of a study record
// ("NCTId", "Phase", "LocationCity"), the path each names in API v2 JSON,
// and its type. One table serves `fields`, `sort`, AREA[...] in search
// expressions, the index (one term space per piece) and the metadata
// endpoints, so a piece means the same thing everywhere.
//
// Only the fields of the typed model (protocolSection, derivedSection,
// hasResults) are pieces here; results and document sections are kept in
// the raw record and served by path, but are not searchable by piece.

#ifndef TRIALFINDER_STUDY_PIECES_H_
#define TRIALFINDER_STUDY_PIECES_H_

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "trialfinder/study.h"

namespace trialfinder {

// What a piece holds, as the metadata endpoint names it (sourceType).
enum class PieceType {
  kText,     // short text: names, titles, cities; searched word by word
  kMarkup,   // long text (summaries, criteria): searched in all text
  kEnum,     // one of the documented values ("PHASE2")
  kDate,     // "YYYY", "YYYY-MM" or "YYYY-MM-DD"
  kInteger,  // a whole number (EnrollmentCount)
  kNumber,   // a decimal (geo coordinates)
  kBoolean,  // true or false
  kAge,      // "18 Years"; searched and sorted in years
};

// "STRING", "MARKUP", "ENUM", "DATE", "INTEGER", "NUMBER", "BOOLEAN",
// "NORMALIZED_TIME" as ClinicalTrials.gov's metadata writes them.
std::string_view PieceTypeName(PieceType type);

struct Piece {
  std::string_view name;  // "LocationCity"
  // "protocolSection.contactsLocationsModule.locations.city"; empty for
  // pieces the index computes (NumArmGroups: how many arm groups).
  std::string_view path;
  PieceType type;
  bool list;  // whether a study may have several values (it sits in a list)
};

// Every piece, in record order.
std::span<const Piece> StudyPieces();

// The piece named `name` (any letter case: "locationcity") or whose path is
// `name`; nullptr when there is none.
const Piece* FindPiece(std::string_view name);

// Calls `visit` once for each non-empty value of each piece in `study`, in
// record order: text, enums and dates as written, booleans "true" or
// "false", numbers in their shortest decimal form, ages as written ("18
// Years"). A list gives one call per element. The computed pieces come
// last, always (NumArmGroups "0").
void ForEachPieceValue(const Study& study,
                       const std::function<void(const Piece&, std::string_view)>& visit);

// Calls `visit` for every leaf path of the typed model with the type the
// model gives it and whether it sits in a list, whether or not a piece names
// it (tests check that each has one).
void ForEachModelLeaf(
    const std::function<void(std::string_view path, PieceType type, bool in_list)>& visit);

// One node of the record's structure, as /studies/metadata describes it:
// a struct (a module, a location) with children, or a leaf with its piece.
struct ModelNode {
  std::string name;         // the JSON key: "locations", "city"
  std::string piece;        // "Location", "LocationCity"
  std::string path;         // "protocolSection.contactsLocationsModule.locations"
  std::string source_type;  // "STRUCT", or PieceTypeName of a leaf
  std::string type;         // "Location[]", "text", "Status", "PartialDate", ...
  bool is_list = false;     // a list of these
  bool is_enum = false;
  std::string enum_type;  // "Status", "Phase": the /studies/enums type
  std::vector<std::string_view> enum_values;
  std::vector<ModelNode> children;
};

// The typed model's structure: protocolSection, derivedSection, hasResults.
// Leaves carry their piece's name; structs a name of their own, unique
// among all nodes ("Location", "ConditionMesh").
const std::vector<ModelNode>& ModelTree();

// The node named `name` (a piece or struct name in any letter case, or a
// dotted path); nullptr when none.
const ModelNode* FindModelNode(std::string_view name);

}  // namespace trialfinder

#endif  // TRIALFINDER_STUDY_PIECES_H_
