// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// API v2's list parameters: items separated by commas or pipes ("NCTId,
// BriefTitle|Phase"), as `fields`, `types` and others take them.

#ifndef TRIALFINDER_SERVER_PARAM_LIST_H_
#define TRIALFINDER_SERVER_PARAM_LIST_H_

#include <string>
#include <string_view>
#include <vector>

#include "text/ascii_case.h"

namespace trialfinder {

// The items of `text`, each trimmed of ASCII spaces; empty items dropped.
inline std::vector<std::string> SplitParamList(std::string_view text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != ',' && text[i] != '|') continue;
    const std::string_view item = TrimAsciiSpace(text.substr(start, i - start));
    if (!item.empty()) items.emplace_back(item);
    start = i + 1;
  }
  return items;
}

}  // namespace trialfinder

#endif  // TRIALFINDER_SERVER_PARAM_LIST_H_
