"""Factiva exports as text (an RTF's text, or a page saved as text): each field a row `HD|value|`
(or `HD<tab>value`), HD headline, BY byline, WC words, PD date, ET time, SN source, SE section,
LP lead and TD text, LA language, AN the accession number ('Document NYTF000020220224ei2o0001x')."""
from __future__ import annotations

import re
from typing import Iterator

from ..fields import one_line, split_paragraphs, strip_byline
from ..problems import FileProblem
from .parts import Part, checked, date_text, word_count

DATABASE = "factiva"
#: The field codes of "Full Article/Report plus Indexing", in the order Factiva usually prints them.
CODES = ("CLM", "SE", "HD", "BY", "CR", "WC", "PD", "ET", "SN", "SC", "NGC", "GC", "ED", "PG", "VOL", "LA",
         "CY", "LP", "TD", "CT", "RF", "ART", "CO", "IN", "NS", "RE", "IPC", "IPD", "PUB", "AN")
_HEAD = {"CLM", "SE", "HD"}  # codes that open an article
_TAIL = {"LP", "TD", "CT", "RF", "ART", "CO", "IN", "NS", "RE", "IPC", "IPD", "PUB"}  # codes that close one
_FIELD = re.compile(rf"^[ \t]*(?P<code>{'|'.join(CODES)})(?:[ \t\u00a0]*\|[ \t]*|\t[ \t]*|[ \u00a0]{{2,}}|\u00a0"
                    rf"|[ \t]*$)(?P<value>.*)$")
_ACCESSION = re.compile(r"^(?:Document|Dokument|Documento|Документ)\s+(?P<an>[A-Za-z0-9]{10,})\b")
_TIME = re.compile(r"^\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?$")


def read_text(text: str) -> Iterator[Part | FileProblem]:
    """The articles of a Factiva text: a new one begins after an AN, at a page break, and where a
    field comes again or an opening field follows a closing one (an article without its AN)."""
    for number, fields in enumerate(_articles(text), start=1):
        yield checked(article(fields, number), "Factiva")


def _articles(text: str) -> Iterator[dict[str, list[str]]]:
    fields: dict[str, list[str]] = {}
    last = None
    for raw in text.split("\n"):
        if "\f" in raw and fields:
            yield fields
            fields, last = {}, None
        line = raw.replace("\f", "")
        found = _FIELD.match(line)
        if found is None:
            if last is not None:
                fields[last].append(line)
            continue
        code = found.group("code")
        if fields and (code in fields or (code in _HEAD and last in _TAIL)):
            yield fields
            fields = {}
        fields[code], last = [found.group("value")], code
        if code == "AN":
            yield fields
            fields, last = {}, None
    if any(v for values in fields.values() for v in values if v.strip(" |")):
        yield fields


def value(lines: list[str]) -> str:
    """A field's text: its lines without the table's cell marks, blank lines kept between paragraphs."""
    text = "\n".join(lines).strip()
    return re.sub(r"[ \t]*\|[ \t]*$", "", text).strip()


def article(fields: dict[str, list[str]], number: int) -> Part:
    """A Part from an article's fields (code -> lines)."""
    get = {code: value(lines) for code, lines in fields.items()}
    part = Part(DATABASE, number, title=one_line(get.get("HD", "")), source=one_line(get.get("SN", "")),
                author=strip_byline(one_line(get.get("BY", ""))), section=one_line(get.get("SE", "")),
                language=one_line(get.get("LA", "")), length=word_count(get.get("WC", "")))
    part.published = _when(get.get("PD", ""), get.get("ET", ""))
    part.paragraphs = split_paragraphs(get.get("LP", "")) + split_paragraphs(get.get("TD", ""))
    accession = _ACCESSION.match(one_line(get.get("AN", "")))
    if accession:
        part.document_id = accession.group("an")
    else:
        part.warnings.append("no Factiva document number (AN): this article cannot be told from another "
                             "copy of it by its number")
    return part


def _when(date: str, time: str) -> str:
    """'24 February 2022' and '10:30' -> '24 February 2022 10:30'; the date as given when it has another form."""
    date, time = one_line(date), one_line(time)
    found = date_text(date) or date
    return f"{found} {time}" if found and _TIME.match(time) else found
