#!/usr/bin/env bash
# HTTP load benchmark: N generated studies (default 20,000) served by
# `trialfinder serve` on loopback, loaded by wrk with the searches of
# bench/queries.tsv for a bounded time. Prints requests/s and latency
# percentiles, and the same for /healthz as a same-run baseline.
# Needs: wrk (scripts/install-deps.sh --bench). Usage: bench/load_bench.sh [N] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-20000}
seconds=${2:-20}
build=${BUILD_DIR:-build}
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
"$build/generate_studies" "$count" "$work/studies.jsonl"
"$build/trialfinder" ingest --db "$work/db" --no-progress "$work/studies.jsonl"
"$build/trialfinder" serve --db "$work/db" --port 0 --access-log /dev/null > "$work/serve.out" &
server=$!
for _ in $(seq 50); do grep -q http "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
base=$(grep -o 'http://[0-9.:]*' "$work/serve.out")
# One wrk request per line of queries.tsv, in turn.
{
  echo 'local paths = {}'
  grep -v '^#' bench/queries.tsv | cut -f2 | sed 's/ /%20/g' | while read -r q; do
    echo "table.insert(paths, \"/api/v2/studies?$q\")"
  done
  echo 'local i = 0'
  echo 'request = function() i = i % #paths + 1; return wrk.format("GET", paths[i]) end'
  echo 'done = function(summary, latency, requests)'
  echo '  io.write(string.format("RESULT requests/s=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d\n",'
  echo '    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,'
  echo '    latency:percentile(99) / 1000, summary.errors.status + summary.errors.connect + summary.errors.timeout))'
  echo 'end'
} > "$work/queries.lua"
echo "== searches (bench/queries.tsv), 2 threads, 16 connections, ${seconds}s"
wrk -t2 -c16 -d"${seconds}s" --latency -s "$work/queries.lua" "$base" | grep -E "RESULT|Non-2xx|Socket errors"
echo "== baseline: /healthz"
cat > "$work/health.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests/s=%.0f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA
wrk -t2 -c16 -d"$((seconds / 2))s" -s "$work/health.lua" "$base/healthz" | grep RESULT
echo "server resident memory: $(awk '/VmHWM/ {print $2, $3}' /proc/$server/status) peak"
