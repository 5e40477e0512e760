"""The input formats the loader reads, each registered once with its extensions and its reader.

Every format is one `register(...)` call: its name, file extensions, other names a user may
give it, whether its records are numbered by line or by item, whether its records go through
column mapping, and a reader `(source, data, encoding, columns) -> iterable of Record` (or of
(fields, number) pairs) or `FileProblem` items (a reader may also raise `FileProblem` for the whole file).

The exports of the news databases (Nexis, Factiva, ProQuest) are not formats of their own: they are
told by their content, a text or HTML export by the text and HTML readers, a Word or RTF export by
`container_format` before the extension is looked at (see `exports`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from . import exports
from .clippings import parse_clipping
from .decode import binary_kind, decode_bytes
from .feeds import read_feed
from .html import read_html
from .markdown import read_markdown
from .problems import FileProblem
from .records import Record
from .tables import read_delimited, read_json, read_jsonl, read_parquet

if TYPE_CHECKING:
    from .sources import Source

Reader = Callable[["Source", bytes, "str | None", "dict | None"], Iterable]


@dataclass(frozen=True)
class Format:
    """One input format: how files of it are recognised, numbered, mapped and read."""

    name: str
    extensions: tuple[str, ...]
    read: Reader
    by_line: bool = False  # records numbered by line in the file, else by item
    mapped: bool = True  # records go through `map_columns`
    aliases: tuple[str, ...] = ()


class FormatRegistry:
    """The formats by name, extension and alias; registration order is the order users see."""

    def __init__(self) -> None:
        self._formats: dict[str, Format] = {}
        self._extensions: dict[str, str] = {}
        self._aliases: dict[str, str] = {}

    def register(self, name: str, read: Reader, *, extensions: Iterable[str] = (), by_line: bool = False,
                 mapped: bool = True, aliases: Iterable[str] = ()) -> Format:
        """Add a format; a name, extension or alias already taken by another format is refused."""
        fmt = Format(name, tuple(e.lower() for e in extensions), read, by_line, mapped,
                     tuple(a.lower() for a in aliases))
        taken = [k for k in (name, *fmt.aliases) if k in self._formats or k in self._aliases]
        taken += [e for e in fmt.extensions if e in self._extensions]
        if taken:
            raise ValueError(f"format {name!r}: already registered: {', '.join(taken)}")
        self._formats[name] = fmt
        self._extensions.update(dict.fromkeys(fmt.extensions, name))
        self._aliases.update(dict.fromkeys(fmt.aliases, name))
        return fmt

    def unregister(self, name: str) -> None:
        """Remove a format with its extensions and aliases (for formats added by a caller)."""
        fmt = self._formats.pop(name)
        for ext in fmt.extensions:
            del self._extensions[ext]
        for alias in fmt.aliases:
            del self._aliases[alias]

    def names(self) -> tuple[str, ...]:
        return tuple(self._formats)

    def get(self, name: str) -> Format:
        return self._formats[name]

    def resolve(self, key: str) -> str | None:
        """The format named `key` or one of its aliases, else None."""
        key = self._aliases.get(key, key)
        return key if key in self._formats else None

    def for_extension(self, suffix: str) -> str | None:
        return self._extensions.get(suffix)


def _whole_file(parse: Callable[[str], Record]) -> Reader:
    """A reader for formats whose decoded text is one article."""
    def read(source, data, encoding, columns):
        text, _ = decode_bytes(data, encoding)
        return [parse(text)]
    return read


def _text(source, data, encoding, columns):
    """A clipping, or the articles of a database export saved as text (told by its layout)."""
    text, _ = decode_bytes(data, encoding)
    read = exports.text_reader(text)
    return read(text) if read else [parse_clipping(text)]


def _html(source, data, encoding, columns):
    """A web page, or the articles of a Factiva export saved as HTML (told by its markup)."""
    text, _ = decode_bytes(data, encoding)
    read = exports.text_reader(text)
    return read(text) if read else [read_html(text)]


#: The readers of Word and RTF files: each such file is an export of one of the databases, or refused.
_CONTAINERS = {
    "docx": Format("docx", (".docx",), lambda source, data, encoding, columns: exports.read_docx(data),
                   mapped=False),
    "rtf": Format("rtf", (".rtf",), lambda source, data, encoding, columns: exports.read_rtf(data),
                  mapped=False),
}


def container_format(source: "Source", data: bytes, forced: str | None) -> Format | None:
    """The reader of a Word (.docx) or RTF file, told by its first bytes or, failing them, its
    extension; None for any other file, and when the user forced a format other than text or HTML."""
    if forced not in (None, "text", "html"):
        return None
    kind = exports.container_kind(source.suffix, data)
    return _CONTAINERS[kind] if kind else None


def _delimited(suffix: str | None) -> Reader:
    """A CSV/TSV reader; `suffix=None` takes the delimiter hint from the file's own extension."""
    def read(source, data, encoding, columns):
        text, _ = decode_bytes(data, encoding)
        return read_delimited(text, suffix=suffix or source.suffix, columns=columns)
    return read


def _decoded(read_text: Callable[[str], Iterable]) -> Reader:
    def read(source, data, encoding, columns):
        return read_text(decode_bytes(data, encoding)[0])
    return read


def _feed(source, data, encoding, columns):
    decode_bytes(data, encoding)  # refuse empty, binary and undecodable files the same way
    return read_feed(data)


def _parquet(source, data, encoding, columns):
    kind = binary_kind(data)
    if not data.strip():
        raise FileProblem("empty file")
    if kind != "Parquet file":
        raise FileProblem(f"not a Parquet file ({kind or 'text'})")
    return read_parquet(data)


def _builtin() -> FormatRegistry:
    registry = FormatRegistry()
    registry.register("text", _text, extensions=(".txt", ".text"), mapped=False,
                      aliases=("txt", "clipping", "clippings"))
    registry.register("markdown", _whole_file(read_markdown), extensions=(".md", ".markdown"), aliases=("md",))
    registry.register("html", _html, extensions=(".html", ".htm", ".xhtml"), mapped=False, aliases=("htm",))
    registry.register("json", _decoded(read_json), extensions=(".json",))
    registry.register("jsonl", _decoded(read_jsonl), extensions=(".jsonl", ".ndjson"), by_line=True,
                      aliases=("ndjson", "json-lines", "jsonlines"))
    registry.register("csv", _delimited(None), extensions=(".csv",), by_line=True)
    registry.register("tsv", _delimited(".tsv"), extensions=(".tsv", ".tab"), by_line=True)
    registry.register("feed", _feed, extensions=(".rss", ".atom", ".xml"), mapped=False,
                      aliases=("rss", "atom", "xml"))
    registry.register("parquet", _parquet, extensions=(".parquet", ".pq"), aliases=("pq",))
    return registry


#: Every format the loader reads; `formats.register(...)` adds one.
formats = _builtin()
#: The built-in format names, in the order users see them.
FORMATS = formats.names()
