"""The lexicon (`data/lexicon/en.yml`): the bundled file validates, and junk is named with file and line."""
import pytest

from analysis.config import DEFAULT_LEXICON
from analysis.lexicon import LexiconError, default_lexicon, load_lexicon


def test_the_bundled_lexicon_knows_every_month_and_weekday():
    lex = load_lexicon(DEFAULT_LEXICON)
    assert lex.language == "en"
    assert lex.months["january"] == 1 and lex.months["sept"] == 9 and lex.months["dec"] == 12
    assert lex.weekdays["monday"] == 0 and lex.weekdays["thurs"] == 3 and lex.weekdays["sun"] == 6
    assert lex.full_names("months")[4] == "May" and len(lex.full_names("weekdays")) == 7
    assert default_lexicon() is default_lexicon()


def test_a_lexicon_is_immutable():
    lex = default_lexicon()
    with pytest.raises(TypeError):
        lex.months["smarch"] = 13
    with pytest.raises(AttributeError):
        lex.language = "fr"


@pytest.mark.parametrize("text, message", [
    ("language: en\nmonths: [[January]]\nweekdays: []\n", r"x\.yml:2: `months` must list 12 entries"),
    ("language: en\nmonths:\n" + "  - [M]\n" * 11 + "  - [M, 3]\nweekdays: []\n",
     r"x\.yml:14: each entry of `months` is a list of non-empty names"),
    ("months: []\n", r"`language` must name the language"),
    ("- a\n", r"a lexicon is a mapping"),
    ("language: [\n", r"x\.yml:2: invalid YAML"),
])
def test_junk_is_named_with_file_and_line(tmp_path, text, message):
    path = tmp_path / "x.yml"
    path.write_text(text)
    with pytest.raises(LexiconError, match=message):
        load_lexicon(path)
