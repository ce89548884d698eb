// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// `trialfinder search`, `related` and `reindex`.

#include <fmt/core.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "trialfinder/index.h"
#include "trialfinder/search.h"
#include "trialfinder/store.h"
#include "trialfinder/study_json.h"

namespace trialfinder::cli {
namespace {

using OrderedJson = nlohmann::ordered_json;

struct SearchOptions {
  std::string db;
  std::string nct_id;
  std::vector<std::string> filters;                       // k=v
  std::vector<std::pair<std::string, std::string>> text;  // cond, term, ...
  std::size_t count = 10;
  bool json = false;
};

Result<std::unique_ptr<SearchIndex>> OpenIndex(const std::string& db) {
  return SearchIndex::Open(IndexPath(db));
}

// Title, status and phase of a hit, from the store.
OrderedJson Describe(const StudyStore& store, const SearchHit& hit) {
  OrderedJson out = {{"nctId", hit.nct_id}};
  Result<std::optional<Study>> study = store.GetStudy(hit.nct_id);
  if (study.ok() && study->has_value()) {
    {
      out["briefTitle"] = (*study)->protocol.identification.brief_title;
      out["overallStatus"] = (*study)->protocol.status.overall_status;
      out["phases"] = (*study)->protocol.design.phases;
      out["conditions"] = (*study)->protocol.conditions.conditions;
    }
  }
  if (hit.relevance > 0) out["relevance"] = hit.relevance;
  if (hit.distance_km) out["distanceKm"] = *hit.distance_km;
  return out;
}

void PrintHit(const OrderedJson& hit) {
  std::string phases;
  for (const auto& phase : hit.value("phases", OrderedJson::array())) {
    phases += (phases.empty() ? "" : "/") + phase.get<std::string>();
  }
  fmt::print("{}  {}  [{}{}{}]", hit["nctId"].get<std::string>(), hit.value("briefTitle", ""),
             hit.value("overallStatus", ""), phases.empty() ? "" : ", ", phases);
  if (hit.contains("distanceKm")) fmt::print("  {:.0f} km", hit["distanceKm"].get<double>());
  fmt::print("\n");
}

int RunSearch(const SearchOptions& options) {
  std::vector<std::pair<std::string, std::string>> parameters = options.text;
  for (const std::string& filter : options.filters) {
    const std::size_t equals = filter.find('=');
    if (equals == std::string::npos) {
      fmt::print(stderr, "trialfinder: --filter takes NAME=VALUE, got '{}'\n", filter);
      return kExitBadInput;
    }
    parameters.emplace_back(filter.substr(0, equals), filter.substr(equals + 1));
  }
  Result<SearchQuery> query = ParseSearchParameters(parameters);
  if (!query.ok()) return Fail(query.status());
  Result<std::unique_ptr<StudyStore>> store =
      StudyStore::Open(options.db, StudyStore::Mode::kReadOnly);
  if (!store.ok()) return Fail(store.status());
  Result<std::unique_ptr<SearchIndex>> index = OpenIndex(options.db);
  if (!index.ok()) return Fail(index.status());
  Result<SearchResult> result = (*index)->Search(*query);
  if (!result.ok()) return Fail(result.status());
  OrderedJson out;
  out["totalCount"] = result->total;
  if (!result->corrected_query.empty()) out["correctedQuery"] = result->corrected_query;
  out["studies"] = OrderedJson::array();
  for (const SearchHit& hit : result->hits) out["studies"].push_back(Describe(**store, hit));
  if (!result->next_page_token.empty()) out["nextPageToken"] = result->next_page_token;
  for (const Facet& facet : result->facets) {
    for (const FacetValue& value : facet.values)
      out["facets"][facet.name][value.value] = value.count;
  }
  if (options.json) {
    fmt::print("{}\n", out.dump(2));
    return 0;
  }
  if (!result->corrected_query.empty())
    fmt::print("showing results for: {}\n", result->corrected_query);
  fmt::print("{}{} studies\n", result->total_is_exact ? "" : "about ", result->total);
  for (const auto& hit : out["studies"]) PrintHit(hit);
  if (out.contains("facets")) {
    for (const auto& [name, values] : out["facets"].items()) {
      fmt::print("{}:", name);
      for (const auto& [value, count] : values.items())
        fmt::print(" {}={}", value, count.get<std::int64_t>());
      fmt::print("\n");
    }
  }
  if (!result->next_page_token.empty())
    fmt::print("next page: --filter pageToken={}\n", result->next_page_token);
  return 0;
}

int RunRelated(const SearchOptions& options) {
  Result<std::unique_ptr<StudyStore>> store =
      StudyStore::Open(options.db, StudyStore::Mode::kReadOnly);
  if (!store.ok()) return Fail(store.status());
  Result<std::unique_ptr<SearchIndex>> index = OpenIndex(options.db);
  if (!index.ok()) return Fail(index.status());
  Result<std::vector<SearchHit>> related = (*index)->Related(options.nct_id, options.count);
  if (!related.ok()) return Fail(related.status());
  OrderedJson out = OrderedJson::array();
  for (const SearchHit& hit : *related) out.push_back(Describe(**store, hit));
  if (options.json) {
    fmt::print("{}\n", out.dump(2));
  } else {
    for (const auto& hit : out) PrintHit(hit);
  }
  return 0;
}

int RunReindex(const std::string& db) {
  Result<std::unique_ptr<StudyStore>> store = StudyStore::Open(db, StudyStore::Mode::kReadOnly);
  if (!store.ok()) return Fail(store.status());
  Result<IndexReport> report = RebuildIndex(**store, IndexPath(db));
  if (!report.ok()) return Fail(report.status());
  PrintIndexFailures(report->failures);
  fmt::print("indexed {} studies in {:.2f} s\n", report->indexed, report->seconds);
  return report->failures.empty() ? 0 : kExitPartial;
}

}  // namespace

void RegisterSearchCommands(CLI::App& app, CommandRegistry& registry) {
  auto options = std::make_shared<SearchOptions>();
  CLI::App* search = app.add_subcommand("search", "Search studies (API v2 query and filter names)");
  search->add_option("--db", options->db, "Database directory")->required();
  for (const char* field :
       {"cond", "term", "intr", "titles", "outc", "spons", "lead", "id", "locn"}) {
    search->add_option_function<std::string>(
        std::string("--") + field,
        [options, field](const std::string& value) { options->text.emplace_back(field, value); },
        std::string("query.") + field);
  }
  search->add_option(
      "--filter", options->filters,
      "NAME=VALUE, e.g. overallStatus=RECRUITING, age=45, geo=distance(42.3,-71.1,50mi), "
      "phase=PHASE2, sex=FEMALE, sort=LastUpdatePostDate:desc, pageSize=20, facets=true");
  search->add_flag("--json", options->json, "Print JSON");
  registry.Add(search, [options] { return RunSearch(*options); });

  CLI::App* related = app.add_subcommand("related", "Studies most similar to one study");
  related->add_option("--db", options->db, "Database directory")->required();
  related->add_option("nct_id", options->nct_id, "NCT ID")->required();
  related->add_option("--count", options->count, "How many")->check(CLI::Range(1, 100));
  related->add_flag("--json", options->json, "Print JSON");
  registry.Add(related, [options] { return RunRelated(*options); });

  CLI::App* reindex = app.add_subcommand("reindex", "Rebuild the search index from the store");
  reindex->add_option("--db", options->db, "Database directory")->required();
  registry.Add(reindex, [options] { return RunReindex(options->db); });
}

}  // namespace trialfinder::cli
