"""Which database export a file is, from its content: the layout markers each database prints, so a
`.txt`, `.html`, `.rtf` or `.docx` is recognised whatever its name, and plain clippings are left alone."""
from __future__ import annotations

import io
import re
import zipfile

#: How much of a text is searched for the markers (a Nexis cover page lists every title before the
#: first article: thousands fit).
SNIFFED = 2 * 1024 * 1024

_ZIP = b"PK\x03\x04"
_RTF = b"{\\rtf"
_PROQUEST_RULE = re.compile(r"^_{20,}[ \t]*$", re.M)
_PROQUEST_FIELD = re.compile(r"^(?:ProQuest document ID|Full text): ", re.M | re.I)
_PROQUEST_DOCUMENT = (re.compile(r"^Document \d+ of \d+[ \t]*$", re.M),
                      re.compile(r"^(?:Title|Publication title): ", re.M))
_CLASSIC = re.compile(r"^[ \t]*(?:\d+ of \d+ DOCUMENTS?|Dokument \d+ von \d+|Document \d+ de \d+)[ \t]*$", re.M)
_UNI_END = re.compile(r"^[ \t]*(?:End of Document|Ende des Dokuments|Fin du document|Fin del documento)[ \t]*$",
                      re.M | re.I)
_UNI_BODY = re.compile(r"^[ \t]*Body[ \t]*$", re.M)
# Nexis Uni writes a no-break space after its labels; a plain 'Length: 523 words' line will do too
_UNI_LABEL = re.compile(r"^[ \t]*(?:(?:Length|Load-Date|Byline|Section):\u00a0|Length: \d[\d,]* words[ \t]*$)", re.M)
_FIELD = r"(?:[ \t\u00a0]*\||\t| {2,}|\u00a0)"
_FACTIVA_HD = re.compile(rf"^[ \t]*HD{_FIELD}", re.M)
_FACTIVA_MORE = re.compile(rf"^[ \t]*(?:AN{_FIELD}[ \t]*(?:Document|Dokument|Documento)\b|PD{_FIELD}|SN{_FIELD})",
                           re.M)
_FACTIVA_DIV = re.compile(r"""class\s*=\s*["']article\s+[a-z]{2}Article["']""")
_FACTIVA_INDEX = (re.compile(r"<b>\s*HD\s*</b>", re.I), re.compile(r"<b>\s*AN\s*</b>", re.I))


def container_kind(suffix: str, data: bytes) -> str | None:
    """'docx' for a Word file (a zip holding `word/`), 'rtf' for an RTF file, told by the first bytes;
    by the extension (.docx, .rtf) when the bytes say nothing (a damaged file is then refused by its
    reader, with the reason); None for anything else."""
    start = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(_RTF):
        return "rtf"
    if data.startswith(_ZIP) and _is_word(data):
        return "docx"
    return {".docx": "docx", ".rtf": "rtf"}.get(suffix)


def _is_word(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(name.startswith("word/") for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def text_kind(text: str) -> str | None:
    """'factiva-html', 'proquest', 'lexisnexis', 'nexis-uni' or 'factiva' for a text laid out as that
    export, else None (a clipping, an ordinary web page)."""
    head = text[:SNIFFED].replace("\r\n", "\n").replace("\r", "\n")
    if head.lstrip("\ufeff \t\r\n").startswith("<"):
        indexed = all(code.search(head) for code in _FACTIVA_INDEX)
        return "factiva-html" if indexed or _FACTIVA_DIV.search(head) else None
    if _PROQUEST_RULE.search(head) and (_PROQUEST_FIELD.search(head) or all(
            pattern.search(head) for pattern in _PROQUEST_DOCUMENT)):
        return "proquest"
    if _CLASSIC.search(head):
        return "lexisnexis"
    if _UNI_END.search(head) or (_UNI_BODY.search(head) and _UNI_LABEL.search(head)):
        return "nexis-uni"
    if _FACTIVA_HD.search(head) and _FACTIVA_MORE.search(head):
        return "factiva"
    return None
