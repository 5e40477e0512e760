"""Paragraphs and sentences of an article's text, as character offsets (shared by every extractor)."""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from .lexicon import Lexicon, default_lexicon

_PARAGRAPH_BREAK = "\n\n"
_SPACES = re.compile(r"[ \t\u00a0]*")
#: characters: no sentence of real news comes near this (the longest of several thousand
#: articles is under 1,000); longer runs without a sentence end are cut.
MAX_SENTENCE = 2000


def sentence_abbreviations(lexicon: Lexicon) -> tuple[str, ...]:
    """The words a full stop after which ends no sentence: the lexicon's abbreviations, honorifics,
    title and name abbreviations and month abbreviations ("Capt.", "Mr.", "Gen.", "St.", "Feb.")."""
    return tuple(dict.fromkeys((*lexicon.abbreviations, *lexicon.honorifics, *lexicon.title_abbreviations,
                                *lexicon.name_abbreviations, *lexicon.month_abbreviations())))


@lru_cache(maxsize=8)
def _sentence_end(lexicon: Lexicon) -> re.Pattern:
    """A sentence ends at . ! or ? (plus closing quotes/brackets) followed by space and a capital,
    a digit or an opening quote; not after an abbreviation of the lexicon (Mr., Gen., Feb.),
    initials (J. D. Vance) or dotted acronyms (U.S., U.N.)."""
    by_length: dict[int, list[str]] = {}
    for word in sentence_abbreviations(lexicon):
        by_length.setdefault(len(word), []).append(re.escape(word))
    return re.compile(
        r"[.!?]"
        # one fixed-width lookbehind per abbreviation length keeps the scan fast
        + "".join(rf"(?<!\b(?:{'|'.join(group)})\.)" for group in by_length.values())
        + r"(?<!\b[A-Z]\.)"                      # initials and the last letter of U.S., U.N.
        + r"[\"”’)\]]*(?:[ \t\u00a0]+\n?|\n)(?=[\"“‘(\[]?[A-Z0-9])")  # never across a blank line


# Text extracted from web pages often loses the space between sentences ("is scheduled.Emmanuel
# Macron is also", "in 2008.However", "called it \"extremist\".A month later", "in Ukraine.I agree"):
# a full stop after a lower-case word (accented too: "communiqué"), a year or a closing quote, straight
# before a capitalised word or the one-letter words "A" and "I", ends a sentence too (not
# "St.Petersburg", "e.g.Kyiv" or "U.S.Army": two lower-case letters before it; not "1.5" or "No.5":
# a year's four digits).
_RUN_TOGETHER = re.compile(r"[.!?](?:(?<=[a-zß-öø-ÿ]{2}.)|(?<=[a-zß-öø-ÿ]{2}[\"”’)].)|(?<![\d.,]\d{4}.)(?<=\d{4}.))[\"”’)\]]*"
                           r"(?=[\"“‘]?(?:[A-Z][a-z]|[AI]\s))")  # the stop first: a scan that lookbehinds do not slow


def lower_in_place(text: str) -> str:
    """`text` lower-cased character by character, so every offset still points at the same
    character (a few characters, such as "İ", lengthen when lower-cased: those stay as they are)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


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


def sentence_starts(text: str, paragraphs: list[int] | None = None, until: int | None = None,
                    lexicon: Lexicon | None = None) -> list[int]:
    """Offsets where each sentence starts; a paragraph break always starts a new sentence.

    A stretch of more than MAX_SENTENCE characters with no sentence end (a list, a transcript,
    text without punctuation) is cut at its last space before that length, so no sentence is
    longer. `paragraphs` are the text's paragraph starts if known. With `until`, only the
    sentences starting at or before that offset are listed. Abbreviations come from `lexicon`
    (default: the bundled English one).
    """
    if until is None:
        horizon = len(text)
        paragraphs = paragraph_starts(text) if paragraphs is None else paragraphs
    else:  # a cut before `until` depends on where the sentence would end, up to MAX_SENTENCE on
        horizon = min(len(text), until + MAX_SENTENCE + 2)
        paragraphs = paragraph_starts(text, horizon)
    # The lookahead needs to see the next letter; the pattern never spans a blank line, so no
    # sentence start repeats a paragraph start.
    sentence_end = _sentence_end(lexicon or default_lexicon())
    stop = min(len(text), horizon + 2)
    ends = [m.end() for m in sentence_end.finditer(text, 0, stop)]
    ends += [m.end() for m in _RUN_TOGETHER.finditer(text, 0, stop)]
    return _cut_long(text, sorted(paragraphs + ends), len(text) if until is None else until)


def _cut_long(text: str, starts: list[int], until: int) -> list[int]:
    """`starts` (up to `until`) with a cut inside every segment longer than MAX_SENTENCE."""
    out: list[int] = []
    for begin, end in zip(starts, [*starts[1:], len(text)]):
        if begin > until:
            break
        out.append(begin)
        while end - begin > MAX_SENTENCE:
            space = text.rfind(" ", begin + MAX_SENTENCE // 2, begin + MAX_SENTENCE)
            begin = begin + MAX_SENTENCE if space == -1 else _SPACES.match(text, space + 1, end).end()
            if begin >= end or begin > until:
                break
            out.append(begin)
    return out


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


def sentences(text: str, lexicon: Lexicon | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of every sentence of a text."""
    return segments(text, sentence_starts(text, lexicon=lexicon))
