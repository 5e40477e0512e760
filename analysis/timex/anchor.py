"""Anchoring: the one place an underspecified value (`Undef`) becomes a TIMEX3 value, against the
reference date and the tense of the clause. "in August" is the nearest August, or the one the tense
points to; "next week" is the reference date's week plus one; "three weeks ago" counts back."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import MappingProxyType
from typing import Callable

from .values import Undef, decade, holiday, iso, shift_month, week


@dataclass
class Moment:
    """What anchoring sees of one expression: the reference date, the tense of its clause
    (`tense(strong)`: True future, False past, None unknown; computed on first use), whether it
    sits in an earnings report, and the language's maps."""

    reference: dt.date
    tense: Callable[[bool], bool | None]
    quarterly: Callable[[], bool]
    maps: object


def resolve(value: Undef, at: Moment) -> tuple[str, str, str | None] | None:
    """(type, value, end value) of an underspecified value, or None when it has none."""
    return _ANCHORS[value.anchor](value, at)


def nearest_month_day(ref: dt.date, month: int, day: int, future: bool | None) -> dt.date | None:
    """The nearest such date; tense decides only when both sides are more than two months away."""
    candidates = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            pass
    if not candidates:
        return None
    nearest = min(candidates, key=lambda c: abs((c - ref).days))
    if abs((nearest - ref).days) <= 62:
        return nearest
    if future is True:
        ahead = [c for c in candidates if c >= ref]
        return min(ahead) if ahead else max(candidates)
    if future is False:
        behind = [c for c in candidates if c <= ref]
        return max(behind) if behind else min(candidates)
    return nearest


def _range(u: Undef, at: Moment):
    p = u.parts
    first = nearest_month_day(at.reference, p["m1"], p["d1"], at.tense(False))
    if first is None:
        return None
    last = dt.date(first.year + (p["m2"] < p["m1"]), p["m2"], p["d2"])
    return "DATE", iso(first), iso(last)


def _month_day(u: Undef, at: Moment):
    p, ref = u.parts, at.reference
    day = None
    if p["weekday"] is not None:
        for year in (ref.year, ref.year - 1, ref.year + 1):
            try:
                candidate = dt.date(year, p["month"], p["day"])
            except ValueError:
                continue
            if candidate.weekday() == p["weekday"]:
                day = candidate
                break
    day = day or nearest_month_day(ref, p["month"], p["day"], at.tense(False))
    if day is None:
        return None
    return (u.type, iso(day) + "T" + p["clock"], None) if p["clock"] else ("DATE", iso(day), None)


def _month(u: Undef, at: Moment):
    """The month's nearest occurrence when it is within two months, else the one the tense points to."""
    ref, month = at.reference, u.parts["month"]
    if month == ref.month:
        return "DATE", f"{ref.year:04d}-{month:02d}", None
    forward, backward = (month - ref.month) % 12, (ref.month - month) % 12
    if min(forward, backward) <= 2:
        year = ref.year + (month < ref.month) if forward < backward else ref.year - (month > ref.month)
    elif at.tense(False) is True:
        year = ref.year if month > ref.month else ref.year + 1
    else:  # the past, and no tense: news mostly reports what happened
        year = ref.year if month < ref.month else ref.year - 1
    return "DATE", f"{year:04d}-{month:02d}", None


def _month_relative(u: Undef, at: Moment):
    ref, month, relation = at.reference, u.parts["month"], at.maps["month_relations"][u.parts["rel"]]
    if relation == "this":
        return "DATE", f"{ref.year:04d}-{month:02d}", None
    if relation == "next":
        ahead = (month - ref.month) % 12 or 12
        year = ref.year + (ref.month + ahead > 12) + (ahead <= 2)  # "next March" in February: a year on
        return "DATE", f"{year:04d}-{month:02d}", None
    back = (ref.month - month) % 12 or 12
    year = ref.year - (month > ref.month or back == 12) - (back <= 2 and month <= ref.month)
    return "DATE", f"{year:04d}-{month:02d}", None  # "last February" in March: a year back


def _year(u: Undef, at: Moment):
    year = at.reference.year + u.parts["step"]
    month = u.parts.get("month")
    return "DATE", (f"{year:04d}-{month:02d}" if month else f"{year:04d}"), None


def _weekday(u: Undef, at: Moment):
    relation = at.maps["weekday_relations"].get(u.parts["rel"], "")
    day = nearest_weekday(at.reference, u.parts["weekday"], relation, at.tense(True))
    if u.parts["clock"]:
        return "TIME", iso(day) + "T" + u.parts["clock"], None
    return "DATE", iso(day), None


def _weekday_range(u: Undef, at: Moment):
    """The first day as "on Friday" would be, the last the next such weekday after it."""
    first = nearest_weekday(at.reference, u.parts["wd1"], "", at.tense(True))
    last = first + dt.timedelta(days=(u.parts["wd2"] - u.parts["wd1"]) % 7)
    return "DATE", iso(first), iso(last)


def nearest_weekday(ref: dt.date, weekday: int, relation: str, future: bool | None) -> dt.date:
    """The weekday `relation` (next, coming, last, previous, this or "") points to; with no relation,
    the future tense looks forward and any other back."""
    delta = weekday - ref.weekday()
    if relation in ("next", "coming") or (future and relation != "last"):
        return ref + dt.timedelta(days=delta % 7 or (7 if relation == "next" else 0))
    if relation == "last":
        return ref - dt.timedelta(days=(-delta) % 7 or 7)
    if relation == "previous":  # the one before last: "down 4.5% from the previous Friday"
        return ref - dt.timedelta(days=((-delta) % 7 or 7) + 7)
    if relation == "this":
        return ref + dt.timedelta(days=delta)
    return ref - dt.timedelta(days=(-delta) % 7)


def _day(u: Undef, at: Moment):
    day = iso(at.reference + dt.timedelta(days=u.parts["step"]))
    return (u.type, day + "T" + u.parts["clock"], None) if u.type == "TIME" else ("DATE", day, None)


def _quarter(u: Undef, at: Moment):
    p, ref = u.parts, at.reference
    ordinal, rel, year_text = p["ord"] or p["q"], p["rel"], p["y"]
    ordinals = at.maps["ordinals"]
    if not ordinal and rel in ordinals:
        ordinal, rel = rel, ""
    year = int(year_text) if year_text.isdigit() else ref.year - ("last year" in year_text) + ("next year" in year_text)
    current_q = (ref.month - 1) // 3 + 1
    if ordinal:
        q = 4 if ordinal in at.maps["last_quarter"] else int(ordinal) if ordinal.isdigit() else ordinals[ordinal]
        if p["y0"]:
            year = int(p["y0"])
        elif not year_text and rel in ("year-earlier", "year-ago"):
            year -= 1
        elif not year_text and q > current_q and "quarter" in p["text"] and not rel:
            year -= 1  # "the fourth quarter" in a March article is last year's
        return "DATE", f"{year:04d}-Q{q}", None
    return _quarter_of_report(year, current_q, rel, p["text"])


def _quarter_of_report(year: int, current_q: int, rel: str, text: str):
    """A quarter named by its relation to the reference date ("the past quarter", "the year-ago quarter")."""
    last_q_year, last_q = (year, current_q - 1) if current_q > 1 else (year - 1, 4)
    if rel in ("last", "previous", "past"):
        return "DATE", f"{last_q_year:04d}-Q{last_q}", None
    if rel in ("year-earlier", "year-ago"):
        return "DATE", f"{last_q_year - 1:04d}-Q{last_q}", None
    if rel == "current":
        return "DATE", f"{year:04d}-Q{current_q}", None
    if "quarter" in text and (rel in ("latest", "same") or text.startswith("the quarter")):
        return "DATE", f"{last_q_year:04d}-Q{last_q}", None  # in reports: the last completed quarter
    return "DATE", f"{year:04d}-Q{current_q}", None


def _period(u: Undef, at: Moment):
    ref = at.reference
    q = (ref.month - 1) // 3  # the last completed quarter, as earnings reports use "period"
    year, q = (ref.year, q) if q else (ref.year - 1, 4)
    return "DATE", f"{year - u.parts['year_back']:04d}-Q{q}", None


def _half(u: Undef, at: Moment):
    what, ref = u.parts["what"], at.reference
    year = int(what) if what.isdigit() else ref.year - ("last year" in what) + ("next year" in what)
    return "DATE", f"{year:04d}-H{u.parts['half']}", None


def _season(u: Undef, at: Moment):
    season, low, ref = u.parts["season"], u.parts["text"], at.reference
    starts = at.maps["season_starts"][season]
    relation = next((r for words, r in at.maps["season_relations"].items() if words in low), "")
    year = ref.year
    if relation == "recent":
        year -= starts > ref.month
    elif relation in ("last", "next"):
        year += 1 if relation == "next" else -1
    elif not relation and at.tense(False) is False and starts > ref.month:
        year -= 1
    elif not relation and at.tense(False) is True and starts < ref.month:
        year += 1
    return "DATE", f"{year:04d}-{season}", None


def _unit(u: Undef, at: Moment):
    unit, step, ref = u.parts["unit"], u.parts["step"], at.reference
    if unit == "week":
        if u.parts.get("rel") == "this" and ref.weekday() >= 5 and at.tense(True) is True:
            step += 1  # "this week's summit is expected to ..." in a weekend paper: the coming week
        return "DATE", week(ref + dt.timedelta(weeks=step)), None
    if unit == "weekend":
        day = ref + dt.timedelta(weeks=step)
        if u.parts["rel"] == "this" and u.parts["text"].startswith("the") and ref.weekday() < 5 and not at.tense(False):
            day -= dt.timedelta(weeks=1)  # "the weekend" in Monday's paper is the one just past
        return "DATE", week(day) + "-WE", None
    return _step(ref, unit, step)


def _step(ref: dt.date, unit: str, step: int):
    """The month, year, quarter, decade or century `step` units from the reference date's."""
    if unit == "month":
        y, mo = shift_month(ref.year, ref.month, step)
        return "DATE", f"{y:04d}-{mo:02d}", None
    if unit == "year":
        return "DATE", f"{ref.year + step:04d}", None
    if unit == "quarter":
        q = (ref.month - 1) // 3 + step
        return "DATE", f"{ref.year + q // 4:04d}-Q{q % 4 + 1}", None
    if unit == "decade":
        return "DATE", decade(ref.year + 10 * step), None
    if unit == "century":
        return "DATE", f"{ref.year // 100 + step:02d}", None
    return None


def _ago(u: Undef, at: Moment):
    p, ref = u.parts, at.reference
    if p["a_year"] and at.quarterly():
        q = (ref.month - 1) // 3  # the last completed quarter, a year back
        return "DATE", (f"{ref.year - 1:04d}-Q{q}" if q else f"{ref.year - 2:04d}-Q4"), None
    if p["amount"] is None or p["unit"] in ("hour", "minute", "second"):
        return "DATE", "PAST_REF" if p["sign"] < 0 else "FUTURE_REF", None
    n = int(p["amount"]) * p["sign"]
    if p["unit"] == "day":
        return "DATE", iso(ref + dt.timedelta(days=n)), None
    if p["unit"] == "week":
        return "DATE", week(ref + dt.timedelta(weeks=n)), None
    if p["unit"] in ("month", "year", "decade"):
        return _step(ref, p["unit"], n)
    return None


def _year_end(u: Undef, at: Moment):
    ref = at.reference  # "since year-end" in October: the last one
    return "DATE", f"{ref.year - (at.tense(False) is False and ref.month < 12):04d}-12-31", None


def _holiday(u: Undef, at: Moment):
    ref, name, maps = at.reference, u.parts["name"], at.maps
    day = holiday(name, ref.year, maps)
    if day is None:
        return None
    if at.tense(False) is False and day > ref:
        day = holiday(name, ref.year - 1, maps)
    elif at.tense(False) is True and day < ref:
        day = holiday(name, ref.year + 1, maps)
    return "DATE", iso(day), None


_ANCHORS = MappingProxyType({"range": _range, "month-day": _month_day, "month": _month, "month-relative": _month_relative,
            "year": _year, "weekday": _weekday, "weekday-range": _weekday_range, "day": _day, "quarter": _quarter, "period": _period,
            "half": _half, "season": _season, "unit": _unit, "ago": _ago, "year-end": _year_end,
            "holiday": _holiday})
