"""Mentions in six sample articles against counts made by hand (tests/expected/sample_mentions.yml).

The rules the hand counts follow are those of analysis.mentions: exact case-sensitive names,
aliases and acronyms at word boundaries, longest match first, titles resolved to the role holder on
the publication day, a title before a name or in apposition counted once, title/standfirst/body
only (never the byline or site furniture).
"""
import pytest
import yaml

from analysis import find_mentions, load_articles

from conftest import PROJECT_ROOT, SAMPLE

EXPECTED = yaml.safe_load((PROJECT_ROOT / "tests" / "expected" / "sample_mentions.yml").read_text())["articles"]


@pytest.fixture(scope="module")
def sample():
    articles = load_articles(SAMPLE)
    return articles, find_mentions(articles)


def test_at_least_five_articles_are_hand_counted():
    assert len(EXPECTED) >= 5
    assert len({e["path"].split("/")[0].split(".")[-1] for e in EXPECTED}) >= 4  # several formats


@pytest.mark.parametrize("entry", EXPECTED, ids=lambda e: e["path"])
def test_counts_match_the_hand_counts(sample, entry):
    articles, mentions = sample
    (article_id,) = articles.loc[articles["title"] == entry["title"], "article_id"]
    assert str(articles.set_index("article_id").loc[article_id, "published"].date()) == str(entry["published"])
    found = mentions[mentions["article_id"] == article_id]["actor"].astype(str).value_counts().to_dict()
    assert found == entry["counts"]
