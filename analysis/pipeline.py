"""The one extraction pipeline: extractors registered by name with the tables they require, and
`run`, which computes the tables asked for and what they need, each once, in order of need.

    articles ─► mentions ─┬► quotes
                          ├► milestones ─► timeline
                          └► discover

An extractor is given the tables it requires, the `Resources` and its options, and nothing else.
Filters on sides apply to the tables `run` returns, never to what an extractor is given: a quote's
speaker is found among all the mentions, whichever sides the reader keeps.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import pandas as pd

from .discover import discover_actors
from .mentions import find_mentions
from .milestones import extract_milestones
from .quotes import find_quotes
from .resources import Resources
from .schema import TABLES, conform
from .timeline import timeline

ARTICLES = "articles"  # the input every run is given; not computed


@dataclass(frozen=True)
class Extractor:
    """A table's name, the tables it is computed from, how (`compute(resources, **tables, **options)`)
    and its options' defaults."""

    name: str
    requires: tuple[str, ...]
    compute: Callable[..., pd.DataFrame]
    defaults: Mapping[str, Any]


class Registry:
    """Extractors by name. The project's are registered in `EXTRACTORS` when this module is imported;
    whoever adds or replaces one does so on a `copy()` and passes that to `run`."""

    def __init__(self, extractors: Iterable[Extractor] = ()):
        self._extractors = {e.name: e for e in extractors}

    def register(self, name: str, requires: Iterable[str], **defaults):
        """Decorator: `compute` computes table `name` from the tables `requires` names (each
        registered before it, or "articles"); keyword arguments are its options' defaults."""
        requires = tuple(requires)

        def decorate(compute: Callable[..., pd.DataFrame]):
            missing = [r for r in requires if r != ARTICLES and r not in self._extractors]
            if name == ARTICLES or name in requires or missing:
                raise ValueError(f"extractor {name!r}: requires {', '.join(missing) or name}, which is no "
                                 f"table registered before it")
            self._extractors[name] = Extractor(name, requires, compute, MappingProxyType(defaults))
            return compute

        return decorate

    def copy(self) -> Registry:
        return Registry(self._extractors.values())

    def names(self) -> tuple[str, ...]:
        return tuple(self._extractors)

    def __getitem__(self, name: str) -> Extractor:
        try:
            return self._extractors[name]
        except (KeyError, TypeError):
            raise ValueError(f"table {name!r}: the pipeline computes {', '.join(self._extractors)} "
                             f"(from {ARTICLES})") from None

    def plan(self, want: Iterable[str] | str) -> list[str]:
        """The extractors to run for the tables `want` names, each once, each after what it requires."""
        order: list[str] = []

        def visit(name: str) -> None:
            if name != ARTICLES and name not in order:
                for required in self[name].requires:
                    visit(required)
                order.append(name)

        for name in _names(want):
            visit(name)
        return order

    def options(self, config: Mapping[str, Mapping] | None) -> dict[str, dict]:
        """Every extractor's options: its defaults with `config[name]` laid over them, checked."""
        config = dict(config or {})
        for name, given in config.items():
            unknown = sorted(set(given) - set(self[name].defaults))
            if unknown:
                known = ", ".join(self[name].defaults) or "none"
                raise ValueError(f"extractor {name!r}: no option {', '.join(unknown)} (options: {known})")
        return {name: {**e.defaults, **config.get(name, {})} for name, e in self._extractors.items()}


def _names(want: Iterable[str] | str) -> tuple[str, ...]:
    return (want,) if isinstance(want, str) else tuple(want)


class Tables(Mapping):
    """The tables a run returns, by name; also as attributes (`tables.quotes`)."""

    def __init__(self, frames: Mapping[str, pd.DataFrame]):
        self._frames = dict(frames)

    def __getitem__(self, name: str) -> pd.DataFrame:
        try:
            return self._frames[name]
        except KeyError:
            raise KeyError(f"{name!r}: not asked for; this run computed {', '.join(self._frames) or 'nothing'}") \
                from None

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError as e:
            raise AttributeError(e.args[0]) from None

    def __iter__(self):
        return iter(self._frames)

    def __len__(self) -> int:
        return len(self._frames)

    def __repr__(self) -> str:
        return "Tables(" + ", ".join(f"{n}: {len(f)} rows" for n, f in self._frames.items()) + ")"


def of_sides(table: pd.DataFrame, sides: Iterable[str] | None) -> pd.DataFrame:
    """The rows of `table` whose `side` is one of `sides`; all of them when `sides` is empty or the
    table has no side (milestones, the timeline)."""
    sides = list(sides or ())
    if not sides or "side" not in table:
        return table
    return table[table["side"].astype(str).isin(sides)].reset_index(drop=True)


def run(articles: pd.DataFrame, resources: Resources, want: Iterable[str] | str = ("mentions",), *,
        sides: Iterable[str] | None = None, config: Mapping[str, Mapping] | None = None,
        computed: Mapping[str, pd.DataFrame] | None = None, registry: Registry | None = None) -> Tables:
    """The tables `want` names, computed from `articles` with `resources`: each extractor they need
    runs once, after what it requires. `sides` keeps the rows of those sides in what is returned;
    `config` sets extractors' options ({"discover": {"min_count": 3}}); `computed` holds tables
    already computed from these same articles, unfiltered, which are not computed again."""
    registry = EXTRACTORS if registry is None else registry
    order = registry.plan(want)
    options = registry.options(config)
    tables = {**(computed or {}), ARTICLES: articles}
    for name in order:
        if name not in tables:
            extractor = registry[name]
            inputs = {required: tables[required] for required in extractor.requires}
            tables[name] = _in_schema(name, extractor.compute(resources, **inputs, **options[name]))
    return Tables({name: of_sides(tables[name], sides) for name in _names(want)})


EXTRACTORS = Registry()


@EXTRACTORS.register("mentions", requires=(ARTICLES,))
def _mentions(resources: Resources, articles: pd.DataFrame) -> pd.DataFrame:
    return find_mentions(articles, resources.matcher)


@EXTRACTORS.register("quotes", requires=(ARTICLES, "mentions"))
def _quotes(resources: Resources, articles: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    return find_quotes(articles, mentions, lexicon=resources.lexicon)


@EXTRACTORS.register("milestones", requires=(ARTICLES, "mentions"))
def _milestones(resources: Resources, articles: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    return extract_milestones(articles, mentions, resources.cues, resources.places, lexicon=resources.lexicon,
                              sides=resources.sides, states=resources.states)


@EXTRACTORS.register("timeline", requires=("milestones", ARTICLES))
def _timeline(resources: Resources, milestones: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    return timeline(milestones, articles, cues=resources.cues)


@EXTRACTORS.register("discover", requires=(ARTICLES, "mentions"), min_count=2)
def _discover(resources: Resources, articles: pd.DataFrame, mentions: pd.DataFrame, min_count: int) -> pd.DataFrame:
    return discover_actors(articles, mentions, min_count, lexicon=resources.lexicon, sides=resources.sides)


def _in_schema(name: str, table: pd.DataFrame) -> pd.DataFrame:
    """An extractor's table in the schema's columns and dtypes (also when it has no rows); a table
    the schema does not know (a user's extractor) as it is."""
    return conform(table, name) if name in TABLES else table
