"""The sides of the conflict (`data/sides.yml`): each side's chart colour and the adjectives that tie
a title to it ("Ukrainian", "Kremlin"). Validated on load, immutable once loaded, hashable (the
patterns compiled from it are cached on it)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from .config import DEFAULT_SIDES
from .yamlfiles import LineLoader, LineMapping, read_yaml, type_name

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
_SIDE_KEYS = ("colour", "adjectives")


class SidesError(ValueError):
    """A sides file that cannot be used; the message names the file, the line and what is wrong."""


@dataclass(frozen=True)
class Sides:
    """Colours by side (the rest drawn in `other_colour`) and the side each adjective stands for."""

    other_colour: str
    colours: tuple[tuple[str, str], ...]     # (side, "#RRGGBB")
    adjectives: tuple[tuple[str, str], ...]  # (adjective, side)
    _colour_of: dict = field(init=False, repr=False, compare=False)
    _side_of: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_colour_of", dict(self.colours))
        object.__setattr__(self, "_side_of", dict(self.adjectives))

    def colour(self, side: str) -> str:
        return self._colour_of.get(side, self.other_colour)

    @property
    def side_of(self) -> MappingProxyType:
        """adjective -> side ("Ukrainian" -> "Ukraine"), read-only."""
        return MappingProxyType(self._side_of)


def _colour(path: Path, where: LineMapping, key: str) -> str:
    value = where.get(key)
    if not isinstance(value, str) or not _COLOUR.fullmatch(value.strip()):
        raise SidesError(f"{path}:{where.at(key)}: `{key}` must be a colour written \"#RRGGBB\", got {value!r:.40}")
    return value.strip()


def _side(path: Path, name, spec, line: str, adjectives: dict[str, tuple[str, str]]) -> str | None:
    """The colour of one side (None: none given); its adjectives go into `adjectives`."""
    where = f"{path}:{line}: side '{name}'"
    if not isinstance(name, str) or not name.strip():
        raise SidesError(f"{where}: a side's name must be text")
    if spec is None:
        return None
    if not isinstance(spec, LineMapping):
        raise SidesError(f"{where}: expected a mapping with `colour` and/or `adjectives`, not {type_name(spec)}")
    for key in spec:
        if key not in _SIDE_KEYS:
            raise SidesError(f"{path}:{spec.at(key)}: side '{name}': unknown key '{key}' (a side has "
                             f"{', '.join(_SIDE_KEYS)})")
    words = spec.get("adjectives") or []
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
        raise SidesError(f"{path}:{spec.at('adjectives')}: side '{name}': `adjectives` must be a list of words")
    for index, word in enumerate(words):
        other = adjectives.setdefault(word.strip(), (name.strip(), words.at(index)))
        if other[0] != name.strip():
            raise SidesError(f"{path}:{words.at(index)}: side '{name}': '{word}' is already an "
                             f"adjective of '{other[0]}' (line {other[1]})")
    return _colour(path, spec, "colour") if "colour" in spec else None


def load_sides(path: str | Path = DEFAULT_SIDES) -> Sides:
    """The sides in a YAML file (the bundled one by default), checked entry by entry."""
    path = Path(path)
    data = read_yaml(path, LineLoader, SidesError)
    if not isinstance(data, LineMapping):
        raise SidesError(f"{path}: expected a mapping with `other_colour` and `sides`")
    for key in data:
        if key not in ("version", "other_colour", "sides"):
            raise SidesError(f"{path}:{data.at(key)}: unknown key '{key}' (expected version, other_colour, sides)")
    entries = data.get("sides")
    if not isinstance(entries, LineMapping):
        raise SidesError(f"{path}:{data.at('sides')}: `sides` must map each side's name to its colour and adjectives")
    colours, adjectives = {}, {}
    for name, spec in entries.items():
        colour = _side(path, name, spec, entries.at(name), adjectives)
        if colour:
            colours[name.strip()] = colour
    return Sides(_colour(path, data, "other_colour"), tuple(colours.items()),
                 tuple((word, side) for word, (side, _) in adjectives.items()))


@lru_cache(maxsize=None)
def default_sides() -> Sides:
    """The bundled sides, read once (a Sides is immutable, so sharing it is safe)."""
    return load_sides(DEFAULT_SIDES)
