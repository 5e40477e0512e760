"""The actor gazetteer: actors, their aliases and roles with validity dates, from YAML files a user can extend."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd
import yaml

from .config import DEFAULT_ACTORS
from .yamlfiles import read_yaml

KINDS = ("person", "state", "government", "institution", "organization", "alliance", "military")
_ACTOR_KEYS = {"name", "kind", "side", "aliases", "acronyms", "roles", "country", "notes", "remove"}
_SMALL_WORDS = {"of", "the", "and", "for", "to", "in", "on", "at", "a", "an"}


class GazetteerError(ValueError):
    """A malformed gazetteer: names the file, the entry and what is wrong."""


@dataclass(frozen=True)
class Tenure:
    """One actor holding one role from `start` (inclusive) to `end` (exclusive; None = still)."""

    role: str
    start: dt.date | None
    end: dt.date | None


@dataclass(frozen=True)
class Actor:
    name: str
    kind: str
    side: str
    aliases: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    tenures: tuple[Tenure, ...] = ()
    country: str = ""
    source: str = ""  # the file (and line) the entry came from


@dataclass(frozen=True)
class Role:
    id: str
    description: str
    titles: tuple[str, ...]


class _LineLoader(yaml.SafeLoader):
    """Records the line of every mapping so errors can point at the entry; leaves impossible dates as text.

    YAML reads 2025-02-01 as a date and fails outright on 2025-02-30; kept as a string, the
    bad date reaches the check that names its file, line and entry.
    """

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError, AttributeError, TypeError):  # also "!!timestamp soon"
            return self.construct_scalar(node)


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _LineLoader.construct_yaml_timestamp)


def _read_yaml(path: Path) -> dict:
    data = read_yaml(path, _LineLoader, GazetteerError)
    if not isinstance(data, dict):
        raise GazetteerError(f"{path}: expected a mapping with 'actors' (and optionally 'roles')")
    return data


def _keys(keys) -> str:
    """Mapping keys of any type (YAML allows numbers, null...), listed for a message."""
    return ", ".join(sorted(map(str, keys)))


def _text(value, where: str, key: str, default: str = "") -> str:
    """An optional one-string value (country, description)."""
    if value is None:
        return default
    if not isinstance(value, str):
        raise GazetteerError(f"{where}: '{key}' must be a string, not {_kind_of(value)}")
    return value.strip() or default


def _kind_of(value) -> str:
    return f"{type(value).__name__} {value!r}"[:80]


def _strings(value, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise GazetteerError(f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _date(value, where: str, key: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        if isinstance(value, str):
            return dt.date.fromisoformat(value.strip())
    except ValueError:
        pass
    raise GazetteerError(f"{where}: '{key}' must be an ISO date (YYYY-MM-DD), not {_kind_of(value)}")


def _parse_roles(data, path: Path) -> dict[str, Role]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise GazetteerError(f"{path}: 'roles' must be a mapping of role id to {{description, titles}}")
    roles = {}
    for role_id, spec in data.items():
        if role_id == "__line__":
            continue
        where = f"{path}:{spec.get('__line__', '?') if isinstance(spec, dict) else '?'}: role '{role_id}'"
        if not isinstance(spec, dict):
            raise GazetteerError(f"{where}: expected a mapping with 'titles'")
        unknown = set(spec) - {"description", "titles", "__line__"}
        if unknown:
            raise GazetteerError(f"{where}: unknown key(s) {_keys(unknown)}")
        titles = _strings(spec.get("titles"), where, "titles")
        if not titles:
            raise GazetteerError(f"{where}: needs at least one title")
        roles[str(role_id)] = Role(str(role_id), _text(spec.get("description"), where, "description", str(role_id)),
                                   titles)
    return roles


def _parse_actor(entry, index: int, path: Path) -> Actor | str:
    """An Actor, or the name to remove when the entry says `remove: true`."""
    if not isinstance(entry, dict):
        raise GazetteerError(f"{path}: actors[{index}]: expected a mapping, not {type(entry).__name__}")
    name = entry.get("name")
    where = f"{path}:{entry.get('__line__', '?')}: actors[{index}]"
    if name is not None and not isinstance(name, str):
        raise GazetteerError(f"{where}: 'name' must be a string, not {_kind_of(name)}")
    if not name or not name.strip():
        raise GazetteerError(f"{where}: missing 'name'")
    where += f" ({name.strip()})"
    unknown = set(entry) - _ACTOR_KEYS - {"__line__"}
    if unknown:
        raise GazetteerError(f"{where}: unknown key(s) {_keys(unknown)}; allowed: {_keys(_ACTOR_KEYS)}")
    remove = entry.get("remove", False)
    if not isinstance(remove, bool):
        raise GazetteerError(f"{where}: 'remove' must be true or false, not {_kind_of(remove)}")
    if remove:
        return name.strip()
    kind = entry.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        raise GazetteerError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    side = entry.get("side")
    if side is not None and not isinstance(side, str):
        raise GazetteerError(f"{where}: 'side' must be a string, not {_kind_of(side)}")
    if not side or not side.strip():
        raise GazetteerError(f"{where}: missing 'side'")
    acronyms = _strings(entry.get("acronyms"), where, "acronyms")
    for acronym in acronyms:
        if not acronym.replace(".", "").replace("&", "").isupper():
            raise GazetteerError(f"{where}: acronym {acronym!r} is not in capitals")
    return Actor(name=name.strip(), kind=kind, side=side.strip(),
                 aliases=_strings(entry.get("aliases"), where, "aliases"), acronyms=acronyms,
                 tenures=_tenures(entry.get("roles"), where), country=_text(entry.get("country"), where, "country"),
                 source=f"{path}:{entry.get('__line__', '?')}")


def _tenures(spells, where: str) -> tuple[Tenure, ...]:
    """An actor's `roles`: a list of {role, from, to} with ISO dates, `to` after `from`."""
    if spells is None:
        return ()
    if not isinstance(spells, list):
        raise GazetteerError(f"{where}: 'roles' must be a list of {{role, from, to}}, not {_kind_of(spells)}")
    tenures = []
    for spell in spells:
        if not isinstance(spell, dict) or not isinstance(spell.get("role"), str) or not spell["role"].strip():
            raise GazetteerError(f"{where}: each of 'roles' needs a 'role' id (and optional from/to dates)")
        at = f"{where}, line {spell.get('__line__', '?')}, role '{spell['role']}'"
        unknown = set(spell) - {"role", "from", "to", "__line__"}
        if unknown:
            raise GazetteerError(f"{at}: unknown key(s) {_keys(unknown)}; allowed: from, role, to")
        start, end = _date(spell.get("from"), at, "from"), _date(spell.get("to"), at, "to")
        if start and end and end <= start:
            raise GazetteerError(f"{where}: role '{spell['role']}' ends ({end}) before it starts ({start})")
        tenures.append(Tenure(spell["role"].strip(), start, end))
    return tuple(tenures)


def title_variants(title: str) -> list[str]:
    """A title as written, with a capital first letter (sentence start), and in Title Case (before a name)."""
    words = title.split(" ")
    titled = " ".join(w if (i and w in _SMALL_WORDS) or not w[:1].islower() else w[:1].upper() + w[1:]
                      for i, w in enumerate(words))
    first = title[:1].upper() + title[1:]
    return list(dict.fromkeys([title, first, titled]))


@dataclass
class Gazetteer:
    """Actors (index = actor id in the matcher) and roles, merged from one or more YAML files."""

    actors: list[Actor]
    roles: dict[str, Role]
    files: list[str] = field(default_factory=list)
    #: Compiled matchers and other derived state, built on first use by the modules that need them.
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self):
        self._validate()

    def __getstate__(self) -> dict:
        """Pickled without the compiled matchers (Dask ships gazetteers to workers; they rebuild)."""
        state = dict(self.__dict__)
        state["cache"] = {}
        state.pop("_tenures", None)
        return state

    def _validate(self) -> None:
        owner: dict[str, str] = {}
        for actor in self.actors:
            for form in (actor.name, *actor.aliases, *actor.acronyms):
                other = owner.setdefault(form, actor.name)
                if other != actor.name:
                    raise GazetteerError(f"{actor.source}: '{form}' names both {other} and {actor.name}")
            for tenure in actor.tenures:
                if tenure.role not in self.roles:
                    raise GazetteerError(f"{actor.source} ({actor.name}): role '{tenure.role}' is not "
                                         f"defined under 'roles'")
        for role in self.roles.values():
            for title in role.titles:
                for variant in title_variants(title):
                    if variant in owner:
                        raise GazetteerError(f"role '{role.id}': title '{variant}' is also a name of "
                                             f"{owner[variant]}")

    @cached_property
    def _tenures(self) -> dict[str, list[tuple[dt.date, dt.date, int]]]:
        spells: dict[str, list] = {}
        for index, actor in enumerate(self.actors):
            for t in actor.tenures:
                spells.setdefault(t.role, []).append((t.start or dt.date.min, t.end or dt.date.max, index))
        return {role: sorted(s) for role, s in spells.items()}

    def holder(self, role: str, day: dt.date | None) -> int | None:
        """The actor index holding `role` on `day` (the latest to take office if spells overlap)."""
        if day is None:
            return None
        holders = [i for start, end, i in self._tenures.get(role, ()) if start <= day < end]
        return holders[-1] if holders else None

    def index(self, name: str) -> int:
        for i, actor in enumerate(self.actors):
            if actor.name == name:
                return i
        raise KeyError(name)

    def table(self) -> pd.DataFrame:
        """One row per actor: name, kind, side, country, aliases, acronyms, roles."""
        return pd.DataFrame([{
            "name": a.name, "kind": a.kind, "side": a.side, "country": a.country,
            "aliases": list(a.aliases), "acronyms": list(a.acronyms),
            "roles": [t.role for t in a.tenures]} for a in self.actors])


def load_gazetteer(*extra, base: str | Path | None = DEFAULT_ACTORS) -> Gazetteer:
    """The default gazetteer with user files laid over it, in order.

    A user entry with the `name` of an existing actor replaces it; `remove: true` deletes it; new
    names are added. User roles are added or replace roles with the same id.
    """
    paths = ([Path(base)] if base else []) + [Path(p) for p in extra if p]
    actors: dict[str, Actor] = {}
    roles: dict[str, Role] = {}
    for path in paths:
        data = _read_yaml(path)
        unknown = set(data) - {"version", "actors", "roles", "__line__"}
        if unknown:
            raise GazetteerError(f"{path}: unknown top-level key(s) {_keys(unknown)}")
        roles.update(_parse_roles(data.get("roles"), path))
        entries = data.get("actors") or []
        if not isinstance(entries, list):
            raise GazetteerError(f"{path}: 'actors' must be a list")
        for index, entry in enumerate(entries):
            parsed = _parse_actor(entry, index, path)
            if isinstance(parsed, str):
                actors.pop(parsed, None)
            else:
                actors[parsed.name] = parsed
    return Gazetteer(list(actors.values()), roles, [str(p) for p in paths])


def as_gazetteer(actors=None) -> Gazetteer:
    """Accept None (the default), a Gazetteer, or a user file / list of files to lay over the default."""
    if isinstance(actors, Gazetteer):
        return actors
    if actors is None:
        return _default()
    if isinstance(actors, (str, Path)):
        actors = [actors]
    return load_gazetteer(*actors)


@lru_cache(maxsize=1)
def _default() -> Gazetteer:
    return load_gazetteer()
