"""`data/sides.yml`: the bundled file validates, junk is named with file and line, colours reach the
charts and a nationality adjective added to a copy ties discovered names to its side."""
import pickle

import pandas as pd
import pytest

from analysis.config import DEFAULT_SIDES
from analysis.gazetteer import load_gazetteer
from analysis.sides import SidesError, default_sides, load_sides
from analysis.style import other_colour, side_colour

from analysis.pipeline import run
from analysis.resources import Resources

from conftest import PROJECT_ROOT

MINI = load_gazetteer(PROJECT_ROOT / "tests" / "data" / "mini_actors.yml", base=None)


def test_the_bundled_sides_validate():
    sides = load_sides(DEFAULT_SIDES)
    assert sides == default_sides() and hash(sides) == hash(default_sides())
    assert sides.colour("Ukraine") == "#0072B2" and sides.colour("Russia") == "#D55E00"
    assert sides.colour("Qatar") == sides.colour("Other") == sides.other_colour == "#9A9A9A"
    assert sides.side_of["Ukrainian"] == "Ukraine" and sides.side_of["Kremlin"] == "Russia"
    assert sides.side_of["Emirati"] == "United Arab Emirates" and len(sides.side_of) == 29
    with pytest.raises(TypeError):
        sides.side_of["Moldovan"] = "Moldova"
    assert pickle.loads(pickle.dumps(sides)) == sides


def test_the_charts_take_their_colours_from_the_file(write):
    path = write("sides.yml", 'other_colour: "#111111"\nsides:\n  Ukraine: {colour: "#222222"}\n  Qatar:\n')
    sides = load_sides(path)
    assert side_colour("Ukraine", sides) == "#222222" and side_colour("Russia", sides) == "#111111"
    assert other_colour(sides) == "#111111"
    assert side_colour("Ukraine") == "#0072B2" and other_colour() == "#9A9A9A"


@pytest.mark.parametrize("content, message", [
    ("- Ukraine\n", r"bad\.yml: expected a mapping"),
    ("other_colour: '#000000'\nsides: [Ukraine]\n", r"bad\.yml:2: `sides` must map each side's name"),
    ("other_colour: grey\nsides:\n  Ukraine:\n", r"bad\.yml:1: `other_colour` must be a colour written \"#RRGGBB\""),
    ("sides:\n  Ukraine:\n", r"bad\.yml:1: `other_colour` must be a colour"),
    ("other_colour: '#000000'\ncolours: {}\nsides: {}\n", r"bad\.yml:2: unknown key 'colours'"),
    ("other_colour: '#000000'\nsides:\n  Ukraine:\n    colour: '#12345'\n",
     r"bad\.yml:4: `colour` must be a colour written \"#RRGGBB\", got '#12345'"),
    ("other_colour: '#000000'\nsides:\n  Ukraine:\n    color: '#123456'\n",
     r"bad\.yml:4: side 'Ukraine': unknown key 'color' \(a side has colour, adjectives\)"),
    ("other_colour: '#000000'\nsides:\n  Ukraine: blue\n", r"bad\.yml:3: side 'Ukraine': expected a mapping"),
    ("other_colour: '#000000'\nsides:\n  7: {}\n", r"bad\.yml:3: side '7': a side's name must be text"),
    ("other_colour: '#000000'\nsides:\n  Ukraine:\n    adjectives: Ukrainian\n",
     r"bad\.yml:4: side 'Ukraine': `adjectives` must be a list of words"),
    ("other_colour: '#000000'\nsides:\n  Ukraine:\n    adjectives: [Ukrainian, Kremlin]\n"
     "  Russia:\n    adjectives: [Russian,\n      Kremlin]\n",
     r"bad\.yml:7: side 'Russia': 'Kremlin' is already an adjective of 'Ukraine' \(line 4\)"),
    ("other_colour: '#000000'\nsides: {Ukraine: [\n", r"bad\.yml:3: invalid YAML"),
])
def test_junk_is_named_with_file_and_line(write, content, message):
    with pytest.raises(SidesError, match=message):
        load_sides(write("bad.yml", content))


def test_a_new_nationality_adjective_ties_a_title_to_its_side(tmp_path):
    articles = pd.DataFrame({"article_id": ["a", "b"], "title": "", "standfirst": "",
                             "text": ["Moldovan Foreign Minister Mihai Popsoi arrived in Kyiv.",
                                      "Moldovan Foreign Minister Mihai Popsoi left."],
                             "published": pd.Timestamp("2025-03-01", tz="UTC")})
    text = DEFAULT_SIDES.read_text(encoding="utf-8") + "  Moldova:\n    adjectives: [Moldovan]\n"
    (tmp_path / "sides.yml").write_text(text, encoding="utf-8")
    # Without the adjective the title is not told apart from the name: five words are no name.
    assert "Mihai Popsoi" not in run(articles, Resources(MINI), want="discover").discover["name"].tolist()
    found = run(articles, Resources(MINI, sides=load_sides(tmp_path / "sides.yml")), want="discover").discover
    assert found[["name", "title", "side", "count"]].values.tolist() == [
        ["Mihai Popsoi", "Moldovan Foreign Minister", "Moldova", 2]]
