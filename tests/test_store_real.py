"""The development corpora through the store: a full-text clippings folder and the NYT CSV ingested
into one store by the command line, then compacted while a reader reads every table."""
import os
import re
import subprocess
import sys
import threading

import pandas as pd
import pytest

from analysis.load import load_articles
from analysis.store import Store

from conftest import PROJECT_ROOT, shared_file

pytestmark = [pytest.mark.slow, pytest.mark.shared]
NYT_BASE = "https://www.nytimes.com"


def cli(*args):
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], capture_output=True, text=True,
                          env=env, cwd=PROJECT_ROOT, timeout=900)


def test_real_corpora_ingest_and_a_compaction_under_a_reader(tmp_path):
    fulltext = shared_file("news_fulltext")
    nyt = shared_file("nyt_ukraine", "NYT_Ukraine_full_data.csv")
    root = tmp_path / "store"
    result = cli("ingest", fulltext, nyt, "--base-url", NYT_BASE, "--store", root)
    assert result.returncode == 0, result.stderr[-3000:]  # was exit 1: InvalidIndexError
    loaded = load_articles([fulltext, nyt], base_url=NYT_BASE)
    store = Store(root)
    articles = store.articles(columns=["title"])
    assert articles["article_id"].is_unique and store.index()["article_id"].is_unique
    assert len(articles) == loaded["article_id"].nunique() == len(loaded)
    again = cli("ingest", fulltext, nyt, "--base-url", NYT_BASE, "--store", root)
    assert again.returncode == 0 and "0 articles read" in again.stderr, again.stderr[-3000:]

    expected = {name: len(store.table(name)) for name in ("mentions", "quotes", "milestones")}
    expected["articles"] = len(articles)
    done, reads, failures = threading.Event(), [], []

    def reader():
        while not done.is_set():
            try:
                seen = {name: len(store.table(name)) for name in ("mentions", "quotes", "milestones")}
                seen["articles"] = len(Store(root).articles(columns=["title"]))
                reads.append(seen == expected)
            except Exception as e:
                failures.append(repr(e))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        compacted = cli("compact", "--store", root)
    finally:
        done.set()
        thread.join(120)
    assert compacted.returncode == 0, compacted.stderr[-3000:]
    assert int(re.search(r"(\d+) table-months rewritten", compacted.stderr).group(1)) > 0  # files were replaced
    assert failures == [] and reads and all(reads)
    after = store.table("mentions")
    assert len(after) == expected["mentions"] and isinstance(after["actor"].dtype, pd.CategoricalDtype)
