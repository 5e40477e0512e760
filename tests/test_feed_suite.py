"""feedparser's own test suite (6.0.12, pinned in tests/data) as a peer's test suite for the feed
reader: how many of its expectations about the fields the articles table carries the loader meets
(benchmarks/feed_suite.py says what counts), a floor at the measured figures, and not one file of the
suite may make the loader raise. Then the reader's fixes that the comparison led to, one by one."""
from __future__ import annotations

import importlib.util
import sys

import pytest

from analysis.load import load_articles
from analysis.load.feeds import read_feed

from conftest import PROJECT_ROOT

_SPEC = importlib.util.spec_from_file_location("feed_suite", PROJECT_ROOT / "benchmarks" / "feed_suite.py")
suite = sys.modules.setdefault("feed_suite", importlib.util.module_from_spec(_SPEC))
_SPEC.loader.exec_module(suite)

#: The figures measured when the floor was set (2026-12-03): agreed checks per field, of how many.
FLOOR = {"title": (142, 145), "link": (16, 16), "author": (17, 19), "summary": (564, 565),
         "content": (71, 71), "published": (23, 23)}


@pytest.fixture(scope="module")
def tally():
    return suite.run()


@pytest.mark.slow
def test_the_loader_reads_the_suites_items_as_it_expects(tally):
    print("\n" + suite.table(tally))
    assert tally.files == 2242
    assert tally.considered >= 834
    by_field = tally.by_field()
    for name, (agreed, checks) in FLOOR.items():
        got_agreed, got_disagreed = by_field[name]
        assert got_agreed + got_disagreed >= checks, name
        assert got_agreed >= agreed, f"{name}: {got_agreed} agreed, the floor is {agreed}"
    assert tally.agreed >= 833


@pytest.mark.slow
def test_no_file_of_the_suite_makes_the_loader_raise(tally):
    assert tally.crashes == []
    assert tally.loaded + tally.problems >= tally.files  # each loads, or says why not


def test_expectations_become_checks_on_carried_fields_only():
    found = suite.checks("not bozo and entries[0]['title_detail']['value'] == 'Example' "
                         "and entries[0]['title_detail']['type'] == 'text/plain'")
    assert [(c.field, c.path, c.expected) for c in found] == [("title", ("title_detail", "value"), "Example")]
    chained = suite.checks("entries[0]['id'] == entries[1]['id'] == 'x' and entries[1]['link'] == 'http://a.example/'")
    assert [(c.field, c.entry) for c in chained] == [("link", 1)]
    assert suite.checks("bozo and feed['title'] == 'x'") == []
    assert suite.text_of("a<br/>b &amp; <b>c</b>", html=True) == "a b & c"
    assert suite.text_of("History of the <blink> tag", html=False) == "History of the <blink> tag"


def _one(feed: str) -> dict:
    records = list(read_feed(feed.encode()))
    assert len(records) == 1
    return {**records[0].fields, "paragraphs": records[0].paragraphs}


def test_an_html_title_is_read_as_text():
    item = _one('<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="html">Talks &amp;amp; '
                '&lt;b&gt;truce&lt;/b&gt;</title><content>Body.</content></entry></feed>')
    assert item["title"] == "Talks & truce"


def test_plain_text_keeps_its_angle_brackets():
    item = _one('<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title>'
                '<content type="text">History of the &lt;blink&gt; tag</content></entry></feed>')
    assert item["paragraphs"] == ["History of the <blink> tag"]


def test_an_item_with_only_a_description_is_an_article(tmp_path):
    path = tmp_path / "f.rss"
    path.write_text('<rss version="2.0"><channel><title>Wire</title><item><link>https://w.example/1</link>'
                    '<description>Envoys met in Geneva on Monday.</description></item></channel></rss>')
    frame = load_articles(path)
    assert frame["text"].tolist() == ["Envoys met in Geneva on Monday."]
    assert frame["url"].tolist() == ["https://w.example/1"]


def test_the_author_is_a_name_and_several_are_joined():
    atom = ('<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title><summary>S</summary>'
            '<author><name>Olena Petrenko</name><email>op@example.com</email></author>{}</entry></feed>')
    assert _one(atom.format(""))["author"] == "Olena Petrenko"
    assert _one(atom.format("<author><name>Jan Kowalski</name></author>"))["author"] == "Olena Petrenko and Jan Kowalski"


def test_an_entry_without_a_summary_has_no_standfirst_copied_from_its_content():
    item = _one('<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title>'
                '<content type="html">&lt;p&gt;One.&lt;/p&gt;&lt;p&gt;Two.&lt;/p&gt;</content></entry></feed>')
    assert item["standfirst"] == "" and item["paragraphs"] == ["One.", "Two."]


def test_items_of_a_malformed_feed_keep_their_place_in_it():
    feed = ('<rss version="2.0"><channel><item><link>https://w.example/0</link></item>'
            '<item><title>Kept</title><description>Whole.</description></item><broken></channel></rss>')
    records = list(read_feed(feed.encode()))
    assert records[0].reason.startswith("malformed feed")
    assert [(r.number, r.fields["title"]) for r in records[1:]] == [(2, "Kept")]
