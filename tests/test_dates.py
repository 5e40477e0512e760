"""Publication dates: every common form lands on the right UTC instant."""
import pandas as pd
import pytest

from analysis.load.dates import date_from_filename, parse_date

UTC = "UTC"


@pytest.mark.parametrize("raw, expected", [
    ("2025-02-18", "2025-02-18T00:00"),
    ("2025-02-18T09:15:00Z", "2025-02-18T09:15"),
    ("2025-06-02T11:20:00+03:00", "2025-06-02T08:20"),
    ("20250311T143000Z", "2025-03-11T14:30"),
    ("Fri, 22 Jul 2022 11:00:00 GMT", "2022-07-22T11:00"),
    ("Tue, 18 Feb 2025 09:15:00 +0100", "2025-02-18T08:15"),
    ("Tue 18 Feb 2025 09.15 GMT", "2025-02-18T09:15"),
    ("February 18, 2025", "2025-02-18T00:00"),
    ("18 February 2025", "2025-02-18T00:00"),
    ("Feb. 18, 2025", "2025-02-18T00:00"),
    ("Published 18 February 2025", "2025-02-18T00:00"),
    # US Eastern: EST (UTC-5) before the 2025-03-09 clock change, EDT (UTC-4) after it.
    ("Updated: March 12, 2025 7:40 a.m. ET", "2025-03-12T11:40"),
    ("Updated: March 7, 2025 7:40 a.m. ET", "2025-03-07T12:40"),
    ("May 16, 2025 at 3:05 p.m. EDT", "2025-05-16T19:05"),
    ("16 May 2025 14:05 MSK", "2025-05-16T11:05"),
    ("2/12/2025", "2025-02-12T00:00"),       # month first, as US sites write it
    ("25/02/2025", "2025-02-25T00:00"),      # day first when it cannot be a month
    (1739871300, "2025-02-18T09:35"),        # Unix seconds
    ("1739871300000", "2025-02-18T09:35"),   # Unix milliseconds as text
])
def test_common_forms(raw, expected):
    assert parse_date(raw) == pd.Timestamp(expected, tz=UTC)


@pytest.mark.parametrize("raw", ["", "NA", "March 5", "next Tuesday", "2025-13-45", "nonsense",
                                 "12", True, float("nan"), None, "Page 2035"])
def test_not_dates(raw):
    assert parse_date(raw) is None


def test_naive_datetimes_are_taken_as_utc():
    assert parse_date(pd.Timestamp("2025-08-15 18:30")) == pd.Timestamp("2025-08-15 18:30", tz=UTC)


@pytest.mark.parametrize("name, expected", [
    ("20220125T090000Z_talks.txt", "2022-01-25T09:00"),
    ("2022-01-25T09:00:00+02:00_talks.txt", "2022-01-25T07:00"),
    ("2025-02-18_riyadh.txt", "2025-02-18T00:00"),
    ("clips/20250311_jeddah.md", "2025-03-11T00:00"),
])
def test_file_name_dates(name, expected):
    assert date_from_filename(name) == pd.Timestamp(expected, tz=UTC)


@pytest.mark.parametrize("name", ["the-1991-borders.txt", "notes.txt", "2025-99-99_x.txt"])
def test_file_names_without_dates(name):
    assert date_from_filename(name) is None
