// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/scores.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "assets/embedded_assets.h"
#include "text/named_table.h"

namespace trialfinder {
namespace {

const NamedTable& Scores() {
  static const NamedTable kScores(EmbeddedAsset("scores.tsv"), NamedTable::Anchoring::kWhole);
  return kScores;
}

}  // namespace

const std::string& ScoreNamePattern() { return Scores().Alternatives(); }

std::string CanonicalScoreName(const std::string& written) {
  const std::optional<std::string> listed = Scores().NameOf(written);
  if (listed && !listed->empty()) return *listed;
  std::string name = written;
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  for (const char* suffix :
       {" TOTAL SCORE", " SCORE", " PERFORMANCE STATUS", " CLASS", " PLAY STATUS", " PLAY"}) {
    const std::size_t at = name.find(suffix);
    if (at != std::string::npos && at > 0) name = name.substr(0, at);
  }
  return name;
}

}  // namespace trialfinder
