"""The store's call of the extractors: mentions, quotes and milestones of a chunk of articles,
keyed for the store (one function, a Dask task too), and the categories the extractors give."""
from __future__ import annotations

import pandas as pd

from ..mentions import find_mentions
from ..pipeline import run
from ..resources import Resources
from ..schema import empty

#: the tables the store keeps for each article
STORED = ("mentions", "quotes", "milestones")


def extract_chunk(articles: pd.DataFrame, resources: Resources, fingerprint: str) -> dict[str, pd.DataFrame]:
    """Mentions, quotes and milestones of a chunk of articles (the pipeline's, with `resources`),
    keyed for the store (a Dask task too)."""
    twice = articles["article_id"].duplicated()
    if twice.any():
        raise ValueError(f"extract_chunk: article_id {articles.loc[twice, 'article_id'].iloc[0]} is in the "
                         f"chunk twice; the store keys every row by its article's id")
    tables = run(articles, resources, want=STORED)
    return {name: _keyed(frame, articles, fingerprint) for name, frame in tables.items()}


def _keyed(frame: pd.DataFrame, articles: pd.DataFrame, fingerprint: str) -> pd.DataFrame:
    """`frame` with its article's content hash, the extractor and the month partition; categorical
    columns as text (a chunk's categories are not the store's)."""
    hashes = pd.Series(articles["content_hash"].to_numpy(), index=articles["article_id"])
    months = pd.Series(articles["month"].to_numpy(), index=articles["article_id"])
    frame = frame.copy()
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = frame[column].astype(str)
    frame["content_hash"] = frame["article_id"].map(hashes)
    frame["extractor"] = fingerprint
    frame["_month"] = frame["article_id"].map(months)
    return frame


def categories(gazetteer) -> dict[str, dict[str, list]]:
    """table -> column -> categories, of each derived table's categorical columns as the extractors
    give them (the gazetteer's actors, kinds and sides): the mention finder owns that vocabulary,
    so it is asked, on no articles."""
    mentions = find_mentions(empty("articles"), gazetteer)
    return {"mentions": {c: mentions[c].cat.categories.tolist() for c in mentions.columns
                         if isinstance(mentions[c].dtype, pd.CategoricalDtype)},
            "quotes": {}, "milestones": {}}
