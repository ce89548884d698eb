// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include <nlohmann/json.hpp>

#include "trialfinder/criteria.h"

namespace trialfinder {

std::string ParsedCriteriaToJson(const ParsedCriteria& parsed, int indent) {
  using Json = nlohmann::ordered_json;
  Json criteria = Json::array();
  for (const Criterion& criterion : parsed.criteria) {
    Json constraints = Json::array();
    for (const Constraint& c : criterion.constraints) {
      Json item = {{"type", ToString(c.type)}};
      if (!c.name.empty()) item["name"] = c.name;
      if (c.comparator != Comparator::kNone) item["comparator"] = ToString(c.comparator);
      if (c.value) item["value"] = *c.value;
      if (c.upper_value) item["upperValue"] = *c.upper_value;
      if (!c.unit.empty()) item["unit"] = c.unit;
      if (c.canonical_value) {
        item["canonicalValue"] = *c.canonical_value;
        item["canonicalUnit"] = c.canonical_unit;
      }
      if (c.negated) item["negated"] = true;
      if (c.minimum_count) item["minimumCount"] = *c.minimum_count;
      if (!c.items.empty()) item["items"] = c.items;
      if (!c.counted.empty()) item["counted"] = c.counted;
      if (!c.anchor.empty()) item["anchor"] = c.anchor;
      item["evidence"] = c.evidence;
      item["summary"] = c.Summary();
      constraints.push_back(item);
    }
    Json entry = {{"id", criterion.id},
                  {"parent", criterion.parent},
                  {"level", criterion.level},
                  {"section", SectionName(criterion.section)},
                  {"cohort", criterion.cohort},
                  {"text", criterion.text},
                  {"heading", criterion.is_heading},
                  {"understood", criterion.understood()},
                  {"constraints", constraints},
                  {"drugs", criterion.drugs}};
    criteria.push_back(entry);
  }
  Json out = {{"cohorts", parsed.cohorts}, {"criteria", criteria}};
  return out.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace trialfinder
