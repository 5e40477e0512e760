"""Actor mentions: exact, longest-match, case-sensitive, with title coreference by publication date.

One Aho–Corasick automaton (pyahocorasick) holds every name, alias, acronym and role title of the
gazetteer; a match counts only at Unicode word boundaries (so possessives and hyphenated compounds
count, "us" and "USB" do not). A title resolves to whoever held the role on the article's date; a
title right before a name, a title in apposition after a name, and an acronym in parentheses after
its long form are each one mention, not two.
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_right

import ahocorasick
import numpy as np
import pandas as pd

from .gazetteer import Gazetteer, as_gazetteer, title_variants
from .text import paragraph_starts, sentence_starts

MENTION_COLUMNS = ["article_id", "field", "actor", "kind", "side", "surface", "start", "end",
                   "paragraph", "sentence", "via"]
FIELDS = ("title", "standfirst", "text")
_VIAS = ("name", "alias", "title")
_APPOSITION = (", ", ", the ", " — ", " – ")
_MAX_GAP = max(map(len, _APPOSITION))


class _Matcher:
    """The compiled automaton; each key maps to (length, actor index, role id, via code, is acronym)."""

    def __init__(self, gazetteer: Gazetteer):
        self.automaton = ahocorasick.Automaton()
        self.size = 0
        for index, actor in enumerate(gazetteer.actors):
            self._add(actor.name, index, None, 0, False)
            for alias in actor.aliases:
                self._add(alias, index, None, 1, False)
            for acronym in actor.acronyms:
                self._add(acronym, index, None, 1, True)
        for role in gazetteer.roles.values():
            for title in role.titles:
                for variant in title_variants(title):
                    self._add(variant, -1, role.id, 2, False)
        if self.size:
            self.automaton.make_automaton()
        self.is_person = [a.kind == "person" for a in gazetteer.actors]

    def _add(self, key: str, actor: int, role: str | None, via: int, acronym: bool) -> None:
        if key not in self.automaton:  # the gazetteer's own validation rules out real conflicts
            self.automaton.add_word(key, (len(key), actor, role, via, acronym))
            self.size += 1


def _matcher(gazetteer: Gazetteer) -> _Matcher:
    if "mentions" not in gazetteer.cache:
        gazetteer.cache["mentions"] = _Matcher(gazetteer)
    return gazetteer.cache["mentions"]


def scan(text: str, matcher: _Matcher, gazetteer: Gazetteer, day: dt.date | None,
         holders: dict) -> list[list]:
    """[start, end, actor index, via code] for each mention in one text, in order."""
    found: list[list] = []
    if not matcher.size:
        return found
    n = len(text)
    is_person = matcher.is_person
    for last, (length, actor, role, via, acronym) in matcher.automaton.iter_long(text):
        start, end = last - length + 1, last + 1
        if (start and text[start - 1].isalnum()) or (end < n and text[end].isalnum()):
            continue
        if role is not None:
            actor = holders.get(role, -2)
            if actor == -2:
                actor = holders[role] = gazetteer.holder(role, day)
            if actor is None:
                continue
        if found and start - found[-1][1] <= _MAX_GAP:
            prev = found[-1]
            gap = text[prev[1]:start]
            if prev[3] == 2 and gap == " " and is_person[actor] and via != 2:
                prev[1], prev[2], prev[3] = end, actor, via          # "Russian President Vladimir Putin"
                continue
            if via == 2 and prev[2] == actor and gap in _APPOSITION:
                continue                                              # "Putin, the Russian president"
            if acronym and prev[2] == actor and gap == " (" and text[end:end + 1] == ")":
                continue                                              # "Armed Forces of Ukraine (AFU)"
        found.append([start, end, actor, via])
    return found


def find_mentions(articles: pd.DataFrame, actors=None) -> pd.DataFrame:
    """The mentions table (see DESIGN.md) for every article: title, standfirst and body.

    `actors` is None (the bundled gazetteer), a `Gazetteer`, or a user YAML file (or list of files)
    laid over the bundled one. `start`/`end` are offsets into the article's `field`
    (title, standfirst or text); `paragraph` and `sentence` are 0-based indices within that field.
    The byline is never searched.
    """
    gazetteer = as_gazetteer(actors)
    matcher = _matcher(gazetteer)
    ids, fields, actor_codes, starts, ends, paragraphs, sentences, vias, surfaces = \
        [], [], [], [], [], [], [], [], []
    published = articles["published"] if "published" in articles else pd.Series(pd.NaT, index=articles.index)
    days = [None if pd.isna(ts) else ts.date() for ts in published]
    columns = [articles[f].tolist() if f in articles else [""] * len(articles) for f in FIELDS]
    for row, (article_id, day) in enumerate(zip(articles["article_id"].tolist(), days)):
        holders: dict = {}
        for field_code, values in enumerate(columns):
            text = values[row]
            if not text or not isinstance(text, str):
                continue
            found = scan(text, matcher, gazetteer, day, holders)
            if not found:
                continue
            par = paragraph_starts(text)
            sent = sentence_starts(text, par)
            first = [f[0] for f in found]
            ids.extend([article_id] * len(found))
            fields.extend([field_code] * len(found))
            actor_codes.extend([f[2] for f in found])
            starts.extend(first)
            ends.extend([f[1] for f in found])
            vias.extend([f[3] for f in found])
            surfaces.extend([text[f[0]:f[1]] for f in found])
            paragraphs.extend([bisect_right(par, s) - 1 for s in first])
            sentences.extend([bisect_right(sent, s) - 1 for s in first])
    return _mentions_frame(gazetteer, ids, fields, actor_codes, starts, ends, paragraphs, sentences,
                           vias, surfaces)


def _mentions_frame(gazetteer, ids, fields, actor_codes, starts, ends, paragraphs, sentences, vias,
                    surfaces) -> pd.DataFrame:
    codes = np.asarray(actor_codes, dtype=np.int32)
    kinds = sorted({a.kind for a in gazetteer.actors})
    sides = sorted({a.side for a in gazetteer.actors})
    kind_of = np.array([kinds.index(a.kind) for a in gazetteer.actors] or [0], dtype=np.int32)
    side_of = np.array([sides.index(a.side) for a in gazetteer.actors] or [0], dtype=np.int32)
    frame = pd.DataFrame({
        "article_id": pd.array(ids, dtype="str"),
        "field": pd.Categorical.from_codes(np.asarray(fields, dtype=np.int8), categories=list(FIELDS)),
        "actor": pd.Categorical.from_codes(codes, categories=[a.name for a in gazetteer.actors]),
        "kind": pd.Categorical.from_codes(kind_of[codes] if len(codes) else codes, categories=kinds),
        "side": pd.Categorical.from_codes(side_of[codes] if len(codes) else codes, categories=sides),
        "surface": pd.array(surfaces, dtype="str"),
        "start": np.asarray(starts, dtype=np.int64),
        "end": np.asarray(ends, dtype=np.int64),
        "paragraph": np.asarray(paragraphs, dtype=np.int32),
        "sentence": np.asarray(sentences, dtype=np.int32),
        "via": pd.Categorical.from_codes(np.asarray(vias, dtype=np.int8), categories=list(_VIAS)),
    })
    return frame[MENTION_COLUMNS]
