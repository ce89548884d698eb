// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "geo/place_names.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace trialfinder {
namespace {

// U+00C0..U+017F (Latin-1 Supplement, Latin Extended-A) without accents;
// entries are separated by '|'.
constexpr std::string_view kLatin =
    "a|a|a|a|a|a|ae|c|e|e|e|e|i|i|i|i|d|n|o|o|o|o|o| |o|u|u|u|u|y|th|ss|"  // C0-DF
    "a|a|a|a|a|a|ae|c|e|e|e|e|i|i|i|i|d|n|o|o|o|o|o| |o|u|u|u|u|y|th|y|"   // E0-FF
    "a|a|a|a|a|a|c|c|c|c|c|c|c|c|d|d|d|d|e|e|e|e|e|e|e|e|e|e|"             // 100-11B
    "g|g|g|g|g|g|g|g|h|h|h|h|i|i|i|i|i|i|i|i|i|i|ij|ij|j|j|k|k|k|"         // 11C-138
    "l|l|l|l|l|l|l|l|l|l|n|n|n|n|n|n|n|n|n|o|o|o|o|o|o|oe|oe|"             // 139-153
    "r|r|r|r|r|r|s|s|s|s|s|s|s|s|t|t|t|t|t|t|u|u|u|u|u|u|u|u|u|u|u|u|"     // 154-173
    "w|w|y|y|y|z|z|z|z|z|z|s";                                             // 174-17F

const std::array<std::string_view, 0x180 - 0xC0>& LatinTable() {
  static const std::array<std::string_view, 0x180 - 0xC0> kTable = [] {
    std::array<std::string_view, 0x180 - 0xC0> table{};
    std::size_t start = 0;
    for (std::string_view& entry : table) {
      const std::size_t end = kLatin.find('|', start);
      entry = kLatin.substr(start, end == std::string_view::npos ? kLatin.npos : end - start);
      start = end == std::string_view::npos ? kLatin.size() : end + 1;
    }
    return table;
  }();
  return kTable;
}

}  // namespace

std::string FoldLatin(std::string_view text) {
  const auto& table = LatinTable();
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      out += static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte - 'A' + 'a' : byte);
      ++i;
      continue;
    }
    if ((byte & 0xE0) == 0xC0 && i + 1 < text.size()) {
      const unsigned code =
          ((byte & 0x1Fu) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu);
      if (code >= 0xC0 && code < 0x180) {
        out += table[code - 0xC0];
        i += 2;
        continue;
      }
      if (code >= 0x218 && code <= 0x21B) {  // Romanian s and t with comma below
        out += code < 0x21A ? 's' : 't';
        i += 2;
        continue;
      }
    }
    out += text[i++];
  }
  return out;
}

std::string PlaceKey(std::string_view name) {
  std::string folded = FoldLatin(name);
  for (char& c : folded) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80 && !std::isalnum(byte)) c = ' ';
  }
  std::vector<std::string_view> parts;
  const std::string_view all(folded);
  for (std::size_t start = 0; start < all.size();) {
    const std::size_t space = all.find(' ', start);
    const std::size_t end = space == std::string_view::npos ? all.size() : space;
    std::string_view word = all.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    if (word == "st") word = "saint";
    if (word == "ste") word = "sainte";
    if (word == "ft") word = "fort";
    if (word == "mt") word = "mount";
    parts.push_back(word);
  }
  if (parts.size() > 1 && parts.back() == "city") parts.pop_back();
  // Initials are one word: "D.C." = "DC", "U.S.A." = "USA".
  if (parts.size() > 1 && std::all_of(parts.begin(), parts.end(),
                                      [](std::string_view part) { return part.size() == 1; })) {
    std::string joined;
    for (const std::string_view part : parts) joined += part;
    return joined;
  }
  std::string key;
  for (const std::string_view part : parts) {
    if (!key.empty()) key += ' ';
    key += part;
  }
  return key;
}

}  // namespace trialfinder
