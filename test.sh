#!/usr/bin/env bash
# Installs the Debian packages if missing, builds trialfinder with its tests
# and runs the whole suite (ctest), then builds it again with
# AddressSanitizer and UBSan and runs the unit and HTTP tests on that build
# too (the crash, load, browser and CLI-script tests only on the first: the
# first three work against time limits that sanitizers would distort, the
# CLI script repeats paths the unit tests cover, at 10x the cost; so does
# the independent API v2 client, whose requests the conformance test makes
# under the sanitizers too: it took 355 s there; and the 26 development
# patients as FHIR, whose reader the unit tests and the journeys run under
# the sanitizers: 104 s there).
# Usage: ./test.sh           both builds (what CI runs)
#        ./test.sh --quick   the first build only
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install-deps.sh
jobs="$(nproc)"
# Modules include only the modules below them (ARCHITECTURE.md).
python3 scripts/check_includes.py
# Every C++ file as clang-format writes it (.clang-format).
bash scripts/check_format.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTRIALFINDER_BUILD_TESTS=ON -DTRIALFINDER_BUILD_BENCHMARKS=ON >/dev/null
cmake --build build -j "$jobs"
# playwright-core for the browser tests, at the version in package-lock.json;
# once installed, again only when the lock file changes (no network needed).
if [ ! -f tests/browser/node_modules/.package-lock.json ] ||
   [ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]; then
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
fi
(cd build && ctest --output-on-failure -j "$jobs")
[ "${1:-}" = "--quick" ] && exit 0

echo "== the same tests under AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/)"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTRIALFINDER_SANITIZE=ON \
  -DTRIALFINDER_BUILD_TESTS=ON -DTRIALFINDER_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build-asan -j "$jobs" --target trialfinder trialfinder_tests
cd build-asan
# Left to the first build: timing-bound tests (kill -9, load, the sync's
# 2-second request timeout) and the slowest HTTP clients; the sanitizers
# still run the unit tests of each (the sync's included).
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --output-on-failure -j "$jobs" -E "crash_safety|reingest_under_load|browser_pages|cli_end_to_end|api_v2_client|fhir_patients|registry_sync"
