"""Dates worked out from another event's: "two days after the start of the invasion", "a week after"."""
from __future__ import annotations

import datetime as dt
import re

_AMOUNTS = {"a": 1, "an": 1, "one": 1, "the": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10}
_OFFSET = (r"(?P<amount>an?|one|the|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
           r"(?P<unit>day|days|week|weeks|month|months)\s+(?P<dir>before|after)\s+")
# "<date>, two days after the start of the invasion": the invasion is the date less two days
_AFTER_DATE = re.compile(r",\s*" + _OFFSET + r"(?:the\s+)?(?:(?:start|beginning|outbreak|launch)\s+of\s+(?:the\s+)?)?", re.I)
# "The meeting comes a week after China and Russia signed a joint statement": dated by the meeting's date
_AFTER_EVENT = re.compile(r"\b[Tt]he\s+(?P<noun>[\w-]+)\b[^.;]{0,40}?\b" + _OFFSET, re.I)
_NOW = re.compile(r"\s+(?:comes|is|are|takes place|is taking place)\b")  # "the meeting comes ...": the event is now
_REACH = 80  # characters after an offset where the event it dates may be named


def _shifted(day: dt.date, match: re.Match, back: bool) -> tuple[dt.date, dt.date, str]:
    """The range `match`'s offset puts an event at from `day` (before it when `back`): a day, or
    the week or month an offset in weeks or months lands in ("a week after": about a week)."""
    amount = int(match["amount"]) if match["amount"].isdigit() else _AMOUNTS[match["amount"].lower()]
    unit = match["unit"].lower().rstrip("s")
    sign = -1 if back else 1
    if unit == "day":
        shifted = day + dt.timedelta(days=sign * amount)
        return shifted, shifted, "day"
    if unit == "week":
        shifted = day + dt.timedelta(weeks=sign * amount)
        monday = shifted - dt.timedelta(days=shifted.weekday())
        return monday, monday + dt.timedelta(days=6), "week"
    month = day.year * 12 + day.month - 1 + sign * amount
    first = dt.date(month // 12, month % 12 + 1, 1)
    following = dt.date((month + 1) // 12, (month + 1) % 12 + 1, 1)
    return first, following - dt.timedelta(days=1), "month"


def _first_cue(spans, lo: int, hi: int):
    """(kind, start, end) of the first cue starting in [lo, hi), or None."""
    found = [(a, kind, b) for kind, kind_spans in spans for a, b, _ in kind_spans if lo <= a < hi]
    return (min(found)[1], min(found)[0], min(found)[2]) if found else None


def offset_events(sentence: str, dated: list, spans_of, earlier: list[dict], kind_of, published: dt.date) -> list[tuple]:
    """Events a sentence dates by an offset from another event, as (expression start, end, kind,
    cue start, cue end, first, last, precision): from a date of its own ("on February 26, two days
    after the start of the invasion": the invasion on the 24th), or from an event told of before
    in the article that the sentence names again with "the" ("The meeting comes a week after ...
    signed a statement": the statement a week before the meeting's day; one told of as now, "comes",
    on the day of publication). `spans_of()` gives the sentence's cues by kind (found only when
    needed), `earlier` the article's rows so far, `kind_of(position)` the kind of a cue there."""
    found = []
    for start, end, first, last, precision in dated:
        offset = _AFTER_DATE.match(sentence, end)
        cue = _first_cue(spans_of(), offset.end(), offset.end() + _REACH // 2) if offset and precision == "day" else None
        if cue:
            back = offset["dir"].lower() == "after"
            found.append((start, offset.start("dir") + len(offset["dir"]), *cue, *_shifted(first, offset, back)))
    for offset in _AFTER_EVENT.finditer(sentence) if not dated else ():
        kind = kind_of(offset.start("noun"))
        told = next((r["start"] for r in reversed(earlier) if kind and r["kind"] == kind and r["precision"] == "day"),
                    published if kind and _NOW.match(sentence, offset.end("noun")) else None)
        cue = _first_cue(spans_of(), offset.end(), offset.end() + _REACH) if told else None
        if cue:
            back = offset["dir"].lower() == "after"
            found.append((offset.start("amount"), offset.end("dir"), *cue, *_shifted(told, offset, back)))
    return found
