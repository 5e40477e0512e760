"""Compaction: each month of each table rewritten as one file of current rows, committed with
the manifest as an ingest commits, so an interrupted compaction leaves the store as it was."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .index import read_index
from .manifest import TABLES
from .parts import remove_unlisted, size, write_parts
from .tables import read_rows


@dataclass
class CompactReport:
    months_rewritten: int = 0
    files_before: int = 0
    files_after: int = 0
    rows_dropped: int = 0
    bytes_before: int = 0
    bytes_after: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"{self.months_rewritten} table-months rewritten: {self.files_before} files -> "
                f"{self.files_after}, {self.bytes_before / 1e6:.1f} MB -> {self.bytes_after / 1e6:.1f} MB, "
                f"{self.rows_dropped} superseded rows dropped; {self.seconds:.1f} s")


def compact(store, min_files: int, report: CompactReport) -> None:
    """Rewrite the months worth it of every table and commit (the caller holds the writer lock)."""
    manifest = store.manifest
    remove_unlisted(store.root, manifest)
    if not manifest["index"]:
        return
    index = read_index(store.root, manifest)
    for table in TABLES:
        manifest["parts"][table] = compact_table(store.root, table, manifest, index, min_files, report)
    if report.months_rewritten:
        store._commit(manifest)
        remove_unlisted(store.root, manifest)


def compact_table(root: Path, table: str, manifest: dict, index: pd.DataFrame, min_files: int,
                  report: CompactReport) -> list[dict]:
    """The parts of `table` after compaction: months worth it rewritten as one file each."""
    by_month: dict[str, list[dict]] = {}
    for part in manifest["parts"][table]:
        by_month.setdefault(part["month"], []).append(part)
    kept = []
    for month, parts in sorted(by_month.items()):
        report.files_before += len(parts)
        report.bytes_before += sum(size(root / p["file"]) for p in parts)
        stored_rows = sum(p["rows"] for p in parts)
        one_month = {**manifest, "parts": {table: parts}}
        if len(parts) < min_files and stored_rows == len(  # one file: keep it unless it has dead rows
                read_rows(root, table, ["article_id"], None, None, one_month, index)):
            kept.extend(parts)
            report.files_after += len(parts)
            report.bytes_after += sum(size(root / p["file"]) for p in parts)
            continue
        live = read_rows(root, table, None, None, None, one_month, index)
        report.rows_dropped += stored_rows - len(live)
        report.months_rewritten += 1
        if len(live):
            new = write_parts(root, table, live, pd.Series(month, index=live.index))
            kept.extend(new)
            report.files_after += len(new)
            report.bytes_after += sum(size(root / p["file"]) for p in new)
    return kept
