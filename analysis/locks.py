"""One lock file per shared resource (the reports folder, a corpus store): the second taker refuses."""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path


class Locked(RuntimeError):
    """Another process holds the lock; the message says who and what to do."""


@contextmanager
def exclusive(lock_file: Path, busy: str):
    """Hold `lock_file` for the block, or raise Locked with the `busy` message and the holder's pid."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    handle = open(lock_file, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise Locked(f"{busy} ({holder}); try again when it ends") from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}")
    handle.flush()
    try:
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()
