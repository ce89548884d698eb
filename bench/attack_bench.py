#!/usr/bin/env python3
# Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
"""Normal-request latency while connections are idle or slow, and server
memory after each attack of issue 20 (RELIABILITY.md lists them).

    bench/attack_bench.py build/trialfinder [OTHER_BINARY ...] [--requests N]

Each binary serves the bundled sample on a free loopback port. For each it
prints:
  - p50/p99/max of N searches (GET /api/v2/studies?query.cond=lupus) with
    nothing else open, then with 200 idle and 60 slow connections open
    (the slow ones send a header line every second); requests that get no
    answer within 10 s count as failed;
  - resident memory (VmRSS) before the attacks and after each one, and the
    peak (VmHWM).
Attackers connect from 127.0.0.2-127.0.0.9, the normal client from
127.0.0.1, as other machines would. Latencies are wall time on a shared
machine: compare binaries within one run, not across runs.
"""
import argparse
import gzip
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "data", "sample")


class Server:
    def __init__(self, binary, workdir):
        self.db = os.path.join(workdir, "db")
        subprocess.run([binary, "ingest", "--db", self.db, "--no-progress",
                        os.path.join(SAMPLE, "studies.jsonl"), os.path.join(SAMPLE, "seed-studies")],
                       check=True, capture_output=True)
        self.process = subprocess.Popen([binary, "serve", "--db", self.db, "--port", "0", "--access-log", os.devnull],
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        self.port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", line).group(1))

    def memory_kb(self):
        if self.process.poll() is not None:
            return None, None
        with open(f"/proc/{self.process.pid}/status") as status:
            text = status.read()
        return (int(re.search(r"VmRSS:\s+(\d+)", text).group(1)), int(re.search(r"VmHWM:\s+(\d+)", text).group(1)))

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def connect(port, source, timeout=10):
    sock = socket.socket()
    sock.bind((source, 0))
    sock.settimeout(timeout)
    sock.connect(("127.0.0.1", port))
    return sock


def exchange(port, data, source="127.0.0.2", timeout=10):
    """Sends `data` on a new connection; the bytes received until close or timeout."""
    out, sock = b"", None
    try:
        sock = connect(port, source, timeout)
        sock.sendall(data)
        while True:
            chunk = sock.recv(1 << 16)
            if not chunk:
                break
            out += chunk
    except OSError:
        pass
    finally:
        if sock is not None:
            sock.close()
    return out


def timed_search(port):
    """Seconds for one search on a new connection, or None without an answer in 10 s."""
    start = time.monotonic()
    response = exchange(port, b"GET /api/v2/studies?query.cond=lupus HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n",
                        source="127.0.0.1")
    return time.monotonic() - start if response.startswith(b"HTTP/1.1 200") else None


def latency(port, count):
    times, failed, in_a_row = [], 0, 0
    for _ in range(count):
        seconds = timed_search(port)
        if seconds is None:
            failed += 1
            in_a_row += 1
            if in_a_row == 5:
                return f"gave up: 5 searches in a row got no answer within 10 s ({len(times)} answered before)"
        else:
            in_a_row = 0
            times.append(seconds * 1000)
    if not times:
        return f"all {count} failed"
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    return f"p50 {statistics.median(times):7.1f} ms  p99 {p99:7.1f} ms  max {times[-1]:7.1f} ms  failed {failed}/{count}"


def with_held_connections(port, count):
    held, stop = [], threading.Event()
    for i in range(260):
        try:
            sock = connect(port, f"127.0.0.{2 + i % 8}")
            if i >= 200:
                sock.sendall(b"GET / HTTP/1.1\r\nHost: bench\r\n")
            held.append((i >= 200, sock))
        except OSError:
            pass

    def dribble():
        while not stop.wait(1):
            for slow, sock in held:
                if slow:
                    try:
                        sock.sendall(b"X-Slow: 1\r\n")
                    except OSError:
                        pass

    thread = threading.Thread(target=dribble, daemon=True)
    thread.start()
    try:
        return latency(port, count)
    finally:
        stop.set()
        thread.join()
        for _, sock in held:
            sock.close()


def attacks(port):
    """(name, function) pairs, each sending one attack."""
    def gzip_bomb():
        body = gzip.compress(b'{"patient": {"description": "' + b"a" * 50_000_000 + b'"}}')
        exchange(port, b"POST /api/v2/match HTTP/1.1\r\nHost: b\r\nContent-Type: application/json\r\n"
                 b"Content-Encoding: gzip\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body, timeout=60)

    def ranges():
        exchange(port, b"GET /api/v2/studies?pageSize=1000 HTTP/1.1\r\nHost: b\r\nConnection: close\r\nRange: bytes=" +
                 b",".join([b"0-"] * 40) + b"\r\n\r\n", timeout=60)

    def chunked():
        try:
            sock = connect(port, "127.0.0.3", 10)
            sock.sendall(b"POST /api/v2/match HTTP/1.1\r\nHost: b\r\nContent-Type: application/json\r\n"
                         b"Transfer-Encoding: chunked\r\n\r\n")
            chunk = b"%x\r\n" % 65536 + b"a" * 65536 + b"\r\n"
            for _ in range(1600):  # 100 MB
                sock.sendall(chunk)
            sock.sendall(b"0\r\n\r\n")
            sock.recv(100)
            sock.close()
        except OSError:
            pass

    def headers():
        exchange(port, b"GET /healthz HTTP/1.1\r\nHost: b\r\n" +
                 b"".join(b"X-H%d: v\r\n" % i for i in range(1_000_000)) + b"\r\n", timeout=60)

    def conditions():
        form = urllib.parse.urlencode({"conditions": ",".join(f"lupus nephritis type {i}" for i in range(300))}).encode()
        exchange(port, b"POST /match HTTP/1.1\r\nHost: b\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                 b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(form) + form, timeout=120)

    def logins():
        threads = []
        for i in range(16):
            # A real form token each, so that every guess reaches the password check.
            page = exchange(port, b"GET /editor/login HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n", "127.0.0.4")
            token = re.search(rb'name="csrf" value="([^"]+)"', page).group(1)
            form = b"csrf=" + urllib.parse.quote(token).encode() + b"&name=nobody&password=wrong"
            data = (b"POST /editor/login HTTP/1.1\r\nHost: b\r\nCookie: tf_login=" + token +
                    b"\r\nX-Forwarded-For: 203.0.113.%d\r\n"
                    b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
                    % (i, len(form)) + form)
            threads.append(threading.Thread(target=exchange, args=(port, data, "127.0.0.4", 30)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    return [("gzip body inflating to 50 MB", gzip_bomb), ("40-part Range on pageSize=1000", ranges),
            ("100 MB chunked body", chunked), ("1,000,000 headers", headers),
            ("/match form, 300 conditions", conditions), ("16 simultaneous logins", logins)]


def run(binary, requests):
    workdir = tempfile.mkdtemp(prefix="trialfinder-attack-bench-")
    server = Server(binary, workdir)
    try:
        print(f"== {binary}")
        timed_search(server.port)  # warm the readers
        print(f"  searches, nothing else open:         {latency(server.port, requests)}")
        print(f"  searches, 200 idle + 60 slow open:   {with_held_connections(server.port, requests)}")
        time.sleep(1)
        rss, _ = server.memory_kb()
        print(f"  memory before the attacks:           RSS {rss / 1024:7.1f} MB")
        for name, attack in attacks(server.port):
            start = time.monotonic()
            attack()
            seconds = time.monotonic() - start
            rss, peak = server.memory_kb()
            if rss is None:
                print(f"  after {name:32s} the server is gone (exit {server.process.returncode})")
                return
            alive = timed_search(server.port) is not None
            print(f"  after {name:32s} RSS {rss / 1024:7.1f} MB  peak {peak / 1024:7.1f} MB  "
                  f"attack took {seconds:5.1f} s  {'answers' if alive else 'NO ANSWER'}")
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binaries", nargs="+")
    parser.add_argument("--requests", type=int, default=200)
    options = parser.parse_args()
    for binary in options.binaries:
        run(binary, options.requests)


if __name__ == "__main__":
    main()
