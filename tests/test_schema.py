"""The schema module: one list of columns and dtypes per table, and `conform` to give a frame them."""
import numpy as np
import pandas as pd
import pytest

from analysis import schema
from analysis.milestones import MILESTONE_COLUMNS
from analysis.quotes import QUOTE_COLUMNS


def test_the_modules_columns_are_the_schemas():
    assert MILESTONE_COLUMNS == list(schema.TABLES["milestones"])
    assert QUOTE_COLUMNS[:2] == ["article_id", "actor"] and len(QUOTE_COLUMNS) == 13


@pytest.mark.parametrize("name", list(schema.TABLES))
def test_an_empty_table_has_the_documented_columns_and_dtypes(name):
    table = schema.empty(name)
    assert len(table) == 0 and list(table.columns) == list(schema.TABLES[name])
    for column, dtype in schema.TABLES[name].items():
        expected = "object" if dtype == schema.LIST else dtype
        assert str(table[column].dtype) == expected, column


def test_conform_adds_missing_columns_orders_them_and_turns_arrays_into_lists():
    frame = pd.DataFrame({"sentence": ["Talks resume."], "actors": [np.array(["Hamas", "Israel"])],
                          "article_id": ["a1"], "start": pd.to_datetime(["2025-03-02"]).astype("datetime64[ns]")})
    out = schema.conform(frame, "milestones")
    assert list(out.columns) == MILESTONE_COLUMNS
    assert out.loc[0, "actors"] == ["Hamas", "Israel"] and type(out.loc[0, "actors"]) is list
    assert str(out["start"].dtype) == "datetime64[s]" and out.loc[0, "start"] == pd.Timestamp("2025-03-02")
    assert out["people"].isna().all() and out.loc[0, "sentence"] == "Talks resume."


def test_conform_keeps_given_categories_first():
    frame = pd.DataFrame({"actor": ["Zelensky", "Abbas"]})
    out = schema.conform(frame, "mentions", categories={"actor": ["Putin"]})
    assert out["actor"].cat.categories.tolist() == ["Putin", "Abbas", "Zelensky"]


def test_an_unknown_table_is_named():
    with pytest.raises(ValueError, match="table 'actorz'"):
        schema.conform(pd.DataFrame(), "actorz")


def test_a_table_read_back_from_a_store_has_the_computed_dtypes_and_lists(tmp_path):
    import shutil

    from analysis import load_articles
    from analysis.config import SAMPLE_CORPUS
    from analysis.pipeline import run
    from analysis.resources import Resources
    from analysis.store import Store
    shutil.copytree(SAMPLE_CORPUS / "clippings", tmp_path / "corpus")
    store = Store(tmp_path / "store")
    store.ingest(tmp_path / "corpus")
    computed = run(load_articles(tmp_path / "corpus"), Resources.load(), want="milestones").milestones
    stored = store.table("milestones")
    assert len(stored) == len(computed) > 0
    assert stored.dtypes.astype(str).to_dict() == computed.dtypes.astype(str).to_dict()
    assert all(type(v) is list for v in stored["actors"])


def test_naive_times_are_read_as_utc():
    """An extractor that saw no dated article gives naive NaT; the table's column is UTC all the same."""
    frame = pd.DataFrame({"name": ["Black Sea"], "first_seen": pd.Series([pd.NaT], dtype="datetime64[ns]"),
                          "last_seen": pd.to_datetime(["2025-03-01 10:00"])})
    out = schema.conform(frame, "discover")
    assert str(out["first_seen"].dtype) == str(out["last_seen"].dtype) == "datetime64[ns, UTC]"
    assert out["last_seen"][0] == pd.Timestamp("2025-03-01 10:00", tz="UTC") and pd.isna(out["first_seen"][0])
