"""Mentions on hand-counted passages: acronyms a text defines, and titles coordinated after a name."""
import pandas as pd
import pytest

from analysis.gazetteer import load_gazetteer
from analysis.mentions import find_mentions


def articles(*texts, published="2025-03-01"):
    return pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "title": "", "standfirst": "",
                         "text": list(texts), "published": pd.Timestamp(published, tz="UTC")})


def found(mentions):
    return list(zip(mentions["actor"].astype(str), mentions["surface"]))


@pytest.fixture(scope="module")
def bundled():
    return load_gazetteer()


def test_armed_forces_of_russia_and_its_acronym(bundled):
    text = ("The Armed Forces of Russia (AFR) said on Monday that AFR units had moved. "
            "The Armed Forces of Ukraine (AFU) said the AFR-led push failed; AFU drones struck.")
    m = find_mentions(articles(text), bundled)
    # Counted by hand: the Russian armed forces 3 (the long form, "AFR units", "AFR-led"); the
    # definition "(AFR)" is part of its long form, as "(AFU)" is; "Russia" inside the long form is not
    # a mention of its own; the Ukrainian armed forces 2.
    assert found(m) == [("Russian Armed Forces", "Armed Forces of Russia"), ("Russian Armed Forces", "AFR"),
                        ("Armed Forces of Ukraine", "Armed Forces of Ukraine"), ("Russian Armed Forces", "AFR"),
                        ("Armed Forces of Ukraine", "AFU")]
    assert m["start"].tolist() == [4, text.index("AFR units"), text.index("Armed Forces of Ukraine"),
                                   text.index("AFR-led"), text.index("AFU drones")]


def test_any_long_form_defines_the_acronym_of_its_initials(bundled):
    text = ("Russian Armed Forces (RAF) shelled the town. RAF artillery fired again. "
            "The armed forces of Russia (AFOR) moved. AFOR and RAFT and XRAF are not mentions.")
    m = find_mentions(articles(text), bundled)
    # "RAF" abbreviates "Russian Armed Forces"; "AFOR" is not the initials of "armed forces of Russia"
    # (no capitals but the last), so it names no one; RAFT and XRAF are other words.
    assert found(m) == [("Russian Armed Forces", "Russian Armed Forces"), ("Russian Armed Forces", "RAF"),
                        ("Russian Armed Forces", "armed forces of Russia")]


def test_an_acronym_before_its_definition_or_in_another_text_is_not_a_mention(bundled):
    m = find_mentions(articles("AFR units moved. The Armed Forces of Russia (AFR) said so.", "AFR again."), bundled)
    assert found(m) == [("Russian Armed Forces", "Armed Forces of Russia")]


def test_a_title_coordinated_after_the_name_it_resolves_to_is_one_mention(bundled):
    text = ("National Security Advisor Keith Kellogg and special envoy for Ukraine met Zelenskiy. "
            "Keith Kellogg and the special envoy for Ukraine flew home.")
    m = find_mentions(articles(text), bundled)
    # Counted by hand: Kellogg 2 (one per sentence; the title after "and" is his own), Zelenskiy 1.
    assert m["actor"].astype(str).value_counts().to_dict() == {"Keith Kellogg": 2, "Volodymyr Zelenskiy": 1}
    assert found(m) == [("Keith Kellogg", "Keith Kellogg"), ("Volodymyr Zelenskiy", "Zelenskiy"),
                        ("Keith Kellogg", "Keith Kellogg")]


def test_a_coordinated_title_before_another_name_or_of_another_person_still_counts(bundled):
    text = ("Keith Kellogg and special envoy for Ukraine Steve Witkoff met. "
            "Steve Witkoff and special envoy for Ukraine went on.")
    m = find_mentions(articles(text), bundled)
    # The first title belongs to Witkoff's name after it; the second is Kellogg's, not Witkoff's.
    assert found(m) == [("Keith Kellogg", "Keith Kellogg"),
                        ("Steve Witkoff", "special envoy for Ukraine Steve Witkoff"),
                        ("Steve Witkoff", "Steve Witkoff"), ("Keith Kellogg", "special envoy for Ukraine")]
