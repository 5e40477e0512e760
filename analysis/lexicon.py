"""The words of a language the extractors read (month and weekday names, speech verbs, titles,
abbreviations...), from `data/lexicon/<language>.yml`: validated on load, immutable once loaded,
passed to whoever needs them (and hashable, so the patterns compiled from it can be cached on it)."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from .config import DEFAULT_LEXICON
from .yamlfiles import LineList, LineLoader, LineMapping, read_yaml


class LexiconError(ValueError):
    """A lexicon file that cannot be used; the message names the file, the line and what is wrong."""


class _Loader(LineLoader):
    """Keeps the line of each list and item (see LineLoader); reads yes/no/on/off/true/false as the
    words they are ("No." is an abbreviation, "On" a sentence starter)."""

    yaml_implicit_resolvers = {first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
                               for first, resolvers in LineLoader.yaml_implicit_resolvers.items()}


#: section -> how many entries it must have
_NUMBERED = {"months": 12, "weekdays": 7}


@dataclass(frozen=True)
class Lexicon:
    """One language's word lists, each a tuple of words as the file writes them (what each is for
    is said beside it in `data/lexicon/en.yml`); `months`/`weekdays` map every lower-cased form to
    its number (months 1-12, weekdays 0 = Monday)."""

    language: str
    month_names: tuple[tuple[str, ...], ...]
    weekday_names: tuple[tuple[str, ...], ...]
    speech_verbs: tuple[str, ...] = ()
    reporting_verbs: tuple[str, ...] = ()
    announcing_verbs: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    headline_abbreviations: tuple[str, ...] = ()
    honorifics: tuple[str, ...] = ()
    title_abbreviations: tuple[str, ...] = ()
    name_abbreviations: tuple[str, ...] = ()
    title_words: tuple[str, ...] = ()
    role_nouns: tuple[str, ...] = ()
    title_stop_words: tuple[str, ...] = ()
    starters: tuple[str, ...] = ()
    not_names: tuple[str, ...] = ()
    organisation_words: tuple[str, ...] = ()
    name_particles: tuple[str, ...] = ()
    title_joiners: tuple[str, ...] = ()
    byline_words: tuple[str, ...] = ()
    _hash: int = field(default=0, init=False, repr=False, compare=False)

    def __post_init__(self):
        values = tuple(getattr(self, f.name) for f in fields(self) if f.compare)
        object.__setattr__(self, "_hash", hash(values))  # asked on every cached pattern look-up

    def __hash__(self) -> int:
        return self._hash

    def __getstate__(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.compare}

    def __setstate__(self, state: dict) -> None:  # text hashes differ between processes: hash again
        for name, value in state.items():
            object.__setattr__(self, name, value)
        self.__post_init__()

    @property
    def months(self) -> MappingProxyType:
        return MappingProxyType({form.lower(): i for i, forms in enumerate(self.month_names, 1) for form in forms})

    @property
    def weekdays(self) -> MappingProxyType:
        return MappingProxyType({form.lower(): i for i, forms in enumerate(self.weekday_names) for form in forms})

    def full_names(self, section: str) -> tuple[str, ...]:
        """The first (full) form of each entry of a numbered section: January ... December."""
        return tuple(forms[0] for forms in getattr(self, f"{section[:-1]}_names"))

    def month_abbreviations(self) -> tuple[str, ...]:
        """Every form of a month name but the full one: Jan, Feb, ..., Sept, Sep, ..., Dec."""
        return tuple(form for forms in self.month_names for form in forms[1:])


#: the sections that are plain lists of words (every field after the numbered ones)
WORD_LISTS = tuple(f.name for f in fields(Lexicon) if f.compare)[3:]


def _where(path: Path, value, index: int | None = None) -> str:
    if not isinstance(value, LineList):
        return str(path)
    return f"{path}:{value.at(index) if index is not None else value.line}"


def _word(path: Path, section: str, entries: LineList, index: int) -> str:
    word = entries[index]
    if isinstance(word, str) and word.strip():
        return word.strip()
    hint = f' (write "{word}" in quotes)' if isinstance(word, (int, float)) else ""
    raise LexiconError(f"{_where(path, entries, index)}: each entry of `{section}` is a word (text), "
                       f"got {word!r:.80}{hint}")


def _numbered(path: Path, data: dict, section: str) -> tuple[tuple[str, ...], ...]:
    entries = data.get(section)
    if not isinstance(entries, list) or len(entries) != _NUMBERED[section]:
        raise LexiconError(f"{_where(path, entries)}: `{section}` must list {_NUMBERED[section]} entries, "
                           f"each a list of names (full name first)")
    out = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, list) or not entry or not all(isinstance(w, str) and w.strip() for w in entry):
            raise LexiconError(f"{_where(path, entries, index)}: each entry of `{section}` is a list of "
                               f"non-empty names, got {entry!r:.80}")
        out.append(tuple(w.strip() for w in entry))
    return tuple(out)


def _words(path: Path, data: dict, section: str) -> tuple[str, ...]:
    if section not in data:
        raise LexiconError(f"{path}: the section `{section}` is missing (a list of words; it may be empty: [])")
    entries = data[section]
    if entries is None:
        return ()
    if not isinstance(entries, list):
        what = "a mapping" if isinstance(entries, dict) else type(entries).__name__
        raise LexiconError(f"{path}:{data.at(section)}: `{section}` must be a list of words, not {what}")
    return tuple(dict.fromkeys(_word(path, section, entries, i) for i in range(len(entries))))


def load_lexicon(path: str | Path = DEFAULT_LEXICON) -> Lexicon:
    """The lexicon in a YAML file (the bundled English one by default), checked section by section."""
    path = Path(path)
    data = read_yaml(path, _Loader, LexiconError)
    if not isinstance(data, LineMapping):
        raise LexiconError(f"{path}: a lexicon is a mapping of sections (language, months, weekdays, ...)")
    unknown = [key for key in data if key not in {"language", *_NUMBERED, *WORD_LISTS}]
    if unknown:
        raise LexiconError(f"{path}:{data.at(unknown[0])}: unknown section `{unknown[0]}` (the sections are: language, "
                           f"{', '.join([*_NUMBERED, *WORD_LISTS])})")
    language = data.get("language")
    if not isinstance(language, str) or not language:
        raise LexiconError(f"{path}: `language` must name the language (e.g. en)")
    return Lexicon(language, _numbered(path, data, "months"), _numbered(path, data, "weekdays"),
                   **{section: _words(path, data, section) for section in WORD_LISTS})


def load_words(path: str | Path, section: str = "words") -> tuple[str, ...]:
    """The list of words under `section` of a YAML file of one list (`data/generic_words.yml`),
    checked like a lexicon's sections (errors name the file and line)."""
    path = Path(path)
    data = read_yaml(path, _Loader, LexiconError)
    if not isinstance(data, LineMapping):
        raise LexiconError(f"{path}: expected a mapping with a `{section}` list")
    unknown = [key for key in data if key not in ("version", section)]
    if unknown:
        raise LexiconError(f"{path}:{data.at(unknown[0])}: unknown key `{unknown[0]}` (expected version, {section})")
    return _words(path, data, section)


@lru_cache(maxsize=None)
def default_lexicon() -> Lexicon:
    """The bundled English lexicon, read once (a Lexicon is immutable, so sharing it is safe)."""
    return load_lexicon(DEFAULT_LEXICON)
