#!/usr/bin/env python3
"""Black-box conformance checks of a ClinicalTrials.gov API v2 (drop-in) server.

Written from the published OpenAPI description (ctg-oas-v2.yaml 2.0.5) and
csv-download-columns.csv only. Expected counts are computed independently in
Python from the full records downloaded from the server itself.

Usage:  python3 run_checks.py [BASE_URL]      (default http://127.0.0.1:18181/api/v2)
        env CTGOV_SPEC / CTGOV_CSV_COLUMNS override reference file locations.
Exit code: 0 if no FAIL, 1 otherwise. Results also written to $CTGOV_RESULTS when set.
"""
import copy
import csv
import io
import json
import math
import os
import re
import sys
import traceback
import urllib.parse
from collections import Counter, defaultdict

import jsonschema
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ctgov_client import CTGovClient, APIError  # noqa: E402

BASE = (sys.argv[1] if len(sys.argv) > 1 else
        os.environ.get("CTGOV_BASE", "http://127.0.0.1:18181/api/v2"))
REFERENCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "data", "reference")
SPEC_PATH = os.environ.get("CTGOV_SPEC", os.path.join(REFERENCE, "ctg-oas-v2.yaml"))
CSV_COLS_PATH = os.environ.get("CTGOV_CSV_COLUMNS", os.path.join(REFERENCE, "csv-download-columns.csv"))

client = CTGovClient(BASE)
SPEC = yaml.safe_load(open(SPEC_PATH))
CSV_COLUMNS = [r["Column Name"] for r in csv.DictReader(open(CSV_COLS_PATH))]

# --------------------------------------------------------------- reporting
RESULTS = []
SEV_ORDER = {"silent": 0, "break": 1, "minor": 2, "": 3}


def show(r_or_url):
    url = r_or_url if isinstance(r_or_url, str) else r_or_url.url
    return urllib.parse.unquote_plus(url.replace(BASE, ""))


def record(ok, name, req="", expected="", got="", severity="minor", warn=False):
    """ok=True -> PASS. ok=False -> FAIL (or WARN if warn=True).
    severity: silent (200 with wrong data) | break (breaks a client) | minor."""
    status = "PASS" if ok else ("WARN" if warn else "FAIL")
    RESULTS.append(dict(status=status, name=name, request=req,
                        expected=str(expected)[:400], got=str(got)[:400],
                        severity="" if ok else severity))
    if not ok:
        print("%s [%s] %s\n     req: %s\n     expected: %s\n     got: %s" % (
            status, severity, name, req, str(expected)[:300], str(got)[:300]))
    return ok


def get(path, params=None, **kw):
    return client.request(path, params, **kw)


# -------------------------------------------------------- schema validation
def _strictify(node):
    """Copy of the schema where objects without additionalProperties get false
    (used only to list undocumented keys, reported as WARN)."""
    if isinstance(node, dict):
        node = {k: _strictify(v) for k, v in node.items()}
        if node.get("type") == "object" and "properties" in node \
                and "additionalProperties" not in node:
            node["additionalProperties"] = False
        return node
    if isinstance(node, list):
        return [_strictify(x) for x in node]
    return node


SCHEMAS = SPEC["components"]["schemas"]
FMT = jsonschema.FormatChecker()


def _validator(name, strict=False):
    root = {"components": {"schemas": _strictify(SCHEMAS) if strict else SCHEMAS}}
    root["$ref"] = "#/components/schemas/" + name
    return jsonschema.Draft7Validator(root, format_checker=FMT)


_VALIDATORS = {}


def schema_errors(obj, name, strict=False, limit=5):
    key = (name, strict)
    if key not in _VALIDATORS:
        _VALIDATORS[key] = _validator(name, strict)
    errs = []
    for e in _VALIDATORS[key].iter_errors(obj):
        errs.append("%s: %s" % ("/".join(str(p) for p in e.absolute_path), e.message[:160]))
        if len(errs) >= limit:
            break
    return errs


KNOWN_DATA_ISSUES = []   # regexes of schema errors already reported once (data, not per call)


def check_schema(obj, name, req, label=None, severity="break"):
    errs = [e for e in schema_errors(obj, name, limit=50)
            if not any(re.search(k, e) for k in KNOWN_DATA_ISSUES)][:5]
    return record(not errs, "schema %s%s" % (name, " (" + label + ")" if label else ""),
                  req, "valid against components/schemas/" + name, errs, severity)


def check_status(r, codes, name, severity="break"):
    codes = codes if isinstance(codes, (list, tuple, set)) else [codes]
    return record(r.status_code in codes, name, show(r), "HTTP %s" % "/".join(map(str, codes)),
                  "HTTP %s %s" % (r.status_code, r.text[:200].replace("\n", " ")), severity)


def check_error(r, code, name):
    ok = check_status(r, code, name)
    ERROR_BODIES.append((show(r), r.status_code, r.headers.get("Content-Type", ""), r.text[:120]))
    return ok


ERROR_BODIES = []


def check_error_bodies():
    section("error body format")
    errs = [e for e in ERROR_BODIES if e[1] >= 400]
    empty = [e for e in errs if not e[3].strip()]
    record(not empty, "every 4xx has a non-empty message", "", "message", empty[:2], "break")
    notplain = [e for e in errs if not e[2].startswith("text/plain")]
    record(not notplain, "4xx bodies are text/plain errorMessage (spec)", notplain[0][0] if notplain else "",
           "Content-Type text/plain; body = message string",
           "%d of %d are %s, e.g. %r" % (len(notplain), len(errs), Counter(e[2] for e in notplain).most_common(1),
                                         notplain[0][3] if notplain else ""), "minor")


# ------------------------------------------------------ study data helpers
def pick(obj, path):
    """Leaf values at dotted path, flattening lists."""
    cur = [obj]
    for k in path.split("."):
        nxt = []
        for c in cur:
            if isinstance(c, list):
                c_items = c
            else:
                c_items = [c]
            for it in c_items:
                if isinstance(it, dict) and k in it:
                    v = it[k]
                    if isinstance(v, list):
                        nxt.extend(v)
                    else:
                        nxt.append(v)
        cur = nxt
    return cur


def one(s, path):
    v = pick(s, path)
    return v[0] if v else None


P = dict(
    NCTId="protocolSection.identificationModule.nctId",
    Alias="protocolSection.identificationModule.nctIdAliases",
    Phase="protocolSection.designModule.phases",
    Status="protocolSection.statusModule.overallStatus",
    LastUpdatePostDate="protocolSection.statusModule.lastUpdatePostDateStruct.date",
    ResultsFirstPostDate="protocolSection.statusModule.resultsFirstPostDateStruct.date",
    StartDate="protocolSection.statusModule.startDateStruct.date",
    StudyFirstPostDate="protocolSection.statusModule.studyFirstPostDateStruct.date",
    CompletionDate="protocolSection.statusModule.completionDateStruct.date",
    PrimaryCompletionDate="protocolSection.statusModule.primaryCompletionDateStruct.date",
    EnrollmentCount="protocolSection.designModule.enrollmentInfo.count",
    City="protocolSection.contactsLocationsModule.locations.city",
    Country="protocolSection.contactsLocationsModule.locations.country",
    Geo="protocolSection.contactsLocationsModule.locations.geoPoint",
    Sex="protocolSection.eligibilityModule.sex",
    Healthy="protocolSection.eligibilityModule.healthyVolunteers",
    MinAge="protocolSection.eligibilityModule.minimumAge",
    MaxAge="protocolSection.eligibilityModule.maximumAge",
    StudyType="protocolSection.designModule.studyType",
    ArmGroups="protocolSection.armsInterventionsModule.armGroups",
    Condition="protocolSection.conditionsModule.conditions",
    BriefTitle="protocolSection.identificationModule.briefTitle",
    OfficialTitle="protocolSection.identificationModule.officialTitle",
    Acronym="protocolSection.identificationModule.acronym",
    LeadSponsor="protocolSection.sponsorCollaboratorsModule.leadSponsor.name",
)


def nct(s):
    return one(s, P["NCTId"])


def toks(text):
    return re.findall(r"[a-z0-9]+", (text or "").lower())


def has_token(values, word):
    w = word.lower()
    return any(w in toks(v) for v in values if isinstance(v, str))


def phrase_in(values, phrase):
    ph = toks(phrase)
    for v in values:
        t = toks(v)
        for i in range(len(t) - len(ph) + 1):
            if t[i:i + len(ph)] == ph:
                return True
    return False


def age_years(txt):
    if not txt:
        return None
    m = re.match(r"\s*(\d+(?:\.\d+)?)\s*(year|month|week|day|hour|minute)", txt.lower())
    if not m:
        return None
    n = float(m.group(1))
    return n * {"year": 1, "month": 1 / 12, "week": 7 / 365.25, "day": 1 / 365.25,
                "hour": 1 / 8766, "minute": 1 / 525960}[m.group(2)]


def haversine_mi(lat1, lon1, lat2, lon2):
    r = 3958.7613
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def within(s, lat, lon, dist_mi):
    return any(isinstance(g, dict) and "lat" in g and
               haversine_mi(lat, lon, g["lat"], g["lon"]) <= dist_mi for g in pick(s, P["Geo"]))


def datekey(d):
    """Partial date -> comparable string; None if missing."""
    return d if d else None


def date_cmp(a, b):
    """-1/0/1 ; a date that is a prefix of another (partial date) compares equal."""
    if a == b or a.startswith(b) or b.startswith(a):
        return 0
    return -1 if a < b else 1


def date_in(d, lo, hi):
    if d is None:
        return False
    if lo and lo != "MIN" and d[:len(lo)] < lo[:len(d)]:
        return False
    if hi and hi != "MAX" and d[:len(hi)] > hi[:len(d)]:
        return False
    return True


# ================================================================ CHECKS
def section(title):
    print("\n=== " + title)


ALL = []
BY_ID = {}


def load_all():
    section("download all studies (independent ground truth)")
    r = get("/studies", {"pageSize": 1000, "countTotal": "true"})
    check_status(r, 200, "GET /studies?pageSize=1000&countTotal=true")
    body = r.json()
    ALL.extend(body["studies"])
    token = body.get("nextPageToken")
    while token:
        page = client.search_studies(page_size=1000, page_token=token)
        ALL.extend(page["studies"])
        token = page.get("nextPageToken")
    for s in ALL:
        BY_ID[nct(s)] = s
    record(len(ALL) == 782 and len(BY_ID) == 782, "782 distinct studies downloadable",
           show(r), 782, "%d studies, %d distinct ids" % (len(ALL), len(BY_ID)))
    record(body.get("totalCount") == len(ALL), "totalCount of unfiltered search == studies downloaded",
           show(r), len(ALL), body.get("totalCount"), "silent")
    # undocumented keys (strict schema): WARN only
    extra = Counter()
    bad = Counter()
    for s in ALL:
        for e in schema_errors(s, "Study", strict=True, limit=50):
            (extra if "Additional properties" in e else bad)[re.sub(r"/\d+", "/*", e)] += 1
    record(not bad, "every study valid against Study schema (types, enums, formats, nct length)",
           "GET /studies?pageSize=1000", "no violations",
           "; ".join("%s (x%d)" % kv for kv in bad.most_common(6)), "silent")
    for e in bad:   # report once, not on every later page that contains the same record
        m = re.search(r"'([^']+)' is too short", e)
        if m:
            KNOWN_DATA_ISSUES.append(re.escape("'%s' is too short" % m.group(1)))
    check_schema(body, "PagedStudies", show(r), "full page of 1000 (known data issues above excluded)", "silent")
    record(not extra, "studies contain only documented properties", "GET /studies?pageSize=1000",
           "no keys outside Study schema", "; ".join("%s (x%d)" % kv for kv in extra.most_common(5)),
           "minor", warn=True)


# ------------------------------------------------------------ counts
def ids_of(studies):
    return [nct(s) for s in studies]


def search_ids(params, fields="NCTId"):
    """All matching ids via the paging loop, and totalCount of the first page."""
    p = dict(params)
    p.setdefault("fields", fields)
    p["pageSize"] = 1000
    p["countTotal"] = "true"
    r = get("/studies", p)
    if r.status_code != 200:
        return r, None, None
    body = r.json()
    total = body.get("totalCount")
    ids = ids_of(body["studies"])
    tok = body.get("nextPageToken")
    while tok:
        q = dict(p, pageToken=tok)
        q.pop("countTotal")
        b = get("/studies", q).json()
        ids += ids_of(b["studies"])
        tok = b.get("nextPageToken")
    return r, total, ids


def count_check(label, params, pred, alt_pred=None, note="", warn=False):
    """Compare the server's totalCount and returned ids with an independent count."""
    exp = {nct(s) for s in ALL if pred(s)}
    alt = {nct(s) for s in ALL if alt_pred(s)} if alt_pred else None
    r, total, ids = search_ids(params)
    req = show(r)
    if r.status_code != 200:
        return record(False, "count: " + label, req, "HTTP 200, totalCount=%d" % len(exp),
                      "HTTP %s %s" % (r.status_code, r.text[:150]), "break")
    got = set(ids)
    ok = (total == len(exp) and got == exp and len(ids) == len(got))
    if not ok and alt is not None and total == len(alt) and got == alt:
        ok = True
    detail = "totalCount=%s, returned=%d (dupes=%d)" % (total, len(got), len(ids) - len(got))
    if not ok:
        missing, extra = sorted(exp - got)[:4], sorted(got - exp)[:4]
        detail += "; missing e.g. %s; unexpected e.g. %s" % (missing, extra)
    expd = "totalCount=%d%s%s" % (len(exp), " (or %d)" % len(alt) if alt is not None else "",
                                  " " + note if note else "")
    return record(ok, "count: " + label, req, expd, detail, "silent", warn=warn)


def check_counts():
    section("search counts vs independent counts")
    ph = lambda v: (lambda s: v in pick(s, P["Phase"]))
    st = lambda v: (lambda s: one(s, P["Status"]) == v)
    lup = lambda s: one(s, P["LastUpdatePostDate"])
    enr = lambda s: one(s, P["EnrollmentCount"])
    enr_in = lambda lo, hi: (lambda s: enr(s) is not None and lo <= enr(s) <= hi)
    city = lambda c: (lambda s: has_token(pick(s, P["City"]), c))
    city_exact = lambda c: (lambda s: any((x or "").strip().lower() == c.lower() for x in pick(s, P["City"])))
    no_results = lambda s: one(s, P["ResultsFirstPostDate"]) is None
    T = lambda q: {"query.term": q}

    count_check("no query (all)", {}, lambda s: True)
    count_check("AREA[Phase]PHASE2", T("AREA[Phase]PHASE2"), ph("PHASE2"))
    count_check("AREA[Phase]EARLY_PHASE1", T("AREA[Phase]EARLY_PHASE1"), ph("EARLY_PHASE1"))
    count_check("AREA[Phase]NA", T("AREA[Phase]NA"), ph("NA"))
    count_check("AREA[LastUpdatePostDate]RANGE[2023-01-15,MAX]",
                T("AREA[LastUpdatePostDate]RANGE[2023-01-15,MAX]"),
                lambda s: date_in(lup(s), "2023-01-15", "MAX"))
    count_check("AREA[LastUpdatePostDate]RANGE[MIN,2020-12-31]",
                T("AREA[LastUpdatePostDate]RANGE[MIN,2020-12-31]"),
                lambda s: date_in(lup(s), "MIN", "2020-12-31"))
    count_check("AREA[LastUpdatePostDate]RANGE[2023-01-12,2023-01-19] (inclusive bounds)",
                T("AREA[LastUpdatePostDate]RANGE[2023-01-12,2023-01-19]"),
                lambda s: date_in(lup(s), "2023-01-12", "2023-01-19"))
    count_check("AREA[LastUpdatePostDate]MISSING", T("AREA[LastUpdatePostDate]MISSING"),
                lambda s: lup(s) is None)
    count_check("AREA[ResultsFirstPostDate]MISSING", T("AREA[ResultsFirstPostDate]MISSING"), no_results)
    count_check("NOT AREA[ResultsFirstPostDate]MISSING", T("NOT AREA[ResultsFirstPostDate]MISSING"),
                lambda s: not no_results(s))
    count_check("AREA[Phase]MISSING", T("AREA[Phase]MISSING"), lambda s: not pick(s, P["Phase"]))
    count_check("AREA[OverallStatus]RECRUITING", T("AREA[OverallStatus]RECRUITING"), st("RECRUITING"))
    count_check("AREA[LocationCity]Boston", T("AREA[LocationCity]Boston"), city("Boston"))
    count_check("AREA[LocationCity]Seoul (one record has 'Seoul,')", T("AREA[LocationCity]Seoul"),
                city("Seoul"), city_exact("Seoul"))
    count_check('AREA[LocationCity]"New York" (phrase; not North York/York)',
                T('AREA[LocationCity]"New York"'),
                lambda s: phrase_in(pick(s, P["City"]), "New York"))
    count_check("query.locn=AREA[LocationCity]Boston", {"query.locn": "AREA[LocationCity]Boston"},
                city("Boston"))
    count_check("AREA[EnrollmentCount]RANGE[100,200]", T("AREA[EnrollmentCount]RANGE[100,200]"),
                enr_in(100, 200))
    count_check("AREA[EnrollmentCount]RANGE[MIN,0]", T("AREA[EnrollmentCount]RANGE[MIN,0]"),
                enr_in(-10 ** 9, 0))
    count_check("AREA[EnrollmentCount]RANGE[1000,MAX]", T("AREA[EnrollmentCount]RANGE[1000,MAX]"),
                enr_in(1000, 10 ** 12))
    count_check("AREA[Phase:size]2 (from /stats/field/sizes description)", T("AREA[Phase:size]2"),
                lambda s: len(pick(s, P["Phase"])) == 2)
    count_check("PHASE2 OR PHASE3", T("AREA[Phase]PHASE2 OR AREA[Phase]PHASE3"),
                lambda s: ph("PHASE2")(s) or ph("PHASE3")(s))
    count_check("PHASE2 AND RECRUITING", T("AREA[Phase]PHASE2 AND AREA[OverallStatus]RECRUITING"),
                lambda s: ph("PHASE2")(s) and st("RECRUITING")(s))
    count_check("PHASE2 AND NOT COMPLETED",
                T("AREA[Phase]PHASE2 AND NOT AREA[OverallStatus]COMPLETED"),
                lambda s: ph("PHASE2")(s) and not st("COMPLETED")(s))
    count_check("NOT AREA[Phase]PHASE2 (leading unary NOT)", T("NOT AREA[Phase]PHASE2"),
                lambda s: not ph("PHASE2")(s))
    count_check("(PHASE1 OR PHASE2) AND EnrollmentCount RANGE[100,200]",
                T("(AREA[Phase]PHASE1 OR AREA[Phase]PHASE2) AND AREA[EnrollmentCount]RANGE[100,200]"),
                lambda s: (ph("PHASE1")(s) or ph("PHASE2")(s)) and enr_in(100, 200)(s))
    count_check("precedence: RECRUITING OR PHASE3 AND HasResults (AND binds tighter)",
                T("AREA[OverallStatus]RECRUITING OR AREA[Phase]PHASE3 AND AREA[HasResults]true"),
                lambda s: st("RECRUITING")(s) or (ph("PHASE3")(s) and s.get("hasResults") is True))
    count_check("precedence: (RECRUITING OR PHASE3) AND HasResults",
                T("(AREA[OverallStatus]RECRUITING OR AREA[Phase]PHASE3) AND AREA[HasResults]true"),
                lambda s: (st("RECRUITING")(s) or ph("PHASE3")(s)) and s.get("hasResults") is True)
    count_check("Boston AND PHASE2 AND LastUpdate>=2023-01-15",
                T("AREA[LocationCity]Boston AND AREA[Phase]PHASE2 AND "
                  "AREA[LastUpdatePostDate]RANGE[2023-01-15,MAX]"),
                lambda s: city("Boston")(s) and ph("PHASE2")(s) and date_in(lup(s), "2023-01-15", "MAX"))
    count_check("NOT (COMPLETED OR RECRUITING)",
                T("NOT (AREA[OverallStatus]COMPLETED OR AREA[OverallStatus]RECRUITING)"),
                lambda s: not (st("COMPLETED")(s) or st("RECRUITING")(s)))
    count_check("lower-case operators/values: AREA[Phase]phase2", T("AREA[Phase]phase2"), ph("PHASE2"),
                warn=True, note="(Essie is case-insensitive for terms)")

    # the same through filter.* / postFilter.*
    count_check("filter.advanced=AREA[Phase]PHASE2", {"filter.advanced": "AREA[Phase]PHASE2"}, ph("PHASE2"))
    count_check("filter.advanced=ResultsFirstPostDate MISSING AND RANGE",
                {"filter.advanced": "AREA[ResultsFirstPostDate]MISSING AND "
                                    "AREA[LastUpdatePostDate]RANGE[2023-01-15,MAX]"},
                lambda s: no_results(s) and date_in(lup(s), "2023-01-15", "MAX"))
    count_check("postFilter.advanced=AREA[EnrollmentCount]RANGE[100,200]",
                {"postFilter.advanced": "AREA[EnrollmentCount]RANGE[100,200]"}, enr_in(100, 200))
    count_check("filter.overallStatus=RECRUITING", {"filter.overallStatus": "RECRUITING"}, st("RECRUITING"))
    count_check("filter.overallStatus=NOT_YET_RECRUITING|RECRUITING (pipe)",
                {"filter.overallStatus": "NOT_YET_RECRUITING|RECRUITING"},
                lambda s: one(s, P["Status"]) in ("NOT_YET_RECRUITING", "RECRUITING"))
    count_check("filter.overallStatus=NOT_YET_RECRUITING,RECRUITING (comma)",
                {"filter.overallStatus": "NOT_YET_RECRUITING,RECRUITING"},
                lambda s: one(s, P["Status"]) in ("NOT_YET_RECRUITING", "RECRUITING"))
    count_check("postFilter.overallStatus=COMPLETED", {"postFilter.overallStatus": "COMPLETED"},
                st("COMPLETED"))
    count_check("query.term PHASE2 + filter.overallStatus RECRUITING + postFilter.advanced Enrollment>=100",
                {"query.term": "AREA[Phase]PHASE2", "filter.overallStatus": "RECRUITING",
                 "postFilter.advanced": "AREA[EnrollmentCount]RANGE[100,MAX]"},
                lambda s: ph("PHASE2")(s) and st("RECRUITING")(s) and enr_in(100, 10 ** 12)(s))
    count_check("query.term Boston + filter.advanced no-results",
                {"query.term": "AREA[LocationCity]Boston",
                 "filter.advanced": "AREA[ResultsFirstPostDate]MISSING"},
                lambda s: city("Boston")(s) and no_results(s))
    some = sorted(BY_ID)[5:8]
    count_check("filter.ids=3 ids (pipe)", {"filter.ids": "|".join(some)}, lambda s: nct(s) in some)
    count_check("postFilter.ids=3 ids lower-case, comma", {"postFilter.ids": ",".join(x.lower() for x in some)},
                lambda s: nct(s) in some)
    nozero = [re.sub(r"^NCT0*", "NCT", x) for x in some]
    count_check("filter.ids without leading zeros %s" % nozero, {"filter.ids": ",".join(nozero)},
                lambda s: nct(s) in some)
    aliases = {a: nct(s) for s in ALL for a in pick(s, P["Alias"])}
    if aliases:
        a = sorted(aliases)[0]
        count_check("filter.ids=%s (an NCTIdAlias of %s)" % (a, aliases[a]), {"filter.ids": a},
                    lambda s: nct(s) == aliases[a])
    def geo_check(label, params, lat, lon, dist_mi):
        """Lower bound: every study with a LocationGeoPoint inside the circle.  Upper bound: those plus
        studies having locations without geoPoint (the server may geocode them itself)."""
        r, total, ids = search_ids(params)
        if r.status_code != 200:
            return record(False, "geo: " + label, show(r), "HTTP 200", "HTTP %s %s" % (r.status_code, r.text[:120]),
                          "break")
        got = set(ids)
        lo = {nct(s) for s in ALL if within(s, lat, lon, dist_mi)}
        nogeo = {nct(s) for s in ALL
                 if any(isinstance(l, dict) and "geoPoint" not in l
                        for l in pick(s, "protocolSection.contactsLocationsModule.locations"))}
        far = sorted(got - lo - nogeo)
        record(lo <= got and not far and total == len(got), "geo: " + label, show(r),
               "all %d studies with a geoPoint inside; extras only among studies with un-geocoded sites" % len(lo),
               "totalCount=%s; missing %s; extras with all geoPoints outside %s; extras via sites without geoPoint: %d"
               % (total, sorted(lo - got)[:4], far[:4], len(got - lo)), "silent")
        if got - lo and not far:
            record(False, "geo: %s also matches %d studies whose sites have no geoPoint (server-side geocoding, "
                   "not checkable from the data)" % (label, len(got - lo)), show(r), "%d (geoPoint only)" % len(lo),
                   "%d, e.g. %s" % (len(got), sorted(got - lo)[:3]), "minor", warn=True)

    geo_check("filter.geo=distance(39.0035707,-77.1013313,50mi)",
              {"filter.geo": "distance(39.0035707,-77.1013313,50mi)"}, 39.0035707, -77.1013313, 50)
    geo_check("filter.geo=distance(42.3601,-71.0589,80km)",
              {"filter.geo": "distance(42.3601,-71.0589,80km)"}, 42.3601, -71.0589, 80 / 1.609344)
    geo_check("postFilter.geo=distance(39.0035707,-77.1013313,50mi)",
              {"postFilter.geo": "distance(39.0035707,-77.1013313,50mi)"}, 39.0035707, -77.1013313, 50)
    r = get("/studies", {"filter.geo": "distance(39.0035707,-77.1013313,50)"})
    check_status(r, 200, "filter.geo without unit (pattern makes km|mi optional)")
    count_check("filter.advanced=AREA[StartDate]2022 (spec example)", {"filter.advanced": "AREA[StartDate]2022"},
                lambda s: (one(s, P["StartDate"]) or "").startswith("2022"))
    ex2 = "AREA[MinimumAge]RANGE[MIN, 16 years] AND AREA[MaximumAge]RANGE[16 years, MAX]"
    mn = lambda s: age_years(one(s, P["MinAge"]))
    mx = lambda s: age_years(one(s, P["MaxAge"]))
    count_check("filter.advanced=" + ex2 + " (spec example)", {"filter.advanced": ex2},
                lambda s: mn(s) is not None and mx(s) is not None and mn(s) <= 16 <= mx(s),
                lambda s: (mn(s) or 0) <= 16 <= (mx(s) if mx(s) is not None else 1e9),
                note="strict: both ages present; alt: missing age = no limit")

    # aggFilters
    hv = lambda s: one(s, P["Healthy"]) is True
    count_check("aggFilters=results:with,status:com (spec example)", {"aggFilters": "results:with,status:com"},
                lambda s: s.get("hasResults") is True and st("COMPLETED")(s))
    count_check("aggFilters=status:not rec,sex:f,healthy:y (spec example)",
                {"aggFilters": "status:not rec,sex:f,healthy:y"},
                lambda s: one(s, P["Status"]) in ("NOT_YET_RECRUITING", "RECRUITING") and hv(s)
                and one(s, P["Sex"]) in ("FEMALE", "ALL"),
                lambda s: one(s, P["Status"]) in ("NOT_YET_RECRUITING", "RECRUITING") and hv(s)
                and one(s, P["Sex"]) == "FEMALE", note="sex:f = FEMALE or ALL (alt: FEMALE only)")
    count_check("aggFilters=results:without", {"aggFilters": "results:without"},
                lambda s: s.get("hasResults") is not True)
    count_check("aggFilters=phase:2", {"aggFilters": "phase:2"}, ph("PHASE2"))
    count_check("aggFilters=phase:0 (EARLY_PHASE1)", {"aggFilters": "phase:0"}, ph("EARLY_PHASE1"))
    count_check("aggFilters=status:rec com (space = OR)", {"aggFilters": "status:rec com"},
                lambda s: one(s, P["Status"]) in ("RECRUITING", "COMPLETED"))
    count_check("aggFilters=studyType:int", {"aggFilters": "studyType:int"},
                lambda s: one(s, P["StudyType"]) == "INTERVENTIONAL")

    # free-text areas: weak bounds (stemming/synonyms make exact counts impossible)
    def bounded(label, params, must, may):
        r, total, ids = search_ids(params)
        if r.status_code != 200:
            return record(False, "free text: " + label, show(r), "HTTP 200",
                          "HTTP %s %s" % (r.status_code, r.text[:150]), "break")
        got = set(ids)
        lo = {nct(s) for s in ALL if must(s)}
        hi = {nct(s) for s in ALL if may(s)}
        ok = lo <= got and total == len(got)   # upper bound not enforced: synonyms (cancer ~ malignancy)
        record(ok, "free text: " + label, show(r),
               "all %d word matches included, totalCount==returned (substring matches: %d)" % (len(lo), len(hi)),
               "totalCount=%s returned=%d; missing e.g. %s; beyond substring matches (synonyms?) %d" % (
                   total, len(got), sorted(lo - got)[:3], len(got - hi)), "silent")

    titles = lambda s: pick(s, P["BriefTitle"]) + pick(s, P["OfficialTitle"]) + pick(s, P["Acronym"])
    bounded("query.titles=cancer", {"query.titles": "cancer"},
            lambda s: has_token(titles(s), "cancer"),
            lambda s: any("cancer" in t.lower() for t in titles(s)))
    bounded("query.lead=university", {"query.lead": "university"},
            lambda s: has_token(pick(s, P["LeadSponsor"]), "university"),
            lambda s: any("universi" in t.lower() for t in pick(s, P["LeadSponsor"])))
    bounded("query.cond=lung cancer (spec example)", {"query.cond": "lung cancer"},
            lambda s: False, lambda s: "lung" in json.dumps(s).lower() or "pulmonary" in json.dumps(s).lower())
    bounded("query.intr=placebo", {"query.intr": "placebo"},
            lambda s: has_token(pick(s, "protocolSection.armsInterventionsModule.interventions.name"), "placebo"),
            lambda s: "placebo" in json.dumps(s).lower())
    bounded("query.spons=university", {"query.spons": "university"},
            lambda s: has_token(pick(s, P["LeadSponsor"]) + pick(
                s, "protocolSection.sponsorCollaboratorsModule.collaborators.name"), "university"),
            lambda s: "universi" in json.dumps(s).lower())
    bounded("query.outc=survival", {"query.outc": "survival"},
            lambda s: has_token(pick(s, "protocolSection.outcomesModule.primaryOutcomes.measure"), "survival"),
            lambda s: "surviv" in json.dumps(s).lower())
    bounded("query.patient=diabetes", {"query.patient": "diabetes"},
            lambda s: has_token(pick(s, P["Condition"]), "diabetes"), lambda s: "diabet" in json.dumps(s).lower())
    bounded("query.term=diabetes", {"query.term": "diabetes"},
            lambda s: has_token(pick(s, P["Condition"]) + titles(s), "diabetes"),
            lambda s: "diabet" in json.dumps(s).lower())


# ----------------------------------------------------------- sort
def sort_key_value(s, piece):
    if piece == "MinimumAge":
        return age_years(one(s, P["MinAge"]))
    if piece == "NumArmGroups":
        ag = pick(s, P["ArmGroups"])
        return len(ag) if ag else None
    v = one(s, P[piece])
    return v


def is_date_piece(piece):
    return piece.endswith("Date")


def check_sorted(label, params, keys):
    """keys: [(piece, 'asc'|'desc')]. Values taken from the independently held full record."""
    p = dict(params)
    p.update(pageSize=1000, fields="NCTId")
    r = get("/studies", p)
    if r.status_code != 200:
        return record(False, "sort: " + label, show(r), "HTTP 200",
                      "HTTP %s %s" % (r.status_code, r.text[:150]), "break")
    ids = []
    body = r.json()
    ids += ids_of(body["studies"])
    tok = body.get("nextPageToken")
    while tok:
        b = get("/studies", dict(p, pageToken=tok)).json()
        ids += ids_of(b["studies"])
        tok = b.get("nextPageToken")

    def cmp_vals(a, b, piece, direction):
        if a is None and b is None:
            return 0
        if a is None:
            return 1     # missing always last
        if b is None:
            return -1
        c = date_cmp(a, b) if is_date_piece(piece) else (a > b) - (a < b)
        return c if direction == "asc" else -c

    bad = None
    for i in range(len(ids) - 1):
        a, b = BY_ID.get(ids[i]), BY_ID.get(ids[i + 1])
        if a is None or b is None:
            bad = (i, "unknown id")
            break
        for piece, d in keys:
            c = cmp_vals(sort_key_value(a, piece), sort_key_value(b, piece), piece, d)
            if c < 0:
                break
            if c > 0:
                bad = (i, "%s: %s then %s" % (
                    piece, [sort_key_value(a, k) for k, _ in keys], [sort_key_value(b, k) for k, _ in keys]))
                break
        if bad:
            break
    exp_n = search_ids({k: v for k, v in params.items() if k != "sort"})[1]
    ok = bad is None and len(ids) == len(set(ids)) == exp_n
    return record(ok, "sort: " + label, show(r),
                  "order %s, missing last, %s studies" % (keys, exp_n),
                  "n=%d distinct=%d first violation at #%s %s (%s -> %s)" % (
                      len(ids), len(set(ids)), bad and bad[0], bad and bad[1],
                      bad and ids[bad[0]], bad and ids[bad[0] + 1]) if not ok else "ok",
                  "silent")


def check_sort():
    section("sort")
    check_sorted("LastUpdatePostDate (default desc)", {"sort": "LastUpdatePostDate"},
                 [("LastUpdatePostDate", "desc")])
    check_sorted("LastUpdatePostDate:asc", {"sort": "LastUpdatePostDate:asc"}, [("LastUpdatePostDate", "asc")])
    check_sorted("StartDate (partial dates, default desc)", {"sort": "StartDate"}, [("StartDate", "desc")])
    check_sorted("EnrollmentCount (default asc)", {"sort": "EnrollmentCount"}, [("EnrollmentCount", "asc")])
    check_sorted("EnrollmentCount:desc", {"sort": "EnrollmentCount:desc"}, [("EnrollmentCount", "desc")])
    check_sorted("EnrollmentCount:desc,NumArmGroups (spec example3, primary key only)",
                 {"sort": "EnrollmentCount:desc,NumArmGroups"}, [("EnrollmentCount", "desc")])
    check_sorted("LastUpdatePostDate,EnrollmentCount (two keys)",
                 {"sort": "LastUpdatePostDate,EnrollmentCount"},
                 [("LastUpdatePostDate", "desc"), ("EnrollmentCount", "asc")])
    check_sorted("StudyFirstPostDate:asc|EnrollmentCount:desc (pipe)",
                 {"sort": "StudyFirstPostDate:asc|EnrollmentCount:desc"},
                 [("StudyFirstPostDate", "asc"), ("EnrollmentCount", "desc")])
    check_sorted("ResultsFirstPostDate (721 missing)", {"sort": "ResultsFirstPostDate"}, [("ResultsFirstPostDate", "desc")])
    check_sorted("CompletionDate:asc", {"sort": "CompletionDate:asc"}, [("CompletionDate", "asc")])
    check_sorted("PrimaryCompletionDate", {"sort": "PrimaryCompletionDate"}, [("PrimaryCompletionDate", "desc")])
    check_sorted("MinimumAge (numeric, asc)", {"sort": "MinimumAge"}, [("MinimumAge", "asc")])
    check_sorted("EnrollmentCount with query.term PHASE2",
                 {"sort": "EnrollmentCount", "query.term": "AREA[Phase]PHASE2"}, [("EnrollmentCount", "asc")])
    # sort stable across pages
    seq = []
    tok = None
    while True:
        page = client.search_studies(sort=["EnrollmentCount:desc"], fields=["NCTId"], page_size=100,
                                     page_token=tok)
        seq += ids_of(page["studies"])
        tok = page.get("nextPageToken")
        if not tok:
            break
    one_page = ids_of(client.search_studies(sort=["EnrollmentCount:desc"], fields=["NCTId"],
                                            page_size=1000)["studies"])
    vals = lambda L: [sort_key_value(BY_ID[i], "EnrollmentCount") for i in L]
    record(vals(seq) == vals(one_page) and len(set(seq)) == 782,
           "sort: EnrollmentCount:desc paged by 100 == single page order",
           "/studies?sort=EnrollmentCount:desc&pageSize=100 (+pageToken)",
           "same key sequence as pageSize=1000, 782 distinct",
           "distinct=%d, same=%s" % (len(set(seq)), vals(seq) == vals(one_page)), "silent")
    r = get("/studies", {"sort": "@relevance", "query.term": "cancer"})
    check_status(r, 200, "sort=@relevance (spec example1)")
    r = get("/studies", {"sort": "LastUpdatePostDate,EnrollmentCount,StartDate"})
    check_error(r, 400, "sort with 3 keys -> 400 (maxItems 2)")
    r = get("/studies", {"sort": "BriefTitle"})
    check_error(r, 400, "sort by text field -> 400 (only date and numeric allowed)")
    r = get("/studies", {"sort": "EnrollmentCount:up"})
    check_error(r, 400, "sort direction 'up' -> 400")
    r = get("/studies", {"sort": "NoSuchField"})
    check_error(r, 400, "sort by unknown field -> 400")


# ----------------------------------------------------------- paging
def check_paging():
    section("paging / countTotal")
    r = get("/studies")
    b = r.json()
    record(len(b["studies"]) == 10 and "nextPageToken" in b and "totalCount" not in b,
           "default page: 10 studies, nextPageToken, no totalCount without countTotal", show(r),
           "10 studies + nextPageToken, no totalCount",
           "%d studies, token=%s, totalCount=%s" % (len(b["studies"]), "nextPageToken" in b, b.get("totalCount")))
    r = get("/studies", {"pageSize": 0})
    record(r.status_code == 200 and len(r.json().get("studies", [])) == 10, "pageSize=0 -> default 10", show(r),
           "HTTP 200, 10 studies", "HTTP %s, %s" % (r.status_code, r.text[:100] if r.status_code != 200
                                                   else len(r.json()["studies"])), "break")
    for ps in (1001, 5000, 2147483647):
        r = get("/studies", {"pageSize": ps, "fields": "NCTId"})
        n = len(r.json()["studies"]) if r.status_code == 200 else None
        record(r.status_code == 200 and n == 782, "pageSize=%d coerced to 1000 (782 here)" % ps, show(r),
               "HTTP 200, 782 studies", "HTTP %s, n=%s %s" % (r.status_code, n, r.text[:80] if n is None else ""),
               "break")
    r = get("/studies", {"pageSize": 2})
    record(r.status_code == 200 and len(r.json()["studies"]) == 2, "pageSize=2 (spec example)", show(r), 2,
           r.status_code == 200 and len(r.json()["studies"]))
    for bad in ("-1", "abc", "1.5"):
        check_error(get("/studies", {"pageSize": bad}), 400, "pageSize=%s -> 400" % bad)
    # full iteration
    for ps in (100, 7, 782):
        seen, pages, tok, totals = [], 0, None, []
        while True:
            page = client.search_studies(page_size=ps, page_token=tok, count_total=True, fields=["NCTId"])
            pages += 1
            seen += ids_of(page["studies"])
            totals.append(page.get("totalCount"))
            tok = page.get("nextPageToken")
            if not tok or pages > 300:
                break
        exp_pages = math.ceil(782 / ps)
        record(len(seen) == 782 and len(set(seen)) == 782 and pages in (exp_pages, exp_pages + 1),
               "iterate all pages pageSize=%d" % ps, "/studies?pageSize=%d&countTotal=true&fields=NCTId (+pageToken)" % ps,
               "782 distinct ids in %d pages" % exp_pages,
               "%d ids (%d distinct) in %d pages" % (len(seen), len(set(seen)), pages), "silent")
        record(totals[0] == 782, "countTotal on first page (pageSize=%d)" % ps, "", 782, totals[0], "silent")
        record(all(t is None for t in totals[1:]), "countTotal ignored on subsequent pages (pageSize=%d)" % ps,
               "", "no totalCount after page 1", totals[1:4], "minor", warn=True)
        record(sorted(seen) == sorted(BY_ID), "paged ids == ids of single 1000-page (pageSize=%d)" % ps, "",
               "same set", "diff %s" % sorted(set(BY_ID) ^ set(seen))[:4], "silent")
    # varying pageSize between pages
    p1 = client.search_studies(page_size=5, fields=["NCTId"])
    p2 = client.search_studies(page_size=20, fields=["NCTId"], page_token=p1["nextPageToken"])
    ref = ids_of(client.search_studies(page_size=25, fields=["NCTId"])["studies"])
    record(ids_of(p1["studies"]) + ids_of(p2["studies"]) == ref, "pageSize may change between pages",
           "/studies?pageSize=5 then pageSize=20&pageToken=...", ref[:3], (ids_of(p1["studies"]) + ids_of(p2["studies"]))[:3],
           "silent")
    r = get("/studies", {"pageToken": "not-a-valid-token"})
    check_error(r, 400, "invalid pageToken -> 400")
    r = get("/studies", {"query.term": "AREA[Phase]PHASE2 AND AREA[Phase]MISSING", "countTotal": "true"})
    b = r.json() if r.status_code == 200 else {}
    record(r.status_code == 200 and b.get("studies") == [] and b.get("totalCount") == 0 and "nextPageToken" not in b,
           "empty result: studies [] , totalCount 0, no token", show(r), "200 {studies:[],totalCount:0}",
           "%s %s" % (r.status_code, r.text[:120]), "break")
    r = get("/studies", {"countTotal": "false", "pageSize": 1})
    record(r.status_code == 200 and "totalCount" not in r.json(), "countTotal=false -> no totalCount", show(r),
           "no totalCount", r.text[:80], "minor", warn=True)


# ----------------------------------------------------------- fields
def strip_empty(o):
    if isinstance(o, dict):
        d = {k: strip_empty(v) for k, v in o.items()}
        return {k: v for k, v in d.items() if v not in ({}, [], None)}
    if isinstance(o, list):
        L = [strip_empty(v) for v in o]
        return [v for v in L if v not in ({}, [], None)]
    return o


def project(o, path):
    """Keep only dotted path (through lists) in o."""
    if not path:
        return copy.deepcopy(o)
    if isinstance(o, list):
        return [project(x, path) for x in o]
    if not isinstance(o, dict) or path[0] not in o:
        return None
    return {path[0]: project(o[path[0]], path[1:])}


def merge(a, b):
    if a is None:
        return b
    if b is None:
        return a
    if isinstance(a, dict) and isinstance(b, dict):
        out = dict(a)
        for k, v in b.items():
            out[k] = merge(out.get(k), v)
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [merge(x, y) for x, y in zip(a, b)]
    return b


PIECE_PATH = {}


def load_metadata_map():
    r = get("/studies/metadata")
    if r.status_code != 200:
        return

    def walk(nodes, prefix):
        for n in nodes:
            path = prefix + [n["name"]]
            PIECE_PATH.setdefault(n["piece"], path)
            walk(n.get("children", []), path)
    walk(r.json(), [])


def expected_projection(study, fields):
    out = None
    for f in fields:
        path = PIECE_PATH.get(f) or f.split(".")
        out = merge(out, project(study, path))
    return strip_empty(out or {})


def check_fields():
    section("fields")
    cases = [
        ["NCTId", "BriefTitle", "OverallStatus", "HasResults"],
        ["ProtocolSection"],
        ["NCTId", "Reference"],
        ["NCTId", "LocationZip"],
        ["NCTId", "OrgFullName"],
        ["NCTId", "NCTIdAlias"],
        ["protocolSection.identificationModule.nctId", "protocolSection.designModule.phases"],
        ["NCTId", "ConditionsModule", "EligibilityModule"],
        ["NCTId", "protocolSection.contactsLocationsModule.locations.city"],
        ["NCTId", "EnrollmentCount", "LastUpdatePostDate"],
    ]
    for fields in cases:
        for sep in ("|", ","):
            r = get("/studies", {"fields": sep.join(fields), "pageSize": 1000})
            if r.status_code != 200:
                record(False, "fields=%s" % sep.join(fields), show(r), "HTTP 200",
                       "HTTP %s %s" % (r.status_code, r.text[:150]), "break")
                continue
            studies = r.json()["studies"]
            bad = []
            for s in studies:
                i = one(s, P["NCTId"])
                full = BY_ID.get(i) if i else None
                if full is None and "NCTId" not in fields and len(studies) == len(ALL):
                    full = ALL[studies.index(s)]
                if full is None:
                    bad.append(("?", "no nctId to match"))
                    continue
                exp = expected_projection(full, fields)
                if strip_empty(s) != exp:
                    bad.append((i, json.dumps(strip_empty(s))[:150], json.dumps(exp)[:150]))
            record(not bad and len(studies) == 782, "fields=%s" % sep.join(fields), show(r),
                   "782 studies, each exactly the projection of the full record",
                   "%d studies, %d mismatches, e.g. %s" % (len(studies), len(bad), bad[:1]), "silent")
            if sep == "|" and fields == cases[0]:
                check_schema(r.json(), "PagedStudies", show(r), "fields subset")
    # single study fields (spec examples)
    sid = "NCT00124774" if "NCT00124774" in BY_ID else sorted(BY_ID)[1]
    for fields in (["NCTId", "BriefTitle", "Reference"], ["ConditionsModule", "EligibilityModule"]):
        r = get("/studies/" + sid, {"fields": "|".join(fields)})
        ok = r.status_code == 200 and strip_empty(r.json()) == expected_projection(BY_ID[sid], fields)
        record(ok, "single study fields=%s (spec example)" % ",".join(fields), show(r),
               json.dumps(expected_projection(BY_ID[sid], fields))[:200],
               r.text[:200] if r.status_code == 200 else "HTTP %s %s" % (r.status_code, r.text[:100]), "silent")
    r = get("/studies", {"fields": "@query", "query.term": "AREA[Phase]PHASE2", "pageSize": 3})
    check_status(r, 200, "fields=@query")
    for bad in ("NoSuchField", "", "1abc"):
        check_error(get("/studies", {"fields": bad}), 400, "fields=%r -> 400" % bad)
    check_error(get("/studies/" + sid, {"fields": "NoSuchField"}), 400, "single study fields=NoSuchField -> 400")


# ----------------------------------------------------------- NCT ids
def check_nct():
    section("NCT id handling / single study")
    sid = "NCT00124774" if "NCT00124774" in BY_ID else sorted(BY_ID)[1]
    r = get("/studies/" + sid)
    ok = check_status(r, 200, "GET /studies/%s" % sid)
    if ok:
        check_schema(r.json(), "Study", show(r), sid, "silent")
        record(r.json() == BY_ID[sid], "single study JSON == record from list", show(r), "identical", "differs",
               "silent")
    variants = [sid.lower(), "Nct" + sid[3:], re.sub(r"^NCT0*", "NCT", sid), re.sub(r"^NCT0*", "nct", sid),
                "NCT000" + sid[3:].lstrip("0")]
    for v in variants:
        r = get("/studies/" + v)
        got = one(r.json(), P["NCTId"]) if r.status_code == 200 else None
        record(r.status_code == 200 and got == sid, "GET /studies/%s -> %s" % (v, sid), show(r),
               "200 nctId=%s" % sid, "HTTP %s nctId=%s %s" % (r.status_code, got, r.text[:80] if not got else ""),
               "break")
    odd = [i for i in BY_ID if len(i) != 11]
    for i in odd:
        norm = "NCT%08d" % int(i[3:])
        for v in (i, norm, "NCT" + i[3:].lstrip("0")):
            r = get("/studies/" + v)
            record(r.status_code == 200, "stored non-11-char id %s reachable as %s" % (i, v), show(r), "HTTP 200",
                   "HTTP %s" % r.status_code, "minor", warn=True)
    aliases = {a: nct(s) for s in ALL for a in pick(s, P["Alias"])}
    for a, real in sorted(aliases.items())[:2]:
        r = get("/studies/" + a, allow_redirects=False)
        loc = r.headers.get("Location", "")
        record(r.status_code == 301 and loc.rstrip("/").split("/")[-1].split("?")[0] == real,
               "alias %s -> 301 to %s" % (a, real), show(r), "301 Location .../studies/%s" % real,
               "HTTP %s Location=%r" % (r.status_code, loc), "break")
        r = get("/studies/" + a)
        record(r.status_code == 200 and one(r.json(), P["NCTId"]) == real, "alias %s followed -> study %s" % (a, real),
               show(r), real, "HTTP %s %s" % (r.status_code, r.status_code == 200 and one(r.json(), P["NCTId"])),
               "break")
        r = get("/studies/" + a, {"format": "csv", "fields": "NCT Number"}, allow_redirects=True)
        record(r.status_code == 200 and real in r.text, "alias redirect keeps query string (format=csv)", show(r),
               "CSV with %s" % real, "HTTP %s %r" % (r.status_code, r.text[:80]), "break")
    check_error(get("/studies/NCT09999999"), 404, "unknown study NCT09999999 -> 404")
    check_error(get("/studies/NCT99999999"), 404, "unknown study NCT99999999 -> 404")
    for bad in ("ABC", "NCT0", "NCT123456789", "NCT0012477x"):
        check_error(get("/studies/" + bad), 400, "malformed id %s -> 400 (pattern)" % bad)

    # several ids in query.* => filters ignored
    ids = sorted(BY_ID)[10:13]
    stats = {one(BY_ID[i], P["Status"]) for i in ids}
    other = [x for x in ("WITHDRAWN", "SUSPENDED", "WITHHELD", "ENROLLING_BY_INVITATION") if x not in stats][0]
    for q, lab in ((" ".join(ids), "space"), (",".join(ids), "comma"), (", ".join(x.lower() for x in ids), "comma+space lower"),
                   (" ".join(re.sub(r"^NCT0*", "NCT", x) for x in ids), "no leading zeros")):
        for extra in ({"filter.overallStatus": other}, {"filter.advanced": "AREA[Phase]MISSING AND AREA[Phase]PHASE2"},
                      {"aggFilters": "status:wit"}, {}):
            params = dict({"query.term": q}, **extra)
            r, total, got = search_ids(params)
            record(r.status_code == 200 and sorted(got or []) == ids and total == 3,
                   "query.term = only NCT ids (%s) with %s -> filters ignored" % (lab, list(extra) or "no filter"),
                   show(r), "the 3 studies %s" % ids, "HTTP %s total=%s ids=%s" % (r.status_code, total, got),
                   "silent")
    r, total, got = search_ids({"query.id": ids[0], "filter.overallStatus": other})
    record(r.status_code == 200 and got == [ids[0]], "query.id=<one NCT id> with filter -> filter ignored",
           show(r), [ids[0]], "HTTP %s %s" % (r.status_code, got), "silent", warn=True)
    if aliases:
        a, real = sorted(aliases.items())[0]
        r, total, got = search_ids({"query.term": a})
        record(r.status_code == 200 and got == [real], "query.term=<NCTIdAlias %s> finds %s" % (a, real), show(r),
               [real], "HTTP %s %s" % (r.status_code, got), "silent", warn=True)
    r, total, got = search_ids({"query.id": ids[0]})
    record(r.status_code == 200 and got == [ids[0]], "query.id=<NCT id>", show(r), [ids[0]],
           "HTTP %s %s" % (r.status_code, got), "silent")
    r, total, got = search_ids({"query.term": ids[0] + " AND AREA[Phase]PHASE2", "filter.overallStatus": other})
    record(r.status_code == 200 and got == [], "query.term with id + other terms -> filters still applied",
           show(r), "[] (filter.overallStatus=%s applies)" % other, "HTTP %s %s" % (r.status_code, got), "silent",
           warn=True)

    # formats
    r = get("/studies/" + sid, {"format": "csv"})
    ok = check_status(r, 200, "single study format=csv")
    if ok:
        rows = list(csv.reader(io.StringIO(r.text)))
        record(rows and rows[0] == CSV_COLUMNS, "single study CSV header == csv-download-columns order", show(r),
               CSV_COLUMNS[:4], rows[0][:4] if rows else rows, "break")
        record(len(rows) == 2 and rows[1][0] == sid and rows[1][2] == "https://clinicaltrials.gov/study/" + sid,
               "single study CSV: one row, NCT Number, Study URL", show(r), sid, rows[1][:3] if len(rows) > 1 else rows,
               "silent")
        record(r.headers.get("Content-Type", "").startswith("text/csv"), "CSV content-type text/csv", show(r),
               "text/csv", r.headers.get("Content-Type"))
    r = get("/studies/" + sid, {"format": "csv", "fields": "NCT Number|Study Status"})
    rows = list(csv.reader(io.StringIO(r.text))) if r.status_code == 200 else []
    record(r.status_code == 200 and rows and set(rows[0]) == {"NCT Number", "Study Status"}
           and rows[1][rows[0].index("Study Status")] == one(BY_ID[sid], P["Status"]),
           "single study CSV fields=NCT Number|Study Status", show(r), "2 columns", rows[:2] or r.text[:100], "silent")
    r = get("/studies/" + sid, {"format": "ris"})
    ok = check_status(r, 200, "single study format=ris")
    if ok:
        t = r.text.strip().splitlines()
        record(t and t[0].startswith("TY  - ") and t[-1].startswith("ER  -") and sid in r.text,
               "RIS record TY..ER containing NCT id", show(r), "TY  - ... ER  -", (t[:1], t[-1:]))
    r = get("/studies/" + sid, {"format": "ris", "fields": "TI"})
    check_status(r, 200, "single study format=ris&fields=TI (RIS tags)", "minor")
    for f, ctype in (("json.zip", "application/zip"), ("fhir.json", "application/fhir+json")):
        r = get("/studies/" + sid, {"format": f})
        record(r.status_code == 200 and r.headers.get("Content-Type", "").startswith(ctype),
               "single study format=%s (in spec enum)" % f, show(r), "200 " + ctype,
               "HTTP %s %s %s" % (r.status_code, r.headers.get("Content-Type"), r.text[:80]), "minor", warn=True)
    r = get("/studies/" + sid, {"markupFormat": "legacy"})
    check_status(r, 200, "single study markupFormat=legacy")
    check_error(get("/studies/" + sid, {"format": "xml"}), 400, "single study format=xml -> 400")
    check_error(get("/studies/" + sid, {"markupFormat": "html"}), 400, "markupFormat=html -> 400")


# ----------------------------------------------------------- CSV download
def check_csv():
    section("CSV download")
    try:
        header, rows, total, pages = client.download_csv(page_size=100)
    except APIError as e:
        return record(False, "CSV download", "/studies?format=csv&pageSize=100", "200", str(e), "break")
    record(header == CSV_COLUMNS, "CSV header (first page) == csv-download-columns", "/studies?format=csv&pageSize=100",
           CSV_COLUMNS, header, "break")
    hdr_rows = [r for r in rows if r == header]
    record(not hdr_rows, "CSV header only on first page", "/studies?format=csv&pageSize=100&pageToken=...",
           "no repeated header rows", "%d repeated headers" % len(hdr_rows), "break")
    record(total == 782, "CSV x-total-count on first page", "/studies?format=csv&countTotal=true", 782, total, "break")
    ids = [r[0] for r in rows if r and r != header]
    record(len(ids) == 782 and set(ids) == set(BY_ID) and pages == 8,
           "CSV pages via x-next-page-token: 782 distinct rows in 8 pages", "/studies?format=csv&pageSize=100",
           "782 rows / 8 pages", "%d rows (%d distinct) / %d pages" % (len(ids), len(set(ids)), pages), "silent")
    # row values vs JSON
    col = {c: i for i, c in enumerate(header or [])}
    bad = []
    for r in rows:
        if not r or r == header or r[0] not in BY_ID:
            continue
        s = BY_ID[r[0]]
        exp = {
            "Study Status": one(s, P["Status"]) or "",
            "Study Results": "YES" if s.get("hasResults") else "NO",
            "Phases": "|".join(pick(s, P["Phase"])),
            "Enrollment": "" if one(s, P["EnrollmentCount"]) is None else str(one(s, P["EnrollmentCount"])),
            "Conditions": "|".join(pick(s, P["Condition"])),
            "Study Title": one(s, P["BriefTitle"]) or "",
            "Last Update Posted": one(s, P["LastUpdatePostDate"]) or "",
            "Start Date": one(s, P["StartDate"]) or "",
            "Study URL": "https://clinicaltrials.gov/study/" + r[0],
        }
        for c, v in exp.items():
            if c in col and r[col[c]] != v:
                bad.append((r[0], c, r[col[c]][:60], v[:60]))
    record(not bad, "CSV cell values agree with JSON (status, results, phases, enrollment, conditions, dates)",
           "/studies?format=csv", "no mismatches", "%d mismatches, e.g. %s" % (len(bad), bad[:3]), "silent")
    # filtered CSV + column selection
    q = "AREA[Phase]PHASE2 AND AREA[LastUpdatePostDate]RANGE[2023-01-15,MAX]"
    exp = {nct(s) for s in ALL if "PHASE2" in pick(s, P["Phase"]) and date_in(one(s, P["LastUpdatePostDate"]),
                                                                             "2023-01-15", "MAX")}
    try:
        h, rows, total, pages = client.download_csv(page_size=10, query={"term": q},
                                                    fields=["NCT Number", "Phases", "Last Update Posted"])
        got = {r[h.index("NCT Number")] for r in rows if r}
        record(set(h) == {"NCT Number", "Phases", "Last Update Posted"} and got == exp and total == len(exp),
               "filtered CSV with fields (column names), pageSize=10",
               "/studies?format=csv&query.term=%s&fields=NCT Number|Phases|Last Update Posted" % q,
               "%d rows, 3 columns" % len(exp), "header=%s rows=%d total=%s" % (h, len(got), total), "silent")
    except APIError as e:
        record(False, "filtered CSV with fields", "/studies?format=csv&query.term=...", "200", str(e), "break")
    r = get("/studies", {"format": "csv", "pageSize": 1000, "sort": "EnrollmentCount:desc", "fields": "NCT Number"})
    csv_order = [x[0] for x in list(csv.reader(io.StringIO(r.text)))[1:] if x]
    json_order = ids_of(client.search_studies(sort=["EnrollmentCount:desc"], fields=["NCTId"], page_size=1000)["studies"])
    vals = lambda L: [sort_key_value(BY_ID[i], "EnrollmentCount") for i in L if i in BY_ID]
    record(vals(csv_order) == vals(json_order) and len(csv_order) == 782, "CSV honours sort (same order as JSON)",
           show(r), "782 rows in EnrollmentCount desc order", "%d rows, same order=%s" % (
               len(csv_order), vals(csv_order) == vals(json_order)), "silent")
    r = get("/studies", {"format": "csv", "pageSize": 5})
    record("x-next-page-token" in r.headers and "x-total-count" not in r.headers,
           "CSV without countTotal: x-next-page-token, no x-total-count", show(r), "token, no count",
           dict((k, v) for k, v in r.headers.items() if k.lower().startswith("x-")), "minor", warn=True)
    r = get("/studies", {"format": "csv", "fields": "NCTId|BriefTitle", "pageSize": 2})
    record(r.status_code in (200, 400), "CSV fields= data-field names (not column names)", show(r), "200 or 400",
           "HTTP %s %r" % (r.status_code, r.text[:100]), "minor", warn=True)
    check_error(get("/studies", {"format": "csv", "fields": "No Such Column"}), 400, "CSV unknown column -> 400")
    r = get("/studies", {"format": "csv", "query.term": "AREA[Phase]PHASE2 AND AREA[Phase]MISSING", "countTotal": "true"})
    record(r.status_code == 200 and r.headers.get("x-total-count") == "0" and "x-next-page-token" not in r.headers,
           "empty CSV result", show(r), "200, x-total-count: 0, no token",
           "HTTP %s %s %r" % (r.status_code, dict(r.headers), r.text[:80]), "break")


# ----------------------------------------------------------- metadata etc.
def check_meta():
    section("metadata / search-areas / enums / stats / version")
    r = get("/studies/metadata")
    if check_status(r, 200, "GET /studies/metadata"):
        check_schema(r.json(), "FieldNodeList", show(r))
    for p in ({"includeIndexedOnly": "true"}, {"includeHistoricOnly": "true"},
              {"includeIndexedOnly": "true", "includeHistoricOnly": "true"}):
        r = get("/studies/metadata", p)
        if check_status(r, 200, "GET /studies/metadata %s" % p):
            check_schema(r.json(), "FieldNodeList", show(r))
    n0 = len(json.dumps(get("/studies/metadata").json()))
    n1 = len(json.dumps(get("/studies/metadata", {"includeIndexedOnly": "true"}).json()))
    record(n1 > n0, "includeIndexedOnly=true adds indexed-only fields (e.g. NumArmGroups used in spec sort example)",
           "/studies/metadata?includeIndexedOnly=true", "more nodes than default", "same size (%d vs %d)" % (n1, n0),
           "minor", warn=True)
    check_error(get("/studies/metadata", {"includeIndexedOnly": "maybe"}), 400, "metadata includeIndexedOnly=maybe -> 400")
    for piece in ("NCTId", "BriefTitle", "OverallStatus", "HasResults", "LocationZip", "OrgFullName", "NCTIdAlias",
                  "Reference", "Phase", "EnrollmentCount", "LastUpdatePostDate"):
        record(piece in PIECE_PATH, "metadata has piece %s" % piece, "/studies/metadata", "present", "absent", "break")

    r = get("/studies/search-areas")
    if check_status(r, 200, "GET /studies/search-areas"):
        b = r.json()
        check_schema(b, "SearchDocumentList", show(r))
        params = {a.get("param") for d in b for a in d.get("areas", [])}
        want = {"cond", "term", "locn", "titles", "intr", "outc", "spons", "lead", "id", "patient"}
        have = {p.replace("query.", "") for p in params if p}
        record(want <= have, "search-areas cover every query.* parameter", show(r), sorted(want), sorted(have))

    r = get("/studies/enums")
    if check_status(r, 200, "GET /studies/enums"):
        b = r.json()
        check_schema(b, "EnumInfoList", show(r))
        byname = {e["type"]: {v["value"] for v in e["values"]} for e in b}
        sets = list(byname.values())
        for name, sch in SCHEMAS.items():
            if sch.get("type") == "string" and "enum" in sch and name != "FieldStatsType":
                spec_vals = set(sch["enum"])
                if name in byname:
                    record(byname[name] == spec_vals, "enum %s values == spec" % name, show(r), sorted(spec_vals),
                           sorted(byname[name] ^ spec_vals), "minor")
                else:
                    record(spec_vals in sets, "enum %s present (by value set)" % name, show(r), sorted(spec_vals)[:5],
                           "absent", "minor", warn=True)
    r = get("/stats/size")
    if check_status(r, 200, "GET /stats/size"):
        b = r.json()
        check_schema(b, "GzipStats", show(r))
        record(b.get("totalStudies") == 782, "stats/size totalStudies", show(r), 782, b.get("totalStudies"), "silent")
        record(sum(x["studiesCount"] for x in b.get("ranges", [])) == 782, "stats/size ranges sum to totalStudies",
               show(r), 782, sum(x["studiesCount"] for x in b.get("ranges", [])), "silent")
        ls = [x["sizeBytes"] for x in b.get("largestStudies", [])]
        record(ls == sorted(ls, reverse=True) and all(x["id"] in BY_ID for x in b.get("largestStudies", [])),
               "stats/size largestStudies descending, known ids", show(r), "desc", ls[:5], "silent")

    # field values
    r = get("/stats/field/values")
    if check_status(r, 200, "GET /stats/field/values"):
        check_schema(r.json(), "FieldValuesStatsList", show(r))
    def fv(fields, types=None):
        p = {"fields": "|".join(fields)}
        if types:
            p["types"] = "|".join(types)
        r = get("/stats/field/values", p)
        return r, (r.json() if r.status_code == 200 else None)

    r, b = fv(["Phase"])
    if b is not None:
        check_schema(b, "FieldValuesStatsList", show(r), "Phase")
        e = b[0] if b else {}
        exp = Counter(v for s in ALL for v in set(pick(s, P["Phase"])))
        got = {x["value"]: x["studiesCount"] for x in e.get("topValues", [])}
        miss = sum(1 for s in ALL if not pick(s, P["Phase"]))
        record(got == dict(exp) and e.get("missingStudiesCount") == miss and e.get("uniqueValuesCount") == len(exp)
               and e.get("type") == "ENUM", "stats/field/values Phase counts", show(r),
               "%s missing=%d" % (dict(exp), miss), "%s missing=%s type=%s" % (got, e.get("missingStudiesCount"),
                                                                             e.get("type")), "silent")
    for piece, key in (("OverallStatus", "Status"), ("Sex", "Sex"), ("StudyType", "StudyType")):
        r, b = fv([piece])
        if b:
            exp = Counter(one(s, P[key]) for s in ALL if one(s, P[key]) is not None)
            got = {x["value"]: x["studiesCount"] for x in b[0].get("topValues", [])}
            miss = sum(1 for s in ALL if one(s, P[key]) is None)
            record(got == dict(exp) and b[0].get("missingStudiesCount") == miss, "stats/field/values %s counts" % piece,
                   show(r), "%s missing=%d" % (dict(exp), miss), "%s missing=%s" % (got, b[0].get("missingStudiesCount")),
                   "silent")
        else:
            record(False, "stats/field/values %s" % piece, show(r), "200", r.status_code, "break")
    r, b = fv(["HasResults"])
    if b:
        e = b[0]
        t = sum(1 for s in ALL if s.get("hasResults") is True)
        f = sum(1 for s in ALL if s.get("hasResults") is False)
        record(e.get("trueCount") == t and e.get("falseCount") == f and e.get("type") == "BOOLEAN",
               "stats/field/values HasResults", show(r), "true=%d false=%d" % (t, f),
               "true=%s false=%s type=%s" % (e.get("trueCount"), e.get("falseCount"), e.get("type")), "silent")
    r, b = fv(["EnrollmentCount"])
    if b:
        e = b[0]
        vals = [one(s, P["EnrollmentCount"]) for s in ALL if one(s, P["EnrollmentCount"]) is not None]
        ok = (e.get("min") == min(vals) and e.get("max") == max(vals) and
              abs((e.get("avg") or 0) - sum(vals) / len(vals)) < 0.01 * sum(vals) / len(vals) and
              e.get("missingStudiesCount") == 782 - len(vals) and e.get("type") == "INTEGER")
        record(ok, "stats/field/values EnrollmentCount min/max/avg/missing", show(r),
               "min=%s max=%s avg=%.1f missing=%d" % (min(vals), max(vals), sum(vals) / len(vals), 782 - len(vals)),
               {k: e.get(k) for k in ("min", "max", "avg", "missingStudiesCount", "type")}, "silent")
    r, b = fv(["MinimumAge"])
    if b:
        e = b[0]
        vals = [age_years(one(s, P["MinAge"])) for s in ALL if one(s, P["MinAge"])]
        record(e.get("min") is not None and abs(e["min"] - min(vals)) < 1e-6 and
               e.get("missingStudiesCount") == 782 - len(vals), "stats/field/values MinimumAge min/missing", show(r),
               "min=%s (years) missing=%d" % (min(vals), 782 - len(vals)),
               {k: e.get(k) for k in ("min", "max", "missingStudiesCount", "type")}, "silent")
    r, b = fv(["LastUpdatePostDate"])
    if b:
        e = b[0]
        vals = [one(s, P["LastUpdatePostDate"]) for s in ALL if one(s, P["LastUpdatePostDate"])]
        record(e.get("min") == min(vals) and e.get("max") == max(vals) and e.get("missingStudiesCount") == 782 - len(vals)
               and e.get("type") == "DATE", "stats/field/values LastUpdatePostDate", show(r),
               "min=%s max=%s missing=%d" % (min(vals), max(vals), 782 - len(vals)),
               {k: e.get(k) for k in ("min", "max", "missingStudiesCount", "type")}, "silent")
    r, b = fv(["Condition", "InterventionName"])
    if b is not None:
        check_schema(b, "FieldValuesStatsList", show(r), "Condition,InterventionName (spec example2)")
        e = {x["piece"]: x for x in b}.get("Condition", {})
        top = e.get("topValues", [])
        norm = lambda v: " ".join(toks(v))
        for label, f in (("verbatim", lambda v: v), ("case/punctuation-folded", norm)):
            exp = Counter(f(v) for s in ALL for v in {f(x) for x in pick(s, P["Condition"])})
            okv = all(exp.get(x["value"]) == x["studiesCount"] for x in top)
            ok = (okv and e.get("uniqueValuesCount") == len(exp) and
                  e.get("missingStudiesCount") == sum(1 for s in ALL if not pick(s, P["Condition"])))
            record(ok, "stats/field/values Condition topValues/unique/missing (%s values)" % label, show(r),
                   "unique=%d, e.g. %s" % (len(exp), exp.most_common(3)),
                   "unique=%s, top=%s" % (e.get("uniqueValuesCount"), [(x["value"], x["studiesCount"]) for x in top[:3]]),
                   "minor", warn=True)
    r, b = fv(["protocolSection.armsInterventionsModule.armGroups.interventionNames"])
    record(r.status_code == 200 and b and b[0].get("field") ==
           "protocolSection.armsInterventionsModule.armGroups.interventionNames",
           "stats/field/values dotted field path (spec example3)", show(r), "200, 1 item", r.text[:150], "break")
    for types in (["ENUM", "BOOLEAN"], ["INTEGER", "NUMBER"]):
        r = get("/stats/field/values", {"types": "|".join(types)})
        ok = r.status_code == 200 and r.json() and all(x.get("type") in types for x in r.json())
        record(ok, "stats/field/values types=%s (spec example)" % types, show(r), "only those types",
               "HTTP %s %s" % (r.status_code, Counter(x.get("type") for x in r.json()) if r.status_code == 200 else r.text[:80]),
               "silent")
        if r.status_code == 200:
            check_schema(r.json(), "FieldValuesStatsList", show(r), "types=%s" % types)
    check_error(get("/stats/field/values", {"types": "FOO"}), 400, "stats/field/values types=FOO -> 400")
    check_error(get("/stats/field/values", {"fields": "NoSuchField"}), (404, 400),
                "stats/field/values unknown field -> 404 (spec)")

    # field sizes
    r = get("/stats/field/sizes")
    if check_status(r, 200, "GET /stats/field/sizes"):
        check_schema(r.json(), "ListSizesList", show(r))
    r = get("/stats/field/sizes", {"fields": "Phase"})
    if check_status(r, 200, "GET /stats/field/sizes?fields=Phase"):
        b = r.json()
        check_schema(b, "ListSizesList", show(r), "Phase")
        exp = Counter(len(pick(s, P["Phase"])) for s in ALL if pick(s, P["Phase"]))
        got = {x["size"]: x["studiesCount"] for x in b[0].get("topSizes", [])} if b else {}
        got.pop(0, None)
        record(got == dict(exp) and b[0].get("minSize") == min(exp) and b[0].get("maxSize") == max(exp),
               "stats/field/sizes Phase sizes", show(r), dict(exp), b[0] if b else b, "silent")
    r = get("/stats/field/sizes", {"fields": "Condition|Intervention"})
    if check_status(r, 200, "GET /stats/field/sizes?fields=Condition|Intervention (spec example2)"):
        b = {x["piece"]: x for x in r.json()}
        exp = Counter(len(pick(s, P["Condition"])) for s in ALL if pick(s, P["Condition"]))
        got = {x["size"]: x["studiesCount"] for x in b.get("Condition", {}).get("topSizes", [])}
        okc = all(exp.get(k) == v for k, v in got.items() if k) and b.get("Condition", {}).get("maxSize") == max(exp)
        record(okc and "Intervention" in b, "stats/field/sizes Condition sizes + Intervention present", show(r),
               "e.g. %s max=%d" % (exp.most_common(3), max(exp)),
               "%s max=%s pieces=%s" % (sorted(got.items())[:3], b.get("Condition", {}).get("maxSize"), list(b)),
               "silent")
    r = get("/stats/field/sizes", {"fields": "protocolSection.armsInterventionsModule.armGroups.interventionNames"})
    check_status(r, 200, "stats/field/sizes dotted path (spec example3)")
    check_error(get("/stats/field/sizes", {"fields": "NoSuchField"}), (404, 400), "stats/field/sizes unknown field -> 404")
    check_error(get("/stats/field/sizes", {"fields": "BriefTitle"}), (400, 404), "stats/field/sizes non-list field -> 400/404")

    r = get("/version")
    if check_status(r, 200, "GET /version"):
        b = r.json()
        check_schema(b, "Version", show(r))
        record(bool(re.match(r"^\d+\.\d+\.\d+$", b.get("apiVersion", ""))) and
               bool(re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$", b.get("dataTimestamp", ""))),
               "version: semver + yyyy-MM-ddTHH:mm:ss", show(r), "x.y.z / timestamp", b)
        record(b.get("apiVersion") == SPEC["info"]["version"], "apiVersion == spec info.version", show(r),
               SPEC["info"]["version"], b.get("apiVersion"), "minor", warn=True)


# ----------------------------------------------------------- spec examples
def check_spec_examples():
    section("every parameter example of the spec")
    sid = "NCT00124774" if "NCT00124774" in BY_ID else sorted(BY_ID)[1]
    resp_schema = {"/studies": "PagedStudies", "/studies/{nctId}": "Study", "/stats/field/values": "FieldValuesStatsList",
                   "/stats/field/sizes": "ListSizesList"}
    for path, ops in SPEC["paths"].items():
        for prm in ops["get"].get("parameters", []):
            exs = []
            if "example" in prm:
                exs.append(prm["example"])
            for e in (prm.get("examples") or {}).values():
                exs.append(e["value"])
            for ex in exs:
                seps = ("|", ",") if isinstance(ex, list) else ("",)
                for sep in seps:
                    val = sep.join(ex) if isinstance(ex, list) else str(ex)
                    if prm["in"] == "path":
                        url, params = path.replace("{nctId}", val), {}
                    else:
                        url = path.replace("{nctId}", sid)
                        params = {prm["name"]: val}
                        if prm["name"] == "geoDecay":
                            params["filter.geo"] = "distance(39.0035707,-77.1013313,50mi)"
                    r = get(url, params)
                    name = "spec example %s %s=%r" % (path, prm["name"], val)
                    if prm["in"] == "path":
                        exp = 200 if val in BY_ID else 404
                        check_status(r, exp, name + (" (in sample)" if exp == 200 else " (not in sample -> 404)"))
                    else:
                        if check_status(r, 200, name) and path in resp_schema:
                            check_schema(r.json(), resp_schema[path], show(r), "example %s" % prm["name"])
                    if prm["name"] == "pageSize" and r.status_code == 200:
                        record(len(r.json()["studies"]) == min(int(val), 782), name + " -> page size", show(r),
                               val, len(r.json()["studies"]), "silent")
                    if prm["name"] in ("filter.ids", "postFilter.ids") and r.status_code == 200:
                        got = ids_of(r.json()["studies"])
                        record(sorted(got) == sorted(set(ex) & set(BY_ID)), name + " -> only those ids", show(r),
                               sorted(set(ex) & set(BY_ID)), got, "silent")
    # the spec's own response example must be valid (sanity check of the validator)
    ex = SPEC["paths"]["/studies"]["get"]["responses"]["200"]["content"]["application/json"]["example"]
    record(not schema_errors(ex, "PagedStudies"), "validator sanity: spec response example is valid PagedStudies",
           "", "valid", schema_errors(ex, "PagedStudies"))


# ----------------------------------------------------------- errors / CORS
def check_errors_cors():
    section("error responses")
    bad = [
        ({"filter.overallStatus": "FOO"}, "filter.overallStatus=FOO"),
        ({"postFilter.overallStatus": "RECRUITING|FOO"}, "postFilter.overallStatus with bad value"),
        ({"filter.geo": "distance(abc)"}, "filter.geo malformed"),
        ({"filter.geo": "circle(39,-77,50mi)"}, "filter.geo unknown function"),
        ({"filter.ids": "ABC123"}, "filter.ids malformed"),
        ({"filter.ids": "NCT0"}, "filter.ids NCT0 (pattern 0*[1-9])"),
        ({"countTotal": "maybe"}, "countTotal=maybe"),
        ({"format": "xml"}, "format=xml"),
        ({"format": "json.zip"}, "format=json.zip on /studies (not in enum)"),
        ({"markupFormat": "html"}, "markupFormat=html"),
        ({"geoDecay": "func:foo", "filter.geo": "distance(39,-77,50mi)"}, "geoDecay malformed"),
        ({"foo": "bar"}, "unknown parameter foo"),
        ({"query.foo": "bar"}, "unknown query.foo area"),
        ({"filter.phase": "PHASE2"}, "unknown filter.phase"),
        ({"aggFilters": "nosuchfilter:x"}, "aggFilters unknown filter id"),
        ({"query.term": "AREA[NoSuchArea]foo"}, "AREA[] with unknown field"),
        ({"query.term": "(AREA[Phase]PHASE2"}, "unbalanced parenthesis"),
        ({"query.term": "AREA[EnrollmentCount]RANGE[abc,def]"}, "RANGE with non-numeric bounds"),
    ]
    lenient = {"unknown filter.phase", "unbalanced parenthesis"}
    for params, label in bad:
        r = get("/studies", params)
        if label in lenient:
            record(r.status_code == 400, "400 for %s" % label, show(r), "400 (ClinicalTrials.gov rejects it)",
                   "HTTP %s %s" % (r.status_code, r.text[:100]), "minor", warn=True)
        else:
            check_error(r, 400, "400 for %s" % label)
    for path, params in (("/stats/field/values", {"fields": ""}), ("/stats/field/sizes", {"fields": ""}),
                         ("/version", {"foo": "1"})):
        r = get(path, params)
        record(r.status_code == 400, "400 for %s %s" % (path, params), show(r), 400, r.status_code, "minor", warn=True)
    r = get("/nosuchendpoint")
    record(r.status_code == 404, "unknown endpoint -> 404", show(r), 404, r.status_code)

    section("CORS")
    h = {"Origin": "https://example.org"}
    for path, params in (("/studies", {"pageSize": 1}), ("/studies/NCT00124774", None), ("/studies/metadata", None),
                         ("/studies/search-areas", None), ("/studies/enums", None), ("/stats/size", None),
                         ("/stats/field/values", {"fields": "Phase"}), ("/stats/field/sizes", {"fields": "Phase"}),
                         ("/version", None), ("/studies", {"format": "csv", "pageSize": 1}),
                         ("/studies/NCT09999999", None), ("/studies", {"foo": "bar"})):
        r = get(path, params, headers=h)
        acao = r.headers.get("Access-Control-Allow-Origin")
        record(acao in ("*", "https://example.org"), "CORS Access-Control-Allow-Origin on GET %s (HTTP %s)" % (
            path, r.status_code), show(r), "* or the Origin", acao, "break")
    r = get("/studies", {"format": "csv", "pageSize": 1, "countTotal": "true"}, headers=h)
    expose = (r.headers.get("Access-Control-Expose-Headers") or "").lower()
    record("x-next-page-token" in expose and "x-total-count" in expose,
           "CORS exposes x-next-page-token / x-total-count (browser CSV paging)", show(r),
           "Access-Control-Expose-Headers incl. both", expose or None, "minor", warn=True)
    r = client.session.options(BASE + "/studies", headers={"Origin": "https://example.org",
                                                            "Access-Control-Request-Method": "GET"}, timeout=30)
    record(r.status_code in (200, 204) and r.headers.get("Access-Control-Allow-Origin"), "CORS preflight OPTIONS /studies",
           "OPTIONS /studies", "200/204 with ACAO", "HTTP %s ACAO=%s" % (r.status_code, r.headers.get("Access-Control-Allow-Origin")),
           "minor", warn=True)
    r = get("/studies", {"pageSize": 1})
    record(r.headers.get("Content-Type", "").startswith("application/json"), "JSON content-type", show(r),
           "application/json", r.headers.get("Content-Type"))


def main():
    print("Base URL:", BASE)
    steps = [load_all, load_metadata_map, check_counts, check_sort, check_paging, check_fields, check_nct, check_csv,
             check_meta, check_spec_examples, check_errors_cors, check_error_bodies]
    for step in steps:
        try:
            step()
        except Exception as e:  # a crash in one group must not hide the others
            record(False, "check group %s crashed" % step.__name__, "", "no exception",
                   "%s: %s" % (type(e).__name__, traceback.format_exc().splitlines()[-3:]), "break")
    c = Counter(r["status"] for r in RESULTS)
    fails = sorted([r for r in RESULTS if r["status"] == "FAIL"], key=lambda r: SEV_ORDER[r["severity"]])
    print("\n=== SUMMARY: %d PASS, %d FAIL, %d WARN" % (c["PASS"], c["FAIL"], c["WARN"]))
    for r in fails:
        print(" FAIL[%s] %s" % (r["severity"], r["name"]))
    for r in RESULTS:
        if r["status"] == "WARN":
            print(" WARN %s" % r["name"])
    if not os.environ.get("CTGOV_RESULTS"):
        return 1 if fails else 0
    with open(os.environ["CTGOV_RESULTS"], "w") as f:
        json.dump(RESULTS, f, indent=1)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
