#!/usr/bin/env python3
# Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
"""Prescreening speed: 10,000 patients against one trial (issue 24: under 10 s).

Usage: bench/prescreen_bench.py [TRIALFINDER_BINARY] [N_PATIENTS] [NCT_ID]
Ingests the sample into a temporary database, writes N patients (half
trialfinder JSON with a case note, half FHIR Bundles) and times
`trialfinder prescreen` over them, reporting patients per second.
"""
import datetime
import json
import pathlib
import random
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
BINARY = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "build" / "trialfinder")
COUNT = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
NCT_ID = sys.argv[3] if len(sys.argv) > 3 else "NCT07038447"
CONDITIONS = ["systemic lupus erythematosus", "lupus nephritis", "systemic sclerosis", "dermatomyositis",
              "rheumatoid arthritis", "type 2 diabetes", "breast cancer", "hypertension", "asthma"]
DRUGS = ["hydroxychloroquine", "mycophenolate mofetil", "rituximab", "belimumab", "prednisone",
         "methotrexate", "cyclophosphamide"]


def json_patient(rng):
    return {"age": rng.randint(12, 90), "sex": rng.choice(["FEMALE", "MALE"]),
            "conditions": [{"name": c} for c in rng.sample(CONDITIONS, rng.randint(1, 3))],
            "labs": [{"name": "hemoglobin", "value": round(rng.uniform(7, 16), 1), "unit": "g/dL"},
                     {"name": "eGFR", "value": rng.randint(15, 120), "unit": "mL/min/1.73m2"}],
            "treatments": [{"name": d, "status": "past", "response": "failed"}
                           for d in rng.sample(DRUGS, rng.randint(0, 3))],
            "description": "Patient followed in clinic. No history of malignancy. Not pregnant."}


def fhir_patient(rng, number):
    born = datetime.date.today() - datetime.timedelta(days=365 * rng.randint(12, 90))
    subject = {"reference": f"Patient/p{number}"}
    resources = [{"resourceType": "Patient", "id": f"p{number}", "gender": rng.choice(["female", "male"]),
                  "birthDate": born.isoformat()}]
    for index, condition in enumerate(rng.sample(CONDITIONS, rng.randint(1, 3))):
        resources.append({"resourceType": "Condition", "id": f"c{index}", "subject": subject,
                          "code": {"text": condition}})
    resources.append({"resourceType": "Observation", "id": "o1", "subject": subject, "status": "final",
                      "code": {"coding": [{"system": "http://loinc.org", "code": "718-7"}]},
                      "valueQuantity": {"value": round(rng.uniform(7, 16), 1), "unit": "g/dL"}})
    for index, drug in enumerate(rng.sample(DRUGS, rng.randint(0, 3))):
        resources.append({"resourceType": "MedicationStatement", "id": f"m{index}", "subject": subject,
                          "status": "completed", "medicationCodeableConcept": {"text": drug},
                          "statusReason": [{"text": "treatment failure"}]})
    return {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in resources]}


def main():
    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="prescreen-bench-") as work:
        db = pathlib.Path(work) / "db"
        sample = ROOT / "data" / "sample"
        subprocess.run([BINARY, "ingest", "--db", str(db), "--no-progress", str(sample / "studies.jsonl"),
                        str(sample / "seed-studies")], check=True, capture_output=True)
        patients = pathlib.Path(work) / "patients.ndjson"
        with open(patients, "w") as out:
            for number in range(COUNT):
                patient = json_patient(rng) if number % 2 == 0 else fhir_patient(rng, number)
                out.write(json.dumps(patient) + "\n")
        start = time.monotonic()
        run = subprocess.run([BINARY, "prescreen", "--db", str(db), NCT_ID, "--patients", str(patients)],
                             capture_output=True, text=True)
        seconds = time.monotonic() - start
        lines = run.stdout.splitlines()
        errors = sum(1 for line in lines if '"error"' in line and '"eligibility"' not in line)
        statuses = {}
        for line in lines:
            status = json.loads(line).get("eligibility", "error")
            statuses[status] = statuses.get(status, 0) + 1
        print(f"{COUNT} patients against {NCT_ID}: {seconds:.2f} s ({COUNT / seconds:,.0f} patients/s), "
              f"{len(lines)} result lines, {errors} unreadable; {statuses}")
        print("target: under 10 s for 10,000 patients:", "met" if seconds < 10 and COUNT >= 10000 else "-")


if __name__ == "__main__":
    main()
