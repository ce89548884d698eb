#!/usr/bin/env bash
# End-to-end test of the trialfinder binary on the bundled sample:
# ingest everything, show records back as API v2 JSON and compare them with
# the input, check stats, re-ingest (a no-op) and feed it bad input.
# Usage: cli_end_to_end.sh TRIALFINDER_BINARY SAMPLE_DIR
set -euo pipefail
bin=$1
sample=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. Ingest the whole sample.
out=$("$bin" ingest --db "$work/db" --no-progress "$sample/studies.jsonl" "$sample/seed-studies" "$sample/xml")
echo "$out"
grep -q "785 records" <<<"$out" || fail "expected 785 records: $out"
grep -q "782 new, 1 updated, 2 unchanged, 0 stale, 0 rejected" <<<"$out" || fail "unexpected counts: $out"

# 2. Every JSON record comes back with show --json as it was ingested: the
# same bytes as its line of the JSONL file; the seed files (which replace
# some of those lines) as the same JSON.
python3 - "$bin" "$work/db" "$sample" <<'PY'
import json, subprocess, sys, pathlib
binary, db, sample = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
def nct_of(record):
    return record["protocolSection"]["identificationModule"]["nctId"]
def show(nct):
    return subprocess.run([binary, "show", "--db", db, nct, "--json"], check=True, capture_output=True).stdout
seeds = {nct_of(r): r for r in (json.load(open(p)) for p in sorted((sample / "seed-studies").glob("*.json")))}
lines = {}
for line in open(sample / "studies.jsonl", "rb"):
    if line.strip():
        lines[nct_of(json.loads(line))] = line.rstrip(b"\r\n")
for nct, line in lines.items():
    shown = show(nct).rstrip(b"\n")
    if nct in seeds:
        if json.loads(shown) not in (seeds[nct], json.loads(line)):
            sys.exit(f"FAIL: show --json {nct} is neither its line nor its seed file")
    elif shown != line:
        sys.exit(f"FAIL: show --json {nct} is not byte for byte its line of studies.jsonl")
for nct, record in seeds.items():
    if json.loads(show(nct)) != record and nct not in lines:
        sys.exit(f"FAIL: show --json {nct} differs from the seed file")
print(f"round trip ok for {len(lines) + len(seeds)} records")
PY

# 3. A legacy XML record shows the mapped fields.
summary=$("$bin" show --db "$work/db" NCT01661400)
grep -q "Status *RECRUITING" <<<"$summary" || fail "XML status: $summary"
grep -q "Phase *EARLY_PHASE1" <<<"$summary" || fail "XML phase: $summary"
grep -q "Ages *1 Year to 21 Years" <<<"$summary" || fail "XML ages: $summary"

# 4. Stats count what was ingested.
stats=$("$bin" stats --db "$work/db" --json)
python3 -c 'import json,sys; s=json.loads(sys.argv[1]); assert s["studies"]==782, s; assert s["historyVersions"]==1, s; assert sum(s["byStatus"].values())==782' "$stats" \
  || fail "stats: $stats"

# 5. Re-ingesting is a no-op.
again=$("$bin" ingest --db "$work/db" --no-progress "$sample/studies.jsonl")
grep -q "0 new, 0 updated, 582 unchanged" <<<"$again" || fail "re-ingest: $again"

# 6. Bad input: clear errors, exit code 3 (partly done), store unchanged.
before=$("$bin" show --db "$work/db" NCT07038447 --json)
{
  head -c 500 "$sample/seed-studies/NCT07038447.json" | tr -d '\n'; echo
  echo '{"protocolSection":{"identificationModule":{"nctId":"NCT07038447"},"statusModule":{"overallStatus":"SOMETIMES"}}}'
} > "$work/bad.jsonl"
set +e
errors=$("$bin" ingest --db "$work/db" --no-progress "$work/bad.jsonl" 2>&1 >/dev/null)
code=$?
set -e
[ "$code" -eq 3 ] || fail "bad input exit code $code"
grep -q "bad.jsonl line 1: malformed JSON" <<<"$errors" || fail "truncated record message: $errors"
grep -q "bad.jsonl line 2: NCT07038447: protocolSection.statusModule.overallStatus: unknown value 'SOMETIMES'" <<<"$errors" \
  || fail "enum message: $errors"
after=$("$bin" show --db "$work/db" NCT07038447 --json)
[ "$before" = "$after" ] || fail "a rejected record changed the store"

# 7. An unknown study is a clear error.
set +e
msg=$("$bin" show --db "$work/db" NCT99999999 2>&1); code=$?
set -e
[ "$code" -eq 2 ] && grep -q "no study NCT99999999" <<<"$msg" || fail "unknown study: $code $msg"
# 8. Over-long words and values (issue 20): a 300-letter title word and a
# 300-character city used to make this and every later ingest exit 1, and
# verify still said consistent. Now both are indexed and later ingests work.
python3 - "$sample" "$work/long.jsonl" <<'PY'
import json, sys
lines = [l for l in open(sys.argv[1] + "/studies.jsonl") if l.strip()]
out = open(sys.argv[2], "w")
for i, line in enumerate(lines[1:3]):
    record = json.loads(line)
    record["protocolSection"]["identificationModule"]["nctId"] = "NCT9999999%d" % (i + 1)
    record["protocolSection"]["identificationModule"]["briefTitle"] = "Study of " + "x" * 300
    sites = record["protocolSection"].setdefault("contactsLocationsModule", {}).setdefault("locations", [{}])
    sites[0]["city"] = "C" * 300
    out.write(json.dumps(record) + "\n")
PY
"$bin" ingest --db "$work/db" --no-progress "$work/long.jsonl" >/dev/null || fail "long terms: ingest exit $?"
"$bin" ingest --db "$work/db" --no-progress "$sample/seed-studies" >/dev/null || fail "ingest after long terms: exit $?"
"$bin" verify --db "$work/db" >/dev/null || fail "verify after long terms: exit $?"
found=$("$bin" search --db "$work/db" --filter "city=$(printf 'C%.0s' $(seq 300))")
grep -q "^2 studies" <<<"$found" || fail "long city filter: $found"

# 9. A study from an API response page keeps its bytes, key order included
# (issue 20: they were re-serialised with keys sorted); duplicate keys and
# a byte order mark are handled.
python3 - "$work/page.json" "$work/dup.jsonl" "$work/bom.jsonl" <<'PY'
import sys
record = '{"protocolSection": {"identificationModule": {"nctId": "NCT99999993", "briefTitle": "Zeta first"}, "statusModule": {"overallStatus": "RECRUITING"}}, "hasResults": false}'
open(sys.argv[1], "w").write('{"studies": [' + record + '], "nextPageToken": "abc"}')
open(sys.argv[2], "w").write('{"protocolSection": {"identificationModule": {"nctId": "NCT99999994", "nctId": "NCT99999995"}}}\n')
open(sys.argv[3], "wb").write(b"\xef\xbb\xbf" + record.replace("93", "96").encode() + b"\n")
PY
"$bin" ingest --db "$work/db" --no-progress "$work/page.json" "$work/bom.jsonl" >/dev/null || fail "page and BOM ingest: exit $?"
shown=$("$bin" show --db "$work/db" NCT99999993 --json)
expected='{"protocolSection": {"identificationModule": {"nctId": "NCT99999993", "briefTitle": "Zeta first"}, "statusModule": {"overallStatus": "RECRUITING"}}, "hasResults": false}'
[ "$shown" = "$expected" ] || fail "response page record not kept byte for byte: $shown"
"$bin" show --db "$work/db" NCT99999996 >/dev/null || fail "the record after a byte order mark was lost"
set +e
errors=$("$bin" ingest --db "$work/db" --no-progress "$work/dup.jsonl" 2>&1 >/dev/null); code=$?
set -e
[ "$code" -eq 3 ] || fail "duplicate keys: exit $code"
grep -q "dup.jsonl line 1: NCT99999994: protocolSection.identificationModule: the key 'nctId' appears twice" <<<"$errors" \
  || fail "duplicate key message: $errors"

# Prescreening: one trial, patients in NDJSON (patient JSON, wrapped with an
# id, a FHIR Bundle, a bad line); one result line each, CSV on request; a
# bad line is reported and makes the exit code 3.
cat >"$work/patients.ndjson" <<'NDJSON'
{"age": 34, "sex": "FEMALE", "conditions": [{"name": "systemic lupus erythematosus"}]}
{"id": "p2", "patient": {"age": 70, "sex": "MALE", "conditions": [{"name": "prostate cancer"}]}}
{"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"resourceType": "Patient", "id": "f3", "gender": "female", "birthDate": "1990-01-01"}}, {"resource": {"resourceType": "Condition", "id": "c1", "subject": {"reference": "Patient/f3"}, "code": {"text": "Systemic lupus erythematosus"}}}]}
not json
NDJSON
set +e
lines=$("$bin" prescreen --db "$work/db" nct7038447 --patients "$work/patients.ndjson" 2>"$work/prescreen.err"); code=$?
set -e
[ "$code" -eq 3 ] || fail "prescreen with a bad line: exit $code"
[ "$(wc -l <<<"$lines")" -eq 4 ] || fail "prescreen: one line per patient: $lines"
python3 - "$lines" <<'PY'
import json, sys
rows = [json.loads(line) for line in sys.argv[1].splitlines()]
assert rows[0]["aboutPatientCondition"] is True and rows[0]["eligibility"] != "excluded", rows[0]
assert rows[1]["id"] == "p2" and rows[1]["aboutPatientCondition"] is False, rows[1]
assert rows[2]["id"] == "f3" and rows[2]["aboutPatientCondition"] is True, rows[2]
assert rows[3] == {"line": 4, "error": "not a JSON object (one patient per line)"}, rows[3]
PY
grep -q "4 patient lines against NCT07038447" "$work/prescreen.err" || fail "prescreen summary: $(cat "$work/prescreen.err")"
csv=$("$bin" prescreen --db "$work/db" NCT07038447 --patients "$work/patients.ndjson" --csv 2>/dev/null || true)
grep -q "^2,p2,possibly eligible,no," <<<"$csv" || grep -q "^2,p2,excluded,no," <<<"$csv" || fail "prescreen CSV: $csv"

echo "cli end-to-end: all checks passed"
