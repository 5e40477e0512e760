"""Plain-text clippings as saved from news sites: title (maybe twice), standfirst / Source, byline, body, furniture."""
from __future__ import annotations

import re
from functools import lru_cache

from ..lexicon import Lexicon, default_lexicon
from .dates import parse_date
from .fields import fold, is_furniture, one_line
from .records import Record

_BYLINE = re.compile(r"^by\s+(?P<rest>.+)$", re.I)
_BYLINE_PLACE = re.compile(r"\s+in\s+(?P<place>[A-Z][\w’'.\- ]*?)\s*$")
_BYLINE_SOURCE = re.compile(r"\s*[|•]\s*(?P<source>[^|•]+)$")
_STANDFIRST_SOURCE = re.compile(r"^(?P<standfirst>.*\S)\s+/\s+(?P<source>[^/]{2,60})$")
_HEADER_WINDOW = 6
# A first line this long, this many words, or a sentence of this many words ending in a full stop, is
# the lead paragraph of a clipping saved without its headline, not a headline.
_LEAD_CHARS, _LEAD_WORDS, _LEAD_SENTENCE_WORDS = 300, 25, 12
_TITLE_LONGEST = 120
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?(?=\s|$)")
_FULL_STOP_END = re.compile(r"\.[\"”’)]?$")


@lru_cache(maxsize=8)
def _date_patterns(lexicon: Lexicon) -> tuple[re.Pattern, re.Pattern]:
    """(a date ending a byline, a line that is only a date): dates as clippings write them ("Tue, Feb.
    18, 2025 at 9:30 EST"), with the lexicon's month names in any form and its weekdays (the shortest
    form, then any letters: "Thu", "Thursday")."""
    months = "|".join(sorted((re.escape(f) for forms in lexicon.month_names for f in forms), key=len, reverse=True))
    weekdays = "|".join(re.escape(min(forms, key=len)) for forms in lexicon.weekday_names)
    month = rf"(?:{months})\.?"
    date = (rf"(?:(?:{weekdays})[a-z]*,?\s+)?"
            rf"(?:{month}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{month},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
            rf"(?:,?\s+(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{{1,4}})?)?")
    return (re.compile(rf"(?:,|\s)\s*(?P<date>{date})\s*$"),
            re.compile(rf"^(?:(?:first\s+)?published|updated|posted|last\s+updated)?\s*(?:on\s*)?:?\s*(?P<date>{date})"
                       rf"(?:\s*\([^)]*\))?\s*$", re.I))


@lru_cache(maxsize=8)
def _headline_abbreviations(lexicon: Lexicon) -> frozenset[str]:
    """Lower-cased words a full stop after which does not end a lead's first sentence ("Gov.", "U.S.")."""
    return frozenset(w.lower() for w in (*lexicon.honorifics, *lexicon.headline_abbreviations,
                                          *lexicon.month_abbreviations()))


@lru_cache(maxsize=8)
def _byline_words(lexicon: Lexicon) -> frozenset[str]:
    """Lower-case words a byline's names may hold ("and", "von", "ibn")."""
    return frozenset(w.lower() for w in (*lexicon.name_particles, *lexicon.byline_words))


def _blocks(text: str) -> list[list[str]]:
    """Blocks of non-blank lines; each block's lines are kept apart for header parsing."""
    blocks, current = [], []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = one_line(raw)
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def parse_byline(line: str, lexicon: Lexicon | None = None) -> dict | None:
    """'By A and B in Riyadh February 18, 2025' -> author, dateline, published (and source after '|')."""
    match = _BYLINE.match(line)
    if not match or len(line) > 160:
        return None
    lexicon = lexicon or default_lexicon()
    rest, found = match.group("rest").strip(), {}
    tail = _date_patterns(lexicon)[0].search(rest)
    if tail and parse_date(tail.group("date")) is not None:
        found["published"] = tail.group("date")
        rest = rest[: tail.start()].rstrip(" ,")
    source = _BYLINE_SOURCE.search(rest)
    if source:
        found["source"] = source.group("source").strip()
        rest = rest[: source.start()]
    place = _BYLINE_PLACE.search(rest)
    if place:
        found["dateline"] = place.group("place").strip()
        rest = rest[: place.start()]
    found["author"] = rest.strip(" ,")
    return found if _looks_like_names(found["author"], lexicon) else None


def _looks_like_names(text: str, lexicon: Lexicon) -> bool:
    """'Olena Marchuk and Tom Reed' yes; 'late evening, the talks stalled.' no."""
    words = text.replace(",", " ").split()
    particles = _byline_words(lexicon)
    return 0 < len(words) <= 12 and all(
        w[0].isupper() or w.lower() in particles for w in words) and words[0][0].isupper()


def _is_trailer(paragraph: str, date_line: re.Pattern) -> bool:
    """Site furniture after the story: known labels, or a short line that is not a sentence."""
    if is_furniture(paragraph) or date_line.match(paragraph):
        return True
    return len(paragraph.split()) <= 6 and not re.search(r"[.!?\"”’)\]]$", paragraph)


def is_lead(line: str) -> bool:
    """True for a first line that is a paragraph of the story rather than its headline."""
    if len(line) > _LEAD_CHARS:
        return True
    words = len(line.split())
    return words >= _LEAD_WORDS or (words >= _LEAD_SENTENCE_WORDS and bool(_FULL_STOP_END.search(line)))


def title_from_lead(paragraph: str, lexicon: Lexicon | None = None) -> str:
    """A headline for a clipping that has none: the lead's first sentence, or its first words cut at a
    word and marked '…' when that sentence is long. Reads only the paragraph's start."""
    head = paragraph[: 4 * _TITLE_LONGEST]
    abbreviations = _headline_abbreviations(lexicon or default_lexicon())
    for end in _SENTENCE_END.finditer(head):
        before = head[: end.start()].rsplit(None, 1)
        word = before[-1].lower() if before else ""
        if word in abbreviations or len(word.strip("\"“‘(")) <= 1:
            continue
        if end.end() <= _TITLE_LONGEST:
            return head[: end.end()].rstrip(".")
        break
    if len(head) <= _TITLE_LONGEST:
        return head
    cut = head[: _TITLE_LONGEST + 1].rsplit(None, 1)[0] if " " in head[:_TITLE_LONGEST] else head[:_TITLE_LONGEST]
    return cut.rstrip(" ,;:—–-") + "…"


def parse_clipping(text: str, lexicon: Lexicon | None = None) -> Record:
    """Split a clipping into title, standfirst, source, author, dateline, published and body paragraphs;
    month and weekday names and abbreviations come from `lexicon` (default: the bundled English one)."""
    lexicon = lexicon or default_lexicon()
    date_line = _date_patterns(lexicon)[1]
    items = [(b, line) for b, block in enumerate(_blocks(text)) for line in block]
    while items and is_furniture(items[0][1]):
        items.pop(0)
    if not items:
        return Record({})
    if is_lead(items[0][1]):
        return _headless(items, lexicon, date_line)
    record: dict = {"title": items[0][1]}
    i = 1
    if i < len(items) and fold(items[i][1]) == fold(record["title"]):
        i += 1
    window = items[i: i + _HEADER_WINDOW]
    bylines = [(k, parse_byline(line, lexicon)) for k, (_, line) in enumerate(window)]
    byline_at, byline = next(((k, b) for k, b in bylines if b), (None, None))
    if byline is not None:
        header = [line for _, line in window[:byline_at]]
        record.update(byline)
        i += byline_at + 1
        if i < len(items) and date_line.match(items[i][1]):
            header.append(items[i][1])
            i += 1
    else:
        header = []
        while i < len(items) and len(header) < 2 and (
                date_line.match(items[i][1]) or _STANDFIRST_SOURCE.match(items[i][1])):
            header.append(items[i][1])
            i += 1
    standfirst = []
    for line in header:
        date = date_line.match(line)
        if date and "published" not in record:
            record["published"] = date.group("date")
        elif not date:
            standfirst.append(line)
    if standfirst:
        joined = " ".join(standfirst)
        with_source = _STANDFIRST_SOURCE.match(joined)
        if with_source and "source" not in record:
            joined, record["source"] = with_source.group("standfirst"), with_source.group("source").strip()
        record["standfirst"] = joined
    body_items = items[i:]
    while body_items and _is_trailer(body_items[-1][1], date_line):
        date = date_line.match(body_items.pop()[1])
        if date and "published" not in record:
            record["published"] = date.group("date")
    return Record(record, paragraphs=_body_paragraphs(body_items))


def _headless(items: list[tuple[int, str]], lexicon: Lexicon, date_line: re.Pattern) -> Record:
    """A clipping that starts with its lead paragraph: everything is body, the title comes from the lead."""
    record: dict = {"title": title_from_lead(items[0][1], lexicon)}
    body_items = list(items)
    while len(body_items) > 1 and _is_trailer(body_items[-1][1], date_line):
        date = date_line.match(body_items.pop()[1])
        if date and "published" not in record:
            record["published"] = date.group("date")
    return Record(record, paragraphs=_body_paragraphs(body_items))


def _body_paragraphs(items: list[tuple[int, str]]) -> list[str]:
    """Blank-line blocks are paragraphs (hard-wrapped lines joined); a single block is one line each."""
    blocks: dict[int, list[str]] = {}
    for block, line in items:
        blocks.setdefault(block, []).append(line)
    if len(blocks) == 1:
        return list(next(iter(blocks.values())))
    return [" ".join(lines) for lines in blocks.values()]
