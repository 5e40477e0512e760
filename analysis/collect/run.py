"""One collection run over a store's `collected/` folder: read each source's items (feeds with
conditional requests), queue the URLs not fetched before, fetch the queue politely (failed URLs of
earlier runs again too), keep each raw page, and write the new pages' articles out as one batch."""
from __future__ import annotations

import datetime as dt
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..load.feeds import read_feed
from ..load.fields import normalise_url, one_line
from ..load.problems import FileProblem
from ..locks import exclusive
from .client import Client, FetchFailed, Politeness, host_of
from .pages import HTML_TYPES, charset, raw_name, remove_partial, write_batch, write_whole
from .sources import CollectSource, is_url
from .state import Queued, State

COLLECTED = "collected"  # the folder, inside the store, that a collection keeps


@dataclass
class SourceReport:
    """What one source gave this run."""
    name: str
    kind: str
    items: int = 0  # items its feed or list holds
    new: int = 0  # of them, URLs not fetched before
    fetched: int = 0
    failed: int = 0
    articles: int = 0  # pages of it written out as articles this run
    not_modified: bool = False  # the feed answered 304: nothing new since the last run
    problem: str = ""  # why the source itself could not be read
    skipped: list = field(default_factory=list)  # lines or items that hold no usable URL, and why


@dataclass
class CollectReport:
    sources: list[SourceReport] = field(default_factory=list)
    failures: list[tuple] = field(default_factory=list)  # (url, source, reason, attempts), to retry next run
    without_article: list[tuple] = field(default_factory=list)  # (url, why): fetched, but no article in it
    batch: Path | None = None  # the articles written out this run, for the ingest
    articles: int = 0
    requests: int = 0
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return bool(self.failures) or any(s.problem for s in self.sources)

    def summary(self) -> str:
        lines = []
        for s in self.sources:
            said = (f"cannot be read: {s.problem}" if s.problem else "not modified since the last run"
                    if s.not_modified else f"{s.items} items, {s.new} new")
            if s.skipped:
                said += f" ({len(s.skipped)} skipped: no usable URL)"
            lines.append(f"  {s.name} ({s.kind}): {said}; {s.fetched} fetched, {s.failed} failed, "
                         f"{s.articles} articles")
        lines.append(f"{self.articles} articles written out; {len(self.failures)} URLs failed (retried next run); "
                     f"{self.requests} requests in {self.seconds:.1f} s")
        return "\n".join(lines)


def collection_folder(store_dir) -> Path:
    return Path(store_dir) / COLLECTED


def collect(sources: list[CollectSource], store_dir, politeness: Politeness = Politeness(), *,
            stored_urls=frozenset(), sleep=time.sleep) -> CollectReport:
    """Collect `sources` into the store at `store_dir` (its `collected/` folder); one run at a time.

    `stored_urls` are URLs the store holds already (from files ingested before): never fetched.
    """
    folder = collection_folder(store_dir)
    started, report = time.monotonic(), CollectReport()
    with exclusive(folder / "collect.lock", f"{folder} is being collected into", "a collection"):
        remove_partial(folder)
        state = State(folder)
        try:
            with Client(politeness, sleep) as client:
                by_name, stored = {}, set(stored_urls)
                for source in (s for s in sources if s.kind != "files"):
                    by_name[source.name] = _read_source(client, state, source, stored)
                    report.sources.append(by_name[source.name])
                _fetch_queue(client, state, folder, by_name, report)
                report.requests = client.requests
            report.batch, written = _write_out(state, folder)
            for name, count in written.items():
                (by_name.get(name) or _retried(by_name, report, name)).articles = count
            report.articles = sum(written.values())
            report.failures, report.without_article = state.failures(), state.without_article()
        finally:
            state.close()
    report.seconds = time.monotonic() - started
    return report


def _read_source(client: Client, state: State, source: CollectSource, stored: set[str]) -> SourceReport:
    found = SourceReport(source.name, source.kind)
    try:
        if source.feed:
            items, validators = _feed_items(client, state, source, found)
        else:
            items, validators = _list_items(source, found), None
    except (FetchFailed, FileProblem, ValueError, OSError) as e:
        found.problem = getattr(e, "reason", None) or str(e)
        return found
    found.items = len(items)
    items = [i for i in items if i.url not in stored and not state.known(i.url)]
    if source.max_items:
        items = items[:source.max_items]
    found.new = state.feed_read(source.feed, *validators, items) if source.feed and validators \
        else state.enqueue(items)
    return found


def _feed_items(client: Client, state: State, source: CollectSource, found: SourceReport):
    """The feed's items (newest first) and its validators; none when it answers 304 Not Modified."""
    response = client.get(source.feed, headers=state.validators(source.feed))
    if response.status == 304:
        found.not_modified = True
        return [], None
    items = []
    for record in read_feed(response.body):
        if isinstance(record, FileProblem):
            continue  # a malformed feed: the items that came out whole are kept
        try:
            url = normalise_url(one_line(record.fields.get("url", "")), response.url)
        except ValueError as e:  # a link no URL parser takes ("http://[broken")
            found.skipped.append(f"{source.feed}: item {record.number}: link not usable: {e}")
            continue
        if is_url(url):
            meta = {k: str(v) for k, v in record.fields.items() if k != "url" and v not in (None, "")}
            items.append(Queued(url, source.name, {**meta, "source_name": record.fields.get("source") or ""}))
    items.sort(key=lambda i: _when(i.meta.get("published")), reverse=True)
    return items, (response.headers.get("etag"), response.headers.get("last-modified"))


def _when(value) -> pd.Timestamp:
    when = pd.to_datetime(value, utc=True, errors="coerce") if value else pd.NaT
    return pd.Timestamp.min.tz_localize("UTC") if pd.isna(when) else when


def _list_items(source: CollectSource, found: SourceReport) -> list[Queued]:
    from .urllists import read_url_list

    frame = read_url_list(source.urls)
    found.skipped = [str(p) for p in frame.attrs.get("problems", [])]
    items = []
    for row in frame.to_dict("records"):
        meta = {k: str(row[k]) for k in ("title", "published", "language", "origin", "origin_id")
                if k in row and not pd.isna(row[k]) and str(row[k])}
        if row.get("source") and not pd.isna(row["source"]):
            meta["source_name"] = str(row["source"])
        items.append(Queued(row["url"], source.name, meta))
    return items


def _fetch_queue(client: Client, state: State, folder: Path, by_name: dict, report: CollectReport) -> None:
    """Fetch every queued URL, hosts interleaved so that the workers are not all waiting on one."""
    queue = _interleaved(state.queued())
    with ThreadPoolExecutor(max_workers=client.politeness.concurrency, thread_name_prefix="collect") as pool:
        futures = {pool.submit(_fetch_page, client, folder, item): item for item in queue}
        try:
            for future in as_completed(futures):
                item = futures[future]
                counts = by_name.get(item.source) or _retried(by_name, report, item.source)
                try:
                    final_url, file, meta = future.result()
                except FetchFailed as e:
                    state.failed(item.url, str(e))
                    counts.failed += 1
                    continue
                state.fetched(Queued(item.url, item.source, meta), final_url, file)
                counts.fetched += 1
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _retried(by_name: dict, report: CollectReport, name: str) -> SourceReport:
    """The report line of a source not named this run whose failed URLs are tried again."""
    by_name[name] = SourceReport(name, "retried")
    report.sources.append(by_name[name])
    return by_name[name]


def _interleaved(queue: list[Queued]) -> list[Queued]:
    by_host: dict[str, list[Queued]] = defaultdict(list)
    for item in queue:
        by_host[host_of(item.url)].append(item)
    rounds = max((len(v) for v in by_host.values()), default=0)
    return [items[i] for i in range(rounds) for items in by_host.values() if i < len(items)]


def _fetch_page(client: Client, folder: Path, item: Queued) -> tuple[str, str, dict]:
    """Fetch one page and keep it whole: (final URL, raw file, metadata); FetchFailed with the reason."""
    response = client.get(item.url)
    if response.content_type not in HTML_TYPES:
        raise FetchFailed(f"not an HTML page ({response.content_type})")
    if not response.body.strip():
        raise FetchFailed("empty page")
    file = raw_name(response.url)
    write_whole(folder / file, response.body)
    meta = {**item.meta, "final_url": response.url, "fetched": dt.datetime.now(dt.timezone.utc).isoformat()}
    found = charset(response.headers.get("content-type", ""))
    if found:
        meta["charset"] = found
    return normalise_url(response.url), file, meta


def _write_out(state: State, folder: Path) -> tuple[Path | None, Counter]:
    """The pages fetched and not yet written out (this run's, and an interrupted run's), as one batch;
    and how many articles of each source it holds."""
    pending = state.pending()
    if not pending:
        return None, Counter()
    batch, done, notes = write_batch(folder, pending)
    state.written(batch.name if batch else "", done, notes)
    return batch, Counter(p.source for p in pending if p.url not in notes)


def re_extract(store_dir) -> tuple[Path | None, int]:
    """Extract every kept page again (a newer HTML reader) into one batch that replaces the others."""
    folder = collection_folder(store_dir)
    with exclusive(folder / "collect.lock", f"{folder} is being collected into", "a collection"):
        state = State(folder)
        try:
            old = sorted((folder / "articles").glob("*.jsonl"))
            batch, done, notes = write_batch(folder, state.pages())
            state.written(batch.name if batch else "", done, notes)
            for path in old:
                path.unlink()
        finally:
            state.close()
    return batch, len(done) - len(notes)
