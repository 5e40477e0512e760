"""Milestones on hand-written sentences: kind, status, dates, actors and place."""
import datetime as dt

import pandas as pd
import pytest

from analysis.gazetteer import load_gazetteer
from analysis.mentions import find_mentions
from analysis.milestones import (MILESTONE_COLUMNS, DataFileError, date_range, extract_milestones,
                                 load_cues, load_places)

from conftest import PROJECT_ROOT

MINI = load_gazetteer(PROJECT_ROOT / "tests" / "data" / "mini_actors.yml", base=None)


def milestones(text, published="2025-02-12"):
    articles = pd.DataFrame({"article_id": ["a"], "title": [""], "standfirst": [""], "text": [text],
                             "published": [pd.Timestamp(published, tz="UTC")]})
    return extract_milestones(articles, find_mentions(articles, MINI))


def one(text, published="2025-02-12"):
    table = milestones(text, published)
    assert len(table) == 1, table[["expression", "kind"]]
    return table.iloc[0]


def test_columns():
    assert list(milestones("Nothing happened.").columns) == MILESTONE_COLUMNS


def test_past_talks_with_actors_and_place():
    row = one("Rubio met Lavrov for talks in Riyadh on Tuesday, the Kremlin said.", "2025-02-19")
    assert (row["kind"], row["status"], row["place"]) == ("talks", "past", "Riyadh")
    assert row["start"] == row["end"] == pd.Timestamp("2025-02-18")
    assert row["precision"] == "day" and row["expression"] == "Tuesday"
    assert row["actors"] == ["Marco Rubio", "Kremlin"]


@pytest.mark.parametrize("sentence, kind, status", [
    ("Negotiators are due to meet in Istanbul next Monday.", "meeting", "upcoming"),
    ("A 30-day ceasefire could begin on March 1.", "ceasefire", "proposed"),
    ("The summit planned for Friday was cancelled.", "summit", "cancelled"),
    ("Putin and Trump spoke in a phone call on Wednesday.", "call", "past"),
    ("Both sides agreed a prisoner exchange of 1,000 each on May 16.", "prisoner exchange", "past"),
    ("The deadline for a reply expires on Friday.", "deadline", "upcoming"),
    ("Zelenskiy signed a decree on Oct. 4 ruling out talks.", "decree", "past"),
])
def test_kind_and_status(sentence, kind, status):
    published = "2025-05-20" if "May 16" in sentence else "2022-10-10" if "Oct. 4" in sentence else "2025-02-12"
    row = one(sentence, published)
    assert (row["kind"], row["status"]) == (kind, status)


def test_ranges_weeks_and_months():
    row = one("The Munich Security Conference runs from February 14-16.", "2025-02-10")
    assert (row["start"], row["end"], row["precision"]) == (pd.Timestamp("2025-02-14"), pd.Timestamp("2025-02-16"), "day")
    assert row["place"] == "Munich" and row["kind"] == "summit" and row["status"] == "upcoming"
    row = one("Talks are expected next week.", "2025-02-12")
    assert (row["start"], row["end"], row["precision"]) == (pd.Timestamp("2025-02-17"), pd.Timestamp("2025-02-23"), "week")


@pytest.mark.parametrize("sentence", [
    "The company's notes due in 2035 fell.",
    "Kyiv will not give up the 1991 borders.",
    "The weather was cold on Friday.",
    "Officials said talks would resume at some point.",
    "Trump and Putin will meet, their first talks since Trump returned to the White House in January.",
])
def test_dates_without_events_and_events_without_dates_are_not_milestones(sentence):
    assert milestones(sentence).empty


def test_date_range_of_values():
    assert date_range("2025-02") == (dt.date(2025, 2, 1), dt.date(2025, 2, 28), "month")
    assert date_range("2025-Q3") == (dt.date(2025, 7, 1), dt.date(2025, 9, 30), "quarter")
    assert date_range("2024-WI") == (dt.date(2024, 12, 1), dt.date(2025, 2, 28), "season")
    assert date_range("2025-W07") == (dt.date(2025, 2, 10), dt.date(2025, 2, 16), "week")
    assert date_range("2025-02-14", "2025-02-16") == (dt.date(2025, 2, 14), dt.date(2025, 2, 16), "day")
    assert date_range("PRESENT_REF") is None and date_range("P3D") is None


def test_user_cue_and_place_files_extend_and_bad_ones_are_named(write):
    cues = write("cues.yml", "kinds:\n  drone strike: [drone attack]\n")
    places = write("places.yml", "places:\n  - {name: Dolgoprudny, country: Russia}\n")
    articles = pd.DataFrame({"article_id": ["a"], "title": [""], "standfirst": [""],
                             "text": ["A drone attack hit an oil depot in Dolgoprudny on Friday."],
                             "published": [pd.Timestamp("2025-02-12", tz="UTC")]})
    table = extract_milestones(articles, find_mentions(articles, MINI), cues=load_cues(cues), places=load_places(places))
    assert (table.iloc[0]["kind"], table.iloc[0]["place"]) == ("drone strike", "Dolgoprudny")
    with pytest.raises(DataFileError, match=r"bad\.yml:2: kinds 'x': expected a list"):
        load_cues(write("bad.yml", "kinds:\n  x: 3\n"))
    with pytest.raises(DataFileError, match=r"status 'maybe' is not one of"):
        load_cues(write("bad2.yml", "status:\n  maybe: [perhaps]\n"))
    with pytest.raises(DataFileError, match=r"places\[0\]: needs a 'name'"):
        load_places(write("bad3.yml", "places:\n  - {country: X}\n"))
