# Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
"""What search engines see (issue 25): schema.org MedicalTrial JSON-LD on
every trial page, a canonical address and a meta description, robots.txt,
and a sitemap of every trial and patient page with lastmod from the record.

No schema.org or sitemap validator is packaged for Debian: the checks below
hold the JSON-LD to the properties and enumerations schema.org defines for
each type used (https://schema.org/MedicalTrial and the types it points
to), and the sitemap to the sitemaps.org 0.9 protocol's rules.

Usage: search_engines_test.py TRIALFINDER_BINARY SAMPLE_DIR
"""
import html.parser
import json
import re
import sys
import unittest
import xml.etree.ElementTree as ElementTree

from server_fixture import RunningServer

BINARY, SAMPLE = sys.argv[1], sys.argv[2]
PUBLIC = "https://trials.example.org"
SERVER = None
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

THING = {"@context", "@type", "name", "alternateName", "description", "identifier", "url", "sameAs",
         "image", "mainEntityOfPage", "additionalType", "disambiguatingDescription", "subjectOf"}
# Properties schema.org defines for each type (its own and inherited ones).
MEDICAL_STUDY = THING | {"code", "guideline", "legalStatus", "medicineSystem", "recognizingAuthority",
                         "relevantSpecialty", "study", "funding", "healthCondition", "sponsor", "status",
                         "studyLocation", "studySubject"}
PROPERTIES = {
    "MedicalTrial": MEDICAL_STUDY | {"phase", "trialDesign"},
    "MedicalObservationalStudy": MEDICAL_STUDY | {"studyDesign"},
    "MedicalStudy": MEDICAL_STUDY,
    "MedicalCondition": THING | {"code", "associatedAnatomy", "signOrSymptom", "stage", "status"},
    "Organization": THING | {"address", "email", "telephone", "legalName"},
    "AdministrativeArea": THING | {"address", "geo", "containedInPlace", "telephone"},
    "PostalAddress": THING | {"addressCountry", "addressLocality", "addressRegion", "postalCode",
                              "streetAddress", "postOfficeBoxNumber"},
    "GeoCoordinates": THING | {"latitude", "longitude", "elevation", "postalCode", "address"},
    "WebPage": THING | {"datePublished", "dateModified", "breadcrumb", "lastReviewed"},
}
STATUSES = {f"https://schema.org/{s}" for s in (
    "ActiveNotRecruiting", "Completed", "EnrollingByInvitation", "NotYetRecruiting", "Recruiting",
    "ResultsAvailable", "ResultsNotAvailable", "Suspended", "Terminated", "Withdrawn")}
DESIGNS = {f"https://schema.org/{d}" for d in (
    "DoubleBlindedTrial", "InternationalTrial", "MultiCenterTrial", "OpenTrial", "PlaceboControlledTrial",
    "RandomizedTrial", "SingleBlindedTrial", "SingleCenterTrial", "TripleBlindedTrial")}
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def schema_problems(node, where="MedicalTrial"):
    """What in a JSON-LD node schema.org does not define."""
    if isinstance(node, list):
        return [p for item in node for p in schema_problems(item, where)]
    if not isinstance(node, dict):
        return []
    kind = node.get("@type")
    if kind not in PROPERTIES:
        return [f"{where}: type {kind!r} is not one this check knows"]
    problems = [f"{where}: {kind} has no property {key!r}" for key in node if key not in PROPERTIES[kind]]
    if kind in ("MedicalTrial", "MedicalObservationalStudy", "MedicalStudy"):
        if "status" in node and node["status"] not in STATUSES:
            problems.append(f"{where}: status {node['status']!r} is not a MedicalStudyStatus")
        for design in node.get("trialDesign", []):
            if design not in DESIGNS:
                problems.append(f"{where}: trialDesign {design!r} is not a MedicalTrialDesign")
    for key in ("datePublished", "dateModified"):
        if key in node and not ISO_DATE.match(node[key]):
            problems.append(f"{where}: {key} {node[key]!r} is not an ISO 8601 date")
    for key, value in node.items():
        if isinstance(value, (dict, list)):
            problems += schema_problems(value, f"{where}.{key}")
    return problems


class Head(html.parser.HTMLParser):
    """The <head> parts that matter here."""

    def __init__(self):
        super().__init__()
        self.canonical, self.description, self.robots, self.json_ld = None, None, None, []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs.get("href")
        if tag == "meta" and attrs.get("name") == "description":
            self.description = attrs.get("content")
        if tag == "meta" and attrs.get("name") == "robots":
            self.robots = attrs.get("content")
        self._in_json_ld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_endtag(self, tag):
        self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))


def head_of(path):
    status, _, body = SERVER.get(path)
    assert status == 200, (path, status)
    head = Head()
    head.feed(body.decode())
    return head


class SearchEnginesTest(unittest.TestCase):
    def test_sitemap_lists_every_trial_and_patient_page_with_lastmod(self):
        status, headers, body = SERVER.get("/sitemap.xml")
        self.assertEqual(status, 200)
        self.assertIn("xml", headers["Content-Type"])
        root = ElementTree.fromstring(body)
        self.assertEqual(root.tag, SITEMAP + "urlset")  # the sample is one file
        urls = root.findall(SITEMAP + "url")
        self.assertLessEqual(len(urls), 50000)
        self.assertLess(len(body), 50 * 1024 * 1024)
        studies = {}
        token = None
        while True:
            query = "/api/v2/studies?pageSize=1000&fields=NCTId,LastUpdatePostDate,LastUpdateSubmitDate" + (
                f"&pageToken={token}" if token else "")
            page = SERVER.get_json(query)[1]
            for study in page["studies"]:
                status = study["protocolSection"].get("statusModule", {})
                # The last update as posted, else as submitted (legacy records).
                studies[study["protocolSection"]["identificationModule"]["nctId"]] = (
                    status.get("lastUpdatePostDateStruct", {}).get("date") or status.get("lastUpdateSubmitDate"))
            token = page.get("nextPageToken")
            if not token:
                break
        listed = {}
        for url in urls:
            location = url.find(SITEMAP + "loc").text
            self.assertTrue(location.startswith(PUBLIC + "/"), location)
            self.assertLessEqual(len(location), 2048)
            lastmod = url.find(SITEMAP + "lastmod")
            listed[location] = lastmod.text if lastmod is not None else None
            if lastmod is not None:
                self.assertRegex(lastmod.text, ISO_DATE)
        self.assertEqual(len(listed), 2 * len(studies) + 1)
        for nct_id, updated in studies.items():
            self.assertEqual(listed[f"{PUBLIC}/study/{nct_id}"], updated, nct_id)
            self.assertEqual(listed[f"{PUBLIC}/study/{nct_id}/plain"], updated, nct_id)
        self.assertEqual(SERVER.get("/sitemaps/1.xml")[0], 404)  # no split for 782 studies

    def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_off_endless_pages(self):
        status, headers, body = SERVER.get("/robots.txt")
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("text/plain"))
        text = body.decode()
        self.assertIn(f"Sitemap: {PUBLIC}/sitemap.xml", text)
        for path in ("/api/", "/feeds/", "/match", "/editor/", "/?"):
            self.assertIn(f"Disallow: {path}\n", text)

    def test_trial_pages_carry_valid_medical_trial_json_ld(self):
        kinds = {"INTERVENTIONAL": "MedicalTrial", "OBSERVATIONAL": "MedicalObservationalStudy"}
        listed = SERVER.get_json("/api/v2/studies?pageSize=60&fields=NCTId,StudyType")[1]["studies"]
        listed += SERVER.get_json("/api/v2/studies?pageSize=5&fields=NCTId,StudyType"
                                  "&filter.advanced=AREA%5BStudyType%5DOBSERVATIONAL")[1]["studies"]
        types = {s["protocolSection"]["identificationModule"]["nctId"]:
                 kinds.get(s["protocolSection"].get("designModule", {}).get("studyType"), "MedicalStudy")
                 for s in listed}
        types["NCT07038447"] = "MedicalTrial"  # KITE-363: 4 cohorts, many sites
        self.assertIn("MedicalObservationalStudy", types.values())
        for nct_id, kind in types.items():
            for path in (f"/study/{nct_id}", f"/study/{nct_id}/plain"):
                head = head_of(path + "?near=Boston")  # the canonical drops the query
                self.assertEqual(head.canonical, PUBLIC + path, path)
                self.assertTrue(head.description, path)
                self.assertLessEqual(len(head.description), 161, path)
                self.assertEqual(len(head.json_ld), 1, path)
                trial = head.json_ld[0]
                self.assertEqual(trial["@type"], kind, path)
                self.assertNotIn("**", trial.get("description", ""), path)  # plain text, not markdown
                self.assertEqual(trial["identifier"], nct_id)
                self.assertEqual(trial["url"], PUBLIC + path)
                self.assertEqual(schema_problems(trial), [], path)
        record = SERVER.get_json("/api/v2/studies/NCT07038447")[1]["protocolSection"]
        trial = head_of("/study/NCT07038447").json_ld[0]
        self.assertEqual(trial["name"], record["identificationModule"]["briefTitle"])
        self.assertEqual([c["name"] for c in trial["healthCondition"]], record["conditionsModule"]["conditions"])
        self.assertEqual(trial["sponsor"]["name"], record["sponsorCollaboratorsModule"]["leadSponsor"]["name"])
        self.assertEqual(trial["phase"], "Phase 1")
        self.assertTrue(trial["studyLocation"])
        self.assertEqual(trial["mainEntityOfPage"]["dateModified"],
                         record["statusModule"]["lastUpdatePostDateStruct"]["date"])
        # The checker finds what schema.org lacks.
        self.assertTrue(schema_problems({"@type": "MedicalTrial", "startDate": "2020"}))
        self.assertTrue(schema_problems({"@type": "MedicalTrial", "status": "RECRUITING"}))

    def test_the_home_page_is_canonical_and_result_pages_are_not_indexed(self):
        home = head_of("/")
        self.assertEqual(home.canonical, PUBLIC + "/")
        self.assertTrue(home.description)
        results = head_of("/?q=lupus")
        self.assertEqual(results.robots, "noindex")
        self.assertIsNone(results.canonical)


if __name__ == "__main__":
    SERVER = RunningServer(BINARY, SAMPLE, extra_args=["--public-url", PUBLIC])
    try:
        unittest.main(argv=sys.argv[:1], verbosity=2)
    finally:
        SERVER.stop()
