// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "trialfinder/study_json.h"

#include <fmt/format.h>
#include <simdjson.h>
#include <algorithm>
#include <array>
#include <cctype>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "trialfinder/partial_date.h"
#include "trialfinder/study_schema.h"

namespace trialfinder {
namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;
using Element = simdjson::dom::element;

// Stop collecting after this many field errors: the first ones tell the story.
constexpr std::size_t kMaxReportedErrors = 3;

// JSON's name for the type of `value`, as error messages say it.
std::string TypeName(Element value) {
  switch (value.type()) {
    case simdjson::dom::element_type::ARRAY:
      return "array";
    case simdjson::dom::element_type::OBJECT:
      return "object";
    case simdjson::dom::element_type::STRING:
      return "string";
    case simdjson::dom::element_type::BOOL:
      return "boolean";
    case simdjson::dom::element_type::NULL_VALUE:
      return "null";
    default:
      return "number";
  }
}

std::string JoinValues(const schema::EnumValues& values) {
  std::string out;
  for (std::string_view value : values) {
    if (!out.empty()) out += ", ";
    out += value;
  }
  return out;
}

// Where a value sits in the record ("protocolSection.designModule.phases[1]"),
// as a chain of steps written out only when an error needs it, rather than
// a string built for every field read.
struct JsonPath {
  const JsonPath* parent = nullptr;
  std::string_view name;  // a member, or
  std::size_t index = 0;  // a list element when name is empty
  bool is_root = true;

  JsonPath Member(std::string_view member) const { return {this, member, 0, false}; }
  JsonPath Index(std::size_t i) const { return {this, {}, i, false}; }

  std::string Text() const {
    if (is_root) return "";
    std::string prefix = parent->Text();
    if (!name.empty()) return prefix.empty() ? std::string(name) : prefix + "." + std::string(name);
    return prefix + "[" + std::to_string(index) + "]";
  }
};

// Fills typed fields from a parsed JSON object, recording every mismatch as
// "path: problem" in `errors`.
class FieldReader {
 public:
  FieldReader(simdjson::dom::object object, const JsonPath& path, std::vector<std::string>* errors)
      : object_(object), path_(path), errors_(errors) {}

  template <class T>
  void Field(const char* name, T& out) {
    if (std::optional<Element> value = Find(name)) Read(*value, path_.Member(name), out);
  }

  void Enum(const char* name, std::string& out, const schema::EnumValues& allowed) {
    Field(name, out);
    CheckEnum(path_.Member(name), out, allowed);
  }

  void Enum(const char* name, std::vector<std::string>& out, const schema::EnumValues& allowed) {
    Field(name, out);
    const JsonPath list = path_.Member(name);
    for (std::size_t i = 0; i < out.size(); ++i) CheckEnum(list.Index(i), out[i], allowed);
  }

  void Date(const char* name, std::string& out) {
    Field(name, out);
    if (!out.empty() && !PartialDate::Parse(out)) {
      Error(path_.Member(name), "'" + out + "' is not a date like 2025-07 or 2025-07-02");
    }
  }

 private:
  std::optional<Element> Find(const char* name) const {
    Element value;
    if (object_.at_key(name).get(value) != simdjson::SUCCESS || value.is_null()) {
      return std::nullopt;
    }
    return value;
  }

  void Error(const JsonPath& path, const std::string& problem) {
    if (errors_->size() < kMaxReportedErrors) errors_->push_back(path.Text() + ": " + problem);
  }

  void CheckEnum(const JsonPath& path, const std::string& value,
                 const schema::EnumValues& allowed) {
    if (value.empty()) return;
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
      Error(path, "unknown value '" + value + "' (expected one of " + JoinValues(allowed) + ")");
    }
  }

  void Read(Element value, const JsonPath& path, std::string& out) {
    std::string_view text;
    if (value.get(text) != simdjson::SUCCESS) {
      return Error(path, "expected a string, got " + TypeName(value));
    }
    out.assign(text);
  }
  void Read(Element value, const JsonPath& path, std::optional<bool>& out) {
    bool flag = false;
    if (value.get(flag) != simdjson::SUCCESS) {
      return Error(path, "expected true or false, got " + TypeName(value));
    }
    out = flag;
  }
  void Read(Element value, const JsonPath& path, std::optional<int64_t>& out) {
    if (value.type() == simdjson::dom::element_type::UINT64) {
      return Error(path, "the whole number is too large");
    }
    int64_t number = 0;
    if (value.type() != simdjson::dom::element_type::INT64 ||
        value.get(number) != simdjson::SUCCESS) {
      return Error(path, "expected a whole number, got " + TypeName(value));
    }
    out = number;
  }
  void Read(Element value, const JsonPath& path, std::optional<double>& out) {
    double number = 0;
    if (!value.is_number() || value.get(number) != simdjson::SUCCESS) {
      return Error(path, "expected a number, got " + TypeName(value));
    }
    out = number;
  }
  void Read(Element value, const JsonPath& path, std::optional<Age>& out) {
    std::string_view text;
    if (value.get(text) != simdjson::SUCCESS) {
      return Error(path, "expected an age string, got " + TypeName(value));
    }
    Result<std::optional<Age>> age = ParseAge(std::string(text));
    if (!age.ok()) return Error(path, age.status().message());
    out = *age;
  }
  template <class T>
  void Read(Element value, const JsonPath& path, std::vector<T>& out) {
    simdjson::dom::array array;
    if (value.get(array) != simdjson::SUCCESS) {
      return Error(path, "expected a list, got " + TypeName(value));
    }
    out.resize(array.size());
    std::size_t i = 0;
    for (Element element : array) {
      Read(element, path.Index(i), out[i]);
      ++i;
    }
  }
  template <class Struct>
  void Read(Element value, const JsonPath& path, Struct& out) {
    simdjson::dom::object object;
    if (value.get(object) != simdjson::SUCCESS) {
      return Error(path, "expected an object, got " + TypeName(value));
    }
    FieldReader nested(object, path, errors_);
    schema::Describe(nested, out);
  }

  simdjson::dom::object object_;
  const JsonPath& path_;
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

Status CheckIdentity(Element record) {
  simdjson::dom::object object;
  if (record.get(object) != simdjson::SUCCESS) {
    return Status::InvalidArgument("a study record must be a JSON object, got " + TypeName(record));
  }
  simdjson::dom::object protocol;
  if (object.at_key("protocolSection").get(protocol) != simdjson::SUCCESS) {
    return Status::InvalidArgument("the record has no protocolSection object");
  }
  simdjson::dom::object identification;
  if (protocol.at_key("identificationModule").get(identification) != simdjson::SUCCESS) {
    return Status::InvalidArgument("the record has no protocolSection.identificationModule");
  }
  std::string_view nct_id;
  if (identification.at_key("nctId").get(nct_id) != simdjson::SUCCESS) {
    return Status::InvalidArgument("the record has no identificationModule.nctId");
  }
  if (!IsValidNctId(nct_id)) {
    return Status::InvalidArgument("identificationModule.nctId '" + std::string(nct_id) +
                                   "' is not an NCT ID like NCT01234567");
  }
  return Status::Ok();
}

// "path: the key 'x' appears twice" for the first object in `value` that
// names a key more than once; "" when none does. JSON leaves such records
// open to either reading, and readers differ: simdjson took the first
// value, nlohmann the last, so search and the API showed different NCT IDs
// and statuses for one record (issue 20).
std::string DuplicateKey(Element value, const JsonPath& path) {
  simdjson::dom::object object;
  if (value.get(object) == simdjson::SUCCESS) {
    // Objects of a study record have at most a few dozen keys: comparing
    // each with those before it, on the stack, costs less than a set would.
    constexpr std::size_t kOnStack = 48;
    std::array<std::string_view, kOnStack> first_keys;
    std::vector<std::string_view> more_keys;
    std::size_t count = 0;
    for (const auto field : object) {
      const auto stack_end = first_keys.begin() + std::min(count, kOnStack);
      if (std::find(first_keys.begin(), stack_end, field.key) != stack_end ||
          std::find(more_keys.begin(), more_keys.end(), field.key) != more_keys.end()) {
        const std::string where = path.Text();
        return (where.empty() ? std::string("the record") : where) + ": the key '" +
               std::string(field.key) + "' appears twice";
      }
      if (count < kOnStack) {
        first_keys[count] = field.key;
      } else {
        more_keys.push_back(field.key);
      }
      ++count;
      const simdjson::dom::element_type type = field.value.type();
      if (type == simdjson::dom::element_type::OBJECT ||
          type == simdjson::dom::element_type::ARRAY) {
        std::string inner = DuplicateKey(field.value, path.Member(field.key));
        if (!inner.empty()) return inner;
      }
    }
    return "";
  }
  simdjson::dom::array array;
  if (value.get(array) == simdjson::SUCCESS) {
    std::size_t index = 0;
    for (const Element item : array) {
      const simdjson::dom::element_type type = item.type();
      if (type == simdjson::dom::element_type::OBJECT ||
          type == simdjson::dom::element_type::ARRAY) {
        std::string inner = DuplicateKey(item, path.Index(index));
        if (!inner.empty()) return inner;
      }
      ++index;
    }
  }
  return "";
}

// Why `text`, which simdjson rejected with `code`, is not a JSON record.
// nlohmann's messages name the place ("parse error at line 1, column
// 2041: syntax error ... unexpected end of input"), so it parses again to
// say where: bad records are few, and their depth is already checked.
std::string MalformedJsonMessage(const std::string& text, simdjson::error_code code) {
  try {
    const Json reparsed = Json::parse(text);
    (void)reparsed;
  } catch (const Json::exception& error) {
    std::string message = error.what();
    const std::size_t detail = message.find("] ");
    if (detail != std::string::npos) message = message.substr(detail + 2);
    return "malformed JSON: " + message;
  }
  return std::string("malformed JSON: ") + simdjson::error_message(code);
}

}  // namespace

std::string CanonicalNctId(std::string_view text) {
  if (text.size() < 4 || text.size() > 40) return "";
  for (std::size_t i = 0; i < 3; ++i) {
    if (std::toupper(static_cast<unsigned char>(text[i])) != "NCT"[i]) return "";
  }
  std::string_view digits = text.substr(3);
  if (!std::all_of(digits.begin(), digits.end(),
                   [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    return "";
  }
  while (!digits.empty() && digits.front() == '0') digits.remove_prefix(1);
  if (digits.empty() || digits.size() > 8) return "";
  return "NCT" + std::string(8 - digits.size(), '0') + std::string(digits);
}

bool IsValidNctId(std::string_view id) {
  if (id.size() < 4 || id.size() > 11 || id.substr(0, 3) != "NCT") return false;
  return std::all_of(id.begin() + 3, id.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

Result<Study> ParseStudyJson(std::string text, const StudyParseLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Status::InvalidArgument("the record is " + FormatBytes(text.size()) +
                                   ", over the limit of " + FormatBytes(limits.max_bytes));
  }
  // simdjson reads a record about 8 times faster than nlohmann's DOM did
  // (0.13 -> 0.016 ms, parsing alone); nlohmann's parse was a tenth of a
  // rebuild's CPU. It needs SIMDJSON_PADDING bytes after the text.
  text.reserve(text.size() + simdjson::SIMDJSON_PADDING);
  // One parser per thread keeps its buffers from record to record: a new
  // parser per record (and a separate pass counting the nesting depth,
  // which the parser's own depth limit now refuses) was about a tenth of
  // /match's CPU, reading 100 candidates per request. Records over 1 MiB
  // get a parser of their own, so a thread keeps at most about that much.
  constexpr std::size_t kKeptCapacity = std::size_t{1} << 20;
  thread_local simdjson::dom::parser kept_parser;
  std::optional<simdjson::dom::parser> own_parser;
  simdjson::dom::parser* parser = &kept_parser;
  if (text.size() > kKeptCapacity) parser = &own_parser.emplace();
  if (parser->max_depth() != static_cast<std::size_t>(limits.max_depth) ||
      parser->capacity() < text.size()) {
    const std::size_t capacity =
        std::max(parser->capacity(), std::max<std::size_t>(text.size(), 1));
    if (parser->allocate(capacity, static_cast<std::size_t>(std::max(limits.max_depth, 1))) !=
        simdjson::SUCCESS) {
      return Status::Internal("no memory to parse a record of " + FormatBytes(text.size()));
    }
  }
  Element record;
  if (simdjson::error_code code = parser->parse(text).get(record); code != simdjson::SUCCESS) {
    if (code == simdjson::DEPTH_ERROR) {
      return Status::InvalidArgument("the record nests deeper than " +
                                     std::to_string(limits.max_depth) + " levels");
    }
    return Status::InvalidArgument(MalformedJsonMessage(text, code));
  }
  if (Status identity = CheckIdentity(record); !identity.ok()) return identity;
  if (std::string duplicate =
          limits.reject_duplicate_keys ? DuplicateKey(record, JsonPath()) : std::string();
      !duplicate.empty()) {
    std::string_view nct_id;  // CheckIdentity found it
    if (record["protocolSection"]["identificationModule"]["nctId"].get(nct_id) !=
        simdjson::SUCCESS) {
      nct_id = "the record";
    }
    return Status::InvalidArgument(std::string(nct_id) + ": " + duplicate +
                                   "; a record must name each field once");
  }

  const simdjson::dom::object object = record.get_object().value_unsafe();  // checked above
  Study study;
  std::vector<std::string> errors;
  const JsonPath root;
  FieldReader reader(object, root, &errors);
  schema::Describe(reader, study);
  if (!errors.empty()) {
    const std::string message = fmt::format("{}", fmt::join(errors, "; "));
    return Status::InvalidArgument(study.nct_id() + ": " + message);
  }
  study.has_results_section = object.at_key("resultsSection").error() == simdjson::SUCCESS;
  study.raw_json = std::move(text);
  return study;
}

std::string TypedStudyToJson(const Study& study) {
  std::optional<OrderedJson> json = FieldWriter::Write(study);
  return json ? json->dump() : "{}";
}

int JsonNestingDepth(std::string_view text) { return NestingDepthOf(text); }

}  // namespace trialfinder
