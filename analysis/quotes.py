"""Who is quoted or paraphrased: direct quotes with their speaker, and reported speech.

Speakers are actor mentions (names, aliases or titles, from `find_mentions`) next to a speech verb:
"“...,” Peskov said", "“...,” said the Kremlin spokesman", "Lavrov told reporters: “...”",
"Rubio said (that) ...", "..., Zelensky said.", "according to Yermak, ...". A "he/she said" after
a quote goes to the last person mentioned before it in the same or the previous paragraph.
"""
from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from .lexicon import Lexicon, default_lexicon
from .text import index_of, paragraph_starts, sentence_starts, segments
from .schema import QUOTE_COLUMNS

_QUOTE = re.compile(r"“([^“”]+)”|\"([^\"\n]+)\"")
_AFTER_SPEAKER_FIRST = re.compile(r"^[,\s]*(?:the\s+)?")
_SENTENCE_TAIL = re.compile(r"(?:,(?:\s+[^\s,“”\"]+){1,6})?\s*[.!?]?[”\"]?\s*")
_THAT = re.compile(r"\s*(?:that\s+|on \w+(?: that)?\s+)?")
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+(?:the\s+)?$")
_MIN_QUOTE_WORDS = 4
_LOOKBACK = 400  # characters before a quote or a speaker where its cue ("he said:", "according to") may lie
_REPORTED_TAIL = re.compile(r"\s*(?:on \w+|in a statement|in an interview|to reporters)?\s*[.!?]?\s*")
_APPOSITION_THEN_COMMA = re.compile(r"(?:,[^,“”\"]{1,80},)?\s*,?\s*")
_APPOSITION_GAP = re.compile(r"(?:,[^,“”\"]{1,80},)?\s*")


@dataclass(frozen=True)
class _Patterns:
    """The patterns that find a speech verb (the lexicon's `speech_verbs`) around a quote or a speaker."""

    after_verb_first: re.Pattern       # “...,” said the Kremlin spokesman
    verb_after_speaker: re.Pattern     # Peskov(, the spokesman,) said
    pronoun_after: re.Pattern          # “...,” he said / said she
    before: re.Pattern                 # Lavrov told reporters: “...”
    pronoun_before: re.Pattern         # She told reporters: “...”


@lru_cache(maxsize=8)
def _patterns(lexicon: Lexicon) -> _Patterns:
    verbs = "|".join(re.escape(v) for v in lexicon.speech_verbs) or r"(?!)"
    return _Patterns(
        re.compile(rf"^[,\s]*(?P<verb>{verbs})\s+(?:the\s+)?"),
        re.compile(rf"(?:,[^,“”\"]{{1,80}},)?\s+(?P<verb>{verbs})\b"),
        re.compile(rf"^[,\s]*(?:(?P<p1>he|she)\s+(?P<v1>{verbs})|(?P<v2>{verbs})\s+(?P<p2>he|she))\b"),
        re.compile(rf"\s(?P<verb>{verbs})(?:\s+(?!that\b)[\w.’'-]+){{0,3}}?\s*[:,]?\s*$"),
        re.compile(rf"\b(?P<p>[Hh]e|[Ss]he)\s+(?P<verb>{verbs})(?:\s+[\w.’'-]+){{0,3}}?\s*[:,]?\s*$"))


class _Mentions:
    """The mentions of one field, sorted by start, looked up by position with a binary search."""

    def __init__(self, mentions: list, is_person):
        self.all = mentions
        self.starts = [m[0] for m in mentions]
        self.people = [m for m in mentions if is_person(m[2])]
        self.people_starts = [m[0] for m in self.people]

    def ending_at(self, pos: int, text: str):
        """The mention that ends at `pos`, allowing an apposition (", the Kremlin spokesman,") before it."""
        for i in range(bisect_left(self.starts, pos) - 1, -1, -1):  # later ones start at or after pos
            end = self.all[i][1]
            if end > pos:
                continue
            if end == pos or _APPOSITION_GAP.fullmatch(text, end, pos):
                return self.all[i]
            if pos - end > 90:
                return None
        return None

    def at(self, pos: int):
        i = bisect_left(self.starts, pos)
        return self.all[i] if i < len(self.all) and self.starts[i] == pos else None

    def last_person(self, before: int, since: int):
        i = bisect_left(self.people_starts, before) - 1
        return self.people[i] if i >= 0 and self.people_starts[i] >= since else None

    def between(self, start: int, end: int) -> list:
        return self.all[bisect_left(self.starts, start):bisect_left(self.starts, end)]


def _attribute_direct(text: str, q_start: int, q_end: int, par_start: int, prev_par_start: int,
                      mentions: _Mentions, patterns: _Patterns):
    """(mention, via override, cue) of the speaker of the quote text[q_start:q_end], or None."""
    after = text[q_end:q_end + 160]
    match = patterns.after_verb_first.match(after)
    if match:
        who = mentions.at(q_end + match.end())
        if who:
            return who, None, match.group("verb")
    match = _AFTER_SPEAKER_FIRST.match(after)
    who = mentions.at(q_end + match.end())
    if who:
        verb = patterns.verb_after_speaker.match(text, who[1])
        if verb:
            return who, None, verb.group("verb")
    pronoun = patterns.pronoun_after.match(after)
    if pronoun:
        who = mentions.last_person(q_start, prev_par_start)
        if who:
            return who, "pronoun", pronoun.group("v1") or pronoun.group("v2")
    lookback = max(par_start, q_start - _LOOKBACK)
    match = patterns.before.search(text, lookback, q_start)
    if match:
        who = mentions.ending_at(match.start(), text)
        if who:
            return who, None, match.group("verb")
    pronoun = patterns.pronoun_before.search(text, lookback, q_start)
    if pronoun:
        who = mentions.last_person(pronoun.start(), prev_par_start)
        if who:
            return who, "pronoun", pronoun.group("verb")
    return None


def _according(text: str, s_start: int, s_end: int, mention):
    """(mention, cue, quote start, quote end) for "..., according to X." or "According to X, ...", or None."""
    according = _ACCORDING.search(text, max(s_start, mention[0] - _LOOKBACK), mention[0])
    if not according:
        return None
    opening = not text[s_start:according.start()].strip()
    if not opening and _SENTENCE_TAIL.fullmatch(text, mention[1], s_end):  # "..., according to Peskov(, the spokesman)."
        clause = text[s_start:according.start()].rstrip(" ,")
        if len(clause.split()) >= _MIN_QUOTE_WORDS - 1:
            return mention, "according to", s_start, s_start + len(clause)
    elif opening:                                                         # "According to Blinken, ..."
        return mention, "according to", _APPOSITION_THEN_COMMA.match(text, mention[1], s_end).end(), s_end
    return None


def _reported(text: str, s_start: int, s_end: int, mentions: _Mentions, patterns: _Patterns):
    """(mention, cue, quote start, quote end) for reported speech in one sentence, or None."""
    sentence = text[s_start:s_end]
    for mention in mentions.between(s_start, s_end):
        found = _according(text, s_start, s_end, mention)
        if found:
            return found
        verb = patterns.verb_after_speaker.match(text, mention[1])
        if not verb or verb.end() > s_end:
            continue
        if _REPORTED_TAIL.fullmatch(text, verb.end(), s_end):
            clause = sentence[:mention[0] - s_start].rstrip()
            clause = re.sub(r"(?:,\s*(?:the)?|\s+the)\s*$", "", clause)
            if len(clause.split()) >= _MIN_QUOTE_WORDS:
                return mention, verb.group("verb"), s_start, s_start + len(clause)
            continue
        q_start = _THAT.match(text, verb.end(), s_end).end()
        if len(text[q_start:s_end].split()) >= _MIN_QUOTE_WORDS:
            return mention, verb.group("verb"), q_start, s_end
    return None


def find_quotes(articles: pd.DataFrame, mentions: pd.DataFrame, *, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """The quotes table: one row per quote or paraphrase with its speaker, one of `mentions` (all of
    the articles' mentions: a speaker missing from them leaves "he said" to whoever was named before);
    speech verbs and abbreviations come from `lexicon` (default: the bundled English one)."""
    lexicon = lexicon or default_lexicon()
    actors_column = mentions["actor"].astype(str).tolist()  # lists: iterating Arrow strings is slow
    kinds = dict(zip(actors_column, mentions["kind"].astype(str).tolist()))
    sides = dict(zip(actors_column, mentions["side"].astype(str).tolist()))

    def is_person(actor: str) -> bool:
        return kinds.get(actor) == "person"

    relevant = mentions[mentions["field"].isin(["standfirst", "text"])]
    grouped: dict[tuple, list] = {}
    columns = [relevant[c].astype(str).tolist() if c in ("actor", "via", "field") else relevant[c].tolist()
               for c in ("article_id", "field", "start", "end", "actor", "via", "surface")]
    for article_id, field, start, end, actor, via, surface in zip(*columns):
        grouped.setdefault((article_id, field), []).append((start, end, actor, via, surface))
    rows = []
    for article in articles[["article_id", "standfirst", "text"]].itertuples(index=False):
        for field in ("standfirst", "text"):
            found = grouped.get((article.article_id, field))
            text = getattr(article, field)
            if not found or not text:
                continue
            found.sort()
            rows.extend(sorted(_quotes_in(article.article_id, field, text, found, is_person, sides, lexicon),
                               key=lambda r: r["start"]))
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)



def _quotes_in(article_id, field, text, mentions, is_person, sides, lexicon) -> list[dict]:
    pars = paragraph_starts(text)
    sents = sentence_starts(text, pars, lexicon=lexicon)
    index, patterns = _Mentions(mentions, is_person), _patterns(lexicon)
    rows, quoted = [], []

    def add(mention, via, kind, cue, q_start, q_end):
        rows.append({"article_id": article_id, "actor": mention[2], "side": sides.get(mention[2], ""),
                     "speaker": mention[4], "via": via or mention[3], "kind": kind, "cue": cue,
                     "quote": text[q_start:q_end].strip(" ,.“”\"").strip(), "field": field,
                     "paragraph": index_of(pars, q_start), "sentence": index_of(sents, q_start),
                     "start": q_start, "end": q_end})

    for p, (par_start, par_end) in enumerate(segments(text, pars)):
        prev_start = pars[p - 1] if p else par_start
        for match in _QUOTE.finditer(text, par_start, par_end):
            body = match.group(1) or match.group(2)
            if len(body.split()) < _MIN_QUOTE_WORDS and not body.rstrip().endswith((",", ".", "!", "?")):
                continue  # a scare-quoted word or a title, not a quotation (“We will,” is one)
            found = _attribute_direct(text, match.start(), match.end(), par_start, prev_start, index, patterns)
            quoted.append((match.start(), match.end()))
            if found:
                mention, via, cue = found
                add(mention, via, "direct", cue, match.start() + 1, match.end() - 1)
    quoted_starts = [q for q, _ in quoted]
    reach = list(itertools.accumulate((e for _, e in quoted), max))  # furthest end of the quotes so far
    for s_start, s_end in segments(text, sents):
        before = bisect_left(quoted_starts, s_end)  # the quotes starting before the sentence ends
        if before and reach[before - 1] > s_start:
            continue
        found = _reported(text, s_start, s_end, index, patterns)
        if found:
            mention, cue, q_start, q_end = found
            add(mention, None, "reported", cue, q_start, q_end)
    return rows
