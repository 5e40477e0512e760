"""Writing tables from the CLI: CSV, JSON Lines or Parquet, to a file (atomically) or standard output."""
from __future__ import annotations

import argparse
import glob
import io
import json
import os
import re
import secrets
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

TABLE_FORMATS = ("csv", "jsonl", "parquet")
STALE_PART_SECONDS = 3600  # a temporary file this old is left over, whoever wrote it

_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
             ".parquet": "parquet", ".pq": "parquet"}


class OutputError(ValueError):
    """The output cannot be written where it was asked for (a folder, a missing parent, no permission)."""


def add_output_options(parser: argparse.ArgumentParser, extra_formats: tuple[str, ...] = ()) -> None:
    """The two options every table-writing command shares."""
    default = extra_formats[0] if extra_formats else "jsonl"
    parser.add_argument("--format", choices=TABLE_FORMATS + extra_formats, default=None,
                        help=f"output format (default: from the -o extension, else {default})")
    parser.add_argument("-o", "--output", metavar="FILE", default=None,
                        help="write here instead of standard output (replaced only when complete)")


def _iso(value) -> str | None:
    """ISO 8601: UTC instants end in Z; calendar dates (naive midnight) are written as dates."""
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp) and value.tzinfo is None and value == value.normalize():
        return value.date().isoformat()
    return value.isoformat().replace("+00:00", "Z")


def _jsonable(value):
    if isinstance(value, pd.Timestamp):
        return _iso(value)
    if isinstance(value, np.ndarray):
        return [_jsonable(v) for v in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if value is pd.NaT or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    return value


def table_bytes(frame: pd.DataFrame, fmt: str) -> bytes:
    """The table serialised: dates as ISO 8601 UTC strings in CSV and JSON Lines."""
    if fmt == "parquet":
        buffer = io.BytesIO()
        plain = frame.copy(deep=False)
        plain.attrs = {}  # pandas would try to store attrs (the load report) as Parquet metadata
        plain.to_parquet(buffer, index=False)
        return buffer.getvalue()
    if fmt == "jsonl":
        lines = (json.dumps({k: _jsonable(v) for k, v in row.items()}, ensure_ascii=False)
                 for row in frame.to_dict(orient="records"))
        return "".join(line + "\n" for line in lines).encode("utf-8")
    flat = frame.copy()
    for column in flat.columns:
        if isinstance(flat[column].dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(flat[column]):
            flat[column] = flat[column].map(_iso)
        elif flat[column].dtype == object:
            flat[column] = flat[column].map(
                lambda v: json.dumps(_jsonable(v), ensure_ascii=False)
                if isinstance(v, (list, tuple, np.ndarray)) else v)
    return flat.to_csv(index=False).encode("utf-8")


def resolve_format(fmt: str | None, output: str | None) -> str:
    if fmt:
        return fmt
    if output:
        return _SUFFIXES.get(Path(output).suffix.lower(), "jsonl")
    return "jsonl"


def write_table(frame: pd.DataFrame, fmt: str | None = None, output: str | None = None) -> None:
    """Write to `output` via a temporary file in the same folder, or to standard output."""
    fmt = resolve_format(fmt, output)
    if output is None and fmt == "parquet" and sys.stdout.isatty():
        raise OutputError("--format parquet writes binary data: give -o FILE or redirect stdout")
    _write_bytes(table_bytes(frame, fmt), output)


def write_text(text: str, output: str | None = None) -> None:
    """Write text (UTF-8) to `output` atomically, or to standard output."""
    _write_bytes(text.encode("utf-8"), output)


def _write_bytes(data: bytes, output: str | None) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_atomic(Path(output), data)


def _pid_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return pid > 0  # another user's process, or a number no process can have
    return True


def remove_stale_parts(target: Path, now: float | None = None) -> list[Path]:
    """Remove the temporary `.NAME.<pid>-<token>.part` files an interrupted write of `target` left:
    those whose writer (a process of this machine) no longer runs, and any older than an hour
    (an unknown writer: no write takes that long, the data is ready before the file is opened)."""
    pattern = re.compile(re.escape(f".{target.name}.") + r"(?:(\d+)-)?[A-Za-z0-9_-]+\.part")
    now = time.time() if now is None else now
    removed = []
    for part in target.parent.glob(f".{glob.escape(target.name)}.*.part"):
        match = pattern.fullmatch(part.name)
        if not match:
            continue
        try:
            age = now - part.lstat().st_mtime
        except OSError:
            continue
        writer = int(match.group(1)) if match.group(1) else None
        if age > STALE_PART_SECONDS or (writer is not None and not _pid_running(writer)):
            part.unlink(missing_ok=True)
            removed.append(part)
    return removed


def _open_part(target: Path) -> tuple[int, Path]:
    """A new temporary file beside `target`, created with the umask's permissions (like any file the
    user writes, unlike mkstemp's 0600), its name carrying our pid so a later run can tell it is stale."""
    while True:
        part = target.parent / f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.part"
        try:
            return os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), part
        except FileExistsError:
            continue


def write_atomic(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file renamed over it: readers see the old file or
    the new one, never half of it. Leftovers of earlier interrupted writes are removed first."""
    target = Path(target)
    if target.is_dir():
        raise OutputError(f"{target}: is a folder; give a file name")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_parts(target)
        fd, part = _open_part(target)
    except OSError as e:
        raise OutputError(f"{target}: cannot write here: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
