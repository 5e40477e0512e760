"""RTF to text through striprtf, keeping what the export readers need: page breaks as form feeds
(articles are a page each), the Nexis document ids of the hyperlinks, and whether the file was cut."""
from __future__ import annotations

import re
from dataclasses import dataclass

from striprtf.striprtf import rtf_to_text

from ..problems import FileProblem

_PAGE = re.compile(r"(?<!\\)\\page(?![A-Za-z])(?:-?\d+)? ?")
_PAGE_MARK = r"\\par{\\uc0\\u12 }\\par "  # a form feed, whatever the document's \uc says
# striprtf rewrites hyperlinks as 'text("url")' with a regex that backtracks on long lines; a space
# after \fldinst (the same RTF) keeps it from matching, and the links are read here instead.
_FIELD_INSTRUCTION = re.compile(r"\\fldinst\{")
_CONTENT_ITEM = re.compile(r"urn(?::|%3A)contentItem(?::|%3A)([0-9A-Za-z]+(?:-[0-9A-Za-z]+)+)")
_ESCAPED = re.compile(r"\\[\\{}]")
# What striprtf raises on RTF it cannot follow (a control word without its number, a bad code page).
_RTF_ERRORS = (ValueError, TypeError, IndexError, KeyError, LookupError, OverflowError, UnicodeError)


@dataclass(frozen=True)
class RtfText:
    """An RTF file's text, the Nexis document ids its links name (in order, each once), and whether
    its braces stop short of closing (the file was cut)."""

    text: str
    ids: list[str]
    truncated: bool


def is_rtf(data: bytes) -> bool:
    return data[:64].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf")


def read_rtf_text(data: bytes) -> RtfText:
    """The text of an RTF file; FileProblem when it is not RTF or striprtf cannot follow it."""
    if not is_rtf(data):
        raise FileProblem("not an RTF document: it does not start with '{\\rtf'")
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError:  # RTF is 7-bit; raw 8-bit bytes are in the document's code page
        source = data.decode("cp1252", errors="replace")
    ids = list(dict.fromkeys(_CONTENT_ITEM.findall(source)))
    balance = _ESCAPED.sub("", source)
    truncated = balance.count("{") > balance.count("}")
    prepared = _FIELD_INSTRUCTION.sub(r"\\fldinst {", _PAGE.sub(_PAGE_MARK, source))
    try:
        text = rtf_to_text(prepared, errors="replace")
    except _RTF_ERRORS as e:
        raise FileProblem(f"unreadable RTF: {type(e).__name__}: {e}") from None
    return RtfText(text.replace("\r\n", "\n"), ids, truncated)
