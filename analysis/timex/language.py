"""A language for the tagger: the folder of data files it reads (data/timex/<language>/), loaded
once into one immutable object (compiled rules, maps, tense cues) that the engine is handed."""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from ..config import DATA_DIR
from ..lexicon import default_lexicon
from .files import TimexDataError
from .patterns import compile_regex, load_patterns
from .prefilter import TriggerFilter
from .maps import load_maps
from .rules import Rule, load_negatives, load_rules
from .tense import TenseCues

DEFAULT_TIMEX = DATA_DIR / "timex" / "en"
FILES = ("patterns.yml", "tense.yml", "normalisation.yml", "rules.yml", "negative.yml")


@dataclass(frozen=True)
class Language:
    """Everything the engine needs of one language; `triggers` tells which rules may match a text."""

    folder: Path
    rules: tuple[Rule, ...]
    triggers: TriggerFilter
    maps: MappingProxyType
    tense: TenseCues


def load_language(folder: str | Path = DEFAULT_TIMEX, lexicon=None) -> Language:
    """The language in a folder of timex data files, with month and weekday names from `lexicon`."""
    folder, lexicon = Path(folder), lexicon or default_lexicon()
    patterns = load_patterns(folder / "patterns.yml", lexicon)
    cues = _tense_cues(folder / "tense.yml", lexicon)
    rules = load_rules(folder / "rules.yml", patterns)
    negatives = load_negatives(folder / "negative.yml", patterns, {rule.name for rule in rules})
    rules = [dataclasses.replace(rule, negatives=tuple(n for n in negatives if rule.name in n.rules)) for rule in rules]
    return Language(folder, tuple(rules), TriggerFilter(rules),
                    load_maps(folder / "normalisation.yml", lexicon), cues)


def _tense_cues(path: Path, lexicon) -> TenseCues:
    """The tense cues of tense.yml, each compiled case-insensitively; every one must be there."""
    patterns = load_patterns(path, lexicon)
    missing = [f.name for f in dataclasses.fields(TenseCues) if f.name not in patterns]
    if missing:
        raise TimexDataError(f"{path}: missing the tense cues {missing}")
    return TenseCues(**{f.name: compile_regex(patterns[f.name], f"{path}: `{f.name}`", re.I)
                        for f in dataclasses.fields(TenseCues)})


@lru_cache(maxsize=None)
def english() -> Language:
    """The bundled English rules, read once (a Language is immutable, so sharing it is safe)."""
    return load_language(DEFAULT_TIMEX, default_lexicon())
