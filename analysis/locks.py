"""Locks on shared resources (the reports folder, a corpus store), as `flock` on a lock file.

`exclusive` is the one-writer lock: the second taker refuses at once, told who holds it (what,
pid, since when), as the holder wrote it into the lock file. `shared` and `unshared` are the
corpus store's reader marker: readers hold it shared while they read, and a writer removes old
files only while it can hold it alone (see analysis/store/parts.py). An flock ends with its process,
so a killed holder never leaves a lock behind.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import time
from contextlib import contextmanager
from pathlib import Path


class Locked(RuntimeError):
    """Another process holds the lock; the message says who and what to do."""


def _holder_record(holder: str | None) -> str:
    since = dt.datetime.now().astimezone().isoformat(sep=" ", timespec="seconds")
    return json.dumps({"pid": os.getpid(), "holder": holder, "since": since}) if holder else f"pid {os.getpid()}"


def _refusal(busy: str, recorded: str) -> str:
    """The refused taker's message, from what the holder recorded (or an older plain 'pid N')."""
    try:
        record = json.loads(recorded)
        what, pid, since = record["holder"], record["pid"], record["since"]
    except (ValueError, TypeError, KeyError):
        return f"{busy} ({recorded.strip() or 'another process'}); try again when it ends"
    return f"{busy}: {what} is running (pid {pid} since {since}); try again when it ends"


@contextmanager
def exclusive(lock_file: Path, busy: str, holder: str | None = None):
    """Hold `lock_file` for the block, or raise Locked with the `busy` message and who holds it.

    `holder` says what takes the lock ("a compaction"): a refused taker is told "`busy`: a
    compaction is running (pid N since T)". Without it the holder records only its pid.
    """
    lock_file = Path(lock_file)
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    handle = open(lock_file, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        recorded = handle.read()
        handle.close()
        raise Locked(_refusal(busy, recorded)) from None
    handle.seek(0)
    handle.truncate()
    handle.write(_holder_record(holder))
    handle.flush()
    try:
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _open_marker(lock_file: Path):
    """The lock file opened for flock: created if it can be, else read-only; None if neither."""
    try:
        return open(lock_file, "a+")
    except OSError:
        try:
            return open(lock_file, "r")
        except OSError:
            return None


def _take(handle, mode: int, wait: float) -> bool:
    """flock `mode` without blocking, polling for up to `wait` seconds."""
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle, mode | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.005)
        except OSError:  # a file system without flock
            return False


@contextmanager
def _marker(lock_file: Path, mode: int, wait: float):
    """Hold `lock_file` in `mode` for the block if it can be had within `wait` seconds; yields
    whether it was taken (closing the file releases it)."""
    handle = _open_marker(Path(lock_file))
    taken = handle is not None and _take(handle, mode, wait)
    try:
        yield taken
    finally:
        if handle is not None:
            handle.close()


def shared(lock_file: Path, wait: float = 2.0):
    """Hold `lock_file` shared for the block (many holders at once); yields whether it was taken.

    Never blocks for long: when it cannot be had in `wait` seconds (or the file cannot be opened,
    as in a read-only folder) the block runs without it and the caller must cope.
    """
    return _marker(lock_file, fcntl.LOCK_SH, wait)


def unshared(lock_file: Path, wait: float = 0.5):
    """Hold `lock_file` alone for the block if no `shared` holder has it within `wait` seconds;
    yields whether it was taken (the caller skips what needs it otherwise)."""
    return _marker(lock_file, fcntl.LOCK_EX, wait)
