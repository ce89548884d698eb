// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// API v2's description of itself: /studies/metadata, /studies/search-areas,
// /studies/enums, /stats/field/values and /stats/field/sizes. All are
// built from the one table of pieces (trialfinder/study_pieces.h) and the
// model's Describe functions, never written out by hand.

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "server/api.h"
#include "server/param_list.h"
#include "text/ascii_case.h"
#include "trialfinder/partial_date.h"
#include "trialfinder/search.h"
#include "trialfinder/study_pieces.h"

namespace trialfinder {
namespace {

using Json = nlohmann::ordered_json;

Json NodeJson(const ModelNode& node) {
  Json out = {{"name", node.name},
              {"piece", node.piece},
              {"sourceType", node.source_type},
              {"type", node.type}};
  if (node.is_enum) out["isEnum"] = true;
  if (node.is_list) out["nested"] = node.source_type == "STRUCT";
  if (!node.children.empty()) {
    Json children = Json::array();
    for (const ModelNode& child : node.children) children.push_back(NodeJson(child));
    out["children"] = std::move(children);
  }
  return out;
}

// "NOT_YET_RECRUITING" -> "Not yet recruiting", "PHASE2" -> "Phase 2":
// the classic API's spelling.
std::string LegacyValue(std::string_view value) {
  if (value == "NA") return "N/A";
  // Abbreviations stay as they are (NIH, FED, FDA).
  if (value.size() <= 4 && value.find_first_of("_0123456789") == std::string_view::npos) {
    return std::string(value);
  }
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c == '_') {
      out += ' ';
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) && i > 0 &&
        std::isalpha(static_cast<unsigned char>(value[i - 1]))) {
      out += ' ';
    }
    out += out.empty() ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

void CollectEnums(const std::vector<ModelNode>& nodes, std::map<std::string, Json>& types) {
  for (const ModelNode& node : nodes) {
    if (node.is_enum) {
      Json& type = types[node.enum_type];
      if (type.is_null()) {
        Json values = Json::array();
        for (std::string_view value : node.enum_values) {
          values.push_back({{"value", value}, {"legacyValue", LegacyValue(value)}});
        }
        type = {{"type", node.enum_type}, {"pieces", Json::array()}, {"values", values}};
      }
      type["pieces"].push_back(node.piece);
    }
    CollectEnums(node.children, types);
  }
}

// The pieces named by `fields` (piece names or paths, comma or pipe
// separated), or every piece when none are given.
Result<std::vector<const Piece*>> RequestedPieces(const HttpRequest& request) {
  std::vector<const Piece*> pieces;
  if (!request.HasParam("fields")) {
    for (const Piece& piece : StudyPieces()) pieces.push_back(&piece);
    return pieces;
  }
  for (const std::string& name : SplitParamList(request.Param("fields"))) {
    const Piece* piece = FindPiece(name);
    if (!piece) {
      return Status::NotFound("parameter 'fields': '" + name +
                              "' is no leaf piece or path (see /api/v2/studies/metadata)");
    }
    pieces.push_back(piece);
  }
  if (pieces.empty()) return Status::InvalidArgument("parameter 'fields': empty");
  return pieces;
}

std::string StatsType(PieceType type) {
  switch (type) {
    case PieceType::kEnum:
      return "ENUM";
    case PieceType::kDate:
      return "DATE";
    case PieceType::kInteger:
      return "INTEGER";
    case PieceType::kNumber:
    case PieceType::kAge:  // in years
      return "NUMBER";
    case PieceType::kBoolean:
      return "BOOLEAN";
    default:
      return "STRING";
  }
}

std::string DateText(double key) {
  const auto number = static_cast<long>(key);
  const long year = number / 10000;
  const long month = number / 100 % 100;
  const long day = number % 100;
  char text[16];
  if (day > 0) {
    std::snprintf(text, sizeof text, "%04ld-%02ld-%02ld", year, month, day);
  } else if (month > 0) {
    std::snprintf(text, sizeof text, "%04ld-%02ld", year, month);
  } else {
    std::snprintf(text, sizeof text, "%04ld", year);
  }
  return text;
}

Json ValueStatsJson(const Piece& piece, const PieceValueStats& stats) {
  const std::string type = StatsType(piece.type);
  Json out = {{"field", piece.path},
              {"piece", piece.name},
              {"type", type},
              {"missingStudiesCount", stats.missing}};
  if (type == "BOOLEAN") {
    std::int64_t yes = 0;
    std::int64_t no = 0;
    for (const ValueCount& value : stats.top_values)
      (value.value == "true" ? yes : no) = value.studies;
    out["trueCount"] = yes;
    out["falseCount"] = no;
  } else if (type == "ENUM" || type == "STRING") {
    out["uniqueValuesCount"] = stats.unique_values;
    Json top = Json::array();
    for (const ValueCount& value : stats.top_values) {
      top.push_back({{"value", value.value}, {"studiesCount", value.studies}});
    }
    out["topValues"] = std::move(top);
  } else if (type == "DATE") {
    Json formats = Json::array();
    if (stats.dates_without_day) formats.push_back("yyyy-MM");
    if (stats.dates_with_day) formats.push_back("yyyy-MM-dd");
    out["formats"] = std::move(formats);
    if (stats.min) out["min"] = DateText(*stats.min);
    if (stats.max) out["max"] = DateText(*stats.max);
  } else {
    if (stats.min)
      out["min"] =
          type == "INTEGER" ? Json(static_cast<std::int64_t>(*stats.min)) : Json(*stats.min);
    if (stats.max)
      out["max"] =
          type == "INTEGER" ? Json(static_cast<std::int64_t>(*stats.max)) : Json(*stats.max);
    if (stats.average) out["avg"] = *stats.average;
  }
  return out;
}

}  // namespace

void ApiHandlers::StudiesMetadata(const HttpRequest& request, HttpResponse& response) {
  for (const char* name : {"includeIndexedOnly", "includeHistoricOnly"}) {
    if (request.HasParam(name) && request.Param(name) != "true" && request.Param(name) != "false") {
      return SendError(response, 400, std::string("parameter '") + name + "': true or false");
    }
  }
  Json nodes = Json::array();
  for (const ModelNode& node : ModelTree()) nodes.push_back(NodeJson(node));
  if (request.Param("includeIndexedOnly") == "true") {
    for (const Piece& piece : StudyPieces()) {
      if (!piece.path.empty()) continue;
      nodes.push_back({{"name", piece.name},
                       {"piece", piece.name},
                       {"sourceType", PieceTypeName(piece.type)},
                       {"type", "integer"},
                       {"indexedOnly", true}});
    }
  }
  // Sections the model keeps as received, without describing their fields.
  for (const char* section : {"resultsSection", "annotationSection", "documentSection"}) {
    std::string piece = section;
    piece[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(piece[0])));
    nodes.push_back({{"name", section},
                     {"piece", piece},
                     {"sourceType", "STRUCT"},
                     {"type", piece},
                     {"description", "served as received; its fields are not described here"}});
  }
  response.SetContent(nodes.dump(), "application/json");
}

void ApiHandlers::SearchAreas(const HttpRequest& /*request*/, HttpResponse& response) {
  Json areas = Json::array();
  for (const SearchArea& area : trialfinder::SearchAreas()) {
    Json parts = Json::array();
    for (const SearchArea::Part& part : area.parts) {
      parts.push_back({{"isEnum", false},
                       {"isSynonyms", true},
                       {"pieces", part.pieces},
                       {"type", "text"},
                       {"weight", part.weight}});
    }
    areas.push_back({{"name", area.name},
                     {"param", area.param},
                     {"uiLabel", area.ui_label},
                     {"parts", std::move(parts)}});
  }
  response.SetContent(Json::array({{{"name", "Study"}, {"areas", std::move(areas)}}}).dump(),
                      "application/json");
}

void ApiHandlers::Enums(const HttpRequest& /*request*/, HttpResponse& response) {
  std::map<std::string, Json> types;
  CollectEnums(ModelTree(), types);
  Json out = Json::array();
  for (auto& [name, type] : types) out.push_back(std::move(type));
  response.SetContent(out.dump(), "application/json");
}

void ApiHandlers::FieldValues(const HttpRequest& request, HttpResponse& response) {
  std::set<std::string> types;
  if (request.HasParam("types")) {
    for (const std::string& type : SplitParamList(request.Param("types"))) {
      static const std::set<std::string> kTypes = {"ENUM",    "STRING", "DATE",
                                                   "INTEGER", "NUMBER", "BOOLEAN"};
      if (!kTypes.count(type)) {
        return SendError(response, 400,
                         "parameter 'types': '" + type +
                             "' is not one of ENUM, STRING, DATE, INTEGER, NUMBER, BOOLEAN");
      }
      types.insert(type);
    }
  }
  Result<std::vector<const Piece*>> pieces = RequestedPieces(request);
  if (!pieces.ok()) {
    return SendError(response, HttpStatusFor(pieces.status()), pieces.status().message());
  }
  const bool named = request.HasParam("fields");
  Result<ReaderPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return SendError(response, 503, lease.status().message());
  Json out = Json::array();
  for (const Piece* piece : *pieces) {
    if (!types.empty() && !types.count(StatsType(piece->type))) continue;
    Result<PieceValueStats> stats = lease->index().ValueStats(*piece, 25);
    if (!stats.ok()) {
      // Asked for by name: say why there is nothing; otherwise skip it.
      if (named) {
        return SendError(response, HttpStatusFor(stats.status()), stats.status().message());
      }
      continue;
    }
    out.push_back(ValueStatsJson(*piece, *stats));
  }
  response.SetContent(out.dump(), "application/json");
}

namespace {

// A list whose sizes /stats/field/sizes reports: a list piece (Phase,
// Condition), or a list of structs (Intervention, Location) through the
// piece that counts it (NumInterventions, NumLocations).
struct SizedList {
  std::string field;  // path
  std::string piece;  // name
  const Piece* counted = nullptr;
};

Result<std::vector<SizedList>> RequestedLists(const HttpRequest& request) {
  std::vector<SizedList> lists;
  if (!request.HasParam("fields")) {
    for (const Piece& piece : StudyPieces()) {
      if (piece.list && piece.name != "LocationGeoPoint") {
        lists.push_back({std::string(piece.path), std::string(piece.name), &piece});
      }
    }
    return lists;
  }
  for (const std::string& name : SplitParamList(request.Param("fields"))) {
    const Piece* piece = FindPiece(name);
    if (piece && piece->list && piece->name != "LocationGeoPoint") {
      lists.push_back({std::string(piece->path), std::string(piece->name), piece});
      continue;
    }
    const ModelNode* node = piece ? nullptr : FindModelNode(name);
    if (node && node->is_list && node->source_type == "STRUCT") {
      std::string counter = "Num" + node->name;
      counter[3] = static_cast<char>(std::toupper(static_cast<unsigned char>(counter[3])));
      if (const Piece* counted = FindPiece(counter)) {
        lists.push_back({node->path, node->piece, counted});
        continue;
      }
    }
    return Status::NotFound("parameter 'fields': '" + name +
                            "' is not a list trialfinder counts (see /api/v2/studies/metadata)");
  }
  if (lists.empty()) return Status::InvalidArgument("parameter 'fields': empty");
  return lists;
}

}  // namespace

void ApiHandlers::FieldSizes(const HttpRequest& request, HttpResponse& response) {
  Result<std::vector<SizedList>> lists = RequestedLists(request);
  if (!lists.ok()) {
    return SendError(response, HttpStatusFor(lists.status()), lists.status().message());
  }
  Result<ReaderPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return SendError(response, 503, lease.status().message());
  Json out = Json::array();
  for (const SizedList& list : *lists) {
    Result<PieceSizeStats> stats = lease->index().SizeStats(*list.counted);
    if (!stats.ok()) return SendError(response, 500, stats.status().message());
    Json top = Json::array();
    for (const auto& [size, studies] : stats->sizes) {
      top.push_back({{"size", size}, {"studiesCount", studies}});
    }
    Json entry = {{"field", list.field},
                  {"piece", list.piece},
                  {"uniqueSizesCount", static_cast<std::int64_t>(stats->sizes.size())}};
    if (!stats->sizes.empty()) {
      entry["minSize"] = stats->min_size;
      entry["maxSize"] = stats->max_size;
    }
    entry["topSizes"] = std::move(top);
    out.push_back(std::move(entry));
  }
  response.SetContent(out.dump(), "application/json");
}

}  // namespace trialfinder
