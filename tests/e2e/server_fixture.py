# Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
"""Starts the real trialfinder server on a free loopback port for a test.

Ingests the bundled sample into a temporary database, runs
`trialfinder serve --port 0` and reads the port it printed.
"""
import http.client
import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import tempfile
import urllib.error
import urllib.request


class RunningServer:
    def __init__(self, binary, sample, extra_inputs=(), extra_args=(), before_serve=None):
        self.binary = binary
        self.sample = pathlib.Path(sample)
        self.workdir = tempfile.mkdtemp(prefix="trialfinder-e2e-")
        self.db = os.path.join(self.workdir, "db")
        inputs = [self.sample / "studies.jsonl", self.sample / "seed-studies", self.sample / "xml", *extra_inputs]
        subprocess.run([binary, "ingest", "--db", self.db, "--no-progress", *map(str, inputs)],
                       check=True, capture_output=True)
        if before_serve:
            before_serve(self)
        self.process = subprocess.Popen(
            [binary, "serve", "--db", self.db, "--port", "0", "--access-log", os.path.join(self.workdir, "access.log"),
             *extra_args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not match:
            self.stop()
            raise RuntimeError("server did not start: " + line + self.process.stderr.read())
        self.base = "http://127.0.0.1:" + match.group(1)

    def get(self, path, headers=None):
        """(status, headers, body bytes) for a GET."""
        request = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def get_json(self, path):
        status, headers, body = self.get(path)
        return status, json.loads(body)

    def request(self, method, path, body=None, headers=None):
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def request_no_redirect(self, method, path, body=None, headers=None):
        """(status, headers, body) of one request, redirects not followed."""
        connection = http.client.HTTPConnection(self.base.split("//", 1)[1], timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def access_log(self):
        with open(os.path.join(self.workdir, "access.log")) as log:
            return log.read()

    def stop(self, sig=signal.SIGTERM):
        """Stops the server; returns its exit code and stdout."""
        out = ""
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                out, _ = self.process.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                out, _ = self.process.communicate()
        shutil.rmtree(self.workdir, ignore_errors=True)
        return self.process.returncode, out
