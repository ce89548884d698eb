#!/usr/bin/env python3
# Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
"""Time to first byte of every page kind on the sample (issue 25: p95 under
100 ms), as a browser asks for them (Accept-Encoding: gzip, br) and
without compression, to show what compression costs.

Usage: bench/page_bench.py [TRIALFINDER_BINARY] [STUDIES_PER_KIND]
Ingests the sample into a temporary database, starts `serve` on a free
loopback port and, from one client on one kept-alive connection (latency,
not throughput), requests: the search page (empty and with queries from
bench/queries.tsv), the trial page and the patient page of every sampled
study (the one with the most sites always among them, with and without a
place), /match for a few patients, sitemap.xml and the style sheet. TTFB
is the time from sending a request to reading its status line and
headers. Prints p50/p95/max per page kind and exits 1 when any p95 is over
the target, so a run says plainly whether the target holds.
"""
import http.client
import json
import pathlib
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parents[1]
BINARY = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "build" / "trialfinder")
PER_KIND = int(sys.argv[2]) if len(sys.argv) > 2 else 150
TARGET_MS = 100.0
SAMPLE = ROOT / "data" / "sample"
PATIENTS = [
    {"age": "34", "sex": "FEMALE", "conditions": "systemic lupus erythematosus",
     "description": "Failed hydroxychloroquine and mycophenolate. Anti-dsDNA positive. Not pregnant."},
    {"age": "66", "sex": "MALE", "conditions": "non-small cell lung cancer", "description": "Stage IV, ECOG 1."},
    {"age": "8", "sex": "FEMALE", "conditions": "type 1 diabetes", "description": ""},
    {"age": "58", "sex": "FEMALE", "conditions": "breast cancer", "near": "Boston",
     "description": "HER2 positive, previously treated with paclitaxel."},
]


def studies(client):
    """Every study id the server holds, and the one with the most sites."""
    client.connection.request("GET", "/api/v2/studies?fields=NCTId,LocationFacility&pageSize=1000")
    answer = json.loads(client.connection.getresponse().read())
    ids, most, most_sites = [], None, -1
    for record in answer["studies"]:
        nct = record["protocolSection"]["identificationModule"]["nctId"]
        sites = len(record["protocolSection"].get("contactsLocationsModule", {}).get("locations", []))
        ids.append(nct)
        if sites > most_sites:
            most, most_sites = nct, sites
    return ids, most, most_sites


def queries():
    out = []
    for line in open(ROOT / "bench" / "queries.tsv"):
        if line.startswith("#") or "\t" not in line:
            continue
        params = urllib.parse.parse_qs(line.split("\t", 1)[1].strip())
        for key in ("query.cond", "query.term"):
            if key in params:
                out.append(params[key][0])
    return out


class Client:
    def __init__(self, port):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def ttfb(self, method, path, body=None, encoding="gzip, br"):
        headers = {"Accept-Encoding": encoding} if encoding else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            try:
                start = time.perf_counter()
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                elapsed = (time.perf_counter() - start) * 1000
                response.read()
                if response.status >= 500:
                    raise RuntimeError(f"{path}: HTTP {response.status}")
                return elapsed
            except (http.client.HTTPException, ConnectionError):
                if attempt:
                    raise
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        raise AssertionError("unreachable")


def main():
    with tempfile.TemporaryDirectory() as work:
        db = pathlib.Path(work) / "db"
        subprocess.run([BINARY, "ingest", "--db", str(db), "--no-progress", str(SAMPLE / "studies.jsonl"),
                        str(SAMPLE / "seed-studies"), str(SAMPLE / "xml")], check=True, capture_output=True)
        server = subprocess.Popen([BINARY, "serve", "--db", str(db), "--port", "0"], stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True)
        try:
            port = None
            while port is None:
                line = server.stdout.readline()
                if not line:
                    raise RuntimeError("the server did not start")
                found = re.search(r"127\.0\.0\.1:(\d+)/", line)
                port = int(found.group(1)) if found else None
            client = Client(port)
            ids, most, most_sites = studies(client)
            chosen = random.Random(25).sample(ids, min(PER_KIND, len(ids)))
            if most not in chosen:
                chosen[0] = most
            kinds = {}

            def measure(kind, method, path, body=None):
                kinds.setdefault(kind, []).append(client.ttfb(method, path, body))
                kinds.setdefault(kind + " (uncompressed)", []).append(client.ttfb(method, path, body, None))

            for _ in range(3):  # warm the caches as a running server has them
                client.ttfb("GET", f"/study/{most}")
            measure("search (empty)", "GET", "/")
            for query in queries():
                measure("search", "GET", "/?" + urllib.parse.urlencode({"q": query}))
                measure("search near a place", "GET", "/?" + urllib.parse.urlencode({"q": query, "near": "Boston"}))
            for nct in chosen:
                measure("trial page", "GET", f"/study/{nct}")
                measure("patient page", "GET", f"/study/{nct}/plain")
            for _ in range(5):
                measure("trial page, most sites", "GET", f"/study/{most}")
                measure("trial page, most sites, near a place", "GET", f"/study/{most}?near=Stanford")
            for patient in PATIENTS:
                for _ in range(3):
                    measure("/match", "POST", "/match", urllib.parse.urlencode(patient))
            measure("sitemap.xml", "GET", "/sitemap.xml")
            for _ in range(5):
                measure("style sheet", "GET", "/static/style.css")
        finally:
            server.terminate()
            server.wait()
    print(f"time to first byte on the sample ({len(ids)} studies; {most} has {most_sites} sites), "
          f"one client, kept-alive connection; target p95 < {TARGET_MS:.0f} ms")
    print(f"{'page':45s} {'n':>4s} {'p50 ms':>8s} {'p95 ms':>8s} {'max ms':>8s}")
    over = []
    for kind, times in kinds.items():
        times = sorted(times)
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        print(f"{kind:45s} {len(times):4d} {statistics.median(times):8.1f} {p95:8.1f} {times[-1]:8.1f}")
        if p95 > TARGET_MS and "uncompressed" not in kind:
            over.append(kind)
    if over:
        print("p95 over the target: " + ", ".join(over))
        return 1
    print("every page kind is within the target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
