// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Match latency: one patient against N generated studies (default 20,000).
//   BM_CandidateSearch   the baseline: only the index search for the
//                        patient's words (what plain search would cost)
//   BM_MatchStructured   the SLE patient of the seed tests, as JSON
//   BM_MatchCaseNote     the 26 free-text notes of data/bench-dev, in turn
// The ratio of a match to the baseline, from one run, is what carries across
// machines. Setup (generate, ingest, index) takes a minute or two at 20k;
// TRIALFINDER_BENCH_DB=DIR reuses a database directory made by
// `trialfinder ingest` instead.
//
//   build/match_bench [--benchmark_filter=...]   (TRIALFINDER_BENCH_STUDIES=N)

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench/study_generator.h"
#include "trialfinder/index.h"
#include "trialfinder/ingester.h"
#include "trialfinder/match.h"
#include "trialfinder/patient.h"
#include "trialfinder/search.h"
#include "trialfinder/store.h"

namespace trialfinder::bench {
namespace {

namespace fs = std::filesystem;

// The database every benchmark reads: opened (or built) once.
struct MatchCorpus {
  fs::path directory;
  bool temporary = false;
  std::unique_ptr<StudyStore> store;
  std::unique_ptr<SearchIndex> index;
  CriteriaLexicon lexicon;
  std::vector<Patient> notes;
  Patient structured;

  ~MatchCorpus() {
    index.reset();
    store.reset();
    if (temporary) fs::remove_all(directory);
  }
};

std::unique_ptr<MatchCorpus> BuildCorpus() {
  auto corpus = std::make_unique<MatchCorpus>();
  if (const char* reuse = std::getenv("TRIALFINDER_BENCH_DB")) {
    corpus->directory = reuse;
  } else {
    const char* env = std::getenv("TRIALFINDER_BENCH_STUDIES");
    const std::uint64_t count = env ? std::strtoull(env, nullptr, 10) : 20000;
    corpus->directory =
        fs::temp_directory_path() / ("trialfinder-match-bench-" + std::to_string(getpid()));
    corpus->temporary = true;
    fs::create_directories(corpus->directory);
    const fs::path input = corpus->directory / "studies.jsonl";
    StudyGenerator(SampleJsonLines()).WriteJsonLines(count, input);
    auto store = StudyStore::Open(corpus->directory / "db");
    if (!store.ok() || !IngestPaths(**store, {input}).ok() ||
        !RebuildIndex(**store, IndexPath(corpus->directory / "db")).ok()) {
      return nullptr;
    }
    corpus->directory /= "db";
  }
  auto store = StudyStore::Open(corpus->directory);
  if (!store.ok()) return nullptr;
  corpus->store = std::move(store).value();
  auto index = SearchIndex::Open(IndexPath(corpus->directory));
  if (!index.ok()) return nullptr;
  corpus->index = std::move(index).value();

  const CaseReader reader(corpus->lexicon);
  std::ifstream notes(fs::path(TRIALFINDER_SOURCE_DIR) / "data" / "bench-dev" / "patients.jsonl");
  for (std::string line; std::getline(notes, line);) {
    if (line.empty()) continue;
    const nlohmann::json note = nlohmann::json::parse(line);
    auto patient =
        ParsePatientJson(nlohmann::json{{"description", note.at("text")}}.dump(), reader);
    if (patient.ok()) corpus->notes.push_back(std::move(patient).value());
  }
  auto structured = ParsePatientJson(
      R"({"age": 45, "sex": "female", "conditions": [{"name": "systemic lupus erythematosus"}],
          "description": "Refractory SLE, anti-dsDNA positive, failed mycophenolate and belimumab."})",
      reader);
  if (!structured.ok() || corpus->notes.empty()) return nullptr;
  corpus->structured = std::move(structured).value();
  return corpus;
}

void CandidateSearch(benchmark::State& state, const MatchCorpus& corpus) {
  std::size_t next = 0;
  for (auto _ : state) {
    SearchQuery query;
    query.relevance_texts = PatientRelevanceTexts(corpus.notes[next++ % corpus.notes.size()]);
    query.page_size = MatchOptions{}.candidates;
    query.count_facets = false;
    benchmark::DoNotOptimize(corpus.index->Search(query));
  }
}

void MatchPatients(benchmark::State& state, const MatchCorpus& corpus,
                   const std::vector<Patient>& patients) {
  Matcher matcher(*corpus.store, *corpus.index, corpus.lexicon);
  std::size_t next = 0;
  for (auto _ : state) {
    Result<MatchResult> result = matcher.Match(patients[next++ % patients.size()], MatchOptions{});
    if (!result.ok()) state.SkipWithError(result.status().message().c_str());
    benchmark::DoNotOptimize(result);
  }
}

void RegisterBenchmarks(const MatchCorpus& corpus) {
  benchmark::RegisterBenchmark("BM_CandidateSearch", [&corpus](benchmark::State& state) {
    CandidateSearch(state, corpus);
  })->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("BM_MatchStructured", [&corpus](benchmark::State& state) {
    MatchPatients(state, corpus, {corpus.structured});
  })->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(
      "BM_MatchCaseNote",
      [&corpus](benchmark::State& state) { MatchPatients(state, corpus, corpus.notes); })
      ->Unit(benchmark::kMillisecond)
      ->Iterations(2 * static_cast<int>(corpus.notes.size()));
}

}  // namespace
}  // namespace trialfinder::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  std::unique_ptr<trialfinder::bench::MatchCorpus> corpus = trialfinder::bench::BuildCorpus();
  if (!corpus) {
    std::fprintf(stderr, "match_bench: could not build or open the benchmark database\n");
    return 1;
  }
  std::printf("studies: %llu\n", static_cast<unsigned long long>(corpus->index->DocumentCount()));
  trialfinder::bench::RegisterBenchmarks(*corpus);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
