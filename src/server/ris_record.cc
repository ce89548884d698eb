// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/ris_record.h"

#include <set>
#include <utility>
#include <vector>

#include "server/json_access.h"
#include "server/param_list.h"
#include "text/ascii_case.h"

namespace trialfinder {
namespace {

using Json = nlohmann::ordered_json;

// One line of text: RIS values cannot span lines.
std::string OneLine(const Json& value) {
  if (!value.is_string()) return "";
  std::string text;
  for (char c : value.get<std::string>()) text += (c == '\r' || c == '\n') ? ' ' : c;
  return text;
}

constexpr const char* kTags[] = {"TI", "ST", "AU", "PB", "PY", "DA", "KW", "AB", "UR", "DB", "AN"};

}  // namespace

Result<std::string> RisRecord(const Json& study, const std::string& tags) {
  std::set<std::string> wanted;
  for (const std::string& given : SplitParamList(tags)) {
    const std::string tag = AsciiUppercase(given);
    if (tag == "TY" || tag == "ER") continue;
    if (std::find(std::begin(kTags), std::end(kTags), tag) == std::end(kTags)) {
      return Status::InvalidArgument("parameter 'fields': '" + tag +
                                     "' is no RIS tag (TI, ST, AU, PB, PY, DA, KW, AB, UR, DB, "
                                     "AN)");
    }
    wanted.insert(tag);
  }
  const Json& protocol = JsonAt(study, {"protocolSection"});
  const std::string id = OneLine(JsonAt(protocol, {"identificationModule", "nctId"}));
  std::vector<std::pair<std::string, std::string>> lines;
  auto add = [&](const char* tag, const std::string& value) {
    if (!value.empty() && (wanted.empty() || wanted.count(tag))) lines.emplace_back(tag, value);
  };
  add("TI", OneLine(JsonAt(protocol, {"identificationModule", "briefTitle"})));
  add("ST", OneLine(JsonAt(protocol, {"identificationModule", "acronym"})));
  const Json& officials = JsonAt(protocol, {"contactsLocationsModule", "overallOfficials"});
  if (officials.is_array()) {
    for (const Json& official : officials) add("AU", OneLine(JsonAt(official, {"name"})));
  }
  add("PB", OneLine(JsonAt(protocol, {"sponsorCollaboratorsModule", "leadSponsor", "name"})));
  const std::string posted =
      OneLine(JsonAt(protocol, {"statusModule", "studyFirstPostDateStruct", "date"}));
  add("PY", posted.substr(0, 4));
  add("DA", posted);
  for (const char* list : {"conditions", "keywords"}) {
    const Json& words = JsonAt(protocol, {"conditionsModule", list});
    if (words.is_array()) {
      for (const Json& word : words) add("KW", OneLine(word));
    }
  }
  add("AB", OneLine(JsonAt(protocol, {"descriptionModule", "briefSummary"})));
  if (!id.empty()) add("UR", "https://clinicaltrials.gov/study/" + id);
  add("DB", "ClinicalTrials.gov");
  add("AN", id);
  std::string out = "TY  - DBASE\r\n";
  for (const auto& [tag, value] : lines) out += tag + "  - " + value + "\r\n";
  return out + "ER  - \r\n";
}

}  // namespace trialfinder
