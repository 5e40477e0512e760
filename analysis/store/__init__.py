"""The corpus store: articles and what was extracted from them, as Parquet partitioned by month.

    data/store/
      manifest.json                      the truth: which files make up the store (replaced atomically)
      index/index-<id>.parquet           article_id, content_hash, month, extractor, text_key, path
      articles/month=2025-02/<id>.parquet
      mentions/month=2025-02/<id>.parquet   (also quotes/, milestones/)

Rows are keyed by `article_id` and a hash of the article's content; derived rows also by the
extractor fingerprint, so re-ingesting the same files adds nothing, a changed article replaces its
old version, and new extraction code or data re-extracts what was stored.

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

One job per module: `manifest` (the list of files, validated and committed), `parts` (the Parquet
files and the readers' protocol), `index` (the article index, content hashes, the dedupe and clash
policy), `plan` (which files to read, what is stale), `extract` (the call of the extractors),
`fingerprint` (what extraction's output follows), `engines` (pandas or Dask), `ingest` (named
steps), `compact`, `tables` (reading back in the schema's dtypes) and `corpus` (the Store).
"""
from .compact import CompactReport
from .corpus import WRITER_LOCK, Store, StoreLocked
from .extract import extract_chunk
from .fingerprint import extractor_fingerprint, extractor_sources
from .index import INDEX_COLUMNS, content_hash
from .ingest import IngestReport
from .manifest import DERIVED, MANIFEST, TABLES, StoreError, is_store
from .parts import READERS_LOCK
from .tables import empty_tables
from ..config import DEFAULT_STORE

__all__ = ["CompactReport", "DEFAULT_STORE", "DERIVED", "INDEX_COLUMNS", "IngestReport", "MANIFEST",
           "READERS_LOCK", "Store", "StoreError", "StoreLocked", "TABLES", "WRITER_LOCK", "content_hash",
           "empty_tables", "extract_chunk", "extractor_fingerprint", "extractor_sources", "is_store"]
