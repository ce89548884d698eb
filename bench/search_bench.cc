// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Search latency at scale: generates N studies (default 20,000), ingests and
// indexes them, then runs the 50 searches of bench/queries.tsv several
// times and prints p50/p99 per query class, plus related-trials latency.
// Also prints, as a baseline in the same run, the cost of the cheapest
// search (the first page of everything), so ratios carry across machines.
//
//   build/search_bench [N] [ROUNDS]
// TRIALFINDER_BENCH_DB=DIR times an existing database (no generation);
// TRIALFINDER_BENCH_QUERY_RESULTS=FILE also writes per-query figures;
// TRIALFINDER_BENCH_QUERIES=FILE runs other queries, and no related trials
// (to profile a few).

#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "bench/study_generator.h"
#include "trialfinder/index.h"
#include "trialfinder/ingester.h"
#include "trialfinder/search.h"
#include "trialfinder/store.h"

namespace trialfinder::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct NamedQuery {
  std::string query_class;
  std::vector<std::pair<std::string, std::string>> parameters;
};

std::vector<NamedQuery> LoadQueries() {
  const char* other = std::getenv("TRIALFINDER_BENCH_QUERIES");
  std::ifstream in(other ? fs::path(other)
                         : fs::path(TRIALFINDER_SOURCE_DIR) / "bench" / "queries.tsv");
  std::vector<NamedQuery> queries;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t tab = line.find('\t');
    NamedQuery query{line.substr(0, tab), {}};
    std::istringstream pairs(line.substr(tab + 1));
    for (std::string pair; std::getline(pairs, pair, '&');) {
      const std::size_t equals = pair.find('=');
      query.parameters.emplace_back(pair.substr(0, equals), pair.substr(equals + 1));
    }
    queries.push_back(std::move(query));
  }
  return queries;
}

double Percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t index =
      std::min(values.size() - 1, static_cast<std::size_t>(fraction * values.size()));
  return values[index];
}

double Milliseconds(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Generates, ingests and indexes `count` studies in `dir`/db.
bool BuildDatabase(std::uint64_t count, const fs::path& dir) {
  StudyGenerator generator(SampleJsonLines());
  const fs::path input = dir / "studies.jsonl";
  const std::uint64_t bytes = generator.WriteJsonLines(count, input);
  auto store = std::move(StudyStore::Open(dir / "db")).value();
  auto start = Clock::now();
  Result<IngestReport> ingest = IngestPaths(*store, {input});
  const double ingest_ms = Milliseconds(start);
  start = Clock::now();
  Result<IndexReport> indexed = RebuildIndex(*store, IndexPath(dir / "db"));
  const double index_ms = Milliseconds(start);
  if (!ingest.ok() || !indexed.ok()) return false;
  std::printf("studies: %llu (%.1f MB JSON)\n", static_cast<unsigned long long>(count),
              bytes / 1e6);
  std::printf("ingest: %.1f s (%.0f studies/s); index: %.1f s (%.0f studies/s)\n", ingest_ms / 1000,
              count / (ingest_ms / 1000), index_ms / 1000, count / (index_ms / 1000));
  return true;
}

// One line per query of bench/queries.tsv: class, parameters, p50, p99 and
// the exact number of matching studies (counted in a separate, untimed
// search), for bench/pg_compare.py.
void WriteQueryResults(const fs::path& path, const std::vector<NamedQuery>& queries,
                       const std::vector<std::vector<double>>& per_query, SearchIndex& index) {
  std::ofstream out(path);
  for (std::size_t i = 0; i < queries.size(); ++i) {
    SearchQuery query = *ParseSearchParameters(queries[i].parameters);
    query.exact_total = true;
    query.page_size = 1;
    const std::int64_t total = index.Search(query)->total;
    std::string parameters;
    for (const auto& [name, value] : queries[i].parameters) {
      parameters += (parameters.empty() ? "" : "&") + name + "=" + value;
    }
    out << queries[i].query_class << '\t' << parameters << '\t' << Percentile(per_query[i], 0.5)
        << '\t' << Percentile(per_query[i], 0.99) << '\t' << total << '\n';
  }
}

int Run(std::uint64_t count, int rounds) {
  // TRIALFINDER_BENCH_DB=DIR times an existing database instead.
  const char* reuse = std::getenv("TRIALFINDER_BENCH_DB");
  const fs::path dir =
      reuse ? fs::path(reuse).parent_path()
            : fs::temp_directory_path() / ("trialfinder-search-bench-" + std::to_string(getpid()));
  const fs::path db = reuse ? fs::path(reuse) : dir / "db";
  if (!reuse) {
    fs::create_directories(dir);
    if (!BuildDatabase(count, dir)) {
      std::fprintf(stderr, "setup failed\n");
      return 1;
    }
  }
  auto start = Clock::now();
  auto index = std::move(SearchIndex::Open(IndexPath(db))).value();
  count = static_cast<std::uint64_t>(index->DocumentCount());
  const std::vector<NamedQuery> queries = LoadQueries();
  std::map<std::string, std::vector<double>> latencies;
  std::vector<std::vector<double>> per_query(queries.size());
  std::map<std::string, std::int64_t> results;
  for (int round = 0; round < rounds; ++round) {
    for (std::size_t q = 0; q < queries.size(); ++q) {
      const NamedQuery& named = queries[q];
      SearchQuery query = *ParseSearchParameters(named.parameters);
      start = Clock::now();
      Result<SearchResult> result = index->Search(query);
      const double ms = Milliseconds(start);
      if (!result.ok()) {
        std::fprintf(stderr, "query failed: %s\n", result.status().message().c_str());
        return 1;
      }
      if (round > 0) {  // the first round warms the caches
        latencies[named.query_class].push_back(ms);
        per_query[q].push_back(ms);
        latencies["all"].push_back(ms);
      }
      results[named.query_class] += round == 0 ? result->total : 0;
    }
  }
  std::vector<double> baseline;
  for (int i = 0; i < 200; ++i) {
    start = Clock::now();
    if (!index->Search(SearchQuery{}).ok()) std::abort();
    baseline.push_back(Milliseconds(start));
  }
  std::vector<double> related;
  const std::uint64_t related_count = std::getenv("TRIALFINDER_BENCH_QUERIES") ? 0 : 200;
  for (std::uint64_t i = 0; i < related_count; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "NCT9%07llu", static_cast<unsigned long long>((i * 7919) % count));
    start = Clock::now();
    (void)index->Related(id, 10);  // an ID past the corpus is a NotFound, timed all the same
    related.push_back(Milliseconds(start));
  }
  const double base_p50 = Percentile(baseline, 0.5);
  std::printf("\n%-10s %8s %10s %10s %12s\n", "class", "queries", "p50 ms", "p99 ms",
              "p50/baseline");
  for (const auto& [name, values] : latencies) {
    std::printf("%-10s %8zu %10.3f %10.3f %12.1f\n", name.c_str(),
                values.size() / std::max(1, rounds - 1), Percentile(values, 0.5),
                Percentile(values, 0.99), Percentile(values, 0.5) / base_p50);
  }
  std::printf("%-10s %8d %10.3f %10.3f %12.1f\n", "related", static_cast<int>(related_count),
              Percentile(related, 0.5), Percentile(related, 0.99),
              Percentile(related, 0.5) / base_p50);
  std::printf("%-10s %8d %10.3f %10.3f %12.1f\n", "baseline", 200, base_p50,
              Percentile(baseline, 0.99), 1.0);
  if (const char* path = std::getenv("TRIALFINDER_BENCH_QUERY_RESULTS")) {
    WriteQueryResults(path, queries, per_query, *index);
  }
  if (!reuse) fs::remove_all(dir);
  return 0;
}

}  // namespace
}  // namespace trialfinder::bench

int main(int argc, char** argv) {
  const std::uint64_t count = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 20000;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 6;
  return trialfinder::bench::Run(count, std::max(2, rounds));
}
