#!/usr/bin/env bash
# Installs the Debian packages if missing, builds trialfinder with its tests
# and runs the whole suite (ctest).
# Usage: ./test.sh
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTRIALFINDER_BUILD_TESTS=ON -DTRIALFINDER_BUILD_BENCHMARKS=ON >/dev/null
cmake --build build -j "$(nproc)"
# playwright-core for the browser tests, at the version in package-lock.json.
npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
cd build
ctest --output-on-failure -j "$(nproc)"
