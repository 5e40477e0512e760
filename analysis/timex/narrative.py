"""The year a report's narrative stands in, carried from sentence to sentence: a retrospective that
names "February 2022" and goes on "the first round was held on Feb. 28 ... on March 7" means 2022's
days, not those of the year it was published in (HeidelTime's narrative anchoring, kept to what
news writes: only a month or day written with its year moves the narrative, a bare year ("the 2019
conference", "in 2014") being background; a day or month written without its year, told as past,
moves to its first occurrence from the narrative's last date on, so the story runs forward ("In
April 2022 ... the ICC's March 17 decision" in June 2023 is 2023's); a weekday, "this week",
"yesterday" or a day of the last two weeks brings the narrative back to the report's own time)."""
from __future__ import annotations

import calendar
import datetime as dt
import re

YEAR_WRITTEN = re.compile(r"\d{4}|\b(?:year|years|ago)\b|[’']\d\d\b", re.I)  # a date that says its year
_VALUE = re.compile(r"(\d{4})(-\d\d(?:-\d\d)?)?")
_RECENT = dt.timedelta(days=14)  # a day this close before the report, written without its year, is its news


class NarrativeYear:
    """Re-anchors the dates of one text's sentences, given in order, to where its narrative stands."""

    def __init__(self, published: dt.date, month_words: re.Pattern):
        self.published = published
        self.month_words = month_words
        self.since: dt.date | None = None  # the narrative's last date; None: the report's own time

    def reanchor(self, sentence: str, tags: list) -> list:
        """`tags` (as `tag_spans` gives them) with each past day or month written without its year
        moved to its first occurrence from the narrative's last date on, if that is before the
        report's year; the narrative then stands at the sentence's dates."""
        out = []
        for start, end, kind, value, end_value in tags:
            written = sentence[start:end]
            found = _VALUE.fullmatch(value) if kind == "DATE" else None
            if found is None:
                out.append((start, end, kind, value, end_value))
                continue
            if YEAR_WRITTEN.search(written):
                if found.group(2):  # "February 2022", "March 1, 2022"; a bare year ("in 2014") is background
                    self.since = _day(value)
            elif not self.month_words.search(written):
                self.since = None  # "on Monday", "last week": the report's own time again
            elif found.group(2) and self.published - _day(value) <= _RECENT and _day(value) <= self.published:
                self.since = None  # "a statement from April 19" five days before: the news
            elif found.group(2) and self.since is not None and (end_value is None or _VALUE.fullmatch(end_value)):
                year = _first_year(_day(value), self.since)
                if year < self.published.year and _day(value) <= self.published:
                    value, end_value = _moved(value, year), end_value and _moved(end_value, year)
                    self.since = _day(value)
            out.append((start, end, kind, value, end_value))
        return out


def _first_year(day: dt.date, since: dt.date) -> int:
    """The first year from `since` on in which `day`'s month and day fall on or after it."""
    return since.year if (day.month, day.day) >= (since.month, since.day) else since.year + 1


def _day(value: str) -> dt.date:
    """The first day of a day's or a month's value ("2024-02-29" as the 28th: comparable in any year)."""
    parts = [int(p) for p in value.split("-")] + [1]
    return dt.date(parts[0], parts[1], min(parts[2], 28) if parts[1] == 2 else parts[2])


def _moved(value: str, year: int) -> str:
    """`value` ("2024-02-28", "2024-03") in `year` (Feb 29 of a year without one: the 28th)."""
    parts = value.split("-")
    if parts[1:] == ["02", "29"] and not calendar.isleap(year):
        parts[2] = "28"
    return "-".join([f"{year:04d}", *parts[1:]])
