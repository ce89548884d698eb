#!/usr/bin/env bash
# Builds trialfinder with its tests and runs the whole suite (ctest).
# Usage: ./test.sh   (after scripts/install-deps.sh, which run.sh also calls)
set -euo pipefail
cd "$(dirname "$0")"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTRIALFINDER_BUILD_TESTS=ON -DTRIALFINDER_BUILD_BENCHMARKS=ON >/dev/null
cmake --build build -j "$(nproc)"
cd build
ctest --output-on-failure -j "$(nproc)"
