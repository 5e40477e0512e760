"""Where articles come from: files, directories (recursive), globs, zip archives; and which format each is."""
from __future__ import annotations

import glob
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

FORMATS = ("text", "markdown", "html", "json", "jsonl", "csv", "tsv", "feed", "parquet")
_ALIASES = {"txt": "text", "clipping": "text", "clippings": "text", "md": "markdown",
            "htm": "html", "ndjson": "jsonl", "json-lines": "jsonl", "jsonlines": "jsonl",
            "rss": "feed", "atom": "feed", "xml": "feed", "pq": "parquet"}
_EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
    ".htm": "html", ".xhtml": "html", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".parquet": "parquet", ".pq": "parquet",
}
_IGNORED_NAMES = ("readme", "license", "licence", "changelog", "contributing")
_IGNORED_DIRS = {"__pycache__", ".ipynb_checkpoints", "__MACOSX", ".git"}


@dataclass(frozen=True)
class Source:
    """One readable unit: a file on disk or a member of a zip archive."""

    name: str
    suffix: str
    read: Callable[[], bytes]
    listed: bool  # found by walking a directory or archive rather than named by the user


def normalise_format(fmt: str | None) -> str | None:
    """Check a user's `format=`; raises ValueError naming the choices."""
    if fmt is None:
        return None
    key = fmt.lower().lstrip(".")
    key = _ALIASES.get(key, key)
    if key not in FORMATS:
        raise ValueError(f"format={fmt!r} is not supported; use one of {', '.join(FORMATS)}")
    return key


def format_for(source: Source, head: bytes) -> str | None:
    """The format from the file extension, else from the first bytes of content.

    A file found in a directory walk with an unknown extension is only read when its content
    shows a structured format; plain text there is more likely a stray file than a clipping.
    """
    if source.suffix in _EXTENSIONS:
        return _EXTENSIONS[source.suffix]
    sniffed = sniff_format(head)
    if source.listed and source.suffix and sniffed == "text":
        return None
    return sniffed


def sniff_format(head: bytes) -> str | None:
    if head.startswith(b"PAR1"):
        return "parquet"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if not start:
        return None
    if start.startswith(b"<?xml") or start.startswith(b"<rss") or start.startswith(b"<feed") \
            or start.startswith(b"<rdf"):
        return "feed" if any(t in start for t in (b"<rss", b"<feed", b"<rdf")) else "html"
    if start.startswith(b"<!doctype html") or start.startswith(b"<html"):
        return "html"
    if start.startswith(b"---"):
        return "markdown"
    if start.startswith(b"["):
        return "json"
    if start.startswith(b"{"):
        lines = [ln for ln in head.splitlines() if ln.strip()]
        return "jsonl" if len(lines) > 1 and lines[0].rstrip().endswith(b"}") else "json"
    return "text"


def _ignored(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return base.startswith(".") or base.lower().startswith(_IGNORED_NAMES)


def _file_source(path: Path, name: str, listed: bool) -> Source:
    return Source(name=name, suffix=path.suffix.lower(), read=path.read_bytes, listed=listed)


def _zip_sources(path: Path, name: str, on_missing: Callable[[str, str], None],
                 on_ignored: Callable[[str], None]) -> Iterator[Source]:
    with zipfile.ZipFile(path) as archive:
        members = sorted(i.filename for i in archive.infolist() if not i.is_dir())
    for member in members:
        full = f"{name}!{member}"
        if any(part in _IGNORED_DIRS for part in member.split("/")) or _ignored(member):
            on_ignored(full)
            continue
        if member.lower().endswith(".zip"):
            on_missing(full, "nested zip archive: extract it first")
            continue

        def read(member=member) -> bytes:
            with zipfile.ZipFile(path) as archive:
                return archive.read(member)
        yield Source(full, os.path.splitext(member)[1].lower(), read, True)


def iter_sources(paths, on_missing: Callable[[str, str], None],
                 on_ignored: Callable[[str], None]) -> Iterator[Source]:
    """Expand files, directories (recursively, sorted), globs and zips into Sources."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for given in _as_list(paths):
        path = Path(given)
        name = str(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if child.is_dir() or any(p in _IGNORED_DIRS or p.startswith(".") for p in rel.parts[:-1]):
                    continue
                child_name = os.path.join(name, *rel.parts)
                if _ignored(child.name):
                    on_ignored(child_name)
                    continue
                yield from _expand_file(child, child_name, listed=True, on_missing=on_missing,
                                        on_ignored=on_ignored)
        elif path.exists():
            yield from _expand_file(path, name, listed=False, on_missing=on_missing,
                                    on_ignored=on_ignored)
        elif glob.has_magic(name):
            matches = sorted(glob.glob(name, recursive=True))
            if not matches:
                on_missing(name, "no files match this pattern")
            yield from iter_sources(matches, on_missing, on_ignored)
        else:
            on_missing(name, "no such file or directory")


def _as_list(paths) -> Iterable:
    try:
        return list(paths)
    except TypeError:
        raise TypeError(f"paths must be a path or a list of paths, not {type(paths).__name__}") from None


def _expand_file(path: Path, name: str, *, listed: bool, on_missing, on_ignored) -> Iterator[Source]:
    if path.suffix.lower() == ".zip":
        try:
            yield from _zip_sources(path, name, on_missing, on_ignored)
        except (zipfile.BadZipFile, OSError) as e:
            on_missing(name, f"unreadable zip archive: {e}")
        return
    yield _file_source(path, name, listed)
