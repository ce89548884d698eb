#!/usr/bin/env python3
# Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
"""trialfinder side by side with PostgreSQL full-text search, on one corpus.

Loads the studies of a JSONL file into PostgreSQL 15 (Debian's, started here
on a private socket and loopback port, removed afterwards) the way an analyst
would with the registry (as in AACT): one row per study with its filter
columns, tsvector columns with GIN indexes, a site table with an
earthdistance index. Runs the queries of bench/queries.tsv there, translated
to SQL with the same filters, and in trialfinder (build/search_bench on the
trialfinder database of the same file), and prints per query class the p50
latencies, their ratio and how many studies each found.

Both sides are timed inside the engine: trialfinder's SearchIndex::Search
in-process, PostgreSQL's execution time from EXPLAIN ANALYZE (planning
excluded, so PostgreSQL is not charged for its client protocol either).
Both return the first page in their ranking: ts_rank for PostgreSQL text
queries, BM25 for trialfinder.

  bench/pg_compare.py --jsonl STUDIES.jsonl --db TRIALFINDER_DB [--rounds 5] [--pgdata DIR]
(--pgdata keeps the loaded PostgreSQL cluster in DIR and reuses it next time:
 loading 600,000 studies takes about 25 minutes);
(make both with: build/generate_studies N STUDIES.jsonl;
                 build/trialfinder ingest --db DB STUDIES.jsonl)
"""
import argparse
import json
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
PG_BIN = pathlib.Path("/usr/lib/postgresql/15/bin")


def age_years(text):
    if not text:
        return None
    match = re.match(r"\s*([\d.]+)\s*(year|month|week|day|hour|minute)", text.lower())
    if not match:
        return None
    value = float(match.group(1))
    return value / {"year": 1, "month": 12, "week": 52.1775, "day": 365.25, "hour": 8766, "minute": 525960}[match.group(2)]


def cell(value):
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, list):
        return "{" + ",".join('"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in value) + "}"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def rows_of(record):
    p = record.get("protocolSection", {})
    d = record.get("derivedSection", {})
    ident, status, design = p.get("identificationModule", {}), p.get("statusModule", {}), p.get("designModule", {})
    elig, cond, arms = p.get("eligibilityModule", {}), p.get("conditionsModule", {}), p.get("armsInterventionsModule", {})
    desc, outcomes = p.get("descriptionModule", {}), p.get("outcomesModule", {})
    meshes = [m.get("term", "") for m in d.get("conditionBrowseModule", {}).get("meshes", [])]
    ancestors = [m.get("term", "") for m in d.get("conditionBrowseModule", {}).get("ancestors", [])]
    interventions = arms.get("interventions", [])
    intr_names = [i.get("name", "") for i in interventions] + [n for i in interventions for n in i.get("otherNames", [])]
    intr_names += [m.get("term", "") for m in d.get("interventionBrowseModule", {}).get("meshes", [])]
    titles = " ".join([ident.get("briefTitle", ""), ident.get("officialTitle", ""), ident.get("acronym", "")])
    cond_text = " ".join(cond.get("conditions", []) + cond.get("keywords", []) + meshes + ancestors + [titles])
    outcome_text = " ".join(o.get("measure", "") for k in ("primaryOutcomes", "secondaryOutcomes") for o in outcomes.get(k, []))
    term_text = " ".join([cond_text, " ".join(intr_names), desc.get("briefSummary", ""),
                          desc.get("detailedDescription", ""), outcome_text, elig.get("eligibilityCriteria", "")])
    nct = ident.get("nctId")
    study = [nct, status.get("overallStatus", ""), design.get("studyType", ""), design.get("phases", []),
             elig.get("sex", "ALL"), age_years(elig.get("minimumAge")), age_years(elig.get("maximumAge")),
             elig.get("stdAges", []), bool(record.get("hasResults", False)),
             status.get("startDateStruct", {}).get("date"), status.get("lastUpdatePostDateStruct", {}).get("date"),
             sorted({i.get("type", "") for i in interventions}),
             cond_text, " ".join(intr_names), titles, term_text]
    sites = []
    for location in p.get("contactsLocationsModule", {}).get("locations", []):
        geo = location.get("geoPoint", {})
        sites.append([nct, location.get("country", ""), geo.get("lat"), geo.get("lon")])
    return study, sites


SCHEMA = """
CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS earthdistance;
CREATE TABLE studies (
  nct_id text PRIMARY KEY, overall_status text, study_type text, phases text[], sex text,
  min_age real, max_age real, std_ages text[], has_results boolean, start_date text, last_update text,
  intervention_types text[], cond_text text, intr_text text, titles_text text, term_text text);
CREATE TABLE sites (nct_id text, country text, lat double precision, lon double precision);
"""

INDEXES = """
ALTER TABLE studies ADD COLUMN cond_tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', cond_text)) STORED;
ALTER TABLE studies ADD COLUMN intr_tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', intr_text)) STORED;
ALTER TABLE studies ADD COLUMN term_tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', term_text)) STORED;
CREATE INDEX ON studies USING gin (cond_tsv);
CREATE INDEX ON studies USING gin (intr_tsv);
CREATE INDEX ON studies USING gin (term_tsv);
CREATE INDEX ON studies (overall_status);
CREATE INDEX ON studies (study_type);
CREATE INDEX ON studies USING gin (phases);
CREATE INDEX ON studies (last_update);
CREATE INDEX ON studies (start_date);
CREATE INDEX ON sites (nct_id);
CREATE INDEX ON sites USING gist (ll_to_earth(lat, lon)) WHERE lat IS NOT NULL;
"""


def literal(text):
    return "'" + text.replace("'", "''") + "'"


def to_sql(parameters):
    """(page query, count query, facet query or None) for one API query."""
    where, rank, order, limit, facets, geo = [], None, None, 10, False, None
    for name, value in parameters:
        key = name.split(".", 1)[-1]
        if key in ("cond", "intr", "term"):
            column = {"cond": "cond_tsv", "intr": "intr_tsv", "term": "term_tsv"}[key]
            query = "plainto_tsquery('english', %s)" % literal(value)
            where.append("%s @@ %s" % (column, query))
            rank = rank or "ts_rank(%s, %s)" % (column, query)
        elif key in ("overallStatus",):
            where.append("overall_status IN (%s)" % ",".join(literal(v) for v in value.split(",")))
        elif key == "phase":
            where.append("phases && ARRAY[%s]" % ",".join(literal(v) for v in value.split(",")))
        elif key == "studyType":
            where.append("study_type = %s" % literal(value))
        elif key == "hasResults":
            where.append("has_results = %s" % value)
        elif key == "age":
            age = float(value)
            where.append("(min_age IS NULL OR min_age <= %g) AND (max_age IS NULL OR max_age + 1 > %g)" % (age, age))
        elif key == "sex":
            where.append("sex IN (%s, 'ALL', '')" % literal(value))
        elif key == "start":
            low, high = value.split("..")
            where.append("start_date >= %s AND start_date < %s" % (literal(low), literal(str(int(high) + 1))))
        elif key == "geo":
            lat, lon, radius = re.match(r"distance\(([-\d.]+),([-\d.]+),([\d.]+)(mi|km)\)", value).groups()[:3]
            unit = re.search(r"(mi|km)\)$", value).group(1)
            meters = float(radius) * (1609.344 if unit == "mi" else 1000.0)
            geo = (float(lat), float(lon), meters)
            where.append("EXISTS (SELECT 1 FROM sites s WHERE s.nct_id = studies.nct_id AND s.lat IS NOT NULL AND "
                         "earth_box(ll_to_earth(%f, %f), %f) @> ll_to_earth(s.lat, s.lon) AND "
                         "earth_distance(ll_to_earth(%f, %f), ll_to_earth(s.lat, s.lon)) <= %f)"
                         % (geo[0], geo[1], meters, geo[0], geo[1], meters))
        elif key == "sort":
            field, _, direction = value.partition(":")
            if field == "distance":
                order = ("(SELECT min(earth_distance(ll_to_earth(%f, %f), ll_to_earth(s.lat, s.lon))) FROM sites s "
                         "WHERE s.nct_id = studies.nct_id AND s.lat IS NOT NULL)" % (geo[0], geo[1]))
            else:
                column = {"LastUpdatePostDate": "last_update", "StartDate": "start_date"}[field]
                order = "%s %s NULLS LAST" % (column, "DESC" if direction != "asc" else "ASC")
        elif key == "pageSize":
            limit = int(value)
        elif key == "facets":
            facets = value == "true"
        else:
            raise ValueError("no SQL for " + name)
    condition = " AND ".join(where) or "TRUE"
    order_by = order or (rank + " DESC" if rank else None)
    page = "SELECT nct_id FROM studies WHERE %s%s LIMIT %d" % (
        condition, " ORDER BY " + order_by if order_by else "", limit)
    count = "SELECT count(*) FROM studies WHERE %s" % condition
    facet = None
    if facets:
        facet = ("WITH m AS MATERIALIZED (SELECT nct_id, overall_status, phases, study_type, sex, std_ages, "
                 "intervention_types FROM studies WHERE %s) "
                 "SELECT 'status', overall_status, count(*) FROM m GROUP BY 2 UNION ALL "
                 "SELECT 'phase', unnest(phases), count(*) FROM m GROUP BY 2 UNION ALL "
                 "SELECT 'type', study_type, count(*) FROM m GROUP BY 2 UNION ALL "
                 "SELECT 'sex', sex, count(*) FROM m GROUP BY 2 UNION ALL "
                 "SELECT 'age', unnest(std_ages), count(*) FROM m GROUP BY 2 UNION ALL "
                 "SELECT 'intervention', unnest(intervention_types), count(*) FROM m GROUP BY 2 UNION ALL "
                 "SELECT 'country', s.country, count(DISTINCT m.nct_id) FROM m JOIN sites s USING (nct_id) GROUP BY 2"
                 % condition)
    return page, count, facet


class Postgres:
    def __init__(self, work, data):
        """Starts PostgreSQL on `data`, made with initdb unless it holds a cluster already."""
        self.data = data
        self.socket = work
        self.port = str(55000 + os.getpid() % 5000)
        # PostgreSQL refuses to run as root: run it (and psql) as the Debian
        # package's postgres user, which then owns the working folder.
        self.as_user = []
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]
            shutil.chown(work, "postgres")
            for name in os.listdir(work):
                shutil.chown(os.path.join(work, name), "postgres")
        os.makedirs(self.data, mode=0o700, exist_ok=True)  # initdb takes an empty folder
        if self.as_user:
            shutil.chown(self.data, "postgres")
        if not self.loaded():
            subprocess.run([*self.as_user, PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust",
                            "-E", "UTF8"], check=True, capture_output=True)
        options = ("-p %s -k %s -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c work_mem=64MB "
                   "-c maintenance_work_mem=512MB -c max_wal_size=4GB -c synchronous_commit=off" % (self.port, work))
        subprocess.run([*self.as_user, PG_BIN / "pg_ctl", "-D", self.data, "-o", options, "-w", "-l",
                        os.path.join(work, "pg.log"), "start"], check=True, capture_output=True)

    def loaded(self):
        return os.path.exists(os.path.join(self.data, "PG_VERSION"))

    def psql(self, sql, *extra):
        result = subprocess.run([*self.as_user, "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", self.socket,
                                 "-p", self.port, "-U", "postgres", *extra, "-c", sql],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(result.stderr + "\n" + sql[:300])
        return result.stdout

    def execution_ms(self, sql):
        plan = json.loads(self.psql("EXPLAIN (ANALYZE, FORMAT JSON) " + sql))
        return plan[0]["Execution Time"]

    def size_bytes(self):
        return int(self.psql("SELECT pg_database_size('postgres')").strip())

    def stop(self):
        subprocess.run([*self.as_user, PG_BIN / "pg_ctl", "-D", self.data, "-m", "fast", "stop"], capture_output=True)


# Written into the cluster's folder once a load has finished.
LOADED_MARK = "trialfinder-loaded"


def load(jsonl, work, data):
    """Starts PostgreSQL on a new cluster in `data` and loads `jsonl`; returns (Postgres, studies)."""
    studies_tsv, sites_tsv = os.path.join(work, "studies.tsv"), os.path.join(work, "sites.tsv")
    count = 0
    with open(jsonl) as lines, open(studies_tsv, "w") as studies, open(sites_tsv, "w") as sites:
        for line in lines:
            if not line.strip():
                continue
            study, study_sites = rows_of(json.loads(line))
            studies.write("\t".join(cell(v) for v in study) + "\n")
            for site in study_sites:
                sites.write("\t".join(cell(v) for v in site) + "\n")
            count += 1
    pg = Postgres(work, data)
    pg.psql(SCHEMA)
    started = time.time()
    pg.psql("\\copy studies FROM '%s'" % studies_tsv)
    pg.psql("\\copy sites FROM '%s'" % sites_tsv)
    loaded = time.time() - started
    pg.psql(INDEXES)
    pg.psql("VACUUM ANALYZE")  # not allowed inside the multi-statement transaction above
    indexed = time.time() - started - loaded
    os.remove(studies_tsv)
    os.remove(sites_tsv)
    pg.psql("COPY (SELECT 1) TO '%s'" % os.path.join(data, LOADED_MARK))  # written as the cluster's owner
    print("PostgreSQL 15: %d studies; COPY %.1f s, tsvector + GIN + other indexes %.1f s; database %.0f MB"
          % (count, loaded, indexed, pg.size_bytes() / 1e6), flush=True)
    return pg, count


def load_queries():
    queries = []
    for line in open(ROOT / "bench" / "queries.tsv"):
        if line.strip() and not line.startswith("#"):
            query_class, text = line.rstrip("\n").split("\t", 1)
            queries.append((query_class, text, [tuple(p.split("=", 1)) for p in text.split("&")]))
    return queries


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jsonl", required=True)
    parser.add_argument("--db", required=True, help="trialfinder database of the same JSONL")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--search-bench", default=str(ROOT / "build" / "search_bench"))
    parser.add_argument("--results", help="write the per-class table as JSON here too")
    parser.add_argument("--pgdata", help="keep the loaded cluster here; reuse it when it exists (same JSONL only)")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="trialfinder-pg-")
    pg = None
    try:
        data = os.path.abspath(args.pgdata) if args.pgdata else os.path.join(work, "pgdata")
        if os.path.exists(os.path.join(data, LOADED_MARK)):
            pg = Postgres(work, data)
            count = int(pg.psql("SELECT count(*) FROM studies").strip())
            print("PostgreSQL 15: reusing %s with %d studies; database %.0f MB"
                  % (data, count, pg.size_bytes() / 1e6), flush=True)
        else:
            shutil.rmtree(data, ignore_errors=True)  # an unfinished load
            pg, count = load(args.jsonl, work, data)
        tf_results = os.path.join(work, "trialfinder.tsv")
        environment = dict(os.environ, TRIALFINDER_BENCH_DB=args.db, TRIALFINDER_BENCH_QUERY_RESULTS=tf_results)
        subprocess.run([args.search_bench, "0", str(args.rounds + 1)], env=environment, check=True,
                       capture_output=True)
        tf = {}
        for line in open(tf_results):
            query_class, text, p50, p99, total = line.rstrip("\n").split("\t")
            tf[(query_class, text)] = (float(p50), int(total))

        by_class = {}
        for query_class, text, parameters in load_queries():
            page, count_sql, facet = to_sql(parameters)
            times = []
            for round_number in range(args.rounds + 1):
                ms = pg.execution_ms(page) + (pg.execution_ms(facet) if facet else 0.0)
                if round_number > 0:  # the first round warms the caches, as in search_bench
                    times.append(ms)
            pg_total = int(pg.psql(count_sql).strip())
            tf_p50, tf_total = tf[(query_class, text)]
            entry = by_class.setdefault(query_class, {"tf": [], "pg": [], "queries": 0, "tf_found_at_least": 0})
            entry["tf"].append(tf_p50)
            entry["pg"].append(statistics.median(times))
            entry["queries"] += 1
            entry["tf_found_at_least"] += tf_total >= pg_total
            print("  %-9s %-70s tf %8.3f ms %7d found | pg %8.3f ms %7d found"
                  % (query_class, text[:70], tf_p50, tf_total, statistics.median(times), pg_total), flush=True)

        print("\n%-10s %7s %14s %14s %10s %22s" % ("class", "queries", "trialfinder p50", "PostgreSQL p50",
                                                  "PG/tf", "tf found >= PG"))
        table = {}
        for query_class, entry in by_class.items():
            tf_p50, pg_p50 = statistics.median(entry["tf"]), statistics.median(entry["pg"])
            table[query_class] = {"queries": entry["queries"], "trialfinder_p50_ms": tf_p50, "postgres_p50_ms": pg_p50,
                                  "ratio": pg_p50 / tf_p50, "tf_found_at_least": entry["tf_found_at_least"]}
            print("%-10s %7d %12.3f ms %12.3f ms %9.1fx %15d of %d" % (
                query_class, entry["queries"], tf_p50, pg_p50, pg_p50 / tf_p50, entry["tf_found_at_least"],
                entry["queries"]))
        if args.results:
            with open(args.results, "w") as out:
                json.dump({"studies": count, "classes": table}, out, indent=2)
    finally:
        if pg:
            pg.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
