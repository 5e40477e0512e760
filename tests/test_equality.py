"""Files, a store ingested with pandas and a store ingested on a two-worker Dask cluster give the
notebooks the same tables (values, order and dtypes), with the report parameters set or not."""
import pandas as pd
import pytest

from analysis import charts, load_articles, notebook
from analysis.scale import dask_client
from analysis.store import Store

from conftest import SAMPLE

TABLES = ("mentions", "quotes", "milestones", "events", "upcoming")
PARAMETERS = {
    "none": {},
    "two sides, two actors, top 5": {"sides": ["Russia", "Ukraine"], "top_n": 5,
                                     "actors": ["Vladimir Putin", "Volodymyr Zelenskiy"]},
    "one side, a period, top 3": {"sides": ["United States"], "actors": ["Marco Rubio"], "top_n": 3,
                                  "start": "2025-02-01", "end": "2025-05-31"},
}


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    """The sample corpus as files, as a store ingested here, and as one ingested on Dask."""
    root = tmp_path_factory.mktemp("equality")
    plain, distributed = Store(root / "pandas"), Store(root / "dask")
    assert plain.ingest([SAMPLE], chunk_size=7).new > 40
    with dask_client(workers=2) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        assert client.scheduler.address.startswith("tcp://127.0.0.1:")
        # four files a shard, seven articles a chunk: many tasks on both workers
        assert distributed.ingest([SAMPLE], client=client, chunk_size=7, files_per_shard=4).new > 40
    return {"files": str(SAMPLE), "pandas store": str(plain.root), "dask store": str(distributed.root)}


def chart_data(report) -> dict[str, pd.DataFrame]:
    """What the notebooks chart with `top_n` and `actors`."""
    top_n, actors = report.params["top_n"], report.params["actors"] or None
    figures = {"top_actors": charts.top_actors(report.mentions, n=top_n),
               "mentions_over_time": charts.mentions_over_time(report.mentions, report.articles, actors=actors),
               "cooccurrence": charts.cooccurrence_heatmap(report.mentions, top=min(top_n, 12)),
               "top_quoted": charts.top_quoted(report.quotes, n=top_n)}
    return {name: getattr(fig, "chart_data", pd.DataFrame()) for name, fig in figures.items()}


@pytest.mark.slow
@pytest.mark.parametrize("parameters", PARAMETERS.values(), ids=PARAMETERS.keys())
def test_files_and_both_stores_give_the_same_tables(corpora, parameters):
    reports = {name: notebook.start(corpus=corpus, **parameters) for name, corpus in corpora.items()}
    files = reports.pop("files")
    assert min(len(files.mentions), len(files.quotes), len(files.milestones), len(files.events)) > 0
    if parameters.get("sides"):
        assert files.mentions["side"].isin(parameters["sides"]).all()
    for name, stored in reports.items():
        for table in TABLES:
            pd.testing.assert_frame_equal(getattr(stored, table), getattr(files, table), obj=f"{name}: {table}")
        assert "text" not in stored.articles  # a store gives the metadata only
        for period in ("articles", "corpus"):
            frame = getattr(stored, period)
            pd.testing.assert_frame_equal(frame, getattr(files, period)[frame.columns], obj=f"{name}: {period}")
        assert stored.new_actors() == files.new_actors()
        assert stored.most(stored.mentions) == files.most(files.mentions)
        assert stored.most(stored.quotes) == files.most(files.quotes)
        for chart, data in chart_data(files).items():
            pd.testing.assert_frame_equal(chart_data(stored)[chart], data, obj=f"{name}: {chart}")


def test_a_duplicate_in_a_later_shard_completes_the_kept_copy_as_the_loader_does(tmp_path):
    store = Store(tmp_path / "store")
    # a feed item without a dateline in one shard, its saved page with "Istanbul" in a later one
    report = store.ingest([SAMPLE], files_per_shard=4)
    files = load_articles(SAMPLE)
    pd.testing.assert_frame_equal(store.articles()[files.columns], files)
    assert "Istanbul" in store.articles()["dateline"].tolist()
    assert report.new == len(files) and store.ingest([SAMPLE], files_per_shard=4).loaded == 0
    listed = {p["file"] for parts in store.manifest["parts"].values() for p in parts} | {store.manifest["index"]}
    assert {str(p.relative_to(store.root)) for p in store.root.rglob("*.parquet")} == listed
