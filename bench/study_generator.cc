// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "bench/study_generator.h"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>

namespace trialfinder::bench {
namespace {

using Json = nlohmann::ordered_json;

// Shifts a "YYYY..." date by `years`; February 29 becomes the 28th, as
// the shifted year may have no leap day (the store rejects 2026-02-29).
std::string ShiftYear(const std::string& date, int years) {
  if (date.size() < 4) return date;
  std::string rest = date.substr(4);
  if (rest == "-02-29" && years % 4 != 0) rest = "-02-28";
  return std::to_string(std::stoi(date.substr(0, 4)) + years) + rest;
}

void ShiftDates(Json& status, int years) {
  for (auto& [key, value] : status.items()) {
    if (value.is_string() && key.find("Date") != std::string::npos) {
      value = ShiftYear(value.get<std::string>(), years);
    } else if (value.is_object() && value.contains("date")) {
      value["date"] = ShiftYear(value["date"].get<std::string>(), years);
    }
  }
}

}  // namespace

std::filesystem::path SampleJsonLines() {
  return std::filesystem::path(TRIALFINDER_SOURCE_DIR) / "data" / "sample" / "studies.jsonl";
}

StudyGenerator::StudyGenerator(const std::filesystem::path& sample_jsonl, std::uint64_t seed)
    : seed_(seed) {
  std::ifstream in(sample_jsonl);
  if (!in) throw std::runtime_error("cannot read " + sample_jsonl.string());
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    // Only complete records make good donors.
    Json record = Json::parse(line);
    const Json& protocol = record["protocolSection"];
    if (protocol.contains("statusModule") && protocol.contains("conditionsModule"))
      sample_.push_back(line);
  }
}

std::string StudyGenerator::Generate(std::uint64_t index) const {
  std::mt19937_64 random(seed_ * 1000003 + index);
  auto pick = [&]() -> Json { return Json::parse(sample_[random() % sample_.size()]); };
  Json study = pick();
  Json& protocol = study["protocolSection"];
  char id[16];
  std::snprintf(id, sizeof id, "NCT9%07llu", static_cast<unsigned long long>(index % 10000000));
  protocol["identificationModule"]["nctId"] = id;
  protocol["identificationModule"].erase("nctIdAliases");

  const Json conditions = pick();  // conditions travel with their MeSH terms
  protocol["conditionsModule"] = conditions["protocolSection"]["conditionsModule"];
  if (conditions.contains("derivedSection")) {
    study["derivedSection"]["conditionBrowseModule"] =
        conditions["derivedSection"].value("conditionBrowseModule", Json::object());
  }
  const Json interventions = pick();
  if (interventions["protocolSection"].contains("armsInterventionsModule")) {
    protocol["armsInterventionsModule"] =
        interventions["protocolSection"]["armsInterventionsModule"];
    if (interventions.contains("derivedSection")) {
      study["derivedSection"]["interventionBrowseModule"] =
          interventions["derivedSection"].value("interventionBrowseModule", Json::object());
    }
  }
  const Json eligibility = pick();
  if (eligibility["protocolSection"].contains("eligibilityModule")) {
    protocol["eligibilityModule"] = eligibility["protocolSection"]["eligibilityModule"];
  }
  const Json sites = pick();
  if (sites["protocolSection"].contains("contactsLocationsModule")) {
    protocol["contactsLocationsModule"] = sites["protocolSection"]["contactsLocationsModule"];
  }
  if (protocol.contains("statusModule")) {
    ShiftDates(protocol["statusModule"], static_cast<int>(random() % 7) - 3);
  }
  study.erase("resultsSection");  // results belong to the real study only
  study["hasResults"] = false;
  return study.dump();
}

std::uint64_t StudyGenerator::WriteJsonLines(std::uint64_t count,
                                             const std::filesystem::path& out) const {
  std::ofstream file(out, std::ios::trunc);
  std::uint64_t bytes = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::string line = Generate(i);
    file << line << '\n';
    bytes += line.size() + 1;
  }
  if (!file) throw std::runtime_error("cannot write " + out.string());
  return bytes;
}

}  // namespace trialfinder::bench
