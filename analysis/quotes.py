"""Who is quoted or paraphrased: direct quotes with their speaker, and reported speech.

Speakers are actor mentions (names, aliases or titles, from `find_mentions`) next to a speech verb:
"“...,” Peskov said", "“...,” said the Kremlin spokesman", "Lavrov told reporters: “...”",
"Rubio said (that) ...", "..., Zelensky said.", "according to Yermak, ...". A "he/she said" after
a quote goes to the last person mentioned before it in the same or the previous paragraph.
"""
from __future__ import annotations

import re

import pandas as pd

from .mentions import find_mentions
from .text import index_of, paragraph_starts, sentence_starts, segments

QUOTE_COLUMNS = ["article_id", "actor", "side", "speaker", "via", "kind", "cue", "quote", "field",
                 "paragraph", "sentence", "start", "end"]
_VERBS = (r"said|says|told|tells|added|adds|stated|warned|warns|insisted|argued|noted|declared|"
          r"announced|wrote|writes|posted|stressed|urged|claimed|asserted|acknowledged|admitted|"
          r"suggested|replied|responded|confirmed|explained|predicted|promised|vowed|cautioned|"
          r"complained|conceded|countered|recalled|remarked|repeated|asked|insists|believes|thinks")
_QUOTE = re.compile(r"“([^“”]+)”|\"([^\"\n]+)\"")
_AFTER_VERB_FIRST = re.compile(rf"^[,\s]*(?P<verb>{_VERBS})\s+(?:the\s+)?")
_AFTER_SPEAKER_FIRST = re.compile(r"^[,\s]*(?:the\s+)?")
_VERB_AFTER_SPEAKER = re.compile(rf"(?:,[^,“”\"]{{1,80}},)?\s+(?P<verb>{_VERBS})\b")
_PRONOUN_AFTER = re.compile(rf"^[,\s]*(?:(?P<p1>he|she)\s+(?P<v1>{_VERBS})|(?P<v2>{_VERBS})\s+(?P<p2>he|she))\b")
_BEFORE = re.compile(rf"\s(?P<verb>{_VERBS})(?:\s+(?!that\b)[\w.’'-]+){{0,3}}?\s*[:,]?\s*$")
_PRONOUN_BEFORE = re.compile(rf"\b(?P<p>[Hh]e|[Ss]he)\s+(?P<verb>{_VERBS})(?:\s+[\w.’'-]+){{0,3}}?\s*[:,]?\s*$")
_SENTENCE_TAIL = re.compile(r"(?:,(?:\s+[^\s,“”\"]+){1,6})?\s*[.!?]?[”\"]?\s*")
_THAT = re.compile(r"^\s*(?:that\s+|on \w+(?: that)?\s+)?")
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+(?:the\s+)?$")
_MIN_QUOTE_WORDS = 4


def _speaker_ending_at(mentions: list, pos: int, text: str):
    """The mention that ends at `pos`, allowing an apposition (", the Kremlin spokesman,") before it."""
    for mention in reversed(mentions):
        end = mention[1]
        if end > pos:
            continue
        if end == pos or re.fullmatch(r"(?:,[^,“”\"]{1,80},)?\s*", text[end:pos]):
            return mention
        if pos - end > 90:
            return None
    return None


def _mention_at(mentions: list, pos: int):
    for mention in mentions:
        if mention[0] == pos:
            return mention
        if mention[0] > pos:
            return None
    return None


def _last_person(mentions: list, before: int, since: int, is_person):
    for mention in reversed(mentions):
        if mention[0] < before and mention[0] >= since and is_person(mention[2]):
            return mention
    return None


def _attribute_direct(text: str, q_start: int, q_end: int, par_start: int, prev_par_start: int,
                      mentions: list, is_person):
    """(mention, via override, cue) of the speaker of the quote text[q_start:q_end], or None."""
    after = text[q_end:q_end + 160]
    match = _AFTER_VERB_FIRST.match(after)
    if match:
        who = _mention_at(mentions, q_end + match.end())
        if who:
            return who, None, match.group("verb")
    match = _AFTER_SPEAKER_FIRST.match(after)
    who = _mention_at(mentions, q_end + match.end())
    if who:
        verb = _VERB_AFTER_SPEAKER.match(text, who[1])
        if verb:
            return who, None, verb.group("verb")
    pronoun = _PRONOUN_AFTER.match(after)
    if pronoun:
        who = _last_person(mentions, q_start, prev_par_start, is_person)
        if who:
            return who, "pronoun", pronoun.group("v1") or pronoun.group("v2")
    before = text[par_start:q_start]
    match = _BEFORE.search(before)
    if match:
        who = _speaker_ending_at(mentions, par_start + match.start(), text)
        if who:
            return who, None, match.group("verb")
    pronoun = _PRONOUN_BEFORE.search(before)
    if pronoun:
        who = _last_person(mentions, par_start + pronoun.start(), prev_par_start, is_person)
        if who:
            return who, "pronoun", pronoun.group("verb")
    return None


def _reported(text: str, s_start: int, s_end: int, mentions: list):
    """(mention, cue, quote start, quote end) for reported speech in one sentence, or None."""
    sentence = text[s_start:s_end]
    inside = [m for m in mentions if s_start <= m[0] < s_end]
    for mention in inside:
        before = text[s_start:mention[0]]
        according = _ACCORDING.search(before)
        if according:
            tail = text[mention[1]:s_end]
            opening = not before[:according.start()].strip()
            if not opening and _SENTENCE_TAIL.fullmatch(tail):           # "..., according to Peskov(, the spokesman)."
                clause = before[:according.start()].rstrip(" ,")
                if len(clause.split()) >= _MIN_QUOTE_WORDS - 1:
                    return mention, "according to", s_start, s_start + len(clause)
            elif opening:                                # "According to Blinken, ..."
                q_start = mention[1] + re.match(r"(?:,[^,“”\"]{1,80},)?\s*,?\s*", tail).end()
                return mention, "according to", q_start, s_end
        verb = _VERB_AFTER_SPEAKER.match(text, mention[1])
        if not verb or verb.end() > s_end:
            continue
        tail = text[verb.end():s_end]
        if re.fullmatch(r"\s*(?:on \w+|in a statement|in an interview|to reporters)?\s*[.!?]?\s*", tail):
            clause = sentence[:mention[0] - s_start].rstrip()
            clause = re.sub(r"(?:,\s*(?:the)?|\s+the)\s*$", "", clause)
            if len(clause.split()) >= _MIN_QUOTE_WORDS:
                return mention, verb.group("verb"), s_start, s_start + len(clause)
            continue
        that = _THAT.match(tail)
        q_start = verb.end() + that.end()
        if len(text[q_start:s_end].split()) >= _MIN_QUOTE_WORDS:
            return mention, verb.group("verb"), q_start, s_end
    return None


def quotes(articles: pd.DataFrame, mentions: pd.DataFrame | None = None, actors=None) -> pd.DataFrame:
    """The quotes table: one row per quote or paraphrase with its speaker (an actor)."""
    if mentions is None:
        mentions = find_mentions(articles, actors)
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
            rows.extend(sorted(_quotes_in(article.article_id, field, text, found, is_person, sides),
                               key=lambda r: r["start"]))
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)


def _quotes_in(article_id, field, text, mentions, is_person, sides) -> list[dict]:
    pars = paragraph_starts(text)
    sents = sentence_starts(text, pars)
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
            found = _attribute_direct(text, match.start(), match.end(), par_start, prev_start,
                                      mentions, is_person)
            quoted.append((match.start(), match.end()))
            if found:
                mention, via, cue = found
                add(mention, via, "direct", cue, match.start() + 1, match.end() - 1)
    for s_start, s_end in segments(text, sents):
        if any(q_start < s_end and s_start < q_end for q_start, q_end in quoted):
            continue
        found = _reported(text, s_start, s_end, mentions)
        if found:
            mention, cue, q_start, q_end = found
            add(mention, None, "reported", cue, q_start, q_end)
    return rows
