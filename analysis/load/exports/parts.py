"""One article as split from a database export (`Part`), and the small readings every export shares:
labelled lines, dates with weekdays and editions, word counts, paragraphs from numbered lines."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..fields import one_line
from ..problems import FileProblem
from ..records import Record

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:mon|tue(?:s)?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?"
_TIME = r"\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s+(?-i:[A-Z]{2,5})\b|\s*[+-]\d{2}:?\d{2})?"
#: A line that starts with a date as the databases print it: 'January 11, 2010 Monday', 'July 1, 2019
#: Monday 9:20 AM GMT', '16 August 2025', 'Aug 16, 2025', 'Friday, 16 May 2025' (an edition may follow).
DATE_LINE = re.compile(
    rf"^(?:{_WEEKDAY},?\s+)?(?P<date>{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\.?\s+{_MONTH},?\s+\d{{4}})"
    rf"(?:,?\s+{_WEEKDAY}\b)?(?:,?\s+(?P<time>{_TIME}))?", re.I)
_COUNT = re.compile(r"^\s*(\d[\d,.\u00a0\u202f ]*)")
_LONGEST_LABEL = 48  # characters before the colon of 'Company / organization:' and the like, with room
_COPYRIGHT = re.compile(r"^(?:copyright\b|©|\(c\)\s*\d{4}|all rights reserved)", re.I)


@dataclass(slots=True)
class Part:
    """One article of an export with the database's own fields (raw text; `length` is its word count)."""

    database: str
    number: int
    title: str = ""
    source: str = ""
    published: str = ""
    author: str = ""
    section: str = ""
    length: int | None = None
    dateline: str = ""
    standfirst: str = ""
    language: str = ""
    document_id: str = ""
    document_url: str = ""
    paragraphs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def record(self) -> Record:
        """The article as a loader Record; its date is never taken from the export's file name."""
        fields = {"title": self.title, "source": self.source, "published": self.published or None,
                  "author": self.author, "dateline": self.dateline, "standfirst": self.standfirst,
                  "document_id": self.document_id, "database": self.database}
        return Record(fields, self.number, paragraphs=list(self.paragraphs), warnings=list(self.warnings),
                      name_date=False)


def checked(part: Part, what: str) -> Part | FileProblem:
    """The part, or a FileProblem naming its number when it has no body to load (a graphic, an
    abstract-only record, a cut export). A part without a date is kept: the loader warns of it."""
    part.title, part.source = one_line(part.title), one_line(part.source)
    if not part.paragraphs:
        named = f" ({shorten(part.title)!r})" if part.title else ""
        return FileProblem(f"{what} article {part.number}{named} has no body text: not loaded", item=part.number)
    return part


def shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def date_text(line: str) -> str:
    """The date (and time) a line starts with, without weekday or edition; '' when it starts with none."""
    match = DATE_LINE.match(line.strip())
    if not match:
        return ""
    return match.group("date") + (" " + match.group("time") if match.group("time") else "")


def word_count(value: str) -> int | None:
    """'1,238 words' -> 1238; None when the value does not start with a number."""
    match = _COUNT.match(value or "")
    if not match:
        return None
    digits = re.sub(r"\D", "", match.group(1))
    return int(digits) if digits and len(digits) < 10 else None


def is_copyright(line: str) -> bool:
    return bool(_COPYRIGHT.match(line.strip()))


def place(dateline: str) -> str:
    """'RIYADH, Saudi Arabia, Feb. 18' -> 'Riyadh': the place a dateline names, title-cased if in capitals."""
    first = one_line(dateline).split(",")[0].strip(" -—–")
    return first.title() if first.isupper() else first


def paragraphs(items: list[tuple[int, str]]) -> list[str]:
    """Body paragraphs from (block, line) pairs: each block one paragraph with its hard-wrapped lines
    joined; a body that is a single block is one paragraph per line."""
    blocks: dict[int, list[str]] = {}
    for block, line in items:
        if line.strip():
            blocks.setdefault(block, []).append(one_line(line))
    if len(blocks) == 1:
        return list(next(iter(blocks.values())))
    return [" ".join(lines) for lines in blocks.values()]


def numbered_lines(text: str) -> list[tuple[int, str]]:
    """(block, line) for each non-blank line of a text: blank lines separate blocks, a form feed too."""
    items, block, blank = [], 0, False
    for raw in re.split(r"\r\n|\r|\n", text):
        if "\f" in raw:
            block, blank = block + 1, False
            raw = raw.replace("\f", " ")
        line = raw.strip(" \t\u00a0\ufeff")
        if not line:
            blank = True
            continue
        if blank:
            block, blank = block + 1, False
        items.append((block, line))
    return items


def labelled(line: str, labels: frozenset[str], pattern: re.Pattern) -> tuple[str, str] | None:
    """(label, value) when a line is 'Label: value' with one of the known labels (compared case- and
    hyphen-insensitively), else None."""
    if ":" not in line[:_LONGEST_LABEL]:
        return None
    match = pattern.match(line)
    if not match:
        return None
    label = label_key(match.group("label"))
    return (label, match.group("value").strip(" \t\u00a0")) if label in labels else None


def label_key(label: str) -> str:
    return re.sub(r"[\s\-_/]+", "-", label.strip().casefold())


def keys(*labels: str) -> frozenset[str]:
    return frozenset(label_key(label) for label in labels)
