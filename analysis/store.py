"""The corpus store: articles and what was extracted from them, as Parquet partitioned by month.

    data/store/
      manifest.json                      the truth: which files make up the store (replaced atomically)
      index/index-<id>.parquet           article_id, content_hash, month, extractor, text_key: current versions
      articles/month=2025-02/<id>.parquet
      mentions/month=2025-02/<id>.parquet   (also quotes/, milestones/)

Ingest writes new files first and commits them by replacing the manifest, so a crash leaves the
store as it was (the next ingest removes the orphans and does the work). Rows are keyed by
`article_id` and a hash of the article's content; derived rows also by the extractor fingerprint
(code version and gazetteer, cue and place files), so re-ingesting the same files adds nothing, a
changed article replaces its old version, and a new gazetteer re-extracts what was stored.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__
from .config import DATA_DIR
from .gazetteer import as_gazetteer
from .load import LoadReport, Problem, load_articles
from .load.fields import digest
from .locks import Locked, exclusive
from .mentions import find_mentions
from .milestones import DEFAULT_CUES, DEFAULT_PLACES, extract_milestones, load_cues, load_places
from .quotes import quotes
from .scale import load_sharded, shards

DEFAULT_STORE = DATA_DIR / "store"
MANIFEST = "manifest.json"
DERIVED = ("mentions", "quotes", "milestones")
INDEX_COLUMNS = ("article_id", "content_hash", "month", "extractor", "text_key")
EXTRACTOR_CODE = f"{__version__}-1"  # bump when extraction rules change what they produce


StoreLocked = Locked  # another ingest holds the store


@dataclass
class IngestReport:
    loaded: int = 0
    files_unchanged: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    copies: int = 0  # same title and text as a stored article, under another URL: not stored again
    re_extracted: int = 0
    seconds: float = 0.0
    load_summary: str = ""
    skipped: list = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.files_unchanged} files unchanged since the last ingest; "
                f"{self.loaded} articles read: {self.new} new, {self.changed} changed, {self.unchanged} "
                f"unchanged, {self.copies} copies of stored articles under another URL; "
                f"{self.re_extracted} re-extracted for a new gazetteer or extractor; "
                f"{self.seconds:.1f} s")


def _signature(path: str) -> list[int] | None:
    """Size and modification time of a file, to tell whether it changed since the last ingest."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


def is_store(path: str | Path) -> bool:
    return (Path(path) / MANIFEST).is_file()


def content_hash(articles: pd.DataFrame) -> pd.Series:
    """A short hash of what an article says: title, standfirst, text, source, author, date."""
    parts = ["title", "standfirst", "text", "source", "author"]
    if articles.empty:
        return pd.Series(dtype="str", index=articles.index)
    columns = [articles[c].astype(str).tolist() for c in parts] + [articles["published"].astype(str).tolist()]
    return pd.Series([digest(*row) for row in zip(*columns)], index=articles.index, dtype="str")


def _month(published: pd.Series) -> pd.Series:
    return published.dt.strftime("%Y-%m").fillna("undated")


def extractor_fingerprint(gazetteer, cue_files=(), place_files=()) -> str:
    """Changes whenever what extraction produces could change: the code, actors, roles, cues, places."""
    hasher = hashlib.sha1(EXTRACTOR_CODE.encode())
    for actor in gazetteer.actors:
        hasher.update(repr((actor.name, actor.kind, actor.side, actor.aliases, actor.acronyms, actor.tenures)).encode())
    for role in gazetteer.roles.values():
        hasher.update(repr(role).encode())
    for path in [DEFAULT_CUES, DEFAULT_PLACES, *cue_files, *place_files]:  # the bundled files count too
        hasher.update(Path(path).read_bytes())
    return hasher.hexdigest()[:16]


def _empty_manifest() -> dict:
    return {"version": 1, "extractor": None, "index": None, "parts": {t: [] for t in ("articles", *DERIVED)},
            "updated": None}


def extract_chunk(articles: pd.DataFrame, gazetteer, cues, places, fingerprint: str) -> dict[str, pd.DataFrame]:
    """Mentions, quotes and milestones of a chunk of articles, keyed for the store (a Dask task too)."""
    mentions = find_mentions(articles, gazetteer)
    tables = {"mentions": mentions, "quotes": quotes(articles, mentions),
              "milestones": extract_milestones(articles, mentions, cues=cues, places=places)}
    hashes = articles.set_index("article_id")["content_hash"]
    months = articles.set_index("article_id")["month"]
    for name, frame in tables.items():
        frame = frame.copy()
        for column in frame.columns:
            if isinstance(frame[column].dtype, pd.CategoricalDtype):
                frame[column] = frame[column].astype(str)
        frame["content_hash"] = frame["article_id"].map(hashes)
        frame["extractor"] = fingerprint
        frame["_month"] = frame["article_id"].map(months)
        tables[name] = frame
    return tables


class Store:
    """A corpus store on disk; reading needs no lock, ingesting takes one."""

    def __init__(self, root: str | Path = DEFAULT_STORE):
        self.root = Path(root)

    # ----------------------------------------------------------------- reading
    @property
    def manifest(self) -> dict:
        path = self.root / MANIFEST
        if not path.exists():
            return _empty_manifest()
        return json.loads(path.read_text(encoding="utf-8"))

    def index(self, manifest: dict | None = None) -> pd.DataFrame:
        manifest = manifest or self.manifest
        if not manifest["index"]:
            return pd.DataFrame({c: pd.Series(dtype="str") for c in INDEX_COLUMNS})
        index = pq.read_table(self.root / manifest["index"]).to_pandas()
        if "text_key" not in index:  # stores written before same-text keys were kept
            index["text_key"] = None
        return index

    def _read(self, table: str, columns: list[str] | None, start, end, manifest: dict | None = None,
              index: pd.DataFrame | None = None) -> pd.DataFrame:
        manifest = manifest or self.manifest
        first = f"{pd.Timestamp(start):%Y-%m}" if start else None
        last = f"{pd.Timestamp(end):%Y-%m}" if end else None
        files = [p for p in manifest["parts"][table]
                 if (first is None or p["month"] >= first or p["month"] == "undated")
                 and (last is None or p["month"] <= last)]
        keys = ["article_id", "content_hash"] + (["extractor"] if table in DERIVED else [])
        wanted = None if columns is None else list(dict.fromkeys(keys + columns))
        frames = [pq.read_table(self.root / p["file"], columns=wanted).to_pandas() for p in files]
        if not frames:
            return pd.DataFrame(columns=wanted or keys)
        rows = pd.concat(frames, ignore_index=True)
        index = self.index(manifest) if index is None else index
        current = rows.merge(index[["article_id", "content_hash"]], on=["article_id", "content_hash"])
        if table in DERIVED:
            current = current[current["extractor"] == manifest["extractor"]]
        return current.drop(columns=[k for k in keys if columns is not None and k not in columns and k != "article_id"])

    def articles(self, columns: list[str] | None = None, start=None, end=None) -> pd.DataFrame:
        """Current articles, only the columns asked for, only the months from `start` to `end`."""
        frame = self._read("articles", columns if columns is None else [*columns, "published"], start, end)
        if "published" in frame and len(frame):
            frame["published"] = pd.to_datetime(frame["published"], utc=True)
            if start:
                frame = frame[frame["published"] >= pd.Timestamp(start, tz="UTC")]
            if end:
                frame = frame[frame["published"] < pd.Timestamp(end, tz="UTC") + pd.Timedelta(days=1)]
        return frame.reset_index(drop=True)

    def table(self, name: str, article_ids=None, start=None, end=None) -> pd.DataFrame:
        """Mentions, quotes or milestones of the current articles (of `article_ids` if given)."""
        frame = self._read(name, None, start, end)
        frame = frame.drop(columns=["content_hash", "extractor"], errors="ignore")
        if article_ids is not None:
            frame = frame[frame["article_id"].isin(set(article_ids))]
        for column in ("actor", "kind", "side", "field", "via"):
            if name == "mentions" and column in frame:
                frame[column] = frame[column].astype("category")
        return frame.reset_index(drop=True)

    # ----------------------------------------------------------------- writing
    def _lock(self):
        return exclusive(self.root / ".ingest.lock", f"{self.root}: another ingest is running")

    def _write_parts(self, table: str, frame: pd.DataFrame, months: pd.Series) -> list[dict]:
        parts = []
        for month, rows in frame.groupby(months, sort=True):
            relative = f"{table}/month={month}/{uuid.uuid4().hex}.parquet"
            target = self.root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            plain = rows.reset_index(drop=True)
            plain.attrs = {}
            pq.write_table(pa.Table.from_pandas(plain, preserve_index=False), target)
            parts.append({"file": relative, "month": month, "rows": len(rows)})
        return parts

    @staticmethod
    def _extracted(chunks, gazetteer, cues, places, fingerprint, client):
        """extract_chunk of every chunk, in order: here, or as Dask tasks on the client's workers."""
        if client is None:
            for chunk in chunks:
                yield extract_chunk(chunk, gazetteer, cues, places, fingerprint)
            return
        shared = client.scatter([gazetteer, cues, places], broadcast=True)
        futures = client.map(extract_chunk, chunks, *[[s] * len(chunks) for s in shared],
                             [fingerprint] * len(chunks), pure=False)
        for future in futures:
            yield future.result()

    def _commit(self, manifest: dict) -> None:
        manifest["updated"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        path = self.root / MANIFEST
        tmp = path.with_suffix(".json.part")
        tmp.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)

    def _remove_orphans(self, manifest: dict) -> None:
        """Files an interrupted ingest wrote but never committed."""
        known = {p["file"] for parts in manifest["parts"].values() for p in parts}
        if manifest["index"]:
            known.add(manifest["index"])
        for folder in ("index", "articles", *DERIVED):
            for path in (self.root / folder).rglob("*.parquet") if (self.root / folder).exists() else []:
                if str(path.relative_to(self.root)) not in known:
                    path.unlink()

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
        """
        started = time.perf_counter()
        report = IngestReport()
        gazetteer = as_gazetteer(actors)
        cues, places = load_cues(*cue_files), load_places(*place_files)
        fingerprint = extractor_fingerprint(gazetteer, cue_files, place_files)
        with self._lock():
            manifest = self.manifest
            self._remove_orphans(manifest)
            index = self.index(manifest)
            seen_files = manifest.setdefault("files", {})
            files, stats, to_read = _files_to_read(manifest, paths)
            report.files_unchanged = len(files) - len(to_read)
            known = dict(zip(index["article_id"], index["content_hash"]))
            key_of = {a: k for a, k in zip(index["article_id"].tolist(), index["text_key"].tolist())
                      if isinstance(k, str)}
            owner_of = {k: a for a, k in key_of.items()}  # same-text key -> the article stored with it
            dedupe = load_options.get("dedupe", True)
            load_options = {**load_options, "text_key": True}
            new_parts = {t: [] for t in ("articles", *DERIVED)}
            fresh_rows: list[pd.DataFrame] = []
            done: set[str] = set()
            load_report = LoadReport()

            def write(chunks, with_articles: bool = True):
                for chunk, tables in zip(chunks, self._extracted(chunks, gazetteer, cues, places, fingerprint, client)):
                    if with_articles:
                        columns = [c for c in chunk.columns if c not in ("month", "text_key")]
                        new_parts["articles"].extend(self._write_parts("articles", chunk[columns], chunk["month"]))
                    for name, frame in tables.items():
                        new_parts[name].extend(self._write_parts(name, frame.drop(columns="_month"), frame["_month"]))

            # 1. new and changed articles, shard by shard
            groups = [to_read[i:i + files_per_shard] for i in range(0, len(to_read), files_per_shard)]
            wave = max(1, 2 * len(client.scheduler_info()["workers"])) if client else 1
            for first in range(0, len(groups), wave):
                batch = groups[first:first + wave]
                loaded_shards = (load_sharded(client, [f for group in batch for f in group],
                                              files_per_shard=files_per_shard, **load_options)
                                 if client else load_articles(batch[0], **load_options))
                load_report.absorb(loaded_shards.attrs["load_report"])
                loaded = loaded_shards[~_member(loaded_shards["article_id"], done)]
                if dedupe:
                    original = _not_copies(loaded, key_of, owner_of, load_report)
                    report.copies += int((~original).sum())
                    loaded = loaded[original]
                report.loaded += len(loaded)
                loaded = loaded.assign(content_hash=content_hash(loaded), month=_month(loaded["published"]))
                is_new = ~_member(loaded["article_id"], known)
                stored_hash = pd.Series([known.get(i) for i in loaded["article_id"].tolist()], index=loaded.index)
                changed = ~is_new & (loaded["content_hash"] != stored_hash)
                fresh = loaded[is_new | changed]
                report.new += int(is_new.sum())
                report.changed += int(changed.sum())
                report.unchanged += int((~is_new & ~changed).sum())
                done.update(loaded["article_id"])
                known.update(zip(fresh["article_id"], fresh["content_hash"]))
                fresh_rows.append(fresh[["article_id", "content_hash", "month", "text_key"]])
                write([fresh.iloc[b:b + chunk_size] for b in range(0, len(fresh), chunk_size)])
            fresh_ids = set().union(*(set(f["article_id"]) for f in fresh_rows)) if fresh_rows else set()
            # 2. re-extract stored articles when the extractor changed, a month at a time
            stale = index[(index["extractor"] != fingerprint) & ~_member(index["article_id"], fresh_ids)]
            for month in sorted(set(stale["month"])):
                one_month = {**manifest, "parts": {**manifest["parts"], "articles": [
                    p for p in manifest["parts"]["articles"] if p["month"] == month]}}
                stored = self._read("articles", None, None, None, one_month, index)
                stored = stored[stored["article_id"].isin(stale["article_id"])]
                stored["published"] = pd.to_datetime(stored["published"], utc=True)
                stored["month"] = _month(stored["published"])
                write([stored.iloc[b:b + chunk_size] for b in range(0, len(stored), chunk_size)],
                      with_articles=False)  # the articles are stored already
                report.re_extracted += len(stored)
            report.load_summary = load_report.summary()
            report.skipped = list(load_report.skipped)
            # 3. the new index: current version and extractor of every article
            fresh_index = pd.concat(fresh_rows, ignore_index=True) if fresh_rows else \
                index.iloc[0:0][["article_id", "content_hash", "month", "text_key"]]
            updated = pd.concat([index[~_member(index["article_id"], fresh_ids)],
                                 fresh_index.assign(extractor=fingerprint)], ignore_index=True)
            updated.loc[updated["article_id"].isin(stale["article_id"]), "extractor"] = fingerprint
            if fresh_ids or len(stale) or manifest["extractor"] != fingerprint:
                index_file = f"index/index-{uuid.uuid4().hex}.parquet"
                (self.root / "index").mkdir(parents=True, exist_ok=True)
                pq.write_table(pa.Table.from_pandas(updated.reset_index(drop=True), preserve_index=False),
                               self.root / index_file)
                for table, parts in new_parts.items():
                    manifest["parts"][table] += parts
                manifest["index"], manifest["extractor"] = index_file, fingerprint
            seen_files.update({f: stats[f] for f in to_read if stats[f] is not None})
            if to_read or fresh_ids or len(stale):
                self._commit(manifest)
                self._remove_orphans(manifest)
        report.seconds = time.perf_counter() - started
        return report

    def pending(self, paths, actors=None, cue_files=(), place_files=()) -> tuple[int, int]:
        """(files an ingest of `paths` would read, stored articles it would re-extract): a preview."""
        manifest = self.manifest
        return len(_files_to_read(manifest, paths)[2]), self._stale(manifest, actors, cue_files, place_files)

    def _stale(self, manifest: dict, actors, cue_files, place_files) -> int:
        """Stored articles an older extractor (code, gazetteer, cues, places) extracted."""
        if not manifest["index"]:
            return 0
        fingerprint = extractor_fingerprint(as_gazetteer(actors), cue_files, place_files)
        extractors = pq.read_table(self.root / manifest["index"], columns=["extractor"]).column(0).to_pylist()
        return sum(e != fingerprint for e in extractors)

    def needs_cluster(self, paths, files_per_shard: int = 20, actors=None, cue_files=(), place_files=()) -> bool:
        """More than one shard of files to read, or stored articles to re-extract."""
        manifest = self.manifest
        return len(_files_to_read(manifest, paths)[2]) > files_per_shard or \
            self._stale(manifest, actors, cue_files, place_files) > 0

    def ingest_with(self, paths, engine: str = "pandas", scheduler: str | None = None, workers: int = 2,
                    files_per_shard: int = 20, **options) -> IngestReport:
        """ingest() here (pandas) or on Dask: a running `scheduler`, else a LocalCluster of `workers`.

        A LocalCluster costs seconds to start, more than a weekly top-up of a few files takes; it is
        started only when there is more than one shard of files to read or anything to re-extract.
        """
        if engine not in ("pandas", "dask"):
            raise ValueError(f"engine={engine!r}: use 'pandas' or 'dask'")
        if engine == "dask" and not scheduler and not self.needs_cluster(
                paths, files_per_shard, options.get("actors"), options.get("cue_files", ()),
                options.get("place_files", ())):
            engine = "pandas"
        if engine == "pandas":
            return self.ingest(paths, files_per_shard=files_per_shard, **options)
        from .scale import dask_client
        with dask_client(scheduler, workers) as client:
            return self.ingest(paths, client=client, files_per_shard=files_per_shard, **options)

    # ----------------------------------------------------------------- compaction
    def compact(self, min_files: int = 2) -> "CompactReport":
        """Rewrite each month of each table as one file holding only current rows.

        Every ingest adds files, and a changed article or a new extractor leaves the old rows behind
        (readers skip them by the index). A month is rewritten when it has `min_files` files or
        more, or rows no reader would return; the new files are committed with the manifest, as
        ingest does, so an interrupted compaction leaves the store as it was.
        """
        started = time.perf_counter()
        report = CompactReport()
        with self._lock():
            manifest = self.manifest
            self._remove_orphans(manifest)
            if not manifest["index"]:
                return report
            index = self.index(manifest)
            for table in ("articles", *DERIVED):
                by_month: dict[str, list[dict]] = {}
                for part in manifest["parts"][table]:
                    by_month.setdefault(part["month"], []).append(part)
                kept = []
                for month, parts in sorted(by_month.items()):
                    report.files_before += len(parts)
                    report.bytes_before += sum(_size(self.root / p["file"]) for p in parts)
                    stored_rows = sum(p["rows"] for p in parts)
                    one_month = {**manifest, "parts": {table: parts}}
                    if len(parts) < min_files and stored_rows == len(  # one file: keep it unless it has dead rows
                            self._read(table, ["article_id"], None, None, one_month, index)):
                        kept.extend(parts)
                        report.files_after += len(parts)
                        report.bytes_after += sum(_size(self.root / p["file"]) for p in parts)
                        continue
                    live = self._read(table, None, None, None, one_month, index)
                    report.rows_dropped += stored_rows - len(live)
                    report.months_rewritten += 1
                    if len(live):
                        new = self._write_parts(table, live, pd.Series(month, index=live.index))
                        kept.extend(new)
                        report.files_after += len(new)
                        report.bytes_after += sum(_size(self.root / p["file"]) for p in new)
                manifest["parts"][table] = kept
            if report.months_rewritten:
                self._commit(manifest)
                self._remove_orphans(manifest)
                for folder in ("articles", *DERIVED):  # month folders left empty
                    for month_dir in (self.root / folder).glob("month=*"):
                        if not any(month_dir.iterdir()):
                            month_dir.rmdir()
        report.seconds = time.perf_counter() - started
        return report


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


def _not_copies(loaded: pd.DataFrame, key_of: dict, owner_of: dict, load_report: LoadReport) -> pd.Series:
    """False for an article whose title and text a stored (or just read) article under another URL
    has; the rest claim their keys (a changed article gives up its old one)."""
    keep = []
    for article_id, key, path in zip(loaded["article_id"].tolist(), loaded["text_key"].tolist(),
                                     loaded["path"].tolist()):
        owner = owner_of.get(key) if isinstance(key, str) else None
        if owner is not None and owner != article_id:
            load_report.duplicates.append(Problem(path, f"duplicate of stored article {owner} (same title and text)"))
            keep.append(False)
            continue
        old = key_of.get(article_id)
        if old is not None and old != key and owner_of.get(old) == article_id:
            del owner_of[old]
        if isinstance(key, str):
            owner_of[key], key_of[article_id] = article_id, key
        keep.append(True)
    return pd.Series(keep, index=loaded.index, dtype=bool)


def _member(ids: pd.Series, keys) -> pd.Series:
    """ids.isin(keys) for a large set or dict: pandas would copy a million keys into an array per call."""
    return pd.Series([i in keys for i in ids.tolist()], index=ids.index, dtype=bool)


def _files_to_read(manifest: dict, paths) -> tuple[list[str], dict, list[str]]:
    """(every file, their signatures, the files new or changed since an earlier ingest)."""
    seen = manifest.get("files", {})
    files = [f for shard in shards(paths, files_per_shard=1 << 30) for f in shard]
    stats = {f: _signature(f) for f in files}
    return files, stats, [f for f in files if stats[f] is None or seen.get(f) != stats[f]]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
