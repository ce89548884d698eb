# Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
"""Acceptance: patient journeys on the sample trials, through the API and
the /match page (issue 22). Each journey asserts trial statuses and
criterion verdicts a patient would rely on.

Usage: patient_journeys_test.py TRIALFINDER_BINARY SAMPLE_DIR
"""
import datetime
import html
import json
import pathlib
import re
import sys
import unittest
import urllib.parse

import jsonschema

from server_fixture import RunningServer

BINARY, SAMPLE = sys.argv[1], sys.argv[2]
SERVER = None
# FHIR R4's official JSON schema, from the npm package test.sh installs
# (tests/browser/package.json).
FHIR_SCHEMA = pathlib.Path(__file__).resolve().parents[1] / "browser" / "node_modules" / "@medplum" / \
    "definitions" / "dist" / "fhir" / "r4" / "fhir.schema.json"

LUPUS_WOMAN = {
    "age": 34, "sex": "FEMALE",
    "conditions": [{"name": "systemic lupus erythematosus"}],
    "treatments": [{"name": "hydroxychloroquine", "status": "past", "response": "failed"},
                   {"name": "mycophenolate mofetil", "status": "past", "response": "failed"}],
    "labs": [{"name": "anti-dsDNA", "positive": True}],
    "pregnant": False,
}
LUPUS_TRIALS = {"NCT07038447", "NCT07193810", "NCT05843643"}
JARGON = re.compile(r"\b(malignancy|HBV|HCV|neoplasm)\b")


def lupus_woman_fhir():
    """LUPUS_WOMAN as an EHR sends her: a FHIR R4 Bundle, codes with displays."""
    today = datetime.date.today()
    born = today.replace(year=today.year - 34) - datetime.timedelta(days=30)
    subject = {"reference": "Patient/p1"}

    def coded(system, code, display):
        return {"coding": [{"system": system, "code": code, "display": display}]}

    resources = [
        {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": born.isoformat()},
        {"resourceType": "Condition", "id": "c1", "subject": subject,
         "clinicalStatus": coded("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active"),
         "code": coded("http://snomed.info/sct", "55464009", "Systemic lupus erythematosus")},
        {"resourceType": "Observation", "id": "o1", "subject": subject, "status": "final",
         "code": coded("http://loinc.org", "5130-0", "DNA double strand Ab [Units/volume] in Serum"),
         "valueCodeableConcept": coded("http://snomed.info/sct", "10828004", "Positive")},
        {"resourceType": "Observation", "id": "o2", "subject": subject, "status": "final",
         "code": coded("http://loinc.org", "82810-3", "Pregnancy status"),
         "valueCodeableConcept": coded("http://snomed.info/sct", "60001007", "Not pregnant")},
    ]
    for number, drug in enumerate(["hydroxychloroquine", "mycophenolate mofetil"]):
        resources.append({"resourceType": "MedicationStatement", "id": f"m{number}", "subject": subject,
                          "status": "completed", "medicationCodeableConcept": {"text": drug},
                          "statusReason": [{"text": "Treatment failure"}]})
    return {"resourceType": "Bundle", "type": "collection",
            "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources]}


def match(patient, answers=None, limit=100, query=""):
    body = {"patient": patient, "limit": limit}
    if answers is not None:
        body["answers"] = answers
    status, _, raw = SERVER.request("POST", "/api/v2/match" + query, json.dumps(body).encode(),
                                    {"Content-Type": "application/json"})
    assert status == 200, raw
    return json.loads(raw)


def by_id(result):
    return {t["nctId"]: t for t in result["trials"]}


def verdict(trial, text_part):
    for criterion in trial["criteria"]:
        if text_part in criterion["text"]:
            return criterion
    raise AssertionError(f"{trial['nctId']}: no criterion with {text_part!r}")


class LupusWoman(unittest.TestCase):
    def test_a_fhir_bundle_gives_the_same_verdicts_as_the_same_patient_in_json(self):
        as_json = by_id(match(LUPUS_WOMAN))
        as_fhir = match(lupus_woman_fhir())
        self.assertNotIn("notUnderstood", as_fhir)
        as_fhir = by_id(as_fhir)
        self.assertEqual(set(as_json), set(as_fhir))
        for nct_id, trial in as_json.items():
            self.assertEqual(trial["eligibility"], as_fhir[nct_id]["eligibility"], nct_id)
            self.assertEqual([(c["text"], c["verdict"]) for c in trial["criteria"]],
                             [(c["text"], c["verdict"]) for c in as_fhir[nct_id]["criteria"]], nct_id)
        # The Bundle alone, as application/fhir+json, is the patient too.
        status, _, raw = SERVER.request("POST", "/api/v2/match",
                                        json.dumps(lupus_woman_fhir()).encode(),
                                        {"Content-Type": "application/fhir+json"})
        self.assertEqual(status, 200, raw)
        # A Bundle with another patient's resource is refused, naming it.
        bundle = lupus_woman_fhir()
        bundle["entry"][1]["resource"]["subject"] = {"reference": "Patient/someone-else"}
        status, _, raw = SERVER.request("POST", "/api/v2/match", json.dumps({"patient": bundle}).encode(),
                                        {"Content-Type": "application/json"})
        self.assertEqual(status, 400)
        self.assertIn("Condition/c1", json.loads(raw)["message"])

    def test_an_mcode_cancer_patient_gets_the_same_verdicts_as_in_json(self):
        """A breast-cancer patient as an mCODE record (primary cancer
        condition with SNOMED CT's display and a stage summary, tumor
        markers, ECOG, the TNM stage group and categories) and as
        trialfinder JSON: the same trials, statuses and verdicts, the stage
        read, and criteria about the stage decided by it."""
        today = datetime.date.today()
        born = today.replace(year=today.year - 58) - datetime.timedelta(days=40)
        subject = {"reference": "Patient/p1"}

        def coded(system, code, display):
            return {"coding": [{"system": system, "code": code, "display": display}]}
        snomed, loinc = "http://snomed.info/sct", "http://loinc.org"
        resources = [
            {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": born.isoformat()},
            {"resourceType": "Condition", "id": "c1", "subject": subject,
             "meta": {"profile": ["http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-primary-cancer-condition"]},
             "code": coded(snomed, "254837009", "Malignant neoplasm of breast (disorder)"),
             "stage": [{"summary": coded("http://cancerstaging.org", "4", "Stage 4")}]},
            {"resourceType": "Observation", "id": "her2", "subject": subject, "status": "final",
             "code": {"text": "HER2"}, "valueCodeableConcept": coded(snomed, "10828004", "Positive")},
            {"resourceType": "Observation", "id": "er", "subject": subject, "status": "final",
             "code": {"text": "estrogen receptor"}, "valueCodeableConcept": coded(snomed, "260385009", "Negative")},
            {"resourceType": "Observation", "id": "ecog", "subject": subject, "status": "final",
             "code": coded(loinc, "89247-1", "ECOG performance status"), "valueInteger": 1},
            {"resourceType": "Observation", "id": "preg", "subject": subject, "status": "final",
             "code": coded(loinc, "82810-3", "Pregnancy status"),
             "valueCodeableConcept": coded(snomed, "60001007", "Not pregnant")},
            {"resourceType": "MedicationStatement", "id": "m1", "subject": subject, "status": "completed",
             "medicationCodeableConcept": {"text": "Paclitaxel"}, "statusReason": [{"text": "Disease progression"}]},
            {"resourceType": "Observation", "id": "stage", "subject": subject, "status": "final",
             "code": coded(loinc, "21908-9", "Stage group.clinical Cancer"),
             "valueCodeableConcept": coded(snomed, "1222806003", "American Joint Committee on Cancer stage IV")},
            {"resourceType": "Observation", "id": "t", "subject": subject, "status": "final",
             "code": coded(loinc, "21905-5", "Primary tumor.clinical [Class] Cancer"),
             "valueCodeableConcept": coded("http://cancerstaging.org", "cT2", "cT2")},
            {"resourceType": "Observation", "id": "n", "subject": subject, "status": "final",
             "code": coded(loinc, "21906-3", "Regional lymph nodes.clinical [Class] Cancer"),
             "valueCodeableConcept": coded(snomed, "1229967007",
                                           "American Joint Committee on Cancer cN1 (qualifier value)")},
            {"resourceType": "Observation", "id": "m", "subject": subject, "status": "final",
             "code": coded(loinc, "21907-1", "Distant metastases.clinical [Class] Cancer"),
             "valueCodeableConcept": {"text": "cM1"}},
        ]
        bundle = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in resources]}
        as_json = by_id(match({"age": 58, "sex": "FEMALE", "conditions": [{"name": "breast cancer"}],
                               "labs": [{"name": "HER2", "positive": True},
                                        {"name": "estrogen receptor", "positive": False}],
                               "scores": [{"name": "ECOG", "value": 1}],
                               "treatments": [{"name": "paclitaxel", "status": "past", "response": "failed"}],
                               "stage": {"group": "IV", "t": "T2", "n": "N1", "m": "M1"},
                               "pregnant": False}))
        result = match(bundle)
        self.assertNotIn("notUnderstood", result)
        self.assertEqual(result["patient"]["stage"], {"group": "IV", "t": "T2", "n": "N1", "m": "M1"})
        as_fhir = by_id(result)
        staged = [c for trial in as_fhir.values() for c in trial["criteria"] if "stage IV" in c.get("evidence", "")]
        self.assertTrue(staged, "no criterion was decided by the stage")
        self.assertEqual(set(as_json), set(as_fhir))
        for nct_id, trial in as_json.items():
            self.assertEqual(trial["eligibility"], as_fhir[nct_id]["eligibility"], nct_id)
            self.assertEqual([(c["text"], c["verdict"]) for c in trial["criteria"]],
                             [(c["text"], c["verdict"]) for c in as_fhir[nct_id]["criteria"]], nct_id)

    def test_the_mcode_matching_app_gets_a_searchset(self):
        """POST /getClinicalTrial as the clinical-trial-matching-service
        convention sends it: a searchset of ResearchStudy with scores, valid
        FHIR R4."""
        request = {"patientData": lupus_woman_fhir(), "zipCode": "94305", "travelRadius": 50,
                   "recruitmentStatus": "active"}
        status, headers, raw = SERVER.request("POST", "/getClinicalTrial", json.dumps(request).encode(),
                                              {"Content-Type": "application/json"})
        self.assertEqual(status, 200, raw)
        self.assertTrue(headers["Content-Type"].startswith("application/fhir+json"))
        bundle = json.loads(raw)
        self.assertEqual((bundle["resourceType"], bundle["type"]), ("Bundle", "searchset"))
        self.assertEqual(bundle["total"], len(bundle["entry"]))
        ids = [entry["resource"]["id"] for entry in bundle["entry"]]
        # KITE-363 has a Stanford site and invites people: "active".
        self.assertIn("NCT07038447", ids)
        scores = [entry["search"]["score"] for entry in bundle["entry"]]
        self.assertTrue(all(0 <= score <= 1 for score in scores))
        for entry in bundle["entry"]:
            self.assertEqual(entry["resource"]["status"], "active")
        schema = json.loads(FHIR_SCHEMA.read_text())
        validator = jsonschema.Draft6Validator({"$ref": "#/definitions/Bundle",
                                                "definitions": schema["definitions"]})
        self.assertEqual([], [f"{list(e.path)}: {e.message[:150]}" for e in validator.iter_errors(bundle)][:5])
        # Bad requests name the field.
        for bad, words in [({"patientData": lupus_woman_fhir(), "phase": "phase-9"}, "'phase'"),
                           ({"patientData": lupus_woman_fhir(), "zipCode": "00000"}, "'zipCode'"),
                           ({"patientData": {"resourceType": "Patient"}}, "must be a Bundle"),
                           ({"zipCode": "94305"}, "'patientData': required")]:
            status, _, raw = SERVER.request("POST", "/getClinicalTrial", json.dumps(bad).encode(),
                                            {"Content-Type": "application/json"})
            self.assertEqual(status, 400, bad)
            self.assertIn(words, json.loads(raw)["message"])

    def test_a_coordinator_prescreens_many_patients_for_one_trial(self):
        man = {"age": 70, "sex": "MALE", "conditions": [{"name": "prostate cancer"}]}
        body = "\n".join([json.dumps(LUPUS_WOMAN), json.dumps({"id": "p2", "patient": man}),
                          json.dumps(lupus_woman_fhir()), "{\"age\": \"old\"}"]) + "\n"
        status, headers, raw = SERVER.request("POST", "/api/v2/studies/NCT07038447/prescreen",
                                              body.encode(), {"Content-Type": "application/x-ndjson"})
        self.assertEqual(status, 200, raw)
        rows = [json.loads(line) for line in raw.decode().splitlines()]
        self.assertEqual([row["line"] for row in rows], [1, 2, 3, 4])
        # The same woman as JSON and as FHIR: the same verdicts.
        self.assertEqual(rows[0]["eligibility"], rows[2]["eligibility"])
        self.assertEqual([c["text"] for c in rows[0]["notMet"]], [c["text"] for c in rows[2]["notMet"]])
        self.assertEqual(rows[2]["id"], "p1")
        # The man has no condition the trial studies: said, whatever the rest.
        self.assertFalse(rows[1]["aboutPatientCondition"])
        self.assertEqual(rows[1]["id"], "p2")
        # A bad line is an error line, never a match.
        self.assertIn("age", rows[3]["error"])
        self.assertNotIn("eligibility", rows[3])
        status, _, raw = SERVER.request("POST", "/api/v2/studies/NCT07038447/prescreen?format=csv",
                                        body.encode(), {"Content-Type": "application/x-ndjson"})
        self.assertEqual(status, 200)
        self.assertTrue(raw.decode().startswith("line,id,eligibility,"))
        status, _, _ = SERVER.request("POST", "/api/v2/studies/NCT99999999/prescreen", body.encode(),
                                      {"Content-Type": "application/x-ndjson"})
        self.assertEqual(status, 404)

    def test_likely_eligible_only_for_trials_about_lupus(self):
        result = match(LUPUS_WOMAN)
        for trial in result["trials"]:
            if trial["eligibility"] == "likely eligible":
                self.assertIn(trial["nctId"], LUPUS_TRIALS, trial["why"])
                self.assertTrue(trial["aboutPatientCondition"])
            if not trial["aboutPatientCondition"]:
                self.assertRegex(trial["why"], "not known to have|a study of healthy volunteers")
        # The trials about lupus come first, and none excludes her: the three
        # treatment trials, and the Duke registry of pregnancy in lupus and
        # other autoimmune diseases (whether she plans a pregnancy is open).
        top = result["trials"][:4]
        self.assertEqual({t["nctId"] for t in top}, LUPUS_TRIALS | {"NCT00513591"},
                         [t["nctId"] for t in top])
        self.assertTrue(all(t["eligibility"] != "excluded" for t in top))
        self.assertTrue(all(t["aboutPatientCondition"] for t in top))
        # With two failed immunosuppressants/biologics she is likely eligible
        # for the refractory-lupus CAR-T trial.
        refractory = dict(LUPUS_WOMAN, treatments=LUPUS_WOMAN["treatments"] + [
            {"name": "belimumab", "status": "past", "response": "failed", "durationMonths": 6}])
        kite = by_id(match(refractory))["NCT07038447"]
        self.assertEqual(kite["eligibility"], "likely eligible", kite["why"])
        # hSLEDAI >= 6 is not met by having lupus.
        upa = by_id(result)["NCT05843643"]
        self.assertEqual(verdict(upa, "hSLEDAI")["verdict"], "unknown")

    def test_two_immunosuppressants_needed_one_reported(self):
        cc312 = by_id(match(LUPUS_WOMAN))["NCT07193810"]
        self.assertNotEqual(cc312["eligibility"], "likely eligible")
        self.assertEqual(cc312["cohort"], "Systemic Lupus Erythematosus (SLE)")
        criterion = verdict(cc312, "subject must have received ≥2 immunosuppressants")
        self.assertEqual(criterion["verdict"], "unknown")
        self.assertIn("1 of 2", criterion["evidence"])

    def test_no_to_cancer_or_hiv_never_excludes_for_the_wrong_reason(self):
        before = by_id(match(LUPUS_WOMAN))
        for key in ("condition:malignancy", "condition:cancer", "condition:hiv"):
            after = by_id(match(LUPUS_WOMAN, {key: False}))
            for nct_id, trial in after.items():
                for criterion in trial["criteria"]:
                    if "answered no" in criterion["evidence"]:
                        # "No" can only exclude where the trial requires it.
                        if criterion["verdict"] in ("applies", "not met"):
                            self.assertEqual(criterion["section"], "inclusion", (key, nct_id, criterion))
                            self.assertNotIn(nct_id, LUPUS_TRIALS, (key, criterion))
                if before.get(nct_id, {}).get("eligibility") != "excluded" and trial["eligibility"] == "excluded":
                    reasons = [c for c in trial["criteria"] if c["verdict"] in ("applies", "not met")]
                    self.assertTrue(all(c["section"] == "inclusion" for c in reasons), (key, nct_id, reasons))

    def test_no_to_one_alternative_keeps_a_trial_that_takes_any_of_them(self):
        # The Duke registry takes "systemic autoimmune disease, including:"
        # lupus, antiphospholipid syndrome, ...: she has lupus, so "No" to
        # APS settles nothing against her.
        after = by_id(match(LUPUS_WOMAN, {"condition:antiphospholipid syndrome": False}))
        registry = after["NCT00513591"]
        self.assertNotEqual(registry["eligibility"], "excluded")
        aps = verdict(registry, "Antiphospholipid Syndrome or")
        self.assertEqual(aps["verdict"], "not applicable", aps)
        self.assertEqual(verdict(registry, "systemic autoimmune disease")["verdict"], "met")

    def test_questions_are_plain_and_unsure_is_not_asked_again(self):
        result = match(LUPUS_WOMAN)
        seen = set()
        for _ in range(6):
            question = result["nextQuestion"]
            if question is None:
                break
            self.assertIsNone(JARGON.search(question["text"]), question)
            self.assertNotIn(question["key"], seen)
            seen.add(question["key"])
            result = match(LUPUS_WOMAN, {key: None for key in seen})
        self.assertGreaterEqual(len(seen), 2)
        unsure = [c for t in result["trials"] for c in t["criteria"] if "I don't know" in c["evidence"]]
        self.assertTrue(unsure)
        self.assertTrue(all(c["verdict"] == "unknown" for c in unsure))


class FreeText(unittest.TestCase):
    def test_brands_and_negations_are_read(self):
        patient = {"description": "I am a 34-year-old woman with lupus (SLE). I took Plaquenil but it "
                                  "stopped working, then CellCept, which also failed. I am not pregnant. "
                                  "No history of cancer."}
        result = match(patient)
        names = {t["name"]: t for t in result["patient"]["treatments"]}
        self.assertEqual(set(names), {"hydroxychloroquine", "mycophenolate mofetil"})
        self.assertTrue(all(t["response"] == "failed" for t in names.values()))
        self.assertIs(result["patient"]["pregnant"], False)
        cc312 = by_id(result)["NCT07193810"]
        self.assertEqual(verdict(cc312, "Pregnant or lactating women")["verdict"], "does not apply")


class OtherPatients(unittest.TestCase):
    def test_a_man_is_never_in_a_womens_group(self):
        man = dict(LUPUS_WOMAN, sex="MALE", age=60, pregnant=None)
        del man["pregnant"]
        for trial in match(man)["trials"]:
            for criterion in trial["criteria"]:
                if criterion["text"].startswith(("Females of", "Women of")):
                    self.assertEqual(criterion["verdict"], "not applicable", criterion)
            self.assertNotRegex(trial.get("cohort", ""), r"(?i)\b(women|females?)\b")

    def test_a_child_is_excluded_by_adult_age_limits(self):
        child = {"age": 10, "sex": "FEMALE", "conditions": [{"name": "systemic lupus erythematosus"}]}
        trials = by_id(match(child))
        for nct_id in ("NCT07038447", "NCT07193810"):
            self.assertEqual(trials[nct_id]["eligibility"], "excluded")
            self.assertEqual(verdict(trials[nct_id], "Age:")["verdict"], "not met")

    def test_a_pregnant_woman_is_excluded_where_pregnancy_excludes(self):
        pregnant = dict(LUPUS_WOMAN, pregnant=True)
        trials = by_id(match(pregnant))
        for nct_id in ("NCT07038447", "NCT07193810"):
            self.assertEqual(trials[nct_id]["eligibility"], "excluded")

    def test_a_cancer_patient_gets_cancer_trials_not_lupus_ones(self):
        patient = {"age": 66, "sex": "MALE", "conditions": [{"name": "non-small cell lung cancer"}]}
        result = match(patient)
        likely = [t for t in result["trials"] if t["eligibility"] == "likely eligible"]
        self.assertTrue(all(t["aboutPatientCondition"] for t in likely))
        about = [t for t in result["trials"][:10] if t["aboutPatientCondition"]]
        self.assertGreaterEqual(len(about), 5, [t["briefTitle"] for t in result["trials"][:10]])
        for nct_id in LUPUS_TRIALS & set(by_id(result)):
            self.assertNotEqual(by_id(result)[nct_id]["eligibility"], "likely eligible")

    def test_healthy_volunteer_studies_are_for_healthy_people(self):
        lupus = by_id(match(dict(LUPUS_WOMAN), query="?query.term=healthy"))
        healthy_studies = [t for t in lupus.values() if "healthy volunteers" in t["why"]]
        self.assertTrue(healthy_studies)
        for trial in healthy_studies:
            self.assertEqual(trial["eligibility"], "excluded")
            self.assertEqual(verdict(trial, "Healthy volunteers")["verdict"], "not met")
        volunteer = match({"age": 40, "sex": "FEMALE"}, query="?query.term=healthy")
        for trial in volunteer["trials"]:
            if trial["eligibility"] == "likely eligible":
                self.assertIn("healthy volunteers", trial["why"])


class FourthUserTest(unittest.TestCase):
    """Journeys from the fourth user test: a parent, a man after a spinal
    fusion, breast cancer subtypes, metastatic lung cancer."""

    def test_a_parent_writing_about_their_son_gets_the_sons_trials(self):
        result = match({"description": "My son has asthma, he is 12."})
        self.assertEqual(result["patient"]["age"], 12)
        self.assertEqual(result["patient"]["sex"], "MALE")
        self.assertIn("asthma", [c["name"] for c in result["patient"]["conditions"]])

    def test_a_past_lumbar_fusion_applies_exclusions_of_prior_spine_surgery(self):
        result = match({"description": "I'm 58, male, with chronic low back pain, 2 years after an L4-L5 fusion."})
        checked = 0
        for trial in result["trials"]:
            for criterion in trial["criteria"]:
                text = criterion["text"].lower()
                if criterion.get("section", "exclusion") != "inclusion" and re.match(
                        r"^(?:patients? with )?(?:a )?(?:prior|previous|history of) (?:lumbar )?(?:spine|spinal) "
                        r"(?:surgery|fusion)", text):
                    checked += 1
                    self.assertNotIn(criterion["verdict"], ("does not apply",), (trial["nctId"], criterion))
            if trial["eligibility"] == "likely eligible":
                for criterion in trial["criteria"]:
                    self.assertNotRegex(criterion["evidence"], r"L4-L5.*whether it was the kind")
        self.assertGreater(checked, 0)

    def test_receptor_status_decides_subtype_criteria(self):
        result = match({"description": "52 year old woman with ER-positive, HER2-negative breast cancer."}, limit=100)
        for trial in result["trials"]:
            for criterion in trial["criteria"]:
                text = criterion["text"].lower()
                if re.search(r"triple[- ]?negative", text) and criterion["verdict"] == "met":
                    self.fail((trial["nctId"], criterion))
                if re.match(r"^her2[- ]positive", text):
                    self.assertNotEqual(criterion["verdict"], "applies", (trial["nctId"], criterion))

    def test_a_subtype_is_not_met_by_the_disease_alone(self):
        result = match({"description": "64 year old man with lung cancer and breast cancer."}, limit=100)
        subtype = re.compile(r"\b(?:large cells?|neuroendocrine|lobular|inflammatory|squamous|mucinous)\s+"
                             r"(?:\w+\s+)?(?:lung|breast)\s+(?:cancer|carcinoma)", re.I)
        for trial in result["trials"]:
            for criterion in trial["criteria"]:
                if subtype.search(criterion["text"]) and "non-small" not in criterion["text"].lower():
                    self.assertNotIn(criterion["verdict"], ("met", "applies"), (trial["nctId"], criterion))

    def test_a_cancer_the_patient_no_longer_has_is_a_history(self):
        result = match({"description": "I am 58, I had breast cancer 10 years ago and no longer have cancer. "
                                       "I have type 2 diabetes."}, limit=100)
        conditions = {c["name"]: c for c in result["patient"]["conditions"]}
        self.assertTrue(conditions["breast cancer"].get("resolved"), conditions)
        self.assertFalse(conditions["type 2 diabetes"].get("resolved", False), conditions)
        current = re.compile(r"^(?:active|current|ongoing)\b[^.;]*\b(?:cancer|malignan\w*)", re.I)
        seen = 0
        for trial in result["trials"]:
            for criterion in trial["criteria"]:
                if criterion["section"] == "exclusion" and current.search(criterion["text"]):
                    seen += 1
                    self.assertNotEqual(criterion["verdict"], "applies", (trial["nctId"], criterion))
        self.assertGreater(seen, 0)  # the sample has such exclusions
        # A JSON patient says so too.
        structured = match({"age": 58, "sex": "FEMALE",
                            "conditions": [{"name": "breast cancer", "resolved": True}]}, limit=5)
        self.assertTrue(structured["patient"]["conditions"][0].get("resolved"))

    def test_a_nodule_screening_study_is_not_likely_for_metastatic_lung_cancer(self):
        result = match({"description": "62-year-old man with metastatic non-small cell lung cancer, "
                                       "EGFR negative, progressed on pembrolizumab."}, limit=100)
        trials = by_id(result)
        if "NCT05389774" in trials:
            self.assertNotEqual(trials["NCT05389774"]["eligibility"], "likely eligible")


class MatchPage(unittest.TestCase):
    def post(self, fields):
        status, _, body = SERVER.request("POST", "/match", urllib.parse.urlencode(fields, doseq=True).encode(),
                                         {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 200, body[:500])
        return body.decode()

    def test_what_was_read_is_shown_and_other_peoples_history_is_explained(self):
        page = html.unescape(self.post({"description": "My son has asthma, he is 12."}))
        self.assertIn("We read, about your son: 12 years old; male; has asthma.", page)
        self.assertIn("My son has asthma", page)
        if 'class="hit' in page:
            self.assertIn("For your son:", page)
            self.assertNotIn("For you:", page)
            self.assertNotIn("you have not told us you have", page)
            # Criterion evidence and questions are about the son too.
            self.assertNotRegex(page, r"you did not mention it(?! for your son)")
        # Trials of other conditions are not "possibly eligible" for him.
        others = re.search(r'id="other-trials".*?</section>', page, re.S)
        if others:
            self.assertNotIn("possibly eligible", others.group(0))
            self.assertNotIn("likely eligible", others.group(0))
        question = re.search(r'id="next-question".*?</section>', page, re.S)
        if question:
            self.assertNotRegex(question.group(0), r"\b(?:Have|Are|Do) you\b")
        # Nor for a healthy volunteer.
        healthy = html.unescape(self.post({"description": "healthy volunteer, 27 year old man, no medical problems"}))
        others = re.search(r'id="other-trials".*?</section>', healthy, re.S)
        if others:
            self.assertNotIn("possibly eligible", others.group(0))
            self.assertIn("conditions you did not say you have", others.group(0))
        # One answer per question: the last one given.
        twice = html.unescape(self.post([("age", "40"), ("conditions", "asthma"),
                                         ("answer", "condition:surgery=yes"), ("answer", "condition:surgery=no")]))
        answers = re.search(r'id="your-answers".*?</section>', twice, re.S).group(0)
        self.assertEqual(answers.count("<li>"), 1, answers)
        self.assertIn("<strong>No</strong>", answers)
        # A newborn's age in weeks; smoking in words.
        newborn = html.unescape(self.post({"age": "6 weeks", "conditions": "bronchiolitis"}))
        self.assertIn("6 weeks old", newborn)
        smoker = html.unescape(self.post({"description": "56M, chronic low back pain, smoker 1/2 ppd"}))
        self.assertNotIn("has smoking", smoker)
        # A baby's age in months.
        baby = html.unescape(self.post({"age": "8 months", "conditions": "bronchiolitis"}))
        self.assertIn("8 months old", baby)
        status, _, body = SERVER.request("POST", "/match", urllib.parse.urlencode({"age": "eight", "conditions": "asthma"}).encode(),
                                         {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 400)
        self.assertIn("Age: give whole years", html.unescape(body.decode()))
        family = html.unescape(self.post({"description": "My mother had breast cancer and my husband has diabetes."}))
        self.assertIn("read as their history, not yours", family)
        self.assertNotIn('id="match-read"', family)
        own = html.unescape(self.post({"description": "I have lupus. My mother had breast cancer."}))
        self.assertNotIn("read as their history, not yours", own)

    def test_answers_are_listed_changeable_and_unsure_is_offered(self):
        form = {"age": "34", "sex": "FEMALE", "conditions": "systemic lupus erythematosus"}
        page = self.post(form)
        question = re.search(r'name="answer" value="([^"=]+)=yes"', page)
        self.assertIsNotNone(question, "no question asked")
        key = html.unescape(question.group(1))
        self.assertIn(f'value="{html.escape(key, quote=True)}=unsure"', page)
        self.assertIn("I don&#39;t know", page.replace("I don't know", "I don&#39;t know"))
        answered = self.post(dict(form, answer=[key + "=unsure"]))
        self.assertIn("Your answers", answered)
        self.assertIn("I don't know", html.unescape(answered))
        self.assertIn(">Change<", answered)
        # The next question is another one.
        nxt = re.search(r'name="answer" value="([^"=]+)=yes"', answered)
        if nxt:
            self.assertNotEqual(html.unescape(nxt.group(1)), key)
        # "Change" sends the form without that answer and asks it again.
        change = answered.split('id="your-answers"')[1].split("</section>")[0]
        self.assertIn(f'name="ask" value="{html.escape(key, quote=True)}"', change)
        self.assertNotIn(f'name="answer" value="{html.escape(key, quote=True)}=unsure"', change)
        again = self.post(dict(form, ask=key))
        asked = re.search(r'name="answer" value="([^"=]+)=yes"', again)
        self.assertIsNotNone(asked)
        self.assertEqual(html.unescape(asked.group(1)), key)
        # A key that is not a question is ignored, not echoed.
        odd = self.post(dict(form, ask="<b>nothing"))
        self.assertNotIn("<b>nothing", odd)
        # Trials about lupus come apart from the others, which are labelled.
        self.assertIn('id="about-your-conditions"', answered)
        self.assertIn("trials are about your conditions", answered)
        if 'id="other-trials"' in answered:
            self.assertIn("study other conditions than the ones you gave", answered)
        about = answered.split('id="about-your-conditions"')[1].split("</section>")[0]
        self.assertNotIn("not known to have", about)
        # Likely eligible trials on the page are about lupus.
        for block in answered.split('<li class="hit match-likely-eligible">')[1:]:
            self.assertIn('<p class="why">Studies', block.split("</li>")[0])


if __name__ == "__main__":
    SERVER = RunningServer(BINARY, SAMPLE)
    try:
        result = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=1).result
    finally:
        SERVER.stop()
    sys.exit(0 if result.wasSuccessful() else 1)
