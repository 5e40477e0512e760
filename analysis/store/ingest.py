"""The ingest, as a list of named steps over one run's state: clean up after an interrupted
writer, plan (which files to read), read and store what is new or changed, re-extract what an
older extractor extracted, write the new index, commit the manifest, sum up.

Every file is written first and committed by replacing the manifest, so a crash leaves the store
as it was (the next ingest removes the orphans and does the work).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

import pandas as pd

from ..gazetteer import as_gazetteer
from ..load import LoadReport
from ..load import _fill_from as fill_from  # the loader's rule: what a dropped duplicate gives the kept copy
from ..milestones import load_cues, load_places
from .engines import extracted, loaded_waves
from .extract import categories
from ..resources import Resources
from .manifest import TABLES
from .index import (FRESH_COLUMNS, Policy, content_hash, member, month_of, position_in_file, read_index,
                    write_index)
from .parts import read_parquet, remove_unlisted, write_parts
from .plan import files_to_read, stale
from .tables import read_rows


@dataclass
class IngestReport:
    loaded: int = 0
    files_unchanged: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    copies: int = 0  # same title and text as a stored article, under another URL: not stored again
    clashes: int = 0  # a different article whose id another article has: not stored, reported
    re_extracted: int = 0
    seconds: float = 0.0
    load_summary: str = ""
    load_report: LoadReport = field(default_factory=LoadReport)  # what the loader said, for the full list
    skipped: list = field(default_factory=list)  # Problems: files and articles not stored, and why
    duplicates: list = field(default_factory=list)  # Problems: the same article again, and of what

    def summary(self) -> str:
        clashes = (f"{self.clashes} not stored: a different article has their id (see skipped); "
                   if self.clashes else "")
        return (f"{self.files_unchanged} files unchanged since the last ingest; "
                f"{self.loaded} articles read: {self.new} new, {self.changed} changed, {self.unchanged} "
                f"unchanged, {self.copies} copies of stored articles under another URL; {clashes}"
                f"{self.re_extracted} re-extracted for a new gazetteer or extractor; "
                f"{self.seconds:.1f} s")


@dataclass(frozen=True)
class Extraction:
    """What extraction runs with (the pipeline's resources), and its fingerprint."""
    resources: Resources
    fingerprint: str

    @classmethod
    def of(cls, actors=None, cue_files=(), place_files=()) -> "Extraction":
        cue_files, place_files = tuple(map(str, cue_files)), tuple(map(str, place_files))
        resources = Resources(as_gazetteer(actors), load_cues(*cue_files), load_places(*place_files),
                              cue_files=cue_files, place_files=place_files)
        return cls(resources, resources.fingerprint())

    @property
    def gazetteer(self):
        return self.resources.gazetteer


class Ingest:
    """One ingest of `paths` into `store`, run step by step (STEPS) under the store's writer lock."""

    STEPS = ("clean", "plan", "read", "complete", "re_extract", "write_index", "commit", "sum_up")

    def __init__(self, store, paths, extraction: Extraction, client=None, chunk_size: int = 5000,
                 files_per_shard: int = 20, load_options: dict | None = None):
        self.store, self.root, self.paths, self.extraction = store, store.root, paths, extraction
        self.client, self.chunk_size, self.files_per_shard = client, chunk_size, files_per_shard
        load_options = load_options or {}
        self.dedupe = load_options.get("dedupe", True)
        self.load_options = {**load_options, "text_key": True}
        self.report, self.load_report = IngestReport(), LoadReport()
        self.manifest = store.manifest
        self.new_parts: dict[str, list[dict]] = {t: [] for t in TABLES}
        self.fresh_rows: list[pd.DataFrame] = []

    def run(self) -> IngestReport:
        for step in self.STEPS:
            getattr(self, step)()
        return self.report

    # ----------------------------------------------------------------- the steps
    def clean(self) -> None:
        """Remove what an interrupted writer left (files no manifest names)."""
        remove_unlisted(self.root, self.manifest)

    def plan(self) -> None:
        """The stored index and the files new or changed since the last ingest."""
        self.index = self._with_paths(read_index(self.root, self.manifest))
        self.policy = Policy(self.index, self.load_report, self.dedupe)
        files, self.stats, self.to_read = files_to_read(self.manifest, self.paths, self.load_report.skipped,
                                                        self.load_options.get("format"))
        self.report.files_unchanged = len(files) - len(self.to_read)

    def read(self) -> None:
        """New and changed articles of the files to read, stored shard by shard."""
        for loaded in loaded_waves(self.client, self.to_read, self.files_per_shard, self.load_options):
            self.load_report.absorb(loaded.attrs["load_report"])
            self.take(loaded)

    def complete(self) -> None:
        """Articles stored from an earlier shard, completed from the duplicates a later shard held
        (an empty field, a date, a longer text), as the loader completes a kept copy: their first
        version (in this run's files, not committed yet) gives way to the completed one."""
        fresh_ids = self.fresh_ids()
        fills = {a: d for a, d in self.policy.fills.items() if a in fresh_ids}
        if not fills:
            return
        fresh = pd.concat(self.fresh_rows, ignore_index=True).drop_duplicates("article_id", keep="last")
        fresh = fresh[member(fresh["article_id"], fills)].set_index("article_id")
        completed = _completed(self._drop_new_rows(set(fills), set(fresh["month"])), fills)
        completed = completed.assign(content_hash=content_hash(completed), month=month_of(completed["published"]),
                                     text_key=completed["article_id"].map(fresh["text_key"]),
                                     position=completed["article_id"].map(fresh["position"]))
        self.fresh_rows.append(completed[FRESH_COLUMNS])
        self.write(self._chunks(completed))

    def re_extract(self) -> None:
        """Stored articles an older extractor extracted, extracted again a month at a time."""
        self.stale = stale(self.index, self.extraction.fingerprint, self.fresh_ids())
        parts = self.manifest["parts"]["articles"]
        wanted = set(self.stale["article_id"])
        for month in sorted(set(self.stale["month"])):
            one_month = {**self.manifest, "parts": {**self.manifest["parts"],
                                                    "articles": [p for p in parts if p["month"] == month]}}
            stored = read_rows(self.root, "articles", None, None, None, one_month, self.index)
            stored = stored[member(stored["article_id"], wanted)]
            stored["published"] = pd.to_datetime(stored["published"], utc=True)
            stored["month"] = month_of(stored["published"])
            self.write(self._chunks(stored), with_articles=False)  # the articles are stored already
            self.report.re_extracted += len(stored)

    def write_index(self) -> None:
        """The new index (stored less replaced, plus fresh), named in the manifest with the new files."""
        fingerprint, manifest = self.extraction.fingerprint, self.manifest
        fresh_ids = self.fresh_ids()
        if not (fresh_ids or len(self.stale) or manifest["extractor"] != fingerprint):
            return
        index = self.index
        fresh = pd.concat(self.fresh_rows, ignore_index=True).drop_duplicates("article_id", keep="last") \
            if self.fresh_rows else index.iloc[0:0][FRESH_COLUMNS]  # the last: a completed article
        updated = pd.concat([index[~member(index["article_id"], fresh_ids | self.policy.superseded)],
                             fresh.assign(extractor=fingerprint)], ignore_index=True)
        updated.loc[member(updated["article_id"], set(self.stale["article_id"])), "extractor"] = fingerprint
        manifest["index"], manifest["extractor"] = write_index(self.root, updated), fingerprint
        for table, parts in self.new_parts.items():
            manifest["parts"][table] += parts

    def commit(self) -> None:
        """Commit the manifest naming the new files (and the files read); remove the old ones."""
        manifest, stats = self.manifest, self.stats
        known = categories(self.extraction.gazetteer)
        manifest.setdefault("files", {}).update(
            {f: stats[f] for f in self.to_read if stats[f] is not None and f not in self.policy.clashed_files})
        if self.to_read or self.fresh_ids() or len(self.stale) or manifest.get("categories") != known:
            manifest["categories"] = known
            self.store._commit(manifest)
            remove_unlisted(self.root, manifest)

    def sum_up(self) -> None:
        report = self.report
        report.load_summary = self.load_report.summary()
        report.load_report = self.load_report
        report.skipped = list(self.load_report.skipped)
        report.duplicates = list(self.load_report.duplicates)
        report.clashes = self.policy.clashes

    # ----------------------------------------------------------------- helpers of the steps
    def _with_paths(self, index: pd.DataFrame) -> pd.DataFrame:
        """The index with every article's file: read from the articles for stores from before."""
        if not index["path"].isna().any():
            return index
        paths = read_rows(self.root, "articles", ["path"], None, None, self.manifest, index)
        known = dict(zip(paths["article_id"].tolist(), paths["path"].tolist()))
        index = index.copy()
        index["path"] = [p if isinstance(p, str) else known.get(a)
                         for a, p in zip(index["article_id"].tolist(), index["path"].tolist())]
        return index

    def take(self, loaded: pd.DataFrame) -> None:
        """Store what of one loaded shard is new or changed; drop and report what cannot be stored."""
        verdict = self.policy.judge(loaded.assign(content_hash=content_hash(loaded), month=month_of(
            loaded["published"]), position=position_in_file(loaded)))
        report = self.report
        self.load_report.loaded -= verdict.dropped
        report.loaded += verdict.admitted
        report.copies += verdict.copies
        report.new += verdict.new
        report.changed += verdict.changed
        report.unchanged += verdict.unchanged
        self.fresh_rows.append(verdict.fresh[FRESH_COLUMNS])
        self.write(self._chunks(verdict.fresh))

    def write(self, chunks: list[pd.DataFrame], with_articles: bool = True) -> None:
        """Extract `chunks` (here or on Dask) and write their tables (and articles) as new files."""
        x = self.extraction
        for chunk, tables in zip(chunks, extracted(chunks, x.resources, x.fingerprint, self.client)):
            if with_articles:
                columns = [c for c in chunk.columns if c not in ("month", "text_key", "position", "by_document")]
                self.new_parts["articles"] += write_parts(self.root, "articles", chunk[columns], chunk["month"])
            for name, frame in tables.items():
                self.new_parts[name] += write_parts(self.root, name, frame.drop(columns="_month"), frame["_month"])

    def _drop_new_rows(self, ids: set, months: set) -> pd.DataFrame:
        """The rows of `ids` out of this run's files of `months` (each rewritten without them, the
        old one removed: no manifest names it yet); returns the articles taken out."""
        removed = []
        for table, parts in self.new_parts.items():
            kept = []
            for part in parts:
                rows = read_parquet(self.root, part["file"]) if part["month"] in months else None
                mine = None if rows is None else member(rows["article_id"], ids)
                if mine is None or not mine.any():
                    kept.append(part)
                    continue
                if table == "articles":
                    removed.append(rows[mine])
                rest = rows[~mine]
                kept += write_parts(self.root, table, rest, pd.Series(part["month"], index=rest.index))
                (self.root / part["file"]).unlink()
            self.new_parts[table] = kept
        return pd.concat(removed, ignore_index=True)

    def _chunks(self, frame: pd.DataFrame) -> list[pd.DataFrame]:
        return [frame.iloc[b:b + self.chunk_size] for b in range(0, len(frame), self.chunk_size)]

    def fresh_ids(self) -> set:
        return set().union(*(set(f["article_id"]) for f in self.fresh_rows)) if self.fresh_rows else set()


def _completed(articles: pd.DataFrame, fills: dict[str, list[dict]]) -> pd.DataFrame:
    """`articles` completed from their duplicates in order, by the loader's rule, in their dtypes."""
    def as_row(row: dict) -> SimpleNamespace:  # what the rule reads: the row's fields as attributes
        return SimpleNamespace(**{**row, "published": None if pd.isna(row["published"]) else row["published"]})

    rows = [as_row(row) for row in articles.to_dict("records")]
    for row in rows:
        for duplicate in fills[row.article_id]:
            fill_from(row, as_row(duplicate))
    completed = pd.DataFrame([vars(row) for row in rows], columns=articles.columns, index=articles.index)
    completed["published"] = pd.to_datetime(completed["published"], utc=True)
    return completed.astype(articles.dtypes.to_dict())
