"""The corpus store: articles and what was extracted from them, as Parquet partitioned by month.

    data/store/
      manifest.json                      the truth: which files make up the store (replaced atomically)
      index/index-<id>.parquet           article_id, content_hash, month, extractor, text_key, path
      articles/month=2025-02/<id>.parquet
      mentions/month=2025-02/<id>.parquet   (also quotes/, milestones/)

Ingest writes new files first and commits them by replacing the manifest, so a crash leaves the
store as it was (the next ingest removes the orphans and does the work). Rows are keyed by
`article_id` and a hash of the article's content; derived rows also by the extractor fingerprint
(a hash of the extractors' source and of the gazetteer, cue and place files), so re-ingesting
the same files adds nothing, a changed article replaces its old version, and new extraction code
or data re-extracts what was stored.

One article, one id. An id the store already holds names the same article only when it comes
with the same URL, or, for an article without one, from the same file: then new content is a
change. A different article with an id already taken (a URL-less piece with the same source, day
and title, in this ingest or stored from another file) is a clash: it is not stored, and the load
report names its file, the other one and why; the file is read again at the next ingest.

Writers and readers. One writer at a time: ingest and compaction take `.ingest.lock` and record
in it what they are and since when, so a refused writer is told "a compaction is running (pid N
since T)" (exit 3 at the command line). Readers take no writer lock. Every data file is written
once under a fresh name and never changed, and the manifest is replaced atomically, so a reader
that reads one manifest and the files it names sees one committed state. Writers remove files
only once a new manifest no longer names them, and only while no reader is between reading a
manifest and finishing with its files: readers hold `.readers.lock` shared for that span, and a
writer removes superseded files only if it can hold that lock alone for a moment; otherwise it
leaves them for a later ingest or compaction. A reader that cannot take that lock (a read-only
store) or finds a file gone anyway reads again on the new manifest, a bounded number of times; a
file missing while the manifest did not change is a damaged store (StoreError, naming the file).
"""
from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import hashlib
import importlib.util
import inspect
import json
import os
import time
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .config import DEFAULT_STORE
from .gazetteer import as_gazetteer
from .load import LoadReport, Problem, load_articles
from .load.fields import digest
from .locks import Locked, exclusive, shared, unshared
from .mentions import find_mentions
from .milestones import DEFAULT_CUES, DEFAULT_PLACES, extract_milestones, load_cues, load_places
from .quotes import quotes
from . import schema
from .scale import load_sharded, shards

MANIFEST = "manifest.json"
DERIVED = ("mentions", "quotes", "milestones")
TABLES = ("articles", *DERIVED)
INDEX_COLUMNS = ("article_id", "content_hash", "month", "extractor", "text_key", "path")
EXTRACTORS = ("mentions", "quotes", "milestones")  # modules of this package whose functions extract_chunk calls
WRITER_LOCK, READERS_LOCK = ".ingest.lock", ".readers.lock"
READ_ATTEMPTS = 20  # reads of a store whose files writers keep replacing, before giving up


StoreLocked = Locked  # another ingest or a compaction holds the store


class StoreError(ValueError):
    """The store on disk cannot be read as it is; the message names the file and what is wrong."""


class _Vanished(Exception):
    """A file a manifest names is gone: a writer may have committed a new manifest meanwhile."""

    def __init__(self, relative: str):
        super().__init__(relative)
        self.relative = relative


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
    # an undated article's NaT becomes a missing value under astype(str), not the text "NaT"
    published = articles["published"].astype(str).fillna("NaT")
    columns = [articles[c].astype(str).tolist() for c in parts] + [published.tolist()]
    return pd.Series([digest(*row) for row in zip(*columns)], index=articles.index, dtype="str")


def _month(published: pd.Series) -> pd.Series:
    return published.dt.strftime("%Y-%m").fillna("undated")


# ----------------------------------------------------------------- the extractor fingerprint
def extractor_sources() -> dict[str, Path]:
    """The source file of every module of this package that extraction runs: the extractor
    modules and whatever of the package they import, directly or not (found by reading them)."""
    stamp = tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                         for p in Path(__file__).parent.rglob("*.py")))
    return dict(_sources(stamp))


@lru_cache(maxsize=2)
def _sources(stamp: tuple) -> tuple:
    """extractor_sources() for the package's files as `stamp` lists them (parsing them takes a
    tenth of a second; an ingest, its preview and its Dask check each ask)."""
    package = __name__.rpartition(".")[0]
    found: dict[str, Path] = {}
    todo = [f"{package}.{name}" for name in EXTRACTORS]
    while todo:
        name = todo.pop()
        if name in found or name == package:  # the package's __init__ only gathers names
            continue
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):  # `from .module import name`: the name is no module
            continue
        if spec is None or not spec.origin or not Path(spec.origin).is_file():
            continue
        found[name] = Path(spec.origin)
        todo += _imports_of(name, found[name], package, spec.submodule_search_locations is not None)
    return tuple(sorted(found.items()))


def _imports_of(name: str, path: Path, package: str, is_package: bool) -> list[str]:
    """Names of `package` that module `name` imports anywhere in its code (maybe modules)."""
    here = name if is_package else name.rpartition(".")[0]
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_bytes(), str(path))):
        if isinstance(node, ast.ImportFrom):
            base = here.rsplit(".", node.level - 1)[0] if node.level else ""
            target = ".".join(p for p in (base, node.module) if p)
            if target == package or target.startswith(package + "."):
                names += [target, *(f"{target}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Import):
            names += [a.name for a in node.names if a.name.startswith(package + ".")]
    return names


def _file_bytes(path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError:
        return f"missing:{path}".encode()


def extractor_fingerprint(gazetteer, cue_files=(), place_files=()) -> str:
    """Changes whenever what extraction produces could change: the extractors' source code, the
    actors and roles, and the bytes of the gazetteer, cue and place files (bundled and the user's)."""
    hasher = hashlib.sha1(b"extractor fingerprint 2")
    for name, path in extractor_sources().items():
        hasher.update(name.encode() + b"\0" + _file_bytes(path))
    try:
        hasher.update(inspect.getsource(extract_chunk).encode())
    except OSError:  # no source at hand: the compiled code changes with it
        hasher.update(extract_chunk.__code__.co_code)
    for actor in gazetteer.actors:
        hasher.update(repr([getattr(actor, f.name) for f in dataclasses.fields(actor) if f.name != "source"]).encode())
    for role in gazetteer.roles.values():
        hasher.update(repr(role).encode())
    for path in [*gazetteer.files, DEFAULT_CUES, DEFAULT_PLACES, *cue_files, *place_files]:
        hasher.update(_file_bytes(path))
    return hasher.hexdigest()[:16]


# ----------------------------------------------------------------- the manifest
def _empty_manifest() -> dict:
    return {"version": 1, "extractor": None, "index": None, "parts": {t: [] for t in TABLES},
            "updated": None}


def _inside(relative, folder: str) -> bool:
    """A relative path below `folder` of the store, no way out of it."""
    if not isinstance(relative, str):
        return False
    parts = PurePosixPath(relative).parts
    return not relative.startswith("/") and len(parts) > 1 and parts[0] == folder and ".." not in parts


def _manifest_problem(manifest) -> str | None:
    """What makes `manifest` no manifest of this store, or None."""
    if not isinstance(manifest, dict):
        return f"a JSON {type(manifest).__name__}, not an object"
    parts = manifest.get("parts")
    if not isinstance(parts, dict):
        return "no 'parts' object (the list of the store's files)"
    for table in TABLES:
        entries = parts.get(table)
        if not isinstance(entries, list):
            return f"'parts' has no list '{table}'"
        for n, part in enumerate(entries):
            if not (isinstance(part, dict) and isinstance(part.get("month"), str)
                    and isinstance(part.get("rows"), int) and _inside(part.get("file"), table)):
                return f"parts.{table}[{n}] is not {{file: {table}/..., month, rows}}: {json.dumps(part)[:120]}"
    if manifest.get("index") is not None and not _inside(manifest["index"], "index"):
        return f"'index' is not a file under index/: {json.dumps(manifest['index'])[:120]}"
    if manifest.get("extractor") is not None and not isinstance(manifest["extractor"], str):
        return "'extractor' is not a string"
    for key in ("files", "categories"):
        if not isinstance(manifest.get(key, {}), dict):
            return f"'{key}' is not an object"
    return None


def _parse_manifest(text: str, path: Path) -> dict:
    try:
        manifest = json.loads(text)
    except ValueError as e:
        raise StoreError(f"{path}: not valid JSON (line {getattr(e, 'lineno', '?')}, column "
                         f"{getattr(e, 'colno', '?')}: {getattr(e, 'msg', e)}); the store's list of "
                         f"files is damaged") from None
    problem = _manifest_problem(manifest)
    if problem:
        raise StoreError(f"{path}: not a corpus store manifest: {problem}")
    manifest.setdefault("extractor", None)
    manifest.setdefault("index", None)
    return manifest


# ----------------------------------------------------------------- extraction
def empty_tables(gazetteer=None, cues=None, places=None) -> dict[str, pd.DataFrame]:
    """What the extractors return for no articles: the columns and dtypes of each derived table."""
    articles = load_articles([])
    mentions = find_mentions(articles, as_gazetteer(gazetteer))
    return {"mentions": mentions, "quotes": quotes(articles, mentions),
            "milestones": extract_milestones(articles, mentions, cues=cues, places=places)}


def _categories(tables: dict[str, pd.DataFrame]) -> dict[str, dict[str, list]]:
    """The categories of each categorical column (the gazetteer's actors, kinds, sides...)."""
    return {name: {c: frame[c].cat.categories.tolist() for c in frame.columns
                   if isinstance(frame[c].dtype, pd.CategoricalDtype)}
            for name, frame in tables.items()}


def extract_chunk(articles: pd.DataFrame, gazetteer, cues, places, fingerprint: str) -> dict[str, pd.DataFrame]:
    """Mentions, quotes and milestones of a chunk of articles, keyed for the store (a Dask task too)."""
    twice = articles["article_id"].duplicated()
    if twice.any():
        raise ValueError(f"extract_chunk: article_id {articles.loc[twice, 'article_id'].iloc[0]} is in the "
                         f"chunk twice; the store keys every row by its article's id")
    mentions = find_mentions(articles, gazetteer)
    tables = {"mentions": mentions, "quotes": quotes(articles, mentions),
              "milestones": extract_milestones(articles, mentions, cues=cues, places=places)}
    hashes = pd.Series(articles["content_hash"].to_numpy(), index=articles["article_id"])
    months = pd.Series(articles["month"].to_numpy(), index=articles["article_id"])
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


def _conform(frame: pd.DataFrame, template: pd.DataFrame, categories: dict) -> pd.DataFrame:
    """`frame` as the extractor gives it: `template`'s columns first, its categorical (with the
    ingest's categories) and datetime dtypes; no rows at all: exactly the template's columns."""
    if frame.empty:
        out = template.iloc[0:0].copy()
        for column, values in categories.items():
            if column in out:
                out[column] = pd.Categorical([], categories=values)
        return out.reset_index(drop=True)
    frame = frame.copy()
    for column in template.columns:
        dtype = template[column].dtype
        if column not in frame:  # written before the extractor gave it
            frame[column] = pd.Series(None, index=frame.index, dtype=object)
        elif isinstance(dtype, pd.CategoricalDtype):
            known = list(categories.get(column) or [])
            seen = set(known)
            extra = sorted({v for v in frame[column].dropna().unique().tolist() if v not in seen})
            frame[column] = frame[column].astype(pd.CategoricalDtype(known + extra if known else None))
        elif dtype.kind == "M" and frame[column].dtype != dtype and frame[column].dtype.kind == "M":
            frame[column] = frame[column].astype(dtype)
    return frame[[*template.columns, *(c for c in frame.columns if c not in template)]]


class Store:
    """A corpus store on disk; reading needs no lock, ingesting and compacting take one."""

    def __init__(self, root: str | Path = DEFAULT_STORE):
        self.root = Path(root)
        self._templates: dict[str, pd.DataFrame] | None = None

    # ----------------------------------------------------------------- reading
    def _manifest_text(self) -> str | None:
        path = self.root / MANIFEST
        try:
            return path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            return None
        except UnicodeDecodeError as e:
            raise StoreError(f"{path}: not UTF-8 text (byte {e.start}); the store's list of files is damaged") from None
        except OSError as e:
            raise StoreError(f"{path}: cannot read: {e.strerror or e}") from None

    def _load_manifest(self) -> tuple[str | None, dict]:
        text = self._manifest_text()
        return text, _empty_manifest() if text is None else _parse_manifest(text, self.root / MANIFEST)

    @property
    def manifest(self) -> dict:
        """The committed manifest (validated; StoreError naming the file if it is damaged)."""
        return self._load_manifest()[1]

    def _parquet(self, relative: str, columns: list[str] | None = None) -> pd.DataFrame:
        path = self.root / relative
        try:
            return pq.read_table(path, columns=columns).to_pandas()
        except FileNotFoundError:
            raise _Vanished(relative) from None
        except (pa.ArrowException, OSError) as e:
            raise StoreError(f"{path}: not a readable Parquet file of this store ({e}); the store is "
                             f"damaged") from None

    def _consistently(self, read):
        """read(manifest): on one manifest and the files it names, under the readers' marker; when
        a file it names has gone, a writer committed a new manifest: read again on that one."""
        for attempt in range(READ_ATTEMPTS):
            with shared(self.root / READERS_LOCK):
                text, manifest = self._load_manifest()
                try:
                    return read(manifest)
                except _Vanished as e:
                    vanished = e.relative
            if self._manifest_text() == text:
                raise StoreError(f"{self.root / vanished}: named in {self.root / MANIFEST} but missing; "
                                 f"the store is damaged")
            time.sleep(0.002 * attempt)
        raise StoreError(f"{self.root}: writers replaced the files being read {READ_ATTEMPTS} times "
                         f"in a row; try again")

    def index(self, manifest: dict | None = None) -> pd.DataFrame:
        """Current version, month, extractor and file of every stored article."""
        return self._index(manifest) if manifest is not None else self._consistently(self._index)

    def _index(self, manifest: dict) -> pd.DataFrame:
        if not manifest["index"]:
            return pd.DataFrame({c: pd.Series(dtype="str") for c in INDEX_COLUMNS})
        index = self._parquet(manifest["index"])
        missing = [c for c in INDEX_COLUMNS[:4] if c not in index]
        if missing:
            raise StoreError(f"{self.root / manifest['index']}: not an index of this store (no column "
                             f"{', '.join(missing)})")
        for column in ("text_key", "path"):  # stores written before these were kept
            if column not in index:
                index[column] = None
        return index

    def _read(self, table: str, columns: list[str] | None, start, end, manifest: dict,
              index: pd.DataFrame | None = None) -> pd.DataFrame:
        """Current rows of `table` in the months from `start` to `end`, from `manifest`'s files."""
        first = f"{pd.Timestamp(start):%Y-%m}" if start else None
        last = f"{pd.Timestamp(end):%Y-%m}" if end else None
        files = [p for p in manifest["parts"][table]
                 if (first is None or p["month"] >= first or p["month"] == "undated")
                 and (last is None or p["month"] <= last)]
        keys = ["article_id", "content_hash"] + (["extractor"] if table in DERIVED else [])
        wanted = None if columns is None else list(dict.fromkeys(keys + columns))
        frames = [self._parquet(p["file"], wanted) for p in files]
        if not frames:
            return pd.DataFrame(columns=wanted or keys)
        rows = pd.concat(frames, ignore_index=True)
        index = self._index(manifest) if index is None else index
        current = rows.merge(index[["article_id", "content_hash"]], on=["article_id", "content_hash"])
        if table in DERIVED:
            current = current[current["extractor"] == manifest["extractor"]]
        return current.drop(columns=[k for k in keys if columns is not None and k not in columns and k != "article_id"])

    def _template(self, table: str) -> pd.DataFrame:
        """What computing `table` from no articles gives (its columns and dtypes)."""
        if self._templates is None:
            articles = load_articles([]).assign(content_hash=pd.Series(dtype="str"))
            self._templates = {"articles": articles, **empty_tables()}
        return self._templates[table]

    def articles(self, columns: list[str] | None = None, start=None, end=None) -> pd.DataFrame:
        """Current articles, only the columns asked for, only the months from `start` to `end`."""
        template = self._template("articles")
        unknown = [c for c in columns or () if c not in template]
        if unknown:
            raise ValueError(f"columns {unknown}: the articles table has {', '.join(template.columns)}")
        wanted = columns if columns is None else [*columns, "published"]
        frame = self._consistently(lambda manifest: self._read("articles", wanted, start, end, manifest))
        if frame.empty:
            names = template.columns if wanted is None else list(dict.fromkeys(["article_id", *wanted]))
            return template.reindex(columns=list(names)).iloc[0:0].reset_index(drop=True)
        if "published" in frame:
            frame["published"] = pd.to_datetime(frame["published"], utc=True)
            if start:
                frame = frame[frame["published"] >= pd.Timestamp(start, tz="UTC")]
            if end:
                frame = frame[frame["published"] < pd.Timestamp(end, tz="UTC") + pd.Timedelta(days=1)]
        return frame.reset_index(drop=True)

    def table(self, name: str, article_ids=None, start=None, end=None) -> pd.DataFrame:
        """Mentions, quotes or milestones of the current articles (of `article_ids` if given), with
        the columns and dtypes the extractor gives, rows or none."""
        if name not in DERIVED:
            raise ValueError(f"table {name!r}: the store's tables are {', '.join(DERIVED)} (and articles())")

        def read(manifest):
            return self._read(name, None, start, end, manifest), manifest.get("categories", {}).get(name, {})

        frame, categories = self._consistently(read)
        frame = frame.drop(columns=["content_hash", "extractor"], errors="ignore")
        if article_ids is not None:
            frame = frame[_member(frame["article_id"], set(article_ids))]
        frame = _conform(frame, self._template(name), categories).reset_index(drop=True)
        return schema.conform(frame, name) if len(frame) else frame  # parquet gives lists back as arrays

    # ----------------------------------------------------------------- writing
    def _lock(self, holder: str = "an ingest"):
        return exclusive(self.root / WRITER_LOCK, str(self.root), holder)

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
        shared_data = client.scatter([gazetteer, cues, places], broadcast=True)
        futures = client.map(extract_chunk, chunks, *[[s] * len(chunks) for s in shared_data],
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

    def _remove_unlisted(self, manifest: dict) -> bool:
        """Remove the files `manifest` does not name (superseded, or an interrupted writer's) and
        emptied month folders, only while no reader may still need them; else leave them for later."""
        with unshared(self.root / READERS_LOCK) as alone:
            if not alone:
                return False
            known = {p["file"] for parts in manifest["parts"].values() for p in parts}
            if manifest["index"]:
                known.add(manifest["index"])
            for folder in ("index", *TABLES):
                for path in (self.root / folder).rglob("*.parquet") if (self.root / folder).exists() else []:
                    if str(path.relative_to(self.root)) not in known:
                        path.unlink()
            for folder in TABLES:
                for month_dir in (self.root / folder).glob("month=*"):
                    if month_dir.is_dir() and not any(month_dir.iterdir()):
                        month_dir.rmdir()
        return True

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
        report = IngestReport()
        gazetteer = as_gazetteer(actors)
        cues, places = load_cues(*cue_files), load_places(*place_files)
        fingerprint = extractor_fingerprint(gazetteer, cue_files, place_files)
        with self._lock("an ingest"):
            manifest = self.manifest
            self._remove_unlisted(manifest)
            run = _Ingest(self, manifest, report, (gazetteer, cues, places, fingerprint), client,
                          chunk_size, load_options)
            files, stats, to_read = _files_to_read(manifest, paths, run.load_report.skipped)
            report.files_unchanged = len(files) - len(to_read)
            run.read(to_read, files_per_shard)
            run.re_extract()
            run.finish(to_read, stats, _categories(empty_tables(gazetteer, cues, places)))
        report.seconds = time.perf_counter() - started
        return report

    def pending(self, paths, actors=None, cue_files=(), place_files=()) -> tuple[int, int]:
        """(files an ingest of `paths` would read, stored articles it would re-extract): a preview."""
        manifest = self.manifest
        return len(_files_to_read(manifest, paths)[2]), self._stale(actors, cue_files, place_files)

    def _stale(self, actors, cue_files, place_files) -> int:
        """Stored articles an older extractor (code, gazetteer, cues, places) extracted."""
        fingerprint = extractor_fingerprint(as_gazetteer(actors), cue_files, place_files)

        def count(manifest):
            if not manifest["index"]:
                return 0
            return int((self._parquet(manifest["index"], ["extractor"])["extractor"] != fingerprint).sum())
        return self._consistently(count)

    def needs_cluster(self, paths, files_per_shard: int = 20, actors=None, cue_files=(), place_files=()) -> bool:
        """More than one shard of files to read, or stored articles to re-extract."""
        return len(_files_to_read(self.manifest, paths)[2]) > files_per_shard or \
            self._stale(actors, cue_files, place_files) > 0

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
        with self._lock("a compaction"):
            manifest = self.manifest
            self._remove_unlisted(manifest)
            if not manifest["index"]:
                return report
            index = self._index(manifest)
            for table in TABLES:
                manifest["parts"][table] = self._compact_table(table, manifest, index, min_files, report)
            if report.months_rewritten:
                self._commit(manifest)
                self._remove_unlisted(manifest)
        report.seconds = time.perf_counter() - started
        return report

    def _compact_table(self, table: str, manifest: dict, index: pd.DataFrame, min_files: int,
                       report: "CompactReport") -> list[dict]:
        """The parts of `table` after compaction: months worth it rewritten as one file each."""
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
        return kept


class _Ingest:
    """One ingest's state: what is stored, what this run took, and the files and rows it wrote."""

    def __init__(self, store: Store, manifest: dict, report: IngestReport, extraction: tuple, client,
                 chunk_size: int, load_options: dict):
        self.store, self.manifest, self.report, self.client = store, manifest, report, client
        self.gazetteer, self.cues, self.places, self.fingerprint = extraction
        self.chunk_size = chunk_size
        self.dedupe = load_options.get("dedupe", True)
        self.load_options = {**load_options, "text_key": True}
        self.index = self._with_paths(store._index(manifest))
        self.known = dict(zip(self.index["article_id"].tolist(), self.index["content_hash"].tolist()))
        self.key_of = {a: k for a, k in zip(self.index["article_id"].tolist(), self.index["text_key"].tolist())
                       if isinstance(k, str)}
        self.owner_of = {k: a for a, k in self.key_of.items()}  # same-text key -> the article stored with it
        self.taken: dict[str, tuple[str, str | None]] = {}  # id -> (path, text key) of what this run took
        self.clashed_files: set[str] = set()
        self.superseded: set[str] = set()  # stored ids a changed one-article file now gives another id
        self._ids_by_path: dict[str, list[str]] | None = None
        self.new_parts: dict[str, list[dict]] = {t: [] for t in TABLES}
        self.fresh_rows: list[pd.DataFrame] = []
        self.load_report = LoadReport()

    def _with_paths(self, index: pd.DataFrame) -> pd.DataFrame:
        """The index with every article's file: read from the articles for stores from before."""
        if not index["path"].isna().any():
            return index
        paths = self.store._read("articles", ["path"], None, None, self.manifest, index)
        known = dict(zip(paths["article_id"].tolist(), paths["path"].tolist()))
        index = index.copy()
        index["path"] = [p if isinstance(p, str) else known.get(a)
                         for a, p in zip(index["article_id"].tolist(), index["path"].tolist())]
        return index

    def write(self, chunks: list[pd.DataFrame], with_articles: bool = True) -> None:
        store = self.store
        for chunk, tables in zip(chunks, store._extracted(chunks, self.gazetteer, self.cues, self.places,
                                                          self.fingerprint, self.client)):
            if with_articles:
                columns = [c for c in chunk.columns if c not in ("month", "text_key")]
                self.new_parts["articles"].extend(store._write_parts("articles", chunk[columns], chunk["month"]))
            for name, frame in tables.items():
                self.new_parts[name].extend(store._write_parts(name, frame.drop(columns="_month"), frame["_month"]))

    def _chunks(self, frame: pd.DataFrame) -> list[pd.DataFrame]:
        return [frame.iloc[b:b + self.chunk_size] for b in range(0, len(frame), self.chunk_size)]

    def read(self, to_read: list[str], files_per_shard: int) -> None:
        """New and changed articles of the files to read, shard by shard (a wave of shards on Dask)."""
        groups = [to_read[i:i + files_per_shard] for i in range(0, len(to_read), files_per_shard)]
        wave = max(1, 2 * len(self.client.scheduler_info()["workers"])) if self.client else 1
        for first in range(0, len(groups), wave):
            batch = groups[first:first + wave]
            loaded = (load_sharded(self.client, [f for group in batch for f in group],
                                   files_per_shard=files_per_shard, keep_repeats=True,
                                   **self.load_options)
                      if self.client else load_articles(batch[0], **self.load_options))
            self.load_report.absorb(loaded.attrs["load_report"])
            self.take(loaded)

    def take(self, loaded: pd.DataFrame) -> None:
        """Store what of one loaded shard is new or changed; drop and report what cannot be stored."""
        loaded = loaded.assign(content_hash=content_hash(loaded), month=_month(loaded["published"]))
        count = len(loaded)
        loaded = loaded[self.admit(loaded)]
        if self.dedupe:
            original = _not_copies(loaded, self.key_of, self.owner_of, self.load_report)
            self.report.copies += int((~original).sum())
            loaded = loaded[original]
        self.load_report.loaded -= count - len(loaded)
        self.report.loaded += len(loaded)
        is_new = ~_member(loaded["article_id"], self.known)
        stored_hash = pd.Series([self.known.get(i) for i in loaded["article_id"].tolist()], index=loaded.index)
        changed = ~is_new & (loaded["content_hash"] != stored_hash)
        fresh = loaded[is_new | changed]
        renamed = self._renamed(loaded[is_new])
        self.report.new += int(is_new.sum()) - renamed
        self.report.changed += int(changed.sum()) + renamed
        self.report.unchanged += int((~is_new & ~changed).sum())
        self.fresh_rows.append(fresh[["article_id", "content_hash", "month", "text_key", "path"]])
        self.write(self._chunks(fresh))

    def _renamed(self, new: pd.DataFrame) -> int:
        """New ids that are a stored article changed: a file that held one stored article and now
        gives one article under another id (a URL-less article whose title or opening was edited).
        The stored one is superseded; returns how many were."""
        if new.empty:
            return 0
        if self._ids_by_path is None:
            self._ids_by_path = {}
            for aid, path in zip(self.index["article_id"].tolist(), self.index["path"].tolist()):
                if isinstance(path, str):
                    self._ids_by_path.setdefault(path, []).append(aid)
        per_file = new["path"].value_counts()
        count = 0
        for aid, path in zip(new["article_id"].tolist(), new["path"].tolist()):
            stored = self._ids_by_path.get(path, [])
            if per_file[path] == 1 and len(stored) == 1 and stored[0] != aid and stored[0] not in self.taken:
                self.superseded.add(stored[0])
                count += 1
        return count

    def admit(self, loaded: pd.DataFrame) -> pd.Series:
        """False for a row the store cannot take under its id. A second row with an id this run
        took already is a duplicate if it has the first one's URL or title and text, else a clash;
        a URL-less article whose id a stored article from another file has, with other content,
        is a clash too (a change is the same URL, or the same file)."""
        stored_path = self._stored_paths_of_changed(loaded)
        keep = []
        for aid, url, path, key in zip(loaded["article_id"].tolist(), loaded["url"].tolist(),
                                       loaded["path"].tolist(), loaded["text_key"].tolist()):
            first = self.taken.get(aid)
            if first is not None:
                if url or (isinstance(key, str) and key == first[1]):
                    self.load_report.duplicates.append(Problem(path, f"duplicate of {first[0]} (same "
                                                                     f"{'URL' if url else 'title and text'})"))
                else:
                    self._clash(path, aid, first[0], "read")
                keep.append(False)
                continue
            other = stored_path.get(aid)
            if other is not None and other != path:
                self._clash(path, aid, other, "stored")
                keep.append(False)
                continue
            self.taken[aid] = (path, key)
            keep.append(True)
        return pd.Series(keep, index=loaded.index, dtype=bool)

    def _stored_paths_of_changed(self, loaded: pd.DataFrame) -> dict[str, str]:
        """id -> stored file, for the URL-less rows whose id is stored with other content."""
        stored = [self.known.get(i) for i in loaded["article_id"].tolist()]
        candidates = {aid for aid, url, old, new in zip(loaded["article_id"].tolist(), loaded["url"].tolist(),
                                                        stored, loaded["content_hash"].tolist())
                      if old is not None and old != new and not url}
        if not candidates:
            return {}
        rows = self.index[_member(self.index["article_id"], candidates)]
        return {a: p for a, p in zip(rows["article_id"].tolist(), rows["path"].tolist()) if isinstance(p, str)}

    def _clash(self, path: str, article_id: str, other: str, how: str) -> None:
        self.report.clashes += 1
        self.clashed_files.add(path.split("!", 1)[0])
        self.load_report.skipped.append(Problem(path, (
            f"not stored: a different article with the same id {article_id} (same source, day and "
            f"title, no URL) was {how} from {other}")))

    def re_extract(self) -> None:
        """Stored articles an older extractor extracted, extracted again a month at a time."""
        fresh_ids = self.fresh_ids()
        index = self.index
        self.stale = index[(index["extractor"] != self.fingerprint) & ~_member(index["article_id"], fresh_ids)]
        parts = self.manifest["parts"]["articles"]
        for month in sorted(set(self.stale["month"])):
            one_month = {**self.manifest, "parts": {**self.manifest["parts"],
                                                    "articles": [p for p in parts if p["month"] == month]}}
            stored = self.store._read("articles", None, None, None, one_month, index)
            stored = stored[_member(stored["article_id"], set(self.stale["article_id"]))]
            stored["published"] = pd.to_datetime(stored["published"], utc=True)
            stored["month"] = _month(stored["published"])
            self.write(self._chunks(stored), with_articles=False)  # the articles are stored already
            self.report.re_extracted += len(stored)

    def fresh_ids(self) -> set:
        return set().union(*(set(f["article_id"]) for f in self.fresh_rows)) if self.fresh_rows else set()

    def finish(self, to_read: list[str], stats: dict, categories: dict) -> None:
        """Write the new index and commit the manifest naming the new files; remove the old ones."""
        report, manifest, index, store = self.report, self.manifest, self.index, self.store
        report.load_summary = self.load_report.summary()
        report.load_report = self.load_report
        report.skipped = list(self.load_report.skipped)
        report.duplicates = list(self.load_report.duplicates)
        fresh_ids = self.fresh_ids()
        fresh_index = pd.concat(self.fresh_rows, ignore_index=True) if self.fresh_rows else \
            index.iloc[0:0][["article_id", "content_hash", "month", "text_key", "path"]]
        updated = pd.concat([index[~_member(index["article_id"], fresh_ids | self.superseded)],
                             fresh_index.assign(extractor=self.fingerprint)], ignore_index=True)
        updated.loc[_member(updated["article_id"], set(self.stale["article_id"])), "extractor"] = self.fingerprint
        if fresh_ids or len(self.stale) or manifest["extractor"] != self.fingerprint:
            index_file = f"index/index-{uuid.uuid4().hex}.parquet"
            (store.root / "index").mkdir(parents=True, exist_ok=True)
            pq.write_table(pa.Table.from_pandas(updated[list(INDEX_COLUMNS)].reset_index(drop=True),
                                                preserve_index=False), store.root / index_file)
            for table, parts in self.new_parts.items():
                manifest["parts"][table] += parts
            manifest["index"], manifest["extractor"] = index_file, self.fingerprint
        manifest.setdefault("files", {}).update(
            {f: stats[f] for f in to_read if stats[f] is not None and f not in self.clashed_files})
        if to_read or fresh_ids or len(self.stale) or manifest.get("categories") != categories:
            manifest["categories"] = categories
            store._commit(manifest)
            store._remove_unlisted(manifest)


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


def _files_to_read(manifest: dict, paths, problems: list | None = None) -> tuple[list[str], dict, list[str]]:
    """(every file, their signatures, the files new or changed since an earlier ingest); what
    cannot be read at all goes to `problems`."""
    seen = manifest.get("files", {})
    files = [f for shard in shards(paths, files_per_shard=1 << 30, problems=problems) for f in shard]
    stats = {f: _signature(f) for f in files}
    return files, stats, [f for f in files if stats[f] is None or seen.get(f) != stats[f]]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
