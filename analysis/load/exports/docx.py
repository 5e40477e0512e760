"""Word (.docx) files through python-docx: the paragraphs in reading order (table cells too), each
with the Nexis document id its hyperlink names, after checking the zip is whole and not a bomb."""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from urllib.parse import unquote

from docx import Document
from docx.opc.exceptions import OpcError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from ..problems import TOO_DEEP, FileProblem

_CONTENT_ITEM = re.compile(r"urn:contentItem:([0-9A-Za-z]+(?:-[0-9A-Za-z]+)+)")
# What python-docx and zipfile raise on a damaged or hostile package (it assumes well-formed XML parts).
_DOCX_ERRORS = (OpcError, zipfile.BadZipFile, zlib.error, KeyError, ValueError, TypeError, AttributeError,
                IndexError, SyntaxError, EOFError, NotImplementedError, RuntimeError, OSError, etree.LxmlError)


def word_paragraphs(data: bytes) -> tuple[list[tuple[int, str]], dict[int, str]]:
    """((paragraph, line) for each non-blank line, {paragraph: Nexis document id of its link}, in
    reading order); FileProblem when the file is not a readable Word document."""
    _check_package(data)
    try:
        document = Document(io.BytesIO(data))
        items, links = [], {}
        for number, paragraph in enumerate(_paragraphs(document)):
            for line in paragraph.text.split("\n"):
                if line.strip(" \t\u00a0"):
                    items.append((number, line.strip(" \t\u00a0")))
            found = _link_id(paragraph)
            if found:
                links[number] = found
        return items, links
    except RecursionError:
        raise FileProblem(TOO_DEEP) from None
    except _DOCX_ERRORS as e:
        raise FileProblem(f"damaged Word document: {type(e).__name__}: {e}") from None


def _check_package(data: bytes) -> None:
    """Refuse a Word file that is not a zip, is encrypted, or expands too far, before parsing it."""
    from ..sources import MAX_BYTES, MAX_RATIO  # imported here: sources imports the formats, which import this

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise FileProblem(f"not a Word document (damaged or cut short?): {e}") from None
    if any(info.flag_bits & 0x1 for info in infos):
        raise FileProblem("encrypted Word document: it needs a password")
    expanded = sum(info.file_size for info in infos)
    if expanded > MAX_BYTES or (expanded > 2**20 and expanded > MAX_RATIO * max(len(data), 1)):
        raise FileProblem(f"zip bomb: a Word document of {len(data):,} bytes claims to expand to {expanded:,}")


def _paragraphs(container, seen: set | None = None):
    """The paragraphs of a document or table cell in reading order, each merged cell once."""
    seen = set() if seen is None else seen
    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    if cell._tc not in seen:  # the element itself: lxml keeps one proxy while it is held
                        seen.add(cell._tc)
                        yield from _paragraphs(cell, seen)


def _link_id(paragraph: Paragraph) -> str:
    for link in paragraph.hyperlinks:
        found = _CONTENT_ITEM.search(unquote(link.address or ""))
        if found:
            return found.group(1)
    return ""
