"""The words of a language the extractors read (month and weekday names, ...), from
`data/lexicon/<language>.yml`: validated on load, immutable once loaded, passed to whoever needs them."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

import yaml

from .config import DEFAULT_LEXICON
from .yamlfiles import read_yaml


class LexiconError(ValueError):
    """A lexicon file that cannot be used; the message names the file, the line and what is wrong."""


class _Loader(yaml.SafeLoader):
    """Keeps each node's line so errors can point at it."""


def _construct_sequence(loader, node):
    items = loader.construct_sequence(node, deep=True)
    return _Located(items, node.start_mark.line + 1)


class _Located(list):
    """A YAML list that remembers the line it starts on."""

    def __init__(self, items, line: int):
        super().__init__(items)
        self.line = line


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)

#: section -> how many entries it must have (None: any number)
_NUMBERED = {"months": 12, "weekdays": 7}


@dataclass(frozen=True)
class Lexicon:
    """One language's word lists; `months`/`weekdays` map every lower-cased form to its number
    (months 1-12, weekdays 0 = Monday)."""

    language: str
    month_names: tuple[tuple[str, ...], ...]
    weekday_names: tuple[tuple[str, ...], ...]

    @property
    def months(self) -> MappingProxyType:
        return MappingProxyType({form.lower(): i for i, forms in enumerate(self.month_names, 1) for form in forms})

    @property
    def weekdays(self) -> MappingProxyType:
        return MappingProxyType({form.lower(): i for i, forms in enumerate(self.weekday_names) for form in forms})

    def full_names(self, section: str) -> tuple[str, ...]:
        """The first (full) form of each entry of a numbered section: January ... December."""
        return tuple(forms[0] for forms in getattr(self, f"{section[:-1]}_names"))


def _where(path: Path, value) -> str:
    return f"{path}:{value.line}" if isinstance(value, _Located) else str(path)


def _numbered(path: Path, data: dict, section: str) -> tuple[tuple[str, ...], ...]:
    entries = data.get(section)
    if not isinstance(entries, list) or len(entries) != _NUMBERED[section]:
        raise LexiconError(f"{_where(path, entries)}: `{section}` must list {_NUMBERED[section]} entries, "
                           f"each a list of names (full name first)")
    out = []
    for entry in entries:
        if not isinstance(entry, list) or not entry or not all(isinstance(w, str) and w.strip() for w in entry):
            raise LexiconError(f"{_where(path, entry)}: each entry of `{section}` is a list of non-empty "
                               f"names, got {entry!r:.80}")
        out.append(tuple(w.strip() for w in entry))
    return tuple(out)


def load_lexicon(path: str | Path = DEFAULT_LEXICON) -> Lexicon:
    """The lexicon in a YAML file (the bundled English one by default), checked section by section."""
    path = Path(path)
    data = read_yaml(path, _Loader, LexiconError)
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: a lexicon is a mapping of sections (language, months, weekdays, ...)")
    language = data.get("language")
    if not isinstance(language, str) or not language:
        raise LexiconError(f"{path}: `language` must name the language (e.g. en)")
    return Lexicon(language, _numbered(path, data, "months"), _numbered(path, data, "weekdays"))


@lru_cache(maxsize=None)
def default_lexicon() -> Lexicon:
    """The bundled English lexicon, read once (a Lexicon is immutable, so sharing it is safe)."""
    return load_lexicon(DEFAULT_LEXICON)
