"""The extraction pipeline (`analysis.pipeline`) and its resources: each table asked for and what it
needs is computed once, in order; filters on sides apply to outputs only; computed and stored tables
are the same; a run leaves the resources as they were."""
import dataclasses
import pickle
from collections import Counter

import pandas as pd
import pytest

from analysis import load_articles
from analysis.gazetteer import load_gazetteer
from analysis.notebook import ComputedTables, StoredTables
from analysis.pipeline import EXTRACTORS, Tables, run
from analysis.resources import Resources
from analysis.store import Store

from conftest import PROJECT_ROOT, SAMPLE

MINI = load_gazetteer(PROJECT_ROOT / "tests" / "data" / "mini_actors.yml", base=None)
# Zelenskiy is the last person named before "he said"; Putin the last person of Russia's side.
REFUSAL = ("Vladimir Putin spoke first on Monday.\n\n"
           "President Zelensky answered him. “Ukraine will not negotiate under fire,” he said.")


def articles(*texts, published="2025-03-01"):
    return pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "title": "", "standfirst": "",
                         "text": list(texts), "published": pd.Timestamp(published, tz="UTC")})


@pytest.fixture(scope="module")
def mini():
    return Resources(MINI)


@pytest.fixture(scope="module")
def sample():
    return load_articles(SAMPLE)


def counting(calls: Counter):
    """A copy of the project's registry whose every extractor counts its calls, then computes as before."""
    registry = EXTRACTORS.copy()
    for name in registry.names():
        extractor = registry[name]

        def compute(*args, _name=name, _compute=extractor.compute, **kwargs):
            calls[_name] += 1
            return _compute(*args, **kwargs)

        registry.register(name, extractor.requires, **extractor.defaults)(compute)
    return registry


def test_each_table_needed_is_computed_once_in_order_of_need(mini):
    assert EXTRACTORS.names() == ("mentions", "quotes", "milestones", "timeline", "discover")
    assert EXTRACTORS.plan("timeline") == ["mentions", "milestones", "timeline"]
    assert EXTRACTORS.plan(("quotes", "mentions", "discover")) == ["mentions", "quotes", "discover"]
    assert EXTRACTORS["quotes"].requires == ("articles", "mentions")
    calls = Counter()
    text = articles(REFUSAL, "Talks with Putin are due in Riyadh on Tuesday, March 4, officials said.")
    tables = run(text, mini, want=("quotes", "milestones", "timeline"), registry=counting(calls))
    assert calls == {"mentions": 1, "quotes": 1, "milestones": 1, "timeline": 1}  # mentions once for three
    assert list(tables) == ["quotes", "milestones", "timeline"] and "mentions" not in tables
    plain = run(text, mini, want=("quotes", "milestones", "timeline"))
    for name in tables:
        pd.testing.assert_frame_equal(tables[name], plain[name], obj=name)
    assert len(tables.quotes) == 1 and tables.milestones["expression"].tolist() == ["Tuesday, March 4"]
    assert len(tables.timeline) == 1


def test_tables_already_computed_are_not_computed_again(mini):
    calls = Counter()
    text = articles(REFUSAL)
    mentions = run(text, mini, want="mentions").mentions
    quotes = run(text, mini, want="quotes", computed={"mentions": mentions}, registry=counting(calls)).quotes
    assert calls == {"quotes": 1} and quotes["actor"].tolist() == ["Volodymyr Zelenskiy"]


def test_a_registry_copy_leaves_the_projects_as_it_was(mini):
    original = EXTRACTORS["mentions"].compute
    counting(Counter())
    assert EXTRACTORS["mentions"].compute is original
    extended = EXTRACTORS.copy()
    extended.register("speakers", requires=("quotes",))(lambda resources, quotes: quotes[["actor"]].drop_duplicates())
    assert run(articles(REFUSAL), mini, want="speakers", registry=extended).speakers["actor"].tolist() == \
        ["Volodymyr Zelenskiy"]
    assert "speakers" not in EXTRACTORS.names()
    with pytest.raises(ValueError, match="extractor 'echo': requires translations, which is no table registered"):
        extended.register("echo", requires=("articles", "translations"))(lambda resources, **tables: None)


def test_unknown_tables_and_options_are_named_with_what_there_is(mini):
    text = articles(REFUSAL)
    with pytest.raises(ValueError, match=r"table 'mention': the pipeline computes mentions, quotes, milestones, "
                                         r"timeline, discover \(from articles\)"):
        run(text, mini, want=("mention",))
    with pytest.raises(ValueError, match="no option min_cont \\(options: min_count\\)"):
        run(text, mini, want="discover", config={"discover": {"min_cont": 3}})
    tables = run(text, mini, want="quotes")
    with pytest.raises(KeyError, match="'mentions': not asked for; this run computed quotes"):
        tables["mentions"]
    with pytest.raises(AttributeError, match="not asked for"):
        tables.milestones
    assert isinstance(tables, Tables) and len(tables) == 1


def test_options_reach_their_extractor(sample, mini):
    every = run(sample, Resources.load(), want="discover", config={"discover": {"min_count": 1}}).discover
    twice = run(sample, Resources.load(), want="discover").discover  # the default: 2
    assert (every["count"] == 1).any() and (twice["count"] >= 2).all()
    assert twice.equals(every[every["count"] >= 2].reset_index(drop=True))


def test_sides_filter_what_is_returned_never_what_is_extracted_from(mini):
    text = articles(REFUSAL)
    everyone = run(text, mini, want=("mentions", "quotes"))
    assert everyone.mentions["actor"].tolist() == ["Vladimir Putin", "Volodymyr Zelenskiy", "Ukraine"]
    assert everyone.quotes[["actor", "via"]].values.tolist() == [["Volodymyr Zelenskiy", "pronoun"]]
    russia = run(text, mini, want=("mentions", "quotes"), sides=["Russia"])
    assert russia.mentions["actor"].tolist() == ["Vladimir Putin"]
    assert russia.quotes.empty  # side-filtered mentions as input gave this quote to Putin
    ukraine = run(text, mini, want="quotes", sides=["Ukraine"]).quotes
    assert ukraine["actor"].tolist() == ["Volodymyr Zelenskiy"]


def test_sides_on_the_sample_keep_every_speaker(sample):
    resources = Resources.load()
    every = run(sample, resources, want=("quotes", "milestones"))
    russia = run(sample, resources, want=("quotes", "milestones"), sides=["Russia"])
    assert len(russia.quotes) == 51 and (russia.quotes["side"] == "Russia").all()
    assert not russia.quotes["quote"].str.startswith("Ukraine will not negotiate").any()
    keys = ["article_id", "field", "start"]
    kept = every.quotes.merge(russia.quotes[keys], on=keys)
    assert kept["actor"].tolist() == russia.quotes["actor"].tolist()
    pd.testing.assert_frame_equal(russia.milestones, every.milestones)  # no side: all of them


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("pipeline") / "store")
    store.ingest([SAMPLE])
    return store


def test_computed_and_stored_sources_give_the_same_tables(sample, stored):
    corpus = stored.articles(columns=["title"])
    computed = ComputedTables(sample, sample, Resources.load())
    from_store = StoredTables(stored, corpus, corpus)
    assert sorted(corpus["article_id"]) == sorted(sample["article_id"])
    some = sample["article_id"].iloc[[3, 10, 20]].tolist()
    for name in ("mentions", "quotes", "milestones"):
        mine, theirs = computed.table(name), from_store.table(name)
        assert len(mine) > 40, name
        assert mine.dtypes.to_dict() == theirs.dtypes.to_dict(), name
        pd.testing.assert_frame_equal(mine, theirs, obj=name)  # values, order and dtypes
        subset = computed.table(name, article_ids=some)
        assert set(subset["article_id"]) <= set(some) and len(subset) > 0, name
        pd.testing.assert_frame_equal(subset, from_store.table(name, article_ids=some), obj=name)
    with pytest.raises(ValueError, match="table 'timeline': a report reads mentions, quotes, milestones"):
        computed.table("timeline")


def test_a_run_leaves_the_resources_as_they_were(write):
    user = write("mine.yml", "actors:\n"
                             "  - {name: Olena Kovalenko, kind: person, side: Ukraine, aliases: [Kovalenko]}\n")
    bundled, mine = Resources.load(), Resources.load(actors_files=user)
    text = articles("Kovalenko met Putin in Istanbul on 2 June 2025 for talks.", published="2025-06-01")
    before = [(r.gazetteer, r.matcher, r.cues, r.places, list(r.gazetteer.actors), list(r.matcher.keys))
              for r in (bundled, mine)]
    first = run(text, bundled, want=("mentions", "milestones"))
    other = run(text, mine, want=("mentions", "milestones"))
    again = run(text, bundled, want=("mentions", "milestones"))
    assert first.mentions["actor"].tolist() == ["Vladimir Putin"]
    assert other.mentions["actor"].tolist() == ["Olena Kovalenko", "Vladimir Putin"]
    for name in ("mentions", "milestones"):
        pd.testing.assert_frame_equal(first[name], again[name], obj=name)
    after = [(r.gazetteer, r.matcher, r.cues, r.places, list(r.gazetteer.actors), list(r.matcher.keys))
             for r in (bundled, mine)]
    for (*objects, actors, keys), (*now, actors_now, keys_now) in zip(before, after):
        assert all(a is b for a, b in zip(objects, now)) and actors == actors_now and keys == keys_now
    assert bundled.gazetteer.cache == {} == mine.gazetteer.cache  # no matcher left on a gazetteer
    assert bundled.matcher is not mine.matcher and bundled.matcher.gazetteer is bundled.gazetteer
    with pytest.raises(dataclasses.FrozenInstanceError):
        bundled.gazetteer = mine.gazetteer


def test_resources_travel_to_another_process_and_compile_their_own_matcher():
    resources = Resources(MINI, cue_files=(), place_files=())
    copy = pickle.loads(pickle.dumps(resources))
    assert copy.matcher is not resources.matcher and copy.matcher.gazetteer is copy.gazetteer
    text = articles(REFUSAL)
    pd.testing.assert_frame_equal(run(text, copy, want="quotes").quotes, run(text, resources, want="quotes").quotes)
    assert copy.fingerprint() == resources.fingerprint() and len(resources.fingerprint()) == 16


def test_the_user_files_of_resources_change_their_fingerprint(write):
    cues = write("cues.yml", "kinds:\n  drone strike: [drone attack]\n")
    assert Resources.load(cue_files=cues).fingerprint() != Resources.load().fingerprint()
    assert Resources.load(cue_files=[cues]).cue_files == (str(cues),)


def test_discover_without_mentions_runs_the_pipeline(sample):
    from analysis.discover import discover_actors

    pd.testing.assert_frame_equal(discover_actors(sample, min_count=3),
                                  run(sample, Resources.load(), want="discover",
                                      config={"discover": {"min_count": 3}}).discover)
