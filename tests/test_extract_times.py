"""The tagger at the ends of the calendar: a bad reference is a ValueError naming it, anything else tags."""
import datetime as dt
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.times import TIMEX_COLUMNS, tag_spans, tag_times

EXPRESSIONS = ["next year", "tomorrow", "yesterday", "next week", "last week", "the following year", "that year",
               "on Christmas", "in the spring", "on Friday", "in May", "last month", "next month", "99999999 days ago",
               "5000 years ago", "in 9999 years", "three decades ago", "next decade", "next century", "Jan. 5",
               "December 31", "the fourth quarter", "a year earlier", "in 2025", "on 2025-02-30", "on 0001-01-01",
               "9999-12-31", "every Monday", "the weekend", "this summer", "in the first half", "year-end",
               "Thanksgiving", "at 5 p.m. Friday", "the day after tomorrow", "in 1999", "that same quarter"]


def values(reference, text="next year, tomorrow, next week and 99999999 days ago"):
    return [value for _, _, _, value, _ in tag_spans(text, reference)]


def test_the_last_day_of_the_calendar_tags_what_it_can():
    text = "Tomorrow and next year, on Friday, yesterday and next week: 5000 years ago."
    table = tag_times(text, "9999-12-31")
    assert list(table.columns) == TIMEX_COLUMNS
    # "tomorrow", "next year" and "next week" lie past 9999-12-31: they have no value and are left out.
    assert table[["text", "value"]].values.tolist() == [
        ["Friday", "9999-12-31"], ["yesterday", "9999-12-30"], ["5000 years ago", "4999"]]


def test_the_first_day_of_the_calendar_writes_four_digit_years():
    table = tag_times("Yesterday he said next year, next week and next decade; 500 years ago.", dt.date(1, 1, 1))
    assert table[["text", "value"]].values.tolist() == [
        ["next year", "0002"], ["next week", "0001-W02"], ["next decade", "001"], ["500 years", "P500Y"]]


def test_an_absurd_number_of_days_ago_is_a_duration_not_a_crash():
    assert tag_times("It began 99999999 days ago.", "2025-03-01")[["text", "value"]].values.tolist() == [
        ["99999999 days", "P99999999D"]]


@pytest.mark.parametrize("reference", ["notadate", "0000-00-00", "2025-02-30", "10000-01-01", "", "NaT", pd.NaT,
                                       None, 20250301, ["2025-03-01"]])
def test_bad_references_are_a_value_error_naming_them(reference):
    with pytest.raises(ValueError, match=r"reference") as error:
        tag_times("next year", reference)
    assert not isinstance(error.value, (OverflowError,)) and type(error.value) is ValueError
    if isinstance(reference, str) and reference:
        assert repr(reference) in str(error.value)


_LEADING_YEAR = re.compile(r"-?\d+")
_REFERENCES = st.one_of(st.dates(), st.datetimes(), st.dates().map(dt.date.isoformat),
                        st.datetimes().map(pd.Timestamp) .filter(lambda t: t.year > 1677 and t.year < 2262))
_TEXTS = st.one_of(st.text(max_size=60), st.lists(st.sampled_from(EXPRESSIONS), min_size=1, max_size=6).map(", ".join),
                   st.tuples(st.text(max_size=20), st.sampled_from(EXPRESSIONS)).map(" ".join))


@settings(max_examples=400, deadline=None)
@given(reference=_REFERENCES, text=_TEXTS)
def test_any_date_of_the_calendar_as_reference_gives_well_formed_values(reference, text):
    for start, end, kind, value, end_value in tag_spans(text, reference):
        assert 0 <= start < end <= len(text) and kind in ("DATE", "TIME", "DURATION", "SET")
        for v in (value, end_value):
            year = _LEADING_YEAR.match(v or "")
            assert year is None or (not year.group().startswith("-") and len(year.group()) <= 4
                                    and year.group() != "0000"), (text, reference, v)


@settings(max_examples=300, deadline=None)
@given(reference=st.one_of(st.text(max_size=15), st.integers(), st.none(), st.floats(), st.sampled_from(
    ["0000-00-00", "9999-12-32", "2025-13-01", "-0001-01-01", "10000-01-01", "NaT", "nan", "now"])),
       text=_TEXTS)
def test_junk_references_are_tagged_against_or_refused_with_a_value_error(reference, text):
    try:
        tag_spans(text, reference)
    except ValueError as e:
        assert type(e) is ValueError and "reference" in str(e)
