// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// Ingest throughput on the bundled sample replicated to N studies (fresh NCT
// IDs, default 20,000). Prints studies/s and MB/s for:
//   BM_JsonParseOnly   the baseline: nlohmann parsing each record, nothing else
//   BM_ParseStudy      parsing + validating into the typed Study
//   BM_IngestToStore   the whole `trialfinder ingest` path into a fresh store
//   BM_BuildDocuments  turning parsed studies into search documents (one thread)
// Compare the rates within one run: the ratios are what carry across machines.
//
//   build/ingest_bench [--benchmark_filter=...]   (TRIALFINDER_BENCH_STUDIES=N)

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "search/study_document.h"
#include "text/stemmer.h"
#include "text/words.h"
#include "trialfinder/ingester.h"
#include "trialfinder/store.h"
#include "trialfinder/study_json.h"

namespace trialfinder {
namespace {

namespace fs = std::filesystem;

std::size_t StudyCount() {
  const char* env = std::getenv("TRIALFINDER_BENCH_STUDIES");
  return env ? std::strtoull(env, nullptr, 10) : 20000;
}

// The sample's JSON records, copied with fresh NCT IDs until there are N.
const std::vector<std::string>& ReplicatedRecords() {
  static const std::vector<std::string> records = [] {
    std::vector<nlohmann::ordered_json> sample;
    std::ifstream in(fs::path(TRIALFINDER_SOURCE_DIR) / "data" / "sample" / "studies.jsonl");
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) sample.push_back(nlohmann::ordered_json::parse(line));
    }
    std::vector<std::string> out;
    const std::size_t count = StudyCount();
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
      nlohmann::ordered_json copy = sample[i % sample.size()];
      char id[32];
      std::snprintf(id, sizeof id, "NCT9%07zu", i);
      copy["protocolSection"]["identificationModule"]["nctId"] = id;
      out.push_back(copy.dump());
    }
    return out;
  }();
  return records;
}

std::size_t TotalBytes(const std::vector<std::string>& records) {
  std::size_t bytes = 0;
  for (const auto& record : records) bytes += record.size();
  return bytes;
}

void SetRates(benchmark::State& state, const std::vector<std::string>& records) {
  state.counters["studies_per_s"] = benchmark::Counter(
      static_cast<double>(records.size()), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["MB_per_s"] = benchmark::Counter(static_cast<double>(TotalBytes(records)) / 1e6,
                                                  benchmark::Counter::kIsIterationInvariantRate);
}

void BM_JsonParseOnly(benchmark::State& state) {
  const auto& records = ReplicatedRecords();
  for (auto _ : state) {
    for (const auto& record : records) benchmark::DoNotOptimize(nlohmann::json::parse(record));
  }
  SetRates(state, records);
}
BENCHMARK(BM_JsonParseOnly)->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();

void BM_ParseStudy(benchmark::State& state) {
  const auto& records = ReplicatedRecords();
  for (auto _ : state) {
    for (const auto& record : records) {
      Result<Study> study = ParseStudyJson(record);
      if (!study.ok()) state.SkipWithError(study.status().message().c_str());
      benchmark::DoNotOptimize(study);
    }
  }
  SetRates(state, records);
}
BENCHMARK(BM_ParseStudy)->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();

// The indexer's per-study work before the writer: CPU time, one thread.
void BM_BuildDocuments(benchmark::State& state) {
  const auto& records = ReplicatedRecords();
  std::vector<Study> studies;
  studies.reserve(records.size());
  for (const auto& record : records) studies.push_back(std::move(ParseStudyJson(record)).value());
  Xapian::TermGenerator generator;
  generator.set_stemmer(CachingEnglishStemmer());
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
  for (auto _ : state) {
    for (const Study& study : studies) {
      SpellingWords spelling;
      benchmark::DoNotOptimize(BuildStudyDocument(study, generator, &spelling));
    }
  }
  SetRates(state, records);
}
BENCHMARK(BM_BuildDocuments)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_IngestToStore(benchmark::State& state) {
  const auto& records = ReplicatedRecords();
  const fs::path dir =
      fs::temp_directory_path() / ("trialfinder-bench-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const fs::path input = dir / "studies.jsonl";
  {
    std::ofstream out(input);
    for (const auto& record : records) out << record << '\n';
  }
  for (auto _ : state) {
    state.PauseTiming();
    fs::remove_all(dir / "db");
    auto store = std::move(StudyStore::Open(dir / "db")).value();
    state.ResumeTiming();
    Result<IngestReport> report = IngestPaths(*store, {input});
    if (!report.ok() || report->new_studies != static_cast<std::int64_t>(records.size())) {
      state.SkipWithError("ingest failed");
    }
  }
  state.counters["db_MB"] =
      static_cast<double>(fs::file_size(dir / "db" / "trialfinder.sqlite")) / 1e6;
  SetRates(state, records);
  fs::remove_all(dir);
}
BENCHMARK(BM_IngestToStore)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

}  // namespace
}  // namespace trialfinder

BENCHMARK_MAIN();
