"""The lexicon (`data/lexicon/en.yml`): the bundled file validates, junk is named with file and line,
and a word added to a copy of it changes what the extractors find."""
import pickle

import pandas as pd
import pytest

from analysis.config import DEFAULT_LEXICON, GENERIC_WORDS
from analysis.gazetteer import load_gazetteer
from analysis.lexicon import WORD_LISTS, LexiconError, default_lexicon, load_lexicon, load_words
from analysis.load.clippings import parse_byline, parse_clipping, title_from_lead
from analysis.text import sentence_starts

from analysis.pipeline import run
from analysis.resources import Resources

from conftest import PROJECT_ROOT

MINI = load_gazetteer(PROJECT_ROOT / "tests" / "data" / "mini_actors.yml", base=None)


def test_the_bundled_lexicon_knows_every_month_and_weekday():
    lex = load_lexicon(DEFAULT_LEXICON)
    assert lex.language == "en"
    assert lex.months["january"] == 1 and lex.months["sept"] == 9 and lex.months["dec"] == 12
    assert lex.weekdays["monday"] == 0 and lex.weekdays["thurs"] == 3 and lex.weekdays["sun"] == 6
    assert lex.full_names("months")[4] == "May" and len(lex.full_names("weekdays")) == 7
    assert lex.month_abbreviations() == ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep",
                                         "Oct", "Nov", "Dec")
    assert default_lexicon() is default_lexicon()


def test_the_bundled_word_lists_validate_and_are_read_as_written():
    lex = load_lexicon(DEFAULT_LEXICON)
    assert all(getattr(lex, section) for section in WORD_LISTS)  # no section left empty
    assert "said" in lex.speech_verbs and "wrote" in lex.reporting_verbs
    assert "No" in lex.abbreviations and "On" in lex.starters      # words, not YAML booleans
    assert lex.honorifics == ("Mr", "Mrs", "Ms", "Dr", "Prof") and lex.title_joiners == ("of",)
    assert {"On", "No", "Yes"} <= set(load_words(GENERIC_WORDS))


def test_a_lexicon_is_immutable_and_hashable():
    lex = default_lexicon()
    with pytest.raises(TypeError):
        lex.months["smarch"] = 13
    with pytest.raises(AttributeError):
        lex.language = "fr"
    with pytest.raises(AttributeError):
        lex.speech_verbs.append("briefed")
    again = load_lexicon(DEFAULT_LEXICON)
    assert again == lex and hash(again) == hash(lex) and len({lex, again}) == 1


def test_a_lexicon_travels_to_another_process():
    lex = default_lexicon()
    copy = pickle.loads(pickle.dumps(lex))
    assert copy == lex and hash(copy) == hash(lex)
    assert "_hash" not in lex.__getstate__()  # text hashes differ between processes: computed again there


@pytest.mark.parametrize("text, message", [
    ("language: en\nmonths: [[January]]\nweekdays: []\n", r"x\.yml:2: `months` must list 12 entries"),
    ("language: en\nmonths:\n" + "  - [M]\n" * 11 + "  - [M, 3]\nweekdays: []\n",
     r"x\.yml:14: each entry of `months` is a list of non-empty names"),
    ("months: []\n", r"`language` must name the language"),
    ("- a\n", r"a lexicon is a mapping"),
    ("language: [\n", r"x\.yml:2: invalid YAML"),
    ("language: en\nspeach_verbs: [said]\n", r"x\.yml:2: unknown section `speach_verbs`"),
])
def test_junk_is_named_with_file_and_line(tmp_path, text, message):
    path = tmp_path / "x.yml"
    path.write_text(text)
    with pytest.raises(LexiconError, match=message):
        load_lexicon(path)


def bundled_with(tmp_path, section: str, replacement: str):
    """A copy of the bundled lexicon whose `section` line reads `replacement` instead."""
    text = DEFAULT_LEXICON.read_text(encoding="utf-8")
    start = text.index(f"\n{section}:") + 1
    end = text.find("\n\n", start)
    end = len(text) if end == -1 else end  # the last section ends with the file
    path = tmp_path / "lexicon.yml"
    path.write_text(text[:start] + replacement + text[end:], encoding="utf-8")
    return path, text[:start].count("\n") + 1


@pytest.mark.parametrize("section, replacement, message", [
    ("speech_verbs", "speech_verbs: [said,\n  told, 1000]", r"lexicon\.yml:{line1}: each entry of `speech_verbs` "
                                                           r"is a word \(text\), got 1000 \(write \"1000\" in quotes\)"),
    ("speech_verbs", "speech_verbs:\n  - said\n  - [told]", r"lexicon\.yml:{line2}: each entry of `speech_verbs`"),
    ("starters", "starters: {The: 1}", r"lexicon\.yml:{line0}: `starters` must be a list of words, not a mapping"),
    ("role_nouns", "# no role nouns", r"lexicon\.yml: the section `role_nouns` is missing"),
    ("honorifics", "honorifics: [Mr, '']", r"lexicon\.yml:{line0}: each entry of `honorifics`"),
])
def test_a_bad_word_list_is_named_with_its_line(tmp_path, section, replacement, message):
    path, line = bundled_with(tmp_path, section, replacement)
    with pytest.raises(LexiconError, match=message.format(line0=line, line1=line + 1, line2=line + 2)):
        load_lexicon(path)


def test_a_new_speech_verb_attributes_a_quote(tmp_path):
    articles = pd.DataFrame({"article_id": ["a"], "title": "", "standfirst": "",
                             "text": ["“We will not give up any land at all,” Peskov briefed."],
                             "published": pd.Timestamp("2025-03-01", tz="UTC")})
    path, _ = bundled_with(tmp_path, "speech_verbs", "speech_verbs: [said, briefed]")
    assert run(articles, Resources(MINI), want="quotes").quotes.empty
    found = run(articles, Resources(MINI, lexicon=load_lexicon(path)), want="quotes").quotes
    assert found[["actor", "kind", "cue", "quote"]].values.tolist() == [
        ["Dmitry Peskov", "direct", "briefed", "We will not give up any land at all"]]


def test_a_new_reporting_verb_drops_the_date_it_was_said(tmp_path):
    articles = pd.DataFrame({"article_id": ["a"], "title": "", "standfirst": "",
                             "text": ["The talks in Istanbul, officials briefed on Friday, will resume on May 16."],
                             "published": pd.Timestamp("2025-05-10", tz="UTC")})
    path, _ = bundled_with(tmp_path, "reporting_verbs", "reporting_verbs: [said, briefed]")
    before = run(articles, Resources(MINI), want="milestones").milestones
    after = run(articles, Resources(MINI, lexicon=load_lexicon(path)), want="milestones").milestones
    assert before["expression"].tolist() == ["Friday"]  # the date nearest the talks, taken for theirs
    assert after["expression"].tolist() == ["May 16"]  # once "briefed" reports, Friday is when it was said


def test_a_new_abbreviation_ends_no_sentence(tmp_path):
    text = "He met Amb. Smith in Kyiv. They spoke."
    path, _ = bundled_with(tmp_path, "abbreviations", "abbreviations: [Amb]")
    assert sentence_starts(text) == [0, 12, 27]
    assert sentence_starts(text, lexicon=load_lexicon(path)) == [0, 27]
    lead = "Amb. Smith said on Monday that the talks would go on in Geneva for as long as they must. More follows."
    path, _ = bundled_with(tmp_path, "headline_abbreviations", "headline_abbreviations: [Amb]")
    assert title_from_lead(lead) == "Amb"
    assert title_from_lead(lead, lexicon=load_lexicon(path)).endswith("as long as they must")


def test_new_name_words_reach_bylines_and_discover(tmp_path):
    path, _ = bundled_with(tmp_path, "byline_words", "byline_words: [and, y]")
    assert parse_byline("By Ana Lopez y Garcia") is None
    assert parse_byline("By Ana Lopez y Garcia", load_lexicon(path)) == {"author": "Ana Lopez y Garcia"}
    articles = pd.DataFrame({"article_id": ["a", "b"], "title": "", "standfirst": "",
                             "text": ["Negotiator Ivan Petrov arrived.", "Negotiator Ivan Petrov left."],
                             "published": pd.Timestamp("2025-03-01", tz="UTC")})
    text = DEFAULT_LEXICON.read_text(encoding="utf-8").replace("title_words: [President,",
                                                               "title_words: [Negotiator, President,")
    (tmp_path / "titles.yml").write_text(text, encoding="utf-8")
    assert run(articles, Resources(MINI), want="discover").discover["name"].tolist() == ["Negotiator Ivan Petrov"]
    found = run(articles, Resources(MINI, lexicon=load_lexicon(tmp_path / "titles.yml")), want="discover").discover
    assert found[["name", "title", "kind"]].values.tolist() == [["Ivan Petrov", "Negotiator", "person"]]


def test_a_new_month_form_dates_a_clipping(tmp_path):
    text = DEFAULT_LEXICON.read_text(encoding="utf-8").replace("[February, Feb]", "[February, Feb, Febr]")
    (tmp_path / "months.yml").write_text(text, encoding="utf-8")
    clipping = ("Talks resume in Riyadh\n\nBy Olena Marchuk\n\nThe delegations met on Tuesday.\n\n"
                "Published Febr. 18, 2025 (updated)\n")
    record = parse_clipping(clipping, load_lexicon(tmp_path / "months.yml"))
    assert record.fields["published"] == "Febr. 18, 2025" and record.paragraphs == ["The delegations met on Tuesday."]
    record = parse_clipping(clipping)  # a line of the story, as far as the bundled months know
    assert "published" not in record.fields and record.paragraphs[-1] == "Published Febr. 18, 2025 (updated)"
