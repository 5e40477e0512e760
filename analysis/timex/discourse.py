"""Discourse: re-anchoring expressions that point back at a date the text already gave. "the
quarter" and "a year earlier" in an earnings report mean the quarter the report is about; "the
following year" after "in 1995" is 1996; "that year" is the year last named (or nothing).

A rule says what its expressions do (`discourse:` in rules.yml): `sets_date` and `sets_quarter`
make them the anchor of later ones; the other roles re-anchor them on it. Without an earlier anchor
the value computed from the publication date stays.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .values import in_calendar, iso, shift_month, week

_QUARTER_VALUE = re.compile(r"(\d{4})-Q([1-4])")
_DATE_VALUE = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?")
_SAME_QUARTER = ("", "same", "year-earlier", "year-ago", "comparable", "corresponding")
ROLES = ("sets_date", "sets_quarter", "same_quarter", "same_quarter_or_latest", "quarter_a_year_back",
         "shift_from_date", "that_unit")


@dataclass
class _Anchors:
    """The last quarter and the last date the text named, as it is read from the start."""

    quarter: tuple[int, int] | None = None
    date: re.Match | None = None


def quarterly(text: str, pos: int) -> bool:
    """Earnings-report context, where "a year ago" means the same quarter a year back."""
    return "quarter" in text[max(0, pos - 600):pos + 200].lower()


def resolve(chosen: list, year_back) -> list[tuple[int, int, str, str, str | None]]:
    """(start, end, type, value, end value) of the chosen expressions, in order, re-anchored.

    `chosen` holds (start, end, type, value, end value, rule, groups) in text order; `year_back`
    the relations that mean a year earlier ("year-ago", "comparable").
    """
    anchors, resolved = _Anchors(), []
    for start, end, kind, value, end_value, rule, g in chosen:
        roles = rule.discourse
        if roles:
            value = _reanchor(roles, kind, value, g, anchors, year_back)
            if value is None:
                continue  # "that year" with nothing earlier to point back at
            _remember(roles, value, g, anchors)
        resolved.append((start, end, kind, value, end_value))
    return resolved


def _reanchor(roles, kind: str, value: str, g: dict, anchors: _Anchors, year_back) -> str | None:
    rel = (g.get("rel") or "").lower()
    if anchors.quarter and ("same_quarter" in roles or "same_quarter_or_latest" in roles) \
            and not g.get("ord") and not g.get("y") and not g.get("y0") \
            and rel in _SAME_QUARTER + (("latest",) if "same_quarter_or_latest" in roles else ()):
        year, q = anchors.quarter  # "the latest quarter" of a report is the last one completed
        return f"{year - (rel in year_back):04d}-Q{q}"
    if anchors.quarter and "quarter_a_year_back" in roles and kind == "DATE" and _QUARTER_VALUE.fullmatch(value):
        return f"{anchors.quarter[0] - 1:04d}-Q{anchors.quarter[1]}"
    if anchors.date and "shift_from_date" in roles and g.get("the") and rel in ("following", "previous"):
        return _shift_anchor(anchors.date, g["unit"].lower(), 1 if rel == "following" else -1) or value
    if "that_unit" in roles:
        unit = g["unit"].lower()
        if unit == "quarter":
            return f"{anchors.quarter[0]:04d}-Q{anchors.quarter[1]}" if anchors.quarter else None
        return _shift_anchor(anchors.date, unit, 0) if anchors.date else None
    return value


def _remember(roles, value: str, g: dict, anchors: _Anchors) -> None:
    explicit_quarter = _QUARTER_VALUE.fullmatch(value)
    if explicit_quarter and "sets_quarter" in roles and (g.get("ord") or g.get("q")):
        anchors.quarter = int(explicit_quarter.group(1)), int(explicit_quarter.group(2))
    if "sets_date" in roles and _DATE_VALUE.fullmatch(value):
        anchors.date = _DATE_VALUE.fullmatch(value)


def _shift_anchor(anchor: re.Match, unit: str, step: int) -> str | None:
    """The year, month, week or day `step` units from an anchor date, at the unit's granularity
    (None off the calendar, or when the anchor is coarser than the unit)."""
    try:
        value = _shift(anchor, unit, step)
    except (OverflowError, ValueError):
        return None
    return value if value is None or in_calendar(value) else None


def _shift(anchor: re.Match, unit: str, step: int) -> str | None:
    year, month, day = anchor.group(1), anchor.group(2), anchor.group(3)
    if unit == "year":
        return f"{int(year) + step:04d}"
    if unit == "month" and month:
        y, mo = shift_month(int(year), int(month), step)
        return f"{y:04d}-{mo:02d}"
    if unit == "week" and day:
        return week(dt.date(int(year), int(month), int(day)) + dt.timedelta(weeks=step))
    if unit == "day" and day:
        return iso(dt.date(int(year), int(month), int(day)) + dt.timedelta(days=step))
    return None

