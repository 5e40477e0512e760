"""Reading the store's tables: the current rows (by the index and the manifest's extractor) of
the months asked for, given back in the schema's columns and dtypes, as the extractors compute them."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import schema
from ..gazetteer import as_gazetteer
from .extract import categories
from .index import read_index
from .manifest import DERIVED
from .parts import read_parquet

ARTICLE_COLUMNS = [*schema.ARTICLE_COLUMNS, "content_hash"]


def read_rows(root: Path, table: str, columns: list[str] | None, start, end, manifest: dict,
              index: pd.DataFrame | None = None) -> pd.DataFrame:
    """Current rows of `table` in the months from `start` to `end`, from `manifest`'s files."""
    first = f"{pd.Timestamp(start):%Y-%m}" if start else None
    last = f"{pd.Timestamp(end):%Y-%m}" if end else None
    files = [p for p in manifest["parts"][table]
             if (first is None or p["month"] >= first or p["month"] == "undated")
             and (last is None or p["month"] <= last)]
    keys = ["article_id", "content_hash"] + (["extractor"] if table in DERIVED else [])
    wanted = None if columns is None else list(dict.fromkeys(keys + columns))
    frames = [read_parquet(root, p["file"], wanted) for p in files]
    if not frames:
        return pd.DataFrame(columns=wanted or keys)
    rows = pd.concat(frames, ignore_index=True)
    index = read_index(root, manifest) if index is None else index
    current = rows.merge(index[["article_id", "content_hash"]], on=["article_id", "content_hash"])
    if table in DERIVED:
        current = current[current["extractor"] == manifest["extractor"]]
    return current.drop(columns=[k for k in keys if columns is not None and k not in columns and k != "article_id"])


def empty_tables(gazetteer=None) -> dict[str, pd.DataFrame]:
    """The derived tables with no rows: the schema's columns and dtypes, the gazetteer's categories."""
    known = categories(as_gazetteer(gazetteer))
    return {name: schema.conform(pd.DataFrame(), name, known[name]) for name in DERIVED}


def stored_categories(manifest: dict, table: str) -> dict[str, list]:
    """The categories the ingest recorded for `table`; a store with none recorded (empty, or
    written before they were kept) gives the default gazetteer's."""
    recorded = manifest.get("categories") or categories(as_gazetteer())
    return recorded.get(table, {})


def conform_articles(frame: pd.DataFrame) -> pd.DataFrame:
    """Articles read back, each column in the schema's dtype, in the order read (columns asked for)."""
    typed = schema.conform(frame, "articles")
    return pd.DataFrame({c: typed[c] if c in schema.TABLES["articles"] else frame[c].astype("str")
                         for c in frame.columns}, index=frame.index)
