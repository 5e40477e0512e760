"""The gazetteer: user files override and extend it; malformed files are rejected with file, entry and reason."""
import datetime as dt

import pandas as pd
import pytest

from analysis.gazetteer import GazetteerError, load_gazetteer, title_variants
from analysis.mentions import find_mentions

from conftest import PROJECT_ROOT

MINI = PROJECT_ROOT / "tests" / "data" / "mini_actors.yml"


def one_article(text, published="2025-02-18"):
    return pd.DataFrame({"article_id": ["x"], "title": [""], "standfirst": [""], "text": [text],
                         "published": [pd.Timestamp(published, tz="UTC")]})


def test_user_file_adds_overrides_and_removes(write):
    user = write("mine.yml", """
version: 1
roles:
  us-envoy:
    titles: [U.S. envoy, special envoy]
actors:
  - name: Steve Witkoff
    kind: person
    side: United States
    aliases: [Witkoff]
    roles: [{role: us-envoy, from: 2025-01-20}]
  - name: Vladimir Putin          # override: drop the "Mr. Putin" alias, add a spelling
    kind: person
    side: Russia
    aliases: [Putin, Poutine]
  - name: NATO
    remove: true
""")
    gazetteer = load_gazetteer(user, base=MINI)
    assert gazetteer.files == [str(MINI), str(user)]
    names = [a.name for a in gazetteer.actors]
    assert "Steve Witkoff" in names and "NATO" not in names
    m = find_mentions(one_article("The special envoy met Poutine and Mr. Putin; NATO watched."), gazetteer)
    assert list(zip(m["actor"].astype(str), m["surface"])) == [
        ("Steve Witkoff", "special envoy"), ("Vladimir Putin", "Poutine"), ("Vladimir Putin", "Putin")]


def test_find_mentions_accepts_a_user_file_path(write):
    user = write("extra.yml", "actors:\n  - {name: Kyrylo Budanov, kind: person, side: Ukraine, aliases: [Budanov]}\n")
    frame = one_article("Budanov said so, and Putin agreed.")
    m = find_mentions(frame, user)  # laid over the bundled gazetteer
    assert m["actor"].astype(str).tolist() == ["Kyrylo Budanov", "Vladimir Putin"]
    assert m["side"].astype(str).tolist() == ["Ukraine", "Russia"]


@pytest.mark.parametrize("content, message", [
    ("actors: [{name: X, kind: persn, side: Ukraine}]", r"bad\.yml:1: actors\[0\] \(X\): kind 'persn' is not one of"),
    ("actors:\n  - name: X\n    kind: person\n", r"bad\.yml:2: actors\[0\] \(X\): missing 'side'"),
    ("actors:\n  - kind: person\n    side: Russia\n", r"bad\.yml:2: actors\[0\]: missing 'name'"),
    ("actors:\n  - {name: X, kind: person, side: R, roles: [{role: nope, from: 2020-01-01}]}\n",
     r"\(X\): role 'nope' is not defined"),
    ("roles: {r: {titles: [t]}}\nactors:\n  - {name: X, kind: person, side: R, roles: [{role: r, from: 2024-05-01, to: 2023-01-01}]}\n",
     r"role 'r' ends \(2023-01-01\) before it starts \(2024-05-01\)"),
    ("actors:\n  - {name: X, kind: person, side: R, roles: [{role: r, from: soon}]}\n", r"'from' must be an ISO date"),
    ("actors:\n  - {name: A, kind: person, side: R, aliases: [Same]}\n  - {name: B, kind: person, side: R, aliases: [Same]}\n",
     r"'Same' names both A and B"),
    ("actors:\n  - {name: A, kind: person, side: R, aliases: Zed, colour: red}\n", r"unknown key\(s\) colour"),
    ("actors:\n  - {name: A, kind: alliance, side: R, acronyms: [nato]}\n", r"acronym 'nato' is not in capitals"),
    ("actors: [{name: A, kind: person, side: R}\n", r"bad\.yml:\d+: invalid YAML"),
    ("- just\n- a list\n", r"expected a mapping with 'actors'"),
    ("roles: {r: {titles: []}}\n", r"role 'r': needs at least one title"),
    ("roles: {r: {titles: [Putin]}}\nactors:\n  - {name: Vladimir Putin, kind: person, side: Russia, aliases: [Putin]}\n",
     r"title 'Putin' is also a name of Vladimir Putin"),
])
def test_broken_gazetteers_are_rejected_with_file_entry_and_reason(write, content, message):
    path = write("bad.yml", content)
    with pytest.raises(GazetteerError, match=message):
        load_gazetteer(path, base=None)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(GazetteerError, match=r"nope\.yml: cannot read"):
        load_gazetteer(tmp_path / "nope.yml", base=None)


def test_holder_by_date():
    gazetteer = load_gazetteer(MINI, base=None)
    blinken, rubio = gazetteer.index("Antony Blinken"), gazetteer.index("Marco Rubio")
    assert gazetteer.holder("us-secretary-of-state", dt.date(2025, 1, 19)) == blinken
    assert gazetteer.holder("us-secretary-of-state", dt.date(2025, 1, 20)) is None
    assert gazetteer.holder("us-secretary-of-state", dt.date(2025, 1, 21)) == rubio
    assert gazetteer.holder("us-secretary-of-state", dt.date(2020, 1, 1)) is None
    assert gazetteer.holder("us-secretary-of-state", None) is None


def test_title_variants():
    assert title_variants("secretary of state") == ["secretary of state", "Secretary of state", "Secretary of State"]
    assert title_variants("Russia’s foreign minister") == ["Russia’s foreign minister", "Russia’s Foreign Minister"]
    assert title_variants("U.S. envoy") == ["U.S. envoy", "U.S. Envoy"]


def test_the_bundled_gazetteer_reads_machine_translated_titles_and_title_case_acronyms():
    text = ("On Saturday the head of American diplomacy spoke with the head of Russian diplomacy. "
            "Brics leaders met in Johannesburg.")
    found = find_mentions(one_article(text, published="2022-02-12"), load_gazetteer())
    assert found["actor"].tolist() == ["Antony Blinken", "Sergei Lavrov", "BRICS"]
