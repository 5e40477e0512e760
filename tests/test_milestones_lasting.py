"""How long the war has lasted dates its start ("an eight-year conflict", "the war, which has been
going on since 2014", "over the past eight years"), while a bare "the war" dates nothing and how
long talks have lasted is no milestone; another war's invasion, named by who did it, is none of
this war's; arms pledged to be supplied are military aid (who made them takes no part); a military
operation launched is the invasion; a law signed is a decree; a meeting at a conference is two
events; the invasion's day written without its year is the day it is known for; an act dated
before the war began (`since:`) is another war's. Hand-written sentences, the bundled cue file and
gazetteer."""
import pandas as pd
import pytest

from analysis import Resources, run

RESOURCES = Resources.load()


def milestones(text, published="2022-03-10"):
    frame = pd.DataFrame({"article_id": ["a"], "title": [""], "standfirst": [""], "text": [text], "source": ["S"],
                          "published": [pd.Timestamp(published, tz="UTC")]})
    table = run(frame, RESOURCES, want="milestones").milestones
    return [(row.kind, row.start.date().isoformat(), row.end.date().isoformat(), row.expression)
            for row in table.itertuples()]


@pytest.mark.parametrize("text, expression", [
    ("The war in Donbas, which has been going on for eight years, must be stopped immediately.", "eight years"),
    ("Riven by an eight-year conflict that has claimed thousands of lives, the country waits.", "eight-year"),
    ("They spoke of the end of the war, which has been going on since 2014.", "2014"),
    ("The war has been raging since 2014 in the east.", "2014"),
])
def test_how_long_the_war_has_lasted_dates_its_start(text, expression):
    assert milestones(text) == [("war", "2014-01-01", "2014-12-31", expression)]


def test_the_past_years_date_a_war_act_a_bare_for_only_the_war_said_to_last():
    assert milestones("Putin had planned it over the past eight years, when he launched his first invasion.") == [
        ("war", "2014-01-01", "2014-12-31", "the past eight years")]
    # "waging a war" is an act, not the state said to last: how long it has been waged is no date
    assert milestones("For eight years we have been waging a war with Russia.") == []


@pytest.mark.parametrize("text", [
    "Talks on ending the war were the subject of the day.",          # the war named, nothing said of how long
    "Talks have been going on for two years.",                       # how long talks lasted dates no event
    "He has been president for eight years and a war hero.",         # a presidency's length is no war's
    "The conflict could last for years.",
])
def test_the_war_named_without_how_long_it_lasted_dates_nothing(text):
    assert [m for m in milestones(text) if m[0] == "war"] == []


def test_a_date_on_the_war_s_talks_stays_the_talks():
    assert milestones("Talks on ending the war will be held on Monday.") == [
        ("talks", "2022-03-14", "2022-03-14", "Monday")]


@pytest.mark.parametrize("text", [
    "Did Chamberlain not get assurances about Germany invading Czechoslovakia back in 1938?",
    "Germany's invasion of Poland in 1939 began another war.",
])
def test_another_war_s_invasion_named_by_who_did_it_is_none_of_this_war(text):
    assert milestones(text) == []


def test_this_war_s_invasion_is_still_one_whoever_else_the_sentence_names():
    assert milestones("Russia invaded Ukraine in 2014, Germany said.")[0][:3] == ("war", "2014-01-01", "2014-12-31")


@pytest.mark.parametrize("text", [
    "Last week, Germany pledged to supply Kyiv with a third Patriot battery from its stocks.",
    "On Wednesday Berlin agreed to send 14 Leopard 2 tanks to Ukraine.",
])
def test_arms_pledged_are_military_aid(text):
    assert [m[0] for m in milestones(text, published="2024-04-19")] == ["military aid"]


def test_a_military_operation_launched_is_the_invasion():
    assert milestones("Troops advanced after the Kremlin launched its long-anticipated military operation on Thursday.",
                      published="2022-02-25") == [("war", "2022-02-24", "2022-02-24", "Thursday")]


def test_a_law_signed_is_a_decree():
    assert [m[0] for m in milestones("Two years ago, the president signed a law on the admission of observers.")] == [
        "decree"]


def test_who_made_the_arms_takes_no_part():
    frame = pd.DataFrame({"article_id": ["a"], "title": [""], "standfirst": [""], "source": ["S"],
                          "text": ["Last week, Germany pledged to supply Kyiv with a third US-made Patriot battery."],
                          "published": [pd.Timestamp("2024-04-19", tz="UTC")]})
    row = run(frame, RESOURCES, want="milestones").milestones.iloc[0]
    assert (row.kind, sorted(row.actors)) == ("military aid", ["Germany", "Ukraine"])


def test_a_meeting_held_at_a_conference_is_two_events():
    found = milestones("Blinken met Wang Yi privately at the Munich Security Conference in February.",
                       published="2024-04-15")
    assert sorted(m[0] for m in found) == ["meeting", "summit"]
    assert {m[1:] for m in found} == {("2024-02-01", "2024-02-29", "February")}


def test_a_date_the_clause_comes_shortly_after_is_not_the_earlier_event_s():
    assert milestones("Russian forces struck a TV tower in Kyiv on March 1, 2022, shortly after Russian forces "
                      "launched the full-scale invasion of Ukraine.", published="2024-04-24") == []


@pytest.mark.parametrize("text, expected", [
    ("Shortly after Russia's February 24 invasion, the talks stalled.", ("2022-02-24", "2022-02-24")),
    ("The invasion began in February, and by March Kyiv was besieged.", ("2022-02-01", "2022-02-28")),
])
def test_the_invasion_s_day_written_without_its_year_is_the_day_it_is_known_for(text, expected):
    assert [m[1:3] for m in milestones(text, published="2023-07-10") if m[0] == "war"] == [expected]


def test_another_event_on_that_day_keeps_the_latest_year():
    assert milestones("They met on February 24.", published="2023-07-10") == [
        ("meeting", "2023-02-24", "2023-02-24", "February 24")]


@pytest.mark.parametrize("text", [
    "During the Normandy invasion on June 6th, 1944, U.S. troops were pinned down on the beach.",
    "Catherine the Great annexed Crimea in 1783.",
])
def test_a_war_s_act_before_the_war_began_is_another_war_s(text):
    assert milestones(text, published="2024-06-05") == []
