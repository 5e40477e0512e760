"""TIMEX3 values and the calendar arithmetic they need: ISO dates and weeks, periods ("P2Y6M"),
decades, clock times, number words, holidays, and the underspecified value rules emit."""
from __future__ import annotations

import datetime as dt
import re
from types import MappingProxyType
from typing import Mapping, NamedTuple

_LEADING_YEAR = re.compile(r"-?\d+")
_CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d\d))?\s?(a\.?m\.?|p\.?m\.?)?")
_SMALLER = {"year": ("month", 12), "month": ("day", 30), "week": ("day", 7), "day": ("hour", 24),
            "hour": ("minute", 60), "minute": ("second", 60)}


class Undef(NamedTuple):
    """An underspecified value (HeidelTime's `UNDEF-month-03`): what anchor.py must resolve against
    the reference date and the tense (`anchor` names how), with the parts the rule matched."""

    anchor: str
    type: str
    parts: Mapping = MappingProxyType({})

    def __str__(self) -> str:
        return "-".join(["UNDEF", self.anchor, *(f"{k}={v}" for k, v in self.parts.items() if v is not None)])


def iso(day: dt.date) -> str:
    return day.isoformat()


def week(day: dt.date) -> str:
    """The ISO week of a day, as TIMEX3 writes it: 2024-W11."""
    year, number, _ = day.isocalendar()
    return f"{year:04d}-W{number:02d}"


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def decade(year: int) -> str:
    """The TIMEX3 decade of a year ("203" for the 2030s)."""
    if not 0 < year <= 9999:
        raise ValueError(f"year {year} is outside the calendar")  # the expression is dropped
    return f"{year // 10:03d}"


def in_calendar(value: str) -> bool:
    """A value's year, if it starts with one (four digits; three are a decade, two a century), is 1 to 9999."""
    year = _LEADING_YEAR.match(value)
    return year is None or (not year.group().startswith("-") and (len(year.group()) < 4 or (
        len(year.group()) == 4 and year.group() != "0000")))


def day_number(text: str) -> int:
    """'21st' -> 21."""
    return int(re.match(r"\d+", text).group())


def two_digit_year(text: str) -> int:
    """'99' -> 1999, '07' -> 2007, '2024' -> 2024."""
    y = int(text)
    return y + (1900 if y >= 50 else 2000) if y < 100 else y


def number(text: str, maps) -> float | None:
    """'twenty-four' -> 24, '3' -> 3, 'a' -> 1, 'several' -> None (vague)."""
    t = text.lower().strip()
    if t in maps["vague"]:
        return None
    try:
        return float(t)
    except ValueError:
        pass
    if t in maps["ones"]:
        return maps["ones"][t]
    parts = re.split(r"[- ]", t)
    if parts[0] in maps["tens"]:
        return maps["tens"][parts[0]] + (maps["ones"].get(parts[1], 0) if len(parts) > 1 else 0)
    return None


def clock(text: str, maps) -> str:
    """'3 p.m.' -> '15:00', 'noon' -> '12:00'."""
    t = text.lower().strip()
    for word, value in maps["clock_words"].items():
        if t.startswith(word):
            return value
    match = _CLOCK.match(t)
    hour, minute, meridiem = int(match.group(1)), int(match.group(2) or 0), match.group(3) or ""
    if meridiem.startswith("p") and hour < 12:
        hour += 12
    if meridiem.startswith("a") and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def period(amount, unit: str, maps) -> str:
    """A TIMEX3 duration: (3, 'months') -> P3M, (2, 'hours') -> PT2H, ('X', 'years') -> PXY."""
    unit = unit.lower().rstrip("s") if unit.lower() != "centuries" else "century"
    code = maps["units"].get(unit, "D")
    if code in ("DE", "CE") and amount != "X":  # decades and centuries as years: P20Y, P100Y
        return f"P{amount * (10 if code == 'DE' else 100)}Y"
    if unit in ("hour", "minute", "second"):
        return f"PT{amount}{code}"
    return f"P{amount}{code}"


def fractional_period(amount: float, unit: str, maps) -> str:
    """"two and a half years" as P2Y6M, "a minute and a half" as PT1M30S: ISO 8601 without decimals."""
    unit = unit.lower().rstrip("s")
    whole, fraction = int(amount), amount - int(amount)
    smaller = _SMALLER.get(unit)
    if smaller is None or abs(fraction * smaller[1] - round(fraction * smaller[1])) > 0.01:
        return period(round(amount, 1), unit, maps)
    part = round(fraction * smaller[1])
    if unit == "week":
        return f"P{whole * 7 + part}D"
    big, small = period(whole, unit, maps), period(part, smaller[0], maps)
    if whole == 0:
        return small
    if unit == "day":  # P1D + PT12H
        return big + small[1:]
    return big + (small[2:] if small.startswith("PT") else small[1:])


def holiday(name: str, year: int, maps) -> dt.date | None:
    """The date of a fixed or moveable holiday in `year` (Easter by the Gregorian computus)."""
    key = name.lower()
    for prefix, rule in maps["moveable_holidays"].items():
        if key.startswith(prefix):
            return easter(year) if rule == "easter" else nth_weekday(year, *rule)
    fixed = maps["holidays"].get(key)
    return dt.date(year, int(fixed[:2]), int(fixed[3:])) if fixed else None


def nth_weekday(year: int, nth: int, weekday: int, month: int) -> dt.date:
    """The nth (-1: the last) such weekday of a month."""
    if nth < 0:
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def easter(year: int) -> dt.date:
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 (the computus's own names)
    m = (a + 11 * h + 19 * l) // 433
    month = (h + l - 7 * m + 90) // 25
    return dt.date(year, month, (h + l - 7 * m + 33 * month + 19) % 32)
