"""Bytes to text: refuse binary and empty files, honour BOMs, tell UTF-8 from cp1252/latin-1 and others."""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from .problems import FileProblem

_MAGIC = {
    b"\x89PNG": "PNG image", b"\xff\xd8\xff": "JPEG image", b"GIF8": "GIF image",
    b"%PDF": "PDF document", b"PK\x03\x04": "zip archive", b"\x1f\x8b": "gzip archive",
    b"PAR1": "Parquet file", b"\x7fELF": "executable",
}
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]
# A well-formed multi-byte UTF-8 sequence: its presence next to invalid bytes means corrupt UTF-8,
# not a legacy single-byte encoding.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_SAMPLE = 500_000
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_C1 = re.compile(r"[\x80-\x9f]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_WESTERN_EXTRA = set("‘’‚“”„–—…•€™°£¥§©®«»·×÷¡¿\u00a0")
# Control characters no text file holds (tab, line and page breaks are fine).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MOST_CONTROLS = 0.01  # of the characters; more means binary data that decoded by chance
_FEWEST_DISTINCT = 8  # different characters in a text of 200 or more: fewer is a run of one byte, not prose
# Mainframe code pages a guesser can read any high bytes in ("DDDD..." from 0xC4 bytes); never news files.
_EBCDIC = {"cp037", "cp273", "cp424", "cp500", "cp875", "cp1026", "cp1140", "cp1141", "cp1142", "cp1143",
           "cp1144", "cp1145", "cp1146", "cp1147", "cp1148", "cp1149"}


def binary_kind(data: bytes) -> str | None:
    """Name the kind of binary content, or None when the bytes look like text."""
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    head = data[:8192]
    if b"\x00" in head and not any(head.startswith(bom) for bom, _ in _BOMS):
        return "binary data (NUL bytes)"
    return None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _looks_western(text: str) -> bool:
    """True when text decoded as cp1252 reads like a Western European language, not mojibake."""
    if _C1.search(text):
        return False
    text = text[:_SAMPLE]  # the script a file is written in shows in its first half megabyte
    non_ascii = _NON_ASCII.findall(text)
    if not non_ascii:
        return True
    foreign_letters = sum(c.isalpha() for c in non_ascii)
    plausible = sum(c.isalpha() or c in _WESTERN_EXTRA for c in non_ascii)
    ascii_letters = len(_ASCII_LETTER.findall(text))
    # Cyrillic or Greek read as cp1252 is mostly non-ASCII letters; Western text only sprinkles them.
    return plausible >= 0.9 * len(non_ascii) and foreign_letters <= 0.3 * (ascii_letters + foreign_letters)


def not_text(text: str, guessed: bool) -> str | None:
    """Why decoded text is not text (binary data that happened to decode), or None when it is.

    Any text with many control characters is binary; a guessed legacy encoding must also give more
    than a handful of different characters (any one byte repeated reads as some letter somewhere).
    """
    sample = text[:_SAMPLE]
    controls = len(_CONTROL.findall(sample))
    if controls > max(_MOST_CONTROLS * len(sample), 3):
        return f"binary file ({controls:,} control characters in {len(sample):,}), not text"
    if guessed and len(sample.strip()) >= 200 and len(set(sample)) < _FEWEST_DISTINCT:
        return f"not text: {len(sample):,} characters of only {len(set(sample))} kinds"
    return None


def decode_bytes(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode a file's bytes; returns (text, encoding used) or raises FileProblem with the reason.

    Text that decodes but is plainly binary (many control characters, one byte repeated) is refused.
    """
    text, used = _decode(data, encoding)
    problem = not_text(text, guessed=encoding is None and used not in ("utf-8", *(name for _, name in _BOMS)))
    if problem:
        raise FileProblem(problem)
    return text, used


def _decode(data: bytes, encoding: str | None) -> tuple[str, str]:
    if not data.strip():
        raise FileProblem("empty file")
    kind = binary_kind(data)
    if kind:
        raise FileProblem(f"binary file ({kind}), not text")
    if encoding:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise FileProblem(f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as e:
            raise FileProblem(f"cannot decode as {encoding}: byte 0x{data[e.start]:02x} is invalid",
                              line=_line_of(data, e.start)) from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as e:
                raise FileProblem(f"undecodable bytes: invalid {name} after its byte-order mark",
                                  line=_line_of(data, e.start)) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        first_bad = e.start
    valid_multibyte = len(_UTF8_MULTIBYTE.findall(data))
    invalid_runs = len(re.findall(rb"[\x80-\xff]+", _UTF8_MULTIBYTE.sub(b"", data)))
    if valid_multibyte and valid_multibyte >= invalid_runs:
        raise FileProblem(f"undecodable bytes: invalid UTF-8 (byte 0x{data[first_bad]:02x}) in a "
                          f"file that is otherwise UTF-8", line=_line_of(data, first_bad))
    try:
        text = data.decode("cp1252")
        if _looks_western(text):
            return text, "cp1252"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding in _EBCDIC:
        raise FileProblem("undecodable bytes: no text encoding fits this file",
                          line=_line_of(data, first_bad))
    return str(best), best.encoding
