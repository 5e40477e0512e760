"""Locks on shared resources: the writer lock says who holds it; readers share a marker."""
import os
import re

import pytest

from analysis.locks import Locked, exclusive, shared, unshared


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
