"""The notebooks' context (`analysis.notebook`): filters apply to what is derived, never to what it
is derived from; files and a store give the same tables; empty tables still make reports."""
import json

import pandas as pd
import pytest

from analysis import notebook
from analysis.reports import DEFAULT_NOTEBOOKS, run_report
from analysis.store import Store

from conftest import SAMPLE

KEY = ["article_id", "field", "start", "end"]


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("sample") / "store")
    store.ingest([SAMPLE])
    return store.root


@pytest.fixture(scope="module")
def every_quote():
    return notebook.start(corpus=str(SAMPLE)).quotes


def test_sides_keep_each_quote_with_its_own_speaker(every_quote):
    speaker = every_quote.set_index(KEY)["actor"]
    for sides in (["Russia"], ["Ukraine"], ["United States"], ["Russia", "Ukraine"]):
        kept = notebook.start(corpus=str(SAMPLE), sides=sides).quotes
        assert len(kept) == every_quote["side"].isin(sides).sum() > 0, sides
        assert kept["side"].isin(sides).all()
        assert kept.set_index(KEY)["actor"].equals(speaker.loc[kept.set_index(KEY).index]), sides
    refusal = every_quote[every_quote["quote"].str.startswith("Ukraine will not negotiate with Russia")]
    assert refusal["actor"].tolist() == ["Volodymyr Zelenskiy"]  # "..., he said" after "President Volodymyr Zelensky"
    russia = notebook.start(corpus=str(SAMPLE), sides=["Russia"]).quotes
    assert len(russia) == 51 and not russia["quote"].str.startswith("Ukraine will not negotiate").any()


@pytest.mark.parametrize("parameters", [
    {"sides": ["Russia", "Ukraine"], "actors": ["Vladimir Putin", "Volodymyr Zelenskiy"], "top_n": 5},
    {"sides": ["United States"], "start": "2025-02-01", "end": "2025-05-31"},
    {},
])
def test_files_and_store_give_the_same_quotes(sample_store, parameters):
    files = notebook.start(corpus=str(SAMPLE), **parameters)
    stored = notebook.start(corpus=str(sample_store), **parameters)
    assert len(files.quotes) > 0
    pd.testing.assert_frame_equal(files.quotes, stored.quotes)  # values, order and dtypes
    assert files.most(files.quotes) == stored.most(stored.quotes)
    assert sorted(files.new_actors()) == sorted(stored.new_actors())


def test_most_breaks_ties_by_name():
    report = notebook.start(corpus=str(SAMPLE))
    table = pd.DataFrame({"actor": ["Sergei Lavrov", "Marco Rubio", "Sergei Lavrov", "Marco Rubio", "Kyiv"]})
    assert report.most(table) == "Marco Rubio" and report.most(table.iloc[::-1]) == "Marco Rubio"


@pytest.fixture(scope="module")
def quiet_corpus(tmp_path_factory):
    """Two articles that name no actor of the gazetteer, as files and as a store."""
    folder = tmp_path_factory.mktemp("quiet")
    (folder / "articles").mkdir()
    (folder / "articles" / "2025-02-18_rain.txt").write_text(
        "Rain in the hills\n\nRain fell on the hills on Tuesday, 18 February 2025, farmers said.\n")
    (folder / "articles" / "2025-02-20_harvest.txt").write_text(
        "The harvest\n\n“The harvest will start early this year, on 1 March,” a farmer said on 20 February 2025.\n")
    store = Store(folder / "store")
    store.ingest([folder / "articles"])
    return folder / "articles", store.root


@pytest.mark.parametrize("source", [0, 1], ids=["files", "store"])
def test_the_context_of_articles_that_name_no_actor(quiet_corpus, source):
    report = notebook.start(corpus=str(quiet_corpus[source]), start="2025-02-19")
    assert len(report.articles) == 1 and len(report.corpus) == 2
    assert report.mentions.empty and "actor" in report.mentions and "side" in report.mentions
    assert report.quotes.empty and list(report.quotes.columns)[:3] == ["article_id", "actor", "side"]
    assert report.new_actors() == [] and report.most(report.mentions) == ""
    assert "actors" in report.milestones and report.upcoming.columns.equals(report.events.columns)


@pytest.mark.slow
@pytest.mark.parametrize("source", [0, 1], ids=["files", "store"])
def test_every_report_runs_on_articles_that_name_no_actor(quiet_corpus, source, tmp_path):
    page, results = run_report({"corpus": str(quiet_corpus[source]), "start": "2025-02-01"}, out=tmp_path, jobs=2)
    assert [r.name for r in results] == DEFAULT_NOTEBOOKS
    assert all(r.status == "ok" for r in results), [r.error for r in results]
    run = page.parent
    actor = json.loads((run / "actor_mentions" / "values.json").read_text())
    assert actor["mentions"] == 0 and actor["quotes"] == 0 and actor["top_actor"] == actor["most_quoted"] == ""
    briefing = json.loads((run / "briefing" / "values.json").read_text())
    assert briefing["articles"] == 2 and briefing["new_actors"] == 0
    for chart in ("top_actors", "mentions_over_time", "share_of_voice", "cooccurrence", "top_quoted"):
        assert (run / "actor_mentions" / "charts" / f"{chart}.csv").read_text().strip() == "", chart  # "no data"
