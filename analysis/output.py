"""Writing tables from the CLI: CSV, JSON Lines or Parquet, to a file (atomically) or standard output."""
from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

TABLE_FORMATS = ("csv", "jsonl", "parquet")
_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
             ".parquet": "parquet", ".pq": "parquet"}


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
        raise ValueError("--format parquet writes binary data: give -o FILE or redirect stdout")
    _write_bytes(table_bytes(frame, fmt), output)


def write_text(text: str, output: str | None = None) -> None:
    """Write text (UTF-8) to `output` atomically, or to standard output."""
    _write_bytes(text.encode("utf-8"), output)


def _write_bytes(data: bytes, output: str | None) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = Path(output)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
