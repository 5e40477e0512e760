"""The pages a collection keeps: raw HTML written whole (temporary file, then renamed) under
`raw/<host>/`, and their articles written out in batches of JSON lines that the store ingests like any
file. Articles come from the raw pages by the loader's HTML reader, so they can be extracted again
without the network."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from ..load.decode import decode_bytes
from ..load.fields import body_text, normalise_url, one_line
from ..load.html import read_html
from ..load.problems import FileProblem
from .state import Page

#: The content types kept as pages; anything else is refused with its type.
HTML_TYPES = {"text/html", "application/xhtml+xml", ""}
_FROM_LIST = ("title", "published", "author", "standfirst")


def raw_name(url: str) -> str:
    """The raw file of a URL, relative to the collection folder: one folder per host."""
    host = re.sub(r"[^a-z0-9.-]+", "_", urlsplit(url).netloc.lower()) or "_"
    return f"raw/{host}/{hashlib.sha256(url.encode()).hexdigest()[:24]}.html"


def write_whole(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that `path` never holds part of it (temporary file, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)


def remove_partial(folder: Path) -> int:
    """Remove the temporary files an interrupted run left; returns how many."""
    removed = 0
    for stray in folder.rglob(".*.tmp") if folder.exists() else ():
        stray.unlink(missing_ok=True)
        removed += 1
    return removed


def charset(content_type: str) -> str | None:
    found = re.search(r"charset=[\"']?([\w.:-]+)", content_type or "", re.I)
    return found.group(1) if found else None


def article(folder: Path, page: Page) -> dict:
    """The article in a kept page, as a record of article fields: the page's own metadata, else what
    its feed or list said; its URL the page's canonical link, else the final URL it was fetched from.
    FileProblem when the page holds no article text."""
    data = (folder / page.file).read_bytes()
    try:
        text, _ = decode_bytes(data, page.meta.get("charset"))
    except (FileProblem, LookupError):
        text, _ = decode_bytes(data)
    record = read_html(text)
    if not record.paragraphs:
        raise FileProblem("no article text found in the page")
    fields = {k: v for k, v in record.fields.items() if v not in (None, "")}
    canonical = normalise_url(one_line(fields.get("url", "")), page.final_url)
    fields["url"] = canonical if urlsplit(canonical).scheme in ("http", "https") else page.final_url
    for name in _FROM_LIST:
        if not fields.get(name) and page.meta.get(name):
            fields[name] = page.meta[name]
    if not fields.get("source"):
        fields["source"] = page.meta.get("source_name") or page.source
    fields["text"] = body_text(record.paragraphs)
    return {k: (v.isoformat() if isinstance(v, dt.datetime) else v) for k, v in fields.items()}


def write_batch(folder: Path, pages: list[Page]) -> tuple[Path | None, list[str], dict[str, str]]:
    """Write the articles of `pages` as one new JSON-lines batch under `articles/`.

    Returns (the batch file or None when no page held an article, the URLs written out, and why each
    page without an article had none)."""
    lines, done, notes = [], [], {}
    for page in pages:
        try:
            lines.append(json.dumps(article(folder, page), ensure_ascii=False, default=str))
        except FileProblem as e:
            notes[page.url] = e.reason
        except OSError as e:
            notes[page.url] = f"raw page cannot be read: {e.strerror or e}"
        done.append(page.url)
    if not lines:
        return None, done, notes
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    batch = folder / "articles" / f"{stamp}.jsonl"
    write_whole(batch, ("\n".join(lines) + "\n").encode("utf-8"))
    return batch, done, notes
