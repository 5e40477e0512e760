"""What the collector remembers between runs, in one SQLite file beside the store's tables: each feed's
validators (ETag, Last-Modified), the queue of URLs still to fetch (new ones, and failed ones with their
reason and attempts), and every page fetched (its final URL, raw file and the batch it went out in).

Each change is one transaction, so an interrupted run leaves a state the next run resumes from.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, checked TEXT);
CREATE TABLE IF NOT EXISTS queue (url TEXT PRIMARY KEY, source TEXT, meta TEXT, added TEXT,
                                  attempts INTEGER DEFAULT 0, reason TEXT, last_tried TEXT);
CREATE TABLE IF NOT EXISTS pages (url TEXT PRIMARY KEY, final_url TEXT, file TEXT, fetched TEXT,
                                  source TEXT, meta TEXT, batch TEXT, note TEXT);
CREATE INDEX IF NOT EXISTS pages_final ON pages (final_url);
"""


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Queued:
    """A URL waiting to be fetched, with what its feed or list said of it."""
    url: str
    source: str
    meta: dict
    attempts: int = 0
    reason: str | None = None


@dataclass(frozen=True)
class Page:
    """A page fetched and kept: its raw file (relative to the collection folder) and metadata."""
    url: str
    final_url: str
    file: str
    source: str
    meta: dict


class State:
    """The collection state in `folder/state.sqlite`."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(folder / "state.sqlite", isolation_level=None)
        self.db.executescript(_SCHEMA)

    def close(self) -> None:
        self.db.close()

    # ----------------------------------------------------------------- feeds
    def validators(self, feed: str) -> dict:
        """The conditional-request headers for `feed` from its last answer."""
        row = self.db.execute("SELECT etag, last_modified FROM feeds WHERE url = ?", (feed,)).fetchone()
        headers = {}
        if row and row[0]:
            headers["If-None-Match"] = row[0]
        if row and row[1]:
            headers["If-Modified-Since"] = row[1]
        return headers

    def feed_read(self, feed: str, etag: str | None, last_modified: str | None, items: list[Queued]) -> int:
        """Queue a feed's new items and keep its validators, in one transaction (so an interrupted run
        cannot record the feed as read and lose its items). Returns how many were new."""
        with self._transaction():
            new = self._enqueue(items)
            self.db.execute("INSERT OR REPLACE INTO feeds VALUES (?, ?, ?, ?)", (feed, etag, last_modified, now()))
        return new

    # ----------------------------------------------------------------- the queue
    def enqueue(self, items: list[Queued]) -> int:
        with self._transaction():
            return self._enqueue(items)

    def _enqueue(self, items: list[Queued]) -> int:
        new = 0
        for item in items:
            if self.known(item.url):
                continue
            cursor = self.db.execute("INSERT OR IGNORE INTO queue (url, source, meta, added) VALUES (?, ?, ?, ?)",
                                     (item.url, item.source, json.dumps(item.meta, default=str), now()))
            new += cursor.rowcount
        return new

    def known(self, url: str) -> bool:
        """Whether `url` was fetched already (as asked, or as a redirect's final URL)."""
        return self.db.execute("SELECT 1 FROM pages WHERE url = ? OR final_url = ? LIMIT 1", (url, url)).fetchone() \
            is not None

    def queued(self) -> list[Queued]:
        rows = self.db.execute("SELECT url, source, meta, attempts, reason FROM queue ORDER BY added, url")
        return [Queued(u, s, json.loads(m or "{}"), a, r) for u, s, m, a, r in rows]

    def failed(self, url: str, reason: str) -> None:
        self.db.execute("UPDATE queue SET attempts = attempts + 1, reason = ?, last_tried = ? WHERE url = ?",
                        (reason, now(), url))

    def failures(self) -> list[tuple[str, str, str, int]]:
        """(url, source, reason, attempts) of every URL whose last try failed."""
        return self.db.execute("SELECT url, source, reason, attempts FROM queue WHERE reason IS NOT NULL "
                               "ORDER BY source, url").fetchall()

    def drop(self, url: str) -> None:
        """Forget a queued URL that is already stored (say, under the final URL of another)."""
        self.db.execute("DELETE FROM queue WHERE url = ?", (url,))

    # ----------------------------------------------------------------- pages
    def fetched(self, item: Queued, final_url: str, file: str) -> None:
        with self._transaction():
            self.db.execute("INSERT OR REPLACE INTO pages (url, final_url, file, fetched, source, meta) "
                            "VALUES (?, ?, ?, ?, ?, ?)",
                            (item.url, final_url, file, now(), item.source, json.dumps(item.meta, default=str)))
            self.db.execute("DELETE FROM queue WHERE url = ?", (item.url,))

    def pending(self) -> list[Page]:
        """Pages fetched but not yet written out as articles."""
        rows = self.db.execute("SELECT url, final_url, file, source, meta FROM pages WHERE batch IS NULL "
                               "ORDER BY fetched, url")
        return [Page(u, f, p, s, json.loads(m or "{}")) for u, f, p, s, m in rows]

    def pages(self) -> list[Page]:
        rows = self.db.execute("SELECT url, final_url, file, source, meta FROM pages ORDER BY fetched, url")
        return [Page(u, f, p, s, json.loads(m or "{}")) for u, f, p, s, m in rows]

    def written(self, batch: str, urls: list[str], notes: dict[str, str]) -> None:
        """Record that `urls` went out in `batch`; `notes` holds why a page gave no article."""
        with self._transaction():
            for url in urls:
                self.db.execute("UPDATE pages SET batch = ?, note = ? WHERE url = ?", (batch, notes.get(url), url))

    def without_article(self) -> list[tuple[str, str]]:
        """(url, why) of the pages fetched that held no article."""
        return self.db.execute("SELECT url, note FROM pages WHERE note IS NOT NULL ORDER BY url").fetchall()

    def _transaction(self):
        return _Transaction(self.db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, value, traceback):
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
