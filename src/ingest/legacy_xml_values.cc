// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Reading the legacy XML's values: trimmed text, dedented text blocks,
// display labels as API v2 enums, English dates as ISO dates, and setting
// them in the record only when present (legacy_xml_internal.h).

#include <algorithm>
#include <cctype>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/legacy_xml_internal.h"
#include "trialfinder/partial_date.h"

namespace trialfinder::legacy_xml {

std::string Trim(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return std::string(text.substr(begin, end - begin));
}

std::string Text(const pugi::xml_node& node) { return Trim(node.child_value()); }
std::string Text(const pugi::xml_node& node, const char* child) {
  return Trim(node.child(child).child_value());
}

std::string Dedent(std::string_view block) {
  std::vector<std::string> lines;
  std::istringstream stream{std::string(block)};
  for (std::string line; std::getline(stream, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  std::size_t indent = std::string::npos;
  for (const std::string& line : lines) {
    const std::size_t first = line.find_first_not_of(" \t");
    if (first != std::string::npos) indent = std::min(indent, first);
  }
  std::string out;
  for (const std::string& line : lines) {
    const bool blank = line.find_first_not_of(" \t") == std::string::npos;
    out += blank ? "" : line.substr(indent);
    out += '\n';
  }
  return Trim(out);
}

std::string TextOrOlder(const pugi::xml_node& node, const char* tag, const char* older_tag) {
  std::string text = Text(node, tag);
  return text.empty() ? Text(node, older_tag) : text;
}

std::string TextBlock(const pugi::xml_node& node, const char* child) {
  return Dedent(node.child(child).child("textblock").child_value());
}

std::string EnumFromLabel(std::string_view label) {
  std::string out;
  bool pending_separator = false;
  for (char c : label) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      if (pending_separator && !out.empty()) out += '_';
      pending_separator = false;
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else {
      pending_separator = true;
    }
  }
  return out;
}

std::string StatusFromLabel(std::string_view label) {
  std::string value = EnumFromLabel(label);
  return value == "UNKNOWN_STATUS" ? "UNKNOWN" : value;
}

std::string DateTypeFromLabel(std::string_view label) {
  return label == "Actual" ? "ACTUAL" : "ESTIMATED";  // Anticipated, Estimate
}

std::string AgencyClassFromLabel(std::string_view label) {
  if (label == "U.S. Fed") return "FED";
  if (label == "Individual") return "INDIV";
  if (label == "Ambiguous" || label == "Ambig") return "AMBIG";
  return EnumFromLabel(label);  // NIH, INDUSTRY, NETWORK, OTHER, OTHER_GOV
}

std::optional<bool> YesNo(std::string_view text) {
  if (text == "Yes") return true;
  if (text == "No") return false;
  return std::nullopt;
}

std::string IsoDate(std::string_view text) {
  const std::optional<PartialDate> date = PartialDate::ParseEnglish(Trim(text));
  return date ? date->ToIso() : Trim(text);
}

void SetText(OrderedJson& object, const char* key, const std::string& value) {
  if (!value.empty()) object[key] = value;
}

void SetDateStruct(OrderedJson& object, const char* key, const pugi::xml_node& node) {
  if (!node || Trim(node.child_value()).empty()) return;
  OrderedJson date = {{"date", IsoDate(Text(node))}};
  if (node.attribute("type")) date["type"] = DateTypeFromLabel(node.attribute("type").value());
  object[key] = date;
}

void SetUnlessEmpty(OrderedJson& parent, const char* key, OrderedJson value) {
  if (!value.empty()) parent[key] = std::move(value);
}

}  // namespace trialfinder::legacy_xml
