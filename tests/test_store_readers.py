"""Readers of a corpus store while a compaction or a re-extracting ingest replaces its files: every
read sees one committed state, never a file that vanished under it."""
import contextlib
import pathlib
import shutil
import threading
import time

import pytest

import analysis.store.parts
from analysis.gazetteer import load_gazetteer
from analysis.store import Store, StoreError

from conftest import SAMPLE, same_tables, store_snapshot


@pytest.fixture
def store(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE / "clippings", corpus)
    store = Store(tmp_path / "store")
    store.ingest(corpus, files_per_shard=4)  # several files per month for compaction to merge
    store.corpus = corpus
    return store


def _race(store, tmp_path, cycles: int):
    """A writer thread re-extracting everything (two gazetteers that find the same) and compacting,
    `cycles` times, while a reader thread reads every table in a loop. Returns (reads, failures)."""
    plain = tmp_path / "plain.yml"
    plain.write_text("actors: []\n")
    other = tmp_path / "other.yml"
    other.write_text("actors:\n  - {name: Nobody Anywhere, kind: person, side: Nowhere}\n")
    gazetteers = [load_gazetteer(other), load_gazetteer(plain)]
    expected = store_snapshot(store)
    done, reads, failures = threading.Event(), [], []

    def writer():
        try:
            for cycle in range(cycles):
                assert store.ingest(store.corpus, actors=gazetteers[cycle % 2]).re_extracted == 13
                assert store.compact().months_rewritten > 0
        except Exception as e:  # reported by the test
            failures.append(("writer", repr(e)))
        finally:
            done.set()

    def reader():
        while not done.is_set():
            try:
                seen = store_snapshot(Store(store.root))
            except Exception as e:
                failures.append(("reader", repr(e)))
                continue
            reads.append(same_tables(seen, expected))

    threads = [threading.Thread(target=writer), threading.Thread(target=reader)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return reads, failures


@pytest.mark.slow
def test_reads_during_compactions_and_re_extracting_ingests_all_succeed(store, tmp_path):
    reads, failures = _race(store, tmp_path, cycles=3)
    assert failures == [] and len(reads) >= 3 and all(reads)
    assert store.compact().files_after >= 0  # no reader left: the writer cleans up what it left
    listed = {p["file"] for parts in store.manifest["parts"].values() for p in parts} | {store.manifest["index"]}
    assert {str(p.relative_to(store.root)) for p in store.root.rglob("*.parquet")} == listed


@pytest.mark.slow
def test_without_the_readers_marker_readers_retry_on_the_new_manifest(store, tmp_path, monkeypatch):
    """A store readers cannot mark (read-only to them): writers remove files at once, under them."""
    @contextlib.contextmanager
    def no_marker(lock_file, wait=2.0):
        yield False

    @contextlib.contextmanager
    def always_alone(lock_file, wait=0.5):
        yield True

    monkeypatch.setattr(analysis.store.parts, "shared", no_marker)
    monkeypatch.setattr(analysis.store.parts, "unshared", always_alone)
    removed = []
    unlink = pathlib.Path.unlink
    monkeypatch.setattr(pathlib.Path, "unlink", lambda self, *a: (removed.append(self), unlink(self, *a)))
    reads, failures = _race(store, tmp_path, cycles=3)
    assert failures == [] and len(reads) >= 3 and all(reads)
    assert removed  # files really went away while the reader read


def test_a_writer_leaves_files_a_reader_may_need(store):
    before = {p for p in store.root.rglob("*.parquet")}
    with analysis.store.parts.shared(store.root / analysis.store.READERS_LOCK):  # a reader between manifest and files
        report = store.compact()
        assert report.months_rewritten > 0
        assert before <= set(store.root.rglob("*.parquet"))  # nothing removed under the reader
    after = store.manifest
    store.compact()  # nothing to rewrite, but no reader now: the superseded files go
    listed = {p["file"] for parts in after["parts"].values() for p in parts} | {after["index"]}
    assert {str(p.relative_to(store.root)) for p in store.root.rglob("*.parquet")} == listed


def test_a_file_missing_from_an_unchanged_manifest_is_a_damaged_store(store):
    part = store.manifest["parts"]["mentions"][0]["file"]
    (store.root / part).unlink()
    started = time.perf_counter()
    with pytest.raises(StoreError, match=f"{part}: named in .*manifest.json but missing; the store is damaged"):
        store.table("mentions")
    assert time.perf_counter() - started < 2  # no futile retries
    assert len(store.articles()) == 13  # the other tables still read
