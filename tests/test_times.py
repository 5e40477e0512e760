"""The temporal tagger: each class of expression normalised against a fixed reference date."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


@pytest.mark.parametrize("text, expected", [
    ("for two and a half years", ("two and a half years", "DURATION", "P2Y6M")),
    ("held for 2 1/2 years", ("2 1/2 years", "DURATION", "P2Y6M")),
    ("a minute and a half", ("a minute and a half", "DURATION", "PT1M30S")),
    ("talks lasted one and a half hours", ("one and a half hours", "DURATION", "PT1H30M")),
    ("a pause of half an hour", ("half an hour", "DURATION", "PT30M")),
    ("a 1.5 days truce", ("1.5 days", "DURATION", "P1DT12H")),
    ("nearly four years ago", ("nearly four years ago", "DATE", "2021")),
    ("envoys meet each July", ("each July", "SET", "XXXX-07")),
    ("by midday", ("midday", "TIME", "2025-02-12T12:00")),
    ("at mid-afternoon yesterday", ("mid-afternoon yesterday", "TIME", "2025-02-11TAF")),
    ("the offer runs until 5 p.m. EST Feb. 19", ("5 p.m. EST Feb. 19", "TIME", "2025-02-19T17:00")),
    ("January nineteen ninety-seven", ("January nineteen ninety-seven", "DATE", "1997-01")),
    ("in the near term", ("the near term", "DATE", "FUTURE_REF")),
    ("profit in the year ended March 31", ("the year", "DURATION", "P1Y")),
])
def test_more_expression_classes(text, expected):
    assert expected in tags(text)


def test_anaphora_points_back_at_the_date_the_text_gave():
    text = "The envoy was appointed on May 22, 1995, and the following year he moved to Geneva."
    assert ("the following year", "DATE", "1996") in tags(text)
    text = "The ceasefire of 2014 collapsed. Later that year the talks moved to Minsk."
    assert ("Later that year", "DATE", "2014") in tags(text)
    # nothing earlier to point at: no guess
    assert tags("That year the talks moved to Minsk.") == []
    # earnings reports: "a year earlier" and "the quarter" mean the quarter under discussion
    text = ("Net income rose in the fiscal first quarter. A year earlier, it earned $2 million. "
            "Sales in the quarter were flat.")
    assert ("A year earlier", "DATE", "2024-Q1") in tags(text)
    assert ("the quarter", "DATE", "2025-Q1") in tags(text)
    assert ("the previous Friday", "DATE", "2025-01-31") in tags("down 4% from the previous Friday")


def test_tense_cues_beyond_the_auxiliaries():
    # October 1989 articles
    ref = "1989-10-27"
    # an irregular past verb: January past, not next
    assert ("January", "DATE", "1989-01") in tags("In January, the company brought in a new chief.", ref)
    # "effective" and "until" look forward
    assert ("Feb. 1", "DATE", "1990-02-01") in tags("The office of the chairman, effective Feb. 1.", ref)
    assert ("January", "DATE", "1990-01") in tags("Lenders extended loans through January, until January.", ref)
    # decimals and abbreviations do not end the sentence that carries the tense
    assert ("March", "DATE", "1989-03") in tags(
        "The stock has fluctuated, rising to $42.875 a share in June from $29.75 in March.", ref)
    # "next to" is a place, not the future
    assert ("Friday", "DATE", "1989-10-20") in tags(
        "A bomb ripped through a building next to the U.S. embassy on Friday.", "1989-10-26")
    # an adjective after the date is not the clause's verb
    assert ("August", "DATE", "1998-08") in tags(
        "Qantas will double its flights by August in the search for markets untouched by the crisis.",
        "1998-02-13")
    assert ("this past spring", "DATE", "1989-SP") in tags("before it scrapped the unit this past spring", ref)
    assert ("year-end", "DATE", "1988-12-31") in tags("The change is since year-end.", ref)
    assert ("year-end", "DATE", "1989-12-31") in tags("It expects to complete the deal by year-end.", ref)


_WORDS = st.sampled_from(["the", "following", "previous", "that", "year", "month", "day", "quarter", "first",
                          "a", "and", "half", "1/2", "ago", "earlier", "later", "May", "Feb.", "31", "29",
                          "1995", "2000", "Friday", "night", "midday", "until", "effective", "5", "p.m.",
                          ",", ".", "\n", "nineteen", "ninety-seven", "each", "July", "year-end", "since"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=40), st.dates())
def test_any_text_gives_well_formed_spans(words, reference):
    text = " ".join(words)
    spans = tag_spans(text, reference)
    previous_end = 0
    for start, end, kind, value, _ in spans:
        assert previous_end <= start < end <= len(text)
        assert kind in ("DATE", "TIME", "DURATION", "SET") and value
        previous_end = end
