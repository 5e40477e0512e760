"""The same loading and extraction on Dask: files in shards, articles in chunks, each a task that
calls the very functions the pandas path calls; the driver only concatenates and writes."""
from __future__ import annotations

from contextlib import contextmanager

import pandas as pd

from .load import LoadReport, load_articles
from .load.sources import iter_sources


def shards(paths, files_per_shard: int = 64) -> list[list[str]]:
    """The files the loader would read, in its order, in groups (a zip archive stays whole)."""
    names: list[str] = []
    for source in iter_sources(paths, on_missing=lambda *a: None, on_ignored=lambda *a: None):
        name = source.name.split("!", 1)[0]
        if not names or names[-1] != name:
            names.append(name)
    return [names[i:i + files_per_shard] for i in range(0, len(names), files_per_shard)]


def _load_shard(files: list[str], options: dict) -> pd.DataFrame:
    return load_articles(files, **options)


def load_sharded(client, paths, files_per_shard: int = 64, **options) -> pd.DataFrame:
    """load_articles over shards of files as Dask tasks, in the loader's order.

    Duplicates are dropped within each shard by the loader's rule; across shards the rows are
    kept, in order, for the store's ingest to judge as it judges its shards without Dask (the
    same id again is a duplicate or a clash, reported).
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
    articles.attrs["load_report"] = report
    return articles


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
