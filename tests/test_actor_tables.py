"""Quotes, counts, share of voice, co-occurrence and discovery, on hand-written passages."""
import pandas as pd
import pytest

from analysis.actor_stats import cooccurrence, cooccurrence_matrix, mention_counts, share_of_voice
from analysis.discover import discover_actors, discovered_yaml
from analysis.gazetteer import load_gazetteer
from analysis.mentions import find_mentions
from analysis.quotes import QUOTE_COLUMNS, find_quotes

from conftest import PROJECT_ROOT

MINI = load_gazetteer(PROJECT_ROOT / "tests" / "data" / "mini_actors.yml", base=None)

QUOTED = """“This is the start of a long and difficult road,” the secretary of state told reporters.

Peskov said the talks had been useful and would continue next week.

“We talked, and we agreed to keep talking,” Putin said. “Nothing more for now,” he added.

Zelensky told reporters: “Ukraine will not accept any deal made without us.”

The plan is dead, according to Peskov, the Kremlin spokesman.

According to Blinken, the alliance would hold together for years.

Kyiv wants guarantees before any ceasefire, Zelenskyy said on Friday.

The talks were “useful”, officials said. “A scare quote” appeared without a speaker.

“We will continue,” the Kremlin spokesman said before the talks, adding that a quick result was unlikely."""


def frame(texts, dates):
    return pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "title": "", "standfirst": "",
                         "text": texts, "published": pd.to_datetime(dates, utc=True)})


def test_quote_attribution():
    articles = frame([QUOTED], ["2025-02-18"])
    table = find_quotes(articles, find_mentions(articles, MINI))
    assert list(table.columns) == QUOTE_COLUMNS
    got = list(zip(table["actor"], table["kind"], table["cue"], table["via"], table["quote"]))
    assert got == [
        ("Marco Rubio", "direct", "told", "title", "This is the start of a long and difficult road"),
        ("Dmitry Peskov", "reported", "said", "alias", "the talks had been useful and would continue next week"),
        ("Vladimir Putin", "direct", "said", "alias", "We talked, and we agreed to keep talking"),
        ("Vladimir Putin", "direct", "added", "pronoun", "Nothing more for now"),
        ("Volodymyr Zelenskiy", "direct", "told", "alias", "Ukraine will not accept any deal made without us"),
        ("Dmitry Peskov", "reported", "according to", "alias", "The plan is dead"),
        ("Antony Blinken", "reported", "according to", "alias", "the alliance would hold together for years"),
        ("Volodymyr Zelenskiy", "reported", "said", "alias", "Kyiv wants guarantees before any ceasefire"),
        ("Dmitry Peskov", "direct", "said", "title", "We will continue"),
    ]
    assert table["paragraph"].tolist() == [0, 1, 2, 2, 3, 4, 5, 6, 8]
    for row in table.itertuples():
        assert row.quote in QUOTED[row.start:row.end]


def two_articles():
    texts = ["Putin and Zelensky met. Kyiv and Moscow agreed.\n\nPutin left.",
             "Zelensky spoke with Rubio about Russia. Putin was absent."]
    return frame(texts, ["2025-02-03", "2025-02-12"])


def test_counts_by_actor_side_and_period():
    articles = two_articles()
    m = find_mentions(articles, MINI)
    counts = mention_counts(m)
    assert counts.set_index("actor")["mentions"].to_dict() == {
        "Vladimir Putin": 3, "Volodymyr Zelenskiy": 2, "Ukraine": 1, "Russia": 2, "Marco Rubio": 1}
    assert counts.set_index("actor").loc["Vladimir Putin", "articles"] == 2
    assert counts["actor"].iloc[0] == "Vladimir Putin"
    by_side = mention_counts(m, by="side").set_index("side")["mentions"].to_dict()
    assert by_side == {"Russia": 5, "Ukraine": 3, "United States": 1}
    weekly = mention_counts(m, by="side", articles=articles, freq="week")
    assert weekly["period"].unique().tolist() == [pd.Timestamp("2025-02-03", tz="UTC"), pd.Timestamp("2025-02-10", tz="UTC")]
    assert weekly[weekly["period"] == pd.Timestamp("2025-02-03", tz="UTC")].set_index("side")["mentions"].to_dict() == {"Russia": 3, "Ukraine": 2}
    per_article = mention_counts(m, by="article_id").set_index("article_id")["mentions"].to_dict()
    assert per_article == {"a0": 5, "a1": 4}


def test_share_of_voice():
    articles = two_articles()
    share = share_of_voice(find_mentions(articles, MINI)).set_index("side")["share"]
    assert share.to_dict() == pytest.approx({"Russia": 5 / 9, "Ukraine": 3 / 9, "United States": 1 / 9})
    monthly = share_of_voice(find_mentions(articles, MINI), articles=articles, freq="month")
    assert monthly.groupby("period")["share"].sum().tolist() == pytest.approx([1.0])


def test_bad_parameters_are_named():
    m = find_mentions(two_articles(), MINI)
    with pytest.raises(ValueError, match="freq='fortnight'"):
        mention_counts(m, articles=two_articles(), freq="fortnight")
    with pytest.raises(ValueError, match="needs articles="):
        mention_counts(m, freq="week")
    with pytest.raises(ValueError, match="by='colour'"):
        mention_counts(m, by="colour")
    with pytest.raises(ValueError, match="within='chapter'"):
        cooccurrence(m, within="chapter")


def test_cooccurrence_within_sentence_paragraph_article():
    m = find_mentions(two_articles(), MINI)
    sentence = cooccurrence(m, within="sentence")
    assert list(sentence.itertuples(index=False, name=None)) == [
        ("Marco Rubio", "Russia", 1), ("Marco Rubio", "Volodymyr Zelenskiy", 1), ("Russia", "Ukraine", 1),
        ("Russia", "Volodymyr Zelenskiy", 1), ("Vladimir Putin", "Volodymyr Zelenskiy", 1)]
    article = cooccurrence(m, within="article").set_index(["actor_a", "actor_b"])["count"]
    assert article[("Vladimir Putin", "Volodymyr Zelenskiy")] == 2
    paragraph = cooccurrence(m, within="paragraph", min_count=2)
    assert list(paragraph.itertuples(index=False, name=None)) == [
        ("Russia", "Vladimir Putin", 2), ("Russia", "Volodymyr Zelenskiy", 2), ("Vladimir Putin", "Volodymyr Zelenskiy", 2)]
    matrix = cooccurrence_matrix(article.reset_index())
    assert matrix.loc["Volodymyr Zelenskiy", "Vladimir Putin"] == matrix.loc["Vladimir Putin", "Volodymyr Zelenskiy"] == 2
    assert (matrix.values.diagonal() == 0).all()


def test_empty_mentions_give_empty_tables():
    m = find_mentions(frame(["Nobody here."], ["2025-01-01"]), MINI)
    assert mention_counts(m).empty and cooccurrence(m).empty and share_of_voice(m).empty
    assert find_quotes(frame(["Nobody here."], ["2025-01-01"]), m).empty


def test_discover_unknown_names_with_titles():
    texts = ["Secretary of State Marco Rubio met Kremlin aide Yuri Ushakov. Ushakov and Rubio talked.",
             "Presidential envoy Kirill Dmitriev joined Yuri Ushakov in Riyadh. On Monday Kirill Dmitriev left.",
             "Turkish Foreign Minister Hakan Fidan hosted the State Department team."]
    articles = frame(texts, ["2025-02-18", "2025-02-19", "2025-05-16"])
    found = discover_actors(articles, find_mentions(articles, MINI), min_count=2).set_index("name")
    assert "Marco Rubio" not in found.index and "Monday" not in " ".join(found.index)
    assert found.loc["Yuri Ushakov", "count"] == 2 and found.loc["Yuri Ushakov", "articles"] == 2
    assert found.loc["Yuri Ushakov", "titles"] == "Kremlin aide ×1"
    assert found.loc["Kirill Dmitriev", "titles"] == "Presidential envoy ×1"
    assert found.loc["Kirill Dmitriev", "count"] == 2  # "On Monday Kirill Dmitriev" too
    assert found.loc["Kirill Dmitriev", "first_seen"] == pd.Timestamp("2025-02-19", tz="UTC")
    single = discover_actors(articles, find_mentions(articles, MINI), min_count=1).set_index("name")
    assert single.loc["Hakan Fidan", "title"] == "Turkish Foreign Minister"
    assert single.loc["Hakan Fidan", "side"] == "Turkey"
    assert "State Department" in single.index
    snippet = discovered_yaml(single.reset_index(), MINI)
    assert "- name: Hakan Fidan" in snippet and "aliases: [Fidan]" in snippet
    import yaml
    parsed = yaml.safe_load(snippet)
    assert {a["name"] for a in parsed["actors"]} == set(single.index)
