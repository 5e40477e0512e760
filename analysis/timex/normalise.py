"""The normalisers a rule names (`normaliser:` in rules.yml): each turns one match's groups into a
value. A value that needs no reference date is final, (type, value, end value); one that does is
an `Undef` for anchor.py to resolve; None drops the match. Normalisers never see the reference date.

Each is `normaliser(groups, text, maps, **params)`: `text` is the match lower-cased, `maps` the
language's normalisation maps (normalisation.yml, with the lexicon's month and weekday numbers).
"""
from __future__ import annotations

import datetime as dt
import re
from types import MappingProxyType

from .values import Undef, day_number, fractional_period, iso, number, period, two_digit_year
from .values import clock as _clock


def _month(text: str, maps) -> int:
    month = maps["months"].get(text.lower().rstrip("."))
    if month is None:  # a form the pattern admits but the lexicon lacks ("Thur?s?" admits "Thus")
        raise ValueError(f"{text!r} is not a month name")  # the match is dropped
    return month


def _weekday(text: str, maps) -> int:
    return maps["weekdays"].get(text.lower().rstrip("."), 0)


def _date(year: int, month: int, day: int) -> str | None:
    try:
        return iso(dt.date(year, month, day))
    except ValueError:
        return None


def _with_clock(value: str | None, g, maps):
    if value is None:
        return None
    return ("TIME", value + "T" + _clock(g["clock"], maps), None) if g.get("clock") else ("DATE", value, None)


def iso_date(g, low, maps):
    """2024-03-15, 2024-03-15T14:30."""
    value = _date(int(g["y"]), int(g["m"]), int(g["d"]))
    if value is None:
        return None
    return ("TIME", f"{value}T{g['h']}:{g['mi']}", None) if g.get("h") else ("DATE", value, None)


def numeric_date(g, low, maps):
    """3/15/2024 or 15/3/24: the month first unless it cannot be one."""
    a, b, y = int(g["a"]), int(g["b"]), two_digit_year(g["y"])
    month, day = (a, b) if a <= 12 else (b, a)
    value = _date(y, month, day)
    return ("DATE", value, None) if value else None


def date_range(g, low, maps):
    """"March 18-20", "4-6 February 2023", "from May 16 to June 2": the first and the last day."""
    m1 = _month(g.get("m1") or g["month"], maps)
    m2 = _month(g.get("m2") or g["month"], maps)
    d1, d2 = day_number(g["d1"]), day_number(g["d2"])
    if d1 > 31 or d2 > 31 or (m1 == m2 and d2 <= d1):
        return None
    if g.get("y"):
        first, last = _date(int(g["y"]), m1, d1), _date(int(g["y"]), m2, d2)
        return ("DATE", first, last) if first and last else None
    return Undef("range", "DATE", ({"m1": m1, "d1": d1, "m2": m2, "d2": d2}))


def full_date(g, low, maps):
    """"January 5, 2024", "7 May 2023", with a clock time if one follows."""
    return _with_clock(_date(int(g["y"]), _month(g["month"], maps), day_number(g["day"])), g, maps)


def month_day(g, low, maps, match_weekday: bool = True):
    """"March 20", "Tuesday, Feb. 13": the year comes from the reference date (and the weekday)."""
    month, day = _month(g["month"], maps), day_number(g["day"])
    if g.get("y"):
        return _with_clock(_date(int(g["y"]), month, day), g, maps)
    wd = _weekday(g["wd"], maps) if match_weekday and g.get("wd") else None
    clock = _clock(g["clock"], maps) if g.get("clock") else None
    return Undef("month-day", "TIME" if clock else "DATE",
                 ({"month": month, "day": day, "weekday": wd, "clock": clock}))


def month_year(g, low, maps):
    return "DATE", f"{int(g['y']):04d}-{_month(g['month'], maps):02d}", None


def month_relative(g, low, maps):
    """"next April", "last June", "this May"."""
    return Undef("month-relative", "DATE", ({"month": _month(g["month"], maps), "rel": g["rel"].lower()}))


def month_name(g, low, maps):
    """"in August": the nearest August, or the one the tense points to."""
    return Undef("month", "DATE", ({"month": _month(g["month"], maps)}))


def month_of_year(g, low, maps):
    """"July this year", "May last year"."""
    return Undef("year", "DATE", ({"step": maps["steps"][g["rel"].lower()],
                                                   "month": _month(g["month"], maps)}))


def weekday_range(g, low, maps):
    """"from Friday to Sunday", "between Monday and Wednesday": a run of days of one week."""
    return Undef("weekday-range", "DATE", ({"wd1": _weekday(g["wd1"], maps), "wd2": _weekday(g["wd2"], maps)}))


def weekday(g, low, maps):
    """"on Tuesday", "last Friday", "Monday at 10:00"."""
    clock = _clock(g["clock"], maps) if g.get("clock") else None
    return Undef("weekday", "TIME" if clock else "DATE",
                 ({"weekday": _weekday(g["wd"], maps), "rel": (g.get("rel") or "").lower(),
                                   "clock": clock}))


def _spoken_year(text: str, maps) -> int:
    words = re.split(r"[\s-]+", text.lower())
    if words[0] == "two":  # two thousand (and) one
        rest = [w for w in words[2:] if w != "and"]
        return 2000 + (maps["ones"].get(rest[0], 0) if rest else 0)
    tail = " ".join(words[1:])
    if tail == "hundred":
        return 1900
    return 1900 + int(number(tail.replace(" ", "-"), maps) or 0)


def spoken_year(g, low, maps):
    """"nineteen ninety-seven", "two thousand and one"."""
    return "DATE", str(_spoken_year(g["spoken"], maps)), None


def spoken_month_year(g, low, maps):
    year = _spoken_year(g["spoken"], maps)
    if g.get("season"):
        return "DATE", f"{year}-{maps['seasons'][g['season'].lower()]}", None
    return "DATE", f"{year}-{_month(g['month'], maps):02d}", None


def decade_word(g, low, maps):
    """"the nineties": the 1990s."""
    return "DATE", f"19{maps['decade_words'][g['word'].lower()]}", None


def year(g, low, maps):
    return "DATE", g["y"], None


def decade(g, low, maps):
    """"the 1990s" -> 199."""
    return "DATE", g["dec"][:3], None


def decade_short(g, low, maps):
    """"the '90s" -> 199, "the '20s" -> 202."""
    return "DATE", ("19" if int(g["dec"]) >= 30 else "20") + g["dec"][0], None


def century(g, low, maps):
    """"the 19th century" -> 18 (TIMEX3 counts centuries from 00)."""
    n = g["n"].lower()
    count = maps["centuries"].get(n) or int(re.match(r"\d+", n).group())
    return "DATE", f"{count - 1:02d}", None


def quarter(g, low, maps):
    """"the fourth quarter", "Q3 2023", "the year-ago quarter"."""
    parts = {key: (g.get(key) or "").lower() for key in ("ord", "q", "rel", "y", "y0")}
    return Undef("quarter", "DATE", ({**parts, "text": low}))


def half(g, low, maps):
    """"the second half of the year"."""
    return Undef("half", "DATE", ({"what": (g.get("what") or "").lower(),
                                                   "half": maps["halves"].get(g["ord"].lower(), 2)}))


def season(g, low, maps):
    """"this summer", "spring 2022"."""
    name = g.get("season") or g.get("season2") or g.get("season3")
    code = maps["seasons"][name.lower()]
    year_given = g.get("y") or g.get("y2") or g.get("y3")
    if year_given:
        return "DATE", f"{year_given}-{code}", None
    return Undef("season", "DATE", ({"season": code, "text": low}))


def relative_day(g, low, maps):
    """"yesterday", "tomorrow morning" (most news annotation keeps just the day)."""
    return Undef("day", "DATE", ({"step": maps["days"][g["rel"].lower()]}))


def midday(g, low, maps):
    """"midday tomorrow", "overnight" (in the morning paper: last night)."""
    part = g["part"].lower().replace("-", "").replace(" ", "")
    step = maps["days"].get((g.get("rel") or "").lower(), 0)
    if part == "overnight" and not g.get("rel"):
        step -= 1
    return Undef("day", "TIME", ({"step": step, "clock": maps["midday"][part]}))


def that_unit(g, low, maps):
    """"that year": discourse.py anchors it on the date the text last gave, or drops it."""
    return "DATE", "XXXX", None


def part_of_day(g, low, maps):
    """"last night", "this morning", "yesterday evening"."""
    part = g["part"].lower()
    step = maps["part_of_day_steps"][g["rel"].lower()]
    if g["rel"].lower() == "last" and part == "night":
        step = -1
    return Undef("day", "TIME", ({"step": step, "clock": maps["parts_of_day"][part]}))


def clock(g, low, maps):
    """"4:30 a.m. today", "at noon"."""
    step = maps["days"].get((g.get("rel") or "").lower(), 0)
    return Undef("day", "TIME", ({"step": step, "clock": _clock(g["clock"], maps)}))


def relative_unit(g, low, maps):
    """"next week", "last month", "the year"."""
    rel = (g.get("rel") or "this").lower()
    return Undef("unit", "DATE", ({"unit": g["unit"].lower(), "step": maps["steps"][rel],
                                                   "rel": rel, "text": low}))


def ago(g, low, maps):
    """"three weeks ago", "two years later"."""
    amount = number(g["amount"], maps)
    unit = g["unit"].lower()
    sign = maps["directions"][g["dir"].lower()]
    return Undef("ago", "DATE", ({"amount": amount, "unit": unit.rstrip("s"), "sign": sign,
                                                  "a_year": unit.startswith("year") and amount == 1}))


def year_ago(g, low, maps):
    """"year-ago levels": a year back (in an earnings report, the quarter a year back)."""
    return Undef("ago", "DATE", ({"amount": 1, "unit": "year", "sign": -1, "a_year": True}))


def duration(g, low, maps):
    """"18 months", "two and a half years", "several days"."""
    unit = g["unit"].lower()
    amount = number(g["amount"].lower(), maps)
    if amount is None:
        return "DURATION", period("X", unit, maps), None
    if g.get("half") or g.get("half2"):
        amount += 0.5
    if g.get("halfof"):
        amount /= 2
    if amount != int(amount):
        return "DURATION", fractional_period(amount, unit, maps), None
    if unit.startswith("fortnight"):
        amount, unit = int(amount) * 2, "week"
    return "DURATION", period(int(amount), unit, maps), None


def duration_bare(g, low, maps):
    """"for years" (PXY); "in recent months" is the recent past."""
    if low.startswith(("recent", "in recent")):
        return "DATE", "PAST_REF", None
    return "DURATION", period("X", g["unit"].lower().rstrip("s"), maps), None


def period_of_report(g, low, maps):
    """"the year-earlier period": the last completed quarter, as earnings reports use "period"."""
    return Undef("period", "DATE", ({"year_back": g["rel"].lower() in maps["year_back"]}))


def fiscal_year(g, low, maps):
    """"the current fiscal year", "the next fiscal year"."""
    return Undef("year", "DATE", ({"step": maps["steps"].get((g.get("rel") or "").lower(), 0),
                                                   "month": None}))


def year_end(g, low, maps):
    """"since year-end": the last 31 December (in the past tense, unless it is December)."""
    return Undef("year-end", "DATE")


def holiday(g, low, maps):
    """"Christmas", "Easter", "Thanksgiving Day"."""
    return Undef("holiday", "DATE", ({"name": g["holiday"]}))


def reference(g, low, maps):
    """"now" (PRESENT_REF), "recently" (PAST_REF), "the near future" (FUTURE_REF)."""
    text = g["ref"].lower()
    if text in maps["past_ref"]:
        return "DATE", "PAST_REF", None
    if any(word in text for word in maps["future_ref_words"]) or text in maps["future_ref"]:
        return "DATE", "FUTURE_REF", None
    return "DATE", "PRESENT_REF", None


def recurrence(g, low, maps):
    """"every week" (P1W), "each Monday" (XXXX-WXX-1), "each July" (XXXX-07), "every morning" (TMO)."""
    unit = g["unit"].lower()
    if unit.rstrip(".") in maps["weekdays"]:
        return "SET", f"XXXX-WXX-{_weekday(unit, maps) + 1}", None
    if unit in maps["parts_of_day"]:
        return "SET", f"T{maps['parts_of_day'][unit]}", None
    if unit.rstrip(".") in maps["months"]:
        return "SET", f"XXXX-{_month(unit, maps):02d}", None
    return "SET", period(1, unit, maps), None


def recurrence_adverb(g, low, maps):
    """"weekly" (P1W), "biweekly" (P2W)."""
    word = g["set"].lower()
    return "SET", period(maps["set_counts"].get(word, 1), maps["set_adverbs"][word], maps), None


NORMALISERS = MappingProxyType({
    "iso_date": iso_date, "numeric_date": numeric_date, "date_range": date_range, "full_date": full_date,
    "month_day": month_day, "month_year": month_year, "month_relative": month_relative, "month_name": month_name,
    "month_of_year": month_of_year, "weekday": weekday, "weekday_range": weekday_range, "spoken_year": spoken_year,
    "spoken_month_year": spoken_month_year, "decade_word": decade_word, "year": year, "decade": decade,
    "decade_short": decade_short, "century": century, "quarter": quarter, "half": half, "season": season,
    "relative_day": relative_day, "midday": midday, "that_unit": that_unit, "part_of_day": part_of_day,
    "clock": clock, "relative_unit": relative_unit, "ago": ago, "year_ago": year_ago, "duration": duration,
    "duration_bare": duration_bare, "period": period_of_report, "fiscal_year": fiscal_year,
    "year_end": year_end, "holiday": holiday, "reference": reference, "set": recurrence,
    "set_adverb": recurrence_adverb,
})
