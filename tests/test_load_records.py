"""The loader's records are dataclasses: what a reader notes travels in attributes, never in keys a
file could also hold."""
import dataclasses
import json

from analysis.load import Record, load_articles
from analysis.load.records import ArticleRow, as_record
from analysis.schema import ARTICLE_COLUMNS


def test_an_article_row_has_every_column_of_the_articles_table():
    fields = [f.name for f in dataclasses.fields(ArticleRow)]
    assert fields[:len(ARTICLE_COLUMNS)] == ARTICLE_COLUMNS
    assert fields[len(ARTICLE_COLUMNS):] == ["where", "text_key"]


def test_keys_that_look_private_are_only_fields_of_the_file(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps([{"title": "Talks resume", "text": "Delegates met in Riyadh.",
                                 "date": "2025-02-18", "_warnings": "not a warning",
                                 "_paragraphs": ["not the body"], "_where": {"line": 9}}]))
    articles = load_articles(path)
    report = articles.attrs["load_report"]
    assert articles["text"].tolist() == ["Delegates met in Riyadh."]
    assert report.warnings == [] and report.loaded == 1


def test_a_reader_may_yield_records_or_pairs():
    assert as_record(({"title": "x"}, 4)) == Record({"title": "x"}, 4)
    record = Record({"title": "x"}, 3, paragraphs=["one"], warnings=["w"])
    assert as_record(record) is record
