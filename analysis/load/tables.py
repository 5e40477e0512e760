"""Record formats: CSV/TSV (with or without header), JSON, JSON Lines and Parquet."""
from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import json
import re
from contextlib import contextmanager

import pyarrow as pa
import pyarrow.parquet as pq

from .fields import field_for
from .problems import TOO_DEEP, FileProblem
from .records import Record

_CUT = re.compile(r"\s*…?\s*\[\+(\d[\d,]*) chars\]\s*$")  # NewsAPI's end of a cut text
_LIST_KEYS = ("articles", "items", "data", "results", "entries", "docs", "records", "posts",
              "stories", "documents", "response", "hits")


def _delimiter(text: str, suffix: str) -> str:
    if suffix in (".tsv", ".tab"):
        return "\t"
    sample = "\n".join(text[:65536].splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
    except csv.Error:
        return ","


def _is_header(row: list[str], columns: dict | None) -> bool:
    names = [c for c in (columns or {}) if isinstance(c, str)]
    known = sum(1 for cell in row if cell in names or field_for(cell))
    return known >= 1 and all(len(cell) <= 60 for cell in row)


@contextmanager
def _field_limit(longest: int):
    """Let the csv module read fields up to `longest` characters while a file is read, then put its
    (process-wide) limit back; small files leave it alone."""
    before = csv.field_size_limit()
    if longest <= before:
        yield
        return
    csv.field_size_limit(longest)
    try:
        yield
    finally:
        csv.field_size_limit(before)


def read_delimited(text: str, *, suffix: str, columns: dict | None):
    """Yield a Record (numbered by line) for each data row; header detected by known column names.

    A quote that is never closed would swallow every row after it into one field: that record is
    reported at the line where its quote opens, and reading resumes on the next line.
    """
    with _field_limit(len(text) + 1):
        rows = _Rows(text.lstrip("\ufeff"), _delimiter(text, suffix))
        first = next(rows, None)
        if first is None:
            raise FileProblem("empty file")
        if isinstance(first, FileProblem):
            raise first
        positional = bool(columns) and all(isinstance(k, int) for k in columns)
        has_header = _is_header([c.strip() for c in first[1]], columns)
        if positional:
            # Positions win over names; a header row, if present, is skipped.
            header, pending = None, [] if has_header else [first]
        elif has_header:
            header, pending = [c.strip() for c in first[1]], []
        else:
            raise FileProblem("no header row with known column names (title, text, date, url, ...): "
                              "pass columns= to say which column is which", line=1)
        for found in itertools.chain(pending, rows):
            if isinstance(found, FileProblem):
                yield found
                continue
            number, cells = found
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                yield Record(dict(enumerate(cells)), number)
            elif len(cells) > len(header):
                yield FileProblem(f"{len(cells)} fields where the header has {len(header)}", line=number)
            else:
                yield Record(dict(zip(header, cells)), number)


class _Rows:
    """(line, cells) for each CSV record, with the line it starts on; a record whose quoting is
    broken (a quote never closed, or closed in the wrong place) comes out as a FileProblem, and the
    lines after its first are read again as records of their own."""

    def __init__(self, text: str, delimiter: str):
        self._lines = io.StringIO(text, newline="")  # the physical lines, as the csv module splits them
        self._pending: list[str] = []  # lines to read again after a broken record
        self._delimiter = delimiter
        self._line = 0  # physical lines handed to the csv reader so far
        self._taken: list[str] = []
        self._reader = csv.reader(self._feed(), delimiter=delimiter)

    def _feed(self):
        while True:
            line = self._pending.pop() if self._pending else self._lines.readline()
            if not line:
                return
            self._line += 1
            self._taken.append(line)
            yield line

    def __iter__(self):
        return self

    def __next__(self):
        start, self._taken = self._line + 1, []
        try:
            cells = next(self._reader)
        except csv.Error as e:
            return self._broken(start, f"malformed CSV: {e}")
        if len(self._taken) > 1 or not self._taken[-1].endswith(("\n", "\r")):
            try:
                list(csv.reader(self._taken, delimiter=self._delimiter, strict=True))
            except csv.Error:
                return self._broken(start, None)
        return start, cells

    def _broken(self, start: int, reason: str | None) -> FileProblem:
        """Report the record that starts on line `start` and read its other lines again."""
        taken, end = self._taken, self._line
        self._pending.extend(reversed(taken[1:]))
        self._line = start
        self._reader = csv.reader(self._feed(), delimiter=self._delimiter)
        if reason is None:
            spread = f" (it ran on to line {end})" if end > start else ""
            reason = (f"unterminated or misplaced quote: the quoted field opened on this line is not "
                      f"closed where a field ends{spread}; this record is skipped, the lines after it are read")
        return FileProblem(reason, line=start)


def _records_in(data) -> list | None:
    """The records in parsed JSON: a list itself, else the first list or object under a known key
    (followed level by level without recursion), else the object as the one record."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        return None
    current = data
    while True:
        for key in _LIST_KEYS:
            inner = current.get(key)
            if isinstance(inner, list):
                return inner
            if isinstance(inner, dict):
                current = inner
                break
        else:
            return [current]


def read_json(text: str):
    """Yield a Record (numbered by item) from a JSON array, an {"articles": [...]} wrapper or one object."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise FileProblem(f"invalid JSON: {e.msg}", line=e.lineno) from None
    except RecursionError:
        raise FileProblem(TOO_DEEP) from None
    records = _records_in(data)
    if records is None:
        raise FileProblem("JSON holds neither an object nor a list of objects")
    for number, item in enumerate(records, start=1):
        if isinstance(item, dict):
            yield _uncut(Record(item, number))
        else:
            yield FileProblem(f"item {number} is a {type(item).__name__}, not an object")


def _uncut(record: Record) -> Record:
    """NewsAPI's `content` is the text's first 200 characters or so, ending '… [+1234 chars]': not the
    text. What there is becomes the standfirst (when the item has no description), with a warning."""
    content = record.fields.get("content")
    cut = _CUT.search(content) if isinstance(content, str) else None
    if cut is None:
        return record
    fields = {k: v for k, v in record.fields.items() if k != "content"}
    if not str(fields.get("description") or "").strip():
        fields["description"] = content[: cut.start()].rstrip(" …")
    warning = (f"the text is cut ({cut.group(1)} more characters at the source): this is a search "
               f"result, not the article; collect its URLs for the full text")
    return dataclasses.replace(record, fields=fields, warnings=[*record.warnings, warning])


def read_jsonl(text: str):
    """Yield a Record (numbered by line) per JSON Lines line; a broken line is reported and the rest still load."""
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as e:
            yield FileProblem(f"invalid JSON: {e.msg} (column {e.colno})", line=number)
            continue
        except RecursionError:
            yield FileProblem(TOO_DEEP, line=number)
            continue
        if isinstance(item, dict):
            yield Record(item, number)
        else:
            yield FileProblem(f"line holds a {type(item).__name__}, not an object", line=number)


def read_parquet(data: bytes):
    """Yield a Record (numbered by row) from a Parquet file."""
    try:
        table = pq.read_table(io.BytesIO(data))
    except (pa.ArrowException, OSError, ValueError) as e:
        raise FileProblem(f"not a readable Parquet file: {e}") from None
    for number, row in enumerate(table.to_pylist(), start=1):
        yield Record(row, number)
