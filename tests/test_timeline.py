"""Merging one event reported by three articles, and the calendar of what is due."""
import datetime as dt

import pandas as pd

from analysis.gazetteer import load_gazetteer
from analysis.pipeline import run
from analysis.resources import Resources
from analysis.timeline import TIMELINE_COLUMNS, calendar_ics, timeline, upcoming

from conftest import PROJECT_ROOT

MINI = load_gazetteer(PROJECT_ROOT / "tests" / "data" / "mini_actors.yml", base=None)

ARTICLES = pd.DataFrame({
    "article_id": ["a1", "a2", "a3", "a4"],
    "source": ["Danube Wire", "Steppe Herald", "Danube Wire", "Gulf Ledger"],
    "title": "", "standfirst": "",
    "text": [
        "Rubio and Peskov are due to hold talks in Riyadh on Tuesday, officials said on Sunday.",
        "Delegations from Washington and Moscow met for talks in Riyadh on Monday.",  # a day off: disagreement
        "The talks in Riyadh on Tuesday lasted four hours, Rubio said.",
        "Zelenskiy will visit Washington on Feb. 28.",
    ],
    "published": pd.to_datetime(["2025-02-16 10:00", "2025-02-18 20:00", "2025-02-18 22:00",
                                 "2025-02-20 09:00"], utc=True),
})


def events():
    return run(ARTICLES, Resources(MINI), want="timeline").timeline


def test_three_reports_of_one_event_become_one_row():
    table = events()
    assert list(table.columns) == TIMELINE_COLUMNS
    riyadh = table[table["place"] == "Riyadh"]
    assert len(riyadh) == 1
    event = riyadh.iloc[0]
    assert event["kind"] == "talks" and event["status"] == "past"
    assert event["start"] == pd.Timestamp("2025-02-18")           # two reports of three say Tuesday
    assert event["dates_reported"] == ["2025-02-17", "2025-02-18"] and event["date_spread_days"] == 1
    assert event["n_articles"] == 3 and event["n_sources"] == 2
    assert event["first_report"] == pd.Timestamp("2025-02-16 10:00", tz="UTC")
    assert event["last_report"] == pd.Timestamp("2025-02-18 22:00", tz="UTC")
    assert sorted(event["article_ids"]) == ["a1", "a2", "a3"]
    assert event["actors"][0] == "Marco Rubio"


def test_upcoming_and_calendar():
    table = events()
    due = upcoming(table, dt.date(2025, 2, 21))
    assert due["start"].tolist() == [pd.Timestamp("2025-02-28")]
    assert due.iloc[0]["kind"] == "visit" and due.iloc[0]["place"] == "Washington"
    ics = calendar_ics(due, now=dt.datetime(2025, 2, 21, tzinfo=dt.timezone.utc))
    lines = ics.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert "DTSTART;VALUE=DATE:20250228" in lines and "DTEND;VALUE=DATE:20250301" in lines
    assert "LOCATION:Washington" in lines and "DTSTAMP:20250221T000000Z" in lines
    assert all(len(line.encode()) <= 75 for line in lines)
    assert any(line.startswith("SUMMARY:Visit in Washington: Volodymyr Zelenskiy") for line in lines)


def test_empty_input():
    empty = timeline(run(ARTICLES.iloc[0:0], Resources(MINI), want="milestones").milestones)
    assert empty.empty and list(empty.columns) == TIMELINE_COLUMNS
    assert calendar_ics(empty).startswith("BEGIN:VCALENDAR")
