"""Readers of the exports of the research databases analysts use: Nexis Uni and LexisNexis (DOCX,
RTF, text), Factiva (RTF, HTML, text) and ProQuest (text). Each splits a multi-article file into its
articles and keeps the database's document id, so the same document exported twice is one article.

`load_articles` reads these files like any other (each is told by its content, not its name);
`read_export(path)` gives every field of each article, with `database`, `document_id`, `section`
and `length` (the word count the database gives).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pandas as pd

from ..decode import decode_bytes
from ..fields import build_row
from ..problems import FileProblem, LoadError, Problem, printable
from ..records import Record
from . import factiva, factiva_html, nexis, proquest
from .docx import word_paragraphs
from .parts import Part, numbered_lines
from .rtf import read_rtf_text
from .sniff import container_kind, text_kind

__all__ = ["read_export", "EXPORT_COLUMNS", "container_kind", "text_kind", "text_reader", "read_docx",
           "read_rtf"]

#: The columns of `read_export`: the articles table's fields and the export's own.
EXPORT_COLUMNS = ["article_id", "database", "document_id", "number", "title", "source", "published", "author",
                  "section", "length", "n_words", "dateline", "standfirst", "language", "document_url", "text",
                  "paragraphs", "path"]
_NAMES = {"nexis-uni": "Nexis Uni", "lexisnexis": "LexisNexis", "factiva": "Factiva", "factiva-html": "Factiva",
          "proquest": "ProQuest"}
_TEXT_READERS: dict[str, Callable[[str], Iterator[Part | FileProblem]]] = {
    "nexis-uni": nexis.read_uni_text, "lexisnexis": nexis.read_classic, "factiva": factiva.read_text,
    "factiva-html": factiva_html.read_html, "proquest": proquest.read_text,
}


def text_reader(text: str) -> Callable[[str], Iterator[Record | FileProblem]] | None:
    """The reader of a text or HTML export (its articles as Records), or None for any other text."""
    kind = text_kind(text)
    if kind is None:
        return None
    return lambda text: _records(_TEXT_READERS[kind](text), _NAMES[kind])


def read_docx(data: bytes) -> Iterator[Record | FileProblem]:
    return _records(docx_parts(data), "Nexis Uni")


def read_rtf(data: bytes) -> Iterator[Record | FileProblem]:
    return _records(rtf_parts(data), "RTF")


def docx_parts(data: bytes) -> Iterator[Part | FileProblem]:
    """The articles of a Nexis Uni Word export; FileProblem for any other Word document."""
    items, links = word_paragraphs(data)
    if not nexis.is_uni(items):
        raise FileProblem("a Word document, but not a Nexis Uni export (no 'Body' or 'End of Document' line)")
    return nexis.read_uni(items, links, ids=list(dict.fromkeys(links.values())))


def rtf_parts(data: bytes) -> list[Part | FileProblem]:
    """The articles of a Nexis or Factiva RTF export; the last is flagged when the file was cut."""
    rtf = read_rtf_text(data)
    kind = text_kind(rtf.text)
    if kind == "nexis-uni":
        parts = list(nexis.read_uni(numbered_lines(rtf.text), ids=rtf.ids))
    elif kind in ("lexisnexis", "factiva"):
        parts = list(_TEXT_READERS[kind](rtf.text))
    else:
        raise FileProblem("an RTF document, but not a Nexis or Factiva export (none of their layouts found)")
    last = next((p for p in reversed(parts) if isinstance(p, Part)), None)
    if rtf.truncated and last is not None:
        last.warnings.append("the RTF file ends before its last closing brace (cut short?): this article's "
                             "text may be incomplete")
    return parts


def export_parts(suffix: str, data: bytes, encoding: str | None = None) -> Iterable[Part | FileProblem]:
    """The articles of an export file of any kind; FileProblem when it is none."""
    kind = container_kind(suffix, data)
    if kind == "docx":
        return docx_parts(data)
    if kind == "rtf":
        return rtf_parts(data)
    text, _ = decode_bytes(data, encoding)
    found = text_kind(text)
    if found is None:
        raise FileProblem("not a Nexis, LexisNexis, Factiva or ProQuest export (none of their layouts found)")
    return _TEXT_READERS[found](text)


def _records(parts: Iterable[Part | FileProblem], name: str) -> Iterator[Record | FileProblem]:
    seen = 0
    for part in parts:
        seen += 1
        yield part if isinstance(part, FileProblem) else part.record()
    if not seen:
        raise FileProblem(f"no articles found in this {name} export")


def read_export(path: str | os.PathLike, *, encoding: str | None = None) -> pd.DataFrame:
    """Every article of one export file with all its fields (`EXPORT_COLUMNS`); the parts that could
    not be loaded and the warnings, each naming the article's number, are in `attrs["problems"]`.
    Raises LoadError when the file is no export or cannot be read."""
    from ..sources import read_file  # imported here: sources imports the formats, which import this

    name = printable(os.fspath(path))
    problems: list[Problem] = []
    rows = []
    try:
        for part in export_parts(Path(path).suffix.lower(), read_file(Path(path)), encoding):
            if isinstance(part, FileProblem):
                problems.append(Problem(name, part.reason, part.line, part.item))
                continue
            try:
                row, warnings = build_row(part.record(), path=name, base_url=None)
            except ValueError as e:
                problems.append(Problem(name, str(e), item=part.number))
                continue
            problems.extend(Problem(name, w, item=part.number) for w in warnings)
            rows.append(_export_row(part, row))
    except FileProblem as e:
        raise LoadError(Problem(name, e.reason, e.line, e.item)) from None
    except OSError as e:
        raise LoadError(Problem(name, f"cannot read: {e.strerror or e}")) from None
    frame = pd.DataFrame(rows, columns=EXPORT_COLUMNS)
    frame["published"] = pd.to_datetime(frame["published"], utc=True).astype("datetime64[ns, UTC]")
    frame["length"] = frame["length"].astype("Int64")
    frame["number"] = frame["number"].astype("int64")
    frame["n_words"] = frame["n_words"].astype("int64")
    frame.attrs["problems"] = problems
    return frame


def _export_row(part: Part, row) -> dict:
    return {"article_id": row.article_id, "database": part.database, "document_id": part.document_id,
            "number": part.number, "title": row.title, "source": row.source, "published": row.published,
            "author": row.author, "section": part.section, "length": part.length, "n_words": row.n_words,
            "dateline": row.dateline, "standfirst": row.standfirst, "language": part.language,
            "document_url": part.document_url, "text": row.text,
            "paragraphs": row.text.split("\n\n") if row.text else [], "path": row.path}
