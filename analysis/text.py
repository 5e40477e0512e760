"""Paragraphs and sentences of an article's text, as character offsets (shared by every extractor)."""
from __future__ import annotations

import re
from bisect import bisect_right

# A sentence ends at . ! or ? (plus closing quotes/brackets) followed by space and a capital,
# a digit or an opening quote; not after titles and abbreviations (Mr., Gen., Feb.), initials
# (J. D. Vance) or dotted acronyms (U.S., U.N.).
_ABBREVIATIONS = ("Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Sgt", "Capt", "Maj", "Adm",
                  "Gov", "Sen", "Rep", "St", "Jr", "Sr", "No", "vs", "Mt", "Ft", "Rev", "Hon", "Pres",
                  "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
                  "Inc", "Corp", "Co", "Ltd", "Mme", "Messrs", "Gens", "Cmdr", "Brig", "approx", "etc")
_BY_LENGTH: dict[int, list[str]] = {}
for _a in _ABBREVIATIONS:
    _BY_LENGTH.setdefault(len(_a), []).append(_a)
_SENTENCE_END = re.compile(
    r"[.!?]"
    # one fixed-width lookbehind per abbreviation length keeps the scan fast
    + "".join(rf"(?<!\b(?:{'|'.join(group)})\.)" for group in _BY_LENGTH.values())
    + r"(?<!\b[A-Z]\.)"                      # initials and the last letter of U.S., U.N.
    + r"[\"”’)\]]*(?:[ \t\u00a0]+\n?|\n)(?=[\"“‘(\[]?[A-Z0-9])")  # never across a blank line
_PARAGRAPH_BREAK = "\n\n"


def paragraph_starts(text: str, until: int | None = None) -> list[int]:
    """Offsets where each paragraph starts (paragraphs are separated by a blank line).

    With `until`, only the paragraphs starting at or before that offset are listed.
    """
    limit = len(text) if until is None else until
    starts = [0]
    find = text.find
    pos = find(_PARAGRAPH_BREAK, 0, limit + 1)
    while pos != -1:
        starts.append(pos + 2)
        pos = find(_PARAGRAPH_BREAK, pos + 2, limit + 1)
    return starts


def sentence_starts(text: str, paragraphs: list[int] | None = None, until: int | None = None) -> list[int]:
    """Offsets where each sentence starts; a paragraph break always starts a new sentence.

    With `until`, only the sentences starting at or before that offset are listed.
    """
    if paragraphs is None:
        paragraphs = paragraph_starts(text, until)
    end = len(text) if until is None else until + 2  # the lookahead needs to see the next letter
    # The pattern never spans a blank line, so no sentence start repeats a paragraph start.
    return sorted(paragraphs + [m.end() for m in _SENTENCE_END.finditer(text, 0, end)])


def index_of(starts: list[int], offset: int) -> int:
    """0-based index of the segment (paragraph or sentence) that contains `offset`."""
    return bisect_right(starts, offset) - 1


def segments(text: str, starts: list[int]) -> list[tuple[int, int]]:
    """(start, end) of each segment, trailing whitespace excluded."""
    bounds = [*starts, len(text)]
    spans = []
    for begin, end in zip(bounds, bounds[1:]):
        while end > begin and text[end - 1].isspace():
            end -= 1
        spans.append((begin, end))
    return spans


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of every sentence of a text."""
    return segments(text, sentence_starts(text))
