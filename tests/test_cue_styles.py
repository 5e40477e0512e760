"""The optional `family:` and `marker:` of a kind in the cue file: validated on load, the timeline
merges the reports of one family, the milestone chart draws each kind with its marker."""
import pickle

import matplotlib.markers
import pandas as pd
import pytest

from analysis import charts
from analysis.gazetteer import load_gazetteer
from analysis.milestones import DEFAULT_MARKER, MARKERS, DataFileError, load_cues

from analysis.pipeline import run
from analysis.resources import Resources

from conftest import PROJECT_ROOT

MINI = load_gazetteer(PROJECT_ROOT / "tests" / "data" / "mini_actors.yml", base=None)
ARTICLES = pd.DataFrame({
    "article_id": ["a1", "a2"], "source": ["Danube Wire", "Gulf Ledger"], "title": "", "standfirst": "",
    "text": ["Envoys will hold a parley on March 12.", "The talks on March 12 are expected to last a day."],
    "published": pd.to_datetime(["2025-03-10 08:00", "2025-03-10 09:00"], utc=True),
})


def test_the_bundled_kinds_have_families_and_markers():
    cues = load_cues()
    assert {kind: cues.family(kind) for kind in ("talks", "meeting", "summit", "visit", "call", "ceasefire")} == {
        "talks": "gathering", "meeting": "gathering", "summit": "gathering", "visit": "gathering",
        "call": "call", "ceasefire": "ceasefire"}
    assert cues.marker("talks") == "o" and cues.marker("prisoner exchange") == "h" and cues.marker("annexation") == "8"
    assert {kind for kind, _ in cues.kinds} == set(cues.markers) and set(cues.markers.values()) <= MARKERS
    assert len(set(cues.markers.values())) == len(cues.markers)  # every kind drawn its own way
    assert cues.marker("a kind of my own") == DEFAULT_MARKER == "o"
    assert MARKERS <= set(matplotlib.markers.MarkerStyle.markers)


@pytest.mark.parametrize("content, message", [
    ("kinds:\n  talks:\n    cues: [talks]\n    marker: Q\n", r"bad\.yml:4: kinds 'talks': unknown marker 'Q'"),
    ("kinds:\n  talks:\n    cues: [talks]\n    marker: 8\n", r"bad\.yml:4: kinds 'talks': 'marker' must be text"),
    ("kinds:\n  talks:\n    words: [talks]\n", r"bad\.yml:3: kinds 'talks': unknown key 'words' \(a kind has cues, acts, family, marker, statuses, parties, needs, not, hosted, placeless, known, lasting, since\)"),
    ("kinds:\n  sanctions:\n    cues: [sanctions]\n    needs: imposed\n", r"bad\.yml:4: kinds 'sanctions' needs: expected a list of cue words"),
    ("kinds:\n  summit:\n    cues: [summit]\n    not: [press conference, 3]\n", r"bad\.yml:4: kinds 'summit' not: expected a list"),
    ("kinds:\n  war:\n    cues: [invasion]\n    parties: Russia\n", r"bad\.yml:4: kinds 'war': 'parties' must list the names of sides"),
    ("kinds:\n  war:\n    acts: [invasion]\n", r"bad\.yml:3: kinds 'war': 'acts' must map an act's name to its cue words"),
    ("kinds:\n  war:\n    acts:\n      invasion: invaded\n", r"bad\.yml:4: kinds 'war' acts 'invasion': expected a list of cue words"),
    ("kinds:\n  war:\n    cues: [invasion]\n    lasting: [war]\n", r"bad\.yml:4: kinds 'war': 'lasting' must map an act's name to its cue words"),
    ("kinds:\n  war:\n    cues: [invasion]\n    lasting:\n      invasion: war\n", r"bad\.yml:5: kinds 'war' lasting 'invasion': expected a list of cue words"),
    ("kinds:\n  war:\n    cues: [invasion]\n    since: last spring\n", r"bad\.yml:4: kinds 'war': 'since' must be a date"),
    ("kinds:\n  war:\n    cues: [invasion]\n    statuses: [past, likely]\n", r"bad\.yml:4: kinds 'war': 'statuses' must list some of past"),
    ("kinds:\n  war:\n    cues: [invasion]\n    statuses: past\n", r"bad\.yml:4: kinds 'war': 'statuses' must list"),
    ("kinds:\n  call:\n    cues: [call]\n    placeless: yes please\n", r"bad\.yml:4: kinds 'call': 'placeless' must be true or false"),
    ("kinds:\n  war:\n    cues: [invasion]\n    known:\n      invasion: [last February]\n", r"bad\.yml:4: kinds 'war': 'known' must map an act's name to a list of dates"),
    ("kinds:\n  talks:\n    family: [gathering]\n    cues: [talks]\n", r"bad\.yml:3: kinds 'talks': 'family' must be text"),
    ("kinds:\n  talks:\n    family: gathering\n    cues: talks\n", r"bad\.yml:4: kinds 'talks' cues: expected a list of cue words"),
])
def test_bad_families_and_markers_name_the_line(write, content, message):
    with pytest.raises(DataFileError, match=message):
        load_cues(write("bad.yml", content), base=None)


def test_a_kind_keeps_only_the_statuses_it_allows(write):
    """The bundled `war` happens or is none: a forecast invasion is no milestone, the invasion that
    began is one; a kind without `statuses:` keeps every status."""
    articles = pd.DataFrame({
        "article_id": ["a1", "a2", "a3"], "source": "Danube Wire", "title": "", "standfirst": "",
        "text": ["Officials warned the invasion could begin on Wednesday.",
                 "The invasion began on Monday.", "Envoys will hold talks on Wednesday."],
        "published": pd.to_datetime(["2025-03-11 08:00"] * 3, utc=True),
    })
    table = run(articles, Resources(MINI), want="milestones").milestones
    assert table[["article_id", "kind", "status"]].values.tolist() == [
        ["a2", "war", "past"], ["a3", "talks", "upcoming"]]
    assert table["start"].dt.strftime("%Y-%m-%d").tolist() == ["2025-03-10", "2025-03-12"]
    cues = load_cues()
    assert cues.allows("war", "past") and not cues.allows("war", "upcoming") and cues.allows("talks", "proposed")


def test_cues_travel_to_dask_workers():
    cues = load_cues()
    copy = pickle.loads(pickle.dumps(cues))
    assert copy.families == cues.families and copy.markers == cues.markers and copy.marker("talks") == "o"


def test_a_later_file_restyles_a_kind_and_a_word_list_keeps_the_style(write):
    mine = write("mine.yml", "kinds:\n  talks: [parley]\n  call:\n    marker: s\n    family: gathering\n")
    cues = load_cues(mine)
    assert cues.family("talks") == "gathering" and cues.marker("talks") == "o"   # a list adds words only
    assert cues.family("call") == "gathering" and cues.marker("call") == "s"


def test_a_new_kind_in_a_family_merges_with_its_reports(write):
    alone = write("alone.yml", "kinds:\n  parley: [parley]\n  talks: {family: gathering, cues: [talks]}\n")
    joined = write("joined.yml", "kinds:\n  parley: {family: gathering, cues: [parley]}\n"
                                 "  talks: {family: gathering, cues: [talks]}\n")
    for cue_file, expected in ((alone, [["parley", 1], ["talks", 1]]), (joined, [["parley", 2]])):
        cues = load_cues(cue_file, base=None)
        tables = run(ARTICLES, Resources(MINI, cues=cues), want=("milestones", "timeline"))
        assert tables.milestones["kind"].tolist() == ["parley", "talks"]
        events = tables.timeline
        assert events[["kind", "n_articles"]].values.tolist() == expected
        assert events["start"].tolist() == [pd.Timestamp("2025-03-12")] * len(expected)


def test_the_chart_draws_each_kind_with_its_marker(write):
    cues = load_cues(write("mine.yml", "kinds:\n  parley: {marker: '*', cues: [parley]}\n  talks: [talks]\n"), base=None)
    events = run(ARTICLES, Resources(MINI, cues=cues), want="timeline").timeline
    fig = charts.milestone_timeline(events, cues=cues)
    drawn = {line.get_marker() for line in fig.axes[0].lines if line.get_marker() not in ("None", "")}
    assert drawn == {"*", "o"}
    legend = {text.get_text(): handle.get_marker()
              for text, handle in zip(fig.legends[0].get_texts(), fig.legends[0].legend_handles)}
    assert legend["parley"] == "*" and legend["talks"] == "o"
