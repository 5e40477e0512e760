"""Actor mentions on hand-counted passages, with the small gazetteer in tests/data/mini_actors.yml."""
import pandas as pd
import pytest

from analysis.gazetteer import load_gazetteer
from analysis.mentions import MENTION_COLUMNS, find_mentions

from conftest import PROJECT_ROOT

MINI = PROJECT_ROOT / "tests" / "data" / "mini_actors.yml"


@pytest.fixture(scope="module")
def mini():
    return load_gazetteer(MINI, base=None)


def articles(*texts, published="2025-02-18", title="", standfirst="", author=""):
    return pd.DataFrame({
        "article_id": [f"a{i}" for i in range(len(texts))], "title": title, "standfirst": standfirst,
        "author": author, "text": list(texts), "published": pd.Timestamp(published, tz="UTC")})


def found(mentions):
    return list(zip(mentions["actor"].astype(str), mentions["surface"]))


def test_columns_and_offsets(mini):
    text = "Putin spoke. Zelensky answered."
    m = find_mentions(articles(text), mini)
    assert list(m.columns) == MENTION_COLUMNS
    for row in m.itertuples():
        assert text[row.start:row.end] == row.surface
    assert m["sentence"].tolist() == [0, 1]
    assert m["kind"].astype(str).tolist() == ["person", "person"]
    assert m["side"].astype(str).tolist() == ["Russia", "Ukraine"]


@pytest.mark.parametrize("text, expected", [
    ("Russia’s army and Russia's navy", [("Russia", "Russia"), ("Russia", "Russia")]),
    ("U.S.-brokered talks", [("United States", "U.S.")]),
    ("the Russia-Ukraine war", [("Russia", "Russia"), ("Ukraine", "Ukraine")]),
    ("tell us about the EU and the US", [("European Union", "EU"), ("United States", "US")]),
    ("a museum in Europe; USB sticks; the USA", [("United States", "USA")]),
    ("Europeans and eu rules; un plan; the UN plan", [("United Nations", "UN")]),
    ("Putinism and Rasputin and Kremlinology", []),
    ("NATO, Nato and the North Atlantic Treaty Organization", [("NATO", "NATO"), ("NATO", "Nato"), ("NATO", "North Atlantic Treaty Organization")]),
    ("Kyiv and Kiev and Moscow", [("Ukraine", "Kyiv"), ("Ukraine", "Kiev"), ("Russia", "Moscow")]),
    ("Russian troops and Ukrainian officials", []),
    ("«Zelenskyy» (Zelensky) “Putin”", [("Volodymyr Zelenskiy", "Zelenskyy"), ("Volodymyr Zelenskiy", "Zelensky"), ("Vladimir Putin", "Putin")]),
    ("Volodymyr Zelenskyy met Mr. Putin", [("Volodymyr Zelenskiy", "Volodymyr Zelenskyy"), ("Vladimir Putin", "Mr. Putin")]),
    ("ZELENSKY in capitals and zelensky in lower case", []),
    # The longest key fails its boundary ("U.S. president|ial"); the shorter one inside still counts.
    ("the U.S. presidential race", [("United States", "U.S.")]),
    ("the U.S. president's call", [("Donald Trump", "U.S. president")]),
])
def test_boundaries_case_and_longest_match(mini, text, expected):
    assert found(find_mentions(articles(text), mini)) == expected


def test_acronym_in_parentheses_after_long_form_is_one_mention(mini):
    m = find_mentions(articles("The Armed Forces of Ukraine (AFU) held. Later the AFU retreated."), mini)
    assert found(m) == [("Armed Forces of Ukraine", "Armed Forces of Ukraine"), ("Armed Forces of Ukraine", "AFU")]
    assert m["start"].tolist() == [4, 50]


def test_title_resolves_by_publication_date(mini):
    text = "The secretary of state met the Kremlin spokesman."
    in_2024 = find_mentions(articles(text, published="2024-06-01"), mini)
    in_2025 = find_mentions(articles(text, published="2025-03-01"), mini)
    assert found(in_2024) == [("Antony Blinken", "secretary of state"), ("Dmitry Peskov", "Kremlin spokesman")]
    assert found(in_2025) == [("Marco Rubio", "secretary of state"), ("Dmitry Peskov", "Kremlin spokesman")]
    assert set(in_2024["via"].astype(str)) == {"title"}
    # Between Blinken leaving (2025-01-20) and Rubio taking office (2025-01-21) nobody holds it.
    assert found(find_mentions(articles(text, published="2025-01-20"), mini)) == [("Dmitry Peskov", "Kremlin spokesman")]


def test_title_before_a_name_and_in_apposition_are_one_mention(mini):
    text = ("Russian President Vladimir Putin spoke. Putin, the Russian president, listened. "
            "Ukraine’s president answered. Kremlin Spokesman Dmitry Peskov agreed.")
    m = find_mentions(articles(text), mini)
    assert found(m) == [("Vladimir Putin", "Russian President Vladimir Putin"), ("Vladimir Putin", "Putin"),
                        ("Volodymyr Zelenskiy", "Ukraine’s president"), ("Dmitry Peskov", "Kremlin Spokesman Dmitry Peskov")]
    assert m["via"].astype(str).tolist() == ["name", "alias", "title", "name"]


def test_title_before_another_persons_name_counts_for_the_name(mini):
    m = find_mentions(articles("Former U.S. secretary of state Blinken said so."), mini, )
    assert found(m) == [("Antony Blinken", "U.S. secretary of state Blinken")]


def test_title_standfirst_and_body_are_searched_but_not_the_byline(mini):
    frame = articles("Putin said no. Zelensky said yes.", title="Putin rejects plan",
                     standfirst="Kyiv says yes", author="Vladimir Putin")
    m = find_mentions(frame, mini)
    assert list(zip(m["field"].astype(str), m["actor"].astype(str), m["start"])) == [
        ("title", "Vladimir Putin", 0), ("standfirst", "Ukraine", 0),
        ("text", "Vladimir Putin", 0), ("text", "Volodymyr Zelenskiy", 15)]


def test_paragraph_and_sentence_indices_survive_abbreviations(mini):
    text = ("Mr. Putin met U.S. envoys on Feb. 12 in Moscow. Zelensky was not there.\n\n"
            "Gen. Ivanov said the EU would wait. J. D. Smith disagreed with Kyiv.")
    m = find_mentions(articles(text), mini)
    assert list(zip(m["surface"], m["paragraph"], m["sentence"])) == [
        ("Mr. Putin", 0, 0), ("U.S.", 0, 0), ("Moscow", 0, 0), ("Zelensky", 0, 1),
        ("EU", 1, 2), ("Kyiv", 1, 3)]


def test_hand_counted_passage(mini):
    text = ("Ukraine and Russia swapped prisoners on Friday, Kyiv said, the first exchange since "
            "Russia’s foreign ministry accused Ukraine of stalling. The Kremlin said Putin approved it.\n\n"
            "Zelenskyy thanked the U.N. and the United States. “The UN helped,” the Ukrainian "
            "president said. NATO stayed silent; Nato diplomats in Brussels declined to comment.")
    m = find_mentions(articles(text), mini)
    counts = m["actor"].astype(str).value_counts().to_dict()
    # Counted by hand: Ukraine 3 (Ukraine, Kyiv, Ukraine), Russia 2, Kremlin 1, Putin 1,
    # Zelenskiy 2 (Zelenskyy, "the Ukrainian president"), UN 2 (U.N., UN), US 1, NATO 2.
    assert counts == {"Ukraine": 3, "Russia": 2, "Kremlin": 1, "Vladimir Putin": 1, "Volodymyr Zelenskiy": 2,
                      "United Nations": 2, "United States": 1, "NATO": 2}


def test_empty_and_missing_text(mini):
    m = find_mentions(articles("", "No actors here."), mini)
    assert m.empty and list(m.columns) == MENTION_COLUMNS
    none = find_mentions(articles()[MENTION_COLUMNS[:1] + ["text"]].iloc[0:0], mini)
    assert none.empty
