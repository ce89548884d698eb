"""Minimal ClinicalTrials.gov REST API v2 client, written from the published
OpenAPI description (ctg-oas-v2.yaml, version 2.0.5) only.

Works against https://clinicaltrials.gov/api/v2 or any drop-in replacement:
only the base URL changes.

    c = CTGovClient("https://clinicaltrials.gov/api/v2")
    page = c.search_studies(query={"term": "AREA[Phase]PHASE2"}, count_total=True)
    for study in c.iter_studies(filters={"overallStatus": ["RECRUITING"]}):
        ...
"""
import csv
import io

import requests

DEFAULT_BASE_URL = "https://clinicaltrials.gov/api/v2"

QUERY_AREAS = ("cond", "term", "locn", "titles", "intr", "outc", "spons",
               "lead", "id", "patient")
FILTER_KEYS = ("overallStatus", "geo", "ids", "advanced", "synonyms")


class APIError(Exception):
    """Non-2xx answer from the API. `.status` and `.message` (text/plain body)."""

    def __init__(self, status, message, url):
        super().__init__("HTTP %s for %s: %s" % (status, url, message))
        self.status = status
        self.message = message
        self.url = url


def _join(value, sep="|"):
    """Serialise array parameters (style: pipeDelimited, explode: false)."""
    if value is None:
        return None
    if isinstance(value, (list, tuple, set)):
        return sep.join(str(v) for v in value)
    return str(value)


def _bool(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class CTGovClient:
    def __init__(self, base_url=DEFAULT_BASE_URL, timeout=60, session=None,
                 list_sep="|"):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = session or requests.Session()
        self.list_sep = list_sep
        self.last_response = None

    # ------------------------------------------------------------------ core
    def request(self, path, params=None, allow_redirects=True, headers=None):
        """Raw GET; returns the requests.Response without raising."""
        clean = {k: v for k, v in (params or {}).items() if v is not None}
        r = self.session.get(self.base_url + path, params=clean,
                             timeout=self.timeout,
                             allow_redirects=allow_redirects, headers=headers)
        self.last_response = r
        return r

    def _get(self, path, params=None, expect="json"):
        r = self.request(path, params)
        if not (200 <= r.status_code < 300):
            raise APIError(r.status_code, r.text, r.url)
        if expect == "json":
            return r.json()
        if expect == "bytes":
            return r.content
        return r.text

    # ------------------------------------------------------- study searching
    def build_search_params(self, query=None, filters=None, post_filters=None,
                            agg_filters=None, geo_decay=None, fields=None,
                            sort=None, count_total=None, page_size=None,
                            page_token=None, fmt=None, markup_format=None,
                            extra=None):
        """Build the /studies query string.

        query:        {"cond": ..., "term": ..., ...}        -> query.<area>
        filters:      {"overallStatus": [...], "geo": ..., "ids": [...],
                       "advanced": ..., "synonyms": [...]}    -> filter.<key>
        post_filters: same keys                               -> postFilter.<key>
        agg_filters:  "results:with,status:com" or {"status": ["com"], ...}
        """
        p = {}
        for area, val in (query or {}).items():
            p["query." + area] = val
        for key, val in (filters or {}).items():
            p["filter." + key] = _join(val, self.list_sep)
        for key, val in (post_filters or {}).items():
            p["postFilter." + key] = _join(val, self.list_sep)
        if isinstance(agg_filters, dict):
            agg_filters = ",".join(
                "%s:%s" % (k, " ".join(v) if isinstance(v, (list, tuple)) else v)
                for k, v in agg_filters.items())
        p["aggFilters"] = agg_filters
        p["geoDecay"] = geo_decay
        p["fields"] = _join(fields, self.list_sep)
        p["sort"] = _join(sort, self.list_sep)
        p["countTotal"] = _bool(count_total)
        p["pageSize"] = page_size
        p["pageToken"] = page_token
        p["format"] = fmt
        p["markupFormat"] = markup_format
        p.update(extra or {})
        return {k: v for k, v in p.items() if v is not None}

    def search_studies(self, **kw):
        """One page of JSON results: {"studies": [...], "nextPageToken"?, "totalCount"?}."""
        return self._get("/studies", self.build_search_params(**kw))

    def iter_pages(self, **kw):
        """Yield every JSON page, following nextPageToken."""
        kw = dict(kw)
        kw.pop("page_token", None)
        token = None
        while True:
            page = self.search_studies(page_token=token, **kw)
            yield page
            token = page.get("nextPageToken")
            if not token:
                return

    def iter_studies(self, **kw):
        for page in self.iter_pages(**kw):
            for s in page.get("studies", []):
                yield s

    def all_studies(self, page_size=1000, **kw):
        return list(self.iter_studies(page_size=page_size, **kw))

    def count(self, **kw):
        """totalCount for a search (countTotal=true, pageSize=1... unless given)."""
        kw.setdefault("page_size", 1)
        kw["count_total"] = True
        return self.search_studies(**kw).get("totalCount")

    # -------------------------------------------------------------- CSV
    def csv_page(self, **kw):
        """One CSV page: (text, next_page_token, total_count_or_None)."""
        r = self.request("/studies", self.build_search_params(fmt="csv", **kw))
        if r.status_code != 200:
            raise APIError(r.status_code, r.text, r.url)
        total = r.headers.get("x-total-count")
        return (r.content.decode("utf-8"), r.headers.get("x-next-page-token"),
                int(total) if total is not None else None)

    def download_csv(self, page_size=1000, count_total=True, **kw):
        """Download all CSV pages. Header is expected on the first page only.
        Returns (header, rows, total_count, pages)."""
        kw.pop("page_token", None)
        token, header, rows, total, pages = None, None, [], None, 0
        while True:
            text, nxt, tot = self.csv_page(page_size=page_size, page_token=token,
                                           count_total=count_total if token is None else None,
                                           **kw)
            pages += 1
            recs = list(csv.reader(io.StringIO(text)))
            if token is None:
                total = tot
                if recs:
                    header, recs = recs[0], recs[1:]
            rows.extend(recs)
            if not nxt:
                return header, rows, total, pages
            token = nxt

    # --------------------------------------------------------- single study
    def get_study(self, nct_id, fmt=None, fields=None, markup_format=None):
        """fmt: json (default) -> dict; csv / ris / fhir.json text; json.zip bytes."""
        params = {"format": fmt, "fields": _join(fields, self.list_sep),
                  "markupFormat": markup_format}
        expect = "json" if fmt in (None, "json", "fhir.json") else (
            "bytes" if fmt == "json.zip" else "text")
        return self._get("/studies/" + nct_id, params, expect=expect)

    # ------------------------------------------------------- metadata etc.
    def metadata(self, include_indexed_only=None, include_historic_only=None):
        return self._get("/studies/metadata", {
            "includeIndexedOnly": _bool(include_indexed_only),
            "includeHistoricOnly": _bool(include_historic_only)})

    def search_areas(self):
        return self._get("/studies/search-areas")

    def enums(self):
        return self._get("/studies/enums")

    def size_stats(self):
        return self._get("/stats/size")

    def field_values_stats(self, types=None, fields=None):
        return self._get("/stats/field/values", {
            "types": _join(types, self.list_sep),
            "fields": _join(fields, self.list_sep)})

    def field_sizes_stats(self, fields=None):
        return self._get("/stats/field/sizes",
                         {"fields": _join(fields, self.list_sep)})

    def version(self):
        return self._get("/version")
