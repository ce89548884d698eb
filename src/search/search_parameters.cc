// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Search parameters from name/value pairs (HTTP query strings, CLI flags).

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <regex>
#include <sstream>

#include "search/advanced_filter.h"
#include "text/ascii_case.h"
#include "trialfinder/partial_date.h"
#include "trialfinder/search.h"
#include "trialfinder/study_json.h"
#include "trialfinder/study_pieces.h"
#include "trialfinder/study_schema.h"

namespace trialfinder {

namespace {
// The longest text a query.* parameter takes (bytes); query.patient, a
// case note, may be longer.
constexpr std::size_t kMaxTextBytes = 2000;
constexpr std::size_t kMaxPatientTextBytes = 20000;

// Words for checking an expression's syntax: none are looked up.
const FieldWordsQuery kNoWords = [](const std::string&, const std::string&, Expansion) {
  return std::optional<Xapian::Query>();
};
}  // namespace
namespace {

std::string Trim(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  std::string item;
  for (char c : text + ",") {
    if (c == ',' || c == '|') {
      if (!Trim(item).empty()) items.push_back(Trim(item));
      item.clear();
    } else {
      item += c;
    }
  }
  return items;
}

Status BadParameter(const std::string& name, const std::string& problem) {
  return Status::InvalidArgument("parameter '" + name + "': " + problem);
}

std::string Join(schema::EnumValues values) { return fmt::format("{}", fmt::join(values, ", ")); }

// "1", "Phase 1", "phase_2", "Phase 0" -> PHASE1, PHASE1, PHASE2, EARLY_PHASE1.
std::string NormalizePhase(std::string item) {
  if (item.size() == 1 && std::isdigit(static_cast<unsigned char>(item[0]))) item = "PHASE" + item;
  if (item.rfind("PHASE_", 0) == 0) item = "PHASE" + item.substr(6);
  if (item == "EARLY_PHASE_1" || item == "PHASE0") item = "EARLY_PHASE1";
  if (item == "N/A") item = "NA";
  return item;
}

// A list of enumeration values, in any case, words joined by spaces or '_'.
Result<std::vector<std::string>> EnumList(const std::string& name, const std::string& text,
                                          schema::EnumValues allowed, bool phases = false) {
  std::vector<std::string> values;
  for (std::string item : SplitList(text)) {
    item = AsciiUppercase(item);
    std::replace(item.begin(), item.end(), ' ', '_');
    if (phases) item = NormalizePhase(item);
    if (std::find(allowed.begin(), allowed.end(), item) == allowed.end()) {
      return BadParameter(name,
                          "unknown value '" + item + "' (expected one of " + Join(allowed) + ")");
    }
    values.push_back(item);
  }
  return values;
}

Result<double> Number(const std::string& name, const std::string& text) {
  double value = 0;
  const std::string trimmed = Trim(text);
  auto [end, error] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), value);
  if (error != std::errc() || end != trimmed.data() + trimmed.size() || !std::isfinite(value)) {
    return BadParameter(name, "'" + text + "' is not a number");
  }
  return value;
}

Result<bool> Boolean(const std::string& name, const std::string& text) {
  const std::string value = AsciiUppercase(Trim(text));
  if (value == "TRUE" || value == "YES" || value == "1") return true;
  if (value == "FALSE" || value == "NO" || value == "0") return false;
  return BadParameter(name, "'" + text + "' is not true or false");
}

// "2020-01-01..2024-12-31", "2020..", "..2024-06" or a single date.
Result<DateRange> Dates(const std::string& name, const std::string& text) {
  DateRange range;
  const std::size_t dots = text.find("..");
  if (dots == std::string::npos) {
    range.from = range.to = Trim(text);
  } else {
    range.from = Trim(text.substr(0, dots));
    range.to = Trim(text.substr(dots + 2));
  }
  for (const std::string* date : {&range.from, &range.to}) {
    if (!date->empty() && !PartialDate::Parse(*date)) {
      return BadParameter(name, "'" + *date + "' is not a date like 2024, 2024-06 or 2024-06-30");
    }
  }
  if (range.empty()) return BadParameter(name, "give a date or a range FROM..TO");
  return range;
}

// "LastUpdatePostDate:desc", "@relevance", "StartDate", "EnrollmentCount:asc",
// "distance", or any date, number or age piece ("CompletionDate",
// "MinimumAge"). As the specification says: dates and relevance descend
// by default, numbers ascend; at most two keys; studies without the value
// last. Pieces sort by their own value ("lastUpdate", trialfinder's short
// name, by the post date or else the submit date).
Result<std::vector<SortKey>> SortKeys(const std::string& name, const std::string& text) {
  static const std::map<std::string, SortField> kFields = {
      {"@RELEVANCE", SortField::kRelevance},  {"RELEVANCE", SortField::kRelevance},
      {"LASTUPDATE", SortField::kLastUpdate}, {"ENROLLMENT", SortField::kEnrollment},
      {"DISTANCE", SortField::kDistance},     {"@DISTANCE", SortField::kDistance}};
  std::vector<SortKey> keys;
  for (const std::string& item : SplitList(text)) {
    const std::size_t colon = item.find(':');
    const std::string given = Trim(item.substr(0, colon));
    SortKey key;
    if (auto found = kFields.find(AsciiUppercase(given)); found != kFields.end()) {
      key.field = found->second;
    } else if (const Piece* piece = FindPiece(given);
               piece &&
               (piece->type == PieceType::kDate || piece->type == PieceType::kInteger ||
                piece->type == PieceType::kNumber || piece->type == PieceType::kAge) &&
               piece->name != "LocationGeoPoint") {
      key.field = SortField::kPiece;
      key.piece = piece;
    } else {
      return BadParameter(name, "cannot sort by '" + given +
                                    "': only @relevance, distance and date or numeric fields "
                                    "(LastUpdatePostDate, StartDate, EnrollmentCount, "
                                    "CompletionDate, MinimumAge, ...)");
    }
    key.descending = key.field == SortField::kRelevance || key.field == SortField::kLastUpdate ||
                     key.field == SortField::kStartDate ||
                     (key.piece && key.piece->type == PieceType::kDate);
    if (colon != std::string::npos) {
      const std::string direction = AsciiUppercase(Trim(item.substr(colon + 1)));
      if (direction != "ASC" && direction != "DESC") {
        return BadParameter(name, "sort direction must be asc or desc, not '" + direction + "'");
      }
      key.descending = direction == "DESC";
    }
    keys.push_back(key);
  }
  if (keys.size() > 2) return BadParameter(name, "at most two sort keys");
  return keys;
}

// aggFilters=phase:2 3,status:rec not,sex:f,healthy:y,studyType:int,results:with,ages:adult
Status ApplyAggregationFilters(const std::string& text, SearchQuery& query) {
  static const std::map<std::string, std::map<std::string, std::string>> kValues = {
      {"phase",
       {{"0", "EARLY_PHASE1"},
        {"1", "PHASE1"},
        {"2", "PHASE2"},
        {"3", "PHASE3"},
        {"4", "PHASE4"},
        {"na", "NA"}}},
      {"status",
       {{"rec", "RECRUITING"},
        {"not", "NOT_YET_RECRUITING"},
        {"act", "ACTIVE_NOT_RECRUITING"},
        {"enr", "ENROLLING_BY_INVITATION"},
        {"com", "COMPLETED"},
        {"sus", "SUSPENDED"},
        {"ter", "TERMINATED"},
        {"wit", "WITHDRAWN"},
        {"unk", "UNKNOWN"},
        {"ava", "AVAILABLE"},
        {"nla", "NO_LONGER_AVAILABLE"},
        {"tna", "TEMPORARILY_NOT_AVAILABLE"},
        {"afm", "APPROVED_FOR_MARKETING"},
        {"whe", "WITHHELD"}}},
      {"studyType",
       {{"int", "INTERVENTIONAL"}, {"obs", "OBSERVATIONAL"}, {"exp", "EXPANDED_ACCESS"}}},
      {"ages", {{"child", "CHILD"}, {"adult", "ADULT"}, {"older", "OLDER_ADULT"}}},
      {"sex", {{"f", "FEMALE"}, {"m", "MALE"}, {"a", "ALL"}}},
      {"healthy", {{"y", "1"}, {"n", "0"}}},
      {"results", {{"with", "1"}, {"without", "0"}}},
      // The lead sponsor's class; "other" is every class but these three.
      {"funderType",
       {{"nih", "NIH"},
        {"fed", "FED"},
        {"industry", "INDUSTRY"},
        {"other", "OTHER OTHER_GOV INDIV NETWORK AMBIG UNKNOWN"}}},
      // Documents posted with the study: protocol, statistical analysis
      // plan, informed consent form.
      {"docs", {{"prot", "PROTOCOL"}, {"sap", "SAP"}, {"icf", "ICF"}}},
  };
  for (const std::string& filter : SplitList(text)) {
    const std::size_t colon = filter.find(':');
    const std::string name = Trim(filter.substr(0, colon));
    auto known = kValues.find(name);
    if (colon == std::string::npos || known == kValues.end()) {
      return BadParameter("aggFilters",
                          "unknown filter '" + filter +
                              "' (supported: phase, status, studyType, ages, sex, healthy, "
                              "results, funderType, docs)");
    }
    std::istringstream values(filter.substr(colon + 1));
    std::string funders;
    for (std::string code; values >> code;) {
      auto value = known->second.find(code);
      if (value == known->second.end()) {
        return BadParameter("aggFilters", "unknown value '" + code + "' for " + name);
      }
      const std::string& v = value->second;
      if (name == "phase") query.phase.push_back(v);
      if (name == "status") query.overall_status.push_back(v);
      if (name == "studyType") query.study_type.push_back(v);
      if (name == "ages") query.std_ages.push_back(v);
      if (name == "sex") query.sex = v;
      if (name == "healthy") query.healthy_volunteers = v == "1";
      if (name == "results") query.has_results = v == "1";
      if (name == "funderType") funders += (funders.empty() ? "" : " OR ") + v;
      if (name == "docs") query.documents.push_back(v);
    }
    if (!funders.empty()) {
      // Several values are any of them, as for the other filters.
      std::string any;
      std::istringstream classes(funders);
      for (std::string word; classes >> word;) {
        if (word != "OR") any += (any.empty() ? "" : " OR ") + word;
      }
      const std::string area = "AREA[LeadSponsorClass](" + any + ")";
      query.advanced = query.advanced.empty() ? area : "(" + query.advanced + ") AND " + area;
    }
  }
  return Status::Ok();
}

std::string ShortName(const std::string& name) {
  for (const char* prefix : {"query.", "filter."}) {
    if (name.rfind(prefix, 0) == 0) return name.substr(std::string(prefix).size());
  }
  return name;
}

}  // namespace

Result<GeoDistance> ParseGeoDistance(const std::string& text) {
  const std::string name = "filter.geo";
  const std::string trimmed = Trim(text);
  if (trimmed.rfind("distance(", 0) != 0 || trimmed.back() != ')') {
    return BadParameter(name,
                        "expected distance(latitude,longitude,radius) such as "
                        "distance(39.0,-77.1,50mi), got '" +
                            text + "'");
  }
  std::vector<std::string> parts = SplitList(trimmed.substr(9, trimmed.size() - 10));
  if (parts.size() != 3)
    return BadParameter(name, "distance() takes latitude, longitude and radius");
  Result<double> latitude = Number(name, parts[0]);
  Result<double> longitude = Number(name, parts[1]);
  if (!latitude.ok()) return latitude.status();
  if (!longitude.ok()) return longitude.status();
  if (std::abs(*latitude) > 90 || std::abs(*longitude) > 180) {
    return BadParameter(name, "latitude must be within ±90 and longitude within ±180");
  }
  std::string radius = parts[2];
  double factor = 1;
  const std::string unit = radius.size() >= 2 ? radius.substr(radius.size() - 2) : "";
  if (unit == "mi") factor = 1.609344;
  if (unit == "mi" || unit == "km") radius = radius.substr(0, radius.size() - 2);
  Result<double> amount = Number(name, radius);
  if (!amount.ok()) return amount.status();
  if (*amount <= 0 || *amount * factor > 20100) {
    return BadParameter(name,
                        "the radius must be positive and at most half the Earth's circumference");
  }
  return GeoDistance{*latitude, *longitude, *amount * factor};
}

namespace {

// The NCT IDs of the first query.* text that holds only NCT IDs (comma-
// and/or space-separated), which is then cleared; nullopt when none does.
std::optional<std::vector<std::string>> OnlyNctIds(SearchQuery& query) {
  for (std::string* text : {&query.cond, &query.term, &query.intr, &query.titles, &query.outc,
                            &query.spons, &query.lead, &query.id, &query.locn, &query.patient}) {
    std::vector<std::string> ids;
    std::string item;
    bool only_ids = true;
    for (char c : *text + " ") {
      if (c == ' ' || c == ',' || c == '\t') {
        if (item.empty()) continue;
        if (CanonicalNctId(item).empty()) only_ids = false;
        ids.push_back(AsciiUppercase(item));
        item.clear();
      } else {
        item += c;
      }
    }
    if (only_ids && !ids.empty()) {
      text->clear();
      return ids;
    }
  }
  return std::nullopt;
}

// `query` with its texts, sort and paging but none of its filters.
SearchQuery WithoutFilters(SearchQuery query) {
  SearchQuery kept;
  for (auto member :
       {&SearchQuery::cond, &SearchQuery::term, &SearchQuery::intr, &SearchQuery::titles,
        &SearchQuery::outc, &SearchQuery::spons, &SearchQuery::lead, &SearchQuery::id,
        &SearchQuery::locn, &SearchQuery::patient, &SearchQuery::about, &SearchQuery::inclusion,
        &SearchQuery::exclusion, &SearchQuery::page_token}) {
    kept.*member = std::move(query.*member);
  }
  kept.relevance_texts = std::move(query.relevance_texts);
  kept.sort = std::move(query.sort);
  kept.page_size = query.page_size;
  kept.count_facets = query.count_facets;
  kept.facet_sample = query.facet_sample;
  kept.exact_total = query.exact_total;
  // Sorting by distance needs the point it measures from.
  kept.geo = query.geo;
  return kept;
}

}  // namespace

Result<SearchQuery> ParseSearchParameters(
    const std::vector<std::pair<std::string, std::string>>& given) {
  // postFilter.* has filter.*'s effect (the specification: both exist "to
  // simplify applying parameters from search request"). Both for one
  // filter with different values would need both applied: refused.
  std::vector<std::pair<std::string, std::string>> parameters;
  std::map<std::string, std::string> filters;
  for (const auto& [name, value] : given) {
    std::string as_filter = name;
    if (name.rfind("postFilter.", 0) == 0) as_filter = "filter." + name.substr(11);
    if (as_filter.rfind("filter.", 0) == 0) {
      const auto [known, added] = filters.emplace(as_filter, value);
      if (!added && known->second != value && as_filter != name) {
        return BadParameter(name,
                            "differs from " + as_filter + "; give one of them (they filter alike)");
      }
    }
    parameters.emplace_back(as_filter, value);
  }
  SearchQuery query;
  const std::map<std::string, std::string*> text_fields = {{"cond", &query.cond},
                                                           {"term", &query.term},
                                                           {"intr", &query.intr},
                                                           {"titles", &query.titles},
                                                           {"outc", &query.outc},
                                                           {"spons", &query.spons},
                                                           {"lead", &query.lead},
                                                           {"id", &query.id},
                                                           {"locn", &query.locn},
                                                           {"patient", &query.patient},
                                                           {"about", &query.about},
                                                           {"country", &query.country},
                                                           {"state", &query.state},
                                                           {"city", &query.city},
                                                           {"pageToken", &query.page_token},
                                                           {"inclusion", &query.inclusion},
                                                           {"exclusion", &query.exclusion}};
  for (const auto& [name, value] : parameters) {
    const std::string key = ShortName(name);
    if (auto field = text_fields.find(key); field != text_fields.end()) {
      // Every word costs posting-list reads, and pages copy the text into
      // each link: 10,000 words took 1.5 s and slowed every other search.
      const std::size_t limit = key == "patient" ? kMaxPatientTextBytes : kMaxTextBytes;
      if (value.size() > limit) {
        return Status::InvalidArgument("parameter '" + name + "': " + std::to_string(value.size()) +
                                       " characters, more than the " + std::to_string(limit) +
                                       " a search takes");
      }
      if (name.rfind("query.", 0) == 0) {
        // A malformed expression (AREA[Nonsense]x) is refused here, before
        // any search: its words would otherwise be read as text.
        EssieOptions options;
        options.parameter = name;
        Result<std::optional<Xapian::Query>> parsed = ParseEssie(value, options, kNoWords);
        if (!parsed.ok()) return parsed.status();
      }
      *field->second = value;
      continue;
    }
    Status status;
    auto take = [&](auto result, auto& target) {
      if (result.ok()) {
        target = std::move(result).value();
      } else {
        status = result.status();
      }
    };
    if (key == "overallStatus" || key == "status") {
      take(EnumList(name, value, schema::kStatuses), query.overall_status);
    } else if (key == "phase") {
      take(EnumList(name, value, schema::kPhases, /*phases=*/true), query.phase);
    } else if (key == "studyType" || key == "type") {
      take(EnumList(name, value, schema::kStudyTypes), query.study_type);
    } else if (key == "stdAges" || key == "stdAge") {
      take(EnumList(name, value, schema::kStandardAges), query.std_ages);
    } else if (key == "sex") {
      std::vector<std::string> sexes;
      take(EnumList(name, value, schema::kSexes), sexes);
      if (status.ok() && sexes.size() != 1)
        status = BadParameter(name, "give one of FEMALE, MALE, ALL");
      if (status.ok()) query.sex = sexes[0];
    } else if (key == "healthyVolunteers") {
      bool flag = false;
      take(Boolean(name, value), flag);
      if (status.ok()) query.healthy_volunteers = flag;
    } else if (key == "hasResults") {
      bool flag = false;
      take(Boolean(name, value), flag);
      if (status.ok()) query.has_results = flag;
    } else if (key == "age") {
      Result<std::optional<Age>> age = ParseAge(value);
      if (!age.ok() || !age->has_value()) {
        status = BadParameter(name, "'" + value + "' is not an age such as 45 or '6 Months'");
      } else if ((*age)->InYears() > 150) {
        status = BadParameter(name, "an age above 150 years is not a patient's age");
      } else {
        query.age_years = (*age)->InYears();
      }
    } else if (key == "geo") {
      GeoDistance geo;
      take(ParseGeoDistance(value), geo);
      if (status.ok()) query.geo = geo;
    } else if (key == "start" || key == "startDate") {
      take(Dates(name, value), query.start_date);
    } else if (key == "lastUpdate" || key == "lastUpdatePostDate") {
      take(Dates(name, value), query.last_update);
    } else if (key == "ids") {
      for (const std::string& given : SplitList(value)) {
        // "nct4000165" is NCT04000165, as the API's pattern allows.
        const std::string id = CanonicalNctId(given);
        if (id.empty()) {
          status = BadParameter(name, "'" + given +
                                          "' is not an NCT ID such as NCT01234567 (NCT, then up "
                                          "to 8 digits, not all zero)");
        }
        query.ids.push_back(id);
      }
    } else if (key == "synonyms") {
      return BadParameter(name,
                          "not supported: ClinicalTrials.gov's synonym IDs are its own, and "
                          "trialfinder has no table of them (search by name instead)");
    } else if (key == "sort") {
      take(SortKeys(name, value), query.sort);
    } else if (key == "pageSize") {
      // As the specification says: 0 is the default (10), and a larger size
      // than 1,000 is coerced down to 1,000.
      double size = 0;
      take(Number(name, value), size);
      if (status.ok() && (size < 0 || size != std::floor(size))) {
        status = BadParameter(name, "must be a whole number (0 for the default, at most 1000)");
      }
      if (status.ok()) {
        query.page_size =
            size == 0 ? SearchQuery().page_size : static_cast<std::size_t>(std::min(size, 1000.0));
      }
    } else if (key == "facets" || key == "countFacets") {
      take(Boolean(name, value), query.count_facets);
    } else if (key == "countTotal") {
      take(Boolean(name, value), query.exact_total);
    } else if (key == "advanced") {
      Result<Xapian::Query> parsed = BuildAdvancedFilter(value, nullptr, kNoWords);
      if (!parsed.ok()) status = parsed.status();
      query.advanced = value;
    } else if (name == "geoDecay") {
      // How relevance decays with distance: validated, but trialfinder's
      // ranking does not decay with distance (README, "API v2"): the set of
      // studies is the same, only their order by relevance may differ.
      static const std::regex kDecay(
          R"(^func:(gauss|exp|linear),scale:(\d+(\.\d+)?(km|mi)),offset:(\d+(\.\d+)?(km|mi)),decay:(\d+(\.\d+)?)$)");
      if (!std::regex_match(value, kDecay)) {
        status = BadParameter(name,
                              "expected func:(gauss|exp|linear),scale:N(km|mi),offset:N(km|mi),"
                              "decay:N, such as func:exp,scale:300mi,offset:0mi,decay:0.5");
      }
    } else if (name == "aggFilters") {
      status = ApplyAggregationFilters(value, query);
    } else {
      status = BadParameter(name, "unknown parameter");
    }
    if (!status.ok()) return status;
  }
  if (std::optional<std::vector<std::string>> ids = OnlyNctIds(query)) {
    // The specification: "If any query parameter contains only NCT IDs
    // (comma- and/or space-separated), filters are ignored." The IDs are
    // then what is asked for: those studies (by ID or alias), not studies
    // that mention every one of them.
    query = WithoutFilters(std::move(query));
    query.ids = std::move(*ids);
  }
  const bool distance_sort =
      std::any_of(query.sort.begin(), query.sort.end(),
                  [](const SortKey& k) { return k.field == SortField::kDistance; });
  if (distance_sort && !query.geo) {
    return BadParameter("sort", "sorting by distance needs filter.geo=distance(lat,lon,radius)");
  }
  return query;
}

}  // namespace trialfinder
