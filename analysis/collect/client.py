"""A polite HTTP client for collecting: robots.txt rules, a delay per host, retries with backoff on
429 and 5xx that honour Retry-After, redirects followed with the final URL kept, a size limit, a clear
User-Agent. Built on httpx (the HTTP client) and Protego (robots.txt rules, as Scrapy reads them)."""
from __future__ import annotations

import email.utils
import random
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
from protego import Protego

from .. import __version__

#: Statuses worth trying again later: rate limited, or the server's trouble.
RETRIED = {408, 425, 429, 500, 502, 503, 504}
USER_AGENT = f"NegotiationTracker/{__version__} (news collector for negotiation analysis)"
_ROBOTS_BYTES = 512 * 1024  # RFC 9309: a crawler parses at least the first 500 KiB


@dataclass(frozen=True)
class Politeness:
    """How the collector behaves towards servers; every field can be set in sources.yml or on the
    command line."""

    user_agent: str = USER_AGENT
    delay: float = 1.0  # seconds between two requests to one host (robots.txt Crawl-delay wins if longer)
    concurrency: int = 4  # requests in flight at once, over all hosts
    timeout: float = 20.0  # seconds to connect, and between two reads
    max_seconds: float = 120.0  # the longest one response may take in all (a server trickling bytes)
    retries: int = 3  # further attempts after a timeout, a 429 or a 5xx
    backoff: float = 1.0  # first wait before a retry, doubled each time (Retry-After wins)
    max_wait: float = 120.0  # the longest Retry-After a run waits for; longer ones fail until next run
    max_bytes: int = 5 * 2**20  # the most a page or feed may hold
    robots: bool = True  # honour robots.txt

    def __post_init__(self):
        for name in ("delay", "timeout", "max_seconds", "backoff", "max_wait"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{name}: a number of seconds, 0 or more (not {value!r})")
        for name, least in (("concurrency", 1), ("retries", 0), ("max_bytes", 1)):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < least:
                raise ValueError(f"{name}: a whole number, {least} or more (not {value!r})")
        if not isinstance(self.user_agent, str) or not self.user_agent.strip():
            raise ValueError("user_agent: a name for the collector, such as 'MyTeam-news/1.0 (me@example.org)'")


class FetchFailed(Exception):
    """A URL that could not be fetched this run; the message is the reason shown and recorded."""


@dataclass
class Response:
    url: str  # the final URL, after redirects
    status: int
    headers: dict = field(default_factory=dict)
    body: bytes = b""
    redirected_from: list[str] = field(default_factory=list)
    reason: str = ""  # the status's reason phrase

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds, or an HTTP date), else None."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class Client:
    """One run's HTTP client, shared by its worker threads."""

    def __init__(self, politeness: Politeness = Politeness(), sleep=time.sleep):
        self.politeness, self.sleep = politeness, sleep
        limits = httpx.Limits(max_connections=politeness.concurrency, max_keepalive_connections=politeness.concurrency)
        self.http = httpx.Client(headers={"User-Agent": politeness.user_agent}, follow_redirects=True,
                                 max_redirects=10, timeout=politeness.timeout, limits=limits, trust_env=False)
        self._lock = threading.Lock()
        self._turn: dict[str, float] = {}
        self._robots: dict[str, Protego | str] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self.requests = 0

    def close(self) -> None:
        self.http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ----------------------------------------------------------------- fetching
    def get(self, url: str, headers: dict | None = None) -> Response:
        """The response to GET `url` (a 304 is returned as it is); FetchFailed with the reason otherwise."""
        refused = self.refusal(url)
        if refused:
            raise FetchFailed(refused)
        response = self._fetch(url, headers or {})
        if response.status >= 400:
            raise FetchFailed(f"HTTP {response.status} {response.reason}".rstrip())
        if response.redirected_from and self.refusal(response.url):
            raise FetchFailed(f"redirected to {response.url}: {self.refusal(response.url)}")
        return response

    def _fetch(self, url: str, headers: dict, robots: bool = False) -> Response:
        reason = ""
        for attempt in range(self.politeness.retries + 1):
            self._wait_turn(url)
            try:
                response = self._once(url, headers)
            except httpx.TooManyRedirects:
                raise FetchFailed("too many redirects") from None
            except httpx.TimeoutException:
                reason, wait = f"timed out (no answer within {self.politeness.timeout:g} s)", None
            except (httpx.TransportError, httpx.InvalidURL) as e:
                reason, wait = f"cannot connect: {e or type(e).__name__}", None
            else:
                if response.status not in RETRIED or robots:
                    return response
                reason = f"HTTP {response.status}"
                wait = retry_after(response.headers.get("retry-after"))
                if wait is not None and wait > self.politeness.max_wait:
                    raise FetchFailed(f"{reason}: the server asks to wait {wait:.0f} s, more than the "
                                      f"{self.politeness.max_wait:g} s a run waits; retried next run")
            if attempt == self.politeness.retries:
                break
            if wait is None:
                wait = self.politeness.backoff * 2 ** attempt * random.uniform(0.75, 1.25)
            self.sleep(wait)
        tries = self.politeness.retries + 1
        raise FetchFailed(f"{reason} ({tries} {'try' if tries == 1 else 'tries'})")

    def _once(self, url: str, headers: dict) -> Response:
        limit, started = self.politeness.max_bytes, time.monotonic()
        with self.http.stream("GET", url, headers=headers) as r:
            self.requests += 1 + len(r.history)
            found = Response(str(r.url), r.status_code, {k.lower(): v for k, v in r.headers.items()},
                             redirected_from=[str(h.url) for h in r.history], reason=r.reason_phrase)
            if r.status_code >= 300:
                return found
            claimed = r.headers.get("content-length", "")
            if claimed.isascii() and claimed.isdigit() and int(claimed) > limit:
                raise FetchFailed(_too_large(int(claimed), limit))
            chunks, total = [], 0
            for chunk in r.iter_bytes():
                total += len(chunk)
                if total > limit:
                    raise FetchFailed(_too_large(total, limit, more=True))
                if time.monotonic() - started > self.politeness.max_seconds:
                    raise FetchFailed(f"too slow: still sending after {self.politeness.max_seconds:g} s (max_seconds)")
                chunks.append(chunk)
            found.body = b"".join(chunks)
            return found

    def _wait_turn(self, url: str) -> None:
        """Space requests to one host by the delay (the larger of ours and its Crawl-delay)."""
        host = host_of(url)
        delay = max(self.politeness.delay, self._crawl_delay(host))
        with self._lock:
            now = time.monotonic()
            start = max(now, self._turn.get(host, 0.0))
            self._turn[host] = start + delay
        if start > now:
            self.sleep(start - now)

    # ----------------------------------------------------------------- robots.txt
    def refusal(self, url: str) -> str | None:
        """Why robots.txt keeps our User-Agent from `url`, or None when it may be fetched."""
        if not self.politeness.robots:
            return None
        rules = self._rules(host_of(url))
        if isinstance(rules, str):
            return rules
        return None if rules.can_fetch(url, self.politeness.user_agent) else "forbidden by robots.txt"

    def _crawl_delay(self, host: str) -> float:
        rules = self._robots.get(host) if self.politeness.robots else None
        delay = rules.crawl_delay(self.politeness.user_agent) if isinstance(rules, Protego) else None
        return min(float(delay), self.politeness.max_wait) if delay else 0.0

    def _rules(self, host: str) -> Protego | str:
        """The host's robots.txt rules, read once a run, or why none could be read."""
        with self._lock:
            lock = self._robots_locks.setdefault(host, threading.Lock())
        with lock:
            if host not in self._robots:
                self._robots[host] = self._read_robots(host)
            return self._robots[host]

    def _read_robots(self, host: str) -> Protego | str:
        """RFC 9309: a robots.txt that is not there (4xx) allows everything; one the server fails to
        give (5xx, no answer) forbids everything until it can be read."""
        try:
            response = self._fetch(f"{host}/robots.txt", {}, robots=True)
        except FetchFailed as e:
            return f"robots.txt cannot be read ({e}): nothing is fetched from {host} until it can"
        if 400 <= response.status < 500:
            return Protego.parse("")
        if response.status >= 300:
            return (f"robots.txt cannot be read (HTTP {response.status}): nothing is fetched from "
                    f"{host} until it can")
        return Protego.parse(response.body[:_ROBOTS_BYTES].decode("utf-8", "replace"))


def _too_large(size: int, limit: int, more: bool = False) -> str:
    said = f"more than {size:,}" if more else f"{size:,}"
    return f"too large: {said} bytes, more than the {limit:,} a page may hold (max_bytes)"
