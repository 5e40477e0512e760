"""The temporal tagger: each class of expression normalised against a fixed reference date."""
import pytest

from analysis.times import TIMEX_COLUMNS, tag_spans, tag_times

REF = "2025-02-12"  # a Wednesday


def tags(text, reference=REF):
    return [(text[s:e], kind, value) for s, e, kind, value, _ in tag_spans(text, reference)]


@pytest.mark.parametrize("text, expected", [
    ("on February 12", ("February 12", "DATE", "2025-02-12")),
    ("on 12 February 2025", ("12 February 2025", "DATE", "2025-02-12")),
    ("on Feb. 12, 2025", ("Feb. 12, 2025", "DATE", "2025-02-12")),
    ("on 2/12/2025", ("2/12/2025", "DATE", "2025-02-12")),
    ("on 2025-02-12", ("2025-02-12", "DATE", "2025-02-12")),
    ("in March 2025", ("March 2025", "DATE", "2025-03")),
    ("in 2024", ("2024", "DATE", "2024")),
    ("in the 1990s", ("the 1990s", "DATE", "199")),
    ("in the 20th century", ("the 20th century", "DATE", "19")),
    ("in the third quarter of 2024", ("the third quarter of 2024", "DATE", "2024-Q3")),
    ("in the first half of 2025", ("the first half of 2025", "DATE", "2025-H1")),
    ("by summer 2025", ("summer 2025", "DATE", "2025-SU")),
    ("today", ("today", "DATE", "2025-02-12")),
    ("yesterday", ("yesterday", "DATE", "2025-02-11")),
    ("tomorrow", ("tomorrow", "DATE", "2025-02-13")),
    ("this week", ("this week", "DATE", "2025-W07")),
    ("last week", ("last week", "DATE", "2025-W06")),
    ("next week", ("next week", "DATE", "2025-W08")),
    ("this month", ("this month", "DATE", "2025-02")),
    ("last month", ("last month", "DATE", "2025-01")),
    ("next year", ("next year", "DATE", "2026")),
    ("last year", ("last year", "DATE", "2024")),
    ("earlier this month", ("earlier this month", "DATE", "2025-02")),
    ("mid-2024", ("mid-2024", "DATE", "2024")),
    ("at the end of last year", ("the end of last year", "DATE", "2024")),
    ("signed last May", ("last May", "DATE", "2024-05")),
    ("three years ago", ("three years ago", "DATE", "2022")),
    ("two weeks ago", ("two weeks ago", "DATE", "2025-W05")),
    ("for 100 days", ("100 days", "DURATION", "P100D")),
    ("for two years", ("two years", "DURATION", "P2Y")),
    ("within the first 100 days", ("the first 100 days", "DURATION", "P100D")),
    ("a 30-day ceasefire", ("30-day", "DURATION", "P30D")),
    ("for 16 hours", ("16 hours", "DURATION", "PT16H")),
    ("in the coming months", ("the coming months", "DATE", "FUTURE_REF")),
    ("now", ("now", "DATE", "PRESENT_REF")),
    ("at 3 p.m.", ("3 p.m.", "TIME", "2025-02-12T15:00")),
    ("meets every week", ("every week", "SET", "P1W")),
    ("reports daily", ("daily", "SET", "P1D")),
    ("a deal by Easter", ("Easter", "DATE", "2025-04-20")),
    ("talks before Christmas", ("Christmas", "DATE", "2025-12-25")),
    ("by year-end", ("year-end", "DATE", "2025-12-31")),
    ("profit in the latest period", ("the latest period", "DATE", "2024-Q4")),
])
def test_expression_classes(text, expected):
    assert expected in tags(text)


def test_tense_decides_direction():
    # A February 2025 article: a past clause looks back, a future clause looks forward.
    assert tags("The talks were held in August.") == [("August", "DATE", "2024-08")]
    assert tags("The talks will be held in August.") == [("August", "DATE", "2025-08")]
    assert tags("The deal was signed in August.") == [("August", "DATE", "2024-08")]
    assert tags("The delegations met on Friday.") == [("Friday", "DATE", "2025-02-07")]
    assert tags("The delegations will meet on Friday.") == [("Friday", "DATE", "2025-02-14")]
    assert tags("Ministers are due to meet next Monday.") == [("next Monday", "DATE", "2025-02-17")]


@pytest.mark.parametrize("text", [
    "The company sold notes due in 2035 last spring",
    "Kyiv insists on the 1991 borders",
    "about 2000 troops crossed",
    "prices rose 2024 percent",
    "it cost $2025",
    "Security Council resolution 2202",
    "see page 1998",
    "a count of 1,000 prisoners",
])
def test_numbers_that_are_not_dates(text):
    values = [value for _, _, value in tags(text)]
    assert not any(v in ("2035", "1991", "2000", "2024", "2025", "2202", "1998") for v in values), values


@pytest.mark.parametrize("text, start, end", [
    ("at the Munich conference on February 14-16", "2025-02-14", "2025-02-16"),
    ("meeting on 14–16 February", "2025-02-14", "2025-02-16"),
    ("talks from May 16 to June 2, 2025", "2025-05-16", "2025-06-02"),
    ("technical talks on March 23-25", "2025-03-23", "2025-03-25"),
])
def test_ranges(text, start, end):
    (span,) = [s for s in tag_spans(text, REF) if s[4]]
    assert (span[3], span[4]) == (start, end)


def test_timex_table_offsets_and_columns():
    text = "Putin and Trump spoke by phone on Wednesday,\nand again on Feb. 18."
    table = tag_times(text, REF)
    assert list(table.columns) == TIMEX_COLUMNS
    for row in table.itertuples():
        assert text[row.start:row.end] == row.text
    assert table["value"].tolist() == ["2025-02-12", "2025-02-18"]


def test_reference_is_required_and_validated():
    with pytest.raises(ValueError, match="reference"):
        tag_times("today", None)
    with pytest.raises(ValueError, match="reference='someday'"):
        tag_times("today", "someday")


@pytest.mark.parametrize("text", ["a 9-year-old boy", "the 70-year-old envoy", "she is 45 years old",
                                  "quarterly earnings rose", "talks resume soon", "as previously agreed"])
def test_ages_and_vague_words_are_not_tagged(text):
    assert tags(text) == []


def test_may_the_verb_is_not_a_month():
    assert tags("Talks may resume. They march on.") == []
    assert tags("The summit in May was short.") == [("May", "DATE", "2024-05")]
