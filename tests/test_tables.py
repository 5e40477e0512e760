"""Report tables: readable cells, top rows sorted, what is left out said, the whole table as CSV,
hostile text escaped, and the page's search and sort markup present."""
import datetime as dt
import re

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from analysis.tables import FULL_ROWS, cell, report_table
from analysis.timeline import for_reading, when


def test_cells_read_as_a_reader_writes_them():
    assert cell(pd.Timestamp("2024-03-29")) == "2024-03-29"
    assert cell(pd.Timestamp("2024-03-29 14:05", tz="UTC")) == "2024-03-29 14:05"
    assert cell(dt.date(2022, 2, 24)) == "2022-02-24"
    assert cell(["Russia", "Ukraine"]) == "Russia, Ukraine"
    assert cell(None) == "" and cell(float("nan")) == "" and cell(pd.NaT) == ""
    assert cell(2.5) == "2.50" and cell(3.0) == "3" and cell(12) == "12" and cell(123456) == "123,456"
    assert cell(True) == "yes" and cell("two\nlines") == "two lines"
    long = "The delegations met in Istanbul for a second round of talks on the exchange of prisoners " * 3
    cut = cell(long, 60)
    assert cut.endswith("…") and len(cut) <= 61 and long.startswith(cut[:-1])
    assert cut[:-1] == cut[:-1].rstrip() and not cut[:-1].endswith("priso")  # cut at a word


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.integers(min_value=10, max_value=200))
def test_any_text_is_cut_to_its_limit_on_one_line(text, limit):
    out = cell(text, limit)
    assert len(out) <= limit + 1 and "\n" not in out
    assert out == " ".join(text.split()) or out.endswith("…")


def _events(n):
    return pd.DataFrame({"title": [f"Event {i}" for i in range(n)], "salience": [float(i % 7) for i in range(n)],
                         "start": pd.date_range("2024-01-01", periods=n, freq="D"),
                         "participants": [["Russia", "Ukraine"][: 1 + i % 2] for i in range(n)]})


def test_top_rows_sorted_with_what_is_left_out_and_the_whole_table_as_csv(tmp_path):
    table = report_table(_events(40), sort_by=["salience", "start"], ascending=[False, True], what="events",
                         order="most reported first", top=5, csv_path=tmp_path / "t" / "events.csv",
                         csv_link="x/tables/events.csv")
    assert table.caption() == "The top 5 of 40 events, most reported first; 35 more not shown here."
    assert table.frame["salience"].tolist()[:5] == [6.0] * 5
    assert table.frame["start"].is_monotonic_increasing is False  # sorted by salience first
    saved = pd.read_csv(tmp_path / "t" / "events.csv")
    assert len(saved) == 40 and list(saved.columns) == ["title", "salience", "start", "participants"]
    assert saved["start"].iloc[0] == "2024-01-07" and saved["participants"].tolist()[:2] == ["Russia", "Russia, Ukraine"]
    page = table._repr_html_()
    top = re.search(r'<table class="nt-top">(.*?)</table>', page).group(1)
    assert top.count("<tr>") == 6  # a header and five rows
    full = re.search(r'<table class="nt-all nt-sortable">(.*?)</table>', page).group(1)
    assert full.count("<tr>") == 41
    assert 'href="x/tables/events.csv"' in page and 'type="search"' in page and "<script data-nt-tables>" in page


def test_a_short_table_is_shown_whole_and_an_empty_one_says_so():
    assert report_table(_events(3), what="events").caption() == "All 3 events."
    empty = report_table(_events(0), what="events")
    assert empty.caption() == "No events in this period." and "<table" not in empty._repr_html_()
    assert "script" not in report_table(_events(3))._repr_html_()  # nothing to search: no script


def test_the_page_holds_at_most_the_full_rows_and_says_the_csv_has_all():
    page = report_table(_events(FULL_ROWS + 10), top=5)._repr_html_()
    assert f"the first {FULL_ROWS:,}; the CSV holds all {FULL_ROWS + 10:,}" in page


def test_hostile_text_is_escaped():
    frame = pd.DataFrame({"title": ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>"], "n": [1, 2]})
    page = report_table(frame, top=1)._repr_html_()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_event_dates_read_at_their_precision():
    day = pd.Timestamp
    assert when(day("2022-02-24"), day("2022-02-24"), "day") == "24 Feb 2022"
    assert when(day("2022-02-12"), day("2022-02-14"), "day") == "12–14 Feb 2022"
    assert when(day("2024-03-01"), day("2024-03-31"), "month") == "March 2024"
    assert when(day("2024-03-04"), day("2024-03-10"), "week") == "the week of 4 Mar 2024"
    assert when(day("2014-01-01"), day("2014-12-31"), "year") == "2014"
    assert when(day("2024-03-28"), day("2024-04-02"), "day") == "28 Mar 2024 – 2 Apr 2024"
    events = pd.DataFrame({"start": [day("2022-02-24")], "end": [day("2022-02-24")], "precision": ["day"],
                           "participants": [["A", "B", "C", "D", "E", "F"]], "dates_reported": [["2022-02-24"]]})
    shown = for_reading(events)
    assert shown["when"].iloc[0] == "24 Feb 2022" and shown["participants"].iloc[0] == ["A", "B", "C", "D", "2 more"]
    assert shown["dates_reported"].iloc[0] == []  # one date: nothing to disagree about


@pytest.mark.parametrize("n", [0, 1])
def test_for_reading_an_empty_or_single_table(n):
    events = pd.DataFrame({"start": [pd.Timestamp("2024-01-01")] * n, "end": [pd.Timestamp("2024-01-01")] * n,
                           "precision": ["day"] * n, "participants": [[]] * n, "dates_reported": [[]] * n})
    assert len(for_reading(events)) == n and "when" in for_reading(events)
