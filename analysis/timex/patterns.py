"""The named building blocks of a language's rules (HeidelTime's repattern files): regular
expressions written once in patterns.yml, month and weekday names taken from the lexicon, and
`{name}` references between them expanded into plain regular expressions."""
from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType

from .files import TimexDataError, read_mapping, where

_REFERENCE = re.compile(r"\{([a-z_]+)\}")  # regex quantifiers ({2}, {1,2}) never hold letters
_LEXICON_KEYS = {"lexicon", "form", "dot", "dot_required", "except", "also", "not_followed_by"}


def expand(template: str, patterns, context: str) -> str:
    """`template` with each {name} replaced by that pattern; unknown names are an error."""
    def replace(m: re.Match) -> str:
        if m.group(1) not in patterns:
            raise TimexDataError(f"{context}: unknown pattern {{{m.group(1)}}}")
        return patterns[m.group(1)]
    return _REFERENCE.sub(replace, template)


def compile_regex(text: str, context: str, flags: int = 0) -> re.Pattern:
    try:
        return re.compile(text, flags)
    except re.error as e:
        raise TimexDataError(f"{context}: bad regular expression: {e}") from None


def load_patterns(path: Path, lexicon) -> MappingProxyType:
    """Every pattern of a patterns file, expanded and checked to compile."""
    data = read_mapping(path)
    raw = {name: _alternatives(path, name, spec, lexicon) for name, spec in data.items()}
    done: dict[str, str] = {}
    for name in raw:
        _resolve(path, data, name, raw, done, ())
    return MappingProxyType(done)


def _resolve(path, data, name, raw, done, stack):
    if name in done:
        return done[name]
    if name in stack:
        raise TimexDataError(f"{where(path, data)}: patterns refer to each other in a loop: {' -> '.join(stack + (name,))}")
    context = f"{where(path, data[name] if hasattr(data[name], 'line') else data)}: pattern `{name}`"
    for ref in _REFERENCE.findall(raw[name]):
        if ref in raw:
            _resolve(path, data, ref, raw, done, stack + (name,))
    done[name] = expand(raw[name], done, context)
    compile_regex(done[name], context)
    return done[name]


def _alternatives(path: Path, name: str, spec, lexicon) -> str:
    """One pattern as a regex (not yet expanded): a string, a list of alternatives, or lexicon names."""
    if not re.fullmatch(r"[a-z_]+", str(name)):
        raise TimexDataError(f"{where(path, spec)}: pattern names are lower-case words with _, got {name!r}")
    if isinstance(spec, dict):
        return "(?:" + "|".join(_lexicon_alternatives(path, name, spec, lexicon)) + ")"
    if isinstance(spec, list) and spec and all(isinstance(s, str) for s in spec):
        return "(?:" + "|".join(spec) + ")"
    if isinstance(spec, str) and spec:
        return "(?:" + spec + ")"
    raise TimexDataError(f"{where(path, spec)}: pattern `{name}` must be a regular expression, a list of "
                         f"alternatives or a mapping with `lexicon:`, got {spec!r:.60}")


def _lexicon_alternatives(path: Path, name: str, spec: dict, lexicon) -> list[str]:
    """The names of a lexicon section (months, weekdays), minus `except`, plus `also`: full names
    first, then abbreviations (`dot`: optional or required full stop, `dot_required` the exceptions);
    or the first three letters of every form (`form: prefix`, some maybe `not_followed_by` letters)."""
    unknown = set(spec) - _LEXICON_KEYS
    section = spec.get("lexicon")
    if unknown or section not in ("months", "weekdays"):
        raise TimexDataError(f"{where(path, spec)}: pattern `{name}`: `lexicon:` must be months or weekdays"
                             + (f"; unknown keys {sorted(unknown)}" if unknown else ""))
    entries = lexicon.month_names if section == "months" else lexicon.weekday_names
    if spec.get("form") == "prefix":
        unless = spec.get("not_followed_by") or {}
        return [prefix + (f"(?!{unless[prefix]})" if prefix in unless else "")
                for prefix in dict.fromkeys(form[:3].lower() for forms in entries for form in forms)]
    skip, required = set(spec.get("except", ())), set(spec.get("dot_required", ()))
    stop = r"\." if spec.get("dot") == "required" else r"\.?"
    full = [re.escape(forms[0]) for forms in entries if forms[0] not in skip]
    short = [_chain(chain) + (r"\." if chain[0] in required else stop)
             for forms in entries for chain in _chains([f for f in forms[1:] if f not in skip])]
    return full + short + list(spec.get("also", ()))


def _chains(forms: list[str]) -> list[list[str]]:
    """Abbreviations grouped where each is the one before plus a letter (Thu, Thur, Thurs)."""
    chains: list[list[str]] = []
    for form in sorted(forms, key=len):
        chain = next((c for c in chains if len(form) == len(c[-1]) + 1 and form.startswith(c[-1])), None)
        if chain is None:
            chains.append([form])
        else:
            chain.append(form)
    return chains


def _chain(chain: list[str]) -> str:
    """A chain of abbreviations as one regex, longest first: Thur?s? (which also admits "Thus")."""
    return re.escape(chain[0]) + "".join(re.escape(form[-1]) + "?" for form in chain[1:])
