"""RSS and Atom feeds through feedparser: one article per item, the channel title as source."""
from __future__ import annotations

import calendar
import datetime as dt

import feedparser

from .html import fragment_paragraphs
from .problems import FileProblem
from .records import Record


_HARMLESS = {"CharacterEncodingOverride", "NonXMLContentType", "UndeclaredNamespace"}


def _when(entry) -> object:
    for key in ("published", "updated", "created"):
        if entry.get(key):
            return entry[key]
    for key in ("published_parsed", "updated_parsed"):
        if entry.get(key):
            return dt.datetime.fromtimestamp(calendar.timegm(entry[key]), dt.timezone.utc)
    return None


def read_feed(data: bytes):
    """Yield a Record (numbered by item) for each item; FileProblem when the feed is unreadable."""
    parsed = feedparser.parse(data)
    error = parsed.get("bozo_exception") if parsed.bozo else None
    if error is not None and type(error).__name__ in _HARMLESS:
        error = None
    entries = parsed.entries
    if error is not None:
        line = getattr(error, "getLineNumber", lambda: None)()
        problem = FileProblem(f"malformed feed: {getattr(error, 'getMessage', lambda: error)()}", line=line)
        # feedparser salvages what it can from broken XML; keep only items that came out whole.
        entries = [e for e in entries if e.get("title") and (e.get("content") or e.get("summary"))]
        if not entries:
            raise problem
        yield problem
    elif not entries:
        raise FileProblem("feed has no items")
    source = parsed.feed.get("title", "")
    for number, entry in enumerate(entries, start=1):
        content = entry.get("content") or []
        summary = entry.get("summary", "")
        paragraphs = fragment_paragraphs(content[0].get("value", "")) if content else []
        standfirst = " ".join(fragment_paragraphs(summary)) if summary else ""
        if not paragraphs and len(standfirst.split()) > 80:
            paragraphs, standfirst = fragment_paragraphs(summary), ""
        fields = {
            "title": entry.get("title", ""),
            "standfirst": standfirst,
            "url": entry.get("link") or entry.get("id", ""),
            "author": entry.get("author", ""),
            "published": _when(entry),
            "source": (entry.get("source") or {}).get("title") or source,
        }
        yield Record(fields, number, paragraphs=paragraphs)
