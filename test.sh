#!/usr/bin/env bash
# Installs the Debian packages if missing, builds trialfinder with its tests
# and runs the whole suite (ctest), then builds the modules that read
# untrusted text (text, model, criteria, match: criteria, case notes, FHIR
# and patient JSON) again with AddressSanitizer and UBSan and runs their
# unit tests on that build.
# Usage: ./test.sh             both (what CI runs: about 25 minutes on 2 cores)
#        ./test.sh --quick     the first build only
#        ./test.sh --sanitize  then every unit test and the HTTP tests under the
#                              sanitizers too (about 35 minutes more: run it
#                              before a release and after changing the server)
# Why not all of that in CI: CI must finish in 30 minutes on 2 cores, and a
# second full build at -O0 with ASan took 25 minutes to build and test
# (api_end_to_end alone 549 s there against 60 s here; stop 33 of
# the issue log: CI ran 54 minutes and was refused).
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
mode="${1:-}"
[ "$mode" = "--quick" ] && exit 0

echo "== the text readers' unit tests under AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/)"
# -O1, as ASan's documentation advises: at -O0 the HTTP tests ran 5-9x
# longer than in the first build (api_end_to_end 549 s against 60 s).
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" \
  -DTRIALFINDER_SANITIZE=ON -DTRIALFINDER_BUILD_TESTS=ON -DTRIALFINDER_BUILD_BENCHMARKS=OFF >/dev/null
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1
if [ "$mode" != "--sanitize" ]; then
  cmake --build build-asan -j "$jobs" --target text_tests model_tests
  cd build-asan
  ctest --output-on-failure -j "$jobs" -L "^module-(text|model)$"
  exit 0
fi
cmake --build build-asan -j "$jobs" --target trialfinder trialfinder_tests
cd build-asan
# Left to the first build: timing-bound tests (kill -9, load, the sync's
# 2-second request timeout) and the slowest HTTP clients; the sanitizers
# still run the unit tests of each (the sync's included).
ctest --output-on-failure -j "$jobs" -E "crash_safety|reingest_under_load|browser_pages|cli_end_to_end|api_v2_client|fhir_patients|registry_sync"
