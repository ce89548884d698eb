# Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
"""Conformance with ClinicalTrials.gov's API v2 specification.

Walks data/reference/ctg-oas-v2.yaml (the published OpenAPI description,
version 2.0.5): every path, every parameter's examples, every enum value,
validating answers against the specification's schemas; and checks search
counts against counts computed here, in Python, from the full records the
server serves (not from its index).

Usage: conformance_test.py TRIALFINDER_BINARY SAMPLE_DIR SPEC_DIR
"""
import copy
import csv
import io
import json
import pathlib
import sys
import unittest
import urllib.parse

import jsonschema
import yaml

from server_fixture import RunningServer

BINARY, SAMPLE, SPEC_DIR = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
SPEC = yaml.safe_load((SPEC_DIR / "ctg-oas-v2.yaml").read_text())
SERVER = None
RECORDS = []  # every study, as served
# FHIR R4's official JSON schema, from the npm package test.sh installs
# (tests/browser/package.json).
FHIR_SCHEMA = pathlib.Path(__file__).resolve().parents[1] / "browser" / "node_modules" / "@medplum" / \
    "definitions" / "dist" / "fhir" / "r4" / "fhir.schema.json"

# What the README lists as not supported, with the status it answers.
UNSUPPORTED = {("filter.synonyms", None): 400, ("postFilter.synonyms", None): 400}


def resolve(node):
    """The schema with every $ref replaced by what it names (not recursive ones)."""
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[1]
            return resolve(copy.deepcopy(SPEC["components"]["schemas"][name]))
        return {key: resolve(value) for key, value in node.items()}
    if isinstance(node, list):
        return [resolve(value) for value in node]
    return node


def validating(node):
    """A schema whose $refs (recursive ones too) resolve in the spec's components."""
    return {"allOf": [node], "components": SPEC["components"]}


def response_schema(path, status="200", media="application/json"):
    content = SPEC["paths"][path]["get"]["responses"][status]["content"]
    return validating(content[media]["schema"])


def data_quirk(error):
    """The sample holds one record whose ID is shorter than the registry's
    (NCT000001): the schema refuses the data, not the server's answer."""
    return error.path and error.path[-1] == "nctId" and error.instance == "NCT000001"


def check_schema(testcase, body, schema, where):
    errors = sorted((e for e in jsonschema.Draft7Validator(schema).iter_errors(body) if not data_quirk(e)),
                    key=str)
    testcase.assertEqual([], [f"{'/'.join(map(str, e.path))}: {e.message[:200]}" for e in errors[:5]],
                         where)


def studies(**params):
    return "/api/v2/studies?" + urllib.parse.urlencode(params)


def get_json(path):
    status, headers, body = SERVER.get(path)
    return status, headers, json.loads(body) if body[:1] in (b"{", b"[") else body


def total(**params):
    status, _, body = get_json(studies(countTotal="true", pageSize=1, fields="NCTId", **params))
    assert status == 200, (params, body)
    return body["totalCount"]


def values(record, path):
    """Every value at a dotted path, lists flattened."""
    current = [record]
    for key in path.split("."):
        following = []
        for value in current:
            for element in value if isinstance(value, list) else [value]:
                if isinstance(element, dict) and key in element:
                    following.append(element[key])
        current = following
    flat = []
    for value in current:
        flat.extend(value if isinstance(value, list) else [value])
    return flat


def count(predicate):
    return sum(1 for record in RECORDS if predicate(record))


def ident(record):
    return record["protocolSection"]["identificationModule"]["nctId"]


class PathsTest(unittest.TestCase):
    def test_every_path_answers_in_its_schema(self):
        for path, operations in SPEC["paths"].items():
            url = "/api/v2" + path.replace("{nctId}", "NCT07038447")
            status, headers, body = get_json(url)
            self.assertEqual(status, 200, url)
            check_schema(self, body, response_schema(path), url)
            # Browser clients may read every answer, and CSV's paging headers.
            self.assertEqual(headers["Access-Control-Allow-Origin"], "*", url)
            self.assertIn("x-next-page-token", headers["Access-Control-Expose-Headers"])

    def test_every_parameter_example_is_taken(self):
        for path, operations in SPEC["paths"].items():
            for parameter in operations["get"].get("parameters", []):
                name = parameter["name"]
                examples = [example["value"] for example in parameter.get("examples", {}).values()]
                if "example" in parameter:
                    examples.append(parameter["example"])
                for example in examples:
                    value = "|".join(example) if isinstance(example, list) else str(example)
                    if name == "nctId":
                        url = "/api/v2/studies/" + value
                    else:
                        url = "/api/v2" + path.replace("{nctId}", "NCT07038447") + "?" + \
                            urllib.parse.urlencode({name: value})
                    status, _, body = get_json(url)
                    expected = UNSUPPORTED.get((name, None), 200)
                    if name == "nctId":
                        expected = 404  # the examples are not in the sample
                    self.assertEqual(status, expected, f"{url}: {body}")
                    if status == 200 and path in ("/studies", "/studies/{nctId}") and \
                            isinstance(body, dict):
                        check_schema(self, body, response_schema(path), url)

    def test_every_enum_value_is_taken(self):
        for path, operations in SPEC["paths"].items():
            for parameter in operations["get"].get("parameters", []):
                schema = resolve(parameter["schema"])
                choices = schema.get("enum") or schema.get("items", {}).get("enum") or []
                for choice in choices:
                    url = "/api/v2" + path.replace("{nctId}", "NCT07038447") + "?" + \
                        urllib.parse.urlencode({parameter["name"]: choice})
                    status, _, body = get_json(url)
                    expected = UNSUPPORTED.get((parameter["name"], choice), 200)
                    self.assertEqual(status, expected, f"{url}: {str(body)[:200]}")

    def test_every_status_filters(self):
        statuses = resolve(SPEC["components"]["schemas"]["Status"])["enum"]
        for status in statuses:
            expected = count(lambda r: values(r, "protocolSection.statusModule.overallStatus") == [status])
            self.assertEqual(total(**{"filter.overallStatus": status}), expected, status)

    def test_full_records_are_studies_in_the_schema(self):
        schema = validating({"$ref": "#/components/schemas/Study"})
        for record in RECORDS[:100]:
            check_schema(self, record, schema, ident(record))


class CountsTest(unittest.TestCase):
    """Essie expressions, in query.* and in filter.advanced, against counts of the records."""

    def expect(self, expression, predicate):
        expected = count(predicate)
        self.assertEqual(total(**{"query.term": expression}), expected, "query.term=" + expression)
        self.assertEqual(total(**{"filter.advanced": expression}), expected,
                         "filter.advanced=" + expression)

    def test_enumerations_ranges_and_missing(self):
        phases = lambda r: values(r, "protocolSection.designModule.phases")
        self.expect("AREA[Phase]PHASE2", lambda r: "PHASE2" in phases(r))
        updated = lambda r: values(r, "protocolSection.statusModule.lastUpdatePostDateStruct.date")
        self.expect("AREA[LastUpdatePostDate]RANGE[2023-01-15,MAX]",
                    lambda r: any(d >= "2023-01-15" for d in updated(r)))
        self.expect("AREA[ResultsFirstPostDate]MISSING",
                    lambda r: not values(r, "protocolSection.statusModule.resultsFirstPostDateStruct.date"))
        enrollment = lambda r: values(r, "protocolSection.designModule.enrollmentInfo.count")
        self.expect("AREA[EnrollmentCount]RANGE[100, 200]", lambda r: any(100 <= n <= 200 for n in enrollment(r)))
        self.expect("AREA[Phase:size]2", lambda r: len(phases(r)) == 2)
        self.expect("AREA[HasResults]true", lambda r: r.get("hasResults") is True)
        self.expect("AREA[StudyType]OBSERVATIONAL",
                    lambda r: values(r, "protocolSection.designModule.studyType") == ["OBSERVATIONAL"])

    def test_operators_combine(self):
        phases = lambda r: values(r, "protocolSection.designModule.phases")
        status = lambda r: values(r, "protocolSection.statusModule.overallStatus")
        self.expect("AREA[Phase]PHASE2 OR AREA[Phase]PHASE3",
                    lambda r: "PHASE2" in phases(r) or "PHASE3" in phases(r))
        self.expect("AREA[Phase]PHASE2 AND NOT AREA[OverallStatus]COMPLETED",
                    lambda r: "PHASE2" in phases(r) and status(r) != ["COMPLETED"])
        self.expect("(AREA[Phase]PHASE1 OR AREA[Phase]PHASE2) AND AREA[OverallStatus]RECRUITING",
                    lambda r: ("PHASE1" in phases(r) or "PHASE2" in phases(r)) and status(r) == ["RECRUITING"])
        self.expect("AREA[Phase](PHASE3 OR PHASE4)", lambda r: "PHASE3" in phases(r) or "PHASE4" in phases(r))

    def test_text_pieces(self):
        cities = lambda r: [c.lower() for c in values(r, "protocolSection.contactsLocationsModule.locations.city")]
        self.expect("AREA[LocationCity]Boston", lambda r: any("boston" in c.split() for c in cities(r)))
        self.expect('AREA[LocationCity]COVERAGE[FullMatch]"Boston"', lambda r: "boston" in cities(r))
        countries = lambda r: values(r, "protocolSection.contactsLocationsModule.locations.country")
        self.expect('AREA[LocationCountry]COVERAGE[FullMatch]"United States"',
                    lambda r: "United States" in countries(r))
        self.expect("AREA[LeadSponsorClass]INDUSTRY",
                    lambda r: values(r, "protocolSection.sponsorCollaboratorsModule.leadSponsor.class") == ["INDUSTRY"])

    def test_agg_filters(self):
        lead = lambda r: values(r, "protocolSection.sponsorCollaboratorsModule.leadSponsor.class")
        self.assertEqual(total(aggFilters="funderType:industry"), count(lambda r: lead(r) == ["INDUSTRY"]))
        self.assertEqual(total(aggFilters="docs:prot"),
                         count(lambda r: any(values(r, "documentSection.largeDocumentModule.largeDocs.hasProtocol"))))
        self.assertEqual(total(aggFilters="phase:2"),
                         count(lambda r: "PHASE2" in values(r, "protocolSection.designModule.phases")))


class ResultsTest(unittest.TestCase):
    def page_ids(self, **params):
        status, _, body = get_json(studies(**params))
        self.assertEqual(status, 200, (params, body))
        return body

    def test_sort_directions_and_missing_last(self):
        def sorted_values(sort, path, size=1000):
            body = self.page_ids(sort=sort, pageSize=size, fields="NCTId," + path)
            return [values(s, path) for s in body["studies"]]
        enrollment = sorted_values("EnrollmentCount", "protocolSection.designModule.enrollmentInfo.count")
        present = [v[0] for v in enrollment if v]
        self.assertEqual(present, sorted(present), "numbers ascend by default")
        self.assertTrue(all(v for v in enrollment[:len(present)]), "missing values last")
        start = sorted_values("StartDate", "protocolSection.statusModule.startDateStruct.date")
        present = [v[0] for v in start if v]
        self.assertEqual(present, sorted(present, reverse=True), "dates descend by default")
        completion = sorted_values("CompletionDate:asc", "protocolSection.statusModule.completionDateStruct.date")
        present = [v[0] for v in completion if v]
        self.assertEqual(present, sorted(present))
        # The post date alone: studies without one go last (not by another date).
        updated = sorted_values("LastUpdatePostDate", "protocolSection.statusModule.lastUpdatePostDateStruct.date")
        present = [v[0] for v in updated if v]
        self.assertEqual(present, sorted(present, reverse=True))
        self.assertTrue(all(v for v in updated[:len(present)]))
        # A stated age of 0 is an age, first when ascending.
        ages = sorted_values("MinimumAge", "protocolSection.eligibilityModule.minimumAge")
        zero = [v for v in ages if v and v[0].startswith("0 ")]
        if zero:
            self.assertTrue(ages[0][0].startswith("0 "), ages[:3])
        self.assertEqual(get_json(studies(sort="BriefTitle"))[0], 400)
        self.assertEqual(get_json(studies(sort="StartDate,EnrollmentCount,LastUpdatePostDate"))[0], 400)

    def test_paging(self):
        self.assertEqual(len(self.page_ids(pageSize=0)["studies"]), 10)
        self.assertEqual(len(self.page_ids(pageSize=5000, fields="NCTId")["studies"]), len(RECORDS))
        seen = []
        token = None
        while True:
            params = {"pageSize": 100, "fields": "NCTId", "query.cond": "cancer"}
            if token:
                params["pageToken"] = token
            body = self.page_ids(**params)
            seen += [ident(s) for s in body["studies"]]
            token = body.get("nextPageToken")
            if not token:
                break
        self.assertEqual(len(seen), len(set(seen)))
        self.assertEqual(len(seen), total(**{"query.cond": "cancer"}))

    def test_fields_take_pieces_structs_and_areas(self):
        for fields, key in [("NCTId|BriefTitle|OverallStatus|HasResults", "hasResults"),
                            ("ProtocolSection", "protocolSection"), ("Reference", None),
                            ("LocationZip", "protocolSection"), ("OrgFullName", "protocolSection"),
                            ("NCTIdAlias", None), ("ConditionsModule|EligibilityModule", "protocolSection"),
                            ("protocolSection.designModule.phases", "protocolSection"),
                            ("ConditionSearch", "protocolSection"), ("@query", "protocolSection")]:
            body = self.page_ids(fields=fields, **{"query.cond": "lupus"})
            if key:
                self.assertTrue(any(key in s for s in body["studies"]), fields)
        body = self.page_ids(fields="OrgFullName", pageSize=1)
        self.assertIn("fullName", body["studies"][0]["protocolSection"]["identificationModule"]["organization"])
        cited = next(r for r in RECORDS if values(r, "protocolSection.referencesModule.references"))
        body = self.page_ids(fields="Reference", **{"filter.ids": ident(cited)})
        self.assertEqual(body["studies"][0]["protocolSection"]["referencesModule"]["references"],
                         cited["protocolSection"]["referencesModule"]["references"])

    def test_csv_is_the_registrys(self):
        columns = [row["Column Name"] for row in
                   csv.DictReader(io.StringIO((SPEC_DIR / "csv-download-columns.csv").read_text()))]
        status, headers, body = SERVER.get(studies(format="csv", pageSize=3))
        rows = list(csv.reader(io.StringIO(body.decode())))
        self.assertEqual(rows[0], columns)
        self.assertEqual(len(rows), 4)
        self.assertEqual(headers["x-total-count"], str(len(RECORDS)))
        # Later pages have no header: the pages concatenate into one file.
        status, _, second = SERVER.get(studies(format="csv", pageSize=3, pageToken=headers["x-next-page-token"]))
        self.assertEqual(status, 200)
        self.assertNotIn(b"NCT Number", second)
        self.assertEqual(len(list(csv.reader(io.StringIO(second.decode())))), 3)
        status, _, body = SERVER.get(studies(format="csv", fields="NCT Number|Conditions|Locations",
                                             **{"filter.ids": "NCT07038447"}))
        rows = list(csv.reader(io.StringIO(body.decode())))
        self.assertEqual(rows[0], ["NCT Number", "Conditions", "Locations"])
        self.assertIn("Systemic Lupus Erythematosus|", rows[1][1])
        self.assertIn("Stanford", rows[1][2])

    def test_one_study_as_zip_and_ris(self):
        import zipfile
        status, headers, body = SERVER.get("/api/v2/studies/NCT07038447?format=json.zip")
        self.assertEqual((status, headers["Content-Type"]), (200, "application/zip"))
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            self.assertEqual(archive.namelist(), ["NCT07038447.json"])
            record = json.loads(archive.read("NCT07038447.json"))
        self.assertEqual(ident(record), "NCT07038447")
        status, headers, body = SERVER.get("/api/v2/studies/NCT07038447?format=ris")
        lines = body.decode().splitlines()
        self.assertEqual((lines[0], lines[-1]), ("TY  - DBASE", "ER  - "))
        self.assertIn("UR  - https://clinicaltrials.gov/study/NCT07038447", lines)
        status, headers, body = get_json("/api/v2/studies/NCT07038447?format=fhir.json")
        self.assertEqual((status, headers["Content-Type"]), (200, "application/fhir+json"))
        self.assertEqual((body["resourceType"], body["id"], body["status"]),
                         ("ResearchStudy", "NCT07038447", "active"))
        self.assertEqual(body["phase"]["coding"][0]["code"], "phase-1")
        contained = {resource["id"]: resource for resource in body["contained"]}
        for site in body["site"]:
            self.assertEqual(contained[site["reference"][1:]]["resourceType"], "Location")
        self.assertIn("Inclusion", contained["enrollment"]["characteristic"][0]["valueCodeableConcept"]["text"])
        # Lists are not zipped: format=json.zip is for one study.
        self.assertEqual(get_json(studies(format="json.zip"))[0], 400)

    def test_fhir_research_studies_validate_against_fhir_r4(self):
        definitions = json.loads(FHIR_SCHEMA.read_text())["definitions"]
        validator = jsonschema.Draft6Validator({"$ref": "#/definitions/ResearchStudy",
                                                "definitions": definitions})
        # Every status, phase and site shape of the sample: a study of each
        # status, plus the seeds, plus every tenth.
        chosen = {ident(r) for r in RECORDS[::10]} | {"NCT07038447", "NCT07193810", "NCT06888960"}
        by_status = {}
        for record in RECORDS:
            by_status.setdefault(str(values(record, "protocolSection.statusModule.overallStatus")), ident(record))
        chosen |= set(by_status.values())
        for nct_id in sorted(chosen):
            status, _, body = get_json(f"/api/v2/studies/{nct_id}?format=fhir.json")
            self.assertEqual(status, 200, nct_id)
            errors = [f"{'/'.join(map(str, e.path))}: {e.message[:150]}" for e in validator.iter_errors(body)]
            self.assertEqual([], errors[:5], nct_id)
        # Corrupted on purpose, it fails: the check can fail.
        body["status"] = "recruiting"
        self.assertTrue(list(validator.iter_errors(body)))

    def test_nct_ids(self):
        status, _, body = get_json("/api/v2/studies/nct07038447?fields=NCTId")
        self.assertEqual((status, ident(body)), (200, "NCT07038447"))
        status, headers, _ = SERVER.request_no_redirect("GET", "/api/v2/studies/NCT7038447")
        self.assertEqual(status, 301)
        self.assertEqual(headers["Location"], "/api/v2/studies/NCT07038447")
        aliased = next(r for r in RECORDS if values(r, "protocolSection.identificationModule.nctIdAliases"))
        alias = values(aliased, "protocolSection.identificationModule.nctIdAliases")[0]
        status, headers, _ = SERVER.request_no_redirect("GET", "/api/v2/studies/" + alias)
        self.assertEqual((status, headers["Location"]), (301, "/api/v2/studies/" + ident(aliased)))
        body = self.page_ids(fields="NCTId", **{"filter.ids": alias})
        self.assertEqual([ident(s) for s in body["studies"]], [ident(aliased)])
        # Only NCT IDs in a query: those studies, filters ignored.
        body = self.page_ids(fields="NCTId", **{"query.term": "NCT07038447, NCT07193810",
                                                "filter.overallStatus": "WITHDRAWN"})
        self.assertEqual(sorted(ident(s) for s in body["studies"]), ["NCT07038447", "NCT07193810"])
        self.assertEqual(get_json("/api/v2/studies/NCT0")[0], 400)
        self.assertEqual(get_json("/api/v2/studies/NCT99999999")[0], 404)

    def test_field_statistics_count_the_records(self):
        status, _, body = get_json("/api/v2/stats/field/values?fields=Phase,HasResults,StartDate")
        self.assertEqual(status, 200)
        phase, results, start = body
        counts = {value["value"]: value["studiesCount"] for value in phase["topValues"]}
        for value, studies_count in counts.items():
            self.assertEqual(studies_count,
                             count(lambda r: value in values(r, "protocolSection.designModule.phases")), value)
        self.assertEqual(phase["missingStudiesCount"],
                         count(lambda r: not values(r, "protocolSection.designModule.phases")))
        self.assertEqual(results["trueCount"], count(lambda r: r.get("hasResults") is True))
        dates = [d for r in RECORDS for d in values(r, "protocolSection.statusModule.startDateStruct.date")]
        self.assertEqual((start["min"], start["max"]), (min(dates), max(dates)))
        status, _, body = get_json("/api/v2/stats/field/sizes?fields=Phase")
        sizes = {entry["size"]: entry["studiesCount"] for entry in body[0]["topSizes"]}
        self.assertEqual(sizes[2], count(lambda r: len(values(r, "protocolSection.designModule.phases")) == 2))
        self.assertEqual(get_json("/api/v2/stats/field/values?fields=NoSuchPiece")[0], 404)
        self.assertEqual(get_json("/api/v2/stats/field/values?types=WORD")[0], 400)

    def test_metadata_names_what_fields_and_enums_take(self):
        _, _, metadata = get_json("/api/v2/studies/metadata")
        pieces = []

        def walk(nodes):
            for node in nodes:
                pieces.append(node["piece"])
                walk(node.get("children", []))
        walk(metadata)
        self.assertEqual(len(pieces), len(set(pieces)))
        for piece in ("NCTId", "Phase", "LocationCity", "ConditionMeshTerm", "Reference", "Location"):
            self.assertIn(piece, pieces)
        # Every piece the metadata names is taken by fields.
        for start in range(0, len(pieces), 100):
            status, _, body = get_json(studies(pageSize=1, fields=",".join(pieces[start:start + 100])))
            self.assertEqual(status, 200, body)
        _, _, enums = get_json("/api/v2/studies/enums")
        phase = next(e for e in enums if "Phase" in e["pieces"])
        self.assertEqual([v["value"] for v in phase["values"]],
                         ["NA", "EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4"])
        _, _, areas = get_json("/api/v2/studies/search-areas")
        params = {area["param"] for document in areas for area in document["areas"]}
        self.assertTrue({"cond", "term", "intr", "titles", "outc", "spons", "lead", "id", "locn",
                         "patient"} <= params)

    def test_a_parameter_twice_with_different_values_is_refused(self):
        status, _, body = get_json("/api/v2/studies?filter.overallStatus=RECRUITING&filter.overallStatus=COMPLETED")
        self.assertEqual(status, 400)
        self.assertIn("given twice", body["message"])
        self.assertEqual(get_json("/api/v2/studies?pageSize=2&pageSize=2")[0], 200)

    def test_csv_counts_only_when_exact(self):
        _, headers, _ = SERVER.get(studies(format="csv", pageSize=5, **{"query.term": "cancer"}))
        if headers.get("x-total-count"):
            self.assertEqual(int(headers["x-total-count"]), total(**{"query.term": "cancer"}))
        _, headers, _ = SERVER.get(studies(format="csv", pageSize=5, countTotal="true",
                                           **{"query.term": "cancer"}))
        self.assertEqual(int(headers["x-total-count"]), total(**{"query.term": "cancer"}))

    def test_errors_name_the_parameter(self):
        for params, words in [({"query.term": "AREA[Nonsense]x"}, "unsupported area 'Nonsense'"),
                              ({"filter.advanced": "AREA[Phase]PHASE2 AND"}, "ends too early"),
                              ({"query.cond": "AREA[StartDate]RANGE[soon, MAX]"}, "'soon' is not a date"),
                              ({"sort": "Nonsense"}, "cannot sort by 'Nonsense'"),
                              ({"pageSize": "-1"}, "pageSize"),
                              ({"fields": "Nonsense"}, "unknown field 'Nonsense'"),
                              ({"fields": ""}, "parameter 'fields': empty"),
                              ({"fields": "protocolSection.bogus"}, "unknown field"),
                              ({"filter.advanced": "the"}, "has no words to search for"),
                              ({"query.term": 'COVERAGE[FullMatch]"lung cancer"'}, "COVERAGE applies to pieces"),
                              ({"filter.advanced": "AREA[EnrollmentCount]RANGE[NaN, MAX]"}, "not a number")]:
            status, _, body = get_json(studies(**params))
            self.assertEqual(status, 400, params)
            self.assertIn(words, body["message"], params)


def setUpModule():
    global SERVER, RECORDS
    SERVER = RunningServer(BINARY, SAMPLE)
    status, body = SERVER.get_json("/api/v2/studies?pageSize=1000")
    assert status == 200 and "nextPageToken" not in body, body.keys()
    RECORDS = body["studies"]


def tearDownModule():
    if SERVER:
        SERVER.stop()


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
