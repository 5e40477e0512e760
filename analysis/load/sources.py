"""Where articles come from: files, directories (recursive), globs, zip archives; and which format each is."""
from __future__ import annotations

import glob
import lzma
import os
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .formats import formats
from .problems import FileProblem

_IGNORED_NAMES = ("readme", "license", "licence", "changelog", "contributing")
_IGNORED_DIRS = {"__pycache__", ".ipynb_checkpoints", "__MACOSX", ".git"}

#: The most bytes one file or zip member may hold (uncompressed); larger ones are refused unread.
MAX_BYTES = 200 * 1024 * 1024
#: A zip member that claims to expand more than this many times (and past 1 MB) is refused as a zip bomb.
MAX_RATIO = 200
_CHUNK = 1 << 20
_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"))
# What a damaged or unsupported member raises while it is decompressed.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, NotImplementedError, RuntimeError,
               OSError, ValueError)


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
    key = formats.resolve(fmt.lower().lstrip("."))
    if key is None:
        raise ValueError(f"format={fmt!r} is not supported; use one of {', '.join(formats.names())}")
    return key


def format_for(source: Source, head: bytes) -> str | None:
    """The format from the file extension, else from the first bytes of content.

    A file found in a directory walk with an unknown extension is only read when its content
    shows a structured format; plain text there is more likely a stray file than a clipping.
    """
    known = formats.for_extension(source.suffix)
    if known is not None:
        return known
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


def not_regular(mode: int) -> str | None:
    """'not a regular file (a FIFO)' and the like, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "of an unknown kind")
    return f"not a regular file ({kind})"


def _too_large(size: int) -> str:
    return f"too large: {size / 2**20:,.0f} MB, more than the {MAX_BYTES // 2**20} MB a file may hold"


def _capped(stream, claimed: int = 0, head: bytes = b"") -> bytes:
    """`head` plus the rest of a stream, read in chunks and refused as soon as it passes MAX_BYTES."""
    chunks, total = [head], len(head)
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            return b"".join(chunks) if len(chunks) > 1 else head
        total += len(chunk)
        if total > MAX_BYTES:
            raise FileProblem(_too_large(max(total, claimed)))
        chunks.append(chunk)


def read_file(path: Path) -> bytes:
    """A regular file's bytes; FileProblem for a FIFO, socket or device (opened without blocking and
    never read, so a FIFO cannot hang the load) and for a file larger than MAX_BYTES."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    handle = os.open(path, flags)  # non-blocking: a FIFO swapped in after the check still cannot hang
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(stream.fileno())
        problem = not_regular(info.st_mode)
        if problem:
            raise FileProblem(problem)
        if info.st_size > MAX_BYTES:
            raise FileProblem(_too_large(info.st_size))
        return _capped(stream, head=stream.read(info.st_size) if info.st_size else b"")


def _file_source(path: Path, name: str, listed: bool) -> Source:
    return Source(name=name, suffix=path.suffix.lower(), read=lambda: read_file(path), listed=listed)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """One member's bytes, refusing encrypted, oversized, bomb-like and damaged members with a reason."""
    if info.flag_bits & 0x1:
        raise FileProblem("encrypted zip member: it needs a password")
    if info.file_size > MAX_BYTES:
        raise FileProblem(_too_large(info.file_size))
    if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise FileProblem(f"zip bomb: {info.compress_size:,} bytes claim to expand to {info.file_size:,}")
    try:
        with archive.open(info) as stream:
            return _capped(stream, info.file_size)
    except _ZIP_ERRORS as e:
        raise FileProblem(f"damaged zip member: {e}") from None


def _zip_sources(path: Path, name: str, on_missing: Callable[[str, str], None],
                 on_ignored: Callable[[str], None]) -> Iterator[Source]:
    """The members of one archive, which stays open while they are read (once, not once per member)."""
    with zipfile.ZipFile(path) as archive:
        members = sorted((i for i in archive.infolist() if not i.is_dir()), key=lambda i: i.filename)
        for info in members:
            member = info.filename
            full = f"{name}!{member}"
            if any(part in _IGNORED_DIRS for part in member.split("/")) or _ignored(member):
                on_ignored(full)
                continue
            if member.lower().endswith(".zip"):
                on_missing(full, "nested zip archive: extract it first")
                continue
            yield Source(full, os.path.splitext(member)[1].lower(),
                         lambda info=info: _read_zip_member(archive, path, info), True)


def _read_zip_member(archive: zipfile.ZipFile, path: Path, info: zipfile.ZipInfo) -> bytes:
    """Read from the open archive; a Source kept past the walk reopens it."""
    if archive.fp is not None:
        return _read_member(archive, info)
    with zipfile.ZipFile(path) as reopened:
        return _read_member(reopened, info)


def iter_sources(paths, on_missing: Callable[[str, str], None],
                 on_ignored: Callable[[str], None]) -> Iterator[Source]:
    """Expand files, directories (recursively, sorted), globs and zips into Sources."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    for given in _as_list(paths):
        name = os.fsdecode(given)  # bytes paths, and names that are not UTF-8, as surrogate escapes
        path = Path(name)
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
    try:
        problem = not_regular(path.stat().st_mode)  # stat, not open: opening a FIFO blocks
    except OSError as e:
        on_missing(name, f"cannot read: {e.strerror or e}")
        return
    if problem:
        on_missing(name, problem)
        return
    if path.suffix.lower() == ".zip":
        try:
            yield from _zip_sources(path, name, on_missing, on_ignored)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
            on_missing(name, f"unreadable zip archive: {e}")
        return
    yield _file_source(path, name, listed)
