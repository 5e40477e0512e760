"""What an ingest has to do: the files new or changed since the last ingest (by size and
modification time), and the stored articles an older extractor extracted."""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from ..scale import shards
from .index import member
from .parts import read_parquet


def signature(path: str) -> list[int] | None:
    """Size and modification time of a file, to tell whether it changed since the last ingest."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


def files_to_read(manifest: dict, paths, problems: list | None = None,
                  forced_format: str | None = None) -> tuple[list[str], dict, list[str]]:
    """(every file, their signatures, the files new or changed since an earlier ingest); what
    cannot be read at all, and a folder's stray files, go to `problems`."""
    seen = manifest.get("files", {})
    files = [f for shard in shards(paths, 1 << 30, problems, forced_format) for f in shard]
    stats = {f: signature(f) for f in files}
    return files, stats, [f for f in files if stats[f] is None or seen.get(f) != stats[f]]


def stale(index: pd.DataFrame, fingerprint: str, fresh_ids: set) -> pd.DataFrame:
    """The index rows of stored articles an older extractor extracted, less those read again now."""
    return index[(index["extractor"] != fingerprint) & ~member(index["article_id"], fresh_ids)]


def count_stale(root: Path, manifest: dict, fingerprint: str) -> int:
    """How many stored articles an extractor other than `fingerprint`'s extracted."""
    if not manifest["index"]:
        return 0
    return int((read_parquet(root, manifest["index"], ["extractor"])["extractor"] != fingerprint).sum())
