"""`collect` and `update` as a scheduled job runs them: real processes against a loopback server, a real
store, a real report; sources.yml checked line by line; an interrupted collection resumed."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from analysis.collect import SourcesError, collection_folder, read_sources_file
from analysis.collect.client import retry_after
from analysis.load import load_articles
from analysis.locks import exclusive
from analysis.store import Store
from newsserver import NewsServer
from test_collect import sample_site

from conftest import PROJECT_ROOT

EXPORTS = PROJECT_ROOT / "tests" / "data" / "exports"


def command(*args):
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    return [sys.executable, "-m", "analysis", *map(str, args)], env


def run(*args):
    argv, env = command(*args)
    return subprocess.run(argv, capture_output=True, text=True, cwd=PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL)


@pytest.fixture
def server():
    with NewsServer(sample_site()) as running:
        yield running


def test_collect_fetches_ingests_and_a_second_run_changes_nothing(server, tmp_path):
    store = tmp_path / "store"
    first = run("collect", server.url("/feed.xml"), "--store", store, "--delay", "0")
    assert first.returncode == 0, first.stderr
    assert "5 items, 5 new; 5 fetched, 0 failed, 5 articles" in first.stderr
    assert "5 new" in first.stderr.splitlines()[-1]  # the ingest's summary
    articles = Store(store).articles()
    assert len(articles) == 5 and set(articles["source"]) == {"Loopback News"}
    second = run("collect", server.url("/feed.xml"), "--store", store, "--delay", "0")
    assert second.returncode == 0 and "not modified since the last run" in second.stderr
    assert len(Store(store).articles()) == 5


def test_a_source_that_cannot_be_read_exits_1_and_names_it(server, tmp_path):
    server.site.failing.add("/feed.xml")
    done = run("collect", server.url("/feed.xml"), "--store", tmp_path, "--delay", "0", "--retries", "0")
    assert done.returncode == 1 and "cannot be read: HTTP 500 (1 try)" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("text, message", [
    ("sources: []\n", "sources.yml:1: sources: a list of feeds and URL files"),
    ("sources:\n  - name: Wire\n", "sources.yml:2: give a source one of feed:"),
    ("sources:\n  - name: Wire\n    feed: ftp://x.example/rss\n", "sources.yml:3: feed: an http(s) URL"),
    ("sources:\n  - name: Wire\n    feed: https://x.example/rss\n    every: 2\n",
     "sources.yml:4: unknown key 'every'"),
    ("sources:\n  - name: A\n    urls: missing.csv\n", "sources.yml:3: urls: no such file 'missing.csv'"),
    ("sources:\n  - {name: A, feed: 'https://x.example/a'}\nsettings:\n  delay: -1\n",
     "sources.yml:3: settings: delay: a number of seconds"),
    ("sources:\n  - {name: A, feed: 'https://x.example/a'}\nsettings:\n  speed: 2\n",
     "sources.yml:4: unknown setting 'speed'"),
    ("sources:\n  - {name: A, feed: 'https://x.example/a'}\n  - {name: A, feed: 'https://x.example/b'}\n",
     "two sources are named 'A'"),
    ("sources: [\n", "sources.yml:2: invalid YAML"),
])
def test_a_bad_sources_file_is_refused_with_its_line(tmp_path, text, message):
    path = tmp_path / "sources.yml"
    path.write_text(text)
    done = run("collect", path, "--store", tmp_path / "store")
    assert done.returncode == 2 and message in done.stderr, done.stderr
    assert not (tmp_path / "store").exists()


def test_a_sources_file_gives_names_options_and_settings(tmp_path):
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "gdelt.txt").write_text("https://x.example/a\n")
    path = tmp_path / "sources.yml"
    path.write_text("settings:\n  delay: 2.5\n  user_agent: Desk/1.0 (desk@example.org)\nsources:\n"
                    "  - name: Wire\n    feed: https://x.example/rss\n    max_items: 20\n"
                    "  - name: GDELT\n    urls: lists/gdelt.txt\n  - name: Nexis\n    files: exports/\n")
    sources, settings = read_sources_file(path)
    assert [(s.name, s.kind, s.max_items) for s in sources] == [("Wire", "feed", 20), ("GDELT", "list", None),
                                                                ("Nexis", "files", None)]
    assert sources[1].urls == tmp_path / "lists" / "gdelt.txt" and sources[2].files == str(tmp_path / "exports")
    assert settings == {"delay": 2.5, "user_agent": "Desk/1.0 (desk@example.org)"}
    with pytest.raises(SourcesError):
        read_sources_file(tmp_path / "absent.yml")


@pytest.mark.slow
def test_a_killed_collection_resumes_and_stores_every_article_once(tmp_path):
    site = sample_site(8)
    store = tmp_path / "store"
    with NewsServer(site) as server:
        argv, env = command("collect", server.url("/feed.xml"), "--store", store, "--delay", "0.4")
        process = subprocess.Popen(argv, cwd=PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while len(site.requested("/articles/")) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert not (store / "manifest.json").exists()  # killed before its ingest
        done = run("collect", server.url("/feed.xml"), "--store", store, "--delay", "0")
        assert done.returncode == 0, done.stderr
        pages = site.requested("/articles/")
    articles = Store(store).articles()
    assert sorted(articles["url"]) == sorted({server.url(f"/articles/s{i}.html") for i in range(8)})
    assert len(pages) <= 9  # each page once; at most the one in flight when killed, twice
    assert not list(collection_folder(store).rglob("*.tmp"))


@pytest.mark.slow
def test_update_collects_ingests_and_reports_and_a_second_one_waits(server, tmp_path):
    store, out = tmp_path / "store", tmp_path / "reports"
    sources = tmp_path / "sources.yml"
    sources.write_text(f"settings:\n  delay: 0\nsources:\n  - name: Loopback\n    feed: {server.url('/feed.xml')}\n"
                       f"  - name: Database exports\n    files: {EXPORTS}\n")
    done = run("update", "--sources", sources, "--store", store, "--out", out, "--window", "4w",
               "--as-of", "2025-08-01")
    assert done.returncode == 0, done.stderr
    assert "Loopback (feed): 5 items, 5 new; 5 fetched, 0 failed, 5 articles" in done.stderr
    assert "report written to" in done.stdout and (out / "index.html").exists()
    assert "update: 5 new articles collected, 0 URLs failed" in done.stderr
    stored = Store(store).articles()
    from_exports = stored[stored["path"].str.contains("exports")]  # Nexis, Factiva, ProQuest: a row an article
    assert sorted(from_exports["article_id"]) == sorted(load_articles(EXPORTS)["article_id"])
    assert len(stored) == len(from_exports) + 5
    with exclusive(collection_folder(store) / "update.lock", "busy", "an update"):
        waiting = run("update", "--sources", sources, "--store", store, "--out", out)
    assert waiting.returncode == 3 and "an update is running" in waiting.stderr


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from(list("sourcesfeedurlsname:- \n[]{}'\"#&*!|>%@`,?0123456789\t")),
                    max_size=120))
def test_junk_sources_files_give_sources_or_a_clear_error(tmp_path, text):
    path = tmp_path / "sources.yml"
    path.write_text(text)
    try:
        sources, settings = read_sources_file(path)
    except SourcesError as e:
        assert str(e).startswith(str(path))
    else:
        assert sources and all(s.name for s in sources) and isinstance(settings, dict)


@given(value=st.one_of(st.text(max_size=40), st.integers(0, 10**6).map(str),
                       st.datetimes().map(lambda d: d.strftime("%a, %d %b %Y %H:%M:%S GMT"))))
def test_a_retry_after_header_is_seconds_or_nothing(value):
    wait = retry_after(value)
    assert wait is None or wait >= 0
