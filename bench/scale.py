#!/usr/bin/python3
# Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
"""Registry-scale harness: for each N, generates N studies, ingests them,
and measures what issue #8 asks for, then prints one table and draws a plot.

  bench/scale.py 20000 100000 [600000] [--work DIR] [--rounds 4] [--no-postgres]

Per N: ingest throughput (studies/s, MB/s) and its peak memory, store and
index size, search p50/p99 per query class (build/search_bench), related
trials, match latency (build/match_bench), HTTP requests/s with 8 clients on
the query mix and the server's peak memory, and PostgreSQL's times on the
same queries (bench/pg_compare.py, whose loaded cluster stays in WORK/pg-N
for the next run on the same studies). Results go to WORK/scale.json and
bench/scale.png (the plot needs Debian's python3-matplotlib).
"""
import argparse
import json
import os
import pathlib
import random
import re
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"


def timed(command, env=None):
    """Runs `command` under /usr/bin/time -v: (stdout, stderr, peak RSS MB)."""
    result = subprocess.run(["/usr/bin/time", "-v", *map(str, command)], capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise RuntimeError("%s failed:\n%s" % (command, result.stderr[-2000:]))
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1)) / 1024
    return result.stdout, result.stderr, peak


def folder_bytes(path, prefix=""):
    total = 0
    for entry in pathlib.Path(path).iterdir():
        if not entry.name.startswith(prefix):
            continue
        total += entry.stat().st_size if entry.is_file() else sum(f.stat().st_size for f in entry.rglob("*") if f.is_file())
    return total


def search_latencies(db, rounds):
    out, _, _ = timed([BUILD / "search_bench", "0", str(rounds)], dict(os.environ, TRIALFINDER_BENCH_DB=str(db)))
    classes = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 5 and re.match(r"^[\d.]+$", parts[2]):
            classes[parts[0]] = {"p50_ms": float(parts[2]), "p99_ms": float(parts[3])}
    return classes


def match_latency(db):
    out, _, _ = timed([BUILD / "match_bench", "--benchmark_format=json"], dict(os.environ, TRIALFINDER_BENCH_DB=str(db)))
    report = json.loads(out[out.index("{"):])
    return {b["name"].split("/")[0]: b["real_time"] for b in report["benchmarks"]}


def http_load(db, seconds=15, clients=8):
    """Requests/s of the query mix against `serve`, and the server's peak RSS."""
    server = subprocess.Popen([BUILD / "trialfinder", "serve", "--db", db, "--port", "0", "--access-log", os.devnull],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        base = "http://127.0.0.1:" + re.search(r":(\d+)/", server.stdout.readline()).group(1)
        queries = [urllib.parse.urlencode([tuple(pair.split("=", 1)) for pair in line.split("\t", 1)[1].strip().split("&")])
                   for line in open(ROOT / "bench" / "queries.tsv") if line.strip() and not line.startswith("#")]
        done, failed, stop = [0], [0], time.time() + seconds

        def client(number):
            rng = random.Random(number)
            while time.time() < stop:
                try:
                    with urllib.request.urlopen(base + "/api/v2/studies?" + rng.choice(queries), timeout=30) as r:
                        r.read()
                    done[0] += 1
                except Exception as error:  # counted, not raised: the figure says how many failed
                    failed[0] += 1
                    if failed[0] <= 3:
                        print("request failed:", error, file=sys.stderr)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with open("/proc/%d/status" % server.pid) as status:
            peak = int(re.search(r"VmHWM:\s+(\d+) kB", status.read()).group(1)) / 1024
        return {"requests_per_s": done[0] / seconds, "failed": failed[0], "server_peak_rss_mb": peak}
    finally:
        server.terminate()
        server.wait(timeout=60)


def measure(n, work, rounds, postgres):
    jsonl = work / ("studies-%d.jsonl" % n)
    if not jsonl.exists():
        subprocess.run([BUILD / "generate_studies", str(n), jsonl], check=True, capture_output=True)
    db = work / ("db-%d" % n)
    subprocess.run(["rm", "-rf", db], check=True)
    started = time.time()
    out, _, ingest_peak = timed([BUILD / "trialfinder", "ingest", "--db", db, "--no-progress", jsonl])
    total_seconds = time.time() - started
    stored = re.search(r"in ([\d.]+) s \((\d+) studies/s, ([\d.]+) MB/s\)", out)
    indexed = re.search(r"indexed in ([\d.]+) s", out)
    result = {
        "studies": n,
        "json_mb": jsonl.stat().st_size / 1e6,
        "ingest_and_index_s": total_seconds,
        "store_s": float(stored.group(1)), "store_studies_per_s": int(stored.group(2)),
        "store_mb_per_s": float(stored.group(3)), "index_s": float(indexed.group(1)),
        "ingest_peak_rss_mb": ingest_peak,
        "store_mb": folder_bytes(db, "trialfinder.sqlite") / 1e6, "index_mb": folder_bytes(db, "index-") / 1e6,
    }
    print("N=%d: ingest+index %.0f s, store %.1f MB, index %.1f MB" % (n, total_seconds, result["store_mb"],
                                                                      result["index_mb"]), flush=True)
    result["search"] = search_latencies(db, rounds)
    result["match_ms"] = match_latency(db)
    result["http"] = http_load(db)
    if postgres:
        pg_json = work / ("pg-%d.json" % n)
        # The loaded cluster is kept in WORK/pg-N and reused by later runs
        # on the same JSONL; the per-query lines go to WORK/pg-N.log.
        compared = subprocess.run(["python3", ROOT / "bench" / "pg_compare.py", "--jsonl", jsonl, "--db", db,
                                   "--rounds", str(rounds), "--results", pg_json, "--pgdata", work / ("pg-%d" % n)],
                                  check=True, capture_output=True, text=True)
        (work / ("pg-%d.log" % n)).write_text(compared.stdout)
        result["postgres"] = json.loads(pg_json.read_text())["classes"]
    return result


def print_table(results):
    print("\n%-34s" % "measure" + "".join("%16s" % ("N=%d" % r["studies"]) for r in results))
    rows = [
        ("ingest+index total (s)", lambda r: "%.0f" % r["ingest_and_index_s"]),
        ("store: studies/s", lambda r: "%d" % r["store_studies_per_s"]),
        ("store: MB/s", lambda r: "%.1f" % r["store_mb_per_s"]),
        ("index (s)", lambda r: "%.0f" % r["index_s"]),
        ("ingest peak RSS (MB)", lambda r: "%.0f" % r["ingest_peak_rss_mb"]),
        ("store / index on disk (MB)", lambda r: "%.0f / %.0f" % (r["store_mb"], r["index_mb"])),
        ("search all p50 / p99 (ms)", lambda r: "%.2f / %.1f" % (r["search"]["all"]["p50_ms"], r["search"]["all"]["p99_ms"])),
        ("search facets p50 / p99 (ms)", lambda r: "%.2f / %.1f" % (r["search"]["facets"]["p50_ms"], r["search"]["facets"]["p99_ms"])),
        ("related p50 / p99 (ms)", lambda r: "%.1f / %.1f" % (r["search"]["related"]["p50_ms"], r["search"]["related"]["p99_ms"])),
        ("match, case notes (ms)", lambda r: "%.0f" % r["match_ms"]["BM_MatchCaseNote"]),
        ("HTTP requests/s (8 clients)", lambda r: "%.0f (%d failed)" % (r["http"]["requests_per_s"], r["http"]["failed"])),
        ("server peak RSS (MB)", lambda r: "%.0f" % r["http"]["server_peak_rss_mb"]),
    ]
    for label, value in rows:
        print("%-34s" % label + "".join("%16s" % value(r) for r in results))
    for r in results:
        if "postgres" in r:
            ratios = ", ".join("%s %.1fx" % (c, v["ratio"]) for c, v in r["postgres"].items())
            print("N=%d PostgreSQL/trialfinder p50: %s" % (r["studies"], ratios))


def plot(results, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("no plot: install python3-matplotlib (scripts/install-deps.sh --bench)")
        return
    sizes = [r["studies"] for r in results]
    figure, (latency, throughput) = plt.subplots(1, 2, figsize=(11, 4.2))
    for name in ("all", "facets", "geo", "related"):
        latency.plot(sizes, [r["search"][name]["p50_ms"] for r in results], marker="o", label=name + " p50")
    latency.plot(sizes, [r["search"]["all"]["p99_ms"] for r in results], marker="x", linestyle="--", label="all p99")
    latency.set(xscale="log", yscale="log", xlabel="studies", ylabel="ms", title="Search latency")
    latency.legend(fontsize=8)
    throughput.plot(sizes, [r["store_studies_per_s"] for r in results], marker="o", label="store studies/s")
    throughput.plot(sizes, [r["studies"] / r["index_s"] for r in results], marker="o", label="index studies/s")
    throughput.plot(sizes, [r["http"]["requests_per_s"] for r in results], marker="o", label="HTTP requests/s")
    throughput.set(xscale="log", xlabel="studies", title="Throughput")
    throughput.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    print("plot:", path)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--work", default="/tmp/trialfinder-scale")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--http-only", action="store_true", help="re-measure only HTTP, on WORK's databases")
    args = parser.parse_args()
    work = pathlib.Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    if args.http_only:  # re-measure HTTP on the databases of an earlier run
        results = json.loads((work / "scale.json").read_text())
        for result in results:
            result["http"] = http_load(work / ("db-%d" % result["studies"]))
    else:
        results = []
        for n in args.sizes:  # saved after each size, so a long run keeps what it measured
            results.append(measure(n, work, args.rounds, not args.no_postgres))
            (work / "scale.json").write_text(json.dumps(results, indent=2))
    (work / "scale.json").write_text(json.dumps(results, indent=2))
    print_table(results)
    plot(results, ROOT / "bench" / "scale.png")


if __name__ == "__main__":
    main()
