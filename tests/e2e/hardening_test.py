# Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
"""The attacks of issue 20 against the real server, each a regression test:
before the fixes each of these crashed the server, stalled it, bloated it
or let an attacker through. Run: hardening_test.py TRIALFINDER_BINARY SAMPLE_DIR

The server runs as shipped (no trusted proxy) with short timeouts so that
the tests of slow clients take seconds. Attackers use other loopback
addresses (127.0.0.2 ...) than the normal client (127.0.0.1), as they
would be other machines.
"""
import concurrent.futures
import gzip
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from server_fixture import RunningServer  # noqa: E402

BINARY, SAMPLE = sys.argv[1], sys.argv[2]
SERVER = None
EDITOR, PASSWORD = "alice", "correct horse battery"


def sample_record(index=0):
    with open(os.path.join(SAMPLE, "studies.jsonl")) as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    return records[index]


def write_attack_records(directory):
    """Records that ingest and verify accepted and that then broke pages."""
    spaces = sample_record(5)
    ident = spaces["protocolSection"]["identificationModule"]
    ident["nctId"] = "NCT99990001"
    ident["briefTitle"] = "Lupus study with a very long blank line"
    spaces["protocolSection"].setdefault("conditionsModule", {})["conditions"] = ["Lupus"]
    spaces["protocolSection"].setdefault("eligibilityModule", {})["eligibilityCriteria"] = (
        "Inclusion Criteria:\n\n*" + " " * 32000 + "Age 18 years or older\n\nExclusion Criteria:\n\n* Pregnancy")
    nul = sample_record(6)
    nul["protocolSection"]["identificationModule"]["nctId"] = "NCT99990002"
    nul["protocolSection"]["identificationModule"]["briefTitle"] = "\tTitle with a\u0000NUL"
    path = os.path.join(directory, "attacks.jsonl")
    with open(path, "w") as out:
        for record in (spaces, nul):
            out.write(json.dumps(record) + "\n")
    return path


def add_editor(server):
    subprocess.run([BINARY, "editor", "add", "--db", server.db, "--name", EDITOR],
                   input=PASSWORD + "\n", text=True, check=True, capture_output=True)


# Under AddressSanitizer (test.sh's second stage) freed memory sits in a
# quarantine and RSS says little about what the server keeps: memory
# bounds are checked in the normal build only.
CHECK_MEMORY = "ASAN_OPTIONS" not in os.environ
# Nor do they keep the timing that order-of-service and budget checks rely
# on: there a 10 MB page or a long case note takes 5-10x as long, and CI saw
# /healthz wait over 30 s behind four such requests. Those checks run in the
# normal build; under the sanitizers the same requests still run, unchecked.
CHECK_TIMING = CHECK_MEMORY


def assert_memory_grew_less(test, before_kb, limit_kb):
    if os.environ.get("HARDENING_VERBOSE"):
        print(f"  RSS grew {rss_kb() - before_kb} kB (limit {limit_kb})", file=sys.stderr)
    if CHECK_MEMORY:
        test.assertLess(rss_kb() - before_kb, limit_kb)


def rss_kb():
    with open(f"/proc/{SERVER.process.pid}/status") as status:
        return int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1))


def raw(data, source="127.0.0.2", timeout=5):
    """Sends bytes on a fresh connection; returns all bytes received until close or timeout."""
    port = int(SERVER.base.rsplit(":", 1)[1])
    sock = socket.socket()
    sock.bind((source, 0))
    sock.connect(("127.0.0.1", port))
    sock.settimeout(timeout)
    out = b""
    try:
        sock.sendall(data)
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            out += chunk
    except (socket.timeout, ConnectionResetError, BrokenPipeError):
        pass
    sock.close()
    return out


def status_of(response):
    match = re.match(rb"HTTP/1\.[01] (\d{3})", response)
    return int(match.group(1)) if match else None


def assert_alive(test):
    status, body = SERVER.get_json("/healthz")
    test.assertEqual(status, 200)
    test.assertEqual(body["status"], "ok")


class Crashes(unittest.TestCase):
    def test_a_long_number_in_a_case_note(self):
        body = json.dumps({"patient": {"description": "hemoglobin 1." + "7" * 30000}}).encode()
        status, _, _ = SERVER.request("POST", "/api/v2/match", body, {"Content-Type": "application/json"})
        self.assertEqual(status, 200)
        assert_alive(self)

    def test_a_criterion_of_a_bullet_and_32000_spaces(self):
        for path in ["/study/NCT99990001", "/study/NCT99990001/plain", "/api/v2/studies/NCT99990001/criteria"]:
            status, _, _ = SERVER.get(path)
            self.assertEqual(status, 200, path)
        status, body = SERVER.get_json("/api/v2/studies/NCT99990001/criteria")
        texts = [c["text"] for c in body["criteria"]]
        self.assertIn("Age 18 years or older", texts)
        patient = json.dumps({"patient": {"age": 30, "conditions": [{"name": "lupus"}]},
                              "includeExcluded": True, "limit": 100}).encode()
        # The record is COMPLETED: matching leaves closed trials out unless
        # a status filter asks for them.
        status, _, body = SERVER.request("POST", "/api/v2/match?filter.overallStatus=COMPLETED", patient,
                                         {"Content-Type": "application/json"})
        self.assertEqual(status, 200)
        self.assertIn(b"NCT99990001", body)
        assert_alive(self)


class Exhaustion(unittest.TestCase):
    def test_compressed_bodies_are_refused_not_inflated(self):
        before = rss_kb()
        bomb = gzip.compress(b'{"patient": {"description": "' + b"a" * 50_000_000 + b'"}}')
        for encoding, body in (("gzip", bomb), ("br", b"\x1b\xff\xff\x00" * 100)):
            response = raw(b"POST /api/v2/match HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           b"Content-Encoding: " + encoding.encode() + b"\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
            self.assertEqual(status_of(response), 415, response[:200])
        assert_memory_grew_less(self, before, 20_000)
        assert_alive(self)

    def test_multi_range_requests_get_one_copy(self):
        before = rss_kb()
        path = b"/api/v2/studies?pageSize=1000&fields=NCTId,BriefTitle"
        # A 1,000-study page takes seconds under AddressSanitizer on a busy
        # machine: wait for it.
        plain = raw(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", timeout=30)
        ranged = raw(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\nRange: bytes=" +
                     b",".join([b"0-"] * 40) + b"\r\n\r\n", timeout=30)
        self.assertEqual(status_of(ranged), 200)
        self.assertLess(abs(len(ranged) - len(plain)), 200)  # one body, not 40
        assert_memory_grew_less(self, before, 20_000)

    def test_chunked_bodies_are_limited(self):
        before = rss_kb()
        port = int(SERVER.base.rsplit(":", 1)[1])
        sock = socket.create_connection(("127.0.0.1", port))
        sock.settimeout(5)
        sock.sendall(b"POST /api/v2/match HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        sent = 0
        try:
            while sent < 100_000_000:
                chunk = b"a" * 65536
                sock.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            pass
        sock.close()
        self.assertLess(sent, 10_000_000)  # the server stopped reading long before 100 MB
        assert_memory_grew_less(self, before, 20_000)
        # Just over the limit (2 MB here: a patient may be a FHIR Bundle): a
        # 413 that says so.
        over = raw(b"POST /api/v2/match HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                   b"Transfer-Encoding: chunked\r\n\r\n" + (b"8000\r\n" + b"a" * 0x8000 + b"\r\n") * 65 + b"0\r\n\r\n")
        self.assertEqual(status_of(over), 413)
        self.assertIn(b"over 2097152 bytes", over)
        assert_alive(self)

    def test_header_count_and_size_are_limited(self):
        before = rss_kb()
        headers = b"".join(b"X-Header-%d: v\r\n" % i for i in range(200_000))
        response = raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n")
        self.assertIn(status_of(response), (400, 413, 431, None))
        assert_memory_grew_less(self, before, 20_000)
        assert_alive(self)

    def test_idle_and_slow_connections_do_not_hold_up_others(self):
        port = int(SERVER.base.rsplit(":", 1)[1])
        held = []
        for i in range(260):  # 200 idle, 60 sending headers a byte at a time
            sock = socket.socket()
            sock.bind((f"127.0.0.{10 + i % 8}", 0))
            sock.connect(("127.0.0.1", port))
            if i >= 200:
                sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            held.append(sock)
        try:
            # A generous timeout: this checks an answer comes at all (it took
            # 30 s with 33 such sockets before); bench/attack_bench.py times it.
            status, _, body = SERVER.get("/api/v2/studies?query.cond=lupus")
            self.assertEqual(status, 200)
            # Slow senders are cut off at the request deadline (3 s here).
            deadline = time.time() + 15
            open_slow = 60
            while time.time() < deadline and open_slow:
                open_slow = 0
                for sock in held[200:]:
                    try:
                        sock.sendall(b"X: y\r\n")
                        open_slow += 1
                    except OSError:
                        pass
                time.sleep(0.5)
            self.assertEqual(open_slow, 0)
        finally:
            for sock in held:
                sock.close()

    def test_one_address_cannot_take_every_connection(self):
        port = int(SERVER.base.rsplit(":", 1)[1])
        held, refused = [], 0
        for _ in range(100):
            sock = socket.socket()
            sock.bind(("127.0.0.20", 0))
            sock.connect(("127.0.0.1", port))
            held.append(sock)
        time.sleep(0.3)
        for sock in held:
            sock.setblocking(False)
            try:
                if sock.recv(1) == b"":
                    refused += 1
            except BlockingIOError:
                pass
            except OSError:
                refused += 1
        try:
            self.assertGreaterEqual(refused, 36)  # at most 64 per address
            assert_alive(self)  # another address is served
        finally:
            for sock in held:
                sock.close()

    def test_match_work_is_bounded(self):
        many = ",".join(f"lupus nephritis type {i}" for i in range(300))
        status, _, body = SERVER.request("POST", "/match", urllib.parse.urlencode({"conditions": many}).encode())
        self.assertEqual(status, 400)
        self.assertIn(b"at most 30 different entries", body)
        repeated = json.dumps({"patient": {"conditions": [{"name": "lupus"}] * 500}}).encode()
        status, _, body = SERVER.request("POST", "/api/v2/match", repeated, {"Content-Type": "application/json"})
        self.assertEqual(status, 200)
        self.assertEqual(len(json.loads(body)["patient"]["conditions"]), 1)
        status, _, body = SERVER.request("POST", "/api/v2/match", json.dumps({"patient": {}, "limit": 4294967297}).encode(),
                                         {"Content-Type": "application/json"})
        self.assertEqual(status, 400)
        self.assertIn(b"'limit'", body)


class SecondRound(unittest.TestCase):
    """What an attacker found after the first round of fixes."""

    def test_repeated_csv_fields_do_not_multiply_the_response(self):
        fields = ",".join(["protocolSection"] * 200)
        once = SERVER.get("/api/v2/studies?pageSize=50&format=csv&fields=protocolSection")[2]
        many = SERVER.get("/api/v2/studies?pageSize=50&format=csv&fields=" + fields)[2]
        self.assertEqual(len(many), len(once))

    @unittest.skipUnless(CHECK_TIMING, "an order of service: checked in the normal build")
    def test_one_address_flooding_expensive_requests_does_not_hold_up_others(self):
        patient = json.dumps({"patient": {"age": 40, "conditions": [{"name": "lupus"}, {"name": "cancer"}],
                                          "description": "woman with lupus nephritis and breast cancer " * 200},
                              "limit": 100, "includeExcluded": True}).encode()
        request = (b"POST /api/v2/match HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
                   b"Content-Length: %d\r\n\r\n" % len(patient) + patient)
        def flood_request(_):
            response = raw(request, "127.0.0.40", 120)
            return status_of(response), time.monotonic()

        with concurrent.futures.ThreadPoolExecutor(60) as pool:
            flood = [pool.submit(flood_request, i) for i in range(60)]
            time.sleep(0.5)
            # Another client: its turn comes next, not after the flood. No
            # timing threshold, only an order: it is answered before most
            # of the flood (the code before answered it behind half of it;
            # bench/attack_bench.py measures the latency).
            status, _ = SERVER.get_json("/healthz")
            answered = time.monotonic()
            self.assertEqual(status, 200)
            results = [f.result() for f in flood]
        self.assertIn(200, [status for status, _ in results])
        later = sum(finished > answered for _, finished in results)
        self.assertGreaterEqual(later, 45, f"only {later} of 60 flood requests finished after /healthz")

    def test_slow_readers_cannot_pile_up_large_responses(self):
        before = rss_kb()
        port = int(SERVER.base.rsplit(":", 1)[1])
        held = []
        # Under the sanitizers a few, for the code paths: each unanswered
        # one waits its 10 s below.
        for _ in range(48 if CHECK_TIMING else 6):
            sock = socket.socket()
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.bind(("127.0.0.50", 0))
            sock.connect(("127.0.0.1", port))
            sock.sendall(b"GET /api/v2/studies?pageSize=1000 HTTP/1.1\r\nHost: x\r\n\r\n")
            held.append(sock)
            time.sleep(0.05)
        statuses = []
        for sock in held:
            sock.settimeout(10)
            try:
                statuses.append(status_of(sock.recv(64)))
            except OSError:
                statuses.append(None)
        try:
            if CHECK_TIMING:
                self.assertTrue(any(s in (503, 429) for s in statuses), statuses)
            # Bounded by the client's 64 MB budget and the pages being made
            # (4 workers, up to 16 MB each while a 10 MB page grows): about
            # 130 MB. Unbounded, 48 pages of 10 MB held took over 500 MB.
            assert_memory_grew_less(self, before, 250_000)
        finally:
            for sock in held:
                sock.close()

    def test_ambiguous_framing_is_refused(self):
        cases = {
            b"Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n": 400,
            b"Content-Length: 30\r\nContent-Length: 2\r\n\r\n{}": 400,
            b"Transfer-Encoding: xchunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n": 501,
            b"Transfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n": 501,
        }
        for framing, expected in cases.items():
            response = raw(b"POST /api/v2/match HTTP/1.1\r\nHost: x\r\n" + framing)
            self.assertEqual(status_of(response), expected, framing)

    def test_small_leaks_and_wrong_answers(self):
        # A forged page token far past the end is refused, not wrapped round.
        first = SERVER.get_json("/api/v2/studies?pageSize=2&fields=NCTId")[1]
        fingerprint = first["nextPageToken"].split(".")[1]
        status, body = SERVER.get_json(f"/api/v2/studies?pageSize=2&fields=NCTId&pageToken=4294967296.{fingerprint}")
        self.assertEqual(status, 400)
        self.assertIn("pageToken", body["message"])
        # CSV of related studies is CSV.
        status, headers, body = SERVER.get("/api/v2/studies/NCT07193810/related?format=csv&fields=NCTId")
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("text/csv"))
        self.assertTrue(body.startswith(b"NCTId"))
        # JSON sent as a form (curl -d) is read as JSON.
        status, _, _ = SERVER.request("POST", "/api/v2/match", json.dumps({"patient": {"age": 40}}).encode(),
                                      {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 200)
        # No handler timings; methods are not echoed at length.
        _, headers, _ = SERVER.get("/api/v2/version")
        self.assertIsNone(headers.get("Server-Timing"))
        response = raw(b"X" * 5000 + b" /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assertEqual(status_of(response), 405)
        self.assertLess(len(response), 1000)


class ThirdRound(unittest.TestCase):
    """What a second tester found after the second round of fixes."""

    def test_forms_are_bounded_in_fields(self):
        before = rss_kb()
        body = b"a&" * 30000
        response = raw(b"POST /match HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                       b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
        self.assertEqual(status_of(response), 400)
        self.assertIn(b"more than 200 fields", response)
        assert_memory_grew_less(self, before, 20_000)

    def test_anonymous_editor_posts_are_refused_before_their_body(self):
        body = b"a&" * 262143
        port = int(SERVER.base.rsplit(":", 1)[1])
        sock = socket.socket()
        sock.bind(("127.0.0.60", 0))
        sock.connect(("127.0.0.1", port))
        sock.settimeout(5)
        # Headers only: the answer comes before any of the body is sent.
        sock.sendall(b"POST /study/NCT07193810/plain HTTP/1.1\r\nHost: x\r\n"
                     b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n" % len(body))
        response = sock.recv(4096)
        sock.close()
        self.assertEqual(status_of(response), 403)


def login_form():
    status, headers, body = SERVER.get("/editor/login")
    cookie = headers["Set-Cookie"].split(";")[0]
    csrf = re.search(rb'name="csrf" value="([^"]+)"', body).group(1).decode()
    return cookie, csrf


def log_in(password=PASSWORD, forwarded=None):
    cookie, csrf = login_form()
    headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    if forwarded:
        headers["X-Forwarded-For"] = forwarded
    form = urllib.parse.urlencode({"csrf": csrf, "name": EDITOR, "password": password}).encode()
    status, response_headers, _ = SERVER.request_no_redirect("POST", "/editor/login", form, headers)
    session = (response_headers.get("Set-Cookie") or "").split(";")[0]
    return status, session


def editor_csrf(session, nct):
    _, _, body = SERVER.get(f"/study/{nct}/plain", {"Cookie": session})
    match = re.search(rb'name="csrf" value="([0-9a-f]{64})"', body)
    return match.group(1).decode() if match else None


class Editors(unittest.TestCase):
    # The tests share one server and one login throttle per address: the
    # guessing tests use 127.0.0.1 after the others have logged in.
    def test_a_sessions_end_on_logout_and_password_change(self):
        status, session = log_in()
        self.assertEqual(status, 303)
        self.assertIsNotNone(editor_csrf(session, "NCT07193810"))
        # A logout without the form's token ends the session all the same.
        SERVER.request_no_redirect("POST", "/editor/logout", b"", {"Cookie": session})
        self.assertIsNone(editor_csrf(session, "NCT07193810"))
        status, session = log_in()
        self.assertIsNotNone(editor_csrf(session, "NCT07193810"))
        add_editor(SERVER)  # the same password again: a password change all the same
        self.assertIsNone(editor_csrf(session, "NCT07193810"))

    def test_b_login_token_must_be_issued_by_the_server(self):
        made_up = "1" * 64
        form = urllib.parse.urlencode({"csrf": made_up, "name": EDITOR, "password": PASSWORD}).encode()
        status, _, _ = SERVER.request("POST", "/editor/login", form,
                                      {"Cookie": "tf_login=" + made_up,
                                       "Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 403)

    def test_c_long_fields_save_and_overrides_go_stale_when_the_record_changes(self):
        status, session = log_in()
        csrf = editor_csrf(session, "NCT07193810")
        fields = {"csrf": csrf, "reviewed": "1", "title": "Edited title for lupus",
                  "summary": "é" * 3000, "good_fit": "b" * 3000, "not_a_fit": "c" * 3000}
        status, _, body = SERVER.request_no_redirect(
            "POST", "/study/NCT07193810/plain", urllib.parse.urlencode(fields).encode(),
            {"Cookie": session, "Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 303, body[:300])
        _, _, page = SERVER.get("/study/NCT07193810/plain")
        self.assertIn(b"Edited title for lupus", page)
        self.assertIn(b"Last reviewed", page)
        # The registry changes the record: the override and the review are held back.
        record = json.load(open(os.path.join(SAMPLE, "seed-studies", "NCT07193810.json")))
        protocol = record["protocolSection"]
        protocol.setdefault("statusModule", {})["overallStatus"] = "TERMINATED"
        protocol["statusModule"]["lastUpdatePostDateStruct"] = {"date": "2026-11-30", "type": "ACTUAL"}
        protocol["identificationModule"]["briefTitle"] = "A New Registry Title"
        protocol.setdefault("eligibilityModule", {})["minimumAge"] = "65 Years"
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as changed:
            json.dump(record, changed)
        subprocess.run([BINARY, "ingest", "--db", SERVER.db, "--no-progress", changed.name], check=True,
                       capture_output=True)
        os.unlink(changed.name)
        _, _, page = SERVER.get("/study/NCT07193810/plain")
        self.assertNotIn(b"Edited title for lupus", page)
        self.assertNotIn(b"Last reviewed", page)
        self.assertIn(b"registry changed this trial on 2026-11-30", page)
        _, _, editor_page = SERVER.get("/study/NCT07193810/plain", {"Cookie": session})
        self.assertIn(b"Held back", editor_page)

    def test_d_forwarded_for_from_an_untrusted_peer_buys_no_guesses(self):
        statuses = [log_in("wrong password", forwarded=f"203.0.113.{i}")[0] for i in range(6)]
        self.assertEqual(statuses, [401] * 5 + [429])

    def test_e_simultaneous_guesses_are_counted(self):
        # From another address than test_d's (its allowance is spent).
        forms = [login_form() for _ in range(16)]

        def guess(index):
            cookie, csrf = forms[index]
            form = urllib.parse.urlencode({"csrf": csrf, "name": EDITOR, "password": "wrong"}).encode()
            return raw(b"POST /editor/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: " + cookie.encode() +
                       b"\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n" % len(form) +
                       form, source="127.0.0.30", timeout=30)
        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            statuses = [status_of(r) for r in pool.map(guess, range(16))]
        self.assertLessEqual(statuses.count(401), 5, statuses)
        self.assertTrue(all(s in (401, 429, 503) for s in statuses), statuses)


class Protocol(unittest.TestCase):
    def test_http11_without_host_is_refused(self):
        self.assertEqual(status_of(raw(b"GET /healthz HTTP/1.1\r\n\r\n")), 400)

    def test_pipelined_requests_are_all_answered(self):
        pipelined = b"".join(b"GET /api/v2/version HTTP/1.1\r\nHost: x\r\n\r\n" for _ in range(3))
        response = raw(pipelined + b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        self.assertEqual(len(re.findall(rb"HTTP/1\.1 200", response)), 4)

    def test_json_is_not_sniffed(self):
        _, headers, _ = SERVER.get("/api/v2/studies?pageSize=1")
        self.assertEqual(headers.get("X-Content-Type-Options"), "nosniff")

    def test_a_nul_in_a_title_never_reaches_the_html(self):
        for path in ["/study/NCT99990002", "/study/NCT99990002/plain", "/?q=NUL&status=ANY"]:
            status, _, body = SERVER.get(path)
            self.assertEqual(status, 200, path)
            self.assertNotIn(b"\x00", body, path)
        self.assertIn(b"\\u0000", SERVER.get("/api/v2/studies/NCT99990002")[2])  # JSON escapes it

    def test_csv_cells_that_start_with_tab_are_neutralised(self):
        _, _, body = SERVER.get("/api/v2/studies?format=csv&filter.ids=NCT99990002&fields=NCTId,BriefTitle")
        self.assertIn(b",'\tTitle with a", body)

    def test_a_very_long_search_word_matches_nothing(self):
        status, body = SERVER.get_json("/api/v2/studies?countTotal=true&query.term=" + "y" * 70)
        self.assertEqual(status, 200)
        self.assertEqual(body["totalCount"], 0)


if __name__ == "__main__":
    workdir = tempfile.mkdtemp(prefix="trialfinder-hardening-")
    attacks = write_attack_records(workdir)
    SERVER = RunningServer(BINARY, SAMPLE, extra_inputs=(attacks,),
                           extra_args=("--request-timeout", "3", "--idle-timeout", "2"), before_serve=add_editor)
    try:
        result = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=2).result
        alive = SERVER.process.poll() is None
    finally:
        code, out = SERVER.stop()
        subprocess.run(["rm", "-rf", workdir])
    if not alive:
        print("the server died during the attacks")
    sys.exit(0 if result.wasSuccessful() and alive and code == 0 else 1)
