# Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
"""A ClinicalTrials.gov API v2 client, pointed at trialfinder unchanged.

tests/e2e/ctgov_client/ was written from the published specification only
(data/reference/), by someone who had not seen trialfinder's code: a client
library (ctgov_client.py) and its checks (run_checks.py: searches with
independent counts, paging, sort, fields, NCT IDs, CSV export, metadata and
statistics, the spec's examples, schemas). This runs them against a real
server on the sample. Every failure must be one the README lists as a
deliberate difference, named below; anything else fails the test.

Usage: ctgov_client_test.py TRIALFINDER_BINARY SAMPLE_DIR
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

from server_fixture import RunningServer

BINARY, SAMPLE = sys.argv[1], sys.argv[2]
CHECKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ctgov_client", "run_checks.py")

# Differences the README explains ("The HTTP API"), by the check's name.
DOCUMENTED = {
    # The sample holds one record whose ID (NCT000001) is shorter than the
    # schema's: the data, not the server.
    "every study valid against Study schema (types, enums, formats, nct length)",
    # filter.synonyms: ClinicalTrials.gov's synonym IDs are its own (400).
    "spec example /studies filter.synonyms='ConditionSearch:1651367|BasicSearch:2013558'",
    "spec example /studies filter.synonyms='ConditionSearch:1651367,BasicSearch:2013558'",
    "spec example /studies postFilter.synonyms='ConditionSearch:1651367|BasicSearch:2013558'",
    "spec example /studies postFilter.synonyms='ConditionSearch:1651367,BasicSearch:2013558'",
    # Errors are short JSON objects ({"code", "message"}), not plain text.
    "4xx bodies are text/plain errorMessage (spec)",
}


class ClientTest(unittest.TestCase):
    def test_the_client_runs_unchanged(self):
        server = RunningServer(BINARY, SAMPLE)
        try:
            with tempfile.TemporaryDirectory() as workdir:
                results_path = os.path.join(workdir, "results.json")
                run = subprocess.run([sys.executable, CHECKS, server.base + "/api/v2"],
                                     env={**os.environ, "CTGOV_RESULTS": results_path},
                                     capture_output=True, text=True, timeout=600)
                with open(results_path) as results_file:
                    results = json.load(results_file)
        finally:
            server.stop()
        passed = [r for r in results if r["status"] == "PASS"]
        failed = [r for r in results if r["status"] == "FAIL" and r["name"] not in DOCUMENTED]
        self.assertGreater(len(passed), 400, run.stdout[-3000:])
        self.assertEqual([], [f"{r['name']}: {r.get('req', '')} expected {r.get('expected', '')}, "
                              f"got {str(r.get('got', ''))[:200]}" for r in failed])


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
