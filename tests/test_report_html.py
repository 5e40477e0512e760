"""The exported pages as files: article text escaped wherever it lands, nothing loaded from the web."""
import json
import re
from html.parser import HTMLParser

import pytest

from analysis.reports import DEFAULT_NOTEBOOKS, run_report
from analysis.tables import TABLE_SCRIPT

from conftest import SAMPLE

pytestmark = pytest.mark.slow

#: markup a hostile corpus puts in titles, sources, authors, quotes and its own folder name
HOSTILE = ["<script>alert('x')</script>", "<img src=x onerror=alert(1)>", "<b onmouseover=alert(2)>",
           "<img src=x onerror=alert(3)>", "<img src=x onerror=alert(4)>"]


def hostile_corpus(parent):
    """The sample's readable files plus articles whose fields carry markup, in a folder whose name
    carries markup too (it is shown on the index and run pages)."""
    corpus = parent / "c<img src=x onerror=alert(4)>"
    for path in SAMPLE.rglob("*"):
        if path.is_file() and "broken" not in path.parts:
            target = corpus / path.relative_to(SAMPLE)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    records = [
        {"title": "<script>alert('x')</script> Talks in Geneva", "text": "Envoys met in Geneva on Monday.",
         "date": "2025-08-19T10:00:00Z", "source": "Test Wire"},
        {"title": "<img src=x onerror=alert(1)> Truce", "author": "<b onmouseover=alert(2)>Ann</b>",
         "source": "<b onmouseover=alert(2)>Wire</b>", "date": "2021-06-01T11:00:00Z",  # the first quote shown
         "text": "“<img src=x onerror=alert(3)> the talks in Geneva will go on next week,” Peskov said."},
    ]
    (corpus / "hostile.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    return corpus


class Elements(HTMLParser):
    """Every element of a page with its attributes, and the text inside <script> elements."""

    def __init__(self):
        super().__init__()
        self.elements, self.scripts, self._in_script = [], [], False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def elements(path):
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    page, results = run_report({"corpus": str(hostile_corpus(tmp_path_factory.mktemp("in")))}, out=out, jobs=2)
    assert all(r.status == "ok" for r in results), [r.error for r in results]
    return out, page.parent


def test_article_text_is_escaped_in_every_page(hostile_run):
    out, run = hostile_run
    pages = [out / "index.html", run / "index.html", *(run / f"{name}.html" for name in DEFAULT_NOTEBOOKS)]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for markup in HOSTILE:
            assert markup not in text, (page.name, markup)
        found = elements(page)
        assert not [a for _, attrs in found.elements for a in attrs if a.startswith("on")], page.name
        assert ("img", {"src": "x", "onerror": "alert(1)"}) not in found.elements
    overview = (run / "corpus_overview.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert('x')&lt;/script&gt; Talks in Geneva" in overview
    assert "<td>&lt;b onmouseover=alert(2)&gt;Ann&lt;/b&gt;</td>" in overview
    assert "&lt;img src=x onerror=alert(3)&gt; the talks" in (run / "actor_mentions.html").read_text()
    assert "c&lt;img src=x onerror=alert(4)&gt;" in (out / "index.html").read_text()


def test_pages_load_nothing_from_the_web(hostile_run):
    out, run = hostile_run
    for page in [out / "index.html", *run.glob("*.html")]:
        found = elements(page)
        # the only script is the tables' own search and sort, inline, the same in every page
        own = [attrs for tag, attrs in found.elements if tag == "script"]
        assert all("data-nt-tables" in attrs and "src" not in attrs for attrs in own), page.name
        assert set(found.scripts) <= {TABLE_SCRIPT}, page.name
        assert [tag for tag, _ in found.elements if tag in ("iframe", "object", "embed")] == [], page.name
        for tag, attrs in found.elements:
            for name in ("src", "href", "data", "srcset"):
                value = attrs.get(name) or ""
                assert not re.match(r"\s*(https?:)?//", value) or tag == "a", (page.name, tag, value)
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", text), page.name  # no remote CSS or fonts
        assert "cdn.jsdelivr" not in text and "cdnjs" not in text and "mermaid" not in text.lower()
