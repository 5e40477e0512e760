"""Load news articles from files of many formats into the articles table (see DESIGN.md)."""
from __future__ import annotations

from typing import Iterator

import pandas as pd

from ..config import ARTICLE_COLUMNS
from .fields import (build_row, content_key, document_key, empty_articles, map_columns, unique_ids,
                     validate_columns)
from .formats import FORMATS, Format, container_format, formats
from .problems import TOO_DEEP, FileProblem, LoadError, LoadReport, Problem, printable
from .records import ArticleRow, Record, as_record
from .sources import Source, format_for, iter_sources, normalise_format

__all__ = ["is_stray", "load_articles", "LoadReport", "LoadError", "Problem", "Record", "FORMATS", "formats"]


def _records(source: Source, data: bytes, fmt: Format, encoding: str | None, columns: dict | None
             ) -> Iterator[Record | FileProblem]:
    """Raw records of one source, each field-mapped, with its line or item number."""
    for item in fmt.read(source, data, encoding, columns):
        if isinstance(item, FileProblem):
            yield item
            continue
        record = as_record(item)
        if fmt.mapped:
            record = Record(map_columns(record.fields, columns), record.number, record.paragraphs,
                            record.warnings)
        yield record


def load_articles(paths, *, format: str | None = None, encoding: str | None = None,
                  columns=None, strict: bool = False, base_url: str | None = None,
                  dedupe: bool = True, progress: bool = False, text_key: bool = False) -> pd.DataFrame:
    """Load articles from files, directories, globs or zips into the articles table.

    Unreadable files and records are skipped and listed, with path, line and reason, in the
    `LoadReport` at `result.attrs["load_report"]`; `strict=True` raises `LoadError` on the first.
    `columns` maps raw column names (or 0-based positions, for header-less CSV) to article fields;
    relative links are resolved against `base_url`; duplicates (same URL, or same normalised
    title and text) are dropped and counted unless `dedupe=False`. With `text_key=True` a
    `text_key` column holds each article's same-text key (digest of the normalised title and
    body), which the corpus store keeps to recognise a copy under another URL in a later ingest,
    and a `by_document` column says which ids come from a database's document id (as stable as a URL).
    Every `article_id` in the result is unique, also with `dedupe=False`.
    """
    fmt = normalise_format(format)
    columns = validate_columns(columns)
    report = LoadReport()

    def problem(path: str, reason: str, line: int | None = None, item: int | None = None):
        found = Problem(printable(path), reason, line, item)
        if strict:
            raise LoadError(found)
        report.skipped.append(found)

    sources = iter_sources(paths, on_missing=problem, on_ignored=lambda name: report.ignored.append(printable(name)))
    if progress:
        from tqdm.auto import tqdm
        sources = tqdm(sources, unit="file", desc="loading", leave=False)
    rows: list[ArticleRow] = []
    documents: set[str] = set()  # the ids made from a database's document id (Factiva AN, ProQuest ID...)
    options = {"fmt": fmt, "encoding": encoding, "columns": columns, "base_url": base_url}
    for source in sources:
        report.files += 1
        rows.extend(_load_source(source, options, problem, report, documents))
    if dedupe:
        rows = _drop_duplicates(rows, report, documents)
    by_document = [r.article_id in documents for r in rows]
    for row, unique in zip(rows, unique_ids([r.article_id for r in rows], [r.path for r in rows])):
        row.article_id = unique
    frame = _frame(rows, report)
    if text_key:
        # the key of each row as it was first read (dedupe keys them before filling a row from its copies)
        keys = [r.text_key for r in rows] if dedupe else [content_key(r.title, r.standfirst, r.text) for r in rows]
        frame["text_key"] = pd.Series(keys, index=frame.index, dtype="object")
        frame["by_document"] = pd.Series(by_document, index=frame.index, dtype=bool)
    return frame


def is_stray(source: Source) -> bool:
    """Whether the loader would skip a file found in a directory walk as no article file ("unsupported
    file type"): no extension it knows, and content of no format but plain text (a script, a note)."""
    if not source.listed or "!" in source.name or formats.for_extension(source.suffix) is not None:
        return False
    try:
        with open(source.name, "rb") as stream:
            head = stream.read(4096)
    except OSError:
        return False  # the load says why it cannot be read
    return container_format(source, head, None) is None and format_for(source, head) is None


def _load_source(source: Source, options: dict, problem, report: LoadReport, documents: set[str]
                 ) -> list[ArticleRow]:
    """The rows of one file or zip member; what cannot be read is passed to `problem` with its reason.
    The ids of rows made from a database's document id are added to `documents`."""
    shown = printable(source.name)
    rows: list[ArticleRow] = []
    try:
        data = source.read()
        reader = container_format(source, data, options["fmt"])  # a Word or RTF export, by content
        if reader is None:
            source_fmt = options["fmt"] or format_for(source, data[:4096])
            if source_fmt is None:
                raise FileProblem(f"unsupported file type '{source.suffix}'")
            reader = formats.get(source_fmt)
        seen = 0
        for record in _records(source, data, reader, options["encoding"], options["columns"]):
            seen += 1
            if isinstance(record, FileProblem):
                problem(shown, record.reason, record.line, record.item)
                continue
            where = {"line": record.number} if reader.by_line else {"item": record.number}
            try:
                row, warnings = build_row(record, path=shown, base_url=options["base_url"])
            except ValueError as e:
                problem(shown, str(e), **where)
                continue
            except RecursionError:
                problem(shown, TOO_DEEP, **where)
                continue
            report.warnings.extend(Problem(shown, w, **where) for w in warnings)
            if not row.url and document_key(record.fields):
                documents.add(row.article_id)
            row.where = where
            rows.append(row)
        if not seen:
            raise FileProblem(f"no articles in this {reader.name} file")
    except FileProblem as e:
        problem(shown, e.reason, e.line, e.item)
    except RecursionError:
        problem(shown, TOO_DEEP)
    except OSError as e:
        problem(shown, f"cannot read: {e.strerror or e}")
    return rows


def _frame(rows: list[ArticleRow], report: LoadReport) -> pd.DataFrame:
    report.loaded = len(rows)
    frame = pd.DataFrame({c: [getattr(r, c) for r in rows] for c in ARTICLE_COLUMNS}) if rows \
        else empty_articles(ARTICLE_COLUMNS)
    frame["published"] = pd.to_datetime(frame["published"], utc=True).astype("datetime64[ns, UTC]")
    frame["n_words"] = frame["n_words"].astype("int64")
    frame.attrs["load_report"] = report
    return frame


def _drop_duplicates(rows: list[ArticleRow], report: LoadReport, documents: set[str]) -> list[ArticleRow]:
    """Keep the first of each URL, of each database document id and of each normalised title+text;
    count the rest.

    What the kept copy lacks is taken from the dropped one (a feed item's missing dateline,
    the full text of a saved page where the feed had only a summary).
    """
    seen_url: dict[str, ArticleRow] = {}
    seen_document: dict[str, ArticleRow] = {}
    seen_content: dict[str, ArticleRow] = {}
    kept = []
    for row in rows:
        key = row.text_key = content_key(row.title, row.standfirst, row.text)
        first = seen_url.get(row.url) if row.url else None
        why = "same URL"
        document = row.article_id if row.article_id in documents else None
        if first is None and document:
            first, why = seen_document.get(document), "same document id"
        if first is None and key:
            first, why = seen_content.get(key), "same title and text"
        if first is not None:
            where = Problem(first.path, "", **first.where).where
            report.duplicates.append(Problem(row.path, f"duplicate of {where} ({why})", **row.where))
            _fill_from(first, row)
            continue
        for seen, value in ((seen_url, row.url), (seen_document, document), (seen_content, key)):
            if value:
                seen[value] = row
        kept.append(row)
    return kept


def _fill_from(kept: ArticleRow, duplicate: ArticleRow) -> None:
    for field in ("standfirst", "source", "author", "dateline", "url"):
        if not getattr(kept, field) and getattr(duplicate, field):
            setattr(kept, field, getattr(duplicate, field))
    if kept.published is None and duplicate.published is not None:
        kept.published = duplicate.published
    if duplicate.n_words > kept.n_words:
        kept.text, kept.n_words = duplicate.text, duplicate.n_words
