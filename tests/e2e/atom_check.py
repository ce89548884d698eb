# Copyright (C) 2026 The trialfinder authors. GPL-2.0-or-later.
"""Checks an Atom document against the rules of RFC 4287 section 4 (the
MUST and MUST NOT of each element), for the feed tests: no validator or
RELAX NG tool for Atom is packaged for Debian, so the rules are here.

    problems = atom_problems(xml_bytes)   # [] when the feed is valid
"""
import re
import urllib.parse
import xml.etree.ElementTree as ElementTree

ATOM = "{http://www.w3.org/2005/Atom}"
# RFC 3339 date-time (section 3.3 of RFC 4287).
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
TEXT_TYPES = {"text", "html", "xhtml"}


def _children(element, name):
    return element.findall(ATOM + name)


def _check_person(person, where, problems):
    if len(_children(person, "name")) != 1:
        problems.append(f"{where}: a person construct needs exactly one atom:name")


def _check_text(element, where, problems):
    kind = element.get("type", "text")
    if kind not in TEXT_TYPES:
        problems.append(f"{where}: text construct type '{kind}' is not text, html or xhtml")


def _check_common(element, where, problems, feed_has_author):
    exactly_one = ["id", "title", "updated"]
    at_most_one = ["rights", "published", "summary", "content", "source", "generator", "icon", "logo",
                   "subtitle"]
    for name in exactly_one:
        if len(_children(element, name)) != 1:
            problems.append(f"{where}: needs exactly one atom:{name}")
    for name in at_most_one:
        if len(_children(element, name)) > 1:
            problems.append(f"{where}: more than one atom:{name}")
    for node in _children(element, "id"):
        if not urllib.parse.urlparse((node.text or "").strip()).scheme:
            problems.append(f"{where}: atom:id '{node.text}' is not an absolute IRI")
    for name in ("updated", "published"):
        for node in _children(element, name):
            if not DATE_TIME.match((node.text or "").strip()):
                problems.append(f"{where}: atom:{name} '{node.text}' is not an RFC 3339 date-time")
    for name in ("title", "subtitle", "summary", "rights"):
        for node in _children(element, name):
            _check_text(node, f"{where} atom:{name}", problems)
    for name in ("author", "contributor"):
        for node in _children(element, name):
            _check_person(node, f"{where} atom:{name}", problems)
    alternates = set()
    for link in _children(element, "link"):
        if not link.get("href"):
            problems.append(f"{where}: atom:link without href")
        if link.get("rel", "alternate") == "alternate":
            key = (link.get("type"), link.get("hreflang"))
            if key in alternates:
                problems.append(f"{where}: two alternate links with the same type and hreflang")
            alternates.add(key)
    for category in _children(element, "category"):
        if not category.get("term"):
            problems.append(f"{where}: atom:category without term")
    return alternates


def atom_problems(document):
    """The RFC 4287 rules `document` (bytes) breaks; [] when none."""
    try:
        root = ElementTree.fromstring(document)
    except ElementTree.ParseError as error:
        return [f"not well-formed XML: {error}"]
    if root.tag != ATOM + "feed":
        return [f"the root element is {root.tag}, not atom:feed"]
    problems = []
    feed_has_author = bool(_children(root, "author"))
    _check_common(root, "atom:feed", problems, feed_has_author)
    for number, entry in enumerate(_children(root, "entry"), 1):
        where = f"atom:entry {number}"
        alternates = _check_common(entry, where, problems, feed_has_author)
        if not feed_has_author and not _children(entry, "author"):
            problems.append(f"{where}: no atom:author, and the feed has none")
        contents = _children(entry, "content")
        if not contents and not alternates:
            problems.append(f"{where}: no atom:content needs an alternate atom:link")
        if contents and (contents[0].get("src") or contents[0].get("type", "text") not in TEXT_TYPES):
            if not _children(entry, "summary"):
                problems.append(f"{where}: content with src or of a media type needs atom:summary")
    return problems
