// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "text/drugs.h"

#include <algorithm>

#include "assets/embedded_assets.h"
#include "text/ascii_case.h"
#include "text/word_list.h"

namespace trialfinder {
namespace {

// "B-cell depleting agents" -> "b cell depleting agents"; "Biologics" ->
// "biologic".
std::string ClassKey(std::string_view name) {
  std::string key = AsciiLowercase(std::string(name));
  std::replace(key.begin(), key.end(), '-', ' ');
  if (key.size() > 3 && key.back() == 's') key.pop_back();
  return key;
}

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    std::string item = text.substr(start, end - start);
    const std::size_t first = item.find_first_not_of(' ');
    if (first != std::string::npos)
      out.push_back(item.substr(first, item.find_last_not_of(' ') - first + 1));
    start = end + 1;
  }
  return out;
}

// Escapes the few pattern characters drug names hold ("5-fu" is fine,
// "il-6" too; "+" and "." are not).
std::string Literal(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (std::string_view(".+*?()[]{}|^$\\").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

struct DrugTable::Parsed {
  std::map<std::string, std::string, std::less<>> generic_of;
  std::map<std::string, std::vector<std::string>, std::less<>> members;
  std::vector<std::string> brands;   // brand and generic names, as pattern literals
  std::vector<std::string> classes;  // class keys, in file order
};

DrugTable::Parsed DrugTable::Parse(std::string_view tsv) {
  Parsed parsed;
  const WordList list(tsv);
  for (const WordList::Row& row : list.rows()) {
    const std::string generic = AsciiLowercase(row.entry);
    parsed.generic_of[generic] = generic;
    parsed.brands.push_back(Literal(generic));
    if (!row.columns.empty()) {
      for (const std::string& name : SplitCommas(row.columns[0])) {
        const std::string key = ClassKey(name);
        if (parsed.members.find(key) == parsed.members.end()) parsed.classes.push_back(key);
        parsed.members[key].push_back(generic);
      }
    }
    if (row.columns.size() > 1) {
      for (const std::string& brand : SplitCommas(row.columns[1])) {
        parsed.generic_of[AsciiLowercase(brand)] = generic;
        parsed.brands.push_back(Literal(AsciiLowercase(brand)));
      }
    }
  }
  return parsed;
}

namespace {

std::string ClassPattern(std::vector<std::string> classes) {
  for (std::string& name : classes) {
    std::string spaced;
    for (char c : Literal(name)) spaced += c == ' ' ? std::string("[- ]") : std::string(1, c);
    name = spaced;
  }
  return "\\b(" + WordList::Alternatives(classes) + ")s?\\b";
}

}  // namespace

const DrugTable& DrugTable::Builtin() {
  static const DrugTable kBuiltin(EmbeddedAsset("drugs.tsv"));
  return kBuiltin;
}

DrugTable::DrugTable(std::string_view tsv) : DrugTable(Parse(tsv)) {}

DrugTable::DrugTable(Parsed parsed)
    : generic_of_(std::move(parsed.generic_of)),
      members_(std::move(parsed.members)),
      brands_("\\b(" + WordList::Alternatives(parsed.brands) + ")\\b"),
      classes_(ClassPattern(parsed.classes)) {}

std::optional<std::string> DrugTable::GenericOf(std::string_view name) const {
  const auto found = generic_of_.find(AsciiLowercase(std::string(name)));
  if (found == generic_of_.end()) return std::nullopt;
  return found->second;
}

const std::vector<std::string>& DrugTable::Members(std::string_view class_name) const {
  static const std::vector<std::string> kNone;
  std::string key = ClassKey(class_name);
  auto found = members_.find(key);
  // "immunosuppressive agents", "biologic therapy": the class word first.
  if (found == members_.end()) {
    for (const auto& [name, members] : members_) {
      if (key.rfind(name + " ", 0) == 0) return members;
    }
    return kNone;
  }
  return found->second;
}

std::vector<std::string> DrugTable::ClassesOf(std::string_view generic) const {
  std::vector<std::string> out;
  for (const auto& [name, members] : members_) {
    if (std::find(members.begin(), members.end(), generic) != members.end()) out.push_back(name);
  }
  return out;
}

bool DrugTable::InClass(std::string_view generic, std::string_view class_name) const {
  const std::vector<std::string>& members = Members(class_name);
  return std::find(members.begin(), members.end(), generic) != members.end();
}

std::vector<std::string> DrugTable::ClassesIn(std::string_view text) const {
  std::vector<std::string> out;
  for (const PatternMatch& match : classes_.FindAll(text)) {
    std::string key = ClassKey(match.str(1));
    if (std::find(out.begin(), out.end(), key) == out.end()) out.push_back(std::move(key));
  }
  return out;
}

std::vector<std::string> DrugTable::DrugsIn(std::string_view text) const {
  std::vector<std::string> out;
  for (const PatternMatch& match : brands_.FindAll(text)) {
    const std::optional<std::string> generic = GenericOf(match.str(1));
    if (generic && std::find(out.begin(), out.end(), *generic) == out.end())
      out.push_back(*generic);
  }
  return out;
}

}  // namespace trialfinder
