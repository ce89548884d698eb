// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// ASCII case folding for identifiers, enumeration values and filter terms,
// and trimming of ASCII white space.
// One definition, because the indexer and the searcher must fold alike
// (a country term written by one is looked up by the other). Bytes outside
// ASCII are left as they are, so UTF-8 text is not damaged.

#ifndef TRIALFINDER_TEXT_ASCII_CASE_H_
#define TRIALFINDER_TEXT_ASCII_CASE_H_

#include <cctype>
#include <string>
#include <string_view>

namespace trialfinder {

inline std::string AsciiLowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// `text` without leading and trailing white space (std::isspace: space,
// tab, CR, LF, VT, FF).
inline std::string_view TrimAsciiSpace(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

inline std::string AsciiUppercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

}  // namespace trialfinder

#endif  // TRIALFINDER_TEXT_ASCII_CASE_H_
