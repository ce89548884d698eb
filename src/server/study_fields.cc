// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/study_fields.h"
#include "server/param_list.h"
#include "text/ascii_case.h"
#include "trialfinder/search.h"
#include "trialfinder/study_pieces.h"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>

namespace trialfinder {
namespace {

using Json = nlohmann::ordered_json;

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> keys;
  std::istringstream parts(path);
  for (std::string key; std::getline(parts, key, '.');) {
    if (!key.empty()) keys.push_back(key);
  }
  return keys;
}

// Top-level sections and the modules inside them.
const std::map<std::string, std::string>& ModuleSections() {
  static const std::map<std::string, std::string> kModules = {
      {"identificationModule", "protocolSection"},
      {"statusModule", "protocolSection"},
      {"sponsorCollaboratorsModule", "protocolSection"},
      {"oversightModule", "protocolSection"},
      {"descriptionModule", "protocolSection"},
      {"conditionsModule", "protocolSection"},
      {"designModule", "protocolSection"},
      {"armsInterventionsModule", "protocolSection"},
      {"outcomesModule", "protocolSection"},
      {"eligibilityModule", "protocolSection"},
      {"contactsLocationsModule", "protocolSection"},
      {"referencesModule", "protocolSection"},
      {"ipdSharingStatementModule", "protocolSection"},
      {"miscInfoModule", "derivedSection"},
      {"conditionBrowseModule", "derivedSection"},
      {"interventionBrowseModule", "derivedSection"},
      {"participantFlowModule", "resultsSection"},
      {"baselineCharacteristicsModule", "resultsSection"},
      {"outcomeMeasuresModule", "resultsSection"},
      {"adverseEventsModule", "resultsSection"},
      {"moreInfoModule", "resultsSection"},
      {"largeDocumentModule", "documentSection"},
      {"annotationModule", "annotationSection"},
  };
  return kModules;
}

bool IsSection(const std::string& name) {
  return name == "protocolSection" || name == "derivedSection" || name == "resultsSection" ||
         name == "documentSection" || name == "annotationSection" || name == "hasResults";
}

Result<FieldPath> ResolveField(const std::string& name) {
  if (name.find('.') != std::string::npos) {
    std::vector<std::string> keys = SplitPath(name);
    if (keys.empty()) return Status::InvalidArgument("parameter 'fields': empty field name");
    if (keys[0] == "protocolSection" || keys[0] == "derivedSection") {
      // The typed sections' paths are known: a misspelt one is an error,
      // not an empty answer. Others (resultsSection) are served as stored.
      if (!FindModelNode(name)) {
        return Status::InvalidArgument("parameter 'fields': unknown field '" + name +
                                       "' (see /api/v2/studies/metadata)");
      }
    }
    if (IsSection(keys[0])) return FieldPath{name, keys};
    auto module = ModuleSections().find(keys[0]);
    if (module == ModuleSections().end()) {
      return Status::InvalidArgument("parameter 'fields': unknown field '" + name + "'");
    }
    keys.insert(keys.begin(), module->second);
    return FieldPath{name, keys};
  }
  if (IsSection(name)) return FieldPath{name, {name}};
  // Modules: StatusModule or statusModule.
  std::string camel = name;
  camel[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(camel[0])));
  if (IsSection(camel)) return FieldPath{name, {camel}};
  if (auto module = ModuleSections().find(camel); module != ModuleSections().end()) {
    return FieldPath{name, {module->second, camel}};
  }
  // Pieces and the structs around them (study_pieces.h): NCTId, Location.
  if (const ModelNode* node = FindModelNode(name)) return FieldPath{name, SplitPath(node->path)};
  return Status::InvalidArgument("parameter 'fields': unknown field '" + name +
                                 "' (see /api/v2/studies/metadata)");
}

// The part of `value` under keys[i..]; null when absent. Lists keep their
// positions (null where an element lacks the field).
Json Extract(const Json& value, const std::vector<std::string>& keys, std::size_t i) {
  if (i == keys.size()) return value;
  if (value.is_array()) {
    Json list = Json::array();
    bool any = false;
    for (const Json& element : value) {
      list.push_back(Extract(element, keys, i));
      any |= !list.back().is_null();
    }
    return any ? list : Json();
  }
  if (!value.is_object()) return Json();
  auto child = value.find(keys[i]);
  if (child == value.end()) return Json();
  Json extracted = Extract(*child, keys, i + 1);
  if (extracted.is_null()) return Json();
  return Json{{keys[i], std::move(extracted)}};
}

void Merge(Json& into, const Json& part) {
  if (into.is_null()) {
    into = part;
  } else if (into.is_object() && part.is_object()) {
    for (auto it = part.begin(); it != part.end(); ++it) {
      if (into.contains(it.key())) {
        Merge(into[it.key()], it.value());
      } else {
        into[it.key()] = it.value();
      }
    }
  } else if (into.is_array() && part.is_array()) {
    for (std::size_t i = 0; i < part.size() && i < into.size(); ++i) Merge(into[i], part[i]);
  }
}

void DropNulls(Json& value) {
  if (value.is_object()) {
    for (auto& [key, child] : value.items()) DropNulls(child);
  } else if (value.is_array()) {
    Json kept = Json::array();
    for (Json& element : value) {
      DropNulls(element);
      if (!element.is_null()) kept.push_back(std::move(element));
    }
    value = std::move(kept);
  }
}

void Leaves(const Json& value, std::vector<std::string>& out) {
  if (value.is_null()) return;
  if (value.is_array() || value.is_object()) {
    for (const Json& child : value) Leaves(child, out);
  } else if (value.is_string()) {
    out.push_back(value.get<std::string>());
  } else {
    out.push_back(value.dump());
  }
}

// A field name, or a search area's name (ConditionSearch: the pieces it
// searches).
Result<std::vector<FieldPath>> ResolveNames(const std::string& name) {
  for (const SearchArea& area : SearchAreas()) {
    if (AsciiLowercase(std::string(area.name)) != AsciiLowercase(name)) continue;
    std::vector<FieldPath> fields;
    for (const SearchArea::Part& part : area.parts) {
      for (std::string_view piece : part.pieces) {
        Result<FieldPath> field = ResolveField(std::string(piece));
        if (!field.ok()) return field.status();
        fields.push_back(*field);
      }
    }
    return fields;
  }
  Result<FieldPath> field = ResolveField(name);
  if (!field.ok()) return field.status();
  return std::vector<FieldPath>{*field};
}

}  // namespace

Result<std::vector<FieldPath>> ParseFields(const std::string& text) {
  std::vector<FieldPath> fields;
  for (const std::string& given : SplitParamList(text)) {
    Result<std::vector<FieldPath>> named = ResolveNames(given);
    if (!named.ok()) return named.status();
    for (const FieldPath& field : *named) {
      // A field named again adds nothing but size: 200 copies of
      // protocolSection made a 3 kB CSV request answer 1 GB (issue 20).
      const bool repeated = std::any_of(fields.begin(), fields.end(), [&](const FieldPath& known) {
        return known.keys == field.keys;
      });
      if (!repeated) fields.push_back(field);
    }
    if (fields.size() > 200) break;
  }
  if (fields.size() > 200) return Status::InvalidArgument("parameter 'fields': at most 200 fields");
  return fields;
}

Json ProjectStudy(const Json& study, const std::vector<FieldPath>& fields) {
  Json out = Json::object();
  for (const FieldPath& field : fields) {
    Json part = Extract(study, field.keys, 0);
    if (!part.is_null()) Merge(out, part);
  }
  DropNulls(out);
  return out;
}

namespace {

std::string WithoutEscapes(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() &&
        std::ispunct(static_cast<unsigned char>(text[i + 1]))) {
      ++i;
    }
    out += text[i];
  }
  return out;
}

void Unescape(Json& value, const std::vector<std::string>& keys, std::size_t i) {
  if (value.is_array()) {
    for (Json& element : value) Unescape(element, keys, i);
    return;
  }
  if (i == keys.size()) {
    if (value.is_string()) value = WithoutEscapes(value.get<std::string>());
    return;
  }
  if (!value.is_object()) return;
  auto child = value.find(keys[i]);
  if (child != value.end()) Unescape(*child, keys, i + 1);
}

}  // namespace

void ToLegacyMarkup(Json& study) {
  for (const Piece& piece : StudyPieces()) {
    if (piece.type == PieceType::kMarkup) Unescape(study, SplitPath(std::string(piece.path)), 0);
  }
}

std::vector<std::string> LeafValues(const Json& study, const FieldPath& field) {
  std::vector<std::string> values;
  Leaves(Extract(study, field.keys, 0), values);
  return values;
}

}  // namespace trialfinder
