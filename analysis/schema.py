"""Every table's columns, in order, and their dtypes: one place for what the extractors compute and
what the store gives back, so both sides of a report see the same frames (see DESIGN.md).

A dtype is a pandas dtype name, or `LIST` for a column of Python lists (parquet gives them back as
arrays, `conform` turns them into lists again).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

LIST = "list"
_UTC = "datetime64[ns, UTC]"
_DAY = "datetime64[s]"

TABLES: dict[str, dict[str, str]] = {
    "articles": {
        "article_id": "str", "title": "str", "standfirst": "str", "source": "str", "author": "str",
        "dateline": "str", "published": _UTC, "url": "str", "text": "str", "n_words": "int64", "path": "str",
    },
    "mentions": {
        "article_id": "str", "field": "category", "actor": "category", "kind": "category", "side": "category",
        "surface": "str", "start": "int64", "end": "int64", "paragraph": "int32", "sentence": "int32",
        "via": "category",
    },
    "quotes": {
        "article_id": "str", "actor": "str", "side": "str", "speaker": "str", "via": "str", "kind": "str",
        "cue": "str", "quote": "str", "field": "str", "paragraph": "int64", "sentence": "int64",
        "start": "int64", "end": "int64",
    },
    "milestones": {
        "article_id": "str", "published": _UTC, "start": _DAY, "end": _DAY, "precision": "str",
        "expression": "str", "kind": "str", "cue": "str", "status": "str", "actors": LIST, "people": LIST,
        "place": "str", "sentence": "str", "recency": "int64", "background": "bool",
    },
    "timeline": {
        "event_id": "str", "kind": "str", "status": "str", "start": _DAY, "end": _DAY, "precision": "str",
        "place": "str", "actors": LIST, "people": LIST, "first_report": _UTC, "last_report": _UTC,
        "n_articles": "int64", "n_sources": "int64", "dates_reported": LIST, "date_spread_days": "int64",
        "article_ids": LIST, "sentence": "str", "title": "str", "participants": LIST, "salience": "float64",
        "background": "bool", "sentences": LIST,
    },
    # end_value is None for a single date: object, so the None stays None
    "timex": {"start": "int64", "end": "int64", "text": "str", "type": "str", "value": "str",
              "end_value": "object"},
    "discover": {
        "name": "str", "count": "int64", "articles": "int64", "title": "str", "titles": "str", "kind": "str",
        "side": "str", "first_seen": _UTC, "last_seen": _UTC, "example": "str",
    },
}

ARTICLE_COLUMNS = list(TABLES["articles"])
MENTION_COLUMNS = list(TABLES["mentions"])
QUOTE_COLUMNS = list(TABLES["quotes"])
MILESTONE_COLUMNS = list(TABLES["milestones"])
TIMELINE_COLUMNS = list(TABLES["timeline"])
TIMEX_COLUMNS = list(TABLES["timex"])
DISCOVER_COLUMNS = list(TABLES["discover"])


def _dtypes(name: str) -> dict[str, str]:
    if name not in TABLES:
        raise ValueError(f"table {name!r}: the tables are {', '.join(TABLES)}")
    return TABLES[name]


def empty(name: str) -> pd.DataFrame:
    """The table `name` with no rows: its columns and dtypes."""
    return conform(pd.DataFrame(), name)


def conform(frame: pd.DataFrame, name: str, categories: dict[str, list] | None = None) -> pd.DataFrame:
    """`frame` with exactly the columns of table `name`, in order, and their dtypes: a missing column
    is added empty, arrays in a list column become lists, datetimes take the table's resolution.
    `categories` (column -> values) fixes a categorical column's categories first, in that order."""
    dtypes = _dtypes(name)
    categories = categories or {}
    columns = {c: _column(frame[c] if c in frame else None, frame.index, dtype, categories.get(c))
               for c, dtype in dtypes.items()}
    return pd.DataFrame(columns, index=frame.index)


def _column(values: pd.Series | None, index: pd.Index, dtype: str, categories: list | None) -> pd.Series:
    """One column in `dtype`; None: a column of missing values (in `dtype` when it can hold them)."""
    if values is None:
        values = pd.Series([None] * len(index), index=index, dtype=object)
        if len(index) and dtype in ("int64", "int32"):
            return values  # an integer column cannot hold a missing value
    if dtype == LIST:
        return pd.Series([list(v) if isinstance(v, (np.ndarray, tuple)) else v for v in values],
                         index=values.index, dtype=object)
    if dtype == "category":
        return _categorical(values, categories)
    if str(values.dtype) == dtype:
        return values
    if dtype == _UTC and values.dtype.kind == "M" and getattr(values.dtype, "tz", None) is None:
        return values.dt.tz_localize("UTC").astype(dtype)  # naive times are UTC (all NaT: no zone known)
    return values.astype(dtype)


def _categorical(values: pd.Series, categories: list | None) -> pd.Series:
    """A categorical column: the categories given first, then any other value seen, sorted."""
    if categories is None:
        return values if isinstance(values.dtype, pd.CategoricalDtype) else values.astype("category")
    known = list(categories)
    seen = set(known)
    extra = sorted({v for v in values.dropna().unique().tolist() if v not in seen})
    return values.astype(pd.CategoricalDtype(known + extra))
