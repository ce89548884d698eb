// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/eligibility_text.h"

#include <cctype>
#include <sstream>

#include "text/normalize.h"
#include "text/pattern.h"

namespace trialfinder {
namespace {

EligibilityLine ReadLine(const std::string& raw) {
  static const Pattern kBullet(
      "^([*+o-]|\xE2\x80\xA2|\xC2\xB7|\\d{1,2}[.)]|[a-zA-Z][.)]|\\(\\w{1,3}\\)|[ivxIVX]{1,4}[.)])"
      "\\s+");
  EligibilityLine line;
  std::size_t start = 0;
  while (start < raw.size() && (raw[start] == ' ' || raw[start] == '\t')) {
    line.indent += raw[start] == '\t' ? 4 : 1;
    ++start;
  }
  std::string rest = raw.substr(start);
  while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.back()))) rest.pop_back();
  if (rest.empty()) return line;
  line.blank = false;
  if (std::optional<PatternMatch> match = kBullet.Find(rest)) {
    line.bullet = match->str(1);
    rest = rest.substr(match->length());
  }
  line.text = rest;
  return line;
}

// Registry text sometimes runs a section header or a bullet into the line
// before it: "... approved by the Board (MAB) Exclusion Criteria:\u2022 Patient
// has ...". A section header ("Exclusion Criteria:", with its colon) right
// after the end of a sentence or a parenthesis, and a "\u2022" bullet after a
// full stop, start a line of their own, so the criteria after them land in
// the right section ("Intraoperative Exclusion Criteria:" stays whole).
std::string BreakRunOnHeaders(const std::string& text) {
  static const Pattern kRunOnHeader("(?<=[.;:)\\]]) *((?:inclusion|exclusion) criteria:)",
                                    PatternCase::kInsensitive);
  static const Pattern kRunOnBullet("(?<=[.:]) *(\xE2\x80\xA2)");
  // A line break before each match (the spaces before it dropped), and one
  // after a header's colon.
  auto break_before = [](const Pattern& pattern, const std::string& in, bool break_after) {
    std::string result;
    std::size_t at = 0;
    for (const PatternMatch& match : pattern.FindAll(in)) {
      result.append(in, at, match.position() - at);
      result += '\n';
      result += match.str(1);
      if (break_after) result += '\n';
      at = match.position() + match.length();
    }
    result.append(in, at, std::string::npos);
    return result;
  };
  // "Inclusion Criteria: The person who ..." at the start of a line: the
  // header, then its text on a line of its own (user test: every
  // criterion after it was "required or excluded, not known").
  static const Pattern kHeaderWithText(
      "(?m)^([ \\t]*(?:(?:key|main|general|major) )?(?:inclusion|exclusion) criteria[ \\t]*:)"
      "[ \\t]*(?=\\S)(?!(?:contra-?indications?|as follows|the following|see below|general|"
      "medical|clinical)\\s*:?\\s*$)",
      PatternCase::kInsensitive);
  std::string broken = break_before(kRunOnBullet, break_before(kRunOnHeader, text, true), false);
  std::string result;
  std::size_t at = 0;
  for (const PatternMatch& match : kHeaderWithText.FindAll(broken)) {
    result.append(broken, at, match.position() - at);
    result += match.str(1);
    result += '\n';
    at = match.position() + match.length();
  }
  result.append(broken, at, std::string::npos);
  return result;
}

}  // namespace

// "Inclusion Criteria:", "KEY EXCLUSION CRITERIA", "Exclusion criteria include:",
// "Subject Exclusion Criteria", "Exclusion Criteria: contra-indication".
std::optional<EligibilitySection> SectionOfHeader(const EligibilityLine& line) {
  if (line.text.size() > 90) return std::nullopt;
  const std::string lower = NormalizeForMatching(line.text);
  static const Pattern kHeader(
      // "Subject Exclusion Criteria", "Key Patient Inclusion Criteria".
      "^(?:(?:key|main|major|general|additional|other|subjects?|patients?|participants?|"
      "study|trial|specific) ){0,2}(inclusion|exclusion|eligibility)"
      "(?: criteria| criterion| requirements)?(?: for [^:]{1,60})?(?: include| are)?"
      // "Inclusion Criteria Stage 1", "Exclusion Criteria Part A".
      "(?: [\\w-]+){0,2}\\s*:?"
      // "Exclusion Criteria: contra-indication" (a label after the colon).
      "(?:\\s*(?:contra-?indications?|as follows|the following|see below|general|medical|"
      "clinical)\\s*:?)?\\s*$");
  // The PDQ form of older NCI records: what a patient must have, and
  // "No ..." for what they must not, under "DISEASE CHARACTERISTICS:",
  // "PATIENT CHARACTERISTICS:" and "PRIOR CONCURRENT THERAPY:".
  static const Pattern kPdqHeader(
      "^(?:disease characteristics|patient characteristics|prior concurrent therapy)\\s*:?\\s*$");
  if (kPdqHeader.Search(lower)) return EligibilitySection::kInclusion;
  std::optional<PatternMatch> match = kHeader.Find(lower);
  if (!match) return std::nullopt;
  if (match->view(1) == "inclusion") return EligibilitySection::kInclusion;
  if (match->view(1) == "exclusion") return EligibilitySection::kExclusion;
  return EligibilitySection::kUnspecified;
}

std::vector<EligibilityLine> ReadEligibilityLines(std::string_view text) {
  const std::string clean = BreakRunOnHeaders(RemoveMarkdownEscapes(text));
  std::vector<EligibilityLine> lines;
  std::istringstream stream(clean);
  for (std::string raw; std::getline(stream, raw);) lines.push_back(ReadLine(raw));
  return lines;
}

EligibilitySections SplitEligibilitySections(std::string_view text) {
  EligibilitySections sections;
  std::string* current = &sections.unspecified;
  for (const EligibilityLine& line : ReadEligibilityLines(text)) {
    if (line.blank) continue;
    if (const std::optional<EligibilitySection> section = SectionOfHeader(line)) {
      current = *section == EligibilitySection::kInclusion   ? &sections.inclusion
                : *section == EligibilitySection::kExclusion ? &sections.exclusion
                                                             : &sections.unspecified;
      continue;
    }
    *current += line.text;
    *current += '\n';
  }
  return sections;
}

}  // namespace trialfinder
