"""ProQuest text exports: parts between lines of underscores, each article `Document N of M`, its
title, then `Label: value` fields (Author, Publication info, Abstract, Full text, Title, Publication
title, Publication date, Section, Word count, ProQuest document ID, Document URL...)."""
from __future__ import annotations

import re
from typing import Iterator

from ..fields import as_text, one_line, split_paragraphs
from ..problems import FileProblem
from .parts import Part, checked, date_text, keys, label_key, labelled, place, word_count

DATABASE = "proquest"
_RULE = re.compile(r"^_{20,}[ \t]*$")
_DOCUMENT = re.compile(r"^Document\s+(\d+)\s+of\s+(\d+)$", re.I)
_LABEL = re.compile(r"^(?P<label>[A-Za-z][A-Za-z\-]*(?:(?: / | |/)[A-Za-z\-]+){0,4})\s?:[ \t\u00a0]?(?P<value>.*)$")
LABELS = keys(
    "Author", "Publication info", "Abstract", "Links", "Full text", "Credit", "Illustration", "Caption",
    "Subject", "Location", "People", "Company / organization", "Organization", "Identifier / keyword", "Title",
    "Publication title", "Volume", "Issue", "Pages", "First page", "Publication year", "Publication date",
    "Year", "Section", "Publisher", "Place of publication", "Country of publication", "Publication subject",
    "ISSN", "e-ISSN", "Source type", "Language of publication", "Document type", "Document feature",
    "ProQuest document ID", "Document URL", "Copyright", "Last updated", "Database", "Word count", "Dateline",
    "Edition", "Column", "Supplement", "Accession number", "Update", "DOI", "Author affiliation",
    "Number of pages", "Publication note", "Notes", "Sponsor")
_ARTICLE_LABELS = keys("Full text", "ProQuest document ID", "Title", "Publication title", "Abstract")
_LONG = keys("Full text", "Abstract")  # fields whose text runs over blank lines
_NOTHING = {"", "none", "none available", "not available", "(none)", "n/a"}
_JUNK = {"proquest document link", "full text", "abstract/details", "citation/abstract"}
_INFO_DATE = re.compile(r"(\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4}|[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4})")


def read_text(text: str) -> Iterator[Part | FileProblem]:
    """The articles of a ProQuest export; the report's cover, table of contents and footer are passed over."""
    parts: list[list[str]] = [[]]
    for line in re.split(r"\r\n|\r|\n", text):
        if _RULE.match(line.strip()):
            parts.append([])
        else:
            parts[-1].append(line.rstrip())
    ordinal = 0
    for lines in parts:
        fields, title, number = _fields(lines)
        if number is None and not (set(fields) & _ARTICLE_LABELS):
            continue
        ordinal += 1
        yield checked(_article(fields, title, number or ordinal), "ProQuest")


def _fields(lines: list[str]) -> tuple[dict[str, list[str]], str, int | None]:
    """(label -> lines, the title line before the fields, the N of 'Document N of M')."""
    fields: dict[str, list[str]] = {}
    title, number, current = "", None, None
    for raw in lines:
        line = raw.strip(" \t\u00a0\ufeff")
        if line.casefold() in _JUNK:
            continue
        document = _DOCUMENT.match(line)
        found = None if document else labelled(line, LABELS, _LABEL)
        if document:
            number = int(document.group(1))
        elif found:
            current = found[0]
            fields.setdefault(current, []).append(found[1])
        elif current is None:
            title = title or line
        elif line or current in _LONG:
            fields[current].append(line)
        else:  # a blank line ends a one-line field
            current = None
    return fields, title, number


def _article(fields: dict[str, list[str]], title: str, number: int) -> Part:
    get = {label: one_line(" ".join(lines)) for label, lines in fields.items() if label not in _LONG}
    part = Part(DATABASE, number)
    part.title = get.get("title") or title
    part.source = (get.get("publication-title") or get.get("publication-info", "")).split(";")[0].strip()
    info_date = _INFO_DATE.search(get.get("publication-info", ""))
    part.published = date_text(get.get("publication-date", "")) or get.get("publication-date") or (
        info_date.group(1) if info_date else "")
    part.author = _names(get.get("author", ""))
    part.section = get.get("section", "")
    part.length = word_count(get.get("word-count", ""))
    part.dateline = place(get.get("dateline", ""))
    part.language = get.get("language-of-publication", "")
    part.document_id = re.sub(r"\D", "", get.get("proquest-document-id", ""))
    part.document_url = get.get("document-url", "")
    abstract = _long(fields.get(label_key("Abstract"), []))
    part.standfirst = " ".join(abstract) if abstract else ""
    part.paragraphs = _long(fields.get(label_key("Full text"), []))
    return part


def _long(lines: list[str]) -> list[str]:
    """The paragraphs of a Full text or Abstract field; none when it says there is no text."""
    paras = split_paragraphs("\n".join(lines))
    return [] if len(paras) == 1 and paras[0].strip(" .").casefold() in _NOTHING else paras


def _names(value: str) -> str:
    """'Reyes, Anna; Hollis, Mira' -> 'Anna Reyes and Mira Hollis' (ProQuest writes surname first)."""
    people = []
    for person in (p.strip() for p in value.split(";")):
        bits = [b.strip() for b in person.split(",")]
        if len(bits) == 2 and all(0 < len(b.split()) <= 3 for b in bits):
            person = f"{bits[1]} {bits[0]}"
        if person:
            people.append(person)
    return as_text(people)
