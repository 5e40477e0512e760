"""The tagger's English data files: every example beside every rule and negative rule gives what
it says; the files validate; a broken rule file is an error naming the file and the line; adding a
rule is adding lines to data files."""
import dataclasses
import datetime as dt
import re
import shutil

import pytest

from analysis.lexicon import default_lexicon
from analysis.timex import TimexDataError, english, load_language, tag_spans
from analysis.timex.anchor import Moment, resolve
from analysis.timex.language import DEFAULT_TIMEX
from analysis.timex.normalise import NORMALISERS
from analysis.timex.values import Undef

ENGLISH = english()
RULE_EXAMPLES = [pytest.param(rule.name, ex, id=f"{rule.name}-{i}")
                 for rule in ENGLISH.rules for i, ex in enumerate(rule.examples)]
NEGATIVES = {n.name: n for rule in ENGLISH.rules for n in rule.negatives}
NEGATIVE_EXAMPLES = [pytest.param(name, ex, id=f"{name}-{i}")
                     for name, n in NEGATIVES.items() for i, ex in enumerate(n.examples)]


def _found(example, language=ENGLISH):
    text = example.text
    return tuple((text[s:e], kind, value, *([end] if end else []))
                 for s, e, kind, value, end in tag_spans(text, example.reference, language))


@pytest.mark.parametrize("name, example", RULE_EXAMPLES)
def test_every_rule_example_gives_what_it_says(name, example):
    assert _found(example) == example.expect, example.where


@pytest.mark.parametrize("name, example", NEGATIVE_EXAMPLES)
def test_every_negative_rule_example_gives_what_it_says(name, example):
    assert _found(example) == example.expect, example.where


def test_every_rule_and_negative_rule_has_examples_and_every_rule_fires_in_one():
    assert len(ENGLISH.rules) == 51 and len(NEGATIVES) == 17
    assert all(rule.examples for rule in ENGLISH.rules) and all(n.examples for n in NEGATIVES.values())
    # a negative rule's examples show it at work: at least one example tags nothing where it applies
    assert NEGATIVES["not_a_year_before"].examples[0].expect == ()
    assert NEGATIVES["ages"].examples[0].expect == ()


def test_the_bundled_data_files_validate_and_load_the_same_twice():
    again = load_language(DEFAULT_TIMEX)
    assert [r.name for r in again.rules] == [r.name for r in ENGLISH.rules]
    assert [r.pattern.pattern for r in again.rules] == [r.pattern.pattern for r in ENGLISH.rules]
    assert english() is ENGLISH  # compiled once


def test_month_and_weekday_names_come_from_the_lexicon():
    month = next(r for r in ENGLISH.rules if r.name == "my").pattern.pattern
    assert "September|October" in month and r"Sept?\.?" in month and r"Mar\." in month
    assert ENGLISH.maps["months"]["sept"] == 9 and ENGLISH.maps["weekdays"]["thurs"] == 3
    lexicon = default_lexicon()
    months = list(lexicon.month_names)
    months[8] = (*months[8], "Setem")  # a new abbreviation of September, in the lexicon only
    extended = load_language(DEFAULT_TIMEX, dataclasses.replace(lexicon, month_names=tuple(months)))
    assert tag_spans("Signed on Setem. 5, 2023.", "2024-03-15", extended) == [(10, 24, "DATE", "2023-09-05", None)]
    assert tag_spans("Signed on Setem. 5, 2023.", "2024-03-15") == []  # "5, 2023": a number, not a year


def test_rules_emit_underspecified_values_that_anchoring_resolves():
    august = next(r for r in ENGLISH.rules if r.name == "month")
    value = august.normaliser({"month": "August", "mod": None}, "august", ENGLISH.maps)
    assert isinstance(value, Undef) and value.anchor == "month" and str(value) == "UNDEF-month-month=8"

    def at(day, future):
        return Moment(dt.date.fromisoformat(day), lambda strong: future, lambda: False, ENGLISH.maps)
    assert resolve(value, at("2024-03-15", True)) == ("DATE", "2024-08", None)   # "will ... in August"
    assert resolve(value, at("2024-03-15", False)) == ("DATE", "2023-08", None)  # "... met in August"
    assert resolve(value, at("2024-07-01", False)) == ("DATE", "2024-08", None)  # a month away: the nearest


def _copy(tmp_path):
    folder = tmp_path / "en"
    shutil.copytree(DEFAULT_TIMEX, folder)
    return folder


def _line_of(path, needle):
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


@pytest.mark.parametrize("old, new, message", [
    ("normaliser: iso_date", "normaliser: no_such_function", "unknown normaliser 'no_such_function'"),
    ("pattern: '(?P<y>\\d{4})-(?P<m>", "pattern: '(?P<y>\\d{4}-(?P<m>", "bad regular expression"),
    ("pattern: '(?P<y>\\d{4})-(?P<m>", "pattern: '{no_such_pattern}(?P<y>\\d{4})-(?P<m>", "unknown pattern {no_such_pattern}"),
    ("    priority: 5\n    trigger: '\\d{4}-\\d'", "    priority: high\n    trigger: '\\d{4}-\\d'", "`priority:` must be"),
    ("    normaliser: iso_date\n", "    normaliser: iso_date\n    colour: red\n", "unknown keys ['colour']"),
    ("    normaliser: iso_date\n", "    normaliser: iso_date\n    params: {colour: red}\n", "`params:` must map parameters"),
    ("    discourse: [sets_date]\n    examples:\n      - {text: 'The deal was signed on 2024-02-29",
     "    discourse: [sets_everything]\n    examples:\n      - {text: 'The deal was signed on 2024-02-29",
     "`discourse:` must list roles"),
])
def test_a_broken_rule_names_the_file_and_the_line_of_the_rule(tmp_path, old, new, message):
    folder = _copy(tmp_path)
    rules = folder / "rules.yml"
    assert old in rules.read_text()
    rules.write_text(rules.read_text().replace(old, new, 1))
    line = _line_of(rules, "- name: iso")
    with pytest.raises(TimexDataError, match=re.escape(f"{rules}:{line}: rule `iso`") + ".*" + re.escape(message)):
        load_language(folder)


def test_a_rule_without_examples_is_an_error(tmp_path):
    folder = _copy(tmp_path)
    rules = folder / "rules.yml"
    text = rules.read_text()
    start = text.index("    examples:", text.index("- name: iso\n"))
    end = text.index("  - name: numeric")
    rules.write_text(text[:start] + text[end:])
    with pytest.raises(TimexDataError, match=re.escape(f"{rules}:{_line_of(rules, '- name: iso')}: rule `iso`: missing `examples:`")):
        load_language(folder)


def test_junk_negative_rules_and_yaml_name_the_file_and_the_line(tmp_path):
    folder = _copy(tmp_path)
    negative = folder / "negative.yml"
    negative.write_text(negative.read_text().replace("rules: [month_ctx]", "rules: [month_context]"))
    line = _line_of(negative, "- name: month_needs_context")
    with pytest.raises(TimexDataError, match=re.escape(f"{negative}:{line}: negative rule `month_needs_context` names unknown rules")):
        load_language(folder)
    negative.write_text("negative: [\n  - name: x\n")
    with pytest.raises(TimexDataError, match=re.escape(f"{negative}:") + r"\d+: invalid YAML"):
        load_language(folder)


def test_a_junk_pattern_or_map_names_the_file(tmp_path):
    folder = _copy(tmp_path)
    patterns = folder / "patterns.yml"
    patterns.write_text(patterns.read_text().replace("year: '(?:1[89]", "year: '((?:1[89]", 1))
    with pytest.raises(TimexDataError, match=re.escape(f"{patterns}:") + r".*pattern `year`: bad regular expression"):
        load_language(folder)
    shutil.copy(DEFAULT_TIMEX / "patterns.yml", patterns)
    maps = folder / "normalisation.yml"
    maps.write_text(maps.read_text().replace("tens: {twenty: 20", "tens: {twenty: twenty"))
    with pytest.raises(TimexDataError, match=re.escape(f"{maps}:") + r"\d+: `tens`: the values of \['twenty'\] must be ints"):
        load_language(folder)


def test_adding_a_rule_is_adding_lines_to_the_data_files(tmp_path):
    folder = _copy(tmp_path)
    (folder / "normalisation.yml").write_text((folder / "normalisation.yml").read_text().replace(
        "  christmas eve: 12-24", "  christmas eve: 12-24\n  hogmanay: 12-31"))
    (folder / "rules.yml").write_text((folder / "rules.yml").read_text() + "\n".join([
        "  - name: hogmanay",
        "    pattern: '(?P<holiday>Hogmanay)'",
        "    priority: 3",
        "    trigger: hogmanay",
        "    normaliser: holiday",
        "    examples:",
        "      - {text: 'Talks stop for Hogmanay.', reference: 2024-03-15, expect: [['Hogmanay', 'DATE', '2024-12-31']]}",
        ""]))
    scots = load_language(folder)
    example = scots.rules[-1].examples[0]
    assert _found(example, scots) == example.expect
    assert tag_spans(example.text, example.reference) == []  # the bundled language is untouched


def test_the_normalisers_named_by_rules_all_exist_and_all_are_used():
    assert {rule.normaliser for rule in ENGLISH.rules} == set(NORMALISERS.values())
