"""RSS and Atom feeds through feedparser: one article per item, the channel title as source."""
from __future__ import annotations

import calendar
import datetime as dt
import html

import feedparser

from .fields import as_text, split_paragraphs
from .html import fragment_paragraphs
from .problems import FileProblem
from .records import Record


_HARMLESS = {"CharacterEncodingOverride", "NonXMLContentType", "UndeclaredNamespace"}
_DATES = ("published", "updated", "created")


def _when(entry) -> object:
    for key in _DATES:
        if entry.get(key):
            return entry[key]
    for key in (f"{d}_parsed" for d in _DATES):
        if entry.get(key):
            return dt.datetime.fromtimestamp(calendar.timegm(entry[key]), dt.timezone.utc)
    return None


def _paragraphs(value: str, kind: str | None) -> list[str]:
    """Paragraphs of a feed text: plain text as written (a '<' in it is a character, not a tag),
    anything else as HTML, whose entities are decoded even when it holds no tag ('&#38;')."""
    if kind == "text/plain":
        return split_paragraphs(value)
    if "<" not in value:
        return split_paragraphs(html.unescape(value))
    return fragment_paragraphs(value)


def _title(entry) -> str:
    """An item's or a feed's title as text: feedparser keeps an HTML title as markup."""
    if not isinstance(entry, dict):
        return ""
    title = entry.get("title") or ""
    return " ".join(_paragraphs(title, (entry.get("title_detail") or {}).get("type", "text/plain")))


def _author(entry):
    """The author's name (not 'Name (email)'), or the names of several authors."""
    names = [a.get("name") for a in entry.get("authors") or [] if isinstance(a, dict) and a.get("name")]
    if len(names) > 1:
        return as_text(names)  # 'A, B and C'
    return (entry.get("author_detail") or {}).get("name") or entry.get("author", "")


def _fields(entry, source: str) -> tuple[dict, list[str]]:
    """An item's article fields and body paragraphs. A summary is the standfirst, or the body when the
    item has no content and the summary is long, or when it is all the item has besides its title."""
    content = entry.get("content") or []
    summary = entry.get("summary", "")
    if content and not entry.get("summary_detail"):
        summary = ""  # feedparser's copy of the content, for an entry that has no summary of its own
    paragraphs = _paragraphs(content[0].get("value", ""), content[0].get("type")) if content else []
    summary_kind = (entry.get("summary_detail") or {}).get("type")
    standfirst = " ".join(_paragraphs(summary, summary_kind)) if summary else ""
    title = _title(entry)
    if not paragraphs and (len(standfirst.split()) > 80 or not title):
        paragraphs, standfirst = _paragraphs(summary, summary_kind), ""
    fields = {
        "title": title,
        "standfirst": standfirst,
        "url": entry.get("link") or entry.get("id", ""),
        "author": _author(entry),
        "published": _when(entry),
        "source": _title(entry.get("source")) or source,
    }
    return fields, paragraphs


def read_feed(data: bytes):
    """Yield a Record (numbered by its place among the feed's items) for each item; FileProblem when
    the feed is unreadable."""
    parsed = feedparser.parse(data)
    error = parsed.get("bozo_exception") if parsed.bozo else None
    if error is not None and type(error).__name__ in _HARMLESS:
        error = None
    entries = list(enumerate(parsed.entries, start=1))
    if error is not None:
        line = getattr(error, "getLineNumber", lambda: None)()
        problem = FileProblem(f"malformed feed: {getattr(error, 'getMessage', lambda: error)()}", line=line)
        # feedparser salvages what it can from broken XML; keep only items that came out whole.
        entries = [(n, e) for n, e in entries if e.get("title") and (e.get("content") or e.get("summary"))]
        if not entries:
            raise problem
        yield problem
    elif not entries:
        raise FileProblem("feed has no items")
    source = _title(parsed.feed)
    for number, entry in entries:
        fields, paragraphs = _fields(entry, source)
        yield Record(fields, number, paragraphs=paragraphs)
