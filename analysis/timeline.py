"""The timeline: one row per event however many articles report it, and a calendar of what is due.

Reports of one event share a date (a one-day event's within two days: sources disagree), a kind family (talks,
meeting, summit and visit are one gathering), no two places, and participants in part or a place:
two reports with disjoint participants and no shared place are two events, and so are two that
share only the war's sides while naming other, different participants. A report naming no one
joins its own article's event, one at its place, or the day's only event it fits. Reports only
precise to the week, month or season are folded into an event of their kind (or place) they cover
and stand alone otherwise; reports precise only to the year are folded in, stand alone when they
are history the article invokes (flagged `background`), and are left out otherwise ("this year" is
no event).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from bisect import bisect_left, bisect_right, insort
from collections import Counter
from functools import lru_cache
from types import MappingProxyType

import pandas as pd

from .milestones import Cues, load_cues
from .schema import TIMELINE_COLUMNS

_PRECISION_ORDER = ["day", "week", "month", "quarter", "season", "approximate", "year"]
_TOLERANCE = 2  # days
# a date worked out from another event ("February 26, two days after the start of the invasion")
_FROM_ANOTHER = re.compile(r"\b(?:after|before|later|earlier|following|prior\s+to)\b", re.I)


def _telling(report: dict) -> tuple:
    """How well a report's sentence tells its event, best first: one that dates the event itself
    before one that works its date out from another, then the earliest published."""
    return bool(_FROM_ANOTHER.search(report.get("expression") or "")), report["published"]


def _another_act(event: dict, row: dict) -> bool:
    """The report names an act of the war other than the event's ("in 2022, the invasion", not the
    offensive that year): its sides are in every report, so only the act tells them apart."""
    return bool(row["act"] and event["acts"] and row["act"] not in event["acts"])


def _told_by(event: dict, article_id: str) -> bool:
    """The article already reports the event (its later sentence naming no one tells of it again)."""
    return any(r["article_id"] == article_id for r in event["reports"])


def _only_the_sides_shared(ours: set, theirs: set, sides: frozenset) -> bool:
    """Both name others besides the war's sides, and those others are disjoint: the sides take part in
    most of the war's diplomacy, so sharing only them does not make two reports one event."""
    others, their_others = ours - sides, theirs - sides
    return bool(others and their_others and not others & their_others)


def _compatible(event: dict, row: dict, family, sides: frozenset = frozenset(), anonymous: bool = False) -> bool:
    """Whether report `row` tells of `event`: kinds of one family, no two places, the same
    participants in part beyond the war's `sides` (or a report that names none, of an event its
    article tells of already, or of any event when `anonymous`), and dates that agree at their
    precisions. A coarse report must also name the event's act, and its kind or place."""
    if family(event["kind"]) != family(row["kind"]):
        return False
    if row["precision"] != "day" and _another_act(event, row):
        return False
    if event["place"] and row["place"] and event["place"] != row["place"]:
        return False
    same_place = bool(event["place"]) and event["place"] == row["place"]
    if row["precision"] != "day" and row["kind"] != event["kind"] and not same_place:
        return False  # "talks in February" is not the visit of the 1st: a coarse report says too little
    actors = set(row["actors"])
    if not same_place and actors and event["actors"] and not actors & event["actors"]:
        return False  # disjoint participants and no shared place: two events
    if not same_place and _only_the_sides_shared(event["actors"], actors, sides):
        return False
    if not same_place and not actors & event["actors"] and not anonymous and not _told_by(event, row["article_id"]):
        return False  # no one named and no place shared: which of the day's events is unknown
    first, last = row["start"].toordinal(), row["end"].toordinal()  # days: no overflow at the calendar's ends
    if row["precision"] == "day":  # sources disagree on the day of a one-day event, not on a range they give
        slack = _TOLERANCE if event["start"] == event["end"] else 0
        return first - slack <= event["end"].toordinal() and event["start"].toordinal() <= last + slack
    return first <= event["start"].toordinal() and event["end"].toordinal() <= last  # a coarse report that covers it


class _Events:
    """The events so far, looked up by day and by kind family.

    A report can only join an event its dates reach, of its kind family: those
    are the only events tried, so the time per report does not grow with the number of events.
    `family` gives a kind's family (the cue file's `family:`).
    """

    def __init__(self, family, sides: frozenset = frozenset()):
        self.family = family
        self.sides = sides
        self.events: list[dict] = []
        # day (ordinal) -> (family or place) -> indices of the events that start on it / cover it
        self.by_start: dict[int, dict[tuple[str, str], list[int]]] = {}
        self.by_day: dict[int, dict[tuple[str, str], list[int]]] = {}
        self.starts: list[int] = []  # the days events start on, sorted

    def add(self, event: dict) -> None:
        event["index"] = len(self.events)
        self.events.append(event)
        day = event["start"].toordinal()
        if day not in self.by_start:
            self.by_start[day] = {}
            insort(self.starts, day)
        self._index(event, ("family", self.family(event["kind"])))

    def _index(self, event: dict, key: tuple[str, str]) -> None:
        first, last = event["start"].toordinal(), event["end"].toordinal()
        self.by_start[first].setdefault(key, []).append(event["index"])
        for day in range(first, last + 1):
            self.by_day.setdefault(day, {}).setdefault(key, []).append(event["index"])

    def join(self, event: dict, row: dict) -> None:
        """Add the report `row` to `event`, which takes the report's place if it had none."""
        event["reports"].append(row)
        event["actors"].update(row["actors"])
        event["acts"].update({row["act"]} - {""})
        if not event["place"] and row["place"] and row["precision"] == event["precision"]:
            event["place"] = row["place"]  # not from a coarser report, which may tell of another day's

    def _near(self, row: dict, index: dict, days) -> list[dict]:
        key = ("family", self.family(row["kind"]))
        found = {i for day in days for i in index.get(day, {}).get(key, ())}
        return [self.events[i] for i in sorted(found)]

    def covering(self, row: dict) -> list[dict]:
        """The events of the row's family that cover a day of the row (two days' tolerance), in order."""
        first, last = row["start"].toordinal(), row["end"].toordinal()
        return self._near(row, self.by_day, range(first - _TOLERANCE, last + _TOLERANCE + 1))

    def starting(self, row: dict) -> list[dict]:
        """The events of the row's family that start within the row's dates, in order."""
        first, last = row["start"].toordinal(), row["end"].toordinal()
        return self._near(row, self.by_start, self.starts[bisect_left(self.starts, first):bisect_right(self.starts, last)])

    def target(self, row: dict) -> dict | None:
        """The event the report `row` belongs to: for a day, the first made that it fits (for one naming
        no one, the only one of the day it fits); for a coarser report ("in February"), the
        best-reported of the events it covers (not a stray report of the 8th when the month's event
        is the 24th)."""
        if row["precision"] == "day":
            near = self.covering(row)
            found = next((event for event in near if _compatible(event, row, self.family, self.sides)), None)
            if found is None and not row["actors"]:  # no one named: the day's only event it fits, if one
                fits = [event for event in near if _compatible(event, row, self.family, self.sides, anonymous=True)]
                found = fits[0] if len(fits) == 1 else None
            return found
        fits = [event for event in self.starting(row) if _compatible(event, row, self.family, self.sides)]
        return max(fits, key=lambda event: len(event["reports"]), default=None)

    def covers_kind(self, row: dict) -> bool:
        """An event of the row's kind (and act) lies within the coarse report's dates, not one
        with other participants only ("this week's Nato summit" is not Zelenskiy's of Monday)."""
        actors = set(row["actors"])
        return any(e["kind"] == row["kind"] and e["end"] <= row["end"] and not _another_act(e, row)
                   and not (actors and e["actors"] and not actors & e["actors"]) for e in self.starting(row))


@lru_cache(maxsize=1)
def _bundled_cues() -> Cues:
    """The bundled cue file, read once (only read from, so sharing it is safe)."""
    return load_cues()


def timeline(milestones: pd.DataFrame, articles: pd.DataFrame | None = None, cues: Cues | None = None) -> pd.DataFrame:
    """Merge the milestones of many articles into events, earliest first.

    `articles` (optional) supplies each article's source, so `n_sources` counts outlets rather
    than articles; `cues` (default: the bundled cue file) the kind families whose reports may merge.
    """
    if milestones.empty:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    sources = {}
    if articles is not None and "source" in articles:
        sources = dict(zip(articles["article_id"], articles["source"]))
    rows = milestones.assign(
        start=pd.to_datetime(milestones["start"]).dt.date, end=pd.to_datetime(milestones["end"]).dt.date,
        rank=milestones["precision"].map({p: i for i, p in enumerate(_PRECISION_ORDER)}).fillna(9),
    ).sort_values(["rank", "start", "published"]).to_dict(orient="records")
    cues = cues or _bundled_cues()
    for row in rows:
        row["act"] = cues.act(row["kind"], row.get("cue"))
    _calls_told_as_talks(rows)
    events = _Events(cues.family, frozenset(side for sides in cues.parties.values() for side in sides))
    for row in rows:
        target = events.target(row)
        if target is not None:
            events.join(target, row)
        elif (row["precision"] != "year" or row.get("background")) \
                and (row["precision"] == "day" or not events.covers_kind(row)):
            events.add({"kind": row["kind"], "start": row["start"], "end": row["end"],
                        "precision": row["precision"], "place": row["place"], "actors": set(row["actors"]),
                        "acts": {row["act"]} - {""}, "reports": [row]})
    merged = _same_day_and_place(events.events, events.family, events.sides)
    return pd.DataFrame([_summarise(e, sources, cues) for e in merged], columns=TIMELINE_COLUMNS) \
        .sort_values(["start", "kind"], ignore_index=True)


def _calls_told_as_talks(rows: list[dict]) -> None:
    """Reports of two people's talks on a day, at no place, that another report gives as their call
    that day ("Biden–Putin talks on Saturday" of their phone call) are reports of the call."""
    calls: dict[dt.date, list[set]] = {}
    for row in rows:
        if row["kind"] == "call" and row["precision"] == "day":
            calls.setdefault(row["start"], []).append(set(row.get("people") or ()))
    for row in rows:
        people = set(row.get("people") or ())
        if row["kind"] == "talks" and row["precision"] == "day" and not row["place"] and len(people) >= 2 \
                and any(people <= call for call in calls.get(row["start"], ())):
            row["kind"] = "call"


def _same_day_and_place(events: list[dict], family, sides: frozenset = frozenset()) -> list[dict]:
    """Events one pass kept apart because what joins them came later (a place, a participant): of
    one family and on the same days, with no two places, that share a place or a participant now."""
    kept: dict[tuple, list[dict]] = {}
    out = []
    for event in events:
        key = (family(event["kind"]), event["start"], event["end"])
        twin = next((k for k in kept.get(key, []) if _twins(k, event, sides)), None)
        if twin is None:
            kept.setdefault(key, []).append(event)
            out.append(event)
            continue
        twin["reports"].extend(event["reports"])
        twin["actors"].update(event["actors"])
        twin["place"] = twin["place"] or event["place"]
    return out


def _twins(a: dict, b: dict, sides: frozenset) -> bool:
    if a["place"] and b["place"]:
        return a["place"] == b["place"]
    return bool(a["actors"] & b["actors"]) and not _only_the_sides_shared(a["actors"], b["actors"], sides)


#: articles: an event this many report at a coarser precision is not dated by one article's finer date
#: (one source's "April 2014" for an annexation fifteen report as "2014")
CORROBORATION = 5


def _dating(event: dict) -> str:
    """The precision an event is dated at: its finest report's, unless that rests on one article
    and at least CORROBORATION articles report it only more coarsely, when the finest precision
    two articles give (the date most reports give, not one source's slip)."""
    articles: dict[str, set] = {}
    for r in event["reports"]:
        articles.setdefault(r["precision"], set()).add(r["article_id"])
    finest = event["precision"]
    coarser = {a for p, ids in articles.items() if p != finest for a in ids} - articles.get(finest, set())
    if len(articles.get(finest, ())) > 1 or len(coarser) < CORROBORATION:
        return finest
    order = [p for p in _PRECISION_ORDER if p in articles]
    return next((p for p in order if len(articles[p]) > 1), finest)


def _summarise(event: dict, sources: dict, cues: Cues) -> dict:
    reports = event["reports"]
    event["precision"] = _dating(event)
    exact = [r for r in reports if r["precision"] == event["precision"]]
    starts = Counter(r["start"] for r in exact)
    start = starts.most_common(1)[0][0]
    end = Counter(r["end"] for r in exact if r["start"] == start).most_common(1)[0][0]
    published = [r["published"] for r in reports]
    latest = max(reports, key=lambda r: r["published"])
    statuses = {r["status"] for r in reports}
    if latest["status"] == "cancelled":
        status = "cancelled"
    elif "past" in statuses and any(r["published"].date() >= start for r in reports):
        status = "past"
    else:
        status = latest["status"]
    kinds = Counter(r["kind"] for r in reports)
    kind = max(kinds, key=lambda k: (kinds[k], -list(kinds).index(k)))
    actor_counts = Counter(a for r in reports for a in r["actors"])
    people_counts = Counter(a for r in reports for a in r.get("people", []))
    article_ids = list(dict.fromkeys(r["article_id"] for r in reports))
    dates = sorted({r["start"] for r in exact})
    place = _place(event["place"], reports)
    key = f"{kind}|{start.isoformat()}|{place}"
    return {
        "event_id": hashlib.sha1(key.encode()).hexdigest()[:12],
        "kind": kind, "status": status, "start": pd.Timestamp(start), "end": pd.Timestamp(end),
        "precision": event["precision"], "place": place,
        "actors": [a for a, _ in actor_counts.most_common()],
        "people": [a for a, _ in people_counts.most_common()],
        "first_report": min(published), "last_report": max(published),
        "n_articles": len(article_ids),
        "n_sources": len({sources.get(a) or a for a in article_ids}),
        "dates_reported": [d.isoformat() for d in dates],
        "date_spread_days": (dates[-1] - dates[0]).days,
        "article_ids": article_ids,
        "sentence": min((r for r in exact if r["start"] == start), key=_telling)["sentence"],
        **_readable(kind, place, actor_counts, people_counts, len(article_ids),
                    len({sources.get(a) or a for a in article_ids}), reports, cues.parties.get(kind),
                    Counter(r["act"] for r in reports if r["act"] and r["kind"] == kind)),
    }


def _place(place: str, reports: list[dict]) -> str:
    """The event's place, unless fewer than a third of the articles reporting it give it: then it is
    one report's detail ("votes were not held in Luhansk" of the war since 2014), not the event's."""
    articles = {r["article_id"] for r in reports}
    placing = {r["article_id"] for r in reports if r["place"] == place}
    return place if not place or 3 * len(placing) >= len(articles) else ""


#: how much a further article from an outlet already counted adds to an event's salience
_REPEAT_WEIGHT = 0.1


def _readable(kind: str, place: str, actors: Counter, people: Counter, n_articles: int, n_sources: int,
              reports: list[dict], parties: tuple | None = None, acts: Counter | None = None) -> dict:
    """What a reader sees of an event: a title built from its data ("Biden–Putin call", "Russia–Ukraine
    talks in Istanbul"), its participants by how many reports name them, its salience (independent
    outlets, each further article of one outlet a tenth), whether it is history the articles invoke
    (every report long after it), and its supporting sentences. The title names who most reports
    name (people when most articles name one, else states and bodies), and a second participant
    when half the articles name them too. A kind with fixed parties is titled by them, and by the
    act most reports name ("Russia–Ukraine war: invasion")."""
    by_person = bool(people) and 2 * people.most_common(1)[0][1] > n_articles  # most name one: not an aide
    bodies = Counter({a: n for a, n in actors.items() if a not in people}) or actors  # states and bodies
    ranked = (people if by_person else bodies).most_common(2)
    named = list(parties) if parties else [a for i, (a, n) in enumerate(ranked) if i == 0 or 2 * n >= n_articles]
    title = "–".join(_short(a, a in people and not parties) for a in named)
    title = f"{title} {kind}" if title else kind[:1].upper() + kind[1:]
    if acts:
        title += f": {acts.most_common(1)[0][0]}"
    if place:
        title += f" in {place}"
    return {"title": title, "participants": [a for a, _ in actors.most_common()],
            "salience": n_sources + _REPEAT_WEIGHT * (n_articles - n_sources),
            "background": all(bool(r.get("background")) for r in reports),
            "sentences": list(dict.fromkeys(r["sentence"] for r in reports))}


def _short(name: str, person: bool) -> str:
    """A participant as a title names them: a person by surname, a long name by its initials
    ("North Atlantic Treaty Organization": NATO, "UN General Assembly": UNGA)."""
    words = name.split()
    if person:
        return words[-1]
    capitals = [w for w in words if w[:1].isupper()]
    if len(words) < 3 or len(capitals) < len(words):
        return name
    return "".join(w if w.isupper() else w[0] for w in words)  # an acronym in it stays whole: UNGA


def when(start: pd.Timestamp, end: pd.Timestamp, precision: str) -> str:
    """An event's date as a reader writes it, at its precision: "24 Feb 2022", "12–14 Feb 2022",
    "the week of 4 Mar 2024", "March 2024", "2014"."""
    if precision == "year":
        return f"{start:%Y}" if end.year == start.year else f"{start:%Y}–{end:%Y}"
    if precision == "month" and end.month == start.month and end.year == start.year:
        return f"{start:%B %Y}"
    if precision == "week":
        return f"the week of {start.day} {start:%b %Y}"
    if end.date() == start.date():
        return f"{start.day} {start:%b %Y}"
    if (end.year, end.month) == (start.year, start.month):
        return f"{start.day}–{end.day} {start:%b %Y}"
    return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"


def for_reading(events: pd.DataFrame, participants: int = 4) -> pd.DataFrame:
    """The events as a report's table shows them: `when` at the date's precision, the first few
    participants, the dates reported only where sources disagree."""
    if events.empty:
        return events.assign(when=pd.Series(dtype="str"))
    return events.assign(
        when=[when(a, b, p) for a, b, p in zip(events["start"], events["end"], events["precision"])],
        participants=[list(p[:participants]) + ([f"{len(p) - participants} more"] if len(p) > participants else [])
                      for p in events["participants"]],
        dates_reported=[d if len(d) > 1 else [] for d in events["dates_reported"]])


def by_salience(events: pd.DataFrame) -> pd.DataFrame:
    """The events most salient first (independent reports); among equals the news before the history
    articles invoke, those whose reports say who takes part before those that name no one, then the earlier."""
    if events.empty or "background" not in events or "participants" not in events:
        return events.sort_values(["salience", "start"], ascending=[False, True], kind="stable", ignore_index=True)
    ties = {"_history": events["background"].astype(bool), "_nameless": events["participants"].map(len) == 0}
    return events.assign(**ties).sort_values(["salience", *ties, "start"], ascending=[False, True, True, True],
                                             kind="stable", ignore_index=True).drop(columns=list(ties))


def upcoming(events: pd.DataFrame, as_of: dt.date | str | None = None) -> pd.DataFrame:
    """Events not yet past on `as_of` (default: the latest report), that is, what is due."""
    if events.empty:
        return events
    day = pd.Timestamp(as_of).date() if as_of is not None else max(events["last_report"]).date()
    due = events[(events["status"].isin(["upcoming", "proposed"])) & (events["end"].dt.date >= day)]
    return due.reset_index(drop=True)


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _ics_date(day: dt.date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"  # strftime drops the zeros of years before 1000


def _fold(line: str) -> str:
    """iCalendar lines longer than 75 octets continue on the next line after a space."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode("utf-8")) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def calendar_ics(events: pd.DataFrame, now: dt.datetime | None = None) -> str:
    """An iCalendar (RFC 5545) file with one all-day event per timeline row."""
    stamp = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Negotiation Tracker//milestones//EN",
             "CALSCALE:GREGORIAN", "X-WR-CALNAME:Negotiation milestones"]
    for event in events.itertuples(index=False):
        summary = event.kind.capitalize() + (f" in {event.place}" if event.place else "")
        if event.actors:
            summary += ": " + ", ".join(event.actors[:4])
        description = (f"{event.status}; reported by {event.n_articles} article(s), first "
                       f"{event.first_report:%Y-%m-%d}.\n{event.sentence}")
        lines += ["BEGIN:VEVENT", f"UID:{event.event_id}@negotiation-tracker", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{_ics_date(event.start.date())}"]
        if event.end.date() < dt.date.max:  # without DTEND an all-day event lasts its one day
            lines.append(f"DTEND;VALUE=DATE:{_ics_date(event.end.date() + dt.timedelta(days=1))}")
        lines += [f"SUMMARY:{_ics_text(summary)}", f"DESCRIPTION:{_ics_text(description)}"]
        if event.place:
            lines.append(f"LOCATION:{_ics_text(event.place)}")
        lines += [f"STATUS:{'CANCELLED' if event.status == 'cancelled' else 'TENTATIVE' if event.status == 'proposed' else 'CONFIRMED'}",
                  "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
