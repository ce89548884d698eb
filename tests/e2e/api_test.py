# Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
"""End-to-end tests of the API v2-compatible JSON API over real HTTP.

Usage: api_test.py TRIALFINDER_BINARY SAMPLE_DIR
"""
import csv
import gzip
import io
import html
import json
import subprocess
import pathlib
import re
import sys
import threading
import time
import unittest
import urllib.parse

from server_fixture import RunningServer

BINARY, SAMPLE = sys.argv[1], sys.argv[2]
SERVER = None


def query(**params):
    return "/api/v2/studies?" + urllib.parse.urlencode(params)


def sample_records():
    sample = pathlib.Path(SAMPLE)
    with open(sample / "studies.jsonl") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    for path in sorted((sample / "seed-studies").glob("*.json")):
        records.append(json.loads(path.read_text()))
    return records


def ids(body):
    return [s["protocolSection"]["identificationModule"]["nctId"] for s in body["studies"]]


def all_ids(**params):
    """Every NCT ID of a search, page by page, checking no page repeats one."""
    seen, token = [], None
    while True:
        p = dict(params)
        if token:
            p["pageToken"] = token
        status, body = SERVER.get_json(query(**p))
        assert status == 200, body
        page = ids(body)
        assert not set(page) & set(seen), "a page repeated a study"
        seen += page
        token = body.get("nextPageToken")
        if not token:
            return seen


class StudiesEndpoint(unittest.TestCase):
    def test_default_page_size_is_10_and_max_is_1000(self):
        status, body = SERVER.get_json("/api/v2/studies")
        self.assertEqual(status, 200)
        self.assertEqual(len(body["studies"]), 10)
        self.assertIn("nextPageToken", body)
        status, body = SERVER.get_json(query(pageSize=1000))
        self.assertEqual(len(body["studies"]), 782)
        self.assertNotIn("nextPageToken", body)
        # The specification: more than 1,000 is coerced down, 0 is the default.
        status, body = SERVER.get_json(query(pageSize=5000))
        self.assertEqual((status, len(body["studies"])), (200, 782))
        status, body = SERVER.get_json(query(pageSize=0))
        self.assertEqual((status, len(body["studies"])), (200, 10))
        status, body = SERVER.get_json(query(pageSize=-1))
        self.assertEqual(status, 400)
        self.assertIn("pageSize", body["message"])

    def test_a_spelling_corrected_search_pages_on(self):
        # "leukemai" finds nothing as written; its corrected search has more
        # than one page, and the token carries on with the corrected words.
        params = {"query.cond": "leukemai", "pageSize": 5}
        _, first = SERVER.get_json(query(**params))
        self.assertEqual(len(first["studies"]), 5)
        self.assertIn("nextPageToken", first)
        seen = ids(first)
        token = first["nextPageToken"]
        while token:
            status, page = SERVER.get_json(query(**params, pageToken=token))
            self.assertEqual(status, 200)
            self.assertTrue(page["studies"])
            seen += ids(page)
            token = page.get("nextPageToken")
        _, right = SERVER.get_json(query(**{"query.cond": "leukemia", "pageSize": 1000}))
        self.assertEqual(sorted(seen), sorted(ids(right)))

    def test_paging_has_no_duplicates_or_gaps(self):
        paged = all_ids(**{"filter.overallStatus": "COMPLETED", "pageSize": 7})
        _, whole = SERVER.get_json(query(**{"filter.overallStatus": "COMPLETED", "pageSize": 1000}))
        self.assertEqual(sorted(paged), sorted(ids(whole)))
        self.assertGreater(len(paged), 100)

    def test_count_total(self):
        _, body = SERVER.get_json(query(**{"query.cond": "leukemia", "countTotal": "true", "pageSize": 5}))
        total = body["totalCount"]
        self.assertEqual(total, len(all_ids(**{"query.cond": "leukemia", "pageSize": 50})))
        _, body = SERVER.get_json(query(**{"query.cond": "leukemia"}))
        self.assertNotIn("totalCount", body)

    def test_text_parameters(self):
        cases = {
            "query.cond": ("SLE", "NCT07038447"),
            "query.term": ("KITE-363", "NCT07038447"),
            "query.titles": ("CC312", "NCT07193810"),
            "query.intr": ("KITE-363", "NCT07038447"),
            "query.outc": ("dose limiting toxicities", None),
            "query.spons": ("Gilead", "NCT07038447"),
            "query.lead": ("Kite", "NCT07038447"),
            "query.id": ("NCT07038447", "NCT07038447"),
            "query.locn": ("Duarte", "NCT07038447"),
            "query.patient": ("lupus", "NCT07038447"),
        }
        for name, (text, expected) in cases.items():
            status, body = SERVER.get_json(query(**{name: text, "pageSize": 100}))
            self.assertEqual(status, 200, name)
            if expected:
                self.assertIn(expected, ids(body), name)
            else:
                self.assertGreater(len(body["studies"]), 0, name)

    def test_status_and_ids_filters(self):
        for study in SERVER.get_json(query(**{"filter.overallStatus": "RECRUITING|NOT_YET_RECRUITING",
                                                "pageSize": 1000}))[1]["studies"]:
            self.assertIn(study["protocolSection"]["statusModule"]["overallStatus"],
                          ("RECRUITING", "NOT_YET_RECRUITING"))
        _, body = SERVER.get_json(query(**{"filter.ids": "NCT07038447,NCT07193810,NCT99999999"}))
        self.assertEqual(sorted(ids(body)), ["NCT07038447", "NCT07193810"])

    def test_geo_filter(self):
        _, body = SERVER.get_json(query(**{"filter.geo": "distance(34.1292,-117.9690,30mi)", "pageSize": 1000}))
        self.assertGreater(len(body["studies"]), 0)
        for study in body["studies"]:
            sites = study["protocolSection"]["contactsLocationsModule"]["locations"]
            # A site with the registry's coordinates, or one placed by its
            # city or ZIP code (the gazetteer, issue 27).
            self.assertTrue(any("geoPoint" in s or (s.get("city") and s.get("country"))
                                for s in sites))
        status, body = SERVER.get_json(query(**{"filter.geo": "distance(34,-117)"}))
        self.assertEqual(status, 400)
        self.assertIn("filter.geo", body["message"])

    def test_advanced_filter(self):
        def studies(expression):
            status, body = SERVER.get_json(query(**{"filter.advanced": expression, "pageSize": 1000}))
            self.assertEqual(status, 200, body)
            return body["studies"]

        for study in studies("AREA[Phase]PHASE2 AND AREA[StudyType]INTERVENTIONAL"):
            self.assertIn("PHASE2", study["protocolSection"]["designModule"]["phases"])
        for study in studies("AREA[MinimumAge]RANGE[MIN, 16 years]"):
            # No minimum age (or no eligibility module) means no lower bound: 0.
            age = study["protocolSection"].get("eligibilityModule", {}).get("minimumAge", "0 Years")
            number, unit = age.split()
            self.assertTrue(float(number) <= 16 or unit.startswith(("Month", "Week", "Day")), age)
        for study in studies("AREA[MaximumAge]RANGE[65 years, MAX] AND AREA[Sex]FEMALE"):
            self.assertEqual(study["protocolSection"]["eligibilityModule"]["sex"], "FEMALE")
        for study in studies("AREA[StartDate]RANGE[2023-01-01, MAX] AND NOT AREA[Phase]NA"):
            self.assertGreaterEqual(study["protocolSection"]["statusModule"]["startDateStruct"]["date"], "2023")
        either = studies("AREA[Phase]PHASE4 OR AREA[Phase]EARLY_PHASE1")
        for study in either:
            self.assertTrue({"PHASE4", "EARLY_PHASE1"} & set(study["protocolSection"]["designModule"]["phases"]))
        for bad in ("AREA[Phase", "AREA[Colour]red", "AREA[MinimumAge]RANGE[old, MAX]", "(AREA[Phase]PHASE1"):
            status, body = SERVER.get_json(query(**{"filter.advanced": bad}))
            self.assertEqual(status, 400, bad)
            self.assertIn("filter.advanced", body["message"])

    def test_agg_filters(self):
        _, body = SERVER.get_json(query(aggFilters="phase:2 3,status:rec", pageSize=1000))
        for study in body["studies"]:
            self.assertEqual(study["protocolSection"]["statusModule"]["overallStatus"], "RECRUITING")
            self.assertTrue({"PHASE2", "PHASE3"} & set(study["protocolSection"]["designModule"]["phases"]))
        status, _ = SERVER.get_json(query(aggFilters="colour:red"))
        self.assertEqual(status, 400)

    def test_sort_with_two_keys(self):
        _, body = SERVER.get_json(query(sort="StartDate:desc,@relevance", pageSize=50, fields="StartDate"))
        dates = [s["protocolSection"]["statusModule"]["startDateStruct"]["date"] for s in body["studies"]
                 if "statusModule" in s.get("protocolSection", {})]
        self.assertEqual(dates, sorted(dates, reverse=True))
        status, _ = SERVER.get_json(query(sort="Colour"))
        self.assertEqual(status, 400)

    def test_fields_projection(self):
        _, body = SERVER.get_json(query(**{"query.cond": "SLE", "fields": "NCTId,BriefTitle,InterventionName,StatusModule"}))
        study = next(s for s in body["studies"] if s["protocolSection"]["identificationModule"]["nctId"] == "NCT07038447")
        self.assertEqual(set(study["protocolSection"]), {"identificationModule", "armsInterventionsModule", "statusModule"})
        self.assertEqual(set(study["protocolSection"]["identificationModule"]), {"nctId", "briefTitle"})
        self.assertEqual([i["name"] for i in study["protocolSection"]["armsInterventionsModule"]["interventions"]],
                         ["KITE-363", "Fludarabine", "Cyclophosphamide"])
        status, body = SERVER.get_json(query(fields="NCTId,NoSuchField"))
        self.assertEqual(status, 400)
        self.assertIn("NoSuchField", body["message"])

    def test_csv(self):
        status, headers, body = SERVER.get(query(**{"query.cond": "leukemia", "format": "csv", "pageSize": 5,
                                                     "fields": "NCTId,BriefTitle,Phase", "countTotal": "true"}))
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("text/csv"))
        rows = list(csv.reader(io.StringIO(body.decode())))
        self.assertEqual(rows[0], ["NCTId", "BriefTitle", "Phase"])
        self.assertEqual(len(rows), 6)
        self.assertGreater(int(headers["x-total-count"]), 5)
        self.assertTrue(headers["x-next-page-token"])
        status, _, _ = SERVER.get(query(format="xml"))
        self.assertEqual(status, 400)

    def test_facets_and_gzip(self):
        status, headers, body = SERVER.get(query(facets="true", pageSize=1000), {"Accept-Encoding": "gzip"})
        self.assertEqual(status, 200)
        self.assertEqual(headers.get("Content-Encoding"), "gzip")
        parsed = json.loads(gzip.decompress(body))
        self.assertIn("overallStatus", [f["name"] for f in parsed["facets"]])
        # The sample is far below the facet sample size: every match is counted.
        self.assertIs(parsed["facetsExact"], True)
        statuses = {v["value"]: v["count"] for f in parsed["facets"] if f["name"] == "overallStatus" for v in f["values"]}
        expected = {}
        for study in parsed["studies"]:
            status = study["protocolSection"].get("statusModule", {}).get("overallStatus")
            if status:
                expected[status] = expected.get(status, 0) + 1
        self.assertEqual(statuses, expected)


class SingleStudy(unittest.TestCase):
    def test_every_record_comes_back_as_stored(self):
        for record in sample_records():
            nct = record["protocolSection"]["identificationModule"]["nctId"]
            status, body = SERVER.get_json("/api/v2/studies/" + nct)
            self.assertEqual(status, 200, nct)
            self.assertEqual(body, record, nct)

    def test_unknown_and_malformed_ids(self):
        status, body = SERVER.get_json("/api/v2/studies/NCT99999999")
        self.assertEqual((status, body["code"]), (404, 404))
        self.assertIn("NCT99999999", body["message"])
        status, body = SERVER.get_json("/api/v2/studies/..%2F..%2Fetc%2Fpasswd")
        self.assertIn(status, (400, 404))

    def test_single_study_fields_and_csv(self):
        _, body = SERVER.get_json("/api/v2/studies/NCT07038447?fields=OverallStatus,Phase")
        self.assertEqual(body, {"protocolSection": {"statusModule": {"overallStatus": "ENROLLING_BY_INVITATION"},
                                                    "designModule": {"phases": ["PHASE1"]}}})
        status, _, csv_body = SERVER.get("/api/v2/studies/NCT07038447?format=csv")
        self.assertEqual(status, 200)
        self.assertIn("NCT07038447", csv_body.decode())

    def test_criteria(self):
        status, body = SERVER.get_json("/api/v2/studies/NCT07038447/criteria")
        self.assertEqual(status, 200)
        self.assertEqual(body["cohorts"], ["Systemic Lupus Erythematosus", "Lupus Nephritis", "Systemic Sclerosis",
                                           "Idiopathic Inflammatory Myopathy"])
        first = body["criteria"][0]
        self.assertEqual((first["section"], first["text"]), ("inclusion", "Age \u2265 18 and \u2264 75 years"))
        self.assertEqual(first["constraints"][0]["type"], "age")
        self.assertEqual((first["constraints"][0]["value"], first["constraints"][0]["upperValue"]), (18, 75))
        self.assertEqual(SERVER.get_json("/api/v2/studies/NCT99999999/criteria")[0], 404)
        status, body = SERVER.get_json("/api/v2/studies/NCT06888960/criteria")  # no eligibility module
        self.assertEqual((status, body["criteria"]), (200, []))

    def test_cli_api_and_pages_read_criteria_alike(self):
        """One lexicon policy (issue 21): for every study in the store, the
        CLI, the API and the pages give the same criteria."""
        listed = SERVER.get_json("/api/v2/studies?pageSize=1000&fields=NCTId&filter.overallStatus="
                                 "RECRUITING,COMPLETED,ACTIVE_NOT_RECRUITING,NOT_YET_RECRUITING,TERMINATED,"
                                 "WITHDRAWN,UNKNOWN,SUSPENDED,ENROLLING_BY_INVITATION,AVAILABLE,"
                                 "NO_LONGER_AVAILABLE,TEMPORARILY_NOT_AVAILABLE,APPROVED_FOR_MARKETING")[1]
        ids = [study["protocolSection"]["identificationModule"]["nctId"] for study in listed["studies"]]
        self.assertGreater(len(ids), 700)
        differ = []
        for nct in ids:
            status, api = SERVER.get_json(f"/api/v2/studies/{nct}/criteria")
            self.assertEqual(status, 200, nct)
            cli = json.loads(subprocess.run([BINARY, "criteria", "--db", SERVER.db, nct, "--json"], check=True,
                                            capture_output=True, text=True).stdout)
            if cli != api:
                differ.append(nct)
        self.assertEqual(differ, [], f"{len(differ)} studies parse differently in the CLI and the API")
        # The pages list the same criteria: every criterion's text is on the study page.
        for nct in ["NCT07038447", "NCT07193810"] + ids[:20]:
            _, api = SERVER.get_json(f"/api/v2/studies/{nct}/criteria")
            _, _, page = SERVER.get(f"/study/{nct}")
            page_text = html.unescape(page.decode())
            for criterion in api["criteria"]:
                self.assertIn(criterion["text"], page_text, nct)

    def test_related(self):
        status, body = SERVER.get_json("/api/v2/studies/NCT07038447/related?count=5&fields=NCTId")
        self.assertEqual(status, 200)
        related = ids(body)
        self.assertNotIn("NCT07038447", related)
        self.assertIn("NCT07193810", related)
        self.assertEqual(SERVER.get_json("/api/v2/studies/NCT07038447/related?count=500")[0], 400)
        self.assertEqual(SERVER.get_json("/api/v2/studies/NCT99999999/related")[0], 404)


SLE_PATIENT = {
    "age": 45, "sex": "FEMALE",
    "description": "45-year-old woman with refractory systemic lupus erythematosus (SLE), anti-dsDNA positive. "
                   "She failed mycophenolate mofetil and belimumab, each used for more than 6 months.",
}


def post_match(body, path="/api/v2/match"):
    status, _, raw = SERVER.request("POST", path, json.dumps(body).encode(), {"Content-Type": "application/json"})
    return status, json.loads(raw)


class MatchEndpoint(unittest.TestCase):
    def test_match_ranks_and_explains(self):
        status, body = post_match({"patient": SLE_PATIENT, "limit": 20})
        self.assertEqual(status, 200, body)
        trials = {t["nctId"]: t for t in body["trials"]}
        # CC312 asks for stable doses for >= 30 days, which she did not say.
        self.assertEqual(trials["NCT07038447"]["eligibility"], "likely eligible")
        self.assertEqual(trials["NCT07193810"]["eligibility"], "possibly eligible")
        decided = [c for c in trials["NCT07038447"]["criteria"] if c["verdict"] != "unknown"]
        self.assertTrue(decided and all(c["evidence"] for c in decided))
        self.assertIsNotNone(body["nextQuestion"])
        older = dict(SLE_PATIENT, age=70)
        status, body = post_match({"patient": older, "limit": 100})
        trials = {t["nctId"]: t["eligibility"] for t in body["trials"]}
        self.assertEqual(trials["NCT07193810"], "excluded")
        self.assertEqual(trials["NCT07038447"], "likely eligible")
        status, body = post_match({"patient": SLE_PATIENT, "answers": {"pregnant": True}, "limit": 100})
        trials = {t["nctId"]: t["eligibility"] for t in body["trials"]}
        self.assertEqual((trials["NCT07193810"], trials["NCT07038447"]), ("excluded", "excluded"))

    def test_filters_and_bad_input(self):
        status, body = post_match({"patient": SLE_PATIENT}, "/api/v2/match?filter.overallStatus=RECRUITING")
        self.assertEqual(status, 200)
        self.assertTrue(all(t["overallStatus"] == "RECRUITING" for t in body["trials"]))
        for bad, words in [({"patient": {"age": -3}}, "age"), ({"patient": SLE_PATIENT, "limit": 0}, "limit"),
                           ({"patient": SLE_PATIENT, "answers": {"colour": True}}, "colour"),
                           ({"patient": {"sex": "X"}}, "sex"), ({"x": 1}, "unknown field")]:
            status, body = post_match(bad)
            self.assertEqual(status, 400, bad)
            self.assertIn(words, body["message"])
        status, _, _ = SERVER.request("POST", "/api/v2/match", b"{not json", {"Content-Type": "application/json"})
        self.assertEqual(status, 400)
        # NaN is no JSON: the message says where, not "must be an object".
        status, _, raw = SERVER.request("POST", "/api/v2/match", b'{"patient": {"age": NaN}}',
                                        {"Content-Type": "application/json"})
        self.assertEqual(status, 400)
        self.assertIn("not valid JSON (at byte 21", json.loads(raw)["message"])
        # A lab in a unit matching does not know is said to be left out;
        # thousands per microlitre are read.
        labs = [{"name": "hemoglobin", "value": 12, "unit": "bananas"},
                {"name": "platelets", "value": 250, "unit": "K/uL"}]
        status, body = post_match({"patient": dict(SLE_PATIENT, labs=labs)})
        self.assertEqual(status, 200, body)
        self.assertEqual(len(body["notUnderstood"]), 1, body.get("notUnderstood"))
        self.assertIn("labs[0] (hemoglobin): unit 'bananas'", body["notUnderstood"][0])
        status, body = post_match({"patient": SLE_PATIENT})
        self.assertNotIn("notUnderstood", body)


class Concurrency(unittest.TestCase):
    def test_parallel_searches_all_succeed(self):
        # Match-all, filtered and geo searches from many threads at once: this
        # once crashed the server (a shared Xapian query object).
        paths = ["/api/v2/studies", query(**{"filter.overallStatus": "RECRUITING"}),
                 query(**{"query.cond": "NOT lupus"}), query(**{"filter.geo": "distance(40.7,-74.0,50mi)"}),
                 query(facets="true"), "/healthz"]
        failures = []

        def worker(n):
            for i in range(60):
                status, _, _ = SERVER.get(paths[(n + i) % len(paths)])
                if status != 200:
                    failures.append(status)

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(failures, [])
        self.assertEqual(SERVER.get_json("/healthz")[0], 200)


class HtmlPages(unittest.TestCase):
    """The server-rendered pages at the HTTP level (browser tests: tests/browser)."""

    def test_pages_are_html_with_security_headers(self):
        for path in ["/", "/?q=lupus", "/study/NCT07038447", "/study/NCT07193810/plain", "/match", "/editor/login"]:
            status, headers, body = SERVER.get(path)
            self.assertEqual(status, 200, path)
            self.assertTrue(headers["Content-Type"].startswith("text/html"), path)
            self.assertIn("script-src 'none'", headers["Content-Security-Policy"], path)
            self.assertEqual(headers["X-Content-Type-Options"], "nosniff")
            self.assertIn(b'<html lang="en">', body)
        status, headers, body = SERVER.get("/static/style.css")
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("text/css"))

    def test_search_page_spelling_speaks_of_the_corrected_words(self):
        # A real word is not "corrected" into another one (issue 27's user
        # test: nausea became "caused"), a typo is, and the link to trials
        # that only mention it names the words they mention.
        status, _, body = SERVER.get("/?q=nausea")
        self.assertEqual(status, 200)
        self.assertNotIn(b'id="corrected"', body)
        self.assertIn(b"mention nausea elsewhere", body)
        status, _, body = SERVER.get("/?q=lupis")
        self.assertIn(b"Showing results for <strong>lupus</strong>", body)
        # A real word the sample lacks is not searched as its neighbour:
        # "polio" is not "polo" (not even offered: no medical word), and
        # "beast cancer" offers "breast cancer".
        status, _, body = SERVER.get("/?q=polio&status=any")
        self.assertEqual(status, 200)
        # "any" is the "Any status" choice, not a second one; text that is
        # no status is not offered as a choice.
        self.assertNotIn(b'<option value="any"', body)
        self.assertIn(b'<option value="ANY" selected', body)
        _, _, bogus = SERVER.get("/?q=lupus&status=bogus")
        self.assertNotIn(b'<option value="bogus"', bogus)
        self.assertNotIn(b'id="corrected"', body)
        self.assertNotIn(b"polo", body)
        status, _, body = SERVER.get("/?q=beast%20cancer&status=any")
        self.assertNotIn(b'id="corrected"', body)
        self.assertIn(b'id="suggested"', body)
        self.assertIn(b">breast cancer</a> instead", body)
        status, _, body = SERVER.get("/?q=osteoperosis")
        self.assertEqual(status, 200)
        self.assertNotIn(b"mention osteoperosis", body)
        self.assertIn(b"mention osteoporosis elsewhere", body)
        status, _, _ = SERVER.get("/?q=gout&status=any")
        self.assertEqual(status, 200)
        # A page with no open trial offers the other statuses only when they
        # have some: osteoporosis has one finished trial, gout none at all.
        _, _, body = SERVER.get("/?q=osteoporosis")
        self.assertIn(b"closed to new patients or have finished</a> (1 found", body)
        _, _, body = SERVER.get("/?q=gout")
        self.assertNotIn(b"closed to new patients", body)

    def test_a_trial_id_in_the_search_box_opens_the_trial(self):
        # User test: "NCT05843643" in the box found "0 trials".
        for typed in ("NCT07038447", " nct07038447 "):
            status, _, body = SERVER.get("/?" + urllib.parse.urlencode({"q": typed}))
            self.assertEqual(status, 200, typed)
            self.assertIn(b'rel="canonical"', body)
            self.assertRegex(body.decode(), r'rel="canonical" href="[^"]*/study/NCT07038447"')
        status, _, _ = SERVER.get("/?q=NCT99999999")
        self.assertEqual(status, 404)  # "Trial not found", not an empty search

    def test_similar_studies_share_what_the_study_tests(self):
        # KITE-363 gives fludarabine and cyclophosphamide before its cell
        # therapy: leukemia trials that use them too are not "similar".
        _, _, body = SERVER.get("/study/NCT07038447/plain")
        similar = body.decode().split('id="similar-results"')[1].split("</section>")[0]
        self.assertIn("Systemic Lupus Erythematosus", similar)
        self.assertNotRegex(similar, r"(?i)leuka?emia")

    def test_a_withdrawn_study_promises_no_results_and_no_screening(self):
        # User test: a withdrawn study said "Check back later" and "ask about screening".
        _, _, body = SERVER.get("/study/NCT00000193")
        self.assertIn(b"there will be no results", body)
        self.assertNotIn(b"Check back later", body)
        _, _, body = SERVER.get("/study/NCT00000193/plain")
        self.assertIn(b"does not take new people", body)
        self.assertNotIn(b"ask about screening", body)
        # Criteria as written, without markdown's backslash escapes.
        _, _, body = SERVER.get("/study/NCT05843643/plain")
        self.assertIn(b"(hSLEDAI) &gt;= 6", body)
        self.assertNotIn(b"\\&gt;", body)
        # Ten places, the rest behind a summary; the study contacts tappable.
        self.assertRegex(body.decode(), r"Show the other \d+ places")
        self.assertIn(b'id="study-contacts"', body)
        self.assertIn(b'href="tel:', body)
        # An open status past its planned end is flagged on the patient
        # page; a healthy-volunteer study is not "for" people with its
        # condition.
        _, _, body = SERVER.get("/study/NCT05870670/plain")
        self.assertIn(b'id="stale-status"', body)
        self.assertIn(b"It takes healthy volunteers", body)
        _, _, body = SERVER.get("/study/NCT07038447/plain")
        self.assertNotIn(b'id="stale-status"', body)
        _, _, body = SERVER.get("/study/NCT05870670")
        self.assertIn(b'id="stale-status"', body)
        _, _, body = SERVER.get("/?q=diabetes")
        self.assertIn(b"status may be out of date", body)
        # A place without words lists the nearest trials first.
        _, _, body = SERVER.get("/?near=10001")
        nearest = [float(re.findall(r"about ([0-9.]+) km", hit)[0])
                   for hit in body.decode().split('<li class="hit')[1:]
                   if re.search(r"about [0-9.]+ km", hit)]
        self.assertGreater(len(nearest), 3)
        self.assertEqual(nearest, sorted(nearest))
        # Without central contacts, the patient page gives those of sites.
        _, _, body = SERVER.get("/study/NCT02465060/plain")
        self.assertIn(b"<h3>Contacts at study sites</h3>", body)
        # A country code the record gives as the extension dials
        # internationally, without the national 0.
        _, _, body = SERVER.get("/study/NCT03606070")
        self.assertIn(b'href="tel:+33142114211">+33 (0)142114211', body)
        self.assertNotIn(b";ext=+", body)

    def test_user_text_is_escaped(self):
        status, _, body = SERVER.get("/?" + urllib.parse.urlencode({"q": "<script>alert(1)</script>\"'"}))
        self.assertEqual(status, 200)
        self.assertNotIn(b"<script>alert(1)", body)
        self.assertIn(b"&lt;script&gt;alert(1)&lt;/script&gt;", body)

    def test_bad_input_gets_a_page_naming_the_problem(self):
        cases = {
            "/study/NOTANID": (400, b"not an NCT ID"),
            "/study/NCT99999999": (404, b"no trial NCT99999999"),
            "/study/NCT99999999/plain": (404, b"no trial NCT99999999"),
            # The form's words, not the API parameter's (issue 27).
            "/?age=abc": (400, b"Age: &apos;abc&apos; is not an age"),
            "/?q=" + "lupus+" * 400: (400, b"Search words: "),
            "/?status=BOGUS": (400, b"BOGUS"),
            "/?near=Atlantisville": (400, b"Atlantisville"),
            "/?pageToken=garbage": (400, b"Page"),
        }
        for path, (expected, text) in cases.items():
            status, _, body = SERVER.get(path)
            self.assertEqual(status, expected, path)
            self.assertIn(text.lower(), body.lower(), path)
        form = {"age": "abc", "conditions": "lupus"}
        status, _, body = SERVER.request("POST", "/match", urllib.parse.urlencode(form).encode())
        self.assertEqual(status, 400)
        self.assertIn(b"Age", body)
        status, _, body = SERVER.request("POST", "/match", b"")
        self.assertEqual(status, 400)
        form = {"conditions": "lupus", "answer": "pregnant=perhaps"}
        status, _, body = SERVER.request("POST", "/match", urllib.parse.urlencode(form).encode())
        self.assertEqual(status, 400)
        self.assertIn(b"pregnant=perhaps", body)

    def test_anonymous_edits_are_refused(self):
        form = urllib.parse.urlencode({"title": "Defaced", "csrf": "x"}).encode()
        status, _, _ = SERVER.request("POST", "/study/NCT07193810/plain", form)
        self.assertEqual(status, 403)
        forged = {"Cookie": "tf_session=" + "0" * 64}
        status, _, _ = SERVER.request("POST", "/study/NCT07193810/plain", form, forged)
        self.assertEqual(status, 403)
        _, _, body = SERVER.get("/study/NCT07193810/plain")
        self.assertNotIn(b"Defaced", body)

    def test_failed_logins_are_throttled_per_client(self):
        status, headers, body = SERVER.get("/editor/login")
        cookie = headers["Set-Cookie"].split(";")[0]
        csrf = re.search(rb'name="csrf" value="([0-9a-f.]{40,})"', body).group(1).decode()
        form = urllib.parse.urlencode({"csrf": csrf, "name": "nobody", "password": "wrong password"}).encode()
        client = {"Cookie": cookie, "X-Forwarded-For": "203.0.113.7",
                  "Content-Type": "application/x-www-form-urlencoded"}
        statuses = [SERVER.request("POST", "/editor/login", form, client)[0] for _ in range(6)]
        self.assertEqual(statuses, [401] * 5 + [429])
        other = dict(client, **{"X-Forwarded-For": "203.0.113.8"})
        self.assertEqual(SERVER.request("POST", "/editor/login", form, other)[0], 401)
        # Without the login form's cookie the post is refused before any check.
        self.assertEqual(SERVER.request("POST", "/editor/login", form, {"X-Forwarded-For": "203.0.113.9"})[0], 403)
        # Passwords, cookies and CSRF tokens never reach the access log.
        for _ in range(50):
            log = SERVER.access_log()
            if log.count("/editor/login") >= 8:
                break
            time.sleep(0.1)
        self.assertIn("/editor/login", log)
        for secret in ["wrong password", csrf, cookie.split("=", 1)[1]]:
            self.assertNotIn(secret, log)

    def test_path_traversal_reads_no_file(self):
        for path in ["/static/../CMakeLists.txt", "/static/%2e%2e/%2e%2e/etc/passwd", "/study/..%2f..%2fetc%2fpasswd",
                     "/study/NCT07038447/../../../etc/passwd", "/static/style.css/../../README.md", "/..%2f..%2f"]:
            status, _, body = SERVER.get(path)
            self.assertGreaterEqual(status, 400, path)
            self.assertLess(status, 500, path)
            self.assertNotIn(b"root:", body)
            self.assertNotIn(b"cmake_minimum_required", body)

    def test_deeply_nested_json_is_refused(self):
        deep = b'{"patient": {"description": "x", "conditions": ' + b"[" * 30000 + b"]" * 30000 + b"}}"
        status, _, body = SERVER.request("POST", "/api/v2/match", deep, {"Content-Type": "application/json"})
        self.assertEqual(status, 400, body[:200])
        self.assertEqual(SERVER.get_json("/healthz")[0], 200)

    def test_invalid_utf8_and_huge_values_are_handled(self):
        for path in ["/?q=%FF%FE%80lupus", "/?q=" + "a" * 3000, "/study/%FF%FE", "/study/NCT07038447?near=%FF",
                     "/?near=" + "x" * 2000, "/?age=999999999999", "/?pageToken=%00"]:
            status, _, _ = SERVER.get(path)
            self.assertLess(status, 500, path)
        status, _, _ = SERVER.request("POST", "/match", b"conditions=%FF%FE&description=" + b"%E2%28%A1" * 500)
        self.assertLess(status, 500)


class ServiceEndpoints(unittest.TestCase):
    def test_stats_version_health(self):
        status, body = SERVER.get_json("/api/v2/stats/size")
        self.assertEqual(status, 200)
        self.assertEqual(body["totalStudies"], 782)
        self.assertGreater(body["averageSizeBytes"], 1000)
        status, body = SERVER.get_json("/api/v2/version")
        self.assertEqual(status, 200)
        self.assertIn("apiVersion", body)
        # The specification's format (yyyy-MM-dd'T'HH:mm:ss), nothing else.
        self.assertRegex(body["dataTimestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$")
        self.assertEqual(set(body), {"apiVersion", "dataTimestamp"})
        status, body = SERVER.get_json("/healthz")
        self.assertEqual(body["studies"], 782)
        self.assertEqual(body["indexedStudies"], 782)
        self.assertEqual(body["status"], "ok")

    def test_bad_input_is_never_a_500(self):
        bad = [
            query(**{"filter.overallStatus": "DROP TABLE studies"}),
            query(**{"query.cond": "'; DROP TABLE studies; --"}),
            query(**{"query.term": "lupus\" OR \"1\"=\"1"}),
            query(pageToken="999999999999.0000000000000000"),
            query(pageSize="-1"), query(pageSize="1e9"), query(pageSize="abc"),
            query(**{"filter.geo": "distance(nan,nan,nan)"}),
            query(**{"filter.advanced": "((((((((((((((((((((((((((((((((((((((((AREA[Phase]PHASE1"}),
            query(**{"query.cond": "(" * 5000}),
            query(**{"query.cond": "\udcff".encode("utf-8", "surrogatepass").decode("latin-1")}),
            query(sort="StartDate:sideways"), query(countTotal="maybe"),
            "/api/v2/studies/NCT1234567890123", "/api/v2/studies/%00",
            # Invalid UTF-8 quoted back in the error message.
            "/api/v2/studies?filter.overallStatus=%FF", "/api/v2/studies?fields=%FF", "/api/v2/studies/%FF",
            "/api/v2/studies?sort=%FF:asc", "/api/v2/studies?filter.advanced=AREA%5B%FF%5Dx",
            "/api/v2/studies/%FF/related", "/api/v2/studies/%FF/criteria",
        ]
        for path in bad:
            status, _, body = SERVER.get(path)
            self.assertLess(status, 500, path)
            if status >= 400:
                self.assertIn("message", json.loads(body), path)
        status, _ = SERVER.get_json("/healthz")
        self.assertEqual(status, 200)
        self.assertEqual(SERVER.get_json("/healthz")[1]["studies"], 782)

    def test_oversized_request_is_refused(self):
        status, _, _ = SERVER.get("/api/v2/studies?query.term=" + "a" * 100000)
        self.assertIn(status, (400, 414, 431))

    def test_access_log_has_no_query_values(self):
        SERVER.get(query(**{"query.cond": "secretpatientdetail"}))
        for _ in range(50):  # the log line is written just after the response
            log = SERVER.access_log()
            if "query.cond" in log:
                break
            time.sleep(0.1)
        self.assertIn("query.cond", log)
        self.assertNotIn("secretpatientdetail", log)


if __name__ == "__main__":
    # As deploy/nginx.conf runs it: behind a proxy on loopback, whose
    # X-Forwarded-For names the client.
    SERVER = RunningServer(BINARY, SAMPLE, extra_args=("--trusted-proxy", "127.0.0.1"))
    try:
        result = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=1).result
    finally:
        code, out = SERVER.stop()
    ok = result.wasSuccessful()
    if code != 0 or "stopped" not in out:
        print(f"server did not stop cleanly on SIGTERM: exit {code}, output {out!r}")
        ok = False
    sys.exit(0 if ok else 1)
