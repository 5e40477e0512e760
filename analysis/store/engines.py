"""Where an ingest's work runs: here with pandas, or on Dask (a wave of shards loaded and chunks
extracted as tasks on the client's workers); either way the driver alone writes, so the store is
the same."""
from __future__ import annotations

from ..load import load_articles
from ..scale import load_sharded
from .extract import extract_chunk

ENGINES = ("pandas", "dask")


def loaded_waves(client, files: list[str], files_per_shard: int, options: dict):
    """The articles of `files`, in their order: a shard at a time here, a wave of shards (two per
    worker) at a time on Dask; each frame carries its load report in attrs."""
    groups = [files[i:i + files_per_shard] for i in range(0, len(files), files_per_shard)]
    wave = max(1, 2 * len(client.scheduler_info()["workers"])) if client else 1
    for first in range(0, len(groups), wave):
        batch = groups[first:first + wave]
        if client is None:
            yield load_articles(batch[0], **options)
        else:
            yield load_sharded(client, [f for group in batch for f in group], files_per_shard=files_per_shard,
                               keep_repeats=True, **options)


def extracted(chunks, resources, fingerprint, client):
    """extract_chunk of every chunk, in order: here, or as Dask tasks on the client's workers
    (the resources sent to each worker once; it compiles its own matcher)."""
    if client is None:
        for chunk in chunks:
            yield extract_chunk(chunk, resources, fingerprint)
        return
    shared = client.scatter(resources, broadcast=True)
    futures = client.map(extract_chunk, chunks, [shared] * len(chunks), [fingerprint] * len(chunks), pure=False)
    for future in futures:
        yield future.result()


def run_on(engine: str, scheduler: str | None, workers: int, ingest):
    """ingest(client): with no client for pandas, else with one of the `scheduler` given or of a
    LocalCluster of `workers` processes."""
    if engine not in ENGINES:
        raise ValueError(f"engine={engine!r}: use 'pandas' or 'dask'")
    if engine == "pandas":
        return ingest(None)
    from .. import scale  # looked up at the call: a test may replace dask_client
    with scale.dask_client(scheduler, workers) as client:
        return ingest(client)
