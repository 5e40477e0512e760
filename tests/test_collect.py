"""The collector against a real HTTP server on loopback: feeds and pages built from the project's sample
corpus, and every way a server can misbehave. No test touches any address but 127.0.0.1."""
from __future__ import annotations

import sqlite3
import time

import pytest

from analysis.collect import CollectSource, Politeness, collect, collection_folder, re_extract
from analysis.load import load_articles
from newsserver import NewsServer, Site, Story

from conftest import SAMPLE

FAST = Politeness(delay=0, timeout=2, retries=1, backoff=0.05, max_bytes=2**20)


def sample_site(n: int = 5) -> Site:
    """A site serving the first `n` sample articles as pages, listed in an RSS feed and an Atom feed."""
    site = Site()
    for i, row in enumerate(load_articles(SAMPLE).head(n).itertuples()):
        site.stories[f"s{i}"] = Story(f"s{i}", row.title, row.published.isoformat(), row.text.split("\n\n"),
                                      author=row.author)
    items = [(f"/articles/s{i}.html", f"s{i}") for i in range(n)]
    site.feeds["/feed.xml"] = ("rss", "Loopback News", items)
    site.feeds["/atom.xml"] = ("atom", "Loopback Atom", [(p.lstrip("/"), s) for p, s in items])
    return site


@pytest.fixture
def server():
    with NewsServer(sample_site()) as running:
        yield running


def feed(server, path="/feed.xml", name="Loopback News") -> CollectSource:
    return CollectSource(name, feed=server.url(path))


def test_a_feed_is_collected_page_by_page_with_the_raw_html_kept(server, tmp_path):
    report = collect([feed(server)], tmp_path, FAST)
    assert [(s.items, s.new, s.fetched, s.failed, s.articles) for s in report.sources] == [(5, 5, 5, 0, 5)]
    articles = load_articles(report.batch)
    site = server.site
    assert sorted(articles["title"]) == sorted(s.title for s in site.stories.values())
    assert set(articles["url"]) == {server.url(f"/articles/s{i}.html") for i in range(5)}
    first = articles.set_index("url").loc[server.url("/articles/s0.html")]
    assert first["published"].isoformat() == site.stories["s0"].published
    assert first["text"].split("\n\n") == site.stories["s0"].paragraphs  # the page's furniture left out
    raw = sorted((collection_folder(tmp_path) / "raw").rglob("*.html"))
    assert len(raw) == 5 and all(b"<article>" in p.read_bytes() for p in raw)
    assert all(h["user-agent"].startswith("NegotiationTracker/") for _, h, _ in site.log)


def test_the_next_run_asks_the_feed_conditionally_and_fetches_only_what_is_new(server, tmp_path):
    collect([feed(server)], tmp_path, FAST)
    again = collect([feed(server)], tmp_path, FAST)
    assert again.sources[0].not_modified and again.batch is None
    headers = [h for p, h, _ in server.site.log if p == "/feed.xml"]
    assert "if-none-match" not in headers[0] and headers[1]["if-none-match"]
    server.site.stories["new"] = Story("new", "Envoys agree on a prisoner exchange", "2025-08-01T10:00:00+00:00",
                                       ["Envoys agreed on Friday to exchange prisoners.", "More talks follow."])
    server.site.feeds["/feed.xml"][2].append(("/articles/new.html", "new"))
    third = collect([feed(server)], tmp_path, FAST)
    assert (third.sources[0].items, third.sources[0].new, third.articles) == (6, 1, 1)
    assert all(server.site.hits(f"/articles/s{i}.html") == 1 for i in range(5))  # never fetched twice


def test_the_same_page_in_two_feeds_is_fetched_once(server, tmp_path):
    report = collect([feed(server), feed(server, "/atom.xml", "Atom")], tmp_path, FAST)
    assert [s.new for s in report.sources] == [5, 0]
    assert all(server.site.hits(f"/articles/s{i}.html") == 1 for i in range(5))


def test_failures_are_listed_with_their_reason_and_retried_next_run(server, tmp_path):
    site = server.site
    site.failing.add("/articles/s1.html")
    site.feeds["/feed.xml"][2].extend([("/private/s2.html", "s2"), ("/pdf/s3", "s3"), ("/loop/s4", "s4")])
    report = collect([feed(server)], tmp_path, FAST)
    reasons = {url.removeprefix(server.base): reason for url, _, reason, _ in report.failures}
    assert reasons == {"/articles/s1.html": "HTTP 500 (2 tries)", "/private/s2.html": "forbidden by robots.txt",
                       "/pdf/s3": "not an HTML page (application/pdf)", "/loop/s4": "too many redirects"}
    assert site.hits("/private/s2.html") == 0  # robots.txt is asked first, the page never
    assert report.sources[0].failed == 4 and report.articles == 4
    site.failing.clear()
    retried = collect([feed(server)], tmp_path, FAST)
    assert retried.articles == 1 and {u for u, *_ in retried.failures} == {
        server.url(p) for p in ("/private/s2.html", "/pdf/s3", "/loop/s4")}
    attempts = {u.removeprefix(server.base): a for u, _, _, a in retried.failures}
    assert attempts["/pdf/s3"] == 2


def test_a_retry_after_is_honoured_and_a_long_one_waits_for_the_next_run(server, tmp_path):
    waits = []

    def sleep(seconds):
        waits.append(seconds)

    site = server.site
    site.feeds["/feed.xml"] = ("rss", "x", [("/flaky/s0.html", "s0"), ("/limited/s1", "s1")])
    report = collect([feed(server)], tmp_path, Politeness(delay=0, retries=2, backoff=5), sleep=sleep)
    assert 1.0 in waits and 5 not in waits  # the server's Retry-After: 1, not our own backoff
    assert report.articles == 1 and site.hits("/flaky/s0.html") == 2
    (url, _, reason, _), = report.failures
    assert url.endswith("/limited/s1") and "asks to wait 3600 s" in reason
    assert site.hits("/limited/s1") == 1  # not hammered: given up at once


def test_a_redirect_is_followed_and_the_final_url_kept(server, tmp_path):
    server.site.feeds["/feed.xml"] = ("rss", "x", [("/moved/s2", "s2")])
    report = collect([feed(server)], tmp_path, FAST)
    assert list(load_articles(report.batch)["url"]) == [server.url("/articles/s2.html")]
    db = sqlite3.connect(collection_folder(tmp_path) / "state.sqlite")
    assert db.execute("SELECT url, final_url FROM pages").fetchall() == [
        (server.url("/moved/s2"), server.url("/articles/s2.html"))]


def test_oversized_and_slow_pages_fail_without_leaving_anything(server, tmp_path):
    site = server.site
    site.slow_seconds = 1.5
    site.feeds["/feed.xml"] = ("rss", "x", [("/big/s0", "s0"), ("/slow/s1.html", "s1")])
    report = collect([feed(server)], tmp_path, Politeness(delay=0, timeout=0.5, retries=0, max_bytes=2**20))
    reasons = sorted(r for _, _, r, _ in report.failures)
    assert reasons[0].startswith("timed out (no answer within 0.5 s)")
    assert reasons[1].startswith("too large: 8,388,634 bytes, more than the 1,048,576")
    folder = collection_folder(tmp_path)
    assert report.batch is None and not list(folder.rglob("*.html")) and not list(folder.rglob("*.tmp"))


def test_a_server_trickling_a_page_is_given_up_after_max_seconds(server, tmp_path):
    server.site.feeds["/feed.xml"] = ("rss", "x", [("/trickle/s0", "s0")])
    started = time.monotonic()
    report = collect([feed(server)], tmp_path, Politeness(delay=0, timeout=1, max_seconds=1, retries=0))
    (_, _, reason, _), = report.failures
    assert reason == "too slow: still sending after 1 s (max_seconds)" and time.monotonic() - started < 5


def test_requests_to_one_host_are_spaced_by_the_delay(server, tmp_path):
    collect([feed(server)], tmp_path, Politeness(delay=0.25, concurrency=4))
    times = sorted(t for p, _, t in server.site.log)
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert len(times) == 7 and min(gaps) >= 0.2  # robots.txt, the feed, 5 pages


def test_no_more_requests_in_flight_than_the_concurrency(tmp_path):
    site = sample_site(8)
    site.slow_seconds = 0.3
    site.feeds["/feed.xml"] = ("rss", "x", [(f"/slow/s{i}.html", f"s{i}") for i in range(8)])
    with NewsServer(site) as server:
        report = collect([feed(server)], tmp_path, Politeness(delay=0, concurrency=3))
    assert report.articles == 8 and site.most_in_flight == 3


def test_a_crawl_delay_in_robots_txt_wins_over_a_shorter_delay(server, tmp_path):
    server.site.robots = "User-agent: *\nCrawl-delay: 0.3\nDisallow: /private/\n"
    collect([feed(server)], tmp_path, Politeness(delay=0))
    times = sorted(t for p, _, t in server.site.log if p.startswith("/articles/"))
    assert min(b - a for a, b in zip(times, times[1:])) >= 0.25


def test_a_robots_txt_the_server_cannot_give_forbids_the_host_for_now(server, tmp_path):
    server.site.failing.add("/robots.txt")
    report = collect([feed(server)], tmp_path, FAST)
    assert report.sources[0].problem.startswith("robots.txt cannot be read (HTTP 500")
    assert server.site.requested("/feed.xml") == []


def test_the_user_agent_is_configurable(server, tmp_path):
    collect([feed(server)], tmp_path, Politeness(delay=0, user_agent="BriefingDesk/2.0 (desk@example.org)"))
    assert {h["user-agent"] for _, h, _ in server.site.log} == {"BriefingDesk/2.0 (desk@example.org)"}


def test_an_item_with_a_broken_link_is_skipped_and_the_feed_still_read(server, tmp_path):
    server.site.feeds["/feed.xml"][2].append(("http://[broken/x", "s0"))
    report = collect([feed(server)], tmp_path, FAST)
    (skipped,) = report.sources[0].skipped
    assert "item 6: link not usable" in skipped and report.articles == 5


def test_a_url_that_is_not_a_feed_is_a_source_problem(server, tmp_path):
    report = collect([CollectSource("page", feed=server.url("/articles/s0.html"))], tmp_path, FAST)
    assert report.sources[0].problem and report.failed and report.batch is None


def test_kept_pages_are_extracted_again_without_the_network(server, tmp_path):
    first = collect([feed(server)], tmp_path, FAST)
    before = load_articles(first.batch).sort_values("url").reset_index(drop=True)
    server.__exit__(None, None, None)  # no server any more
    batch, count = re_extract(tmp_path)
    after = load_articles(batch).sort_values("url").reset_index(drop=True)
    assert count == 5 and not first.batch.exists()
    assert after.drop(columns="path").equals(before.drop(columns="path"))


def test_urls_the_store_holds_already_are_not_fetched(server, tmp_path):
    known = server.url("/articles/s0.html")
    report = collect([feed(server)], tmp_path, FAST, stored_urls={known})
    assert report.sources[0].new == 4 and server.site.hits("/articles/s0.html") == 0


@pytest.mark.slow
@pytest.mark.shared
def test_real_articles_come_through_pages_whole(tmp_path):
    """The 224 real articles served as pages behind a feed: every one is fetched, and the text the
    collector extracts from its page is the article's own paragraphs, less the site's furniture."""
    from conftest import shared_file
    from analysis.load.fields import is_furniture, split_paragraphs

    site, originals = Site(), {}
    for path in sorted(shared_file("news_fulltext").glob("*.txt")):
        paragraphs = split_paragraphs(path.read_text(encoding="utf-8"))
        site.stories[path.stem] = Story(path.stem, f"Report {len(site.stories) + 1}", "2023-05-01T08:00:00+00:00",
                                        paragraphs)
        originals[f"/articles/{path.stem}.html"] = " ".join(p for p in paragraphs if not is_furniture(p)).split()
    site.feeds["/feed.xml"] = ("rss", "Real", [(f"/articles/{s}.html", s) for s in site.stories])
    with NewsServer(site) as server:
        report = collect([feed(server)], tmp_path, Politeness(delay=0, concurrency=4))
    assert report.sources[0].fetched == len(originals) == 224 and not report.failures
    articles = load_articles(report.batch, dedupe=False)
    assert len(articles) == 224 and not report.without_article
    assert all(text.split() == originals[url.removeprefix(server.base)]
               for url, text in zip(articles["url"], articles["text"]))


def _url_lists(server) -> dict[str, str]:
    """The same three pages listed the ways GDELT, Media Cloud, NewsAPI and a plain list give them."""
    import json

    urls = [server.url(f"/articles/s{i}.html") for i in range(3)]
    return {
        "plain.txt": "# three pages\n" + "\n".join(urls) + "\nftp://127.0.0.1/not-a-page\n",
        "mediacloud.csv": "id,indexed_date,language,media_name,media_url,publish_date,title,url\n" + "".join(
            f"{i},2025-01-0{i + 1},en,Loopback,http://127.0.0.1,2025-01-0{i + 1},Title {i},{u}\n"
            for i, u in enumerate(urls)),
        "gdelt.json": json.dumps({"articles": [
            {"url": u, "url_mobile": "", "title": f"Title {i}", "seendate": f"2025010{i + 1}T101500Z",
             "socialimage": "", "domain": "127.0.0.1", "language": "English", "sourcecountry": ""}
            for i, u in enumerate(urls)]}),
        "newsapi.json": json.dumps({"status": "ok", "totalResults": 3, "articles": [
            {"source": {"id": None, "name": "Loopback"}, "author": None, "title": f"Title {i}",
             "description": "", "url": u, "urlToImage": None, "publishedAt": f"2025-01-0{i + 1}T10:00:00Z",
             "content": "The first words… [+2100 chars]"} for i, u in enumerate(urls)]}),
    }


@pytest.mark.parametrize("name", ["plain.txt", "mediacloud.csv", "gdelt.json", "newsapi.json"])
def test_a_url_list_gives_its_pages(server, tmp_path, name):
    path = tmp_path / name
    path.write_text(_url_lists(server)[name])
    report = collect([CollectSource("list", urls=path)], tmp_path / "store", FAST)
    assert [(s.kind, s.items, s.new, s.fetched) for s in report.sources] == [("list", 3, 3, 3)]
    if name == "plain.txt":  # the line that is no http(s) URL is reported with its line number
        (skipped,) = report.sources[0].skipped
        assert skipped.startswith(f"{path}:5: not an http(s) URL") and "(1 skipped: no usable URL)" in report.summary()
    articles = load_articles(report.batch)
    assert sorted(articles["url"]) == [server.url(f"/articles/s{i}.html") for i in range(3)]
    assert all(len(text.split()) > 50 for text in articles["text"])  # the page's text, not a cut summary


def test_a_file_that_is_no_url_list_is_a_source_problem(server, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("nothing to fetch here\n")
    report = collect([CollectSource("notes", urls=path)], tmp_path / "store", FAST)
    assert report.sources[0].problem.startswith(str(path)) and server.site.log == []
