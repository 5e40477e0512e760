"""Nexis exports: Nexis Uni (DOCX, RTF or text: title, source, date, `Label: value` lines, `Body`, the
text, `End of Document`) and classic LexisNexis text (`N of M DOCUMENTS` before each article)."""
from __future__ import annotations

import re
from typing import Iterator

from ..problems import FileProblem
from .parts import (Part, checked, date_text, is_copyright, keys, labelled, numbered_lines, paragraphs, place,
                    word_count)

Items = list[tuple[int, str]]  # (block, line): blocks are paragraphs of a Word file, or blank-line separated

DATABASE = "nexis"
_END = re.compile(r"^(?:End of Document|Ende des Dokuments|Fin du document|Fin del documento)$", re.I)
_BODY = re.compile(r"^(?:Body|Text)$")
_AFTER_BODY = {"Classification", "Graphic"}  # headings of what follows the text: indexing terms, captions
# '3 of 50 DOCUMENTS', and as the German and French interfaces write it (as LexisNexisTools reads them)
_CLASSIC_START = re.compile(r"^(\d+)\s+of\s+(\d+)\s+DOCUMENTS?$|^Dokument\s+(\d+)\s+von\s+(\d+)$|"
                            r"^Document\s+(\d+)\s+de\s+(\d+)$")
_UNI_LABEL = re.compile(r"^(?P<label>[A-Z][A-Za-z]*(?:[ \-/][A-Za-z]+){0,2})\s?:[ \t\u00a0]*(?P<value>.*)$")
_CLASSIC_LABEL = re.compile(r"^(?P<label>[A-Z][A-Z\-]*(?: [A-Z\-]+){0,2}):[ \t\u00a0]*(?P<value>.*)$")
LABELS = keys(
    "Section", "Length", "Byline", "Author", "Dateline", "Highlight", "Language", "Load-Date",
    "Publication-Type", "Graphic", "Correction", "Correction-Date", "Edition", "Series", "Notes",
    "Document-Type", "Journal Code", "Journal-Code", "Subject", "Organization", "Person", "Geographic",
    "Industry", "Company", "Ticker", "Country", "City", "State", "URL", "Type", "Distribution", "Insert",
    "Acc-No", "Update", "Grafik", "Rubrik", "Länge", "Autor", "Sprache", "Rubrique", "Longueur", "Auteur",
    "Langue")
_BETWEEN_TITLE_AND_DATE = 3  # lines: the source, and an edition or blog name
_VERSION = re.compile(r";?\s*Version:\s*\d+\s*$", re.I)


def is_uni(items: Items) -> bool:
    """True for the paragraphs of a Nexis Uni export: an 'End of Document' line, or 'Body' and a label."""
    lines = [line for _, line in items]
    if any(_END.match(line) for line in lines):
        return True
    return any(_BODY.match(line) for line in lines) and any(
        labelled(line, keys("Length", "Byline", "Section", "Load-Date"), _UNI_LABEL) for line in lines)


def read_uni(items: Items, links: dict[int, str] | None = None, ids: list[str] | None = None
             ) -> Iterator[Part | FileProblem]:
    """The articles of a Nexis Uni export; `links` maps a block to the document id its hyperlink
    names (Word), `ids` are the document ids of the articles in order (RTF, used when they add up)."""
    chunks, current = [], []
    for item in items:
        if _END.match(item[1]):
            chunks.append(current)
            current = []
        else:
            current.append(item)
    ended = len(chunks)
    if any(line for _, line in current):
        chunks.append(current)
    ordered = ids if ids and len(ids) == len(chunks) else None
    for number, chunk in enumerate(chunks, start=1):
        part = _uni_part(chunk, number, links or {})
        if part is None:
            yield FileProblem(f"Nexis article {number} has no 'Body' line: not split (a graphic, or an export "
                              f"cut short)", item=number)
            continue
        if number > ended:
            part.warnings.append("the export ends inside this article (no 'End of Document' after it): its "
                                 "text may be cut short")
        if ordered and not part.document_id:
            part.document_id = ordered[number - 1]
        yield checked(part, "Nexis")


def _uni_part(items: Items, number: int, links: dict[int, str]) -> Part | None:
    body_at = next((i for i, (_, line) in enumerate(items) if _BODY.match(line)), None)
    if body_at is None:
        return None
    part = Part(DATABASE, number)
    published, before, labels = _uni_header(items[:body_at])
    body, trailer = _uni_body(items[body_at + 1:])
    for key, value in trailer.items():
        labels.setdefault(key, value)
    part.published = published
    title_block, part.title, part.source = _title_and_source(before, links, first=number == 1)
    part.document_id = links.get(title_block, "")
    _apply_labels(part, labels)
    part.paragraphs = paragraphs(body)
    return part


def _uni_header(items: Items) -> tuple[str, Items, dict[str, str]]:
    """(date, the lines before it, labels) of the lines before `Body`: the date is the last line that
    starts with one, the labels follow it (without a date, they start at the first label)."""
    dated = next((i for i in range(len(items) - 1, -1, -1)
                  if date_text(items[i][1]) and not labelled(items[i][1], LABELS, _UNI_LABEL)), None)
    if dated is None:
        first = next((i for i, (_, line) in enumerate(items) if labelled(line, LABELS, _UNI_LABEL)), len(items))
        before, published, labels = items[:first], "", _labels(items[first:], _UNI_LABEL)[0]
    else:
        before, published = items[:dated], date_text(items[dated][1])
        labels = _labels(items[dated + 1:], _UNI_LABEL)[0]
    return published, [(block, line) for block, line in before if not is_copyright(line)], labels


def _title_and_source(before: Items, links: dict[int, str], first: bool) -> tuple[int, str, str]:
    """(block of the title, title, source) from the lines before the date: the title is the paragraph
    that links to the document (Word), else the article's first line (a kicker ending in ';' joined to
    it), else, after the cover page of the first article, the second line before the date."""
    if not before:
        return -1, "", ""
    linked = [block for block, _ in before if block in links]
    after = [line for b, line in before if linked and b > linked[-1]]
    if linked and len(after) <= _BETWEEN_TITLE_AND_DATE:  # not a link of the cover's list of titles
        block = linked[-1]
        return block, " ".join(line for b, line in before if b == block), after[0] if after else ""
    if first:
        if len(before) == 1:
            return before[0][0], before[0][1], ""
        return before[-2][0], before[-2][1], before[-1][1]
    lines = [line for _, line in before]
    taken = 2 if lines[0].endswith(";") and len(lines) > 1 else 1
    return before[0][0], " ".join(lines[:taken]), lines[taken] if len(lines) > taken else ""


def _uni_body(items: Items) -> tuple[Items, dict[str, str]]:
    """(the text's lines, the labels after it): the classification block, the captions under
    'Graphic' and the trailing `Load-Date:`-like lines are not text."""
    cut = next((i for i, (_, line) in enumerate(items) if line in _AFTER_BODY), len(items))
    body, trailer = list(items[:cut]), list(items[cut + 1:])
    while body and labelled(body[-1][1], LABELS, _UNI_LABEL):
        trailer.insert(0, body.pop())
    return body, _labels(trailer, _UNI_LABEL)[0]


def _labels(items: Items, pattern: re.Pattern, stop: bool = False) -> tuple[dict[str, str], int]:
    """(label -> value, where the labels end): a line that is no label continues the label before it
    in the same block; copyright lines are passed over; with `stop`, the first other line ends them."""
    labels: dict[str, str] = {}
    current, block_of = None, None
    for i, (block, line) in enumerate(items):
        found = labelled(line, LABELS, pattern)
        if found:
            current, block_of = found[0], block
            labels[current] = labels[current] + "; " + found[1] if current in labels else found[1]
        elif current is not None and block == block_of:
            labels[current] = f"{labels[current]} {line}".strip()
        elif is_copyright(line):
            continue
        elif stop:
            return labels, i
        else:
            current = None
    return labels, len(items)


def _apply_labels(part: Part, labels: dict[str, str]) -> None:
    part.section = _VERSION.sub("", labels.get("section") or labels.get("rubrik") or labels.get("rubrique", ""))
    length = labels.get("length") or labels.get("länge") or labels.get("longueur")
    part.length = word_count(length) if length else None
    part.author = labels.get("byline") or labels.get("author") or labels.get("autor") or labels.get("auteur", "")
    part.dateline = place(labels.get("dateline", ""))
    part.standfirst = labels.get("highlight", "")
    part.language = labels.get("language") or labels.get("sprache") or labels.get("langue", "")
    if labels.get("acc-no") and not part.document_id:
        part.document_id = labels["acc-no"]


def read_classic(text: str) -> Iterator[Part | FileProblem]:
    """The articles of a classic LexisNexis text export: the cover before `1 of N DOCUMENTS` is dropped."""
    starts = []
    items = numbered_lines(text)
    for i, (_, line) in enumerate(items):
        match = _CLASSIC_START.match(line)
        if match:
            starts.append((i, int(next(g for g in match.groups() if g))))
    for k, (at, number) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(items)
        part = _classic_part(items[at + 1:end], number)
        if part is None:
            yield FileProblem(f"LexisNexis article {number} has no LENGTH or other labelled lines: not split "
                              f"(a graphic, or an export cut short)", item=number)
            continue
        yield checked(part, "LexisNexis")


def _classic_part(items: Items, number: int) -> Part | None:
    """Source, date (and edition), title, then BYLINE:/SECTION:/LENGTH: lines, the text, then
    LOAD-DATE:/LANGUAGE: lines and the copyright."""
    first = next((i for i, (_, line) in enumerate(items) if labelled(line, LABELS, _CLASSIC_LABEL)), None)
    if first is None:
        return None
    labels, end = _labels(items[first:], _CLASSIC_LABEL, stop=True)
    part = Part(DATABASE, number)
    part.source, part.published, part.title = _classic_head(items[:first])
    body: Items = []
    for block in _blocks(items[first + end:]):
        found = labelled(block[0][1], LABELS, _CLASSIC_LABEL)
        if found:
            labels.setdefault(found[0], " ".join([found[1], *(line for _, line in block[1:])]).strip())
        else:
            body.extend(block)
    while body and is_copyright(body[-1][1]):
        body.pop()
    _apply_labels(part, labels)
    part.paragraphs = paragraphs(body)
    return part


def _classic_head(items: Items) -> tuple[str, str, str]:
    """(source, date, title): the source's line, the date's line (an edition may follow it in its
    block), then the title's block."""
    head = [(block, line) for block, line in items if not is_copyright(line)]
    dated = next((i for i, (_, line) in enumerate(head) if date_text(line)), None)
    if dated is None:
        blocks = _blocks(head)
        source = blocks[0][0][1] if len(blocks) > 1 else ""
        return source, "", " ".join(line for _, line in blocks[-1]) if blocks else ""
    source = head[0][1] if dated > 0 else ""
    date_block = head[dated][0]
    title = " ".join(line for block, line in head[dated + 1:] if block != date_block)
    return source, date_text(head[dated][1]), title


def _blocks(items: Items) -> list[Items]:
    blocks: list[Items] = []
    for item in items:
        if blocks and blocks[-1][-1][0] == item[0]:
            blocks[-1].append(item)
        else:
            blocks.append([item])
    return blocks


def read_uni_text(text: str) -> Iterator[Part | FileProblem]:
    """A Nexis Uni export saved as text (or an RTF's text): blank lines separate the paragraphs."""
    return read_uni(numbered_lines(text))
