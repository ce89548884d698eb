# Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
"""Load during re-ingest: clients search and read studies without pause while
every sample study is re-ingested in a new version. No request may fail, and
a reader must see each study either wholly old or wholly new (both titles
carry the same version mark). Bounded in time.

Usage: reingest_load_test.py TRIALFINDER_BINARY SAMPLE_DIR
"""
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.parse

from server_fixture import RunningServer

BINARY, SAMPLE = sys.argv[1], sys.argv[2]
CLIENTS = 8


def new_versions(path, sample):
    """Every sample record again, both titles marked [v2] and updated later."""
    ids = []
    with open(os.path.join(sample, "studies.jsonl")) as lines, open(path, "w") as out:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            protocol = record["protocolSection"]
            ident = protocol["identificationModule"]
            ident["briefTitle"] = ident.get("briefTitle", "") + " [v2]"
            ident["officialTitle"] = ident.get("officialTitle", "") + " [v2]"
            status = protocol.setdefault("statusModule", {})
            status["lastUpdatePostDate"] = {"date": "2099-01-01", "type": "ACTUAL"}
            status["lastUpdateSubmitDate"] = "2099-01-01"
            out.write(json.dumps(record) + "\n")
            ids.append(ident["nctId"])
    return ids


def main():
    server = RunningServer(BINARY, SAMPLE)
    failures, reads, torn = [], [0], []
    stop = threading.Event()
    try:
        update = os.path.join(server.workdir, "v2.jsonl")
        ids = new_versions(update, SAMPLE)

        def client(number):
            rng = random.Random(number)
            while not stop.is_set():
                if rng.random() < 0.5:
                    nct_id = rng.choice(ids)
                    status, _, body = server.get("/api/v2/studies/" + nct_id)
                    if status != 200:
                        failures.append((nct_id, status, body[:200]))
                        continue
                    ident = json.loads(body)["protocolSection"]["identificationModule"]
                    marks = (ident.get("briefTitle", "").endswith("[v2]"),
                             ident.get("officialTitle", "").endswith("[v2]"))
                    if marks[0] != marks[1]:
                        torn.append(nct_id)
                else:
                    term = rng.choice(["cancer", "lupus", "diabetes", "pain", "heart"])
                    path = "/api/v2/studies?" + urllib.parse.urlencode(
                        {"query.term": term, "pageSize": 20, "countTotal": "true", "facets": "true"})
                    status, _, body = server.get(path)
                    if status != 200:
                        failures.append((path, status, body[:200]))
                reads[0] += 1

        threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
        for thread in threads:
            thread.start()
        time.sleep(1.0)
        started = time.time()
        result = subprocess.run([BINARY, "ingest", "--db", server.db, "--no-progress", "--batch-size", "50", update],
                                capture_output=True, text=True, timeout=300)
        ingest_seconds = time.time() - started
        time.sleep(1.0)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        assert result.returncode == 0, result.stderr
        assert "%d updated" % len(ids) in result.stdout, result.stdout
        assert not failures, failures[:5]
        assert not torn, "studies seen half-updated: %s" % torn[:5]
        # After the ingest every study is the new version, in the index too.
        status, _, body = server.get("/api/v2/studies/" + ids[0])
        assert json.loads(body)["protocolSection"]["identificationModule"]["briefTitle"].endswith("[v2]")
        status, _, body = server.get("/api/v2/studies?" + urllib.parse.urlencode(
            {"query.titles": "v2", "countTotal": "true", "pageSize": 1}))
        assert json.loads(body)["totalCount"] == len(ids), body[:200]
        print("%d requests from %d clients during a %.1f s re-ingest of %d studies: none failed, none torn"
              % (reads[0], CLIENTS, ingest_seconds, len(ids)))
    finally:
        stop.set()
        server.stop()


if __name__ == "__main__":
    main()
