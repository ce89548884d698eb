// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/scores.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "assets/embedded_assets.h"
#include "text/named_table.h"
#include "text/pattern.h"

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

std::string WithArabicClasses(const std::string& text) {
  static const Pattern kClasses(
      "\\b(?:nyha|new york heart association)\\b(?:[^.;]{0,40}?\\bclass(?:es)?)?[\\s)(]+"
      "(?:(?:iv|iii|ii|i)\\b\\s*(?:,|or|to|and|-|/)?\\s*)+");
  static const Pattern kRoman("\\b(iv|iii|ii|i)\\b");
  std::string out;
  std::size_t done = 0;
  for (const PatternMatch& m : kClasses.FindAll(text)) {
    out.append(text, done, m.position() - done);
    const std::string span = m.str();
    std::size_t copied = 0;
    // The numerals after "class" only: "nyha" and the words between stay.
    const std::size_t named = span.rfind("class");
    const std::size_t numerals = named == std::string::npos ? span.find(' ') : named;
    for (const PatternMatch& r : kRoman.FindAll(span)) {
      if (r.position() < numerals) continue;
      out.append(span, copied, r.position() - copied);
      const std::string roman = r.str(1);
      out += roman == "iv" ? "4" : roman == "iii" ? "3" : roman == "ii" ? "2" : "1";
      copied = r.position() + r.length();
    }
    out.append(span, copied, std::string::npos);
    done = m.position() + m.length();
  }
  out.append(text, done, std::string::npos);
  return out;
}

}  // namespace trialfinder
