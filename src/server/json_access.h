// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Reading a study record's JSON by keys, for the writers of other formats
// (CSV, RIS, FHIR): absent keys read as null, never throw. And reading a
// request body as JSON with an error that says where it stops being JSON.

#ifndef TRIALFINDER_SERVER_JSON_ACCESS_H_
#define TRIALFINDER_SERVER_JSON_ACCESS_H_

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "trialfinder/status.h"

namespace trialfinder {

// The value under `keys` in nested objects ({"protocolSection",
// "statusModule", "overallStatus"}); a null value when any is missing or a
// value on the way is not an object.
inline const nlohmann::ordered_json& JsonAt(const nlohmann::ordered_json& value,
                                            std::initializer_list<const char*> keys) {
  static const nlohmann::ordered_json kNull;
  const nlohmann::ordered_json* current = &value;
  for (const char* key : keys) {
    if (!current->is_object()) return kNull;
    auto child = current->find(key);
    if (child == current->end()) return kNull;
    current = &*child;
  }
  return *current;
}

// The elements of `value` when it is an array; none otherwise.
inline const nlohmann::ordered_json& JsonList(const nlohmann::ordered_json& value) {
  static const nlohmann::ordered_json kEmpty = nlohmann::ordered_json::array();
  return value.is_array() ? value : kEmpty;
}

// A request body parsed as JSON, or an InvalidArgument error saying where
// it stops being JSON, counting bytes from 1: "the body is not valid JSON
// (at byte 19; NaN, single quotes and trailing commas are not JSON)". The
// parser's own message is not shown, as it quotes the body back. Call
// after bounding the nesting depth (JsonNestingDepth): the parser recurses.
inline Result<nlohmann::ordered_json> ParseJsonBody(std::string_view text) {
  try {
    return nlohmann::ordered_json::parse(text);
  } catch (const nlohmann::ordered_json::parse_error& error) {
    return Status::InvalidArgument("the body is not valid JSON (at byte " +
                                   std::to_string(error.byte) +
                                   "; NaN, single quotes and trailing commas are not JSON)");
  }
}

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_JSON_ACCESS_H_
