"""From raw records to rows of the articles table: column synonyms, clean text, URLs, ids, dedupe keys."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import pandas as pd

from .dates import date_from_filename, parse_date
from .records import ArticleRow, Record

#: Fields a record can fill; everything else in the articles table is derived.
RECORD_FIELDS = ("title", "standfirst", "source", "author", "dateline", "published", "url", "text")

_SYNONYMS = {
    "title": ["title", "headline", "header", "heading", "head", "hed", "name_of_article"],
    "standfirst": ["standfirst", "desc", "description", "summary", "dek", "subtitle", "subheadline",
                   "subhead", "lead", "lede", "abstract", "excerpt", "teaser", "snippet", "kicker"],
    "text": ["text", "body", "content", "article", "article_text", "articlebody", "full_text",
             "fulltext", "story", "maintext", "bodytext", "body_text", "content_encoded"],
    "published": ["published", "date", "pubdate", "pub_date", "published_at", "publishedat",
                  "datetime", "timestamp", "time", "created", "created_at", "date_published",
                  "datepublished", "publication_date", "publish_date", "issued", "dc_date",
                  "updated", "modified", "date_modified"],
    "url": ["url", "link", "href", "permalink", "canonical", "canonical_url", "web_url", "uri",
            "article_url", "guid"],
    "author": ["author", "byline", "authors", "by", "creator", "writer", "dc_creator", "author_name"],
    "source": ["source", "publisher", "site", "site_name", "sitename", "outlet", "publication",
               "newspaper", "source_name", "feed", "domain", "media"],
    "dateline": ["dateline", "location", "place", "city"],
}
# Earlier synonyms win when a record has several (e.g. both `published` and `updated`).
_RANK = {re.sub(r"[^a-z0-9]", "", name): (field, rank)
         for field, names in _SYNONYMS.items() for rank, name in enumerate(names)}

FURNITURE = {
    "advertisement", "advertisements", "ad", "news", "share", "share this", "share this article",
    "share this story", "share on facebook", "share on twitter", "share on x", "dismiss", "read more",
    "subscribe", "subscribe now", "sign up", "sign up to our newsletter", "sign up for our newsletter",
    "newsletter", "related", "related stories", "related articles", "related topics", "topics",
    "most read", "most popular", "comments", "comment", "show comments", "view comments",
    "follow us", "skip to content", "skip to main content", "skip advertisement", "continue reading",
    "listen to this article", "copy link", "print", "email", "whatsapp", "facebook", "twitter", "x",
    "linkedin", "telegram", "more on this story", "back to top", "accept cookies", "cookie settings",
    "supported by", "save", "gift this article", "see more", "load more", "close", "menu", "home",
    "you may also like", "recommended", "trending", "latest", "more from", "explore more",
}
_LONGEST_FURNITURE = 2 * max(map(len, FURNITURE))  # room for the punctuation and spaces stripped
_FURNITURE_PATTERN = re.compile(
    r"^(©|\(c\)|copyright\b|all rights reserved|sign up\b|subscribe to\b|follow .{1,30} on\b|"
    r"read more:|related:|topics:|tags:)", re.I)
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
_TRACKING = re.compile(r"^(utm_.*|searchresultposition|smid|smtyp|fbclid|gclid|mc_cid|mc_eid|cmpid|"
                       r"ref|ref_src|src|ito|ocid|at_medium|at_campaign|sh|partner|cid)$", re.I)
_WIRE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z’'.\- ]{1,40}?)(?:,\s*[A-Z][\w.\- ]{1,30}?)?\s*(?:\([A-Za-z .]+\))?\s*[—–-]{1,2}\s")
_NA = {"", "na", "n/a", "nan", "none", "null", "nat", "-", "—"}


@lru_cache(maxsize=4096)
def _synonym(key) -> tuple[str, int] | None:
    return _RANK.get(re.sub(r"[^a-z0-9]", "", str(key).lower()))


def field_for(key: str) -> str | None:
    """The articles field a raw column name stands for (by common synonyms), or None."""
    entry = _synonym(key)
    return entry[0] if entry else None


def map_columns(record: dict, columns: dict | None = None) -> dict:
    """Rename a raw record's keys to article fields: explicit `columns` first, then synonyms."""
    explicit = columns or {}
    out: dict = {}
    ranks: dict = {}
    for key, value in record.items():
        if key in explicit:
            field, rank = explicit[key], -1
        else:
            entry = _synonym(key)
            if entry is None:
                continue
            field, rank = entry
            if field in explicit.values():
                continue
        if is_missing(value):
            continue
        if field not in out or rank < ranks[field]:
            out[field], ranks[field] = value, rank
    return out


def validate_columns(columns) -> dict | None:
    """Check a user's `columns=` mapping ({raw name or 0-based position: field}, or a list of fields)."""
    if columns is None:
        return None
    if isinstance(columns, (list, tuple)):
        columns = {i: f for i, f in enumerate(columns) if f}
    if not isinstance(columns, dict):
        raise ValueError("columns= must be a dict {column name or position: field} or a list of fields")
    for key, field in columns.items():
        if field not in RECORD_FIELDS:
            raise ValueError(f"columns={{{key!r}: {field!r}}}: {field!r} is not an article field; "
                             f"use one of {', '.join(RECORD_FIELDS)}")
    return dict(columns)


def is_missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return len(value) < 16 and value.strip().lower() in _NA
    if isinstance(value, float) and value != value:
        return True
    if isinstance(value, (list, dict)) and not value:
        return True
    return False


def as_text(value) -> str:
    """A scalar, a list of names or a {"name": ...} object as one string."""
    if is_missing(value):
        return ""
    if isinstance(value, dict):
        for key in ("name", "title", "value", "text", "@value", "href"):
            if key in value:
                return as_text(value[key])
        return ""
    if isinstance(value, (list, tuple)):
        names = [t for t in (as_text(v) for v in value) if t]
        return names[0] if len(names) == 1 else (
            ", ".join(names[:-1]) + " and " + names[-1] if names else "")
    return str(value)


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def one_line(value) -> str:
    """Clean a short field: NFC, no zero-width characters, whitespace collapsed."""
    text = value if isinstance(value, str) else as_text(value)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return " ".join(text.split())


def is_furniture(line: str) -> bool:
    """True for site furniture: share buttons, adverts, newsletter prompts, copyright lines."""
    if len(line) <= _LONGEST_FURNITURE:  # a paragraph of prose is never one of the listed phrases
        if re.sub(r"[^\w\s]", "", line).strip().lower() in FURNITURE:
            return True
    return bool(_FURNITURE_PATTERN.match(line.strip()))


def split_paragraphs(value) -> list[str]:
    """Paragraphs of a body: blank-line separated, or one per line when there are no blank lines."""
    text = as_text(value)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunks = re.split(r"\n[ \t\u00a0]*\n", text) if re.search(r"\n[ \t\u00a0]*\n", text) \
        else text.split("\n")
    return [p for p in (one_line(c) for c in chunks) if p]


def body_text(paragraphs: list[str]) -> str:
    """Join body paragraphs with blank lines, dropping furniture lines such as 'Advertisement'."""
    return "\n\n".join(p for p in paragraphs if p and not is_furniture(p))


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def wire_dateline(paragraph: str) -> str:
    """'KYIV, Ukraine — ...' or 'RIYADH (Reuters) - ...' -> 'Kyiv' / 'Riyadh'; '' when absent."""
    match = _WIRE_DATELINE.match(paragraph)
    return match.group("place").strip().title() if match else ""


def strip_byline(author: str) -> str:
    return re.sub(r"^\s*by\s+", "", author, flags=re.I).strip()


def normalise_url(url: str, base_url: str | None = None) -> str:
    """Absolute URL without tracking parameters or fragment; relative ones resolved against base_url."""
    url = url.strip()
    if not url:
        return ""
    if base_url and not urlsplit(url).scheme:
        url = urljoin(base_url, url)
    parts = urlsplit(url)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not _TRACKING.match(k)])
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, query, ""))


def digest(*parts: str) -> str:
    """Short stable hash of some texts (ids, same-text keys, the store's content hashes)."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def fold(text: str) -> str:
    """Case- and punctuation-insensitive form of a text, for comparing titles and bodies."""
    return re.sub(r"\W+", " ", text.casefold()).strip()


_OPENING = 500  # folded characters of the body an id without a URL is made from


def article_id(url: str, source: str, published, title: str, body: str = "", document: str = "") -> str:
    """Stable id: from the URL when there is one, else from a database's document id (`document`,
    'database:id': the same document exported twice gets one id), else from source, publication time,
    title and the opening of the body (its first 500 folded characters: a typo fixed further down
    keeps the id, two different stories under one title and time do not share one)."""
    if url:
        return digest("url", url)
    if document:
        return digest("doc", document)
    when = "" if published is None else published.isoformat()
    opening = fold(body[: 4 * _OPENING])[:_OPENING]
    return digest("stbo", fold(source), when, fold(title), opening)


def unique_ids(ids: list[str], paths: list[str]) -> list[str]:
    """The ids with each repeat re-derived from the id, its path and its rank among that path's rows
    with that id, so no two rows share one; stable across runs, and computed from the table alone, a
    load in shards gets the same ids as one load."""
    taken: set[str] = set()
    rank: dict[tuple[str, str], int] = {}
    out = []
    for given, path in zip(ids, paths):
        k = rank[given, path] = rank.get((given, path), -1) + 1
        new, salt = given, 0
        while new in taken:
            new = digest("again", given, path, str(k), *([str(salt)] if salt else []))
            salt += 1
        taken.add(new)
        out.append(new)
    return out


def content_key(title: str, standfirst: str, text: str) -> str | None:
    """Same normalised title and body (or title and standfirst when there is no body) = same article."""
    body = text or standfirst
    if not body:
        return None
    return digest(fold(title), fold(body))


def build_row(record: Record, *, path: str, base_url: str | None) -> tuple[ArticleRow, list[str]]:
    """One articles row from a field-mapped record; returns (row, warnings). Raises ValueError if empty."""
    fields = record.fields
    warnings = list(record.warnings)
    title = one_line(fields.get("title"))
    paragraphs = record.paragraphs
    if paragraphs is None:
        text_value = fields.get("text")
        paragraphs = text_value if isinstance(text_value, list) else split_paragraphs(text_value)
    text = body_text(paragraphs)
    if not title and not text:
        raise ValueError("no title and no text")
    raw_date = fields.get("published")
    published = parse_date(raw_date)
    if published is None and not is_missing(raw_date):
        warnings.append(f"unrecognised date {one_line(raw_date)[:60]!r}")
    if published is None:
        published = date_from_filename(path.replace("!", "/")) if record.name_date else None
        if published is None:
            warnings.append("no publication date found (published is NaT)")
    url = normalise_url(one_line(fields.get("url")), base_url)
    source = one_line(fields.get("source"))
    standfirst = one_line(fields.get("standfirst"))
    document = document_key(fields)
    row = ArticleRow(
        article_id=article_id(url, source, published, title, text or standfirst, document),
        title=title,
        standfirst=standfirst,
        source=source,
        author=strip_byline(one_line(fields.get("author"))),
        dateline=one_line(fields.get("dateline")) or (wire_dateline(paragraphs[0]) if paragraphs else ""),
        published=published,
        url=url,
        text=text,
        n_words=count_words(text),
        path=path,
    )
    return row, warnings


def document_key(fields: dict) -> str:
    """'database:document id' of an article from a database export (Factiva AN, ProQuest document ID,
    Nexis document id), '' for any other record."""
    document = one_line(fields.get("document_id"))
    return f"{one_line(fields.get('database')) or 'export'}:{document}" if document else ""


def empty_articles(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="datetime64[ns, UTC]" if c == "published" else
                                      "int64" if c == "n_words" else "str") for c in columns})
