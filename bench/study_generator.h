// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// A deterministic generator of realistic API v2 studies for benchmarks: each
// generated study takes its skeleton from one sample record and its
// conditions (with MeSH), interventions, eligibility, sites (with
// geoPoints) and dates from others, so term statistics stay like the real
// registry's. Fresh NCT IDs (NCT9xxxxxxx) never collide with real ones.

#ifndef TRIALFINDER_BENCH_STUDY_GENERATOR_H_
#define TRIALFINDER_BENCH_STUDY_GENERATOR_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace trialfinder::bench {

class StudyGenerator {
 public:
  // Reads the sample records (API v2 JSONL).
  explicit StudyGenerator(const std::filesystem::path& sample_jsonl, std::uint64_t seed = 42);

  // Study number `index` (same index and seed: same study).
  std::string Generate(std::uint64_t index) const;

  // Writes studies 0..count-1 as JSONL; returns the bytes written.
  std::uint64_t WriteJsonLines(std::uint64_t count, const std::filesystem::path& out) const;

 private:
  std::vector<std::string> sample_;  // one JSON text per record
  std::uint64_t seed_;
};

// The bundled sample (data/sample/studies.jsonl) in the source tree.
std::filesystem::path SampleJsonLines();

}  // namespace trialfinder::bench

#endif  // TRIALFINDER_BENCH_STUDY_GENERATOR_H_
