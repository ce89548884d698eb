#!/usr/bin/env python3
# Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
"""Registry sync speed: N generated studies from a local upstream (issue 26).

Usage: bench/sync_bench.py [BUILD_DIR] [N_STUDIES]   (default build, 100000)
Generates N studies (bench/study_generator), ingests them into an upstream
store, serves it on loopback, and times `trialfinder sync --rate 0` of a
fresh store from it: studies per second and the sync's peak memory (its
maximum resident set, from wait4). The same run's ingest of the studies from a file (into the upstream) is
the baseline. Then a second sync, which finds nothing
new, shows what an unchanged daily run costs. The index update after each
page is part of the time, as it is for a real sync.
"""
import os
import pathlib
import re
import resource
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
BUILD = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build"
COUNT = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
BINARY = str(BUILD / "trialfinder")


def timed(command):
    """(seconds, peak RSS in MB, stdout) of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    out = process.stdout.read()
    err = process.stderr.read()
    if os.waitstatus_to_exitcode(status) not in (0, 3):  # 3: some records rejected
        raise SystemExit(f"{command[1]} failed: {err}")
    return seconds, usage.ru_maxrss / 1024, out


def main():
    with tempfile.TemporaryDirectory(prefix="trialfinder-sync-bench-") as work:
        studies = os.path.join(work, "studies.jsonl")
        subprocess.run([str(BUILD / "generate_studies"), str(COUNT), studies], check=True,
                       capture_output=True)
        upstream_db = os.path.join(work, "upstream")
        ingest_seconds, ingest_peak, _ = timed([BINARY, "ingest", "--db", upstream_db, "--no-progress", studies])
        print(f"baseline, ingest of the same studies from a file: {ingest_seconds:.1f} s = "
              f"{COUNT / ingest_seconds:.0f} studies/s, peak memory {ingest_peak:.0f} MB")
        server = subprocess.Popen([BINARY, "serve", "--db", upstream_db, "--port", "0",
                                   "--access-log", os.devnull], stdout=subprocess.PIPE, text=True)
        try:
            port = re.search(r":(\d+)/", server.stdout.readline()).group(1)
            upstream = f"http://127.0.0.1:{port}/api/v2"
            copy = os.path.join(work, "copy")
            sync = [BINARY, "sync", "--db", copy, "--from", upstream, "--rate", "0", "--no-progress"]
            seconds, peak, out = timed(sync)
            print(out.strip())
            print(f"full sync: {COUNT} studies in {seconds:.1f} s = {COUNT / seconds:.0f} studies/s, "
                  f"peak memory {peak:.0f} MB; {ingest_seconds / seconds:.2f} x the ingest's speed")
            seconds, peak, out = timed(sync)
            print(out.strip())
            print(f"sync with nothing new: {seconds:.2f} s, peak memory {peak:.0f} MB")
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
