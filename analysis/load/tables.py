"""Record formats: CSV/TSV (with or without header), JSON, JSON Lines and Parquet."""
from __future__ import annotations

import csv
import io
import json
import sys

import pyarrow as pa
import pyarrow.parquet as pq

from .fields import field_for
from .problems import FileProblem

csv.field_size_limit(sys.maxsize)
_LIST_KEYS = ("articles", "items", "data", "results", "entries", "docs", "records", "posts",
              "stories", "documents", "response", "hits")


def _delimiter(text: str, suffix: str) -> str:
    if suffix in (".tsv", ".tab"):
        return "\t"
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
    except csv.Error:
        return ","


def _is_header(row: list[str], columns: dict | None) -> bool:
    names = [c for c in (columns or {}) if isinstance(c, str)]
    known = sum(1 for cell in row if cell in names or field_for(cell))
    return known >= 1 and all(len(cell) <= 60 for cell in row)


def read_delimited(text: str, *, suffix: str, columns: dict | None):
    """Yield (row record, line) for each data row; header detected by known column names."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""),
                        delimiter=_delimiter(text, suffix))
    try:
        first = next(reader, None)
        if first is None:
            raise FileProblem("empty file")
        positional = bool(columns) and all(isinstance(k, int) for k in columns)
        has_header = _is_header([c.strip() for c in first], columns)
        if positional:
            # Positions win over names; a header row, if present, is skipped.
            header, pending = None, [] if has_header else [(1, first)]
        elif has_header:
            header, pending = [c.strip() for c in first], []
        else:
            raise FileProblem("no header row with known column names (title, text, date, url, ...): "
                              "pass columns= to say which column is which", line=1)
        for number, cells in _chain(pending, reader):
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                yield dict(enumerate(cells)), number
            elif len(cells) > len(header):
                yield FileProblem(f"{len(cells)} fields where the header has {len(header)}", line=number)
            else:
                yield dict(zip(header, cells)), number
    except csv.Error as e:
        raise FileProblem(f"malformed CSV: {e}", line=reader.line_num) from None


def _chain(pending, reader):
    """The pending (line, cells) pairs, then each further row with the line it starts on."""
    yield from pending
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        yield start, cells


def _records_in(data) -> list | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in _LIST_KEYS:
            inner = data.get(key)
            if isinstance(inner, list):
                return inner
            if isinstance(inner, dict):
                found = _records_in(inner)
                if found is not None:
                    return found
        return [data]
    return None


def read_json(text: str):
    """Yield (record, item number) from a JSON array, an {"articles": [...]} wrapper or one object."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise FileProblem(f"invalid JSON: {e.msg}", line=e.lineno) from None
    records = _records_in(data)
    if records is None:
        raise FileProblem("JSON holds neither an object nor a list of objects")
    for number, item in enumerate(records, start=1):
        if isinstance(item, dict):
            yield item, number
        else:
            yield FileProblem(f"item {number} is a {type(item).__name__}, not an object")


def read_jsonl(text: str):
    """Yield (record, line) per JSON Lines line; a broken line is reported and the rest still load."""
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as e:
            yield FileProblem(f"invalid JSON: {e.msg} (column {e.colno})", line=number)
            continue
        if isinstance(item, dict):
            yield item, number
        else:
            yield FileProblem(f"line holds a {type(item).__name__}, not an object", line=number)


def read_parquet(data: bytes):
    """Yield (record, row number) from a Parquet file."""
    try:
        table = pq.read_table(io.BytesIO(data))
    except (pa.ArrowException, OSError, ValueError) as e:
        raise FileProblem(f"not a readable Parquet file: {e}") from None
    for number, row in enumerate(table.to_pylist(), start=1):
        yield row, number
