"""Real corpora end to end, as a scheduled job runs them: ingest the full-text articles and the NYT
export into a store from a folder outside the project, compact it while a report reads it, report
with relative paths. Skipped where the development corpora are absent."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT_ROOT, shared_file

pytestmark = [pytest.mark.slow, pytest.mark.shared]


def cli(*args, cwd: Path, wait: bool = True):
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    command = [sys.executable, "-m", "analysis", *map(str, args)]
    if not wait:
        return subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return subprocess.run(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=900)


def test_ingest_compact_under_a_reading_report_and_report_with_relative_paths(tmp_path):
    fulltext = shared_file("news_fulltext")
    nyt = shared_file("nyt_ukraine", "NYT_Ukraine_full_data.csv")
    home = tmp_path / "job"
    home.mkdir()
    (home / "corpora").symlink_to(fulltext.parent)  # relative paths from the job's own folder

    first = cli("ingest", "corpora/news_fulltext", "--store", "store", cwd=home)
    assert first.returncode == 0, first.stderr[-3000:]
    second = cli("ingest", "corpora/nyt_ukraine/NYT_Ukraine_full_data.csv", "--base-url",
                 "https://www.nytimes.com", "--store", "store", cwd=home)
    assert second.returncode == 0, second.stderr[-3000:]

    from analysis import load_articles
    from analysis.store import Store

    expected = len(load_articles(fulltext)) + len(load_articles(nyt, base_url="https://www.nytimes.com"))
    stored = Store(home / "store").articles(columns=["title"])
    assert stored["article_id"].is_unique
    # a story in both corpora (same title and text) is stored once
    assert expected - 10 <= len(stored) <= expected

    report = cli("report", "--corpus", "store", "--out", "reports", "--jobs", "2", cwd=home, wait=False)
    compactions = 0
    while report.poll() is None and compactions < 5:
        compacted = cli("compact", "--store", "store", cwd=home)
        assert compacted.returncode in (0, 3), compacted.stderr[-2000:]
        compactions += compacted.returncode == 0
        cli("ingest", "corpora/news_fulltext", "--store", "store", cwd=home)  # a no-op top-up
    out, err = report.communicate(timeout=900)
    assert report.returncode == 0, err[-3000:]
    assert compactions >= 1
    page = Path(out.strip().rsplit(" ", 1)[-1])
    page = page if page.is_absolute() else home / page
    assert page.is_file() and page.is_relative_to(home / "reports")
    values = json.loads((page.parent / "corpus_overview" / "values.json").read_text("utf-8"))
    assert values["articles"] == len(stored)
    run = json.loads((page.parent / "run.json").read_text("utf-8"))
    assert run["status"] == "ok" and all(n["status"] == "ok" for n in run["notebooks"])
    assert not list(PROJECT_ROOT.glob(".incomplete-*"))
