// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// ModelTree: the structure of the typed model, walked from its Describe
// functions, for /studies/metadata, /studies/enums and `fields`.

#include <cctype>
#include <map>
#include <string>
#include <utility>

#include "text/ascii_case.h"
#include "trialfinder/study_pieces.h"
#include "trialfinder/study_schema.h"

namespace trialfinder {
namespace {

// The /studies/enums type name of each enumeration of study_schema.h.
std::string EnumTypeName(const schema::EnumValues& values) {
  static const std::pair<const std::string_view*, const char*> kNames[] = {
      {schema::kStatuses.data(), "Status"},
      {schema::kExpandedAccessStatuses.data(), "ExpandedAccessStatus"},
      {schema::kDateTypes.data(), "DateType"},
      {schema::kAgencyClasses.data(), "AgencyClass"},
      {schema::kIdTypes.data(), "IdType"},
      {schema::kResponsiblePartyTypes.data(), "ResponsiblePartyType"},
      {schema::kStudyTypes.data(), "StudyType"},
      {schema::kPhases.data(), "Phase"},
      {schema::kAllocations.data(), "DesignAllocation"},
      {schema::kInterventionModels.data(), "InterventionalAssignment"},
      {schema::kPrimaryPurposes.data(), "PrimaryPurpose"},
      {schema::kObservationalModels.data(), "ObservationalModel"},
      {schema::kTimePerspectives.data(), "DesignTimePerspective"},
      {schema::kMaskings.data(), "DesignMasking"},
      {schema::kWhoMasked.data(), "WhoMasked"},
      {schema::kBioSpecRetentions.data(), "BioSpecRetention"},
      {schema::kArmGroupTypes.data(), "ArmGroupType"},
      {schema::kInterventionTypes.data(), "InterventionType"},
      {schema::kSexes.data(), "Sex"},
      {schema::kStandardAges.data(), "StandardAge"},
      {schema::kSamplingMethods.data(), "SamplingMethod"},
      {schema::kContactRoles.data(), "ContactRole"},
      {schema::kOfficialRoles.data(), "OfficialRole"},
      {schema::kReferenceTypes.data(), "ReferenceType"},
      {schema::kIpdSharing.data(), "IpdSharing"},
      {schema::kIpdInfoTypes.data(), "IpdSharingInfoType"},
      {schema::kRelevances.data(), "BrowseLeafRelevance"},
  };
  for (const auto& [data, name] : kNames) {
    if (data == values.data()) return name;
  }
  return "Enum";
}

std::string Capitalized(std::string_view name) {
  std::string out(name);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

// "meshes" -> "mesh", "browseLeaves" -> "browseLeaf", "locations" -> "location".
std::string Singular(std::string name) {
  if (name.size() > 4 && name.compare(name.size() - 4, 4, "shes") == 0) {
    name.resize(name.size() - 2);
  } else if (name.size() > 3 && name.compare(name.size() - 3, 3, "ves") == 0) {
    name.replace(name.size() - 3, 3, "f");
  } else if (name.size() > 1 && name.back() == 's') {
    name.pop_back();
  }
  return name;
}

// The name of a struct node: its key capitalized, a list's singular, and
// within a browse module or a location the owner's word first
// ("ConditionMesh", "LocationContact"), so that names are unique.
std::string StructPiece(const std::string& parent_path, const std::string& key, bool list) {
  std::string name = Capitalized(list ? Singular(key) : key);
  const std::string parent = parent_path.substr(parent_path.rfind('.') + 1);
  if (parent == "conditionBrowseModule") return "Condition" + name;
  if (parent == "interventionBrowseModule") return "Intervention" + name;
  if (parent == "locations") return "Location" + name;
  return name;
}

std::string LeafType(PieceType type) {
  switch (type) {
    case PieceType::kText:
      return "text";
    case PieceType::kMarkup:
      return "markup";
    case PieceType::kDate:
      return "PartialDate";
    case PieceType::kInteger:
      return "integer";
    case PieceType::kNumber:
      return "number";
    case PieceType::kBoolean:
      return "boolean";
    case PieceType::kAge:
      return "NormalizedTime";
    case PieceType::kEnum:
      return "enum";
  }
  return "text";
}

// Builds the children of one struct from its Describe function.
class TreeBuilder {
 public:
  TreeBuilder(std::string path, std::vector<ModelNode>& out) : path_(std::move(path)), out_(out) {}

  template <class T>
  void Field(const char* name, const T& value) {
    Add(name, value, false);
  }
  void Enum(const char* name, const std::string& /*value*/, const schema::EnumValues& values) {
    AddEnum(name, values, false);
  }
  void Enum(const char* name, const std::vector<std::string>& /*value*/,
            const schema::EnumValues& values) {
    AddEnum(name, values, true);
  }
  void Date(const char* name, const std::string& /*value*/) {
    AddLeaf(name, PieceType::kDate, false);
  }

 private:
  std::string Join(const char* name) const { return path_.empty() ? name : path_ + "." + name; }

  void AddLeaf(const char* name, PieceType model_type, bool list) {
    ModelNode node;
    node.name = name;
    node.path = Join(name);
    const Piece* piece = FindPiece(node.path);
    const PieceType type = piece ? piece->type : model_type;
    node.piece = piece ? std::string(piece->name) : Capitalized(name);
    node.source_type = std::string(PieceTypeName(type));
    node.type = LeafType(type) + (list ? "[]" : "");
    node.is_list = list;
    out_.push_back(std::move(node));
  }

  void AddEnum(const char* name, const schema::EnumValues& values, bool list) {
    AddLeaf(name, PieceType::kEnum, list);
    ModelNode& node = out_.back();
    node.is_enum = true;
    node.enum_type = EnumTypeName(values);
    node.type = node.enum_type + (list ? "[]" : "");
    node.enum_values.assign(values.begin(), values.end());
  }

  void Add(const char* name, const std::string& /*value*/, bool list) {
    AddLeaf(name, PieceType::kText, list);
  }
  void Add(const char* name, const std::vector<std::string>& /*value*/, bool /*list*/) {
    AddLeaf(name, PieceType::kText, true);
  }
  void Add(const char* name, const std::optional<bool>& /*value*/, bool list) {
    AddLeaf(name, PieceType::kBoolean, list);
  }
  void Add(const char* name, const std::optional<int64_t>& /*value*/, bool list) {
    AddLeaf(name, PieceType::kInteger, list);
  }
  void Add(const char* name, const std::optional<double>& /*value*/, bool list) {
    AddLeaf(name, PieceType::kNumber, list);
  }
  void Add(const char* name, const std::optional<Age>& /*value*/, bool list) {
    AddLeaf(name, PieceType::kAge, list);
  }
  template <class Struct>
  void Add(const char* name, const Struct& value, bool list) {
    ModelNode node;
    node.name = name;
    node.path = Join(name);
    node.piece = StructPiece(path_, name, list);
    node.source_type = "STRUCT";
    node.type = node.piece + (list ? "[]" : "");
    node.is_list = list;
    TreeBuilder children(node.path, node.children);
    schema::Describe(children, value);
    out_.push_back(std::move(node));
  }
  template <class Struct>
  void Add(const char* name, const std::vector<Struct>& /*value*/, bool /*list*/) {
    Add(name, Struct{}, true);
  }

  std::string path_;
  std::vector<ModelNode>& out_;
};

void Index(const std::vector<ModelNode>& nodes,
           std::map<std::string, const ModelNode*, std::less<>>& by_name) {
  for (const ModelNode& node : nodes) {
    by_name.emplace(AsciiLowercase(node.piece), &node);
    by_name.emplace(node.path, &node);
    Index(node.children, by_name);
  }
}

}  // namespace

const std::vector<ModelNode>& ModelTree() {
  static const std::vector<ModelNode> kTree = [] {
    std::vector<ModelNode> tree;
    TreeBuilder builder("", tree);
    const Study study;
    schema::Describe(builder, study);
    return tree;
  }();
  return kTree;
}

const ModelNode* FindModelNode(std::string_view name) {
  static const std::map<std::string, const ModelNode*, std::less<>> kByName = [] {
    std::map<std::string, const ModelNode*, std::less<>> by_name;
    Index(ModelTree(), by_name);
    return by_name;
  }();
  if (auto found = kByName.find(name); found != kByName.end()) return found->second;
  if (const Piece* piece = FindPiece(name)) return FindModelNode(piece->path);
  auto found = kByName.find(AsciiLowercase(std::string(name)));
  return found == kByName.end() ? nullptr : found->second;
}

}  // namespace trialfinder
