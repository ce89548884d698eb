// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Files compiled into the binary (HTML templates, the style sheet, the
// lay-term dictionary), so `trialfinder serve` needs no data path. The list
// is TRIALFINDER_ASSETS in CMakeLists.txt.

#ifndef TRIALFINDER_ASSETS_EMBEDDED_ASSETS_H_
#define TRIALFINDER_ASSETS_EMBEDDED_ASSETS_H_

#include <string_view>

namespace trialfinder {

// The content of the asset named `file_name` (its file name without the
// folder, e.g. "study.mustache"); empty when there is no such asset.
std::string_view EmbeddedAsset(std::string_view file_name);

}  // namespace trialfinder

#endif  // TRIALFINDER_ASSETS_EMBEDDED_ASSETS_H_
