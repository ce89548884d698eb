#!/usr/bin/env bash
# Fuzzes trialfinder's parsers of untrusted input with libFuzzer (clang from
# Debian), each for a bounded time, with AddressSanitizer and UBSan.
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET ...]     (default: 60 s, all six)
# Builds in build-fuzz/. New coverage goes to build-fuzz/corpus/<target>/;
# a crashing input is copied to fuzz/regressions/<target>/, where the unit
# tests (FuzzRegressionTest) replay it forever after the fix.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(study_json legacy_xml eligibility_text search_parameters advanced_filter patient_input)
command -v clang++ >/dev/null || { echo "fuzz/run.sh: needs clang (apt-get install clang)" >&2; exit 2; }
CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRIALFINDER_FUZZ=ON \
  -DTRIALFINDER_BUILD_TESTS=OFF -DTRIALFINDER_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}")
status=0
for target in "${targets[@]}"; do
  corpus="build-fuzz/corpus/$target"
  crashes="build-fuzz/crashes/$target"
  mkdir -p "$corpus" "$crashes" "fuzz/regressions/$target"
  echo "== $target: ${seconds} s"
  if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      "build-fuzz/fuzz_$target" "$corpus" "fuzz/corpus/$target" -max_total_time="$seconds" \
      -max_len=65536 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$crashes/" -print_final_stats=1 \
      2>"build-fuzz/$target.log"; then
    status=1
    echo "   FAILED: see build-fuzz/$target.log"
  fi
  grep -E "^stat::(number_of_executed_units|new_units_added|peak_rss_mb)" "build-fuzz/$target.log" | sed 's/^/   /' || true
  for found in "$crashes"/*; do
    [ -e "$found" ] || continue
    cp "$found" "fuzz/regressions/$target/"
    echo "   kept $(basename "$found") in fuzz/regressions/$target/"
  done
done
exit $status
