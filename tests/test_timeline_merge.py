"""When reports of different articles are one event, on hand-made milestone rows: who they name,
where, at what precision; and how the merged event reads (its place, title, sentence, rank; the
sentence one dating the event itself rather than working its date out from another)."""
import pandas as pd

from analysis.schema import MILESTONE_COLUMNS
from analysis.timeline import by_salience, timeline

PERSONS = {"Joe Biden", "Vladimir Putin", "Emmanuel Macron", "Olaf Scholz", "Recep Erdogan", "Volodymyr Zelenskiy"}


def report(article, start, kind="talks", actors=(), place="", precision="day", end=None, published="2025-03-01",
           sentence=None, cue=None, background=False):
    actors = list(actors)
    return {"article_id": article, "published": pd.Timestamp(published, tz="UTC"), "start": pd.Timestamp(start),
            "end": pd.Timestamp(end or start), "precision": precision, "expression": "x", "kind": kind,
            "cue": cue or kind, "status": "past", "actors": actors, "people": [a for a in actors if a in PERSONS],
            "place": place, "sentence": sentence or f"{article}: {kind} of {start}", "recency": 1,
            "background": background}


def events(*rows):
    return timeline(pd.DataFrame(list(rows), columns=MILESTONE_COLUMNS))


def test_a_report_naming_no_one_joins_its_article_s_event_its_place_s_or_the_day_s_only_one():
    table = events(report("a1", "2025-02-20", "meeting", ["Joe Biden", "Olaf Scholz"]),
                   report("a5", "2025-02-20", "meeting", ["Recep Erdogan", "Vladimir Putin"]),
                   report("a2", "2025-02-20", "meeting"),                       # which of the day's two?
                   report("a3", "2025-02-24", "meeting", ["Recep Erdogan"], place="Ankara"),
                   report("a6", "2025-02-24", "meeting", ["Emmanuel Macron"]),
                   report("a4", "2025-02-24", "meeting", place="Ankara"),       # no one named, the same place
                   report("a7", "2025-03-03", "talks", ["Russia", "Ukraine"]),
                   report("a8", "2025-03-03", "talks"),                         # the day's only gathering
                   report("a1", "2025-02-20", "talks", sentence="a1: the talks again"))  # its own article's event
    joined = sorted(sorted(ids) for ids in table["article_ids"])
    assert joined == [["a1"], ["a2"], ["a3", "a4"], ["a5"], ["a6"], ["a7", "a8"]]
    biden = table[table["participants"].map(lambda p: "Joe Biden" in p)].iloc[0]
    assert biden["article_ids"] == ["a1"] and len(biden["sentences"]) == 2


def test_sharing_only_the_war_s_sides_does_not_make_two_reports_one_event():
    table = events(report("a1", "2025-02-20", "meeting", ["Emmanuel Macron", "Ukraine"]),
                   report("a2", "2025-02-20", "meeting", ["Recep Erdogan", "Ukraine", "Russia"]),
                   report("a3", "2025-02-20", "meeting", ["Ukraine", "Russia"]))  # only the sides: joins one
    assert sorted(table["n_articles"].tolist()) == [1, 2]


def test_two_leaders_talks_on_the_day_of_their_call_are_the_call():
    table = events(report("a1", "2025-02-12", "call", ["Joe Biden", "Vladimir Putin"]),
                   report("a2", "2025-02-12", "talks", ["Vladimir Putin", "Joe Biden"]),
                   report("a3", "2025-02-12", "talks", ["Vladimir Putin", "Joe Biden"], place="Geneva"),  # met there
                   report("a4", "2025-02-12", "talks", ["Emmanuel Macron", "Olaf Scholz"]))   # not the call's pair
    assert sorted(table[["kind", "n_articles"]].values.tolist()) == [["call", 2], ["talks", 1], ["talks", 1]]
    call = table[table["kind"] == "call"].iloc[0]
    assert call["title"] == "Biden–Putin call" and sorted(call["article_ids"]) == ["a1", "a2"]


def test_a_coarse_report_joins_an_event_of_its_own_kind_or_place_only():
    table = events(report("a1", "2025-02-03", "visit", ["Emmanuel Macron", "Ukraine"], place="Kyiv"),
                   report("a2", "2025-02-01", "talks", ["Emmanuel Macron"], precision="month", end="2025-02-28"),
                   report("a3", "2025-02-01", "visit", ["Emmanuel Macron"], precision="month", end="2025-02-28"),
                   report("a4", "2025-02-01", "meeting", ["Emmanuel Macron"], place="Kyiv", precision="month",
                          end="2025-02-28"))
    visit = table[table["kind"] == "visit"].iloc[0]
    assert sorted(visit["article_ids"]) == ["a1", "a3", "a4"] and visit["precision"] == "day"
    assert table[table["kind"] == "talks"]["article_ids"].tolist() == [["a2"]]


def test_a_coarse_report_does_not_place_a_day_s_event():
    table = events(report("a1", "2025-02-03", "talks", ["Emmanuel Macron", "Olaf Scholz"]),
                   report("a2", "2025-02-01", "talks", ["Emmanuel Macron"], place="Paris", precision="month",
                          end="2025-02-28"))
    assert table["n_articles"].tolist() == [2] and not table["place"].iloc[0]


def test_a_place_few_reports_give_is_one_report_s_detail():
    invasion = [report(f"a{i}", "2014-01-01", "war", ["Russia", "Ukraine"], precision="year", end="2014-12-31",
                       cue="invasion", background=True) for i in range(4)]
    invasion[0]["place"] = "Luhansk"  # one of four
    talks = [report("b1", "2025-02-03", "talks", ["Russia", "Ukraine"], place="Istanbul"),
             report("b2", "2025-02-03", "talks", ["Russia", "Ukraine"]),
             report("b3", "2025-02-03", "talks", ["Ukraine", "Russia"])]  # one of three: still the event's
    table = events(*invasion, *talks).set_index("kind")
    assert not table.loc["war", "place"] and table.loc["war", "title"] == "Russia–Ukraine war: invasion"
    assert table.loc["talks", "place"] == "Istanbul" and table.loc["talks", "title"] == "Russia–Ukraine talks in Istanbul"


def test_the_title_names_a_second_participant_only_when_half_the_articles_do():
    rows = [report(f"a{i}", "2025-07-11", "summit", ["NATO"], place="Vilnius") for i in range(4)]
    rows[0]["actors"] = ["NATO", "France"]
    rows[1]["actors"] = rows[2]["actors"] = ["NATO", "Ukraine"]
    summit = events(*rows).iloc[0]
    assert summit["title"] == "NATO–Ukraine summit in Vilnius"
    rows[2]["actors"] = ["NATO"]
    assert events(*rows).iloc[0]["title"] == "NATO summit in Vilnius"
    aide = events(report("a1", "2025-03-29", "talks", ["Russia", "Ukraine", "Vladimir Putin"], place="Istanbul"),
                  report("a2", "2025-03-29", "talks", ["Ukraine", "Russia"], place="Istanbul")).iloc[0]
    assert aide["title"] == "Russia–Ukraine talks in Istanbul"  # a person one report of two names: the states
    vote = events(report("a1", "2025-02-24", "statement", ["UN General Assembly"])).iloc[0]
    assert vote["title"] == "UNGA statement"


def test_the_sentence_shown_is_the_first_that_gives_the_event_s_date():
    table = events(report("a1", "2025-02-01", "talks", ["Russia", "Ukraine"], precision="month", end="2025-02-28",
                          published="2025-01-20", sentence="Talks are due in February."),
                   report("a2", "2025-02-17", "talks", ["Russia", "Ukraine"], published="2025-02-10",
                          sentence="Talks will open on Monday 17 February."),
                   report("a3", "2025-02-17", "talks", ["Russia", "Ukraine"], published="2025-02-18",
                          sentence="Talks opened on Monday."))
    assert table["sentence"].tolist() == ["Talks will open on Monday 17 February."]


def test_among_equally_reported_events_the_news_and_the_named_come_first():
    table = events(report("a1", "1994-12-05", "agreement", ["Ukraine"], published="2025-01-01", background=True),
                   report("a2", "2025-02-10", "meeting"),
                   report("a3", "2025-02-20", "meeting", ["Joe Biden"]),
                   report("a4", "2025-02-21", "call", ["Joe Biden", "Vladimir Putin"]),
                   report("a5", "2025-02-21", "call", ["Joe Biden", "Vladimir Putin"]))
    assert by_salience(table)["title"].tolist() == ["Biden–Putin call", "Biden meeting", "Meeting",
                                                    "Ukraine agreement"]


def test_the_event_s_sentence_dates_it_itself_before_one_working_its_date_out_from_another():
    worked_out = {**report("a1", "2022-02-24", "war", ["Russia", "Ukraine"], published="2022-04-14",
                           sentence="On February 26, two days after the start of the invasion, he escaped."),
                  "expression": "February 26, two days after"}
    direct = {**report("a2", "2022-02-24", "war", ["Russia", "Ukraine"], published="2022-06-01",
                       sentence="Russia invaded Ukraine on February 24."), "expression": "February 24"}
    (event,) = events(worked_out, direct).itertuples()
    assert event.sentence == "Russia invaded Ukraine on February 24."
