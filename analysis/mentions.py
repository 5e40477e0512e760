"""Actor mentions: exact, longest-match, case-sensitive, with title coreference by publication date.

One Aho–Corasick automaton (ahocorasick-rs, leftmost-longest) holds every name, alias, acronym and
role title of the gazetteer; a match counts only at Unicode word boundaries (so possessives and
hyphenated compounds count, "us" and "USB" do not). A title resolves to whoever held the role on
the article's date; a title right before a name, a title in apposition after a name, and an acronym
in parentheses after its long form are each one mention, not two. Boundaries, titles and indices
are worked out with numpy over all the matches of a text at once, which is what makes it fast.
"""
from __future__ import annotations

import datetime as dt
import re

import ahocorasick_rs
import numpy as np
import pandas as pd

from .gazetteer import Gazetteer, as_gazetteer, title_variants
from .text import paragraph_starts, sentence_starts
from .schema import MENTION_COLUMNS

#: The article fields searched for mentions, in the order of the mentions table's `field` categories.
TEXT_FIELDS = ("title", "standfirst", "text")
_VIAS = ("name", "alias", "title")
_NAME, _ALIAS, _TITLE = range(3)
_APPOSITION = (", ", ", the ", " — ", " – ")
_COORDINATION = (" and ", " and the ")
_MAX_GAP = max(map(len, _APPOSITION + _COORDINATION))
_ACRONYM_DEFINITION = re.compile(r" \(([A-Z][A-Za-z&]{1,9})\)")
# isalnum() of every Basic Multilingual Plane character; anything beyond counts as a boundary.
_ALNUM = np.array([chr(c).isalnum() for c in range(0x10000)] + [False], dtype=bool)


def _codepoints(text: str) -> np.ndarray:
    if text.isascii():
        return np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    return np.minimum(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32), 0x10000)


class Matcher:
    """A gazetteer compiled for matching: the automata and, per key, the actor (or role) it names
    and how. Built once per set of resources (see `analysis.resources`) and never changed after."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        keys, actor, role, via, acronym = [], [], [], [], []
        seen: set[str] = set()
        self.roles = list(gazetteer.roles)

        def add(key, a, r, v, is_acronym):
            if key not in seen:  # the gazetteer's own validation rules out real conflicts
                seen.add(key)
                keys.append(key), actor.append(a), role.append(r), via.append(v), acronym.append(is_acronym)

        for index, entry in enumerate(gazetteer.actors):
            add(entry.name, index, -1, _NAME, False)
            for alias in entry.aliases:
                add(alias, index, -1, _ALIAS, False)
            for short in entry.acronyms:
                add(short, index, -1, _ALIAS, True)
        for r, role_entry in enumerate(gazetteer.roles.values()):
            for title in role_entry.titles:
                for variant in title_variants(title):
                    add(variant, -1, r, _TITLE, False)
        self.keys = keys
        self.actor = np.array(actor, dtype=np.int64)
        self.role = np.array(role, dtype=np.int64)
        self.via = np.array(via, dtype=np.int8)
        self.acronym = np.array(acronym, dtype=bool)
        self.is_person = np.array([a.kind == "person" for a in gazetteer.actors] + [False], dtype=bool)
        # A DFA costs some megabytes for a gazetteer this size and halves the scanning time.
        self.longest = ahocorasick_rs.AhoCorasick(
            keys, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
            implementation=ahocorasick_rs.Implementation.DFA) if keys else None
        self.every = ahocorasick_rs.AhoCorasick(keys) if keys else None
        # Keys that contain another key: only their failed matches can hide a shorter mention.
        self.has_inner = np.array([len(self.every.find_matches_as_indexes(k, overlapping=True)) > 1
                                   for k in keys], dtype=bool)


def _rescue(text: str, cp: np.ndarray, start: int, end: int, m: Matcher) -> list[tuple[int, int, int]]:
    """Shorter keys inside a longest match that failed its word boundaries ("U.S." in "U.S. presidential")."""
    found, last_end, n = [], start, len(text)
    inside = sorted(m.every.find_matches_as_indexes(text[start:end], overlapping=True),
                    key=lambda x: (x[1], -x[2]))
    for key, s, e in inside:
        s, e = s + start, e + start
        if s < last_end or (s and _ALNUM[cp[s - 1]]) or (e < n and _ALNUM[cp[e]]):
            continue
        found.append((key, s, e))
        last_end = e
    return found


def scan(text: str, m: Matcher, gazetteer: Gazetteer, day: dt.date | None, holders: dict):
    """(starts, ends, actor indices, via codes) of the mentions in one text, in order; None if none."""
    if m.longest is None:
        return None
    raw = m.longest.find_matches_as_indexes(text)
    if not raw:
        return None
    found = np.array(raw, dtype=np.int64)
    keys, starts, ends = found[:, 0], found[:, 1], found[:, 2]
    n = len(text)
    cp = _codepoints(text)
    bad = ((starts > 0) & _ALNUM[cp[np.maximum(starts - 1, 0)]]) | \
          ((ends < n) & _ALNUM[cp[np.minimum(ends, n - 1)]])
    if bad.any():
        rescued = [r for i in np.flatnonzero(bad & m.has_inner[keys])
                   for r in _rescue(text, cp, int(starts[i]), int(ends[i]), m)]
        found = found[~bad]
        if rescued:
            found = np.concatenate([found, np.array(rescued, dtype=np.int64)])
            found = found[np.argsort(found[:, 1], kind="stable")]
        if not len(found):
            return None
        keys, starts, ends = found[:, 0], found[:, 1], found[:, 2]
    actors, vias = m.actor[keys], m.via[keys]
    roles = m.role[keys]
    titled = np.flatnonzero(roles >= 0)
    if len(titled):
        for r in np.unique(roles[titled]):
            if r not in holders:
                holder = gazetteer.holder(m.roles[r], day)
                holders[r] = -1 if holder is None else holder
            actors[titled[roles[titled] == r]] = holders[r]
    keep = _merge_neighbours(text, keys, starts, ends, actors, vias, m)
    if not keep.all():
        starts, ends, actors, vias = starts[keep], ends[keep], actors[keep], vias[keep]
    if not len(starts):
        return None
    return _with_defined_acronyms(text, cp, starts, ends, actors, vias)


def _merge_neighbours(text, keys, starts, ends, actors, vias, m: Matcher) -> np.ndarray:
    """Which matches stay mentions: a title and a name next to each other that name one person are one.

    "Russian President Vladimir Putin" (the name absorbs the title: `starts` moves back), "Putin,
    the Russian president", "Keith Kellogg and special envoy for Ukraine" (the title after the name
    is dropped), "Armed Forces of Ukraine (AFU)" (the acronym is dropped).
    """
    keep = actors >= 0
    close = np.flatnonzero(starts[1:] - ends[:-1] <= _MAX_GAP) + 1
    for i in close:  # few: neighbours that may be one mention ("Russian President Vladimir Putin")
        j = i - 1
        # back over dropped neighbours, no further than a gap that could still join the two
        while j >= 0 and not keep[j] and ends[j] >= starts[i] - _MAX_GAP:
            j -= 1
        if j < 0 or not keep[j] or not keep[i]:
            continue
        gap = text[ends[j]:starts[i]]
        if vias[j] == _TITLE and vias[i] != _TITLE and gap == " " and m.is_person[actors[i]]:
            keep[j] = False                                   # the name absorbs the title before it
            starts[i] = starts[j]
        elif actors[i] != actors[j]:
            continue
        elif (vias[i] == _TITLE and gap in _APPOSITION) or (
                vias[i] == _TITLE and gap in _COORDINATION and not _name_follows(i, starts, ends, actors, vias, m)) or (
                m.acronym[keys[i]] and gap == " (" and text[ends[i]:ends[i] + 1] == ")"):
            keep[i] = False                                   # "Putin, the Russian president"; "... (AFU)"
    return keep


def _name_follows(i: int, starts, ends, actors, vias, m: Matcher) -> bool:
    """A person's name right after the title at `i`: the title is theirs ("... and special envoy Steve Witkoff")."""
    after = i + 1
    return after < len(starts) and starts[after] == ends[i] + 1 and vias[after] != _TITLE \
        and actors[after] >= 0 and bool(m.is_person[actors[after]])


def _with_defined_acronyms(text: str, cp: np.ndarray, starts, ends, actors, vias):
    """The mentions plus later uses of an acronym a text defines after a long form: "Armed Forces of Russia (AFR)".

    An acronym in parentheses right after a mention whose capitalised words it abbreviates is
    part of that mention; where it appears again in the text (as a whole word) it names the same actor.
    """
    n = len(text)
    opening = np.flatnonzero((ends + 1 < n) & (cp[np.minimum(ends, n - 1)] == 0x20)
                             & (cp[np.minimum(ends + 1, n - 1)] == 0x28))  # " (" after the mention
    defined: dict[str, tuple[int, int]] = {}  # acronym -> (actor, where its definition ends)
    for i in opening:
        match = _ACRONYM_DEFINITION.match(text, int(ends[i]))
        if match and match.group(1) not in defined and _abbreviates(match.group(1), text[starts[i]:ends[i]]):
            defined[match.group(1)] = (int(actors[i]), match.end())
    if not defined:
        return starts, ends, actors, vias
    pattern = re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, defined)) + r")(?![\w])")
    taken = np.zeros(n + 1, dtype=np.int8)  # +1/-1 at each mention's bounds: their running sum marks text inside one
    np.add.at(taken, starts, 1), np.add.at(taken, ends, -1)
    inside = np.cumsum(taken)
    extra = [(found.start(), found.end(), defined[found.group()][0]) for found in pattern.finditer(text)
             if found.start() >= defined[found.group()][1] and not inside[found.start()]]
    if not extra:
        return starts, ends, actors, vias
    more = np.array(extra, dtype=np.int64)
    order = np.argsort(np.concatenate([starts, more[:, 0]]), kind="stable")
    return (np.concatenate([starts, more[:, 0]])[order], np.concatenate([ends, more[:, 1]])[order],
            np.concatenate([actors, more[:, 2]])[order],
            np.concatenate([vias, np.full(len(more), _ALIAS, dtype=vias.dtype)])[order])


def _abbreviates(acronym: str, long_form: str) -> bool:
    """The acronym's capitals are the initials of the long form's capitalised words (AFR, NATO, DoD)."""
    capitals = [c for c in acronym if c.isupper()]
    initials = [w[0] for w in re.split(r"[\s\-]+", long_form) if w[:1].isupper()]
    return len(capitals) >= 2 and capitals == initials


def find_mentions(articles: pd.DataFrame, actors=None) -> pd.DataFrame:
    """The mentions table (see DESIGN.md) for every article: title, standfirst and body.

    `actors` is a `Matcher` (what the pipeline passes: compiled once with its resources), or, to
    compile one for this call, None (the bundled gazetteer), a `Gazetteer`, or a user YAML file (or
    list of files) laid over the bundled one. `start`/`end` are offsets into the article's `field`
    (title, standfirst or text); `paragraph` and `sentence` are 0-based indices within that field.
    The byline is never searched.
    """
    matcher = actors if isinstance(actors, Matcher) else Matcher(as_gazetteer(actors))
    gazetteer = matcher.gazetteer
    rows, fields, parts, surfaces = [], [], [], []
    published = articles["published"] if "published" in articles else pd.Series(pd.NaT, index=articles.index)
    days = [None if pd.isna(ts) else ts.date() for ts in published]
    columns = [articles[f].tolist() if f in articles else [""] * len(articles) for f in TEXT_FIELDS]
    for row, day in enumerate(days):
        holders: dict = {}
        for field_code, values in enumerate(columns):
            text = values[row]
            if not text or not isinstance(text, str):
                continue
            found = scan(text, matcher, gazetteer, day, holders)
            if found is None:
                continue
            starts, ends, actor_codes, vias = found
            last = int(starts[-1])  # boundaries after the last mention do not matter
            par = paragraph_starts(text, last)
            sent = sentence_starts(text, until=last)
            paragraphs = np.searchsorted(par, starts, side="right") - 1
            sentences = np.searchsorted(sent, starts, side="right") - 1
            parts.append((starts, ends, actor_codes, vias, paragraphs, sentences))
            rows.append(np.full(len(starts), row, dtype=np.int64))
            fields.append(np.full(len(starts), field_code, dtype=np.int8))
            surfaces.extend([text[s:e] for s, e in zip(starts.tolist(), ends.tolist())])
    return _mentions_frame(gazetteer, articles["article_id"], rows, fields, parts, surfaces)


def _mentions_frame(gazetteer, article_ids, rows, fields, parts, surfaces) -> pd.DataFrame:
    def joined(values, dtype):
        return np.concatenate(values) if values else np.array([], dtype=dtype)

    columns = list(zip(*parts)) if parts else [[]] * 6
    starts, ends, codes, vias, paragraphs, sentences = (
        joined(list(c), t) for c, t in zip(columns, (np.int64, np.int64, np.int64, np.int8, np.int64, np.int64)))
    kinds = sorted({a.kind for a in gazetteer.actors})
    sides = sorted({a.side for a in gazetteer.actors})
    kind_of = np.array([kinds.index(a.kind) for a in gazetteer.actors] or [0], dtype=np.int32)
    side_of = np.array([sides.index(a.side) for a in gazetteer.actors] or [0], dtype=np.int32)
    ids = np.asarray(article_ids.astype(str).to_numpy(), dtype=object)[joined(rows, np.int64)]
    frame = pd.DataFrame({
        "article_id": pd.array(ids, dtype="str"),
        "field": pd.Categorical.from_codes(joined(fields, np.int8), categories=list(TEXT_FIELDS)),
        "actor": pd.Categorical.from_codes(codes, categories=[a.name for a in gazetteer.actors]),
        "kind": pd.Categorical.from_codes(kind_of[codes], categories=kinds),
        "side": pd.Categorical.from_codes(side_of[codes], categories=sides),
        "surface": pd.array(surfaces, dtype="str"),
        "start": starts,
        "end": ends,
        "paragraph": paragraphs.astype(np.int32),
        "sentence": sentences.astype(np.int32),
        "via": pd.Categorical.from_codes(vias, categories=list(_VIAS)),
    })
    return frame[MENTION_COLUMNS]
