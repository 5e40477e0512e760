"""The store's writer lock says who holds it: an ingest or a compaction, its pid and since when."""
import os
import re
import shutil
import subprocess
import sys
import threading

import pytest

import analysis.store.compact
import analysis.store.ingest
from analysis.locks import Locked, exclusive, shared, unshared
from analysis.store import Store

from conftest import PROJECT_ROOT, SAMPLE


def test_exclusive_keeps_its_plain_form_and_names_a_described_holder(tmp_path):
    lock = tmp_path / "dir" / ".lock"
    with exclusive(lock, "another report run is in progress"):
        with pytest.raises(Locked, match=re.escape(f"another report run is in progress (pid {os.getpid()}); "
                                                   f"try again when it ends")):
            with exclusive(lock, "another report run is in progress"):
                pass
    with exclusive(lock, "busy", holder="a compaction"):
        with pytest.raises(Locked) as caught:
            with exclusive(lock, "data/store"):
                pass
    assert re.fullmatch(rf"data/store: a compaction is running \(pid {os.getpid()} since "
                        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d\d:\d\d\); try again when it ends", str(caught.value))
    lock.write_text("pid 12345")  # what an older version wrote, its holder gone: the lock is free
    with exclusive(lock, "busy", holder="an ingest"):
        assert '"holder": "an ingest"' in lock.read_text()


def test_readers_share_and_a_writer_waits_for_none(tmp_path):
    lock = tmp_path / ".readers.lock"
    with shared(lock) as one, shared(lock) as two:
        assert one and two  # many readers at once
        with unshared(lock, wait=0.05) as alone:
            assert not alone
    with unshared(lock) as alone:
        assert alone
        with shared(lock, wait=0.05) as reader:
            assert not reader  # gives up quickly and lets the caller cope
    with shared(tmp_path / "no-such-dir" / ".readers.lock") as marked:
        assert not marked  # a folder the reader cannot write: no marker, no error


def _cli_ingest(corpus, store):
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    return subprocess.run([sys.executable, "-m", "analysis", "ingest", str(corpus), "--store", str(store)],
                          capture_output=True, text=True, env=env, cwd=PROJECT_ROOT, timeout=120)


@pytest.mark.parametrize("writer, holder", [("compact", "a compaction"), ("ingest", "an ingest")])
def test_an_ingest_during_a_running_writer_is_told_which(tmp_path, monkeypatch, writer, holder):
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE / "clippings", corpus)
    store = Store(tmp_path / "store")
    store.ingest(corpus, files_per_shard=4)
    (corpus / "2025-02-18_riyadh-talks.txt").write_text("Talks resumed\n\nThe envoys met again on Friday.\n")
    inside, release = threading.Event(), threading.Event()
    slowed = "compact_table" if writer == "compact" else "re_extract"
    owner = analysis.store.compact if writer == "compact" else analysis.store.ingest.Ingest
    original = getattr(owner, slowed)

    def slow(*args, **kwargs):
        inside.set()
        release.wait(60)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, slowed, slow)
    run = threading.Thread(target=store.compact if writer == "compact" else lambda: store.ingest(corpus))
    run.start()
    try:
        assert inside.wait(60)
        result = _cli_ingest(corpus, store.root)
    finally:
        release.set()
        run.join(60)
    assert result.returncode == 3
    assert re.search(rf"{re.escape(str(store.root))}: {holder} is running \(pid {os.getpid()} since \d{{4}}-\d\d-\d\d ",
                     result.stderr), result.stderr
    assert _cli_ingest(corpus, store.root).returncode == 0  # and once it ended, the next one runs
