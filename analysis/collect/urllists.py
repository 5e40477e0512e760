"""Files of URLs to collect, recognised from their content (not their name): plain lists, GDELT's DOC
API (JSON and CSV), GKG (1.0 and 2.1), Events and Mentions files, Media Cloud story CSVs (old and new)
and NewsAPI JSON. Each becomes one table of distinct http(s) URLs with what the list says of them, so
the collector can fetch the pages and fill in what a page lacks; every line it cannot use is reported."""
from __future__ import annotations

import gzip
import io
import json
import os
import re
import zipfile
import zlib
from pathlib import Path

import pandas as pd

from ..load.dates import parse_date
from ..load.decode import decode_bytes
from ..load.fields import is_missing, map_columns, normalise_url, one_line
from ..load.problems import TOO_DEEP, FileProblem, Problem, printable
from ..load.sources import MAX_BYTES, read_file
from ..load.tables import read_delimited

#: The table's columns; `origin` is the list's kind, `origin_id` the list's own id for the item.
COLUMNS = ("url", "title", "published", "source", "language", "origin", "origin_id")
_TEXT = ("url", "title", "source", "language", "origin", "origin_id")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$")
_COMPACT_TIME = re.compile(r"^(\d{4})(\d{2})(\d{2})T?(\d{2})(\d{2})(\d{2})Z?$")  # GDELT's 20220224101500
_PAGE_TITLE = re.compile(r"<PAGE_TITLE>(.*?)</PAGE_TITLE>", re.S)
_URL_NAMES = ("url", "link", "href", "article_url", "web_url", "canonical_url", "permalink", "uri",
              "sourceurl", "sourceurls", "mentionidentifier", "documentidentifier", "mobileurl")
_LIST_KEYS = ("articles", "stories", "results", "data", "items", "docs", "records", "entries", "urls", "links")
#: GDELT's source collections other than the web (GKG V2SOURCECOLLECTIONIDENTIFIER, Mentions MentionType).
_NOT_WEB = {"2": "a citation", "3": "a CORE document", "4": "a DTIC document", "5": "a JSTOR document",
            "6": "a non-textual source"}

# Header-less GDELT files, told apart by column count and the shape of a few columns:
# (origin, what it is, columns, {column: pattern}, {field: column}).
_SHAPES = (
    ("gkg", "GDELT GKG 2.1 row", 27, {0: r"\d{14}-T?\d+", 1: r"\d{14}", 2: r"\d"},
     {"origin_id": 0, "published": 1, "collection": 2, "source": 3, "url": 4, "translation": 25, "extras": 26}),
    ("gkg", "GDELT GKG 1.0 row", 11, {0: r"\d{8}", 1: r"\d+"}, {"published": 0, "sources": 9, "urls": 10}),
    ("gdelt-events", "GDELT 2.0 Events row", 61, {0: r"\d+", 1: r"\d{8}", 59: r"\d{14}"},
     {"origin_id": 0, "published": 59, "url": 60}),
    ("gdelt-events", "GDELT 1.0 Events row", 58, {0: r"\d+", 1: r"\d{8}", 56: r"\d{8}"},
     {"origin_id": 0, "published": 56, "url": 57}),
    ("gdelt-mentions", "GDELT 2.0 Mentions row", 16, {0: r"\d+", 1: r"\d{14}", 2: r"\d{14}", 3: r"[1-6]"},
     {"origin_id": 0, "published": 2, "collection": 3, "source": 4, "url": 5}),
)
# Tables with a header: (origin, the header names that say so, {field: header names, first present wins}).
_TABLES = (
    ("gdelt-doc", {"mobileurl"}, {"url": ("url",), "title": ("title",), "published": ("date", "seendate"),
                                  "source": ("domain",), "language": ("language",)}),
    ("mediacloud", {"stories_id"}, {}),
    ("mediacloud", {"media_name", "publish_date"}, {}),
    ("gkg", {"sourceurls"}, {"urls": ("sourceurls",), "published": ("date",), "sources": ("sources",)}),
    ("gkg", {"documentidentifier"}, {"url": ("documentidentifier",), "published": ("v21date", "date"),
                                     "source": ("sourcecommonname",), "origin_id": ("gkgrecordid",),
                                     "collection": ("sourcecollectionidentifier",)}),
    ("gdelt-mentions", {"mentionidentifier"}, {"url": ("mentionidentifier",), "published": ("mentiontimedate",),
                                               "source": ("mentionsourcename",), "origin_id": ("globaleventid",),
                                               "collection": ("mentiontype",)}),
    ("gdelt-events", {"sourceurl"}, {"url": ("sourceurl",), "published": ("dateadded",),
                                     "origin_id": ("globaleventid",)}),
)
_MEDIACLOUD = {"url": ("url",), "title": ("title",), "published": ("publish_date",), "source": ("media_name",),
               "language": ("language",), "origin_id": ("stories_id", "id")}


class UrlListError(ValueError):
    """A file with no usable URL in it; the message names the file, and the line where that helps."""


def read_url_list(path) -> pd.DataFrame:
    """The distinct http(s) URLs of a list file with what it says of each, in the order first listed.

    Columns: url (normalised as the loader normalises URLs), title, published (UTC; NaT when not
    given: for GDELT, when GDELT saw the article), source, language (as the list gives it: an ISO
    code, or GDELT's English name of the language), origin (the list's kind: urls, gdelt-doc, gkg,
    gdelt-events, gdelt-mentions, mediacloud, newsapi, csv or json, also in `frame.attrs["origin"]`)
    and origin_id (the list's own id for the item: GKG record, GDELT event, Media Cloud story).
    Lines or items that cannot be used are listed in `frame.attrs["problems"]` (`Problem`s with the
    file and line or item); repeats of a URL are dropped, what the first lacks taken from them, and
    counted in `frame.attrs["duplicates"]`. Raises UrlListError when nothing in the file is usable.
    """
    name = printable(os.fspath(path))
    try:
        text = decode_bytes(_unpacked(read_file(Path(path))))[0]
        origin, entries = _read(text)
        return _frame(origin, entries, name)
    except FileProblem as e:
        raise UrlListError(str(Problem(name, e.reason, e.line, getattr(e, "item", None)))) from None
    except RecursionError:
        raise UrlListError(f"{name}: {TOO_DEEP}") from None
    except OSError as e:
        raise UrlListError(f"{name}: cannot read: {e.strerror or e}") from None


def _unpacked(data: bytes) -> bytes:
    """The file inside a zip or gzip archive (GDELT publishes its files zipped)."""
    try:
        return _unpack(data)
    except (zipfile.BadZipFile, gzip.BadGzipFile, EOFError, zlib.error, NotImplementedError, RuntimeError) as e:
        raise FileProblem(f"damaged archive: {e}") from None


def _unpack(data: bytes) -> bytes:
    if data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) != 1:
                raise FileProblem(f"a zip archive of {len(members)} files: give its lists one by one")
            if members[0].file_size > MAX_BYTES:
                raise FileProblem(f"too large: {members[0].file_size:,} bytes unpacked")
            return archive.read(members[0])
    if data.startswith(b"\x1f\x8b"):
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            unpacked = stream.read(MAX_BYTES + 1)
        if len(unpacked) > MAX_BYTES:
            raise FileProblem(f"too large: more than {MAX_BYTES:,} bytes unpacked")
        return unpacked
    return data


def _read(text: str) -> tuple[str, list]:
    """(origin, entries): each entry is ({"line" or "item": n}, fields) or a Problem without a path."""
    text = text.lstrip("\ufeff")
    if text.lstrip()[:1] in ("{", "["):
        return _read_json(text)
    lines = _sample(text)
    if not lines:
        raise FileProblem("no URLs in this file (it holds only blank lines and comments)")
    if _URL.match(lines[0].split()[0]):
        return "urls", list(_plain(text))
    shape = _shape(lines)
    if shape is not None:
        return shape[0], list(_gdelt_rows(text, shape))
    if any(_is_url_name(cell) for cell in re.split(r"[,\t;|]", lines[0])):
        return _read_table(text, tabbed=lines[0].count("\t") > lines[0].count(","))
    return "urls", list(_plain(text))


def _sample(text: str, count: int = 20) -> list[str]:
    found = []
    for line in text.split("\n"):
        if line.strip() and not line.lstrip().startswith("#"):
            found.append(line.rstrip("\r"))  # trailing tabs kept: they are GDELT's empty last columns
            if len(found) == count:
                break
    return found


def _is_url_name(cell: str) -> bool:
    return re.sub(r"[^a-z0-9_]", "", cell.strip().lower()) in _URL_NAMES


def _plain(text: str):
    """A URL per line; blank lines and '#' comments skipped, anything after the URL ignored."""
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if line and not line.startswith("#"):
            first = line.split()[0]
            yield {"line": number}, {"url": first if "://" in first else line}


def _shape(lines: list[str]):
    """The header-less GDELT shape most of the first lines have, or None."""
    best, hits = None, 0
    for shape in _SHAPES:
        _, _, width, patterns, _ = shape
        found = sum(1 for line in lines if _fits(line.split("\t"), width, patterns))
        if found > hits:
            best, hits = shape, found
    return best if hits and 2 * hits >= len(lines) else None


def _fits(cells: list[str], width: int, patterns: dict) -> bool:
    return len(cells) == width and all(re.fullmatch(p, cells[i].strip()) for i, p in patterns.items())


def _gdelt_rows(text: str, shape):
    _, what, width, _, columns = shape
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != width:
            yield Problem("", f"{len(cells)} tab-separated fields where a {what} has {width}", line=number)
            continue
        yield from _gdelt_fields({"line": number}, {f: cells[i] for f, i in columns.items()})


def _gdelt_fields(where: dict, raw: dict):
    """Entries from one GDELT row: its URL, or each of a GKG 1.0 row's URLs (paired with its sources
    when there are as many), with the title and language a GKG 2.1 row carries."""
    collection = one_line(raw.pop("collection", "1"))
    if collection in _NOT_WEB:
        yield Problem("", f"not a web document ({_NOT_WEB[collection]}): its identifier is not a URL", **where)
        return
    extras, translation = raw.pop("extras", ""), raw.pop("translation", "")
    title = _PAGE_TITLE.search(extras or "")
    if title:
        raw["title"] = title.group(1)
    language = re.match(r"srclc:(\w+)", translation or "")
    if language:
        raw["language"] = language.group(1)
    if "urls" not in raw:
        yield where, raw
        return
    urls = [u for u in (raw.pop("urls") or "").split("<UDIV>") if u.strip()]
    sources = [s for s in (raw.pop("sources") or "").split(";") if s.strip()]
    if not urls:
        yield Problem("", "no source URL in this row", **where)
    for i, url in enumerate(urls):
        yield where, {**raw, "url": url, **({"source": sources[i]} if len(sources) == len(urls) else {})}


def _read_table(text: str, tabbed: bool) -> tuple[str, list]:
    """A CSV or TSV with a header; its kind from the header's names, the URL column found by name."""
    entries, origin, names = [], None, None
    columns = dict.fromkeys(_URL_NAMES, "url")  # so that a header of GDELT names is known as one
    for found in read_delimited(text, suffix=".tsv" if tabbed else ".csv", columns=columns):
        if isinstance(found, FileProblem):
            entries.append(Problem("", found.reason, line=found.line))
            continue
        if origin is None:
            origin, names = _table_kind({k.strip().lower(): k for k in found.fields if isinstance(k, str)})
        where = {"line": found.number}
        if names is None:
            entries.append((where, _generic(found.fields)))
            continue
        raw = {field: next((found.fields[n] for n in candidates if n in found.fields), "")
               for field, candidates in names.items()}
        entries.extend(_gdelt_fields(where, raw) if origin.startswith(("gkg", "gdelt-")) else [(where, raw)])
    return origin or "csv", entries


def _table_kind(lower: dict) -> tuple[str, dict | None]:
    """(origin, {field: the file's own column names}) for a known header; ("csv", None) for others."""
    for origin, needed, fields in _TABLES:
        if needed <= set(lower):
            fields = fields or _MEDIACLOUD
            return origin, {f: tuple(lower[n] for n in names if n in lower) for f, names in fields.items()}
    return "csv", None


def _generic(record: dict) -> dict:
    """A record of any other table or JSON list: its URL, title, date and source by the loader's synonyms."""
    mapped = map_columns(record)
    fields = {k: mapped[k] for k in ("url", "title", "published", "source") if k in mapped}
    lower = {str(k).lower(): v for k, v in record.items()}
    for key, names in (("language", ("language", "lang")), ("origin_id", ("id", "stories_id"))):
        value = next((lower[n] for n in names if n in lower and not is_missing(lower[n])), None)
        if value is not None:
            fields[key] = value
    return fields


def _read_json(text: str) -> tuple[str, list]:
    """GDELT DOC API and NewsAPI answers, Media Cloud story lists, and any JSON list of URLs or objects."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise FileProblem(f"invalid JSON: {e.msg} (column {e.colno})", line=e.lineno) from None
    if isinstance(data, dict) and data.get("status") == "error":  # NewsAPI's answer to a bad request
        raise FileProblem(f"an error answer, not a list: {one_line(data.get('code'))}: {one_line(data.get('message'))}")
    items = _json_items(data)
    if items is None:
        raise FileProblem("JSON holds no list of articles or URLs")
    origin = _json_kind(data, items)
    entries = []
    for number, item in enumerate(items, start=1):
        where = {"item": number}
        if isinstance(item, str):
            entries.append((where, {"url": item}))
        elif not isinstance(item, dict):
            entries.append(Problem("", f"neither a URL nor an object: {json.dumps(item)[:40]}", item=number))
        else:
            entries.append((where, _json_fields(origin, item)))
    return origin, entries


def _json_items(data) -> list | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        inner = next((data[k] for k in _LIST_KEYS if isinstance(data.get(k), list)), None)
        return inner if inner is not None else ([data] if any(_is_url_name(k) for k in data) else None)
    return None


def _json_kind(data, items: list) -> str:
    objects = [i for i in items[:20] if isinstance(i, dict)]
    if any("seendate" in i or "url_mobile" in i for i in objects):
        return "gdelt-doc"
    if (isinstance(data, dict) and "totalResults" in data) or any(
            "publishedAt" in i or "urlToImage" in i for i in objects):
        return "newsapi"
    if any("stories_id" in i or "media_name" in i for i in objects):
        return "mediacloud"
    return "json" if objects else "urls"


def _json_fields(origin: str, item: dict) -> dict:
    if origin == "gdelt-doc":
        return {"url": item.get("url"), "title": item.get("title"), "published": item.get("seendate"),
                "source": item.get("domain"), "language": item.get("language")}
    if origin == "newsapi":
        source = item.get("source")
        return {"url": item.get("url"), "title": item.get("title"), "published": item.get("publishedAt"),
                "source": source.get("name") if isinstance(source, dict) else source}
    if origin == "mediacloud":
        return {f: next((item[n] for n in names if n in item), None) for f, names in _MEDIACLOUD.items()}
    return _generic(item)


def _when(value) -> pd.Timestamp | None:
    """A list's date as UTC: GDELT's 20220224101500 or 20220224T101500Z, else any form the loader reads."""
    if is_missing(value):
        return None
    compact = _COMPACT_TIME.match(str(value).strip())
    if compact:
        try:
            return pd.Timestamp(*map(int, compact.groups()), tz="UTC")
        except ValueError:
            return None
    return parse_date(value)


def _frame(origin: str, entries: list, name: str) -> pd.DataFrame:
    """One row per distinct http(s) URL; problems named with the file; duplicates fill what the first lacks."""
    problems: list[Problem] = []
    rows: dict[str, dict] = {}
    duplicates = 0
    for entry in entries:
        if isinstance(entry, Problem):
            problems.append(Problem(name, entry.reason, entry.line, entry.item))
            continue
        where, raw = entry
        row, reason = _row(raw, origin)
        if reason:
            problems.append(Problem(name, reason, **where))
            if row is None:
                continue
        if row["url"] in rows:
            duplicates += 1
            first = rows[row["url"]]
            rows[row["url"]] = {k: first[k] if not _blank(first[k]) else row[k] for k in COLUMNS}
            continue
        rows[row["url"]] = row
    if not rows:
        shown = "; ".join(f"{p.where}: {p.reason}" for p in problems[:3])
        raise UrlListError(f"{name}: no usable URL in this {origin} list" + (f" ({shown})" if shown else ""))
    frame = pd.DataFrame(list(rows.values()), columns=list(COLUMNS))
    frame["published"] = pd.to_datetime(frame["published"], utc=True).astype("datetime64[ns, UTC]")
    frame.attrs.update(problems=problems, duplicates=duplicates, origin=origin)
    return frame


def _blank(value) -> bool:
    return value is None or value is pd.NaT or value == ""


def _row(raw: dict, origin: str) -> tuple[dict | None, str | None]:
    """(row, None); (None, why) for an item without an http(s) URL; (row, why) for an unreadable date."""
    given = one_line(raw.get("url"))
    try:
        url = normalise_url(given) if given else ""
    except ValueError as e:  # 'Invalid IPv6 URL' and the like
        return None, f"not a valid URL ({e}): {given[:80]!r}"
    if not url:
        return None, "no URL"
    if not re.match(r"^https?://[^/?#\s]+", url):
        return None, f"not an http(s) URL: {given[:80]!r}"
    row = {k: one_line(raw.get(k)) for k in _TEXT}
    row.update(url=url, origin=origin, published=_when(raw.get("published")))
    if row["published"] is None and not is_missing(raw.get("published")):
        return row, f"unrecognised date {one_line(raw.get('published'))[:40]!r} (published is NaT)"
    return row, None
