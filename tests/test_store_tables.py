"""Tables read from a corpus store have the columns and dtypes the extractors give, also when they
have no rows (a store of articles that name no actor, quote nobody and date nothing)."""
import shutil

import pandas as pd
import pytest

from analysis import Resources, load_articles, notebook, run, schema
from analysis.store import Store

from conftest import SAMPLE

QUIET = ("Heavy rain expected in the north\n\nForecasters expect heavy rain across the north of the "
         "country, with cooler air arriving later.\n")


def computed(articles):
    return dict(run(articles, Resources.load(), want=("mentions", "quotes", "milestones")))


@pytest.fixture
def quiet(tmp_path):
    folder = tmp_path / "quiet"
    folder.mkdir()
    (folder / "2025-02-18_rain.txt").write_text(QUIET, encoding="utf-8")
    (folder / "2025-03-02_more-rain.txt").write_text(QUIET.replace("north", "south"), encoding="utf-8")
    return folder


def test_a_store_with_nothing_extracted_gives_the_extractors_empty_tables(tmp_path, quiet):
    store = Store(tmp_path / "store")
    assert store.ingest(quiet).new == 2
    for name, frame in computed(load_articles(quiet)).items():
        assert len(frame) == 0
        # the schema's columns and dtypes (the extractors give empty quotes and milestones as object columns)
        pd.testing.assert_frame_equal(store.table(name), schema.conform(frame, name), obj=name)
        assert list(store.table(name).columns) == list(frame.columns)
    assert "actor" in store.table("mentions") and "speaker" in store.table("quotes")


def test_no_rows_left_by_the_filter_or_in_an_empty_store(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE / "clippings", corpus)
    store = Store(tmp_path / "store")
    store.ingest(corpus)
    nothing = computed(load_articles(corpus).iloc[0:0])
    for name, frame in nothing.items():
        expected = schema.conform(frame, name)
        pd.testing.assert_frame_equal(store.table(name, article_ids=["no-such-id"]), expected, obj=name)
        pd.testing.assert_frame_equal(Store(tmp_path / "none").table(name), expected, obj=name)
    articles = load_articles(corpus).iloc[0:0].reset_index(drop=True)
    empty = Store(tmp_path / "none").articles()
    assert list(empty.columns) == [*articles.columns, "content_hash"] and len(empty) == 0
    pd.testing.assert_frame_equal(empty[articles.columns], articles)
    slim = store.articles(columns=["title"], start="1990-01-01", end="1990-12-31")
    assert list(slim.columns) == ["article_id", "title", "published"] and len(slim) == 0
    assert str(slim["published"].dtype) == "datetime64[ns, UTC]"
    with pytest.raises(ValueError, match="columns \\['headline'\\]"):
        store.articles(columns=["headline"])
    with pytest.raises(ValueError, match="table 'actors'"):
        store.table("actors")


def test_rows_read_from_a_store_have_the_computed_dtypes(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE / "clippings", corpus)
    store = Store(tmp_path / "store")
    store.ingest(corpus)
    keys = {"mentions": ["article_id", "field", "start"], "quotes": ["article_id", "field", "start"],
            "milestones": ["article_id", "start", "expression", "sentence"]}
    for name, frame in computed(load_articles(corpus)).items():
        stored = store.table(name)
        assert len(stored) == len(frame) > 0
        assert stored.dtypes.to_dict() == frame.dtypes.to_dict(), name  # categories: the gazetteer's
        pd.testing.assert_frame_equal(stored.sort_values(keys[name]).reset_index(drop=True),
                                      frame.sort_values(keys[name]).reset_index(drop=True), obj=name)


def test_a_report_of_a_store_with_no_mentions(tmp_path, quiet):
    Store(tmp_path / "store").ingest(quiet)
    from_store, from_files = notebook.start(str(tmp_path / "store")), notebook.start(str(quiet))
    for name in ("mentions", "quotes", "events"):
        assert list(getattr(from_store, name).columns) == list(getattr(from_files, name).columns), name
    assert from_store.mentions["actor"].value_counts().sum() == 0  # was KeyError: 'actor'
