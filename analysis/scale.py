"""The same loading and extraction on Dask: files in shards, articles in chunks, each a task that
calls the very functions the pandas path calls; the driver only concatenates and writes."""
from __future__ import annotations

from contextlib import contextmanager

import pandas as pd

from .load import LoadReport, Problem, is_stray, load_articles
from .load.fields import content_key, unique_ids
from .load.sources import iter_sources


def shards(paths, files_per_shard: int = 64, problems: list | None = None,
           forced_format: str | None = None) -> list[list[str]]:
    """The files the loader would read, in its order, in groups (a zip archive stays whole).

    What cannot be read at all (a missing path, an empty glob, a FIFO, an unreadable zip) is in no
    shard, so no load would report it: it is added to `problems` instead, as the loader names it;
    with `problems` given, so is a stray file of a folder (a script beside the articles), which a
    load of its file name alone would take for a clipping, unless every file is read in a
    `forced_format`.
    """
    def missing(name: str, reason: str, *_):
        if problems is not None and "!" not in name:  # a zip's members are reported by its load
            problems.append(Problem(name, reason))

    names: list[str] = []
    for source in iter_sources(paths, on_missing=missing, on_ignored=lambda *a: None):
        if problems is not None and forced_format is None and is_stray(source):
            missing(source.name, f"unsupported file type '{source.suffix}'")
            continue
        name = source.name.split("!", 1)[0]
        if not names or names[-1] != name:
            names.append(name)
    return [names[i:i + files_per_shard] for i in range(0, len(names), files_per_shard)]


def _load_shard(files: list[str], options: dict) -> pd.DataFrame:
    return load_articles(files, **options)


def load_sharded(client, paths, files_per_shard: int = 64, keep_repeats: bool = False,
                 **options) -> pd.DataFrame:
    """load_articles over shards of files as Dask tasks, in the loader's order.

    Duplicates are dropped within each shard by the loader's rule, and across shards when two
    rows share an `article_id` and are the same article (same URL, or same title and text; the
    first is kept, the other counted as a duplicate). Any other shared id is re-derived as the
    loader re-derives it, so no two rows share one and the ids are those of a single load.
    With `keep_repeats=True` rows across shards are kept as they are, in order, for the store's
    ingest to judge as it judges its shards without Dask (the same id again is a duplicate or a
    clash, reported).
    """
    parts = client.gather(client.map(_load_shard, shards(paths, files_per_shard), options=options, pure=False))
    report = LoadReport()
    for part in parts:
        report.absorb(part.attrs["load_report"])
    frames = [p for p in parts if len(p)]
    if not frames:
        empty = load_articles([], **options)
        empty.attrs["load_report"] = report
        return empty
    articles = pd.concat(frames, ignore_index=True)
    if not keep_repeats:
        if options.get("dedupe", True):
            articles = _drop_repeats(articles, report)
        articles["article_id"] = unique_ids(articles["article_id"].tolist(), articles["path"].tolist())
        report.loaded = len(articles)
    articles.attrs["load_report"] = report
    return articles


def _drop_repeats(articles: pd.DataFrame, report: LoadReport) -> pd.DataFrame:
    """Drop a row whose id an earlier shard's row has when both are the same article; name it."""
    repeated = articles["article_id"].duplicated(keep=False)
    if not repeated.any():
        return articles
    first: dict[str, tuple[str, str, str | None]] = {}
    drop = []
    for index, row in articles[repeated].iterrows():
        key = content_key(row["title"], row["standfirst"], row["text"])
        held = first.get(row["article_id"])
        if held is None:
            first[row["article_id"]] = (row["path"], row["url"], key)
            continue
        why = "same URL" if row["url"] and row["url"] == held[1] else \
            "same title and text" if key is not None and key == held[2] else None
        if why:
            report.duplicates.append(Problem(row["path"], f"duplicate of {held[0]} ({why})"))
            drop.append(index)
    return articles.drop(index=drop).reset_index(drop=True)


@contextmanager
def dask_client(scheduler: str | None = None, workers: int = 2):
    """A client of the scheduler given, or of a LocalCluster of `workers` processes on loopback."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0") as cluster, Client(cluster) as client:
        yield client
