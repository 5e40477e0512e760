"""The corpus report: one folder per run, an index of runs, escaped text, nothing half-written."""
import datetime as dt
import json

import pytest

from analysis import load_articles
from analysis import reports as reports_module
from analysis.reports import write_corpus_report


@pytest.fixture
def articles(tmp_path, write):
    write("c/a.jsonl", "\n".join(json.dumps(r) for r in [
        {"title": "Oval Office <script>alert('x')</script>", "text": "Trump & Vance met Zelenskiy.",
         "date": "2025-02-28T17:00:00Z", "source": "Capital Ledger"},
        {"title": "Minerals deal", "text": "Signed.", "date": "2025-04-30", "source": "Capital Ledger"},
        {"title": "Riyadh", "text": "Talks.", "date": "2025-02-18", "source": ""},
    ]))
    write("c/empty.txt", b"")
    return load_articles(tmp_path / "c")


def test_run_folder_index_and_escaping(tmp_path, articles):
    out = tmp_path / "reports"
    when = dt.datetime(2025, 5, 1, 6, 0, tzinfo=dt.timezone.utc)
    page = write_corpus_report(articles, ["c"], out, now=when)
    assert page == out / "20250501T060000Z-corpus" / "index.html"
    html = page.read_text()
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "empty.txt: empty file" in html
    assert "<td>2025-02</td><td class=\"num\">2</td>" in html  # two articles in February
    assert "<td>Capital Ledger</td><td class=\"num\">2</td>" in html and "(unknown)" in html
    folder = page.parent
    assert (folder / "articles.csv").read_text().count("\n") >= 4
    assert json.loads((folder / "load_report.json").read_text())["loaded"] == 3
    index = (out / "index.html").read_text()
    assert 'href="20250501T060000Z-corpus/index.html"' in index

    later = write_corpus_report(articles, ["c"], out, now=when + dt.timedelta(days=7))
    index = (out / "index.html").read_text()
    assert index.index("20250508T060000Z-corpus") < index.index("20250501T060000Z-corpus")
    again = write_corpus_report(articles, ["c"], out, now=when)
    assert again.parent.name == "20250501T060000Z-corpus-2" and later.exists() and page.exists()


def test_failed_run_leaves_nothing_behind_and_keeps_earlier_runs(tmp_path, articles, monkeypatch):
    out = tmp_path / "reports"
    first = write_corpus_report(articles, ["c"], out, now=dt.datetime(2025, 5, 1, tzinfo=dt.timezone.utc))

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(reports_module, "table_bytes", explode)
    with pytest.raises(RuntimeError):
        write_corpus_report(articles, ["c"], out, now=dt.datetime(2025, 5, 2, tzinfo=dt.timezone.utc))
    assert sorted(p.name for p in out.iterdir()) == ["20250501T000000Z-corpus", "index.html"]
    assert first.exists()
