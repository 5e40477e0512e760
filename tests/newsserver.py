"""A news site on loopback for the collector's tests: RSS and Atom feeds with ETag and Last-Modified,
article pages, and the ways real servers misbehave (slow, failing, flaky, rate-limiting, redirecting,
robots-forbidden, oversized, not HTML). Every request is logged with its headers."""
from __future__ import annotations

import email.utils
import html
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


@dataclass
class Story:
    slug: str
    title: str
    published: str  # ISO, UTC
    paragraphs: list[str]
    author: str = ""


def page_html(story: Story, canonical: str | None = None) -> str:
    link = f'<link rel="canonical" href="{html.escape(canonical)}">' if canonical else ""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in story.paragraphs)
    byline = f'<meta name="author" content="{html.escape(story.author)}">' if story.author else ""
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(story.title)} | Loopback "
            f"News</title><meta property='article:published_time' content='{story.published}'>{byline}{link}"
            f"</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article>"
            f"<h1>{html.escape(story.title)}</h1>{body}</article><footer>© Loopback News</footer></body></html>")


def rss(title: str, base: str, items: list[tuple[str, Story]]) -> str:
    entries = "".join(
        f"<item><title>{escape(s.title)}</title><link>{escape(path if '://' in path else base + path)}</link>"
        f"<pubDate>{email.utils.format_datetime(_parse(s.published))}</pubDate>"
        f"<description>{escape(s.paragraphs[0][:200])}</description></item>" for path, s in items)
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{escape(title)}</title>"
            f"<link>{escape(base)}</link><description>test</description>{entries}</channel></rss>")


def atom(title: str, base: str, items: list[tuple[str, Story]]) -> str:
    entries = "".join(
        f"<entry><title>{escape(s.title)}</title><link href='{escape(path)}'/><id>{escape(base + path)}</id>"
        f"<updated>{s.published}</updated><summary>{escape(s.paragraphs[0][:200])}</summary></entry>"
        for path, s in items)
    return (f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom' xml:base='{base}/'>"
            f"<title>{escape(title)}</title><id>{base}/atom</id><updated>2024-01-01T00:00:00Z</updated>"
            f"{entries}</feed>")


def _parse(iso: str):
    import datetime as dt
    return dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))


@dataclass
class Site:
    """What the server serves; tests change it between runs (a new item, a failure that clears)."""
    stories: dict[str, Story] = field(default_factory=dict)
    # feed path -> (kind "rss"|"atom", title, [(item path, story slug)])
    feeds: dict[str, tuple[str, str, list[tuple[str, str]]]] = field(default_factory=dict)
    robots: str = "User-agent: *\nDisallow: /private/\n"
    failing: set[str] = field(default_factory=set)  # paths that answer 500
    slow_seconds: float = 3.0
    big_bytes: int = 8 * 2**20
    flaky_left: dict[str, int] = field(default_factory=dict)  # path -> 503s still to give
    log: list[tuple[str, dict, float]] = field(default_factory=list)  # (path, headers, monotonic time)
    lock: threading.Lock = field(default_factory=threading.Lock)
    in_flight: int = 0
    most_in_flight: int = 0

    def hits(self, path: str) -> int:
        with self.lock:
            return sum(1 for p, _, _ in self.log if p == path)

    def requested(self, prefix: str = "/") -> list[str]:
        with self.lock:
            return [p for p, _, _ in self.log if p.startswith(prefix)]


class _Handler(BaseHTTPRequestHandler):
    site: Site
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep the test output quiet
        pass

    def do_GET(self):
        site = self.server.site
        with site.lock:
            site.log.append((self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()))
            site.in_flight += 1
            site.most_in_flight = max(site.most_in_flight, site.in_flight)
        try:
            self._route(site)
        finally:
            with site.lock:
                site.in_flight -= 1

    def _route(self, site: Site):
        path = self.path.split("?")[0]
        kind, _, slug = path.strip("/").partition("/")
        route = getattr(self, f"_{kind}", None) if path != "/robots.txt" else self._robots
        if path in site.failing:
            return self._send(500, b"server error", "text/plain")
        if path in site.feeds:
            return self._feed(path)
        if route is None:
            return self._send(404, b"not found", "text/plain")
        return route(slug.removesuffix(".html"))

    def _send(self, status: int, body: bytes, ctype: str, headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if body:
            self.wfile.write(body)

    def _story(self, slug: str, canonical: str | None = None):
        story = self.server.site.stories.get(slug)
        if story is None:
            return self._send(404, b"no such story", "text/plain")
        return self._send(200, page_html(story, canonical).encode(), "text/html; charset=utf-8")

    def _robots(self, _):
        return self._send(200, self.server.site.robots.encode(), "text/plain")

    def _feed(self, path: str):
        kind, title, items = self.server.site.feeds[path]
        base = f"http://{self.headers['Host']}"
        stories = [(p, self.server.site.stories[slug]) for p, slug in items]
        body = (rss if kind == "rss" else atom)(title, base, stories).encode()
        etag = f'"{hash(body) & 0xffffffff:x}"'
        modified = "Mon, 01 Jan 2024 00:00:00 GMT"
        if self.headers.get("If-None-Match") == etag:
            return self._send(304, b"", "application/rss+xml", {"ETag": etag, "Last-Modified": modified})
        return self._send(200, body, "application/rss+xml", {"ETag": etag, "Last-Modified": modified})

    def _articles(self, slug):
        return self._story(slug)

    def _private(self, slug):
        return self._story(slug)

    def _moved(self, slug):
        return self._send(301, b"", "text/html", {"Location": f"/articles/{slug}.html"})

    def _loop(self, slug):
        return self._send(302, b"", "text/html", {"Location": f"/loop/{slug}"})

    def _slow(self, slug):
        time.sleep(self.server.site.slow_seconds)
        return self._story(slug)

    def _flaky(self, slug):
        site = self.server.site
        with site.lock:
            left = site.flaky_left.get(slug, 1)
            site.flaky_left[slug] = left - 1
        if left > 0:
            return self._send(503, b"busy", "text/plain", {"Retry-After": "1"})
        return self._story(slug)

    def _limited(self, slug):
        return self._send(429, b"slow down", "text/plain", {"Retry-After": "3600"})

    def _big(self, slug):
        return self._send(200, b"<html><body>" + b"x" * self.server.site.big_bytes + b"</body></html>",
                          "text/html")

    def _trickle(self, slug):
        """A page sent a few bytes at a time, each soon after the last, for a long time."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        try:
            for _ in range(200):
                self.wfile.write(b"<p>more</p>\n")
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass
        self.close_connection = True

    def _pdf(self, slug):
        return self._send(200, b"%PDF-1.4 not a page", "application/pdf")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that hung up (a size limit, a timeout) is what these tests make happen


class NewsServer:
    """The site on 127.0.0.1 at a free port, in a thread, for a `with` block."""

    def __init__(self, site: Site):
        self.site = site
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.site = site
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return self.base + path
