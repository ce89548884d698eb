// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Splitting JSON input into study records without parsing it whole, so that
// one broken record (or a truncated file) costs only that record.

#include <cctype>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "trialfinder/ingest.h"

namespace trialfinder {
namespace {

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::size_t SkipSpace(std::string_view text, std::size_t pos) {
  while (pos < text.size() && IsSpace(text[pos])) ++pos;
  return pos;
}

// The end (one past) of the JSON object or array starting at `begin`, found
// by matching brackets outside strings; nullopt when the text ends first.
std::optional<std::size_t> EndOfValue(std::string_view text, std::size_t begin) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = begin; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return i + 1;
    }
  }
  return std::nullopt;
}

std::size_t LineOf(std::string_view text, std::size_t pos) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < pos && i < text.size(); ++i) line += text[i] == '\n' ? 1 : 0;
  return line;
}

SourceRecord Failure(std::string location, const std::string& problem, std::uint64_t bytes) {
  SourceRecord record;
  record.location = std::move(location);
  record.error = Status::InvalidArgument(problem);
  record.input_bytes = bytes;
  return record;
}

SourceRecord Success(std::string location, std::string_view text, std::uint64_t bytes) {
  SourceRecord record;
  record.location = std::move(location);
  record.json_text = std::string(text);
  record.input_bytes = bytes;
  return record;
}

// One record per non-blank line.
void SplitLines(std::string_view content, const std::string& name, const RecordSink& sink) {
  std::size_t line_number = 0;
  std::size_t pos = 0;
  while (pos < content.size()) {
    std::size_t end = content.find('\n', pos);
    if (end == std::string_view::npos) end = content.size();
    ++line_number;
    std::string_view line = content.substr(pos, end - pos);
    const std::size_t consumed = end - pos + 1;
    pos = end + 1;
    if (SkipSpace(line, 0) == line.size()) continue;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    sink(Success(name + " line " + std::to_string(line_number), line, consumed));
  }
}

// One record per element of a top-level array. A truncated array yields the
// complete elements and one error for the rest.
void SplitArray(std::string_view content, std::size_t open, const std::string& name,
                const RecordSink& sink) {
  std::size_t pos = open + 1;
  std::size_t index = 0;
  while (true) {
    pos = SkipSpace(content, pos);
    if (pos >= content.size()) {
      sink(Failure(name, "the array is not closed (truncated file?)", 0));
      return;
    }
    if (content[pos] == ']') return;
    ++index;
    const std::string location = name + " record " + std::to_string(index) + " (line " +
                                 std::to_string(LineOf(content, pos)) + ")";
    if (content[pos] != '{') {
      // Not an object: let the parser name what it is, then resync at ','.
      std::size_t next = content.find_first_of(",]", pos);
      if (next == std::string_view::npos) next = content.size();
      sink(Success(location, content.substr(pos, next - pos), next - pos));
      pos = next < content.size() && content[next] == ',' ? next + 1 : next;
      continue;
    }
    std::optional<std::size_t> end = EndOfValue(content, pos);
    if (!end) {
      sink(Failure(location, "the record is cut off at the end of the file (truncated file?)",
                   content.size() - pos));
      return;
    }
    sink(Success(location, content.substr(pos, *end - pos), *end - pos));
    pos = SkipSpace(content, *end);
    if (pos < content.size() && content[pos] == ',') ++pos;
  }
}

// An API v2 response page: {"studies": [...], "nextPageToken": ...}.
bool SplitResponsePage(std::string_view content, const std::string& name,
                       const RecordSink& sink) {
  nlohmann::json page = nlohmann::json::parse(content, nullptr, /*allow_exceptions=*/false);
  if (!page.is_object() || page.contains("protocolSection")) return false;
  auto studies = page.find("studies");
  if (studies == page.end() || !studies->is_array()) return false;
  const std::uint64_t share = content.size() / std::max<std::size_t>(1, studies->size());
  for (std::size_t i = 0; i < studies->size(); ++i) {
    sink(Success(name + " studies[" + std::to_string(i) + "]", (*studies)[i].dump(), share));
  }
  return true;
}

}  // namespace

void SplitJsonRecords(std::string_view content, const std::string& name, const RecordSink& sink,
                      JsonLayout layout) {
  if (layout == JsonLayout::kOnePerLine) return SplitLines(content, name, sink);
  const std::size_t start = SkipSpace(content, 0);
  if (start >= content.size()) return;
  if (content[start] == '[') return SplitArray(content, start, name, sink);
  std::optional<std::size_t> end =
      content[start] == '{' ? EndOfValue(content, start) : std::nullopt;
  if (end && SkipSpace(content, *end) < content.size()) {
    // Several values one after another: JSONL without the extension.
    return SplitLines(content, name, sink);
  }
  // One value: a response page holding studies, or a single study (possibly
  // truncated or malformed, which the parser then reports).
  if (end && content.find("\"studies\"") != std::string_view::npos &&
      SplitResponsePage(content, name, sink)) {
    return;
  }
  sink(Success(name, content.substr(start), content.size()));
}

}  // namespace trialfinder
