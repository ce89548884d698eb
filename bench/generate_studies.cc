// Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
//
// bench/generate: writes N realistic generated studies as API v2 JSONL.
//   build/generate_studies N OUT.jsonl [SEED]

#include <cstdio>
#include <cstdlib>

#include "bench/study_generator.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s N OUT.jsonl [SEED]\n", argv[0]);
    return 2;
  }
  const unsigned long long count = std::strtoull(argv[1], nullptr, 10);
  const unsigned long long seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 42;
  if (count == 0 || count > 10000000) {
    std::fprintf(stderr, "N must be from 1 to 10,000,000\n");
    return 2;
  }
  trialfinder::bench::StudyGenerator generator(trialfinder::bench::SampleJsonLines(), seed);
  const auto bytes = generator.WriteJsonLines(count, argv[2]);
  std::printf("wrote %llu studies (%.1f MB) to %s\n", count, bytes / 1e6, argv[2]);
  return 0;
}
