// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.

#include "server/results_view.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <vector>

namespace trialfinder {
namespace {

using Json = nlohmann::json;

// A field as text: strings as they are, numbers as JSON writes them.
std::string Text(const Json& object, const char* key) {
  if (!object.is_object() || !object.contains(key)) return "";
  const Json& value = object[key];
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number()) return value.dump();
  return "";
}

long Number(const Json& object, const char* key) {
  if (!object.is_object() || !object.contains(key)) return -1;
  const Json& value = object[key];
  if (value.is_number_integer()) return value.get<long>();
  if (value.is_string()) {
    try {
      return std::stol(value.get<std::string>());
    } catch (const std::exception&) {
      return -1;
    }
  }
  return -1;
}

Json Array(const Json& object, const char* key) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_array()) {
    return Json::array();
  }
  return object[key];
}

// "STANDARD_DEVIATION", "Standard Deviation" -> "STANDARD DEVIATION".
std::string Key(std::string code) {
  for (char& c : code) c = c == '_' || c == '-' ? ' ' : static_cast<char>(std::toupper(c));
  return code;
}

std::string Words(const std::string& code) {
  std::string words;
  for (char c : code) words += c == '_' ? ' ' : static_cast<char>(std::tolower(c));
  if (!words.empty()) words[0] = static_cast<char>(std::toupper(words[0]));
  return words;
}

// Group id -> title, for a measure's or a module's groups.
std::map<std::string, std::string> GroupTitles(const Json& groups) {
  std::map<std::string, std::string> titles;
  for (const Json& group : groups) {
    const std::string id = Text(group, "id");
    const std::string title = Text(group, "title");
    titles[id] = title.empty() ? id : title;
  }
  return titles;
}

// A measurement as posted: "12.3 (4.1)", "12 (8 to 15)", "–" when none.
std::string MeasureValue(const Json& measurement) {
  std::string value = Text(measurement, "value");
  const std::string spread = Text(measurement, "spread");
  const std::string lower = Text(measurement, "lowerLimit");
  const std::string upper = Text(measurement, "upperLimit");
  if (!spread.empty()) value += " (" + spread + ")";
  if (!lower.empty() || !upper.empty()) {
    value += " (" + (lower.empty() ? std::string("?") : lower) + " to " +
             (upper.empty() ? std::string("?") : upper) + ")";
  }
  if (const std::string comment = Text(measurement, "comment"); value.empty() && !comment.empty()) {
    return "not given";
  }
  return value.empty() ? "–" : value;
}

// One posted statistical analysis in a sentence: "Placebo vs Repaglinide:
// difference of LS mean 1.8 (95% CI -2.16 to 5.73), p = 0.366 (t-test, 2
// sided)".
std::string AnalysisSentence(const Json& analysis,
                             const std::map<std::string, std::string>& groups) {
  std::vector<std::string> compared;
  for (const Json& id : Array(analysis, "groupIds")) {
    if (!id.is_string()) continue;
    auto found = groups.find(id.get<std::string>());
    compared.push_back(found == groups.end() ? id.get<std::string>() : found->second);
  }
  // "Groups compared", not "A vs B": which way an estimate runs (CZP /
  // placebo or placebo - CZP) is the study team's to say, in its
  // description, not the order of the group ids.
  std::string sentence;
  for (std::size_t i = 0; i < compared.size(); ++i) {
    sentence += (i == 0                     ? "Groups compared: "
                 : i + 1 == compared.size() ? " and "
                                            : ", ") +
                compared[i];
  }
  sentence += sentence.empty() ? "" : ". ";
  std::vector<std::string> parts;
  const std::string estimate = Text(analysis, "paramValue");
  if (!estimate.empty()) {
    std::string part = Text(analysis, "paramType");
    part += (part.empty() ? "estimate " : " ") + estimate;
    const std::string lower = Text(analysis, "ciLowerLimit");
    const std::string upper = Text(analysis, "ciUpperLimit");
    if (!lower.empty() && !upper.empty()) {
      const std::string percent = Text(analysis, "ciPctValue");
      part += " (" + (percent.empty() ? std::string("") : percent + "% ") + "CI " + lower + " to " +
              upper + ")";
    }
    parts.push_back(part);
  }
  if (const std::string p = Text(analysis, "pValue"); !p.empty()) {
    const bool has_sign = p[0] == '<' || p[0] == '>' || p[0] == '=';
    parts.push_back(std::string("p ") + (has_sign ? "" : "= ") + p);
  }
  if (const std::string method = Text(analysis, "statisticalMethod"); !method.empty()) {
    parts.push_back("by " + method);
  }
  if (parts.empty()) return "";
  for (std::size_t i = 0; i < parts.size(); ++i) sentence += (i == 0 ? "" : ", ") + parts[i];
  sentence += ".";
  // The team's own words on what was compared, when and which way.
  for (const char* key :
       {"groupDescription", "estimateComment", "pValueComment", "statisticalComment"}) {
    std::string words = Text(analysis, key);
    if (words.empty()) continue;
    // Long notes are shortened at a word, and say so (user test: "49
    // patients are re..." cut mid-word at 300 bytes).
    constexpr std::size_t kLongest = 600;
    if (words.size() > kLongest) {
      const std::size_t space = words.rfind(' ', kLongest);
      words = words.substr(0, space == std::string::npos ? kLongest : space) +
              " ... (shortened; the record has the rest)";
    }
    sentence += " " + words + (words.back() == '.' ? "" : ".");
  }
  return sentence;
}

// One table per measure: rows are classes/categories, columns the groups.
Json MeasureTable(const Json& measure, const std::string& caption) {
  const Json groups = Array(measure, "groups");
  Json columns = Json::array();
  std::vector<std::string> group_ids;
  for (const Json& group : groups) {
    columns.push_back(Text(group, "title").empty() ? Text(group, "id") : Text(group, "title"));
    group_ids.push_back(Text(group, "id"));
  }
  Json rows = Json::array();
  std::set<std::string> footnotes;  // the team's notes on values ("below the level of ...")
  bool not_available = false;
  // How many were analysed in each group, when posted.
  for (const Json& denom : Array(measure, "denoms")) {
    Json cells = Json::array();
    for (const std::string& id : group_ids) {
      std::string cell = "–";
      for (const Json& count : Array(denom, "counts")) {
        if (Text(count, "groupId") == id) cell = Text(count, "value");
      }
      cells.push_back(cell);
    }
    const std::string units = Text(denom, "units");
    rows.push_back({{"label", (units.empty() ? std::string("Participants") : units) + " analysed"},
                    {"cells", cells}});
  }
  for (const Json& measure_class : Array(measure, "classes")) {
    for (const Json& category : Array(measure_class, "categories")) {
      std::string label = Text(measure_class, "title");
      const std::string category_title = Text(category, "title");
      if (!category_title.empty()) label += (label.empty() ? "" : ": ") + category_title;
      Json cells = Json::array();
      for (const std::string& id : group_ids) {
        std::string cell = "–";
        for (const Json& m : Array(category, "measurements")) {
          if (Text(m, "groupId") != id) continue;
          cell = MeasureValue(m);
          if (const std::string comment = Text(m, "comment"); !comment.empty()) {
            footnotes.insert(comment);
          }
        }
        if (cell.find("NA") != std::string::npos) not_available = true;
        cells.push_back(cell);
      }
      const std::string fallback = Text(measure, "title");
      rows.push_back({{"label", !label.empty()     ? label
                                : fallback.empty() ? std::string("Value")
                                                   : fallback},
                      {"cells", cells}});
    }
  }
  // "Mean (SD)": the statistic and what the number in brackets is.
  std::string corner = ParameterLabel(Text(measure, "paramType"));
  const std::string dispersion = DispersionLabel(Text(measure, "dispersionType"));
  if (!dispersion.empty()) corner += (corner.empty() ? "Value (" : " (") + dispersion + ")";
  std::string note;
  if (const std::string unit = Text(measure, "unitOfMeasure"); !unit.empty()) {
    note = "Unit: " + unit + ".";
  }
  if (const std::string frame = Text(measure, "timeFrame"); !frame.empty()) {
    note += (note.empty() ? "" : " ") + std::string("Time frame: ") + frame +
            (frame.back() == '.' ? "" : ".");
  }
  Json notes = Json::array();
  if (not_available) {
    notes.push_back(
        "NA: the study team posted no number here (for a median, this often means it was not "
        "reached).");
  }
  for (const std::string& footnote : footnotes)
    notes.push_back("Note from the study team: " + footnote);
  const std::map<std::string, std::string> titles = GroupTitles(groups);
  Json analyses = Json::array();
  for (const Json& analysis : Array(measure, "analyses")) {
    if (std::string sentence = AnalysisSentence(analysis, titles); !sentence.empty()) {
      analyses.push_back(std::move(sentence));
    }
  }
  Json table = {
      {"caption", caption},   {"corner", corner.empty() ? std::string("Measure") : corner},
      {"columns", columns},   {"rows", rows},
      {"analyses", analyses}, {"has_analyses", !analyses.empty()},
      {"footnotes", notes}};
  if (!note.empty()) table["note"] = note;
  return table;
}

Json FlowTables(const Json& flow) {
  Json tables = Json::array();
  Json columns = Json::array();
  std::vector<std::string> ids;
  for (const Json& group : Array(flow, "groups")) {
    columns.push_back(Text(group, "title"));
    ids.push_back(Text(group, "id"));
  }
  for (const Json& period : Array(flow, "periods")) {
    Json rows = Json::array();
    for (const Json& milestone : Array(period, "milestones")) {
      Json cells = Json::array();
      for (const std::string& id : ids) {
        std::string cell = "–";
        for (const Json& a : Array(milestone, "achievements")) {
          if (Text(a, "groupId") == id) cell = Text(a, "numSubjects");
        }
        cells.push_back(cell.empty() ? "–" : cell);
      }
      rows.push_back({{"label", Words(Text(milestone, "type"))}, {"cells", cells}});
    }
    tables.push_back({{"caption", "Participant flow: " + Text(period, "title")},
                      {"corner", "Milestone"},
                      {"columns", columns},
                      {"rows", rows}});
  }
  return tables;
}

// "12 / 75 (16%)".
std::string Affected(long affected, long at_risk) {
  if (affected < 0) return "–";
  std::string cell =
      std::to_string(affected) + " / " + (at_risk < 0 ? std::string("?") : std::to_string(at_risk));
  if (at_risk > 0) {
    const long percent = (affected * 100 + at_risk / 2) / at_risk;
    // One in 243 is not none: "<1%", never "0%", for a count above zero.
    cell += affected > 0 && percent == 0 ? " (<1%)" : " (" + std::to_string(percent) + "%)";
  }
  return cell;
}

Json EventTotalsTable(const Json& events) {
  Json columns = Json::array();
  Json deaths = Json::array(), serious = Json::array(), other = Json::array();
  for (const Json& group : Array(events, "eventGroups")) {
    columns.push_back(Text(group, "title"));
    deaths.push_back(
        Affected(Number(group, "deathsNumAffected"), Number(group, "deathsNumAtRisk")));
    serious.push_back(
        Affected(Number(group, "seriousNumAffected"), Number(group, "seriousNumAtRisk")));
    other.push_back(Affected(Number(group, "otherNumAffected"), Number(group, "otherNumAtRisk")));
  }
  Json table = {{"caption", "Adverse events: participants affected / at risk"},
                {"corner", "Events"},
                {"columns", columns},
                {"rows", Json::array({{{"label", "Deaths"}, {"cells", deaths}},
                                      {{"label", "Serious adverse events"}, {"cells", serious}},
                                      {{"label", "Other adverse events"}, {"cells", other}}})}};
  if (const std::string frame = Text(events, "timeFrame"); !frame.empty()) {
    table["note"] = "Time frame: " + frame + (frame.back() == '.' ? "" : ".");
  }
  return table;
}

// Serious or other events by term, the most frequent first.
std::optional<Json> EventTermsTable(const Json& events, const char* key, const std::string& kind) {
  const Json terms = Array(events, key);
  if (terms.empty()) return std::nullopt;
  std::vector<std::string> ids;
  Json columns = Json::array();
  for (const Json& group : Array(events, "eventGroups")) {
    columns.push_back(Text(group, "title"));
    ids.push_back(Text(group, "id"));
  }
  struct Row {
    std::string label;
    long total = 0;
    Json cells;
  };
  std::vector<Row> rows;
  for (const Json& term : terms) {
    Row row{Text(term, "term"), 0, Json::array()};
    if (const std::string system = Text(term, "organSystem"); !system.empty()) {
      row.label += " (" + system + ")";
    }
    for (const std::string& id : ids) {
      std::string cell = "–";
      for (const Json& stat : Array(term, "stats")) {
        if (Text(stat, "groupId") != id) continue;
        const long affected = Number(stat, "numAffected");
        cell = Affected(affected, Number(stat, "numAtRisk"));
        row.total += std::max(0L, affected);
      }
      row.cells.push_back(cell);
    }
    rows.push_back(std::move(row));
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.total > b.total; });
  Json table_rows = Json::array();
  for (std::size_t i = 0; i < rows.size() && i < kMaxEventTerms; ++i) {
    table_rows.push_back({{"label", rows[i].label}, {"cells", rows[i].cells}});
  }
  Json table = {{"caption", kind + " adverse events by term: participants affected / at risk"},
                {"corner", "Event (body system)"},
                {"columns", columns},
                {"rows", table_rows}};
  if (rows.size() > kMaxEventTerms) {
    table["more"] = std::to_string(rows.size() - kMaxEventTerms) +
                    " less frequent terms are not shown here; ClinicalTrials.gov lists them all.";
  }
  return table;
}

}  // namespace

std::string DispersionLabel(const std::string& code) {
  static const std::map<std::string, std::string> kLabels = {
      {"STANDARD DEVIATION", "SD"},
      {"STANDARD ERROR", "SE"},
      {"STANDARD ERROR OF MEAN", "SE"},
      {"INTER QUARTILE RANGE", "IQR"},
      {"INTERQUARTILE RANGE", "IQR"},
      {"FULL RANGE", "full range"},
      {"GEOMETRIC COEFFICIENT OF VARIATION", "geometric CV"},
      {"COEFFICIENT OF VARIATION", "CV"},
      {"CONFIDENCE INTERVAL 80", "80% CI"},
      {"CONFIDENCE INTERVAL 90", "90% CI"},
      {"CONFIDENCE INTERVAL 95", "95% CI"},
      {"CONFIDENCE INTERVAL 97", "97% CI"},
      {"CONFIDENCE INTERVAL 99", "99% CI"},
  };
  if (code.empty()) return "";
  const std::string key = Key(code);
  if (auto found = kLabels.find(key); found != kLabels.end()) return found->second;
  // "95% Confidence Interval", "84% CONFIDENCE INTERVAL".
  if (const std::size_t percent = key.find("% CONFIDENCE INTERVAL"); percent != std::string::npos) {
    return key.substr(0, percent) + "% CI";
  }
  std::string words = Words(code);
  if (!words.empty()) words[0] = static_cast<char>(std::tolower(words[0]));
  return words;
}

std::string ParameterLabel(const std::string& code) { return Words(code); }

Json ResultsTablesView(const Json& record) {
  if (!record.is_object() || !record.contains("resultsSection") ||
      !record["resultsSection"].is_object()) {
    return nullptr;
  }
  const Json& results = record["resultsSection"];
  Json tables = Json::array();
  if (results.contains("participantFlowModule")) {
    for (Json& table : FlowTables(results["participantFlowModule"]))
      tables.push_back(std::move(table));
  }
  if (results.contains("baselineCharacteristicsModule")) {
    const Json& baseline = results["baselineCharacteristicsModule"];
    for (Json measure : Array(baseline, "measures")) {
      measure["groups"] = Array(baseline, "groups");
      tables.push_back(MeasureTable(measure, "Baseline: " + Text(measure, "title")));
    }
  }
  if (results.contains("outcomeMeasuresModule")) {
    for (const Json& measure : Array(results["outcomeMeasuresModule"], "outcomeMeasures")) {
      const std::string type = Words(Text(measure, "type"));
      tables.push_back(
          MeasureTable(measure, (type.empty() ? std::string("Outcome") : type + " outcome") + ": " +
                                    Text(measure, "title")));
    }
  }
  if (results.contains("adverseEventsModule")) {
    const Json& events = results["adverseEventsModule"];
    tables.push_back(EventTotalsTable(events));
    if (std::optional<Json> serious = EventTermsTable(events, "seriousEvents", "Serious")) {
      tables.push_back(std::move(*serious));
    }
    if (std::optional<Json> other = EventTermsTable(events, "otherEvents", "Other")) {
      tables.push_back(std::move(*other));
    }
  }
  if (tables.empty()) return nullptr;
  return {{"tables", tables}};
}

std::optional<PostedResults> SummarizeResults(const Json& record) {
  if (!record.is_object() || !record.contains("resultsSection") ||
      !record["resultsSection"].is_object()) {
    return std::nullopt;
  }
  const Json& results = record["resultsSection"];
  PostedResults summary;
  if (results.contains("outcomeMeasuresModule")) {
    const Json measures = Array(results["outcomeMeasuresModule"], "outcomeMeasures");
    summary.outcome_measures = static_cast<int>(measures.size());
    for (const Json& measure : measures) {
      if (Key(Text(measure, "type")) == "PRIMARY" && summary.primary_outcome.empty()) {
        summary.primary_outcome = Text(measure, "title");
      }
    }
  }
  return summary;
}

}  // namespace trialfinder
