"""Every extractor takes time linear in the length of one text field, also on one endless line.

The timed tests assert how time grows with size, not how fast anything is: each size runs in a
child process (benchmarks/bench_linear.py) as the median of a few runs, so a quadratic step
shows as a ratio near 16 where linear time gives 4, whatever the machine's load.
"""
import datetime as dt
import importlib.util

import numpy as np
import pandas as pd
import pytest

from analysis.text import MAX_SENTENCE, segments, sentence_starts
from analysis.timeline import calendar_ics, timeline

from conftest import PROJECT_ROOT

_SPEC = importlib.util.spec_from_file_location("bench_linear", PROJECT_ROOT / "benchmarks" / "bench_linear.py")
bench = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(bench)


@pytest.mark.slow
@pytest.mark.parametrize("shape", bench.SHAPES)
@pytest.mark.parametrize("extractor", bench.EXTRACTORS)
def test_four_times_the_text_takes_less_than_eight_times_as_long(extractor, shape):
    small = bench.measure_in_child(extractor, shape, 0.2, 3, timeout=120, code=str(PROJECT_ROOT))
    large = bench.measure_in_child(extractor, shape, 0.8, 3, timeout=120, code=str(PROJECT_ROOT))
    assert small is not None and large is not None, "more than 120 s for at most 0.8 MB"
    # the larger text really holds more to find (events merge more reports each, so grow less; an
    # article's milestones are one per event, and the larger article repeats the smaller's events)
    assert large["rows"] >= {"timeline": 1.5, "milestones": 2}.get(extractor, 3) * small["rows"]
    # below 50 ms the timer's noise is larger than the work
    assert large["seconds"] < 8 * max(small["seconds"], 0.05), (small, large)


@pytest.mark.slow
@pytest.mark.parametrize("extractor", bench.EXTRACTORS)
def test_five_megabytes_on_one_line_finish(extractor):
    found = bench.measure_in_child(extractor, "line", 5.0, 1, timeout=120, code=str(PROJECT_ROOT))
    assert found is not None, f"{extractor} took more than 120 s on a 5 MB line"
    assert found["rows"] > 0


def test_no_sentence_is_longer_than_the_bound():
    text = bench.news_text(0.05, "line")
    starts = sentence_starts(text)
    spans = segments(text, starts)
    assert len(spans) >= len(text) // MAX_SENTENCE
    assert max(end - start for start, end in spans) <= MAX_SENTENCE
    for start, _ in spans[1:]:
        assert text[start - 1] == " " and text[start] != " "  # cut between words


def test_cuts_do_not_depend_on_how_far_sentences_are_listed():
    text = "Talks began. " + "word " * 3000 + "End. " + "x" * 5000 + " Then more. And so on."
    every = sentence_starts(text)
    for until in (0, 20, 2100, 9000, 15000, 20500, len(text) - 1):
        assert sentence_starts(text, until=until) == [s for s in every if s <= until]
    assert "x" * MAX_SENTENCE in [text[s:e] for s, e in segments(text, every)]  # no space: a hard cut


def test_normal_sentences_are_not_cut():
    text = "A sentence of ordinary length ends here. " * 3 + "\n\nAnother paragraph, " + "and so on " * 150 + "ends."
    assert sentence_starts(text) == [0, 41, 82, 125]


def test_timeline_at_the_ends_of_the_calendar():
    milestones = pd.DataFrame({
        "article_id": ["a", "b", "c", "d"],
        "published": pd.to_datetime(["2025-01-01"] * 4, utc=True),
        "start": np.array(["0001-01-01", "0001-01-01", "9999-12-31", "9999-12-31"], dtype="datetime64[s]"),
        "end": np.array(["0001-01-01", "0001-01-01", "9999-12-31", "9999-12-31"], dtype="datetime64[s]"),
        "precision": "day", "expression": "", "kind": ["talks", "talks", "summit", "summit"],
        "status": "past", "actors": [[]] * 4, "people": [[]] * 4, "place": ["Geneva", "Geneva", "", ""],
        "sentence": ""})
    events = timeline(milestones)
    assert events["n_articles"].tolist() == [2, 2]
    assert events["start"].dt.year.tolist() == [1, 9999]
    lines = calendar_ics(events, now=dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)).split("\r\n")
    assert "DTSTART;VALUE=DATE:00010101" in lines and "DTEND;VALUE=DATE:00010102" in lines
    assert "DTSTART;VALUE=DATE:99991231" in lines
    assert sum(line.startswith("DTEND") for line in lines) == 1  # a last day has no day after it
