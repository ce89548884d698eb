# Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
"""Registry sync end to end (issue 26).

Two trialfinder servers on loopback: one serves the sample as the upstream,
the other's store is brought up to date from it by `trialfinder sync` while
it serves; their /api/v2/studies answers then agree study by study, and a
record changed upstream arrives with the next sync, the old version in
history. A fault-injecting proxy in front of the upstream (started here)
answers 429 with Retry-After, 500s, a timeout, truncated JSON, a repeated
page and an expired token; each sync still ends with the upstream's studies.
A sync killed with SIGKILL part way and run again gives the same store as
one that ran through.

Usage: sync_test.py TRIALFINDER_BINARY SAMPLE_DIR
"""
import datetime
import http.server
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ElementTree

from atom_check import atom_problems
from server_fixture import RunningServer

BINARY, SAMPLE = sys.argv[1], sys.argv[2]
ATOM = "{http://www.w3.org/2005/Atom}"
UPSTREAM = None


def all_studies(server):
    """Every study the server's API lists, by NCT ID, paging with pageToken."""
    studies, token = {}, None
    while True:
        query = {"pageSize": "1000"}
        if token:
            query["pageToken"] = token
        status, page = server.get_json("/api/v2/studies?" + urllib.parse.urlencode(query))
        assert status == 200, page
        for study in page["studies"]:
            studies[study["protocolSection"]["identificationModule"]["nctId"]] = study
        token = page.get("nextPageToken")
        if not token:
            return studies


def store_rows(db):
    """(current versions, history versions) of a store, read with SQLite."""
    connection = sqlite3.connect(f"file:{os.path.join(db, 'trialfinder.sqlite')}?mode=ro", uri=True)
    try:
        current = connection.execute(
            "SELECT nct_id, version, last_update_post_date, raw_bytes FROM studies ORDER BY nct_id").fetchall()
        history = connection.execute(
            "SELECT nct_id, version, last_update_post_date FROM study_history ORDER BY nct_id, version").fetchall()
        return current, history
    finally:
        connection.close()


def sync_state(db):
    if not os.path.exists(os.path.join(db, "trialfinder.sqlite")):
        return None
    connection = sqlite3.connect(f"file:{os.path.join(db, 'trialfinder.sqlite')}?mode=ro", uri=True)
    try:
        row = connection.execute("SELECT value FROM store_meta WHERE key = 'sync'").fetchone()
        return json.loads(row[0]) if row else None
    except sqlite3.OperationalError:
        return None
    finally:
        connection.close()


def run_sync(db, upstream, *args, timeout=300):
    return subprocess.run([BINARY, "sync", "--db", db, "--from", upstream + "/api/v2", "--rate", "0",
                           "--retry-delay-ms", "50", "--no-progress", *args],
                          capture_output=True, text=True, timeout=timeout)


class FaultyUpstream:
    """A proxy to the upstream that answers request number N (1-based) with
    plan[N](path, real_body) instead: a (status, headers, body) tuple."""

    def __init__(self, upstream_base, plan=None, delay=0.0):
        self.upstream = upstream_base
        self.plan = plan or {}
        self.delay = delay
        self.requests = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                outer.requests.append(self.path)
                number = len(outer.requests)
                if outer.delay:
                    time.sleep(outer.delay)
                fault = outer.plan.get(number)
                try:
                    if fault is not None:
                        status, headers, body = fault(self.path, outer)
                    else:
                        status, headers, body = outer.forward(self.path)
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def forward(self, path):
        try:
            with urllib.request.urlopen(self.upstream + path, timeout=30) as response:
                return response.status, {"Content-Type": "application/json"}, response.read()
        except urllib.error.HTTPError as error:
            return error.code, {"Content-Type": "application/json"}, error.read()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def answer(status, body=b"", headers=None):
    return lambda path, proxy: (status, headers or {}, body)


def too_slow(seconds):
    def fault(path, proxy):
        time.sleep(seconds)
        return proxy.forward(path)
    return fault


def truncated(path, proxy):
    status, headers, body = proxy.forward(path)
    return status, headers, body[: len(body) // 2]


def expired_token(path, proxy):
    if "pageToken=" not in path:
        return proxy.forward(path)
    return 400, {"Content-Type": "application/json"}, b'{"message":"pageToken: expired"}'


def repeated_page(path, proxy):
    """The previous page's studies again, then the right token onwards."""
    query = urllib.parse.parse_qs(urllib.parse.urlparse(path).query)
    token = query.get("pageToken", [""])[0]
    status, headers, body = proxy.forward(path)
    if not token:
        return status, headers, body
    offset, fingerprint = token.split(".", 1)
    size = int(query["pageSize"][0])
    earlier = dict(query)
    earlier["pageToken"] = [f"{max(0, int(offset) - size)}.{fingerprint}"]
    _, _, earlier_body = proxy.forward("/api/v2/studies?" + urllib.parse.urlencode(earlier, doseq=True))
    page, previous = json.loads(body), json.loads(earlier_body)
    previous["nextPageToken"] = f"{offset}.{fingerprint}"  # so the real page comes next
    return status, headers, json.dumps(previous).encode()


class SyncTest(unittest.TestCase):
    def setUp(self):
        self.workdir = tempfile.mkdtemp(prefix="trialfinder-sync-")

    def tearDown(self):
        shutil.rmtree(self.workdir, ignore_errors=True)

    def db(self, name):
        return os.path.join(self.workdir, name)

    def test_a_server_syncing_from_another_serves_the_same_studies(self):
        db = self.db("copy")
        upstream = all_studies(UPSTREAM)
        # A first page, so that there is a store to serve; the rest arrives
        # while the copy serves.
        first = run_sync(db, UPSTREAM.base, "--page-size", "100", "--max-pages", "1")
        self.assertEqual(first.returncode, 0, first.stderr)
        self.assertIn("stopped part way", first.stdout)
        copy = RunningServer(BINARY, SAMPLE, before_serve=lambda server: self._use_db(server, db))
        try:
            self.assertEqual(copy.get_json("/api/v2/studies?countTotal=true&pageSize=1")[1]["totalCount"], 100)
            sync = subprocess.Popen([BINARY, "sync", "--db", db, "--from", UPSTREAM.base + "/api/v2", "--rate", "0",
                                     "--page-size", "100", "--no-progress"],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            seen = []
            while sync.poll() is None:  # readers never fail while pages land
                status, page = copy.get_json("/api/v2/studies?countTotal=true&pageSize=1")
                self.assertEqual(status, 200, page)
                seen.append(page["totalCount"])
                time.sleep(0.05)
            out, err = sync.communicate()
            self.assertEqual(sync.returncode, 0, err)
            self.assertIn("continued", out)
            self.assertEqual(seen, sorted(seen))  # never fewer studies than before
            deadline = time.time() + 10  # the index catches up within seconds
            while all_studies(copy).keys() != upstream.keys() and time.time() < deadline:
                time.sleep(0.2)
            copied = all_studies(copy)
            self.assertEqual(sorted(copied), sorted(upstream))
            for nct_id, study in upstream.items():
                self.assertEqual(copied[nct_id], study, nct_id)

            # A record changes upstream: the next sync brings it, the old
            # version goes to history.
            nct_id = [n for n in sorted(upstream)
                      if upstream[n]["protocolSection"].get("statusModule", {}).get("lastUpdatePostDateStruct")
                      and upstream[n]["protocolSection"].get("conditionsModule", {}).get("conditions")][5]
            changed = json.loads(json.dumps(upstream[nct_id]))
            status_module = changed["protocolSection"]["statusModule"]
            old_status = status_module["overallStatus"]
            status_module["overallStatus"] = "SUSPENDED" if old_status != "SUSPENDED" else "COMPLETED"
            status_module["whyStopped"] = "Paused by the sponsor"
            today = datetime.date.today().isoformat()
            status_module["lastUpdatePostDateStruct"] = {"date": today, "type": "ACTUAL"}
            status_module["lastUpdateSubmitDate"] = today
            changed_file = os.path.join(self.workdir, "changed.json")
            with open(changed_file, "w") as out_file:
                json.dump(changed, out_file)
            subprocess.run([BINARY, "ingest", "--db", UPSTREAM.db, "--no-progress", changed_file], check=True,
                           capture_output=True)
            again = run_sync(db, UPSTREAM.base)
            self.assertEqual(again.returncode, 0, again.stderr)
            self.assertIn("1 changed", again.stdout)
            self.assertIn("updated since", again.stdout)
            deadline = time.time() + 10
            while time.time() < deadline:
                status, study = copy.get_json(f"/api/v2/studies/{nct_id}")
                if study["protocolSection"]["statusModule"]["overallStatus"] != old_status:
                    break
                time.sleep(0.2)
            self.assertEqual(study, changed)
            shown = subprocess.run([BINARY, "show", "--db", db, "--history", nct_id], capture_output=True, text=True)
            self.assertIn("version 1:", shown.stderr)
            stats = subprocess.run([BINARY, "stats", "--db", db, "--json"], capture_output=True, text=True)
            last = json.loads(stats.stdout)["lastSync"]
            self.assertEqual(last["state"], "complete")
            self.assertEqual(last["studies"]["changed"], 1)
            self.check_feeds(copy, changed, old_status)
        finally:
            copy.stop()

    def check_feeds(self, server, changed, old_status):
        """The copy's Atom feeds carry the change, say what it was, and
        follow RFC 4287; the search page links its feed."""
        nct_id = changed["protocolSection"]["identificationModule"]["nctId"]
        since = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
        status, headers, body = server.get(f"/feeds/studies.atom?since={since}")
        self.assertEqual(status, 200, body)
        self.assertTrue(headers["Content-Type"].startswith("application/atom+xml"))
        self.assertEqual(atom_problems(body), [])
        feed = ElementTree.fromstring(body)
        entries = feed.findall(ATOM + "entry")
        self.assertEqual([e.find(ATOM + "id").text.rsplit("/", 1)[1] for e in entries], [nct_id])
        summary = entries[0].find(ATOM + "summary").text
        self.assertIn("Status: ", summary)
        self.assertIn("Paused by the sponsor", summary)
        self.assertNotIn(old_status, summary)  # people's words, not codes
        # A status filter keeps the trial that left it: news to its followers.
        status, _, body = server.get(f"/feeds/studies.atom?since={since}&filter.overallStatus={old_status}")
        self.assertEqual(len(ElementTree.fromstring(body).findall(ATOM + "entry")), 1, body)
        # Lists as the API takes them: pipes as well as commas.
        status, _, body = server.get(f"/feeds/studies.atom?since={since}"
                                     f"&filter.overallStatus=WITHDRAWN%7C{old_status}")
        self.assertEqual(len(ElementTree.fromstring(body).findall(ATOM + "entry")), 1, body)
        # The search page links the same search as a feed.
        condition = changed["protocolSection"]["conditionsModule"]["conditions"][0]
        status, _, page = server.get("/?" + urllib.parse.urlencode({"q": condition, "status": "ANY"}))
        link = re.search(r'href="(/feeds/search\.atom\?[^"]+)"', page.decode())
        self.assertIsNotNone(link, "the search page links no feed")
        status, _, body = server.get(link.group(1).replace("&amp;", "&") + f"&since={since}")
        self.assertEqual(status, 200, body)
        self.assertEqual(atom_problems(body), [])
        self.assertIn(nct_id, body.decode())
        status, _, body = server.get("/feeds/search.atom?q=lupus&since=yesterday")
        self.assertEqual(status, 400)
        self.assertIn("since", json.loads(body)["message"])
        # The checker itself finds a broken feed.
        self.assertTrue(atom_problems(b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>'))

    @staticmethod
    def _use_db(server, db):
        """Points a RunningServer at the synced store instead of its own sample."""
        shutil.rmtree(server.db)
        server.db = db

    def test_faults_end_in_the_upstreams_studies(self):
        plan = {
            1: answer(429, b"slow down", {"Retry-After": "1"}),
            2: answer(500, b"internal error"),
            3: too_slow(4),
            4: truncated,
            6: repeated_page,
            8: expired_token,
            10: answer(503, b"<html>maintenance</html>"),
        }
        proxy = FaultyUpstream(UPSTREAM.base, plan)
        db = self.db("faults")
        try:
            result = run_sync(db, proxy.base, "--page-size", "100", "--timeout", "2")
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertIn("5 retries", result.stdout)
            self.assertIn("1 restarts after expired page tokens", result.stdout)
        finally:
            proxy.close()
        reference = self.db("reference")
        self.assertEqual(run_sync(reference, UPSTREAM.base, "--page-size", "100").returncode, 0)
        self.assertEqual(store_rows(db), store_rows(reference))
        self.assertEqual(sync_state(db)["phase"], "complete")

    def test_an_upstream_that_keeps_failing_ends_with_a_clear_error(self):
        proxy = FaultyUpstream(UPSTREAM.base, {n: answer(500, b"down") for n in range(2, 100)})
        db = self.db("failing")
        try:
            result = run_sync(db, proxy.base, "--page-size", "100", "--max-attempts", "3")
        finally:
            proxy.close()
        self.assertEqual(result.returncode, 1, result.stdout)
        self.assertIn("gave up after 3 attempts", result.stderr)
        self.assertIn("HTTP 500", result.stderr)
        self.assertIn("continues from there", result.stderr)
        self.assertEqual(len(store_rows(db)[0]), 100)  # the first page is kept
        stats = subprocess.run([BINARY, "stats", "--db", db], capture_output=True, text=True)
        self.assertIn("failed", stats.stdout)
        self.assertIn("gave up after 3 attempts", stats.stdout)
        # Garbage instead of JSON, every time: nothing of it is applied.
        proxy = FaultyUpstream(UPSTREAM.base, {n: answer(200, b'{"studies":[{"protocolSection"')
                                                for n in range(1, 100)})
        try:
            result = run_sync(db, proxy.base, "--full", "--max-attempts", "2")
        finally:
            proxy.close()
        self.assertEqual(result.returncode, 1)
        self.assertIn("nothing of it was applied", result.stderr)
        self.assertEqual(len(store_rows(db)[0]), 100)

    def test_a_killed_sync_continues_to_the_same_store(self):
        proxy = FaultyUpstream(UPSTREAM.base, delay=0.15)
        db = self.db("killed")
        try:
            sync = subprocess.Popen([BINARY, "sync", "--db", db, "--from", proxy.base + "/api/v2", "--rate", "0",
                                     "--page-size", "40", "--no-progress"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.time() + 60
            while time.time() < deadline:
                state = sync_state(db)
                if state and state["pages"] >= 4:
                    break
                time.sleep(0.05)
            time.sleep(0.07)  # land somewhere inside a page
            sync.send_signal(signal.SIGKILL)
            sync.wait()
            state = sync_state(db)
            self.assertEqual(state["phase"], "running")
            self.assertLess(state["pages"], 20)
            stats = subprocess.run([BINARY, "stats", "--db", db, "--json"], capture_output=True, text=True)
            self.assertEqual(json.loads(stats.stdout)["lastSync"]["state"], "interrupted")
            again = run_sync(db, proxy.base, "--page-size", "40")
            self.assertEqual(again.returncode, 0, again.stderr)
            self.assertIn("continued", again.stdout)
        finally:
            proxy.close()
        reference = self.db("straight")
        self.assertEqual(run_sync(reference, UPSTREAM.base, "--page-size", "40").returncode, 0)
        self.assertEqual(store_rows(db), store_rows(reference))
        verify = subprocess.run([BINARY, "verify", "--db", db], capture_output=True, text=True)
        self.assertEqual(verify.returncode, 0, verify.stdout)

    def test_two_syncs_on_one_store_and_bad_options(self):
        db = self.db("locked")
        proxy = FaultyUpstream(UPSTREAM.base, delay=0.5)
        try:
            first = subprocess.Popen([BINARY, "sync", "--db", db, "--from", proxy.base + "/api/v2", "--rate", "0",
                                      "--page-size", "100", "--no-progress"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(0.3)
            second = run_sync(db, proxy.base)
            first.wait(timeout=60)
        finally:
            proxy.close()
        self.assertEqual(second.returncode, 1)
        self.assertIn("another sync is running", second.stderr)
        bad = run_sync(self.db("bad"), UPSTREAM.base, "--since", "2026-13-01")
        self.assertEqual(bad.returncode, 2)
        self.assertIn("--since", bad.stderr)
        self.assertFalse(os.path.exists(self.db("bad")))  # nothing left behind
        bad = run_sync(self.db("bad"), "file:///etc")
        self.assertEqual(bad.returncode, 2)
        self.assertIn("--from", bad.stderr)
        # A progress bar when asked (by default: when stderr is a terminal).
        shown = run_sync(self.db("progress"), UPSTREAM.base, "--page-size", "200", "--progress")
        self.assertEqual(shown.returncode, 0, shown.stderr)
        self.assertIn("[#####", shown.stderr)
        self.assertIn("page 4 of 4", shown.stderr)
        # SIGTERM stops after the page in hand, says how to continue, and the
        # next sync (without --from: the store's own upstream) does.
        proxy = FaultyUpstream(UPSTREAM.base, delay=0.3)
        try:
            db = self.db("stopped")
            sync = subprocess.Popen([BINARY, "sync", "--db", db, "--from", proxy.base + "/api/v2", "--rate", "0",
                                     "--page-size", "50", "--no-progress"],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            while not (sync_state(db) or {}).get("pages"):
                time.sleep(0.05)
            sync.send_signal(signal.SIGTERM)
            out, err = sync.communicate(timeout=60)
            self.assertEqual(sync.returncode, 0, err)
            self.assertIn("stopped part way", out)
            self.assertIn("continues from page", err)
            again = subprocess.run([BINARY, "sync", "--db", db, "--rate", "0", "--no-progress"],
                                   capture_output=True, text=True, timeout=300)
            self.assertEqual(again.returncode, 0, again.stderr)
            self.assertIn("continued", again.stdout)
            self.assertIn(proxy.base, again.stdout)
        finally:
            proxy.close()
        refused = run_sync(self.db("refused"), "http://127.0.0.1:9", "--max-attempts", "2")
        self.assertEqual(refused.returncode, 1)
        self.assertIn("gave up after 2 attempts", refused.stderr)


if __name__ == "__main__":
    UPSTREAM = RunningServer(BINARY, SAMPLE)
    try:
        unittest.main(argv=sys.argv[:1], verbosity=2)
    finally:
        UPSTREAM.stop()
