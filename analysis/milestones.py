"""Negotiation milestones: dated events (talks, calls, ceasefires, deals...) found sentence by sentence.

A milestone is a date the temporal tagger can place (a day, week, month, quarter, season or year)
and the event cue of `data/event_cues.yml` nearest to it in its sentence. Its status comes from cue
words and from whether the date lies after the article's publication; its actors are the mentions
in the date's clause, its place the place of `data/places.yml` the text puts the event in. The day
something was said is never an event's date, and an article reports each event once (see the
milestone guidelines, which this follows).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, NamedTuple

import pandas as pd

from .config import DEFAULT_CUES, DEFAULT_PLACES
from .lexicon import Lexicon, default_lexicon
from .offsets import anchored_events, later_events, offset_events
from .participants import _THAT, _actors, _told_after, attended, pronoun_subject, referred_to
from .sides import Sides, default_sides
from .text import lower_in_place, segments, sentence_starts
from .times import tag_spans
from .timex.narrative import YEAR_WRITTEN, NarrativeYear
from .yamlfiles import LineLoader, LineMapping, read_yaml, type_name
from .schema import MILESTONE_COLUMNS

STATUSES = ("past", "upcoming", "proposed", "cancelled")
_AS_OF = re.compile(r"\bas of\s+$", re.I)  # "as of today, he sees no chance of a deal": a state, no event
_CITED = re.compile(r"\([^()]{10,200},\s*$")  # "(<a headline>, " before a date: the article cited
# A date as a reference point, not an event's time: what a state returns or is compared to ("roll back
# the clock to 2014", "a return to the 1991 borders", "the lines of 2022", "the same as it was in April")
_REFERENCE_BEFORE = re.compile(r"\b(?:(?:clock|clocks|back|return|returning|returned|revert|reverting)\s+to\s+(?:the\s+)?"
                               r"(?:pre-)?|(?:borders|lines|frontiers|boundaries|levels|status\s+quo)\s+(?:of|as\s+of|"
                               r"before)\s+(?:the\s+)?|as\s+(?:it|they|things)\s+(?:was|were|stood)\s+(?:in|on|at)\s+)$", re.I)
# A day an event marks ("on the occasion of Victory Day", "to mark Independence Day"): when the
# sentence gives another date, that one is the event's
_MARKING = (r"\b(?:on\s+the\s+occasion\s+of|(?:to\s+)?mark|marking|marked|(?:to\s+)?celebrate|celebrating|celebrated|"
            r"(?:to\s+)?commemorate|commemorating|in\s+honou?r\s+of|dedicated\s+to)\s+(?:the\s+)?")
_MARKED = re.compile(_MARKING + "$", re.I)
_MARKED_DAY = re.compile(f"(?i:{_MARKING})" + r"(?:[A-Z][\w’'-]*\s+(?:of\s+)?)+[A-Z][\w’'-]*\s*\($")  # "... of Ukraine (August 24)"
# A dateline: the city in capitals, the day the report was filed, the agency or a dash
_DATELINE = re.compile(r"\s*[A-Z][A-Z .’'-]{2,30},\s+")
_DATELINE_END = re.compile(r"\s*(?:\(|[-–—]|/)")
_REFERENCE_AFTER = re.compile(r"\s*(?:borders|lines|frontiers|boundaries|levels)\b", re.I)
_SINCE = re.compile(r"\bsince\b(?=[^,.;:]*$)", re.I)  # the date is inside a "since ..." clause
# What puts a place name where an event happens ("talks in Istanbul", "a visit to Kyiv", "the city of
# Lviv"); a place named without it is a government or a setting ("a plea by Kyiv", "the war in ..."),
# so is one after "the government in" or "officials in", where someone is posted ("a diplomat stationed
# in Kyiv", "based in"), and a way home is none ("before returning to Kyiv").
_LOCATIVE = re.compile(r"\b(?:(?<!government )(?<!governments )(?<!authorities )(?<!officials )(?<!leadership )(?<!regime )(?<!leaders )(?<!stationed )(?<!based )(?<!posted )in|at|near|outside|inside|(?<!return )(?<!returns )(?<!returned )(?<!returning )(?<!back )(?<!home )to|visit|visited|visiting|visits|toured|(?:city|capital|town|port) of)"
                       r"\s+(?:the\s+)?$", re.I)
_REGION = re.compile(r"\s+(?:region|regions|oblast|province|area)\b", re.I)  # "in the Donetsk region": no city
# Where a clause ends inside a sentence: its participants are those named in the date's clause
# ("Biden met Zelensky on Monday, while Russia pressed on in the east" names no Russian participant);
# an acronym in brackets breaks none ("the International Criminal Court (ICC) issued ...").
_CLAUSE_BREAK = re.compile(r";|\s[–—-]\s|—|\((?![A-Z]{2,6}\))|(?<!\([A-Z]{2})(?<!\([A-Z]{3})(?<!\([A-Z]{4})(?<!\([A-Z]{5})(?<!\([A-Z]{6})\)"
                           r"|,\s+(?:but|while|whereas|although|though|because|which|who|"
                           r"according to|as well as|adding|saying)\b|\s+(?:but|although|whereas|because)\b", re.I)
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


class DataFileError(ValueError):
    """A malformed cues or places file: names the file, the entry and what is wrong."""


def _read(path: Path) -> dict:
    """The mapping in a YAML data file; a DataFileError naming the file for anything else."""
    data = read_yaml(path, LineLoader, DataFileError)
    if not isinstance(data, LineMapping):
        raise DataFileError(f"{path}: expected a mapping, not {type_name(data)}")
    return data


def _phrases(words: list[str], flags: int = re.I) -> re.Pattern:
    """Whole-word, longest-first matching of many phrases, as one prefix-tree regex (fast to scan)."""
    trie: dict = {}
    for word in set(words):
        node = trie
        for char in word.lower() if flags & re.I else word:
            node = node.setdefault(char, {})
        node[""] = {}
    return re.compile(rf"(?<![\w-])(?:{_trie_pattern(trie)})(?![\w-])", flags)


def _trie_pattern(node: dict) -> str:
    """Alternation of a prefix tree's branches, longer continuations tried before the word ends."""
    branches = [re.escape(char) + _trie_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


#: matplotlib's marker codes a kind may be drawn with (`marker:` in the cue file), and the one it
#: is drawn with when its entry names none
MARKERS = frozenset("o v ^ < > 8 s p * h H D d P X . , 1 2 3 4 + x | _".split())
DEFAULT_MARKER = "o"
_KIND_KEYS = ("cues", "acts", "family", "marker", "statuses", "parties", "needs", "not", "hosted", "placeless", "known",
              "lasting", "since")


@dataclass
class Cues:
    kinds: list[tuple[str, re.Pattern]]
    status: dict[str, re.Pattern]
    any: re.Pattern | None = None  # every event cue of every kind: finds the sentences worth tagging
    families: dict[str, str] = field(default_factory=dict)  # kind -> its `family:` in the cue file
    markers: dict[str, str] = field(default_factory=dict)   # kind -> its `marker:`
    statuses: dict[str, frozenset] = field(default_factory=dict)  # kind -> the statuses it may have
    parties: dict[str, tuple] = field(default_factory=dict)  # kind -> the sides taking part in all its events
    acts: dict[str, dict] = field(default_factory=dict)  # kind -> cue word (lower case) -> the act it names
    needs: dict[str, re.Pattern] = field(default_factory=dict)  # kind -> words one of which its cue's clause holds
    unless: dict[str, re.Pattern] = field(default_factory=dict)  # kind -> phrases whose cue is none ("press conference")
    hosted: frozenset = frozenset()  # kinds whose place's state takes part (a visit's host)
    placeless: frozenset = frozenset()  # kinds whose events happen nowhere (a call: its parties' cities are no place)
    known: dict[str, dict] = field(default_factory=dict)  # kind -> act -> the days its acts are known to have happened
    lasting: dict[str, frozenset] = field(default_factory=dict)  # kind -> nouns of its ongoing state (lower case)
    since: dict[str, dt.date] = field(default_factory=dict)  # kind -> the day its events began to happen
    # `any` without IGNORECASE, run on lower-cased text: the same matches, scanned about twice as fast
    _scan: re.Pattern | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self):
        self._scan = None if self.any is None else re.compile(self.any.pattern, self.any.flags & ~re.I)

    def positions(self, text: str) -> list[int]:
        """Where an event cue of any kind starts in `text`."""
        return [] if self._scan is None else [m.start() for m in self._scan.finditer(lower_in_place(text))]

    def known_day(self, kind: str, cue, first: dt.date, last: dt.date) -> dt.date | None:
        """The one day an act of `kind` named by `cue` is known to have happened on within
        [first, last] ("the February 2022 invasion": 24 February), None when not exactly one."""
        act = self.act(kind, cue) or str(cue)
        days = [d for d in self.known.get(kind, {}).get(act, ()) if first <= d <= last]
        return days[0] if len(days) == 1 else None

    def in_time(self, kind: str, last: dt.date) -> bool:
        """Whether an event of `kind` ending on `last` can be one of it: a war's act before the war
        began ("the Normandy invasion on June 6th, 1944") is another war's."""
        return kind not in self.since or last >= self.since[kind]

    def act(self, kind: str, cue) -> str:
        """The act of its kind a cue names ("invaded": the war's "invasion"); "" for a kind without acts."""
        return self.acts.get(kind, {}).get(str(cue).lower(), "") if isinstance(cue, str) else ""

    def allows(self, kind: str, status: str) -> bool:
        """Whether a milestone of `kind` may have `status` (a war's turning point is news once it
        has happened; a forecast invasion is not a milestone)."""
        return status in self.statuses.get(kind, STATUSES)

    def family(self, kind: str) -> str:
        """The kind family the timeline merges reports by ("talks" and "meeting": "gathering"); by
        default a kind is a family of its own."""
        return self.families.get(kind, kind)

    def marker(self, kind: str) -> str:
        """The chart marker of a kind's events."""
        return self.markers.get(kind, DEFAULT_MARKER)


def _cue_words(where: str, words) -> list[str]:
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
        raise DataFileError(f"{where}: expected a list of cue words")
    return [w.strip() for w in words]


def _acts(path, name: str, key: str, value, at: str, styles: dict) -> None:
    """A kind's `acts:` (cue words by the act they name) or `lasting:` (the nouns of its ongoing
    state by the act whose start they date: cues of that act too), recorded in `styles`."""
    if not isinstance(value, LineMapping) or not value:
        raise DataFileError(f"{at}: '{key}' must map an act's name to its cue words")
    for act, words in value.items():
        words = _cue_words(f"{path}:{value.at(act)}: kinds '{name}' {key} '{act}'", words)
        styles["acts"].setdefault(name, {}).update({w.lower(): str(act) for w in words})
        if key == "lasting":
            styles["lasting"][name] = styles["lasting"].get(name, frozenset()) | {w.lower() for w in words}


def _kind(path, name: str, spec, where: str, styles: dict[str, dict[str, str]]) -> list[str]:
    """The cue words of a kind: a list, or a mapping of `cues:` and the optional `family:` and
    `marker:` (recorded in `styles`, a later file's replacing an earlier one's)."""
    if not isinstance(spec, LineMapping):
        return _cue_words(where, spec)
    for key, value in spec.items():
        at = f"{path}:{spec.at(key)}: kinds '{name}'"
        if key not in _KIND_KEYS:
            raise DataFileError(f"{at}: unknown key '{key}' (a kind has {', '.join(_KIND_KEYS)})")
        if key == "cues":
            continue
        if key in ("acts", "lasting"):
            _acts(path, name, key, value, at, styles)
            continue
        if key == "statuses":
            if not isinstance(value, list) or not value or any(v not in STATUSES for v in value):
                raise DataFileError(f"{at}: 'statuses' must list some of {', '.join(STATUSES)}")
            styles[key][name] = frozenset(value)
            continue
        if key == "since":
            if not isinstance(value, dt.date):
                raise DataFileError(f"{at}: 'since' must be a date (YYYY-MM-DD)")
            styles[key][name] = value
            continue
        if key == "known":
            if not isinstance(value, LineMapping) or not all(
                    isinstance(days, list) and days and all(isinstance(d, dt.date) for d in days) for days in value.values()):
                raise DataFileError(f"{at}: 'known' must map an act's name to a list of dates (YYYY-MM-DD)")
            styles[key].setdefault(name, {}).update({str(act): tuple(days) for act, days in value.items()})
            continue
        if key in ("needs", "not"):
            styles[key].setdefault(name, []).extend(_cue_words(f"{at} {key}", value))
            continue
        if key in ("hosted", "placeless"):
            if not isinstance(value, bool):
                raise DataFileError(f"{at}: '{key}' must be true or false")
            styles[key][name] = value
            continue
        if key == "parties":
            if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
                raise DataFileError(f"{at}: 'parties' must list the names of sides (as the gazetteer's `side:`)")
            styles[key][name] = tuple(v.strip() for v in value)
            continue
        if not isinstance(value, str) or not value.strip():
            raise DataFileError(f"{at}: '{key}' must be text, not {value!r:.40}")
        if key == "marker" and value.strip() not in MARKERS:
            raise DataFileError(f"{at}: unknown marker '{value.strip()}' (one of {' '.join(sorted(MARKERS))})")
        styles[key][name] = value.strip()
    acts = [w.strip() for key in ("acts", "lasting") for words in (spec.get(key) or {}).values() for w in words]
    if "cues" not in spec and acts:
        return _cue_words(f"{path}:{spec.at('acts')}: kinds '{name}' acts", acts)
    return _cue_words(f"{path}:{spec.at('cues')}: kinds '{name}' cues", spec.get("cues", [])) + acts


def load_cues(*extra, base: str | Path | None = DEFAULT_CUES) -> Cues:
    """Event and status cues; a user file adds words to kinds (new kinds go last) and may set a
    kind's family and marker."""
    kinds: dict[str, list[str]] = {}
    status: dict[str, list[str]] = {}
    styles: dict[str, dict] = {"family": {}, "marker": {}, "statuses": {}, "parties": {}, "acts": {},
                               "needs": {}, "not": {}, "hosted": {}, "placeless": {}, "known": {}, "lasting": {},
                               "since": {}}
    for path in [p for p in ([base] if base else []) + list(extra) if p]:
        data = _read(Path(path))
        for section, target in (("kinds", kinds), ("status", status)):
            entries = data.get(section)
            if not entries:
                continue
            if not isinstance(entries, LineMapping):
                raise DataFileError(f"{path}:{data.at(section)}: '{section}' must map a name to a list of cue words")
            for name, spec in entries.items():
                where = f"{path}:{entries.at(name)}: {section} '{name}'"
                if not isinstance(name, str) or not name.strip():
                    raise DataFileError(f"{where}: the name must be text")
                if section == "status" and name not in STATUSES[1:]:
                    raise DataFileError(f"{where} is not one of {', '.join(STATUSES[1:])}")
                words = _kind(path, name, spec, where, styles) if section == "kinds" else _cue_words(where, spec)
                target.setdefault(name, []).extend(words)
    every = [w for words in kinds.values() for w in words]
    return Cues([(k, _phrases(w)) for k, w in kinds.items() if w], {k: _phrases(w) for k, w in status.items()},
                _phrases(every) if every else None,
                styles["family"], styles["marker"], styles["statuses"], styles["parties"], styles["acts"],
                {k: _phrases(w) for k, w in styles["needs"].items()}, {k: _phrases(w) for k, w in styles["not"].items()},
                frozenset(k for k, hosted in styles["hosted"].items() if hosted),
                frozenset(k for k, placeless in styles["placeless"].items() if placeless), styles["known"],
                styles["lasting"], styles["since"])


class _Reading(NamedTuple):
    """The patterns sentences are read with, made once per lexicon, sides and states."""
    said: re.Pattern  # a reporting verb just before a date ("..., officials said (on) Friday": when it was said)
    announced: re.Pattern  # an announcing one ("announced on Wednesday": when an act was made known)
    speaker: re.Pattern  # a name and a speech verb ("Zelensky boasted that ..."): a speaker, not a party
    says_after: re.Pattern  # a speech verb right after a date ("the ministry on Tuesday stressed")
    telling: re.Pattern  # a word that opens what a speaker tells ("his vow ... that")
    officials: re.Pattern | None  # "U.S. and Russian officials": states named by their people
    side_of: dict  # adjective -> state, for `officials`
    tells: re.Pattern  # a speech verb that is no announcement ("replied"): what follows is told
    months: re.Pattern  # a month's name: a date written with one and no year may stand in a narrative's year


@lru_cache(maxsize=1)
def _bundled_states() -> frozenset:
    """The states of the bundled gazetteer."""
    from .gazetteer import as_gazetteer
    return frozenset(a.name for a in as_gazetteer().actors if a.kind == "state")


@lru_cache(maxsize=8)
def _reading(lexicon: Lexicon, sides: Sides, states: frozenset) -> _Reading:
    def before_a_date(verbs) -> re.Pattern:
        alternatives = "|".join(re.escape(v) for v in verbs) or r"(?!)"
        return re.compile(rf"\b(?:{alternatives})\s+(?:\w+\s+)?(?:on\s+)?$", re.I)
    verbs = "|".join(re.escape(v) for v in lexicon.speech_verbs) or r"(?!)"
    speaker = re.compile(rf"[\w’'.-]+(?:\s+[A-Z][\w’'.-]*)*,?\s+(?:has\s+|had\s+|also\s+)?(?:{verbs})\b")
    announcing = {v.lower() for v in lexicon.announcing_verbs}
    telling = "|".join(re.escape(v) for v in lexicon.speech_verbs if v.lower() not in announcing) or r"(?!)"
    after_a_date = re.compile(rf"(?:\s+(?:morning|afternoon|evening|night))?,?\s+(?:also\s+)?({telling})\b", re.I)
    telling_words = re.compile(rf"\b(?:{verbs}|vow|pledge|promise|claim|warning)\b", re.I)
    side_of = {adj: side for adj, side in sides.side_of.items() if side in states}
    adjectives = "|".join(re.escape(a) for a in sorted(side_of, key=len, reverse=True))
    officials = re.compile(rf"(?<![\w.])({adjectives})(?:\s+and\s+({adjectives}))?\s+(?:officials|delegation|"
                           rf"delegations|diplomats|negotiators|side)\b") if side_of else None
    months = "|".join(re.escape(m) for m in sorted(lexicon.months, key=len, reverse=True))
    return _Reading(before_a_date(lexicon.reporting_verbs), before_a_date(lexicon.announcing_verbs), speaker,
                    after_a_date, telling_words, officials, side_of, re.compile(rf"\b(?:{telling})\b", re.I),
                    re.compile(rf"\b(?:{months})\b", re.I))


@dataclass
class Places:
    pattern: re.Pattern | None
    canonical: dict[str, str]
    venues: frozenset = frozenset()  # forms that place an event wherever they stand ("the Oval Office")
    countries: dict = field(default_factory=dict)  # place -> the state it lies in (`country:`)

    def find(self, text: str, at: int = 0) -> str:
        """The place an event at offset `at` happens in: of the places named after "in", "at", "to"...
        (or a venue's name), the nearest to `at`; "" when no place is named so."""
        return self.nearest(self.located(text), at)

    def nearest(self, located: list[re.Match], at: int) -> str:
        """The canonical name of the one of `located` nearest to offset `at`; "" for none."""
        if not located:
            return ""
        return self.canonical[min(located, key=lambda m: min(abs(m.start() - at), abs(m.end() - at))).group()]

    def located(self, text: str) -> list[re.Match]:
        """The places `text` puts something in ("talks in Istanbul", "a visit to Kyiv"), in order."""
        if not self.pattern:
            return []
        return [m for m in self.pattern.finditer(text) if not _REGION.match(text, m.end())
                and (m.group() in self.venues or _LOCATIVE.search(text[max(0, m.start() - 16):m.start()]))]


def load_places(*extra, base: str | Path | None = DEFAULT_PLACES) -> Places:
    """Places by name and alias (case-sensitive, whole words)."""
    canonical: dict[str, str] = {}
    venues: set[str] = set()
    countries: dict[str, str] = {}
    for path in [p for p in ([base] if base else []) + list(extra) if p]:
        data = _read(Path(path))
        entries = data.get("places") or []
        if not isinstance(entries, list):
            raise DataFileError(f"{path}:{data.at('places')}: 'places' must be a list")
        for index, entry in enumerate(entries):
            if not isinstance(entry, LineMapping):
                raise DataFileError(f"{path}: places[{index}]: expected a mapping with a 'name', "
                                    f"not {type_name(entry)}")
            where = f"{path}:{entry.line}: places[{index}]"
            name = entry.get("name")
            if not isinstance(name, str) or not name.strip():
                raise DataFileError(f"{where}: needs a 'name' (text)")
            aliases, entry_venues = (_names(entry, key, where, name) for key in ("aliases", "venues"))
            for form in [name, *aliases, *entry_venues]:
                canonical[form.strip()] = name.strip()
            venues.update(v.strip() for v in entry_venues)
            if isinstance(entry.get("country"), str) and entry["country"].strip():
                countries[name.strip()] = entry["country"].strip()
    return Places(_phrases(list(canonical), 0) if canonical else None, canonical, frozenset(venues), countries)


def _names(entry: LineMapping, key: str, where: str, name: str) -> list[str]:
    names = entry.get(key) or []
    if not isinstance(names, list) or not all(isinstance(a, str) and a.strip() for a in names):
        raise DataFileError(f"{where} ({name}): '{key}' must be a list of names")
    return names


def date_range(value: str, end_value: str | None = None) -> tuple[dt.date, dt.date, str] | None:
    """(first day, last day, precision) a TIMEX3 value covers; None for references and durations."""
    if end_value:
        first, last = date_range(value), date_range(end_value)
        return (first[0], last[1], "day") if first and last else None
    try:
        if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)(?:T.*)?", value):
            day = dt.date(*map(int, m.groups()))
            return day, day, "day"
        if m := re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", value):
            monday = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            if m.group(3):
                return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6), "week"
            return monday, monday + dt.timedelta(days=6), "week"
        if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
            year, month = int(m.group(1)), int(m.group(2))
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]), "month"
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            year, q = int(m.group(1)), int(m.group(2))
            last_month = 3 * q
            return dt.date(year, last_month - 2, 1), dt.date(year, last_month, calendar.monthrange(year, last_month)[1]), "quarter"
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
            year, (first, last) = int(m.group(1)), _SEASON_MONTHS[m.group(2)]
            end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
            return dt.date(year, first, 1), dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1]), "season"
        if m := re.fullmatch(r"(\d{4})-H([12])", value):
            year, half = int(m.group(1)), int(m.group(2))
            return dt.date(year, 1 if half == 1 else 7, 1), dt.date(year, 6 if half == 1 else 12, 30 if half == 1 else 31), "approximate"
        if re.fullmatch(r"\d{4}", value):
            year = int(value)
            return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    except ValueError:
        return None
    return None


_OBJECT = re.compile(r"\s+(?:of|into|in|on|against)\s+(?:the\s+)?|\s+")  # between an act and what it is done to
# Between a gathering and the larger one it is held at ("met Zelensky privately at the Munich ...")
_HELD_AT = re.compile(r"(?:\s+[\w’'.-]+){0,6}?\s+(?:at|during|on\s+the\s+(?:sidelines|margins)\s+of)\s+(?:the\s+)?"
                      r"(?:[\w’'-]+\s+){0,3}", re.I)
_AGENT = re.compile(r"[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*(?:['’]s)?\s+")  # a name (and its 's) straight before an act
_OPENING = re.compile(r"(?:In|Back in)\s+")  # what opens a sentence before a month's or a year's date
_OBJECT_WORDS = re.compile(r"\s+(?:(?:a|an|the|its|their|joint|new|fresh|further)\s+)*")  # between a verb and its object
_PREPOSITION = re.compile(r"(?:into|in|on|at|by|for|to|with|from)\b", re.I)  # what opens a cue that is no object
_OFFSET_WORD = re.compile(r"\b(?:days?|weeks?|months?)\s+(?:after|before|later)\b", re.I)  # an offset may date an event
# "Eight years later", "A month later": later than the event told of before, never than publication
# (`later_events` dates it from the sentence before)
_LATER_ON = re.compile(r"(?:[\w-]+\s+)?(?:days?|weeks?|months?|years?|decades?)\s+later", re.I)
_TIE = 25  # characters: cues this much farther from a date than the nearest one are as near


# A count of many before a plural cue, maybe past other nouns of a list ("dozens of sessions,
# meetings and ...", "numerous resolutions", "several rounds of talks"): habitual events, no one of them
_MANY = re.compile(r"\b(?:(?:dozens|hundreds|scores|a\s+number)\s+of|numerous|several|many|multiple|countless|"
                   r"repeated|various)\s+(?:[\w-]+(?:,|,?\s+and|,?\s+or)\s+){0,3}(?:[\w-]+\s+)?$", re.I)
# A participle of a war's act as an adjective, after a determiner and before its noun ("occupied
# sovereign territory", "the occupied Donbas", "Russia's annexed peninsula"): a description, no act
_DETERMINER = re.compile(r"^\s*$|(?:\b(?:the|a|an|its|their|his|her|our|this|that|these|those|of|in|over|from|into|across|"
                         r"on|all|both|two|three|four|five|still|temporarily|newly|partly|partially|illegally|now|"
                         r"currently|formerly|previously)|[’']s)\s+$", re.I)
_NOUN_AFTER = re.compile(r"\s+(?!(?:by|in|on|at|since|for|until|during|after|before|from|with|and|or|as|to|"
                         r"last|this|early|late|then|again)\b)[\w’'-]+")


def _many(sentence: str, start: int, end: int) -> bool:
    """Whether a plural cue `sentence[start:end]` is counted as many ("numerous resolutions")."""
    return sentence[end - 1:end].lower() == "s" and bool(_MANY.search(sentence, max(0, start - 80), start))


def _attributive(sentence: str, start: int, end: int) -> bool:
    """Whether a participle cue (`-ed`) stands as an adjective before its noun ("the occupied Donbas")."""
    return sentence[end - 2:end].lower() == "ed" and bool(_DETERMINER.search(sentence, max(0, start - 20), start)) \
        and bool(_NOUN_AFTER.match(sentence, end))


_QUOTED = re.compile(r"“[^“”]{1,200}”|\"[^\"]{1,200}\"")  # a quotation, in curly or straight marks
# A place in an event's name: after "the" (and a year) and before the event's cue, maybe past a
# numeral ("the 1994 Budapest Memorandum", "the Minsk II agreement", "the Istanbul communiqué")
_NAMING = re.compile(r"\bthe\s+(?:\d{4}\s+)?$", re.I)
_NAME_TAIL = re.compile(r"(?:[\s-]+(?:I{1,3}|[1-3]))?\s+")


def _month(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last days of the month `day` is in."""
    return date_range(f"{day:%Y-%m}")[:2]


class _Sentence:
    """One sentence with a cue: its cues, status words and place, each found once however many dates it holds."""

    def __init__(self, text: str, cues: Cues, places: Places, sides: list[tuple[int, str]] = ()):
        self.text, self.cues, self.places = text, cues, places
        self.sides = sides  # (offset, side) of the sentence's mentions
        self._located: list[re.Match] | None = None
        self._kinds: list[tuple[str, list[int], list[int]]] | None = None
        self._has: dict[str, bool] = {}

    def has(self, name: str, span: tuple[int, int] | None = None) -> bool:
        """Whether the sentence (or its part `span`) holds a cue of status `name`."""
        if span is not None:
            return self.has(name) and bool(self.cues.status[name].search(self.text, *span))
        if name not in self._has:
            self._has[name] = name in self.cues.status and bool(self.cues.status[name].search(self.text))
        return self._has[name]

    def speculative(self, start: int, end: int) -> bool:
        """Whether the clause `text[start:end]` speaks of what may or will happen."""
        return any(name in self.cues.status and self.cues.status[name].search(self.text, start, end)
                   for name in ("proposed", "upcoming"))

    def status(self, first: dt.date, last: dt.date, published: dt.date, span: tuple[int, int] | None = None) -> str:
        """An event's status from the words of its own clauses `span` (a "will" in what a speaker
        goes on to tell is not the event's) and whether its dates lie after publication."""
        if self.has("cancelled", span):
            return "cancelled"
        upcoming = self.has("upcoming", span)
        if first > published or (upcoming and last >= published):
            return "proposed" if self.has("proposed", span) and not upcoming else "upcoming"
        return "past"

    def kind(self, at: int, clause: tuple[int, int] = (0, 0), until: int | None = None) -> tuple[str, int, int, str] | None:
        """The kind of the cue nearest to the date, where that cue starts and ends, and the word of the anchoring
        phrase it stands in when the date belongs to it ("after" in "after its 2014 invasion", else
        ""); of cues about as near
        (within _TIE characters of the nearest: "met in Istanbul on Tuesday for talks"), the
        earliest-listed kind's. A cue that only dates something else ("the first attack since the
        invasion", on Monday) is not the date's event (the date ends at `until`)."""
        until = at if until is None else until
        distances, nearest_cue = [], {}
        for kind, spans in self.spans():
            eligible = [(a, b, self._anchor_word(anchor)) for a, b, anchor in spans
                        if (anchor is None or _dates_anchor(self.text, anchor, b, at, until))
                        and ";" not in self.text[min(b, at):max(a, until)]]  # a semicolon parts two clauses' events
            if (d := _distance([a for a, _, _ in eligible], [b for _, b, _ in eligible], at)) is not None:
                distances.append((d, kind))
                nearest_cue[kind] = min(eligible, key=lambda span: min(abs(span[0] - at), abs(span[1] - at)))
        if not distances:
            return None
        nearest = min(d for d, _ in distances)
        lo, hi = clause
        tied = [kind for d, kind in distances if d <= nearest + _TIE]
        # of cues about as near, one no comma or conjunction parts from the date ("Referendums are
        # due later this week, and Russia will declare them annexed": the referendums')
        kind = next((k for k in tied if not self._parted(nearest_cue[k], at, until)), tied[0])
        # "met in Istanbul on Monday for talks": of one family in the date's clause, the earliest listed
        family = self.cues.family(kind)
        in_clause = next(((k, next(span for span in spans if lo <= span[0] < hi)) for k, spans in self._kinds
                          if self.cues.family(k) == family and any(lo <= a < hi for a, _, _ in spans)), None)
        if in_clause and in_clause[0] != kind:
            kind, (a, b, anchor) = in_clause
            return kind, a, b, self._anchor_word(anchor)
        a, b, anchored = nearest_cue[kind]
        return kind, a, b, anchored

    def spans(self) -> list[tuple[str, list[tuple[int, int, int | None]]]]:
        """The sentence's cues naming events, by kind: (start, end, where an anchoring phrase begins)."""
        if self._kinds is None:
            self._kinds = []
            for kind, pattern in self.cues.kinds:
                spans = [(a, b, _anchor(self.text, a)) for a, b in (m.span() for m in pattern.finditer(self.text))
                         if self._names_event(kind, a, b)]
                self._kinds.append((kind, spans))
            heads: dict[int, list[str]] = {}
            for kind, spans in self._kinds:
                for a, _, _ in spans:
                    heads.setdefault(a, []).append(kind)
            self._kinds = [(kind, [span for span in spans if not self._object_of(kind, span, heads)])
                           for kind, spans in self._kinds]
        return self._kinds

    def _object_of(self, kind: str, span: tuple, heads: dict[int, list[str]]) -> bool:
        """Whether a cue is a verb whose object is another kind's cue ("signed a joint statement"
        is a statement, "ordered new sanctions" sanctions): that cue names the event."""
        found = _OBJECT_WORDS.match(self.text, span[1])
        object_at = found.end() if found else span[1]
        return any(other != kind and self.cues.family(other) != self.cues.family(kind)
                   and not _PREPOSITION.match(self.text, a)  # "the aid bill into law": no object
                   for a in range(span[1] + 1, object_at + 1) for other in heads.get(a, ()))

    def kind_at(self, at: int) -> str:
        """The kind of the cue starting at `at`, "" when none does."""
        return next((kind for kind, spans in self.spans() for a, _, _ in spans if a == at), "")

    def act_at(self, at: int) -> tuple[str, str]:
        """The kind and the act (or, for a kind without acts, the word) of the cue starting at `at`."""
        kind = self.kind_at(at)
        cue = next((self.text[a:b] for k, spans in self.spans() if k == kind for a, b, _ in spans if a == at), "")
        return kind, self.cues.act(kind, cue) or cue.lower()

    def dated_back(self, at: int, dates: tuple[dt.date, dt.date], years: int | None, written: str,
                   published: dt.date) -> tuple[dt.date, dt.date]:
        """The dates of the act of the cue at `at`: `years` before for an anniversary ("the first
        anniversary of the invasion on February 24"); a day or month written without its year that
        is the one the act is known to have happened in, that one ("the February 24 invasion" in a
        report of 2023: 2022's)."""
        first, last = dates
        if years:
            return _years_before(first, years), _years_before(last, years)
        kind, act = self.act_at(at)
        known = [d for d in self.cues.known.get(kind, {}).get(act, ()) if d <= published]
        if not known or YEAR_WRITTEN.search(written):
            return first, last
        if first == last:
            same = [d for d in known if (d.month, d.day) == (first.month, first.day)]
            return (same[0], same[0]) if len(same) == 1 else (first, last)
        same = [d for d in known if d.month == first.month] if (first, last) == _month(first) else []
        return _month(same[0]) if len(same) == 1 else (first, last)

    def known_day(self, at: int, first: dt.date, last: dt.date) -> dt.date | None:
        """The day the act of the cue at `at` is known to have happened on within [first, last], if one."""
        return self.cues.known_day(*self.act_at(at), first, last)

    def fronted(self, kind: str, date: tuple[int, int], dates: list) -> list[tuple[str, int, int]]:
        """The events of other kinds a date opening the sentence dates too ("In 2014, after the war
        broke out, he mediated in the Minsk agreements": the war and the agreements), as (kind, cue
        start, end): the first cue of each such kind after it, with no other date of its own."""
        if not (_OPENING.fullmatch(self.text, 0, date[0]) and self.text.startswith(",", date[1])) or len(dates) > 1:
            return []
        family = self.cues.family(kind)
        return [(other, *spans[0][:2]) for other, spans in self._kinds or [] if spans and other != kind
                and self.cues.family(other) != family and spans[0][2] is None and spans[0][0] > date[1]]

    def _parted(self, cue: tuple, at: int, until: int) -> bool:
        """Whether a comma or a conjunction stands between a cue and the date `text[at:until]`."""
        lo, hi = (cue[1], at) if cue[1] <= at else (until, cue[0])
        return lo < hi and bool(_APART.search(self.text, lo, hi))

    def companion(self, kind: str, clause: tuple[int, int], cue: tuple[int, int]) -> list[tuple[str, int, int]]:
        """The other event of its family a dated cue's clause names when one is hosted and the
        other not ("arrives in Moscow for talks": a visit and talks), or when one is held at the
        other ("met Zelensky at the Munich Security Conference": a meeting and the conference), as
        (kind, cue start, end)."""
        lo, hi = clause
        family, hosted = self.cues.family(kind), kind in self.cues.hosted
        return [(other, a, b) for other, spans in self._kinds or [] if other != kind
                and self.cues.family(other) == family for a, b, anchor in spans if anchor is None and lo <= a < hi
                and ((other in self.cues.hosted) != hosted or _HELD_AT.fullmatch(self.text, b, cue[0])
                     or _HELD_AT.fullmatch(self.text, cue[1], a))][:1]

    def _names_event(self, kind: str, a: int, b: int) -> bool:
        """Whether the cue `text[a:b]` names an event of its kind: it stands in no phrase the kind's
        `not:` lists ("a press conference"), and its clause holds one of the kind's `needs:` words
        when it has some (sanctions are a decision: "imposed", "lifted", not "the fallout from sanctions")."""
        unless = self.cues.unless.get(kind)
        if unless and any(m.start() < b and a < m.end() for m in unless.finditer(self.text, max(0, a - 40), b + 40)):
            return False
        if _many(self.text, a, b) or (kind in self.cues.parties and _attributive(self.text, a, b)):
            return False
        if kind in self.cues.parties and self._another_war(self.cues.parties[kind], a, b):
            return False
        if self.text[a:b].lower() in self.cues.lasting.get(kind, ()) and not _lasts(self.text, a, b):
            return False  # "the war" names its start only where the text says how long it has lasted
        needs = self.cues.needs.get(kind)
        return needs is None or bool(needs.search(self.text, *_clause(self.text, a, b)))

    def _another_war(self, parties: tuple, cue_start: int, cue_end: int) -> bool:
        """Whether the act a cue names is one of another war: what it is "of", "into" or "against"
        is a state of no party's side ("the invasion of Poland in 1939"), or one such is who does
        it ("Germany invading Czechoslovakia", "Germany's invasion")."""
        return any(side and side not in parties and (
            (cue_end <= at <= cue_end + 25 and _OBJECT.fullmatch(self.text, cue_end, at))
            or (cue_start - 30 <= at < cue_start and _AGENT.fullmatch(self.text, at, cue_start)))
            for at, side in self.sides)

    def _anchor_word(self, anchor: int | None) -> str:
        return "" if anchor is None else self.text[anchor:anchor + 12].split()[0].lower()

    def place(self, at: int, cue: int | None = None) -> str:
        """Where the event dated at `at` (its cue at `cue`) happens: the located place nearest to
        it, not one naming another event ("in the Minsk agreements" locates the agreements only)."""
        located = [m for m in self._places() if cue is None or (self._names_another(m.end(), cue)
                                                                 and not self._quoted_apart(m.start(), cue))]
        return self.places.nearest(located, at)

    def _quoted_apart(self, at: int, cue: int) -> bool:
        """Whether a place at `at` stands in a quotation the cue at `cue` is outside of (a boast
        "to be in Kyiv in three days" puts no event there)."""
        return any(a < at < b and not a < cue < b for a, b in (m.span() for m in _QUOTED.finditer(self.text)))

    def _places(self) -> list[re.Match]:
        """The places the sentence puts something in, found once: those "in", "at", "to" ... and those
        in an event's own name ("the Budapest Memorandum", "the Minsk II agreement": where it was made)."""
        if self._located is None:
            located = self.places.located(self.text)
            starts = {a for _, spans in self.spans() for a, _, _ in spans}
            named = [m for m in (self.places.pattern.finditer(self.text) if self.places.pattern else ())
                     if _NAMING.search(self.text, max(0, m.start() - 12), m.start())
                     and (after := _NAME_TAIL.match(self.text, m.end())) and after.end() in starts]
            self._located = sorted({m.start(): m for m in located + named}.values(), key=lambda m: m.start())
        return self._located

    def _names_another(self, end: int, cue: int) -> bool:
        """False when a place ending at `end` names an event's cue after it of another kind than `cue`'s."""
        after = re.match(r"\s+", self.text[end:end + 3])
        start = end + (after.end() if after else 0)
        own = self.kind_at(cue)  # "signed the Moscow accords": the accords are the signing's event
        return start == cue or not any(a == start for kind, spans in self._kinds or [] if kind != own for a, _, _ in spans)

    def venues(self) -> set[int]:
        """Where the places the sentence puts something in start."""
        return {m.start() for m in self._places()}


_MOD = re.compile(r"\b(?:(?P<early>early|beginning of|start of|first days of)|(?P<mid>mid|middle of)|"
                  r"(?P<late>late|end of|close of|last days of))\b", re.I)
# the part of a month (days) and of a year (months) that "early", "mid" and "late" give, as the
# milestone guidelines write them: "early March" = 1-10 March, "late February" = 20-28/29 February,
# "mid-2024" = May-August, "the end of the year" = October-December
_MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (20, 31)}
_YEAR_PARTS = {"early": (1, 3), "mid": (5, 8), "late": (10, 12)}


def modified(first: dt.date, last: dt.date, precision: str, expression: str) -> tuple[dt.date, dt.date, str]:
    """A month's or a year's range narrowed to the part "early", "mid" or "late" names."""
    m = _MOD.search(expression)
    if not m or precision not in ("month", "year"):
        return first, last, precision
    part = m.lastgroup
    if precision == "month":
        low, high = _MONTH_PARTS[part]
        end_day = min(high, calendar.monthrange(first.year, first.month)[1])
        return first.replace(day=low), first.replace(day=end_day), precision
    low, high = _YEAR_PARTS[part]
    return (dt.date(first.year, low, 1), dt.date(first.year, high, calendar.monthrange(first.year, high)[1]),
            precision)


#: days: an event that ended longer than this before its article is history the article invokes
#: (the 1991 borders, 2014), not its news
BACKGROUND_DAYS = 90


def recency(first: dt.date, last: dt.date, published: dt.date) -> int:
    """Days from the event to its article: how long before publication it ended (0: the event's
    dates hold the publication day; negative: days until it begins)."""
    if last < published:
        return (published - last).days
    return 0 if first <= published else -(first - published).days


# A cue inside a phrase that dates something by it ("since the invasion", "two days after the start of
# the war", "ahead of the summit"): the event it names is a time anchor for the rest of the sentence.
_ANCHOR_PHRASE = re.compile(r"\b(?:since|after|before|following|prior to|ahead of|amid|until|in the run-up to)\s+"
                            r"(?:the\s+)?(?:(?:start|beginning|outbreak|launch|eve|end)\s+of\s+(?:the\s+)?)?"
                            r"(?:[\w’'-]+\s+){0,3}$", re.I)
_AFTER = ("after", "since", "following")  # anchoring words that put their event before the rest
_ANCHOR_REACH = 50  # characters after such a cue where a date still belongs to it ("after the invasion on February 24",
# "since the occupation of Ukraine’s Donbas region and Crimea in 2014")


def _anchor(sentence: str, cue_start: int) -> int | None:
    """Where the anchoring phrase a cue stands in begins, or None when the cue stands in none."""
    m = _ANCHOR_PHRASE.search(sentence, max(0, cue_start - 60), cue_start)
    return m.start() if m else None


# A date that opens its sentence ("In 2014, after ..."), as a phrase restating it does; one after a
# verb ("searched on July 6, after the rebellion") dates the verb's act, and one of a list ("...; in
# September 2022, after the invasion; ...") is a time the phrase comes before
_OPENS = re.compile(r"\s*(?:(?:then|and|but|so)\s+)?(?:(?:in|on|at|during|by|from)\s+)?", re.I)


def _dates_anchor(sentence: str, anchor: int, cue_end: int, at: int, until: int) -> bool:
    """Whether the date `sentence[at:until]` belongs to an anchoring phrase's own event: inside the
    phrase ("since Russia's February 24 invasion"), right after it in the same clause, or just
    before it ("In 2014, after the outbreak of the war": the date the phrase restates)."""
    if anchor <= at <= cue_end:
        return True
    if until <= anchor and re.fullmatch(r"[\s,]*", sentence[until:anchor]) and \
            not sentence.startswith("since", anchor) and _OPENS.fullmatch(sentence, 0, at):
        return True
    return cue_end <= at <= cue_end + _ANCHOR_REACH and not re.search(r"[,;:.]", sentence[cue_end:at])


def _clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The span of the clause holding `sentence[start:end]` (the whole sentence when it has one)."""
    before = [m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, start)]
    after = _CLAUSE_BREAK.search(sentence, end)
    return (before[-1] if before else 0), (after.start() if after else len(sentence))


def _distance(starts: list[int], ends: list[int], at: int) -> int | None:
    """Distance from `at` to the nearest of non-overlapping, ordered spans (to its nearer end)."""
    i = bisect_right(starts, at)  # spans before i start at or before `at`, the rest after it
    near = [min(abs(starts[j] - at), abs(ends[j] - at)) for j in (i - 1, i) if 0 <= j < len(starts)]
    return min(near) if near else None


class _Mentions:
    """The mentions of one field, found by position with a binary search (in their original order)."""

    def __init__(self, mentions: list[tuple[int, str, bool, str]]):
        self.mentions = mentions
        self.order = sorted(range(len(mentions)), key=lambda i: mentions[i][0])
        self.starts = [mentions[i][0] for i in self.order]

    def between(self, start: int, end: int) -> list[tuple[int, str, bool]]:
        picked = self.order[bisect_left(self.starts, start):bisect_left(self.starts, end)]
        return [self.mentions[i] for i in sorted(picked)]


def _when_said(sentence: str, date: tuple[int, int], dated: list, cues: Cues, reading: _Reading) -> bool:
    """Whether the date `sentence[date[0]:date[1]]` is when something was said, a state held, a
    period began or a point things are measured by, not an event's date."""
    (start, end), said, says_after = date, reading.said, reading.says_after
    before = sentence[max(0, start - 30):start]
    if said.search(before) or (reading.announced.search(before) and len(dated) > 1) or _AS_OF.search(before):
        return True  # "..., officials said on Friday": when it was said, never when the event is
    if len(dated) > 1 and (_MARKED.search(sentence, max(0, start - 30), start)
                           or _MARKED_DAY.search(sentence, max(0, start - 80), start)):
        return True  # "a meeting on the occasion of Victory Day on 7 May": the holiday is what is marked
    if _DATELINE.fullmatch(sentence, 0, start) and _DATELINE_END.match(sentence, end):
        return True  # "MINSK, 7 May (BelTA) - ...": the day the report was filed
    if _REFERENCE_BEFORE.search(sentence, max(0, start - 30), start) or _REFERENCE_AFTER.match(sentence, end):
        return True  # "roll back the clock to 2014", "the 1991 borders": a point things are measured by
    if sentence.startswith(")", end) and _CITED.search(sentence, max(0, start - 200), start):
        return True  # "(Moscow confirms attack during UN chief's visit, 29 April)": a cited article's date
    if (verb := says_after.match(sentence, end)) and not (cues.any and cues.any.fullmatch(verb.group(1))):
        return True  # "the ministry on Tuesday stressed ...": the speaker's date, before the verb
    since = _SINCE.search(sentence, max(0, start - 80), start)
    # "since January": where a period starts; "since the invasion began in February" dates it
    return bool(since) and not (cues.any is not None and cues.any.search(sentence, since.end(), start)) \
        and not _waged_since(sentence, since.start(), cues)


_PERFECT = re.compile(r"\b(?:has|have)\s+(?:been\s+)?\w+", re.I)


def _waged_since(sentence: str, since: int, cues: Cues) -> bool:
    """Whether "since" dates the start of a war act its clause holds in the perfect ("Russia has
    been waging a war against Ukraine since 2014", "has occupied Crimea since 2014"): the act
    began then; "the first offensive since 2014" dates nothing."""
    lo = _clause(sentence, since, since)[0]
    verb = _PERFECT.search(sentence, lo, since)
    if bool(verb) and any(kind in cues.parties and pattern.search(sentence, verb.start(), since)
                          for kind, pattern in cues.kinds):
        return True
    # "the war, which has been going on since 2014": the ongoing state named before it began then
    going = _GOING_ON_END.search(sentence, max(0, since - 60), since)
    return bool(going) and _lasting_named(sentence, max(0, going.start() - 80), going.start(), cues)


def _lasting_named(sentence: str, lo: int, hi: int, cues: Cues) -> bool:
    """Whether `sentence[lo:hi]` names a kind's ongoing state (`lasting:`) said to have lasted."""
    return any(m.group().lower() in cues.lasting[kind] and _lasts(sentence, m.start(), m.end())
               for kind, pattern in cues.kinds if kind in cues.lasting for m in pattern.finditer(sentence, lo, hi))


# A relative clause about a person or a place ("an actor who was assaulted in Dublin last month"):
# what it dates is its own verb's, never an event named outside it; the clause ends at a comma
_RELATIVE = re.compile(r"\b(?:who|whom|whose|where)\b(?=[^,;:()]*$)", re.I)
_CLAUSE_END = re.compile(r"[,;:()]|\s[–—-]\s")


def _relative_clause(sentence: str, start: int) -> tuple[int, int] | None:
    """The span of the relative clause of a person or a place the date at `start` stands in, if any."""
    relative = _RELATIVE.search(sentence, max(0, start - 100), start)
    if not relative:
        return None
    end = _CLAUSE_END.search(sentence, start)
    return relative.start(), end.start() if end else len(sentence)


# What stands between a date and a cue when the date belongs to another part of the sentence ("the
# revolution in late 2013 and Russia's invasion of Crimea in early 2014": 2014 is the invasion's)
_APART = re.compile(r"[,;]|\b(?:and|but|that|when|which|who|while)\b", re.I)


# A turning point's cue that is a verb ("invaded", "retook", "war broke out") is dated by its
# clause; one that is a noun ("invasion", "offensive") only by a date on it ("the February 24
# invasion", "the invasion of Ukraine in 2022", "the invasion began in February") or by a verb
# starting it ("launched an all-out invasion"): any other date is another verb's ("condemned on
# Thursday ... Putin's invasion", "a report released on Wednesday ... the ongoing invasion")
_ACT_VERB = re.compile(r"\b(?:\w+ed|\w+ing|began|broke|withdrew|retook|invade)\b", re.I)
_DATE_ON = re.compile(r"(?:[’']s)?\s+(?:with\s+(?:a|an|the|its|their)\s+(?:[\w-]+\s+)?)?"
                      r"(?:(?:[\w]+-[\w-]+|[A-Z][a-z]+(?<![’']s)|full|major|new|first|second|initial|"
                      r"original|current|illegal|unprovoked|brutal|bloody|ground|land|military|massive|large|big|"
                      r"summer|winter|spring|autumn)\s+){0,3}")
_ON_DATE = re.compile(r"(?:\s+(?:of|in|into|on|against|to|by)\s+(?:(?!(?:as|that|which|who|when|while|because|but|"
                      r"is|was|were|are|has|had|have|be|been)\b|and\s+(?!(?:the\s+)?[A-Z]))[\w’'.-]+\s+){0,6}?)?"
                      r"(?:,?\s*(?:that\s+|which\s+)?(?:began|begun|started|broke\s+out|was\s+launched|got\s+under\s+way|"
                      r"kicked\s+off|came)\s+)?\s*(?:(?:on|in|at|during|from)\s+)?", re.I)
_STARTED = re.compile(r"\b(?:launch|launched|launches|launching|began|begin|begins|beginning|started|start|starts|"
                      r"starting|ordered|orders|order|unleashed|unleash|mounted|mount|opened|open|stepped\s+up|"
                      r"step\s+up|steps\s+up|kicked\s+off|resumed)\s+(?:(?:a|an|the|its|their|his|her|our)\s+)?"
                      r"(?:[\w,’'-]+\s+){0,3}$", re.I)


# How long an ongoing war has lasted: "an eight-year conflict", "the war in Donbas, which has been
# going on for eight years", "the war that has raged since 2014"
_LASTED_BEFORE = re.compile(r"\b[\w]+-years?(?:-long|-old)?\s+(?:[\w’'-]+\s+)?$", re.I)
_GOING_ON = (r"(?:(?:has|have|had)\s+(?:now\s+)?(?:been\s+)?(?:going\s+on|ongoing|raging|raged|waged|dragged\s+on|"
             r"lasted|continued|gone\s+on)|(?:is|was)\s+(?:now\s+)?in\s+its\s+\w+\s+year)")
_GOING_ON_END = re.compile(_GOING_ON + r"\s+$", re.I)
_LASTED_AFTER = re.compile(r"(?:\s+(?:in|on|against|with|over)\s+(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,2}?)?,?\s+"
                           r"(?:(?:which|that)\s+)?" + _GOING_ON + r"\s+(?:for|since)\b", re.I)


def _lasts(sentence: str, start: int, end: int) -> bool:
    """Whether the ongoing state named at `sentence[start:end]` is said to have lasted some time."""
    return bool(_LASTED_BEFORE.search(sentence, max(0, start - 30), start) or _LASTED_AFTER.match(sentence, end))


def _turns(sentence: str, date: tuple[int, int], cue: tuple[int, int]) -> bool:
    """Whether the date `sentence[date[0]:date[1]]` is when the turning point a cue names happened."""
    if _ACT_VERB.search(sentence, *cue):
        return True
    if date[1] <= cue[0] and _LASTED_BEFORE.fullmatch(sentence, max(date[0], cue[0] - 30), cue[0]) \
            and sentence.find("-year", date[0], cue[0]) != -1:
        return True  # "an eight-year conflict": the duration on it
    lasted = _LASTED_AFTER.match(sentence, cue[1]) if cue[1] <= date[0] else None
    if lasted and not sentence[lasted.end():date[0]].strip():
        return True  # "the war, which has been going on since 2014"
    if date[1] <= cue[0]:
        on = _DATE_ON.fullmatch(sentence, date[1], cue[0])
    else:
        on = _ON_DATE.fullmatch(sentence, cue[1], date[0])
    lo, hi = min(date[1], cue[1]), max(date[0], cue[0])
    return bool(on) or (bool(_STARTED.search(sentence, max(0, cue[0] - 60), cue[0]))
                        and not _CLAUSE_BREAK.search(sentence, lo, hi))


# A date in a clause of its own after a coordinator, with its own subject and verb ("..., and finally
# in May 2021 he was arrested"); a speaker's date before a verb of commenting on what follows ("On
# Thursday the President commented on the grain crisis, negotiations with Turkey ...")
_COORDINATED = re.compile(r"[,;]\s+(?:and|but|then|so|and\s+then)\s+(?:[a-z]+ly\s+|then\s+|later\s+|soon\s+)?"
                          r"(?:(?:in|on|at|by|during|from)\s+)?$", re.I)
_SUBJECT_FIRST = re.compile(r"[,;]\s+(?:and|but|then|so)\s+(?:he|she|it|they|we|I)\s+(?:was|were|is|are|has|had|\w+ed)\s+"
                            r"(?:[\w-]+\s+)?(?:in|on|at|by|during|from)\s+$", re.I)  # "..., and it was in 2014"
_OWN_SUBJECT = re.compile(r",?\s+(?:he|she|it|they|we|I|you|[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*|the\s+[\w-]+(?:\s+[\w-]+)?)"
                          r"\s+(?:was|were|is|are|has|had|have|will|would|\w+ed)\b")
_COMMENTING = re.compile(r"\b(?:comment(?:ed|s)?\s+on|spoke\s+(?:about|of|on)|speaks\s+(?:about|of)|talk(?:ed|s)?\s+about|"
                         r"discuss(?:ed|es)|touched\s+(?:on|upon)|focused\s+on|reflected\s+on|referred\s+to|"
                         r"mentioned|dwelt\s+on)\b", re.I)


# "struck a TV tower on March 1, shortly after Russian forces launched the invasion": the date is the
# strike's; what the clause after it names happened before (or after) it
_SOON_AFTER = re.compile(r",\s*(?:shortly|just|soon|not\s+long|days|weeks|months|hours|moments)\s+(?:after|before)\b", re.I)


def _another_verbs(sentence: str, date: tuple[int, int], cue: tuple[int, int]) -> bool:
    """Whether a date belongs to another verb than the cue's event: that of a coordinated clause the
    date opens after the cue, one of commenting on the cue (the date before it, the cue after), or
    one the cue's clause is said to come shortly after or before."""
    if cue[1] <= date[0] and ((_COORDINATED.search(sentence, max(0, date[0] - 40), date[0])
                               and _OWN_SUBJECT.match(sentence, date[1]))
                              or _SUBJECT_FIRST.search(sentence, max(0, date[0] - 50), date[0])):
        return True
    return date[1] <= cue[0] and bool(_COMMENTING.search(sentence, date[1], cue[0])
                                      or _SOON_AFTER.search(sentence, date[1], cue[0]))


# "the first anniversary of", "the 80th anniversary of the": the date a cue after it gets is the
# anniversary's, the event that many years before
_ANNIVERSARY = re.compile(r"\b(?:(?P<n>\d{1,3})(?:st|nd|rd|th)|(?P<word>[a-z]+(?:-[a-z]+)?))?\s*anniversary\s+of\s+"
                          r"(?:[\w’'-]+\s+){0,4}$", re.I)
_UNITS = {w: i for i, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
                                      "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split(), 1)}
_TENS = {w: 10 * i for i, w in enumerate("twent thirt fort fift sixt sevent eight ninet".split(), 2)}


def _ordinal(word: str) -> int:
    """The number an ordinal word names ("first" 1, "seventy-fifth" 75, "eightieth" 80); 0 for another word."""
    word = word.lower()
    if word in _UNITS:
        return _UNITS[word]
    tens, _, unit = word.partition("-")
    if not unit:
        return next((n for stem, n in _TENS.items() if tens == stem + "ieth"), 0)
    base = next((n for stem, n in _TENS.items() if tens == stem + "y"), 0)
    small = _UNITS.get(unit, 0) if _UNITS.get(unit, 0) < 10 else 0
    return base + small if base and small else 0


def _anniversary(sentence: str, date: tuple[int, int], cue_start: int) -> int | None:
    """How many years before its date the event a cue names happened when the cue is what an
    anniversary is of and the date is the anniversary's; 0 when the count is not said, None when
    the cue is no anniversary's (or the date stands inside "anniversary of the 1944 landings")."""
    found = _ANNIVERSARY.search(sentence, max(0, cue_start - 60), cue_start)
    if not found or found.start() <= date[0] < cue_start:
        return None
    if found["n"]:
        return int(found["n"])
    return _ordinal(found["word"]) if found["word"] else 0


def _years_before(day: dt.date, years: int) -> dt.date:
    """The day `years` years earlier (28 February for a 29th the year lacks)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _at_home(inside: list[tuple], country: str | None) -> bool:
    """Whether every person a visit's clause names is of the state its place lies in."""
    people = [side for _, _, person, side in inside if person]
    return bool(country) and bool(people) and all(side == country for side in people)


_DAYS = re.compile(r"P(\d{1,2})D")
_BEFORE_CUE = re.compile(r"\s+(?:[\w-]+\s+)?")  # "a three-day (state) visit"


def _lasting(sentence: str, tags: list, cue_start: int, first: dt.date, last: dt.date) -> dt.date:
    """The last day of an event the sentence says lasts some days ("began a three-day visit to
    Beijing on Wednesday": Wednesday to Friday); `last` unchanged for any other."""
    if first != last:
        return last
    for start, end, kind, value, _ in tags:
        days = _DAYS.fullmatch(value) if kind == "DURATION" else None
        if days and end < cue_start and _BEFORE_CUE.fullmatch(sentence, end, cue_start) and 1 < int(days.group(1)) <= 14:
            return first + dt.timedelta(days=int(days.group(1)) - 1)
    return last


# A duration reaching back to now dates the start of a war's ongoing state: "over the past nine
# years", "an eight-year conflict"; a bare "for eight years" only that of a state the text says has
# lasted ("the war, which has been going on for eight years"), not any act's ("waging a war")
_PAST_YEARS = re.compile(r"\b(?:(?:for|over|in|during)\s+)?the\s+(?:past|last)\s+$", re.I)
_FOR_YEARS = re.compile(r"\bfor\s+$", re.I)
_YEARS = re.compile(r"P(\d{1,2})Y")


def _lasted_years(sentence: str, tags: list, published: dt.date) -> dict[tuple, bool]:
    """The durations of whole years up to the publication in a sentence, each as a date of the year
    it began ("the past eight years" in 2022: 2014), and whether it dates any war act (True) or
    only an ongoing state's noun (a bare "for eight years")."""
    out = {}
    for start, end, kind, value, _ in tags:
        years = _YEARS.fullmatch(value) if kind == "DURATION" else None
        if not years or not 0 < int(years.group(1)) < published.year:
            continue
        words, before = sentence[start:end].lower(), max(0, start - 30)
        after_for = bool(_FOR_YEARS.search(sentence, before, start))
        if words.startswith(("the past", "the last", "past", "last")) or _PAST_YEARS.search(sentence, before, start) \
                or (words.endswith("-year") and not after_for):
            out[(start, end, f"{published.year - int(years.group(1)):04d}", None)] = True
        elif after_for and "-" not in words:
            out[(start, end, f"{published.year - int(years.group(1)):04d}", None)] = False
    return out


def _starts(lasted: bool | None, kind: str, cue: str, cues: Cues) -> bool:
    """Whether a date is one a cue may take: any but a duration's year (`lasted` not None), which
    dates only a war's act (True) or the state its noun names said to have lasted (False)."""
    return lasted is None or (kind in cues.parties and (lasted or cue.lower() in cues.lasting.get(kind, ())))


def _gap(sentence: str, date: tuple[int, int], cue: tuple[int, int]) -> int:
    """How far a date is from a cue: the characters between, and a clause's length more when a
    comma or a conjunction stands between."""
    lo, hi = min(date[1], cue[1]), max(date[0], cue[0])
    return max(hi - lo, 0) + (60 if _APART.search(sentence, lo, hi) else 0)


def _milestones_in(article, published: dt.date, text: str, span: tuple[int, int], mentions: _Mentions,
                   cues: Cues, places: Places, reading: _Reading, previous: tuple[int, int] = (0, 0),
                   earlier: list[dict] = (), tags: list = ()) -> list[dict]:
    """The milestone rows of one sentence `text[span[0]:span[1]]` (one per dated event cue: of the
    dates one cue is nearest to, the nearest is its event's, "the Georgia war in 2008 and the
    occupation of Crimea in 2014"); a visit and the gathering it is for are two events. `tags` are the
    sentence's time expressions (`tag_spans`, re-anchored to the text's narrative)."""
    s_start, s_end = span
    sentence = text[s_start:s_end]
    dated = [(s, e, v, ev) for s, e, kind, v, ev in tags if kind in ("DATE", "TIME") and date_range(v, ev)
             and not _LATER_ON.fullmatch(sentence, s, e)]
    dated = sorted(dated + list(lasted := _lasted_years(sentence, tags, published)))
    if not dated and not _OFFSET_WORD.search(sentence):
        return []
    sides = [(at - s_start, side) for at, _, _, side in mentions.between(s_start, s_end)]
    about = _Sentence(sentence, cues, places, sides)
    by_cue = _offset_records(article, published, about, (s_start, text, mentions, previous), reading, dated, earlier)
    for start, end, value, end_value in dated:
        if _when_said(sentence, (start, end), dated, cues, reading):
            continue
        c_start, c_end = _clause(sentence, start, end)
        relative = _relative_clause(sentence, start)
        lo, hi = (max(c_start, relative[0]), min(c_end, relative[1])) if relative else (c_start, c_end)
        found = about.kind(start, (lo, hi), end)
        if found is None or (relative and not lo <= found[1] < hi):
            continue  # "met an actor who was assaulted last month": the date is the assault's
        kind, cue_start, cue_end, anchored = found
        if not _starts(lasted.get((start, end, value, end_value)), kind, sentence[cue_start:cue_end], cues):
            continue  # how long talks or a presidency has lasted dates nothing: only a war's start
        if not anchored and not cues.allows(kind, "upcoming") and not _turns(sentence, (start, end), (cue_start, cue_end)):
            continue  # "as it fights Russia's invasion, the US on Friday sent aid": the date is the aid's
        if not anchored and _another_verbs(sentence, (start, end), (cue_start, cue_end)):
            continue  # "..., and in May he was arrested": the date is the arrest's
        years = _anniversary(sentence, (start, end), cue_start)
        if years == 0:
            continue  # "the anniversary of the invasion next week": which year's invasion is not said
        if _told_between(sentence, (start, end), (cue_start, cue_end), reading.tells):
            continue  # "did not impose sanctions, he replied that ... 25 years ago": the date is in what is told
        first, last, precision = modified(*date_range(value, end_value), sentence[start:end])
        first, last = about.dated_back(cue_start, (first, last), years, sentence[start:end], published)
        last = _lasting(sentence, tags, cue_start, first, last)
        # "after its 2014 invasion, Putin thought he could ...": what the rest follows has happened
        status = "past" if anchored in _AFTER and last <= published else \
            about.status(first, last, published, _own_clauses(sentence, (c_start, c_end), (cue_start, cue_end), reading))
        if not cues.allows(kind, status) or (not anchored and not cues.allows(kind, "proposed")
                                             and about.speculative(c_start, c_end)):
            continue  # "the invasion could begin on Wednesday": a forecast of what only counts once it happens
        if kind in cues.hosted and _at_home(mentions.between(s_start + c_start, s_start + c_end),
                                            places.countries.get(about.place(start))):
            continue  # "Zelensky visited the front lines in Odesa": a leader at home pays no visit
        for kind, cue_start, cue_end in [(kind, cue_start, cue_end), *about.companion(kind, (c_start, c_end), (cue_start, cue_end)),
                                       *about.fronted(kind, (start, end), dated)]:
            gap = _gap(sentence, (start, end), (cue_start, cue_end))
            if cue_start in by_cue and by_cue[cue_start][0] <= gap:
                continue
            by_cue[cue_start] = (gap, start, _record(article, published, about, (s_start, text, mentions, previous),
                                                     reading, (kind, cue_start, cue_end), (c_start, c_end), (start, end),
                                                     (first, last, precision), status))
    return [row for _, _, row in sorted(by_cue.values(), key=lambda kept: kept[1])]


def _record(article, published: dt.date, about: _Sentence, where: tuple, reading: _Reading, cue: tuple,
            clause: tuple[int, int], date: tuple[int, int], dates: tuple, status: str) -> dict:
    """One milestone row: the event `cue` (kind, start, end) of the sentence `about`, dated by the
    expression at `date` to `dates` (first, last, precision); `where` is (the sentence's offset in
    `text`, `text`, its mentions, the previous sentence's span)."""
    s_start, text, mentions, previous = where
    kind, cue_start, cue_end = cue
    (c_start, c_end), (first, last, precision) = clause, dates
    inside = mentions.between(s_start + c_start, s_start + c_end)
    actors = _actors(kind, inside, about.cues, about, s_start, text, reading, (s_start + cue_start, s_start + cue_end),
                     (s_start + c_start, s_start + c_end))
    if about.cues.family(kind) == "gathering":  # "before his arrival": the person named just before
        actors = referred_to(actors, text, (s_start + c_start, s_start + c_end), previous, mentions)
    if kind not in about.cues.parties:
        actors = pronoun_subject(actors, text, (s_start + c_start, s_start + c_end), s_start + cue_start, previous, mentions)
    return {"article_id": article.article_id, "published": article.published,
            "start": first, "end": last, "precision": precision, "expression": about.text[date[0]:date[1]],
            "kind": kind, "cue": about.text[cue_start:cue_end], "cue_at": cue_start, "at": s_start + cue_start,
            "status": status, **actors, "place": "" if kind in about.cues.placeless else about.place(date[0], cue_start),
            "sentence": about.text,
            "recency": recency(first, last, published), "background": recency(first, last, published) > BACKGROUND_DAYS}


def _offset_records(article, published: dt.date, about: _Sentence, where: tuple, reading: _Reading,
                    dated: list, earlier: list[dict]) -> dict:
    """The rows of the events the sentence dates by an offset from another (`offset_events`), by cue start."""
    fixed = [(start, end, *date_range(value, end_value)) for start, end, value, end_value in dated]
    text, previous = where[1], where[3]
    told_before = next((r["start"] for r in reversed(earlier) if r["precision"] == "day"
                        and r["sentence"] == text[previous[0]:previous[1]]), None) if earlier else None
    by_cue = {}
    for start, end, kind, cue_start, cue_end, first, last, precision in \
            offset_events(about.text, fixed, about.spans, earlier, about.kind_at, published) + \
            anchored_events(about.text, fixed, about.spans, about.act_at, about.known_day) + \
            later_events(about.text, about.spans, told_before):
        clause = _clause(about.text, cue_start, cue_end)
        status = about.status(first, last, published, clause)
        if about.cues.allows(kind, status):
            by_cue[cue_start] = (-1, start, _record(article, published, about, where, reading, (kind, cue_start, cue_end),
                                                    clause, (start, end), (first, last, precision), status))
    return by_cue


def _told_between(sentence: str, date: tuple[int, int], cue: tuple[int, int], tells: re.Pattern) -> bool:
    """Whether a speaker's words open between a date and a cue ("..., he replied that ..."): a
    telling verb, then "that", both between them; one side is the telling, the other what is told."""
    lo, hi = min(date[1], cue[1]), max(date[0], cue[0])
    verb = tells.search(sentence, lo, hi)
    return bool(verb) and bool(_THAT.search(sentence, verb.end(), hi))


def _own_clauses(sentence: str, clause: tuple[int, int], cue: tuple[int, int], reading: _Reading) -> tuple[int, int]:
    """The part of a sentence an event's status words come from: its date's clause and its cue's,
    up to what a speaker goes on to tell after the cue ("my visit ... has confirmed to me that
    Russia will not succeed": the "will" is not the visit's)."""
    cue_clause = _clause(sentence, *cue)
    lo, hi = min(clause[0], cue_clause[0]), max(clause[1], cue_clause[1])
    told_before = [m.start() for m in _SAID_AFTER.finditer(sentence, lo, cue[0])
                   if reading.tells.fullmatch(sentence, m.start("verb"), m.end("verb"))]
    lo = max([lo, *told_before])  # "... will cross the line, Lukashenko said at a meeting on 7 May": the "will" is told
    return lo, max(_told_after(sentence, cue[1], hi, reading.telling), cue[1])


# ", <a speaker> said" after what they said: the words before it are told, not the event's that follows
_SAID_AFTER = re.compile(r"[,”\"]\s+(?:[\w’'.-]+\s+){1,6}?(?:has\s+|had\s+)?(?P<verb>[a-z]+)\b")
_PRECISION_RANK = {p: i for i, p in enumerate(("day", "week", "month", "quarter", "season", "approximate", "year"))}


#: days: the longest a month lasts; a report spanning more (a season, a year) holds too many events
#: to be one of them by its dates alone (here and in the timeline)
MONTH_DAYS = 31


def _holds(a: dict, b: dict) -> bool:
    """One of two date ranges holds the other."""
    return (a["start"] <= b["start"] and b["end"] <= a["end"]) or (b["start"] <= a["start"] and a["end"] <= b["end"])


def _same_event(a: dict, b: dict, act=None) -> bool:
    """Two reports in one article of one event: same kind (and act), dates that hold each other,
    and the same participants or the ones of one among the other's (two calls on one day are two
    events). A range longer than a month holds too many events to hold the other's: it is one
    only with the same range."""
    if a["kind"] != b["kind"] or (act and act(a["kind"], a["cue"]) != act(b["kind"], b["cue"])):
        return False
    if max((a["end"] - a["start"]).days, (b["end"] - b["start"]).days) >= MONTH_DAYS:
        if (a["start"], a["end"]) != (b["start"], b["end"]):
            return False
    elif not _holds(a, b):
        return False
    first, second = set(a["actors"]), set(b["actors"])
    if bool(first) != bool(second) and (_introduced(a) if not first else _introduced(b)):
        return False  # "a conversation between the heads of ..." on Saturday is another call than Biden's
    return first <= second or second <= first


_INDEFINITE = re.compile(r"\b(?:a|an|another)\s+(?:[\w’'-]+\s+){0,2}$", re.I)


def _introduced(row: dict) -> bool:
    """Whether a report's cue is brought in as a new event ("a conversation between ...",
    "another call"), not one told of again ("the call")."""
    at = row.get("cue_at", -1)
    return bool(re.match(r"(?:a|an|another)\s", row["cue"], re.I)) or \
        (at > 0 and bool(_INDEFINITE.search(row["sentence"], max(0, at - 30), at)))


def one_per_event(rows: list[dict], act=None) -> list[dict]:
    """An article's milestones with each event once (the guidelines: one record per event per
    article): reports of one event are one, kept where the date is most precise (the headline
    repeating the lead is the same event), of equally precise ones not a teaser cut short ("…");
    in text order. `act(kind, cue)` names the act a cue
    tells of (`Cues.act`): reports of two acts of the war are two events."""
    kept: list[dict] = []
    for row in sorted(rows, key=lambda r: (_PRECISION_RANK.get(r["precision"], len(_PRECISION_RANK)),
                                           r["sentence"].rstrip().endswith(("…", "...")))):
        if not any(_same_event(k, row, act) for k in kept):
            kept.append(row)
    order = {id(row): i for i, row in enumerate(rows)}
    return sorted(kept, key=lambda r: order[id(r)])


# A speaker's own gathering ("Today I held a regular meeting of the staff", "we met with
# representatives of ..."): of none of the parties when it names none
_FIRST_PERSON = re.compile(r"\b(?:I|we)\s+(?:[a-z]+\s+){0,3}$")


def _nobodys(row: dict, cues: Cues) -> bool:
    """Whether a gathering is a speaker's own with nobody the article's diplomacy is about: no
    participant, no place, and "I" or "we" just before its cue."""
    if cues.family(row["kind"]) != "gathering" or row["actors"] or row["place"]:
        return False
    at = row["cue_at"]
    return bool(_FIRST_PERSON.search(row["sentence"], max(0, at - 40), at))


def extract_milestones(articles: pd.DataFrame, mentions: pd.DataFrame, cues: Cues | None = None,
                       places: Places | None = None, *, lexicon: Lexicon | None = None, sides: Sides | None = None,
                       states: Iterable[str] | None = None) -> pd.DataFrame:
    """The milestones table (see DESIGN.md): one row per dated event cue in a sentence, its actors
    from `mentions`; `cues` and `places` default to the bundled files, reporting verbs and
    abbreviations come from `lexicon` (default: the bundled English one), and the states a sentence
    names by their officials from `sides` and the gazetteer's `states` (default: the bundled ones)."""
    lexicon = lexicon or default_lexicon()
    reading = _reading(lexicon, sides or default_sides(), frozenset(_bundled_states() if states is None else states))
    cues = cues or load_cues()
    places = places or load_places()
    by_field: dict[tuple[str, str], list] = {}
    if "side" not in mentions:
        mentions = mentions.assign(side="")
    columns = [mentions[c].astype(str).tolist() if c in ("field", "actor", "kind", "side") else mentions[c].tolist()
               for c in ("article_id", "field", "start", "actor", "kind", "side")]  # lists: Arrow strings iterate slowly
    for article_id, field, start, actor, kind, side in zip(*columns):
        by_field.setdefault((article_id, field), []).append((start, actor, kind == "person", side))
    rows = []
    for article in articles.itertuples(index=False):
        if pd.isna(article.published):
            continue
        published = article.published.date()
        found: list[dict] = []
        for field in ("title", "standfirst", "text"):
            text = getattr(article, field, "")
            if not text:
                continue
            cue_positions = cues.positions(text)
            if not cue_positions:
                continue
            sentences = segments(text, sentence_starts(text, lexicon=lexicon))
            starts = [a for a, _ in sentences]
            with_cues = sorted({bisect_right(starts, position) - 1 for position in cue_positions})
            field_mentions = _Mentions(by_field.get((article.article_id, field), []))
            in_field: list[dict] = []
            narrative = NarrativeYear(published, reading.months)
            for index in with_cues:  # only sentences with an event cue can hold a milestone
                a, b = sentences[index]
                tags = narrative.reanchor(text[a:b], tag_spans(text[a:b], published))
                in_field.extend(_milestones_in(article, published, text, sentences[index], field_mentions,
                                               cues, places, reading, sentences[index - 1] if index else (0, 0),
                                               found + in_field, tags))
            attended(in_field, text, sentences, field_mentions, found)
            found.extend(row for row in in_field
                         if not _nobodys(row, cues) and cues.in_time(row["kind"], row["end"]))
        rows.extend(one_per_event(found, cues.act))
    table = pd.DataFrame(rows, columns=MILESTONE_COLUMNS)
    for column in ("start", "end"):
        table[column] = pd.to_datetime(table[column]).astype("datetime64[s]") if len(table) else \
            pd.Series(dtype="datetime64[s]")
    return table
