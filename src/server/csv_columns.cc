// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/csv_columns.h"

#include <fmt/format.h>

#include <map>
#include <set>
#include <utility>

#include "server/json_access.h"
#include "server/param_list.h"
#include "server/study_fields.h"
#include "text/ascii_case.h"

namespace trialfinder {
namespace {

using Json = nlohmann::ordered_json;

std::string Text(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump();
}

// Non-empty parts joined with `separator`.
std::string Join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

// Each element of a list, made into a cell part, joined with '|'.
template <class Part>
std::string EachOf(const Json& list, Part part) {
  std::vector<std::string> parts;
  if (list.is_array()) {
    for (const Json& element : list) parts.push_back(part(element));
  }
  return Join(parts, "|");
}

const Json& Protocol(const Json& study) { return JsonAt(study, {"protocolSection"}); }

std::string Outcomes(const Json& study, const char* which) {
  return EachOf(JsonAt(Protocol(study), {"outcomesModule", which}), [](const Json& outcome) {
    return Join({Text(JsonAt(outcome, {"measure"})), Text(JsonAt(outcome, {"description"})),
                 Text(JsonAt(outcome, {"timeFrame"}))},
                ", ");
  });
}

// "18 Years to 65 Years (ADULT, OLDER_ADULT)", "18 Years and older
// (ADULT, OLDER_ADULT)", "up to 17 Years (CHILD)".
std::string Age(const Json& study) {
  const Json& eligibility = JsonAt(Protocol(study), {"eligibilityModule"});
  const std::string low = Text(JsonAt(eligibility, {"minimumAge"}));
  const std::string high = Text(JsonAt(eligibility, {"maximumAge"}));
  std::string range = !low.empty() && !high.empty() ? low + " to " + high
                      : !low.empty()                ? low + " and older"
                      : !high.empty()               ? "up to " + high
                                                    : "";
  std::vector<std::string> ages;
  const Json& std_ages = JsonAt(eligibility, {"stdAges"});
  if (std_ages.is_array()) {
    for (const Json& age : std_ages) ages.push_back(Text(age));
  }
  if (ages.empty()) return range;
  return Join({range, "(" + Join(ages, ", ") + ")"}, " ");
}

std::string Design(const Json& study) {
  const Json& info = JsonAt(Protocol(study), {"designModule", "designInfo"});
  std::string masking = Text(JsonAt(info, {"maskingInfo", "masking"}));
  const Json& who = JsonAt(info, {"maskingInfo", "whoMasked"});
  if (!masking.empty() && who.is_array() && !who.empty()) {
    std::vector<std::string> roles;
    for (const Json& role : who) roles.push_back(Text(role));
    masking += " (" + Join(roles, ", ") + ")";
  }
  const std::pair<const char*, std::string> parts[] = {
      {"Allocation", Text(JsonAt(info, {"allocation"}))},
      {"Intervention Model", Text(JsonAt(info, {"interventionModel"}))},
      {"Masking", masking},
      {"Primary Purpose", Text(JsonAt(info, {"primaryPurpose"}))},
      {"Observational Model", Text(JsonAt(info, {"observationalModel"}))},
      {"Time Perspective", Text(JsonAt(info, {"timePerspective"}))}};
  std::vector<std::string> out;
  for (const auto& [label, value] : parts) {
    if (!value.empty()) out.push_back(std::string(label) + ": " + value);
  }
  return Join(out, "|");
}

std::string NctId(const Json& study) {
  return Text(JsonAt(Protocol(study), {"identificationModule", "nctId"}));
}

std::string Documents(const Json& study) {
  const std::string id = NctId(study);
  return EachOf(JsonAt(study, {"documentSection", "largeDocumentModule", "largeDocs"}),
                [&](const Json& document) {
                  const std::string file = Text(JsonAt(document, {"filename"}));
                  const std::string url = file.empty() || id.size() < 2
                                              ? ""
                                              : "https://cdn.clinicaltrials.gov/large-docs/" +
                                                    id.substr(id.size() - 2) + "/" + id + "/" +
                                                    file;
                  return Join({Text(JsonAt(document, {"label"})), url}, ", ");
                });
}

// A field of the protocol section by module and keys.
std::function<std::string(const Json&)> Field(std::initializer_list<const char*> keys) {
  std::vector<const char*> path(keys);
  return [path](const Json& study) {
    const Json* current = &Protocol(study);
    for (const char* key : path) {
      if (!current->is_object() || !current->contains(key)) return std::string();
      current = &(*current)[key];
    }
    if (current->is_array()) {
      std::vector<std::string> values;
      for (const Json& value : *current) values.push_back(Text(value));
      return Join(values, "|");
    }
    return Text(*current);
  };
}

std::string Cell(std::string text) {
  // A cell that a spreadsheet would read as a formula gets a leading
  // apostrophe (OWASP's list: = + - @, and TAB and CR, which some
  // spreadsheets skip before reading the formula).
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
                        text[0] == '\t' || text[0] == '\r')) {
    text = "'" + text;
  }
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    quoted += c;
    if (c == '"') quoted += '"';
  }
  return quoted + "\"";
}

}  // namespace

const std::vector<CsvColumn>& DefaultCsvColumns() {
  static const std::vector<CsvColumn> kColumns = {
      {"NCT Number", NctId},
      {"Study Title", Field({"identificationModule", "briefTitle"})},
      {"Study URL",
       [](const Json& study) { return "https://clinicaltrials.gov/study/" + NctId(study); }},
      {"Acronym", Field({"identificationModule", "acronym"})},
      {"Study Status", Field({"statusModule", "overallStatus"})},
      {"Brief Summary", Field({"descriptionModule", "briefSummary"})},
      {"Study Results",
       [](const Json& study) {
         return JsonAt(study, {"hasResults"}) == true ? std::string("YES") : std::string("NO");
       }},
      {"Conditions", Field({"conditionsModule", "conditions"})},
      {"Interventions",
       [](const Json& study) {
         return EachOf(JsonAt(Protocol(study), {"armsInterventionsModule", "interventions"}),
                       [](const Json& intervention) {
                         const std::string type = Text(JsonAt(intervention, {"type"}));
                         const std::string name = Text(JsonAt(intervention, {"name"}));
                         return type.empty() ? name : type + ": " + name;
                       });
       }},
      {"Primary Outcome Measures",
       [](const Json& study) { return Outcomes(study, "primaryOutcomes"); }},
      {"Secondary Outcome Measures",
       [](const Json& study) { return Outcomes(study, "secondaryOutcomes"); }},
      {"Other Outcome Measures",
       [](const Json& study) { return Outcomes(study, "otherOutcomes"); }},
      {"Sponsor", Field({"sponsorCollaboratorsModule", "leadSponsor", "name"})},
      {"Collaborators",
       [](const Json& study) {
         return EachOf(
             JsonAt(Protocol(study), {"sponsorCollaboratorsModule", "collaborators"}),
             [](const Json& collaborator) { return Text(JsonAt(collaborator, {"name"})); });
       }},
      {"Sex", Field({"eligibilityModule", "sex"})},
      {"Age", Age},
      {"Phases", Field({"designModule", "phases"})},
      {"Enrollment", Field({"designModule", "enrollmentInfo", "count"})},
      {"Funder Type", Field({"sponsorCollaboratorsModule", "leadSponsor", "class"})},
      {"Study Type", Field({"designModule", "studyType"})},
      {"Study Design", Design},
      {"Other IDs",
       [](const Json& study) {
         const Json& ids = JsonAt(Protocol(study), {"identificationModule"});
         std::vector<std::string> out = {Text(JsonAt(ids, {"orgStudyIdInfo", "id"}))};
         const Json& secondary = JsonAt(ids, {"secondaryIdInfos"});
         if (secondary.is_array()) {
           for (const Json& id : secondary) out.push_back(Text(JsonAt(id, {"id"})));
         }
         return Join(out, "|");
       }},
      {"Start Date", Field({"statusModule", "startDateStruct", "date"})},
      {"Primary Completion Date", Field({"statusModule", "primaryCompletionDateStruct", "date"})},
      {"Completion Date", Field({"statusModule", "completionDateStruct", "date"})},
      {"First Posted", Field({"statusModule", "studyFirstPostDateStruct", "date"})},
      {"Results First Posted", Field({"statusModule", "resultsFirstPostDateStruct", "date"})},
      {"Last Update Posted", Field({"statusModule", "lastUpdatePostDateStruct", "date"})},
      {"Locations",
       [](const Json& study) {
         return EachOf(JsonAt(Protocol(study), {"contactsLocationsModule", "locations"}),
                       [](const Json& site) {
                         return Join({Text(JsonAt(site, {"facility"})),
                                      Text(JsonAt(site, {"city"})), Text(JsonAt(site, {"state"})),
                                      Text(JsonAt(site, {"zip"})), Text(JsonAt(site, {"country"}))},
                                     ", ");
                       });
       }},
      {"Study Documents", Documents},
  };
  return kColumns;
}

Result<std::vector<CsvColumn>> ParseCsvColumns(const std::string& fields) {
  std::map<std::string, const CsvColumn*> by_title;
  for (const CsvColumn& column : DefaultCsvColumns()) {
    by_title.emplace(AsciiLowercase(column.title), &column);
  }
  std::vector<CsvColumn> columns;
  const std::vector<std::string> names = SplitParamList(fields);
  if (names.size() > 200) return Status::InvalidArgument("parameter 'fields': at most 200 fields");
  std::set<std::string> seen;
  for (const std::string& given : names) {
    // A column named again adds nothing but size: 200 copies of
    // protocolSection made a 3 kB request answer 1 GB (issue 20).
    if (!seen.insert(AsciiLowercase(given)).second) continue;
    if (auto column = by_title.find(AsciiLowercase(given)); column != by_title.end()) {
      columns.push_back(*column->second);
      continue;
    }
    Result<std::vector<FieldPath>> path = ParseFields(given);
    if (!path.ok()) {
      return Status::InvalidArgument("parameter 'fields': '" + given +
                                     "' is no CSV column (NCT Number, Study Title, Conditions, "
                                     "Locations, ...) or field");
    }
    for (const FieldPath& field : *path) {
      columns.push_back({field.name, [field](const Json& study) {
                           return fmt::format("{}", fmt::join(LeafValues(study, field), "|"));
                         }});
    }
  }
  if (columns.empty()) return Status::InvalidArgument("parameter 'fields': empty");
  return columns;
}

std::string CsvHeader(const std::vector<CsvColumn>& columns) {
  std::string line;
  for (std::size_t i = 0; i < columns.size(); ++i) line += (i ? "," : "") + Cell(columns[i].title);
  return line + "\r\n";
}

std::string CsvRow(const Json& study, const std::vector<CsvColumn>& columns) {
  std::string line;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    line += (i ? "," : "") + Cell(columns[i].cell(study));
  }
  return line + "\r\n";
}

}  // namespace trialfinder
