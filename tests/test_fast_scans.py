"""The two scans that decide where the extractors look, made fast without changing what they find.
The tagger's trigger prefilter: the literal needles read off a trigger pattern, hand-checked; the
rules it lets run on a text are never fewer than those whose trigger matches (so the tagger finds
what it found when every trigger was searched); a pattern it cannot read is always run. The event
cue scan on lower-cased text finds what the case-insensitive pattern finds, at the same offsets."""
import re
from types import SimpleNamespace

import pytest
from hypothesis import given, settings, strategies as st

from analysis.milestones import load_cues
from analysis.timex import english
from analysis.timex.prefilter import TriggerFilter, needles

ENGLISH = english()


@pytest.mark.parametrize("pattern, expected", [
    ("century", {"century"}),
    ("spring|summer|fall", {"spring", "summer", "fall"}),
    (r"\bma(?:y|rch)\b", {"may", "march"}),
    (r"(?:\b(?:mon(?!th)|tue))", {"mon", "tue"}),
    ("q[1-4]", {"q1", "q2", "q3", "q4"}),
    ("-(?:day|week)", {"-day", "-week"}),
    ("that (?:same )?(?:ye|mo)", {"that "}),   # an optional part ends the literal run
    (r"year[- ]end|end of the year", {"year-", "year ", "end of the year"}),
])
def test_needles_of_hand_written_triggers(pattern, expected):
    assert needles(pattern) == expected


def test_a_digit_class_is_every_decimal_digit_the_regex_engine_knows():
    found = needles(r"\d{4}")
    assert set("0123456789") <= found and "\u0663" in found  # Arabic-Indic three
    assert all(re.fullmatch(r"\d", c) for c in found)


@pytest.mark.parametrize("pattern", [r"\w+day", r".?year", "(?:a)?b", "(?i)may", "(?i:may)", r"[^x]y"])
def test_a_pattern_without_a_readable_opening_has_no_needles(pattern):
    assert needles(pattern) is None


def _rules(*triggers):
    return [SimpleNamespace(trigger=None if t is None else re.compile(t), name=f"r{i}")
            for i, t in enumerate(triggers)]


def test_only_the_rules_whose_needles_occur_run_in_rule_order():
    rules = _rules("may|march", r"\d{4}", "tomorrow", r"\w+day")
    runnable = TriggerFilter(rules).runnable("talks in march 2024")
    assert [r.name for r in runnable] == ["r0", "r1", "r3"]  # r3's pattern has no needles: always runs
    assert [r.name for r in TriggerFilter(rules[:3]).runnable("no dates here")] == []


def test_a_rule_without_a_trigger_always_runs():
    rules = _rules(None, "tomorrow")
    assert [r.name for r in TriggerFilter(rules).runnable("nothing")] == ["r0"]


ALPHABET = st.sampled_from(list("abcdefghijklmnopqrstuvwxyz0123456789 -'’/:.\u0663") +
                           ["may ", "march", "monday", "year", "week-", "q3", "that ", "night", "a week"])


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=30).map("".join))
def test_every_rule_whose_trigger_matches_is_let_run(text):
    runnable = {id(rule) for rule in ENGLISH.triggers.runnable(text)}
    for rule in ENGLISH.rules:
        if rule.trigger is None or rule.trigger.search(text):
            assert id(rule) in runnable, (rule.name, text)


CUES = load_cues()
CASED = st.sampled_from(["Talks", "TALKS", "talks", " ", ".", "-", "Summit", "sUmMiT", "Phone Call", "İ", "ß",
                         "visited", "Visit", "ceasefire", "CEASE-FIRE", "x", "\u212a", "Agreement", "\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(CASED, max_size=25).map("".join))
def test_the_cue_scan_finds_what_the_case_insensitive_pattern_finds(text):
    assert CUES.positions(text) == [m.start() for m in CUES.any.finditer(text)]


def test_the_cue_scan_by_hand():
    text = "After the SUMMIT, Lavrov İs due to VISIT Ankara for talks."
    assert [text[p:p + 6] for p in CUES.positions(text)] == ["SUMMIT", "VISIT ", "talks."]
