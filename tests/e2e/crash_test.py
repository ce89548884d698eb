# Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
"""Crash safety: kill -9 an ingest of 6,000 studies at random points, again
and again (while storing, then while indexing), and check after each kill that the store is consistent (every
record whole, under its own NCT ID). Then the ingest is run to the end and
the index must be caught up with the store; a killed reindex must leave the
old index working; a lost index must be rebuilt by `serve` on start.

Usage: crash_test.py TRIALFINDER_BINARY SAMPLE_DIR
The kill points come from TRIALFINDER_CRASH_SEED (printed, so a failure can
be replayed).
"""
import json
import os
import pathlib
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

BINARY, SAMPLE = sys.argv[1], pathlib.Path(sys.argv[2])
# 6,000: storing takes about 2 s and indexing 30 s here, so the kills land
# in both; 20,000 made this the longest test in CI (310 s, most of it the
# two full indexings at the end).
STUDIES = 6000
ROUNDS = 5


def write_load(path):
    """STUDIES records: the sample's, again and again, under fresh NCT IDs."""
    with open(SAMPLE / "studies.jsonl") as lines:
        sample = [line for line in lines if line.strip()]
    with open(path, "w") as out:
        for i in range(STUDIES):
            record = json.loads(sample[i % len(sample)])
            ident = record["protocolSection"]["identificationModule"]
            ident["nctId"] = "NCT8%07d" % i
            ident["briefTitle"] = ident.get("briefTitle", "") + " (copy %d)" % i
            record.pop("derivedSection", None) if i % 3 == 0 else None
            out.write(json.dumps(record) + "\n")


def run(*args, check=True):
    result = subprocess.run([BINARY, *args], capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError("trialfinder %s: exit %d\n%s" % (" ".join(args), result.returncode, result.stderr))
    return result


def verify(db):
    result = run("verify", "--db", db, "--json", check=False)
    report = json.loads(result.stdout)
    assert report["consistent"] and result.returncode == 0, report["problems"][:10]
    return report


def kill_at_random(args, rng, low, high, wait_for=None):
    """Starts trialfinder, waits `wait_for()` to be true (if given), sleeps a
    random time in [low, high] s and kills it with SIGKILL."""
    process = subprocess.Popen([BINARY, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while wait_for and not wait_for() and process.poll() is None:
        time.sleep(0.05)
    delay = rng.uniform(low, high)
    time.sleep(delay)
    finished = process.poll() is not None
    process.send_signal(signal.SIGKILL)
    process.wait()
    return delay, finished


def main():
    seed = int(os.environ.get("TRIALFINDER_CRASH_SEED", time.time_ns() % 1000000))
    print("TRIALFINDER_CRASH_SEED=%d" % seed, flush=True)
    rng = random.Random(seed)
    work = tempfile.mkdtemp(prefix="trialfinder-crash-")
    try:
        load = os.path.join(work, "load.jsonl")
        write_load(load)
        db = os.path.join(work, "db")
        stored = []
        for round_number in range(ROUNDS):
            delay, finished = kill_at_random(["ingest", "--db", db, "--no-progress", "--batch-size", "200", load],
                                             rng, 0.2, 4.0)
            report = verify(db)
            stored.append(report["studies"])
            index = report.get("index", {})
            print("round %d: killed after %.2f s%s: %d studies stored, index %s" % (
                round_number + 1, delay, " (had finished)" if finished else "", report["studies"],
                index.get("documents", index.get("error"))), flush=True)
            assert stored == sorted(stored), "a kill lost stored studies: %s" % stored

        # Kill while the index is being written (an index directory exists).
        for round_number in range(2):
            indexing = lambda: any(name.startswith("index-") for name in os.listdir(db))
            delay, finished = kill_at_random(["ingest", "--db", db, "--no-progress", load], rng, 0.2, 6.0, indexing)
            report = verify(db)
            index = report.get("index", {})
            print("indexing round %d: killed %.2f s into indexing%s: %d studies stored, index %s" % (
                round_number + 1, delay, " (had finished)" if finished else "", report["studies"],
                index.get("documents", index.get("error"))), flush=True)

        # Run to the end: everything stored once, the index caught up.
        run("ingest", "--db", db, "--no-progress", load)
        report = verify(db)
        assert report["studies"] == STUDIES, report["studies"]
        assert report["historyVersions"] == 0, "unchanged records must not make versions"
        assert report["index"]["documents"] == STUDIES, report["index"]
        assert report["index"]["changesBehind"] == 0, report["index"]

        # A killed reindex leaves the old index in place and searchable.
        delay, finished = kill_at_random(["reindex", "--db", db], rng, 0.5, 4.0)
        report = verify(db)
        assert report["index"]["documents"] == STUDIES, report["index"]
        found = run("search", "--db", db, "--cond", "lupus", "--json").stdout
        assert json.loads(found)["studies"], "search after a killed reindex found nothing"
        print("reindex killed after %.2f s%s: old index intact" % (delay, " (had finished)" if finished else ""))

        # A lost index is rebuilt when the server starts.
        with open(os.path.join(db, "index")) as stub:
            shutil.rmtree(os.path.join(db, stub.read().split()[1]))
        os.remove(os.path.join(db, "index"))
        server = subprocess.Popen([BINARY, "serve", "--db", db, "--port", "0"], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        try:
            line = server.stdout.readline()
            listening = re.search(r"127\.0\.0\.1:(\d+)/", line)
            if not listening:  # say why serve stopped instead of an AttributeError
                server.wait(timeout=30)
                raise AssertionError("serve did not start (exit %s): %r %s" % (
                    server.returncode, line, server.stderr.read()[-3000:]))
            port = listening.group(1)
            with urllib.request.urlopen("http://127.0.0.1:%s/healthz" % port, timeout=30) as response:
                health = json.loads(response.read())
            assert health["studies"] == STUDIES and health["indexedStudies"] == STUDIES, health
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        print("lost index rebuilt by serve: %d documents" % STUDIES)
        print("OK")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
