"""`discover`'s YAML loads as pasted, over the gazetteer it was found with, and proposes no generic alias."""
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import load_articles
from analysis.discover import DISCOVER_COLUMNS, discover_actors, discovered_yaml
from analysis.gazetteer import Gazetteer, as_gazetteer, load_gazetteer

from conftest import SAMPLE, shared_file


def frame(*texts):
    return pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "title": "", "standfirst": "",
                         "text": list(texts), "published": pd.Timestamp("2025-03-01", tz="UTC")})


def entries(snippet: str) -> dict:
    return {a["name"]: a for a in yaml.safe_load(snippet)["actors"]}


def loads_over_bundled(snippet: str, tmp_path):
    path = tmp_path / "discovered.yml"
    path.write_text(snippet, encoding="utf-8")
    return load_gazetteer(path)


def test_generic_words_numerals_and_ordinals_are_never_aliases(tmp_path):
    texts = ["The Cold War ended. The Great Patriotic War is remembered. The Black Sea was calm.",
             "Queen Elizabeth II and King Charles III spoke. Pope Leo XIV and Louis Fourteenth were cited.",
             "Ambassador Jane Marlowe met Ambassador Kofi Marlowe. Ambassador Oksana Tereshko left.",
             "Minister Pavel North and Deputy Minister Ivan 2nd spoke."] * 2
    table = discover_actors(frame(*texts), min_count=2)
    snippet = discovered_yaml(table)
    found = entries(snippet)
    for name in ("Cold War", "Great Patriotic War", "Black Sea", "Jane Marlowe", "Kofi Marlowe", "Oksana Tereshko",
                 "Pavel North"):
        assert name in found
    aliases = {name: entry["aliases"] for name, entry in found.items()}
    assert aliases["Oksana Tereshko"] == ["Tereshko"]                    # the one surname no one else uses
    assert aliases["Jane Marlowe"] == aliases["Kofi Marlowe"] == []      # "Marlowe" would name both
    for name in ("Cold War", "Great Patriotic War", "Black Sea", "Pavel North"):
        assert aliases[name] == []                                       # War, Sea, North
    assert all(not alias or alias[0] not in {"II", "III", "XIV", "Fourteenth", "2nd"} for alias in aliases.values())
    gazetteer = loads_over_bundled(snippet, tmp_path)
    assert {"Cold War", "Oksana Tereshko"} <= {a.name for a in gazetteer.actors}


def test_names_and_surnames_the_gazetteer_has_are_left_out():
    table = pd.DataFrame([
        {"name": "Vladimir Putin", "kind": "person", "side": "Russia", "titles": "", "count": 3, "articles": 2},
        {"name": "Ivan Putin", "kind": "person", "side": "Russia", "titles": "", "count": 2, "articles": 2},
        {"name": "Marta Smithers", "kind": "person", "side": "Other", "titles": "", "count": 2, "articles": 1},
        {"name": "Smithers", "kind": "person?", "side": "Other", "titles": "", "count": 2, "articles": 1},
        {"name": "Kremlin spokesman", "kind": "person?", "side": "Other", "titles": "", "count": 2, "articles": 1},
    ], columns=DISCOVER_COLUMNS)
    snippet = discovered_yaml(table, as_gazetteer(None))
    found = entries(snippet)
    assert set(found) == {"Ivan Putin", "Marta Smithers", "Smithers"}   # Putin and a title are known forms
    assert found["Ivan Putin"]["aliases"] == []        # "Putin" is Vladimir Putin's alias
    assert found["Marta Smithers"]["aliases"] == []    # "Smithers" is another new entry's name
    assert "# Left out, the gazetteer already has them: Vladimir Putin, Kremlin spokesman" in snippet


def test_discovered_yaml_loads_over_the_bundled_gazetteer_on_the_sample(tmp_path):
    articles = load_articles(SAMPLE)
    for min_count in (1, 2):
        table = discover_actors(articles, min_count=min_count)
        gazetteer = loads_over_bundled(discovered_yaml(table), tmp_path)
        assert len(gazetteer.actors) == len(as_gazetteer(None).actors) + len(entries(discovered_yaml(table)))


@pytest.mark.slow
@pytest.mark.shared
def test_discovered_yaml_loads_over_the_bundled_gazetteer_on_real_news(tmp_path):
    articles = load_articles(shared_file("news_fulltext"))
    table = discover_actors(articles, min_count=1)
    assert len(table) > 500
    snippet = discovered_yaml(table)
    gazetteer = loads_over_bundled(snippet, tmp_path)
    assert len(gazetteer.actors) == len(as_gazetteer(None).actors) + len(entries(snippet))
    for entry in entries(snippet).values():
        for alias in entry["aliases"]:
            assert alias not in {"War", "Sea", "II", "North", "South"}


_WORDS = st.one_of(st.sampled_from(["Putin", "War", "Sea", "II", "Vladimir Putin", "Kremlin spokesman", "No",
                                    "null", "True", "1st", "#x", "a: b", "'q'", "Smith"]),
                   st.text(min_size=1, max_size=12))
_ROWS = st.fixed_dictionaries({
    "name": st.lists(_WORDS, min_size=1, max_size=4).map(" ".join), "count": st.integers(1, 9),
    "articles": st.integers(1, 9), "title": st.text(max_size=10), "titles": st.text(max_size=20),
    "kind": st.sampled_from(["person", "person?", "organization", "state", "weird", ""]),
    "side": st.text(max_size=8)})


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_ROWS, max_size=8))
def test_any_table_gives_a_file_that_loads(tmp_path, rows):
    bundled = as_gazetteer(None)
    path = tmp_path / "discovered.yml"
    path.write_text(discovered_yaml(pd.DataFrame(rows, columns=DISCOVER_COLUMNS), bundled), encoding="utf-8")
    # as load_gazetteer lays the file over the bundled one, without parsing the bundled file again
    merged = {a.name: a for a in bundled.actors} | {a.name: a for a in load_gazetteer(path, base=None).actors}
    Gazetteer(list(merged.values()), bundled.roles)


def test_the_example_is_the_whole_sentence_also_at_the_start_of_a_text():
    text = "The Black Sea was calm on Monday. Ships crossed the Black Sea.\nLater the Black Sea froze."
    table = discover_actors(frame(text, "Black Sea trade resumed. More."), min_count=2).set_index("name")
    assert table.loc["Black Sea", "example"] == "The Black Sea was calm on Monday."
    one_line = "word " * 1000 + "the Black Sea" + " word" * 10
    example = discover_actors(frame(one_line, one_line), min_count=2).set_index("name").loc["Black Sea", "example"]
    assert example.startswith("word word") and "Black Sea" in example  # no sentence start: the words before
