# Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
"""Every development patient as a FHIR R4 Bundle gives the same verdicts as
in trialfinder's JSON (issue 24).

The development patients (data/bench-dev/patients.jsonl) are case notes.
Each is read by the server (its `patient` answer), written as trialfinder
JSON and as a FHIR Bundle the way an EHR writes one (Patient with a birth
date, Conditions with refuted ones, Observations with values or coded
results, ECOG and Karnofsky by LOINC code, pregnancy status by LOINC and
SNOMED CT, a cancer's stage as mCODE's TNM Observations, MedicationStatements with a status reason), and both are
matched: the same trials, statuses and criterion verdicts, and nothing
reported as not understood. Facts FHIR has no place for here (other scores,
treatments never received, breastfeeding, consent) are left out of both.

Usage: fhir_patients_test.py TRIALFINDER_BINARY SAMPLE_DIR DEV_PATIENTS
"""
import datetime
import json
import sys
import unittest

from server_fixture import RunningServer

BINARY, SAMPLE, PATIENTS = sys.argv[1], sys.argv[2], sys.argv[3]
SERVER = None
LOINC_SCORES = {"ECOG": "89247-1", "Karnofsky": "89243-0"}


def match(patient, limit=20):
    status, _, raw = SERVER.request("POST", "/api/v2/match", json.dumps({"patient": patient, "limit": limit}).encode(),
                                    {"Content-Type": "application/json"})
    assert status == 200, raw
    return json.loads(raw)


def structured(read):
    """The patient as the reader understood it, in the JSON match takes."""
    patient = {key: read[key] for key in ("age", "sex", "pregnant", "stage") if read.get(key) is not None}
    patient["conditions"] = [{k: v for k, v in c.items() if k in ("name", "present", "diagnosed")}
                             for c in read.get("conditions", [])]
    patient["labs"] = [{k: v for k, v in lab.items() if k in ("name", "value", "unit", "positive")}
                       for lab in read.get("labs", [])]
    patient["scores"] = [{"name": s["name"], "value": s["value"]} for s in read.get("scores", [])
                         if s["name"] in LOINC_SCORES]
    patient["treatments"] = [{k: v for k, v in t.items() if k in ("name", "status", "response")}
                             for t in read.get("treatments", [])
                             if t.get("status") != "never" and t.get("response") != "never received"]
    return patient


def bundle(patient):
    today = datetime.date.today()
    subject = {"reference": "Patient/p1"}
    person = {"resourceType": "Patient", "id": "p1"}
    if "age" in patient:
        years = int(patient["age"])
        person["birthDate"] = (today.replace(year=today.year - years) - datetime.timedelta(days=30)).isoformat()
    if patient.get("sex"):
        person["gender"] = patient["sex"].lower()
    resources = [person]
    for number, condition in enumerate(patient["conditions"]):
        resource = {"resourceType": "Condition", "id": f"c{number}", "subject": subject,
                    "code": {"text": condition["name"]}}
        if condition.get("present") is False:
            resource["verificationStatus"] = {"coding": [{"code": "refuted"}]}
        if condition.get("diagnosed"):
            resource["onsetDateTime"] = condition["diagnosed"]
        resources.append(resource)
    for number, lab in enumerate(patient["labs"]):
        resource = {"resourceType": "Observation", "id": f"l{number}", "subject": subject, "status": "final",
                    "code": {"text": lab["name"]}}
        if lab.get("value") is not None:
            resource["valueQuantity"] = {"value": lab["value"], "unit": lab.get("unit", "")}
        elif lab.get("positive") is not None:
            resource["valueCodeableConcept"] = {"text": "positive" if lab["positive"] else "negative"}
        resources.append(resource)
    for number, score in enumerate(patient["scores"]):
        resources.append({"resourceType": "Observation", "id": f"s{number}", "subject": subject, "status": "final",
                          "code": {"coding": [{"system": "http://loinc.org", "code": LOINC_SCORES[score["name"]]}]},
                          "valueQuantity": {"value": score["value"]}})
    for number, treatment in enumerate(patient["treatments"]):
        resource = {"resourceType": "MedicationStatement", "id": f"m{number}", "subject": subject,
                    # A treatment whose time the note does not give is "unknown" in FHIR.
                    "status": {"current": "active", "past": "completed"}.get(treatment.get("status"), "unknown"),
                    "medicationCodeableConcept": {"text": treatment["name"]}}
        reason = {"failed": "treatment failure", "intolerant": "intolerance"}.get(treatment.get("response"))
        if reason:
            resource["statusReason"] = [{"text": reason}]
        resources.append(resource)
    # The stage as mCODE's TNM profiles write it: AJCC codes by LOINC.
    stage_codes = {"group": "21908-9", "t": "21905-5", "n": "21906-3", "m": "21907-1"}
    for part, value in patient.get("stage", {}).items():
        resources.append({"resourceType": "Observation", "id": f"stage-{part}", "subject": subject,
                          "status": "final",
                          "code": {"coding": [{"system": "http://loinc.org", "code": stage_codes[part]}]},
                          "valueCodeableConcept": {"coding": [{"system": "http://cancerstaging.org",
                                                               "code": ("c" if part != "group" else "") + value}]}})
    if patient.get("pregnant") is not None:
        resources.append({"resourceType": "Observation", "id": "pregnancy", "subject": subject, "status": "final",
                          "code": {"coding": [{"system": "http://loinc.org", "code": "82810-3"}]},
                          "valueCodeableConcept": {"coding": [{"system": "http://snomed.info/sct",
                                                               "code": "77386006" if patient["pregnant"]
                                                               else "60001007"}]}})
    return {"resourceType": "Bundle", "type": "collection",
            "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources]}


class DevelopmentPatients(unittest.TestCase):
    def test_each_as_fhir_gets_the_same_verdicts_as_in_json(self):
        with open(PATIENTS) as lines:
            cases = [json.loads(line) for line in lines if line.strip()]
        self.assertGreater(len(cases), 20)
        for case in cases:
            patient = structured(match({"description": case["text"]}, limit=1)["patient"])
            as_json = match(patient)
            as_fhir = match(bundle(patient))
            self.assertNotIn("notUnderstood", as_fhir, case["id"])
            trials_json = {t["nctId"]: t for t in as_json["trials"]}
            trials_fhir = {t["nctId"]: t for t in as_fhir["trials"]}
            self.assertEqual(set(trials_json), set(trials_fhir), case["id"])
            for nct_id, trial in trials_json.items():
                self.assertEqual(trial["eligibility"], trials_fhir[nct_id]["eligibility"], (case["id"], nct_id))
                self.assertEqual([(c["text"], c["verdict"]) for c in trial["criteria"]],
                                 [(c["text"], c["verdict"]) for c in trials_fhir[nct_id]["criteria"]],
                                 (case["id"], nct_id))


def setUpModule():
    global SERVER
    SERVER = RunningServer(BINARY, SAMPLE)


def tearDownModule():
    if SERVER:
        SERVER.stop()


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
