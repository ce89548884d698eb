#!/usr/bin/env python3
# Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
"""Prints the module include graph of src/ and fails on a forbidden include.

    scripts/check_includes.py [--graph]

Modules are the folders of src/. Data flows one way (ARCHITECTURE.md):
a module may include the public headers (include/trialfinder/) of the
modules below it, never those of a module above it or beside it, and
never another module's private headers (src/<module>/*.h), whatever its
place. The text layer has no public headers: src/text/*.h are its
interface, for every module above it. Support folders (concurrency,
assets) may be included by anyone. Tests (*_test.cc) may include any
public header, to build their fixtures, but no other module's private
headers. Exit 0 when every include is allowed, 1 otherwise (each named).
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# What each module may use. Order is the data flow: ingest -> store ->
# index -> criteria/match -> serve.
ALLOWED = {
    "text": set(),
    "model": {"text"},
    "geo": {"model", "text"},
    "store": {"model", "text"},
    "ingest": {"model", "text", "store"},
    "search": {"geo", "model", "text", "store"},
    "criteria": {"model", "text"},
    "match": {"geo", "model", "text", "store", "search", "criteria"},
    "plain": {"geo", "model", "text", "criteria"},
    "eval": {"geo", "model", "text", "store", "ingest", "search", "criteria", "match"},
    "server": {"geo", "model", "text", "store", "search", "criteria", "match", "plain"},
    "cli": {"geo", "model", "text", "store", "ingest", "search", "criteria", "match", "plain", "eval",
            "server"},
}
SUPPORT = {"concurrency", "assets"}
# Internal layers whose src/ headers are their interface.
LAYER_INTERFACES = {"text"}

# Public headers and the module each belongs to; None: anyone may include it.
PUBLIC = {
    "status.h": None,
    "lay_terms.h": "text",
    "version.h": None,
    "study.h": "model",
    "study_json.h": "model",
    "age.h": "model",
    "partial_date.h": "model",
    "places.h": "geo",
    "store.h": "store",
    "editorial.h": "store",
    "ingest.h": "ingest",
    "ingester.h": "ingest",
    "registry_sync.h": "ingest",
    "index.h": "search",
    "search.h": "search",
    "criteria.h": "criteria",
    "criteria_memo.h": "criteria",
    "patient.h": "match",
    "match.h": "match",
    "evaluation.h": "eval",
    "plain.h": "plain",
    "server.h": "server",
    "study_schema.h": "model",
    "study_pieces.h": "model",
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def module_of_source(path):
    parts = os.path.relpath(path, os.path.join(ROOT, "src")).split(os.sep)
    return parts[0] if len(parts) > 1 else None


def target_of_include(name):
    """(module, private?) of an included header; (None, False) for others."""
    if name.startswith("trialfinder/"):
        header = name.split("/", 1)[1]
        if header not in PUBLIC:
            return "?" + header, False
        return PUBLIC[header], False
    first = name.split("/", 1)[0]
    if first in ALLOWED or first in SUPPORT:
        return first, True
    return None, False


def main():
    graph = {}
    problems = []
    for folder, _, files in os.walk(os.path.join(ROOT, "src")):
        for file in sorted(files):
            if not file.endswith((".h", ".cc", ".in")):
                continue
            path = os.path.join(folder, file)
            module = module_of_source(path)
            if module is None or module in SUPPORT:
                continue
            if module not in ALLOWED:
                problems.append(f"{os.path.relpath(path, ROOT)}: module '{module}' is not in scripts/check_includes.py")
                continue
            text = open(path, encoding="utf-8", errors="replace").read()
            is_test = file.endswith("_test.cc")
            for included in INCLUDE.findall(text):
                target, private = target_of_include(included)
                if target is None or target == module or target in SUPPORT:
                    continue
                where = f"{os.path.relpath(path, ROOT)}: #include \"{included}\""
                if target.startswith("?"):
                    problems.append(f"{where}: public header not assigned to a module")
                    continue
                if not is_test:
                    graph.setdefault(module, set()).add(target)
                if target not in ALLOWED[module] and not is_test:
                    problems.append(f"{where}: {module} may not use {target} (it is not below it)")
                elif private and target not in LAYER_INTERFACES:
                    problems.append(f"{where}: private header of {target}; use its public header")
                elif private and target not in ALLOWED[module]:
                    problems.append(f"{where}: {module} may not use {target} (it is not below it)")
    if "--graph" in sys.argv or problems:
        print("module include graph (module -> modules it includes):")
        for module in ALLOWED:
            print(f"  {module:9s} -> {', '.join(sorted(graph.get(module, []))) or '-'}")
    for problem in problems:
        print("FORBIDDEN " + problem)
    if problems:
        print(f"{len(problems)} forbidden includes")
        return 1
    print("includes: every module uses only the modules below it, through their public headers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
