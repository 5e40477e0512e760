"""The bundled sample corpus loads exactly as hand-written in tests/expected/sample_articles.yml."""
import pandas as pd
import pytest
import yaml

from analysis import load_articles

from conftest import PROJECT_ROOT, SAMPLE

EXPECTED = yaml.safe_load((PROJECT_ROOT / "tests" / "expected" / "sample_articles.yml").read_text())
FIELDS = ("title", "standfirst", "source", "author", "dateline", "url")


@pytest.fixture(scope="module")
def sample():
    return load_articles(SAMPLE)


@pytest.fixture(scope="module")
def rows_by_title(sample):
    assert sample["title"].is_unique
    return {row["title"]: row for row in sample.to_dict(orient="records")}


def test_every_good_article_loads_and_nothing_else(sample):
    report = sample.attrs["load_report"]
    assert len(sample) == len(EXPECTED["articles"]) >= 40
    assert sorted(sample["title"]) == sorted(e["title"] for e in EXPECTED["articles"])
    assert len(report.duplicates) == EXPECTED["duplicates"]
    assert report.ignored == [str(SAMPLE / "README.md")]
    assert sample["article_id"].is_unique


@pytest.mark.parametrize("entry", EXPECTED["articles"], ids=lambda e: f"{e['path']}#{e.get('index', 0)}")
def test_article_fields(rows_by_title, entry):
    row = rows_by_title[entry["title"]]
    for field in FIELDS:
        assert row[field] == entry[field], field
    assert row["published"] == pd.Timestamp(entry["published"])
    paragraphs = row["text"].split("\n\n")
    assert paragraphs[0].startswith(entry["text_starts"])
    assert paragraphs[-1].endswith(entry["text_ends"])
    assert len(paragraphs) == entry["n_paragraphs"]
    assert row["n_words"] > 100
    for furniture in ("\nShare\n", "Advertisement", "Read more", "Subscribe", "Dismiss", entry["title"]):
        assert furniture not in row["text"]


def test_broken_files_are_reported_by_name(sample):
    skipped = sample.attrs["load_report"].skipped
    assert len(skipped) == len(EXPECTED["broken"])
    for entry in EXPECTED["broken"]:
        (problem,) = [p for p in skipped if p.path == str(SAMPLE / entry["path"])]
        if "line" in entry:
            assert problem.line == entry["line"], str(problem)
        assert entry["reason"] in problem.reason.lower(), str(problem)


def test_formats_in_the_sample(sample):
    suffixes = sample["path"].str.extract(r"\.(\w+)$")[0].value_counts().to_dict()
    for suffix in ("txt", "md", "html", "jsonl", "csv", "rss", "atom", "json"):
        assert suffixes.get(suffix, 0) >= 1, suffix
