// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Reading a study record's JSON by keys, for the writers of other formats
// (CSV, RIS, FHIR): absent keys read as null, never throw.

#ifndef TRIALFINDER_SERVER_JSON_ACCESS_H_
#define TRIALFINDER_SERVER_JSON_ACCESS_H_

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>

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

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_JSON_ACCESS_H_
