// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Search relevance on the sample: the queries of bench/relevance/queries.tsv
// (plain names, synonyms, abbreviations, misspellings, lay terms, "near"
// queries), judged by hand in bench/relevance/qrels.tsv (a trial is
// relevant when it is *about* the condition, not when it mentions it).
// Ingests data/sample into a temporary folder, then runs each query as the
// search page does (query.about, open to enrollment, within 100 km of the
// place) and as an API client's query.cond would (same filters), and prints
// per query and overall:
//   off-topic: the share of the first page (20 results on the page, 10 for
//              the API) that is not judged relevant, over all pages shown;
//   R-precision: of the R relevant trials that pass the filters, the share
//              found among the first R results, averaged over queries.
//
//   build/relevance_bench [QUERIES.tsv QRELS.tsv]
// With TRIALFINDER_RELEVANCE_SHOW set, each query is followed by the
// off-topic trials of its first page ("-") and the relevant ones missing
// from its first R results ("?"), for each mode, to see why a figure is
// what it is.
// Exit 0; the figures are for reading (bench/RESULTS.md), not a test.

#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "trialfinder/index.h"
#include "trialfinder/ingester.h"
#include "trialfinder/places.h"
#include "trialfinder/search.h"
#include "trialfinder/store.h"

namespace trialfinder::bench {
namespace {

namespace fs = std::filesystem;

constexpr double kDistanceKm = 100;

struct JudgedQuery {
  std::string id;
  std::string text;
  std::string near;
  std::string kind;
  std::set<std::string> relevant;
};

std::vector<std::string> TabFields(const std::string& line) {
  std::vector<std::string> fields;
  std::istringstream in(line);
  for (std::string field; std::getline(in, field, '\t');) fields.push_back(field);
  return fields;
}

std::vector<JudgedQuery> LoadJudgments(const fs::path& queries_path, const fs::path& qrels_path) {
  std::vector<JudgedQuery> queries;
  std::map<std::string, std::size_t> position;
  std::ifstream queries_in(queries_path);
  for (std::string line; std::getline(queries_in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields = TabFields(line);
    fields.resize(4);
    position[fields[0]] = queries.size();
    queries.push_back({fields[0], fields[1], fields[2], fields[3], {}});
  }
  std::ifstream qrels_in(qrels_path);
  for (std::string line; std::getline(qrels_in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> fields = TabFields(line);
    if (fields.size() < 3 || fields[2] == "0") continue;
    if (auto found = position.find(fields[0]); found != position.end())
      queries[found->second].relevant.insert(fields[1]);
  }
  return queries;
}

std::string OpenStatuses() {
  std::string statuses;
  for (std::string_view status : kOpenStatuses)
    statuses += (statuses.empty() ? "" : ",") + std::string(status);
  return statuses;
}

struct Figures {
  std::size_t shown = 0;
  std::size_t off_topic = 0;
  double r_precision_sum = 0;
  std::size_t judged = 0;  // queries with relevant trials after the filters
};

// Runs `text` in `field` with the page's filters; nullopt when it cannot.
std::optional<std::vector<std::string>> Run(SearchIndex& index, const std::string& field,
                                            const std::string& text,
                                            const std::optional<MapPoint>& near,
                                            std::size_t page_size) {
  std::vector<std::pair<std::string, std::string>> parameters = {
      {"filter.overallStatus", OpenStatuses()}, {"pageSize", std::to_string(page_size)}};
  if (!field.empty()) parameters.emplace_back(field, text);
  if (near) {
    char geo[96];
    std::snprintf(geo, sizeof geo, "distance(%.6f,%.6f,%.0fkm)", near->latitude, near->longitude,
                  kDistanceKm);
    parameters.emplace_back("filter.geo", geo);
  }
  Result<SearchQuery> query = ParseSearchParameters(parameters);
  if (!query.ok()) return std::nullopt;
  Result<SearchResult> result = index.Search(*query);
  if (!result.ok()) return std::nullopt;
  std::vector<std::string> ids;
  for (const SearchHit& hit : result->hits) ids.push_back(hit.nct_id);
  return ids;
}

int Main(int argc, char** argv) {
  const fs::path source(TRIALFINDER_SOURCE_DIR);
  const fs::path queries_path =
      argc > 2 ? fs::path(argv[1]) : source / "bench" / "relevance" / "queries.tsv";
  const fs::path qrels_path =
      argc > 2 ? fs::path(argv[2]) : source / "bench" / "relevance" / "qrels.tsv";
  const std::vector<JudgedQuery> queries = LoadJudgments(queries_path, qrels_path);
  if (queries.empty()) {
    std::fprintf(stderr, "no queries in %s\n", queries_path.c_str());
    return 1;
  }
  const fs::path dir =
      fs::temp_directory_path() / ("trialfinder-relevance-bench-" + std::to_string(getpid()));
  fs::create_directories(dir);
  {
    auto store = std::move(StudyStore::Open(dir / "db")).value();
    const fs::path sample = source / "data" / "sample";
    Result<IngestReport> ingested =
        IngestPaths(*store, {sample / "studies.jsonl", sample / "seed-studies", sample / "xml"});
    Result<IndexReport> indexed = RebuildIndex(*store, IndexPath(dir / "db"));
    if (!ingested.ok() || !indexed.ok()) {
      std::fprintf(stderr, "setup failed\n");
      fs::remove_all(dir);
      return 1;
    }
  }
  auto index = std::move(SearchIndex::Open(IndexPath(dir / "db"))).value();

  const std::pair<const char*, std::size_t> modes[] = {{"query.about", 20}, {"query.cond", 10}};
  std::map<std::string, Figures> totals;
  const bool show = std::getenv("TRIALFINDER_RELEVANCE_SHOW") != nullptr;
  std::printf("%-4s %-13s %-34s | %-22s | %-22s\n", "id", "kind", "query",
              "page (about): off R-prec", "API (cond): off R-prec");
  for (const JudgedQuery& judged : queries) {
    std::optional<MapPoint> near;
    if (!judged.near.empty()) {
      const PlaceLookup lookup = Gazetteer::Builtin().Resolve(judged.near);
      if (lookup.outcome != PlaceLookup::Outcome::kFound) {
        std::printf("%-4s place '%s' not resolved\n", judged.id.c_str(), judged.near.c_str());
        continue;
      }
      near = lookup.place.point;
    }
    // The judged trials that pass the filters: what a perfect search shows.
    const std::optional<std::vector<std::string>> eligible = Run(*index, "", "", near, 1000);
    std::set<std::string> relevant;
    for (const std::string& id : eligible.value_or(std::vector<std::string>{})) {
      if (judged.relevant.count(id)) relevant.insert(id);
    }
    const std::string label = judged.text + (judged.near.empty() ? "" : " near " + judged.near);
    std::printf("%-4s %-13s %-34.34s", judged.id.c_str(), judged.kind.c_str(), label.c_str());
    for (const auto& [field, page_size] : modes) {
      const std::optional<std::vector<std::string>> first =
          Run(*index, field, judged.text, near, page_size);
      const std::optional<std::vector<std::string>> top_r =
          Run(*index, field, judged.text, near, std::max<std::size_t>(relevant.size(), 1));
      Figures& figures = totals[field];
      std::size_t off = 0;
      for (const std::string& id : first.value_or(std::vector<std::string>{}))
        off += judged.relevant.count(id) ? 0 : 1;
      figures.shown += first ? first->size() : 0;
      figures.off_topic += off;
      double r_precision = 0;
      if (!relevant.empty()) {
        std::size_t found = 0;
        for (const std::string& id : top_r.value_or(std::vector<std::string>{}))
          found += relevant.count(id);
        r_precision = static_cast<double>(found) / static_cast<double>(relevant.size());
        figures.r_precision_sum += r_precision;
        ++figures.judged;
      }
      std::printf(" | %2zu shown %2zu off R=%-2zu %3.0f%%", first ? first->size() : 0, off,
                  relevant.size(), 100 * r_precision);
    }
    std::printf("\n");
    for (const auto& [field, page_size] : modes) {
      if (!show) break;
      const auto first = Run(*index, field, judged.text, near, page_size);
      const auto top_r =
          Run(*index, field, judged.text, near, std::max<std::size_t>(relevant.size(), 1));
      std::set<std::string> found;
      for (const std::string& id : top_r.value_or(std::vector<std::string>{})) found.insert(id);
      for (const std::string& id : first.value_or(std::vector<std::string>{}))
        if (!judged.relevant.count(id)) std::printf("       - %s (%s)\n", id.c_str(), field);
      for (const std::string& id : relevant)
        if (!found.count(id)) std::printf("       ? %s (%s)\n", id.c_str(), field);
    }
  }
  std::printf("\n");
  for (const auto& [field, page_size] : modes) {
    const Figures& figures = totals[field];
    std::printf(
        "%-12s first page: %zu shown, off-topic %.1f %%; R-precision %.1f %% over %zu "
        "queries\n",
        field, figures.shown,
        figures.shown
            ? 100.0 * static_cast<double>(figures.off_topic) / static_cast<double>(figures.shown)
            : 0.0,
        figures.judged ? 100.0 * figures.r_precision_sum / static_cast<double>(figures.judged)
                       : 0.0,
        figures.judged);
  }
  index.reset();
  fs::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace trialfinder::bench

int main(int argc, char** argv) { return trialfinder::bench::Main(argc, argv); }
