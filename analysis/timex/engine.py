"""The engine: runs a language's rules over a text (each only near its trigger words), keeps the
longest non-overlapping matches, normalises each (negative rules first), anchors underspecified
values against the reference date and the tense, then lets discourse re-anchor what points back."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from ..schema import TIMEX_COLUMNS
from ..text import lower_in_place
from . import discourse
from .anchor import Moment, resolve
from .language import Language, english
from .tense import Clauses
from .values import Undef, in_calendar

_WINDOW = 90  # no expression is longer; a rule runs on the text this far either side of a trigger
_SHORT = 400  # characters: below this a rule runs on the whole text when its trigger occurs


def tag_spans(text: str, reference, language: Language | None = None) -> list[tuple[int, int, str, str, str | None]]:
    """(start, end, type, value, end value) of every temporal expression in `text`, in order."""
    language = language or english()
    ref = reference_date(reference)
    lowered = lower_in_place(text)
    rules = language.triggers.runnable(lowered)
    if not rules:
        return []  # no rule's trigger word occurs: one look-up instead of a search per rule
    candidates = _candidates(text, lowered, rules)
    # longest first, then the rule's priority, then earliest (then the rule listed first)
    candidates.sort(key=lambda c: (-(c[1] - c[0]), -c[2].priority, c[0]))
    return discourse.resolve(_choose(candidates, text, ref, language), language.maps["year_back"])


def _candidates(text: str, lowered: str, rules) -> list:
    """(start, end, rule, match) of every rule's matches, each rule run only in its windows."""
    candidates, seen, cache = [], set(), {}
    for rule in rules:
        for window_start, window_end in _windows(rule, text, lowered, cache):
            # the window's end is not the text's: a match must not touch it unless the text ends there
            limit = window_end if window_end == len(text) else window_end - 1
            for m in rule.pattern.finditer(text, window_start, window_end):
                if m.end() > m.start() and m.end() <= limit and (m.start(), m.end(), rule.name) not in seen:
                    seen.add((m.start(), m.end(), rule.name))
                    candidates.append((m.start(), m.end(), rule, m))
    return candidates


def _windows(rule, text: str, lowered: str, cache: dict) -> list[tuple[int, int]]:
    """Stretches of text worth running a rule on: around its trigger words, merged."""
    if rule.trigger is None:
        return [(0, len(text))]
    if rule.trigger.pattern in cache:
        return cache[rule.trigger.pattern]
    if len(text) < _SHORT:  # windows would cover most of a short text: one search decides
        windows = [(0, len(text))] if rule.trigger.search(lowered) else []
        cache[rule.trigger.pattern] = windows
        return windows
    spans: list[list[int]] = []
    for m in rule.trigger.finditer(lowered):
        start, end = max(0, m.start() - _WINDOW), min(len(text), m.end() + _WINDOW)
        if spans and start <= spans[-1][1]:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    cache[rule.trigger.pattern] = windows = [(a, b) for a, b in spans]
    return windows


def _choose(candidates: list, text: str, ref: dt.date, language: Language) -> list:
    """The candidates that win their place and have a value, in text order, with rule and groups."""
    taken = bytearray(len(text))  # 1 where a chosen expression lies: overlap tests cost its length
    clauses, chosen = Clauses(text, language.tense), []
    for start, end, rule, m in candidates:
        if taken.find(1, start, end) != -1:
            continue
        g = m.groupdict()
        value = _value(rule, m, g, text, ref, language, clauses)
        if value is None:
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append((start, end, *value, rule, g))
    chosen.sort(key=lambda c: c[0])
    return chosen


def _value(rule, m, g: dict, text: str, ref: dt.date, language: Language, clauses: Clauses):
    """(type, value, end value) of one match, or None to drop it: a negative rule drops it, or its
    value falls outside the calendar (years 1 to 9999: "tomorrow" on 9999-12-31 has none)."""
    for negative in rule.negatives:
        if negative.fires(text, m, g):
            return None if negative.then is None else (*negative.then, None)
    try:
        value = rule.normaliser(g, m.group().lower(), language.maps, **rule.params)
        if isinstance(value, Undef):
            value = resolve(value, _moment(m, text, ref, language, clauses))
    except (OverflowError, ValueError):  # date arithmetic past the first or the last day of the calendar
        return None
    if value is None or not all(in_calendar(v) for v in value[1:] if v):
        return None
    return value


def _moment(m, text: str, ref: dt.date, language: Language, clauses: Clauses) -> Moment:
    """What anchoring sees of match `m`; the tense of its clause is found once, when first asked."""
    tenses: dict[bool, bool | None] = {}

    def tense(strong: bool) -> bool | None:
        if strong not in tenses:
            tenses[strong] = clauses.future(m.start(), m.end(), strong)
        return tenses[strong]

    return Moment(ref, tense, lambda: discourse.quarterly(text, m.start()), language.maps)


def reference_date(reference) -> dt.date:
    """The reference date as a date: a date, a datetime, a Timestamp or a YYYY-MM-DD string."""
    if reference is None:
        raise ValueError("reference= is required: the publication date relative expressions resolve against")
    if isinstance(reference, str):
        try:
            day = pd.Timestamp(reference)
            if day is not pd.NaT:  # "" and "NaT" parse as NaT
                return day.date()
        except (ValueError, OverflowError, NotImplementedError):  # also dates beyond the years 1 to 9999
            pass
        raise ValueError(f"reference={reference!r} is not a date (use YYYY-MM-DD)")
    if reference is pd.NaT:
        raise ValueError("reference=NaT is not a date")
    if isinstance(reference, (pd.Timestamp, dt.datetime)):
        return reference.date()
    if isinstance(reference, dt.date):
        return reference
    raise ValueError(f"reference={reference!r} is not a date")


def tag_times(text: str, reference, language: Language | None = None) -> pd.DataFrame:
    """The timex table for one text: `start`, `end`, `text`, `type`, `value` (TIMEX3), `end_value`.

    `end_value` is filled for ranges ("February 14-16", "from May 16 to June 2"): `value` is the
    first day and `end_value` the last.
    """
    spans = tag_spans(text, reference, language)
    return pd.DataFrame(
        [(s, e, text[s:e], kind, value, end_value) for s, e, kind, value, end_value in spans],
        columns=TIMEX_COLUMNS).astype({"start": "int64", "end": "int64"})
