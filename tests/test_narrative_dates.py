"""A retrospective's days written without their year stand in its narrative's year: "Russia's
February 2022 invasion ... talks on Feb. 28 ... on March 7" in a 2024 report are 2022's days; a bare
year is background and moves nothing; the story runs forward ("In April 2022 ... the March 17
decision" in June 2023 is 2023's); a weekday or a day of the last two weeks is the report's own
time again. Hand-counted on hand-written sentences."""
import datetime as dt
import re

import pandas as pd

from analysis import Resources, run
from analysis.timex import tag_spans
from analysis.timex.narrative import NarrativeYear

MONTHS = re.compile(r"\b(?:Feb|February|March|April|May|June|July|September)\b", re.I)
PUBLISHED = dt.date(2024, 4, 19)


def _values(narrative, *sentences, published=PUBLISHED):
    return [[value for _, _, _, value, _ in narrative.reanchor(s, tag_spans(s, published))] for s in sentences]


def test_a_retrospective_s_days_stand_in_its_year():
    narrative = NarrativeYear(PUBLISHED, MONTHS)
    assert _values(narrative, "Talks began after the February 2022 invasion.", "The first round was held on Feb. 28.",
                   "At the third round on March 7 the sides met.") == [["2022-02"], ["2022-02-28"], ["2022-03-07"]]


def test_a_bare_year_is_background_and_moves_nothing():
    narrative = NarrativeYear(PUBLISHED, MONTHS)
    assert _values(narrative, "At the 2019 conference deals were signed.", "Moscow quit the deal on March 7.") == [
        ["2019"], ["2024-03-07"]]


def test_the_story_runs_forward():
    narrative = NarrativeYear(dt.date(2023, 6, 3), MONTHS)
    assert _values(narrative, "In April 2022, Russia was suspended.", "The March 17 decision was a start.",
                   published=dt.date(2023, 6, 3)) == [["2022-04"], ["2023-03-17"]]


def test_a_weekday_or_a_recent_day_is_the_report_s_own_time_again():
    narrative = NarrativeYear(PUBLISHED, MONTHS)
    assert _values(narrative, "The February 2022 invasion began it.", "On Monday ministers met.",
                   "They will meet again.", "The March 7 round failed.")[3] == ["2024-03-07"]
    narrative = NarrativeYear(PUBLISHED, MONTHS)
    assert _values(narrative, "The February 2022 invasion began it.", "Lavrov said so on April 12.",
                   "The March 7 round failed.")[1:] == [["2024-04-12"], ["2024-03-07"]]


def test_an_upcoming_day_is_not_moved():
    narrative = NarrativeYear(PUBLISHED, MONTHS)
    assert _values(narrative, "The February 2022 invasion began it.", "The summit will be held on July 9.")[1] == [
        "2024-07-09"]


def test_the_milestones_of_a_retrospective_are_dated_in_its_year():
    text = ("Less than a week after Russia's February 2022 invasion, peace talks began. The first round of talks "
            "was held in Belarus on Feb. 28. At the third round of talks on March 7, the sides laid out red lines.")
    frame = pd.DataFrame({"article_id": ["a"], "title": [""], "standfirst": [""], "text": [text], "source": ["S"],
                          "published": [pd.Timestamp("2024-04-19", tz="UTC")]})
    table = run(frame, Resources.load(), want="milestones").milestones
    assert sorted(d.date().isoformat() for d in table.loc[table["kind"] == "talks", "start"])[-2:] == [
        "2022-02-28", "2022-03-07"]


def test_a_leap_day_moved_to_a_year_without_one_is_the_28th():
    narrative = NarrativeYear(dt.date(2024, 4, 19), MONTHS)
    assert _values(narrative, "The talks of February 2023 began it.", "They met again on Feb. 29.")[1] == ["2023-02-28"]
