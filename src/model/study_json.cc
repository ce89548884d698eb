// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "trialfinder/study_json.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/study_schema.h"

namespace trialfinder {
namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

// Stop collecting after this many field errors: the first ones tell the story.
constexpr std::size_t kMaxReportedErrors = 3;

std::string TypeName(const Json& value) { return value.type_name(); }

std::string JoinValues(const schema::EnumValues& values) {
  std::string out;
  for (std::string_view value : values) {
    if (!out.empty()) out += ", ";
    out += value;
  }
  return out;
}

// Fills typed fields from a parsed JSON object, recording every mismatch as
// "path: problem" in `errors`.
class FieldReader {
 public:
  FieldReader(const Json& object, std::string path, std::vector<std::string>* errors)
      : object_(object), path_(std::move(path)), errors_(errors) {}

  template <class T>
  void Field(const char* name, T& out) {
    if (const Json* value = Find(name)) Read(*value, Child(name), out);
  }

  void Enum(const char* name, std::string& out, const schema::EnumValues& allowed) {
    Field(name, out);
    CheckEnum(Child(name), out, allowed);
  }

  void Enum(const char* name, std::vector<std::string>& out, const schema::EnumValues& allowed) {
    Field(name, out);
    for (std::size_t i = 0; i < out.size(); ++i) {
      CheckEnum(Child(name) + "[" + std::to_string(i) + "]", out[i], allowed);
    }
  }

  void Date(const char* name, std::string& out) {
    Field(name, out);
    if (!out.empty() && !IsValidPartialDate(out)) {
      Error(Child(name), "'" + out + "' is not a date like 2025-07 or 2025-07-02");
    }
  }

 private:
  const Json* Find(const char* name) const {
    auto it = object_.find(name);
    if (it == object_.end() || it->is_null()) return nullptr;
    return &*it;
  }

  std::string Child(const char* name) const {
    return path_.empty() ? std::string(name) : path_ + "." + name;
  }

  void Error(const std::string& path, const std::string& problem) {
    if (errors_->size() < kMaxReportedErrors) errors_->push_back(path + ": " + problem);
  }

  void CheckEnum(const std::string& path, const std::string& value,
                 const schema::EnumValues& allowed) {
    if (value.empty()) return;
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
      Error(path, "unknown value '" + value + "' (expected one of " + JoinValues(allowed) + ")");
    }
  }

  void Read(const Json& value, const std::string& path, std::string& out) {
    if (!value.is_string()) return Error(path, "expected a string, got " + TypeName(value));
    out = value.get<std::string>();
  }
  void Read(const Json& value, const std::string& path, std::optional<bool>& out) {
    if (!value.is_boolean()) return Error(path, "expected true or false, got " + TypeName(value));
    out = value.get<bool>();
  }
  void Read(const Json& value, const std::string& path, std::optional<int64_t>& out) {
    if (!value.is_number_integer()) {
      return Error(path, "expected a whole number, got " + TypeName(value));
    }
    out = value.get<int64_t>();
  }
  void Read(const Json& value, const std::string& path, std::optional<double>& out) {
    if (!value.is_number()) return Error(path, "expected a number, got " + TypeName(value));
    out = value.get<double>();
  }
  void Read(const Json& value, const std::string& path, std::optional<Age>& out) {
    if (!value.is_string()) return Error(path, "expected an age string, got " + TypeName(value));
    Result<std::optional<Age>> age = ParseAge(value.get_ref<const std::string&>());
    if (!age.ok()) return Error(path, age.status().message());
    out = *age;
  }
  template <class T>
  void Read(const Json& value, const std::string& path, std::vector<T>& out) {
    if (!value.is_array()) return Error(path, "expected a list, got " + TypeName(value));
    out.resize(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
      Read(value[i], path + "[" + std::to_string(i) + "]", out[i]);
    }
  }
  template <class Struct>
  void Read(const Json& value, const std::string& path, Struct& out) {
    if (!value.is_object()) return Error(path, "expected an object, got " + TypeName(value));
    FieldReader nested(value, path, errors_);
    schema::Describe(nested, out);
  }

  const Json& object_;
  std::string path_;
  std::vector<std::string>* errors_;
};

// Writes the present typed fields of a struct into an ordered JSON object.
class FieldWriter {
 public:
  template <class T>
  void Field(const char* name, const T& value) {
    if (std::optional<OrderedJson> json = Write(value)) object_[name] = std::move(*json);
  }
  template <class T>
  void Enum(const char* name, const T& value, const schema::EnumValues& /*allowed*/) {
    Field(name, value);
  }
  void Date(const char* name, const std::string& value) { Field(name, value); }

  OrderedJson Take() { return std::move(object_); }

  static std::optional<OrderedJson> Write(const std::string& value) {
    if (value.empty()) return std::nullopt;
    return OrderedJson(value);
  }
  template <class T>
  static std::optional<OrderedJson> Write(const std::optional<T>& value) {
    if (!value) return std::nullopt;
    return Scalar(*value);
  }
  template <class T>
  static std::optional<OrderedJson> Write(const std::vector<T>& values) {
    if (values.empty()) return std::nullopt;
    OrderedJson array = OrderedJson::array();
    for (const T& value : values) {
      // Keep list positions: an element with nothing set is written empty.
      std::optional<OrderedJson> element = Write(value);
      array.push_back(element ? std::move(*element) : EmptyLike(value));
    }
    return array;
  }
  template <class Struct>
  static std::optional<OrderedJson> Write(const Struct& value) {
    FieldWriter nested;
    schema::Describe(nested, value);
    OrderedJson object = nested.Take();
    if (object.empty()) return std::nullopt;
    return object;
  }

 private:
  static OrderedJson Scalar(bool value) { return value; }
  static OrderedJson Scalar(int64_t value) { return value; }
  static OrderedJson Scalar(double value) { return value; }
  static OrderedJson Scalar(const Age& value) { return value.text; }

  static OrderedJson EmptyLike(const std::string& /*value*/) { return ""; }
  template <class Struct>
  static OrderedJson EmptyLike(const Struct& /*value*/) {
    return OrderedJson::object();
  }

  OrderedJson object_ = OrderedJson::object();
};

// The nesting depth of a JSON text, computed without parsing it, so that a
// hostile record cannot make the parser recurse deeply.
int NestingDepthOf(std::string_view text) {
  int depth = 0;
  int max_depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      max_depth = std::max(max_depth, ++depth);
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return max_depth;
}

std::string FormatBytes(std::size_t bytes) {
  if (bytes >= 1024 * 1024) return std::to_string(bytes / (1024 * 1024)) + " MiB";
  return std::to_string(bytes) + " bytes";
}

Status CheckIdentity(const Json& record) {
  if (!record.is_object()) {
    return Status::InvalidArgument("a study record must be a JSON object, got " + TypeName(record));
  }
  auto protocol = record.find("protocolSection");
  if (protocol == record.end() || !protocol->is_object()) {
    return Status::InvalidArgument("the record has no protocolSection object");
  }
  auto identification = protocol->find("identificationModule");
  if (identification == protocol->end() || !identification->is_object()) {
    return Status::InvalidArgument("the record has no protocolSection.identificationModule");
  }
  auto nct_id = identification->find("nctId");
  if (nct_id == identification->end() || !nct_id->is_string()) {
    return Status::InvalidArgument("the record has no identificationModule.nctId");
  }
  if (!IsValidNctId(nct_id->get_ref<const std::string&>())) {
    return Status::InvalidArgument("identificationModule.nctId '" + nct_id->get<std::string>() +
                                   "' is not an NCT ID like NCT01234567");
  }
  return Status::Ok();
}

}  // namespace

bool IsValidNctId(std::string_view id) {
  if (id.size() < 4 || id.size() > 11 || id.substr(0, 3) != "NCT") return false;
  return std::all_of(id.begin() + 3, id.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

bool IsValidPartialDate(std::string_view date) {
  auto digits = [&](std::size_t from, std::size_t count) {
    for (std::size_t i = from; i < from + count; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(date[i]))) return -1;
    }
    return std::stoi(std::string(date.substr(from, count)));
  };
  if (date.size() != 4 && date.size() != 7 && date.size() != 10) return false;
  if (digits(0, 4) < 0) return false;
  if (date.size() >= 7) {
    const int month = date[4] == '-' ? digits(5, 2) : -1;
    if (month < 1 || month > 12) return false;
  }
  if (date.size() == 10) {
    const int day = date[7] == '-' ? digits(8, 2) : -1;
    if (day < 1 || day > 31) return false;
  }
  return true;
}

Result<Study> ParseStudyJson(std::string text, const StudyParseLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Status::InvalidArgument("the record is " + FormatBytes(text.size()) +
                                   ", over the limit of " + FormatBytes(limits.max_bytes));
  }
  if (NestingDepthOf(text) > limits.max_depth) {
    return Status::InvalidArgument("the record nests deeper than " +
                                   std::to_string(limits.max_depth) + " levels");
  }
  Json record;
  try {
    record = Json::parse(text);
  } catch (const Json::exception& error) {
    // nlohmann's messages name the byte offset: "parse error at line 1,
    // column 2041: syntax error ... unexpected end of input".
    std::string message = error.what();
    const std::size_t detail = message.find("] ");
    if (detail != std::string::npos) message = message.substr(detail + 2);
    return Status::InvalidArgument("malformed JSON: " + message);
  }
  if (Status identity = CheckIdentity(record); !identity.ok()) return identity;

  Study study;
  std::vector<std::string> errors;
  FieldReader reader(record, "", &errors);
  schema::Describe(reader, study);
  if (!errors.empty()) {
    std::string message;
    for (const std::string& error : errors) message += (message.empty() ? "" : "; ") + error;
    return Status::InvalidArgument(study.nct_id() + ": " + message);
  }
  study.has_results_section = record.contains("resultsSection");
  study.raw_json = std::move(text);
  return study;
}

std::string TypedStudyToJson(const Study& study) {
  std::optional<OrderedJson> json = FieldWriter::Write(study);
  return json ? json->dump() : "{}";
}

int JsonNestingDepth(std::string_view text) { return NestingDepthOf(text); }

}  // namespace trialfinder
