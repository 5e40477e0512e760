"""The store's Parquet files and the readers' protocol: every file is written once under a fresh
name and never changed; readers read one manifest and its files under the shared readers' marker
(again on a newer manifest when a file has gone); writers remove what no manifest names only while
they can hold that marker alone."""
from __future__ import annotations

import time
import uuid
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..locks import shared, unshared
from .manifest import MANIFEST, TABLES, StoreError, load_manifest, manifest_text

READERS_LOCK = ".readers.lock"
READ_ATTEMPTS = 20  # reads of a store whose files writers keep replacing, before giving up


class Vanished(Exception):
    """A file a manifest names is gone: a writer may have committed a new manifest meanwhile."""

    def __init__(self, relative: str):
        super().__init__(relative)
        self.relative = relative


def read_parquet(root: Path, relative: str, columns: list[str] | None = None) -> pd.DataFrame:
    path = root / relative
    try:
        return pq.read_table(path, columns=columns).to_pandas()
    except FileNotFoundError:
        raise Vanished(relative) from None
    except (pa.ArrowException, OSError) as e:
        raise StoreError(f"{path}: not a readable Parquet file of this store ({e}); the store is "
                         f"damaged") from None


def write_parquet(root: Path, relative: str, frame: pd.DataFrame) -> None:
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    plain = frame.reset_index(drop=True)
    plain.attrs = {}
    pq.write_table(pa.Table.from_pandas(plain, preserve_index=False), target)


def write_parts(root: Path, table: str, frame: pd.DataFrame, months: pd.Series) -> list[dict]:
    """`frame` as one new file per month; the manifest entries naming them."""
    parts = []
    for month, rows in frame.groupby(months, sort=True):
        relative = f"{table}/month={month}/{uuid.uuid4().hex}.parquet"
        write_parquet(root, relative, rows)
        parts.append({"file": relative, "month": month, "rows": len(rows)})
    return parts


def consistently(root: Path, read):
    """read(manifest): on one manifest and the files it names, under the readers' marker; when
    a file it names has gone, a writer committed a new manifest: read again on that one."""
    for attempt in range(READ_ATTEMPTS):
        with shared(root / READERS_LOCK):
            text, manifest = load_manifest(root)
            try:
                return read(manifest)
            except Vanished as e:
                vanished = e.relative
        if manifest_text(root) == text:
            raise StoreError(f"{root / vanished}: named in {root / MANIFEST} but missing; "
                             f"the store is damaged")
        time.sleep(0.002 * attempt)
    raise StoreError(f"{root}: writers replaced the files being read {READ_ATTEMPTS} times "
                     f"in a row; try again")


def remove_unlisted(root: Path, manifest: dict) -> bool:
    """Remove the files `manifest` does not name (superseded, or an interrupted writer's) and
    emptied month folders, only while no reader may still need them; else leave them for later."""
    with unshared(root / READERS_LOCK) as alone:
        if not alone:
            return False
        known = {p["file"] for parts in manifest["parts"].values() for p in parts}
        if manifest["index"]:
            known.add(manifest["index"])
        for folder in ("index", *TABLES):
            for path in (root / folder).rglob("*.parquet") if (root / folder).exists() else []:
                if str(path.relative_to(root)) not in known:
                    path.unlink()
        for folder in TABLES:
            for month_dir in (root / folder).glob("month=*"):
                if month_dir.is_dir() and not any(month_dir.iterdir()):
                    month_dir.rmdir()
    return True


def size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
