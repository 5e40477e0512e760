"""Dates worked out from another event's: "two days after the start of the invasion", "a week after"."""
from __future__ import annotations

import datetime as dt
import re

_AMOUNTS = {"a": 1, "an": 1, "one": 1, "the": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10}
_AMOUNT = r"(?P<amount>an?|one|the|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?P<unit>day|days|week|weeks|month|months)"
_OFFSET = _AMOUNT + r"\s+(?P<dir>before|after)\s+"
_START_OF = r"(?:the\s+)?(?:(?:start|beginning|outbreak|launch)\s+of\s+(?:the\s+)?)?"  # "after the start of the"
# "<date>, two days after the start of the invasion": the invasion is the date less two days
_AFTER_DATE = re.compile(r",\s*" + _OFFSET + _START_OF, re.I)
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


# "<offset> before/after <an act's date and cue>" ("less than a week after the start of Russia's
# February 2022 invasion", "the day before the February 24, 2022 invasion", "shortly before Russia's
# February 24 invasion"): another event the sentence names is dated from the act's day
_ANCHORED = re.compile(r"\b(?:(?:less\s+than|more\s+than|about|nearly|almost|around|some|barely)\s+)?"
                       r"(?:" + _AMOUNT + r"\s+|(?P<vague>shortly|just|immediately)\s+)?"
                       r"(?P<dir>before|after)\s+" + _START_OF + r"(?:[A-Z][\w-]*[’']s\s+)?$", re.I)
_DATE_TO_ACT = re.compile(r",?\s+(?:[\w-]+\s+){0,3}")  # "February 2022 full-scale invasion", "February 24, 2022 invasion"
# "Three days later, ..." opening a sentence: dated from the day of the event the sentence before told of
_LATER = re.compile(r"\s*(?:" + _AMOUNT + r"|(?P<vague>days))\s+(?P<later>later)\b", re.I)


def _from_anchor(day: dt.date, match: re.Match, back: bool) -> tuple[dt.date, dt.date, str] | None:
    """The range an event stands at from an act's `day` by `match`'s offset: a counted one as
    `_shifted` gives it; "shortly before" (or a bare "before" a day known from a month) the part of
    the month before the day; "days later" the week after it; None for an offset that says no more."""
    if match["amount"]:
        return _shifted(day, match, back)
    if match["vague"] and match["vague"].lower() == "days":
        return day + dt.timedelta(days=1), day + dt.timedelta(days=7), "week"
    if back:
        eve = day - dt.timedelta(days=1)
        return eve.replace(day=1), eve, "month"
    return None


def anchored_events(sentence: str, dated: list, spans_of, act_of, known_day) -> list[tuple]:
    """Events a sentence dates from the day of an act it names with its date in an offset phrase
    ("less than a week after the start of the February 2022 invasion, talks began": the talks the
    week after 24 February 2022), as `offset_events` gives them: the act's date a day, or a month
    holding a day `known_day(cue start, first, last)` knows the act by; the event, the first cue
    after the act's, else the last one before the phrase, of another act than its (`act_of(cue
    start)`: "the day before the invasion, he ... used them as a pretext to invade" names one act)."""
    found = []
    for start, end, first, last, precision in dated:
        offset = _ANCHORED.search(sentence, max(0, start - 90), start)
        gap = _DATE_TO_ACT.match(sentence, end)
        act = _first_cue(spans_of(), end, gap.end() + 1) if offset and gap else None
        day = (first if precision == "day" else known_day(act[1], first, last)) if act else None
        if day is None or not (offset["amount"] or offset["vague"] or precision != "day"):
            continue  # "before February 24": how long before is not said
        dates = _from_anchor(day, offset, offset["dir"].lower() == "before")
        own = act_of(act[1])
        others = [(kind, [span for span in spans if act_of(span[0]) != own]) for kind, spans in spans_of()]
        event = _first_cue(others, act[2], len(sentence)) or _last_cue(others, 0, offset.start())
        if dates and event:
            found.append((offset.start(), end, *event, *dates))
    return found


def later_events(sentence: str, spans_of, day: dt.date | None) -> list[tuple]:
    """The event of a sentence opening "Three days later" ("Days later he annexed ..."), dated from
    `day`, the day of the event the sentence before told of, as `offset_events` gives them."""
    later = _LATER.match(sentence) if day else None
    event = _first_cue(spans_of(), later.end(), len(sentence)) if later else None
    if not event:
        return []
    opening = len(sentence) - len(sentence.lstrip())
    return [(opening, later.end("later"), *event, *_from_anchor(day, later, False))]


def _cues_in(spans, lo: int, hi: int) -> list[tuple]:
    """The cues starting in [lo, hi) as (start, -end, rank of kind, kind, end): of two at one start,
    the longer ("signed a decree", not "signed") and then the kind listed first sort first."""
    return [(a, -b, rank, kind, b) for rank, (kind, kind_spans) in enumerate(spans) for a, b, _ in kind_spans if lo <= a < hi]


def _last_cue(spans, lo: int, hi: int):
    """(kind, start, end) of the last cue starting in [lo, hi), or None."""
    found = _cues_in(spans, lo, hi)
    last = max(a for a, *_ in found) if found else None
    return next(((kind, a, b) for a, _, _, kind, b in sorted(found) if a == last), None)


def _first_cue(spans, lo: int, hi: int):
    """(kind, start, end) of the first cue starting in [lo, hi), or None."""
    found = _cues_in(spans, lo, hi)
    return (min(found)[3], min(found)[0], min(found)[4]) if found else None


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
