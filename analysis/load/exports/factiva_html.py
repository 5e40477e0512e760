"""Factiva exports saved as HTML: each article a `<div class="article enArticle">`, either a table of
field codes (with indexing) or a headline span, plain divs (words, date, source...) and
`p.articleParagraph` paragraphs, ending with `Document <AN>`."""
from __future__ import annotations

import re
from typing import Iterator

import lxml.html
from lxml import etree

from ..fields import one_line, strip_byline
from ..problems import FileProblem
from .factiva import CODES, DATABASE, article
from .parts import Part, checked, date_text, word_count

_ARTICLE = ("//div[contains(concat(' ', normalize-space(@class), ' '), ' article ')]"
            "[not(.//div[contains(concat(' ', normalize-space(@class), ' '), ' article ')])]")
_WORDS = re.compile(r"^[\d,.\u00a0\u202f ]+\s+"
                    r"(?:words?|mots|Wörter|palabras|parole|palavras|woorden|ord|слов|字)$", re.I)
_ACCESSION = re.compile(r"^(?:Document|Dokument|Documento|Документ)\s+([A-Za-z0-9]{10,})$")
_TIME = re.compile(r"^\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?$")
_CODES = set(CODES)


def read_html(text: str) -> Iterator[Part | FileProblem]:
    """The articles of a Factiva HTML page; the last is flagged when the page ends before </html>."""
    try:
        doc = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", text))
    except (etree.ParserError, ValueError) as e:
        raise FileProblem(f"not parseable as HTML: {e}") from None
    divs = doc.xpath(_ARTICLE)
    lower = text[-4096:].lower()
    cut = "</html>" not in lower and "</body>" not in lower
    for number, div in enumerate(divs, start=1):
        part = _indexed(div, number) if _index_rows(div) else _plain(div, number)
        if cut and number == len(divs):
            part.warnings.append("the page ends inside this article (no </html>): its text may be cut short")
        yield checked(part, "Factiva")


def _index_rows(div) -> list[tuple[str, object]]:
    rows = []
    for row in div.xpath(".//tr[td]"):
        cells = row.xpath("./td")
        code = one_line(cells[0].text_content())
        if len(cells) >= 2 and code in _CODES:
            rows.append((code, cells[1]))
    return rows


def _indexed(div, number: int) -> Part:
    """An article as a table of field codes: the same fields as the RTF's, paragraphs from the cells' <p>."""
    fields: dict[str, list[str]] = {}
    for code, cell in _index_rows(div):
        paras = [one_line(p.text_content()) for p in cell.xpath(".//p")]
        lines = "\n\n".join(p for p in paras if p) if paras else _cell_text(cell)
        fields.setdefault(code, []).append(lines)
    return article({code: ["\n\n".join(values)] for code, values in fields.items()}, number)


def _cell_text(cell) -> str:
    """A cell's text with its <br> as line breaks (read, not edited: lxml refuses to set a text that
    holds the control characters its parser let through)."""
    pieces = []
    for event, element in etree.iterwalk(cell, events=("start", "end")):
        if event == "start" and isinstance(element.tag, str):  # not a comment or processing instruction
            pieces.append("\n" if element.tag == "br" else element.text or "")
        elif element is not cell:
            pieces.append(element.tail or "")
    return "".join(pieces)


def _plain(div, number: int) -> Part:
    """An article without indexing: headline span, byline div, then plain divs from the word count on
    (words, date, time, source, source code, ...), the paragraphs, and 'Document AN' last."""
    part = Part(DATABASE, number)
    part.title = one_line(" ".join(s.text_content() for s in div.xpath(".//span[contains(@class, 'Headline')]")))
    part.author = strip_byline(one_line(" ".join(a.text_content() for a in div.xpath(".//div[@class='author']"))))
    plain = [one_line(d.text_content()) for d in div.xpath("./div[not(@*)]")]
    words = next((i for i, v in enumerate(plain) if _WORDS.match(v)), None)
    if words is not None:
        part.length = word_count(plain[words])
        after = plain[words + 1:]
        if after:
            part.published = date_text(after[0]) or after[0]
            if len(after) > 1 and _TIME.match(after[1]):
                part.published, after = f"{part.published} {after[1]}", after[1:]
            part.source = after[1] if len(after) > 1 else ""
    headline = div.xpath("./div[.//span[contains(@class, 'Headline')]]")
    before = headline[0].xpath("preceding-sibling::div[not(@*)]") if headline else []
    part.section = one_line(before[0].text_content()) if before else ""
    part.paragraphs = [p for p in (one_line(p.text_content()) for p in
                                   div.xpath(".//p[contains(@class, 'articleParagraph')]")) if p]
    _accession(div, part)
    return part


def _accession(div, part: Part) -> None:
    texts = [one_line(e.text_content()) for e in div.xpath("./p | ./div")]
    found = next((m.group(1) for m in map(_ACCESSION.match, reversed(texts)) if m), "")
    if not found:
        outer = div.xpath("ancestor::div[starts-with(@id, 'article-')]/@id")
        found = outer[-1][len("article-"):] if outer else ""
    part.document_id = found
    if not found:
        part.warnings.append("no Factiva document number (AN): this article cannot be told from another "
                             "copy of it by its number")
