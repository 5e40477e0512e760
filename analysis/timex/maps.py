"""The normalisation maps of a language (normalisation.yml: number words, units, seasons, this/
next/last...), read once, checked, and frozen; month and weekday numbers come from the lexicon."""
from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from .files import TimexDataError, read_mapping, where

#: section -> the type of its values (a mapping of words to them, or a list of words)
_SECTIONS = {"ones": int, "tens": int, "vague": list, "ordinals": int, "last_quarter": list, "units": str,
             "seasons": str, "season_starts": int, "parts_of_day": str, "midday": str, "clock_words": str,
             "decade_words": int, "centuries": int, "steps": int, "directions": int, "weekday_relations": str, "month_relations": str,
             "season_relations": str, "days": int, "part_of_day_steps": int,
             "halves": int, "set_adverbs": str, "set_counts": int, "year_back": list, "past_ref": list,
             "future_ref": list, "future_ref_words": list, "holidays": str, "moveable_holidays": object}


def load_maps(path: Path, lexicon) -> MappingProxyType:
    """Every section of a normalisation file, frozen, plus the lexicon's `months` and `weekdays`."""
    data = read_mapping(path)
    missing, unknown = set(_SECTIONS) - set(data), set(data) - set(_SECTIONS)
    if missing or unknown:
        raise TimexDataError(f"{path}: " + "; ".join(
            part for part in (f"missing sections {sorted(missing)}" if missing else "",
                              f"unknown sections {sorted(unknown)}" if unknown else "") if part))
    maps = {name: _section(path, name, data[name]) for name in _SECTIONS}
    maps["months"], maps["weekdays"] = MappingProxyType(dict(lexicon.months)), MappingProxyType(dict(lexicon.weekdays))
    return MappingProxyType(maps)


def _section(path: Path, name: str, value):
    kind = _SECTIONS[name]
    if kind is list:
        if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
            raise TimexDataError(f"{where(path, value)}: `{name}` must be a list of words")
        return tuple(value)
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise TimexDataError(f"{where(path, value)}: `{name}` must map words to values")
    if kind is not object:
        bad = [k for k, v in value.items() if not isinstance(v, kind) or isinstance(v, bool)]
        if bad:
            raise TimexDataError(f"{where(path, value)}: `{name}`: the values of {bad[:3]} must be {kind.__name__}s")
    return MappingProxyType({k: tuple(v) if isinstance(v, list) else v for k, v in value.items()})
