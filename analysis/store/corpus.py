"""The Store: a corpus store on disk, what readers call (no lock: one manifest and its files) and
the entry points of ingest and compaction (under the one-writer lock)."""
from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

from ..config import DEFAULT_STORE
from ..gazetteer import as_gazetteer
from ..locks import Locked, exclusive
from . import engines
from .compact import CompactReport, compact
from .fingerprint import extractor_fingerprint
from .index import in_load_order, member, read_index
from .ingest import Extraction, Ingest, IngestReport
from .manifest import DERIVED, commit, load_manifest
from .parts import consistently
from .plan import count_stale, files_to_read
from .tables import ARTICLE_COLUMNS, conform_articles, read_rows, stored_categories
from .. import schema

WRITER_LOCK = ".ingest.lock"
StoreLocked = Locked  # another ingest or a compaction holds the store


class Store:
    """A corpus store on disk; reading needs no lock, ingesting and compacting take one."""

    def __init__(self, root: str | Path = DEFAULT_STORE):
        self.root = Path(root)

    # ----------------------------------------------------------------- reading
    @property
    def manifest(self) -> dict:
        """The committed manifest (validated; StoreError naming the file if it is damaged)."""
        return load_manifest(self.root)[1]

    def index(self, manifest: dict | None = None) -> pd.DataFrame:
        """Current version, month, extractor and file of every stored article."""
        if manifest is not None:
            return read_index(self.root, manifest)
        return consistently(self.root, lambda m: read_index(self.root, m))

    def articles(self, columns: list[str] | None = None, start=None, end=None) -> pd.DataFrame:
        """Current articles, only the columns asked for, only the months from `start` to `end`, in
        the order the loader reads them (by file, then position in the file)."""
        unknown = [c for c in columns or () if c not in ARTICLE_COLUMNS]
        if unknown:
            raise ValueError(f"columns {unknown}: the articles table has {', '.join(ARTICLE_COLUMNS)}")
        wanted = columns if columns is None else [*columns, "published"]

        def read(manifest):
            index = read_index(self.root, manifest)
            return in_load_order(read_rows(self.root, "articles", wanted, start, end, manifest, index), index)

        frame = consistently(self.root, read)
        if frame.empty:
            frame = pd.DataFrame(columns=ARTICLE_COLUMNS if wanted is None else
                                 list(dict.fromkeys(["article_id", *wanted])))
        frame = conform_articles(frame)
        if start:
            frame = frame[frame["published"] >= pd.Timestamp(start, tz="UTC")]
        if end:
            frame = frame[frame["published"] < pd.Timestamp(end, tz="UTC") + pd.Timedelta(days=1)]
        return frame.reset_index(drop=True)

    def table(self, name: str, article_ids=None, start=None, end=None) -> pd.DataFrame:
        """Mentions, quotes or milestones of the current articles (of `article_ids` if given), in
        the schema's columns and dtypes (the categories the ingest's gazetteer gave), rows or none,
        in the order of their articles as the loader reads them."""
        if name not in DERIVED:
            raise ValueError(f"table {name!r}: the store's tables are {', '.join(DERIVED)} (and articles())")

        def read(manifest):
            index = read_index(self.root, manifest)
            rows = read_rows(self.root, name, None, start, end, manifest, index)
            if article_ids is not None:
                rows = rows[member(rows["article_id"], set(article_ids))]
            return in_load_order(rows, index), stored_categories(manifest, name)

        frame, categories = consistently(self.root, read)
        return schema.conform(frame, name, categories)

    # ----------------------------------------------------------------- writing
    def _lock(self, holder: str = "an ingest"):
        return exclusive(self.root / WRITER_LOCK, str(self.root), holder)

    def _commit(self, manifest: dict) -> None:
        commit(self.root, manifest)

    def ingest(self, paths, actors=None, cue_files=(), place_files=(), chunk_size: int = 5000,
               client=None, files_per_shard: int = 20, **load_options) -> IngestReport:
        """Add new and changed articles (and what is extracted from them); re-extract stored articles
        when the gazetteer, cues, places or extractor code changed.

        Files are read a shard at a time (`files_per_shard`), and stored articles re-extracted a
        month at a time, so memory follows the shard and chunk sizes, not the corpus. With a Dask
        `client`, shards load and chunks are extracted as tasks on its workers, a wave at a time;
        the files written are the same. Duplicates are dropped by the loader's rule across shards
        and ingests too: the same URL is the same article (a changed text replaces the stored one),
        and the same normalised title and text under another URL is a copy, reported and skipped.
        A different article under an id already taken is a clash, reported and skipped.
        """
        started = time.perf_counter()
        extraction = Extraction.of(actors, cue_files, place_files)
        with self._lock("an ingest"):
            report = Ingest(self, paths, extraction, client, chunk_size, files_per_shard, load_options).run()
        report.seconds = time.perf_counter() - started
        return report

    def pending(self, paths, actors=None, cue_files=(), place_files=()) -> tuple[int, int]:
        """(files an ingest of `paths` would read, stored articles it would re-extract): a preview."""
        return len(files_to_read(self.manifest, paths)[2]), self._stale(actors, cue_files, place_files)

    def _stale(self, actors, cue_files, place_files) -> int:
        """Stored articles an older extractor (code, gazetteer, cues, places) extracted."""
        fingerprint = extractor_fingerprint(as_gazetteer(actors), cue_files, place_files)
        return consistently(self.root, lambda manifest: count_stale(self.root, manifest, fingerprint))

    def needs_cluster(self, paths, files_per_shard: int = 20, actors=None, cue_files=(), place_files=()) -> bool:
        """More than one shard of files to read, or stored articles to re-extract."""
        return len(files_to_read(self.manifest, paths)[2]) > files_per_shard or \
            self._stale(actors, cue_files, place_files) > 0

    def ingest_with(self, paths, engine: str = "pandas", scheduler: str | None = None, workers: int = 2,
                    files_per_shard: int = 20, **options) -> IngestReport:
        """ingest() here (pandas) or on Dask: a running `scheduler`, else a LocalCluster of `workers`.

        A LocalCluster costs seconds to start, more than a weekly top-up of a few files takes; it is
        started only when there is more than one shard of files to read or anything to re-extract.
        """
        if engine == "dask" and not scheduler and not self.needs_cluster(
                paths, files_per_shard, options.get("actors"), options.get("cue_files", ()),
                options.get("place_files", ())):
            engine = "pandas"
        return engines.run_on(engine, scheduler, workers, lambda client: self.ingest(
            paths, client=client, files_per_shard=files_per_shard, **options))

    # ----------------------------------------------------------------- compaction
    def compact(self, min_files: int = 2) -> CompactReport:
        """Rewrite each month of each table as one file holding only current rows.

        Every ingest adds files, and a changed article or a new extractor leaves the old rows behind
        (readers skip them by the index). A month is rewritten when it has `min_files` files or
        more, or rows no reader would return; the new files are committed with the manifest, as
        ingest does, so an interrupted compaction leaves the store as it was.
        """
        started = time.perf_counter()
        report = CompactReport()
        with self._lock("a compaction"):
            compact(self, min_files, report)
        report.seconds = time.perf_counter() - started
        return report
