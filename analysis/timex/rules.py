"""Loading a language's rule files (rules.yml, negative.yml) into compiled, immutable rules: each
entry checked (known keys and normaliser, patterns that compile, examples present), errors naming
the file and the line."""
from __future__ import annotations

import datetime as dt
import inspect
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from .discourse import ROLES
from .files import TimexDataError, read, where
from .normalise import NORMALISERS
from .patterns import compile_regex, expand

_RULE_KEYS = {"name", "pattern", "priority", "trigger", "ignore_case", "normaliser", "params", "discourse", "examples"}
_NEGATIVE_KEYS = {"name", "rules", "text", "groups", "before", "before_chars", "not_before", "after", "after_chars",
                  "unless_group", "then", "examples"}
# a match must stand alone: not inside a word, a number, an amount or a path
_ALONE_BEFORE, _ALONE_AFTER = r"(?<![\w$€£/.-])", r"(?![\w%/]|\.\d)"


@dataclass(frozen=True)
class Example:
    """A text, its reference date and every expression the tagger must find in it."""

    text: str
    reference: str
    expect: tuple
    where: str


@dataclass(frozen=True)
class Negative:
    """A negative rule: drops the matches of the rules it names in a context, or gives them `then`."""

    name: str
    rules: tuple
    text: re.Pattern | None
    groups: tuple
    before: re.Pattern | None
    not_before: re.Pattern | None
    before_chars: int
    after: re.Pattern | None
    after_chars: int
    unless_group: str | None
    then: tuple | None  # (type, value), or None to drop the match
    examples: tuple
    where: str

    def fires(self, text: str, m: re.Match, g: dict) -> bool:
        """Whether every condition of the rule holds for match `m` of `text`."""
        if self.unless_group and g.get(self.unless_group):
            return False
        if self.text and not self.text.search(m.group()):
            return False
        if any(not g.get(name) or not pattern.fullmatch(g[name]) for name, pattern in self.groups):
            return False
        before = text[max(0, m.start() - self.before_chars):m.start()]
        if (self.before and not self.before.search(before)) or (self.not_before and self.not_before.search(before)):
            return False
        return not self.after or bool(self.after.match(text[m.end():m.end() + self.after_chars]))


@dataclass(frozen=True)
class Rule:
    """One compiled rule: its pattern, priority, trigger, normaliser (with params), discourse roles,
    the negative rules that apply to it and its examples."""

    name: str
    pattern: re.Pattern
    priority: int
    trigger: re.Pattern | None
    normaliser: object
    params: MappingProxyType
    discourse: tuple
    negatives: tuple
    examples: tuple
    where: str


def load_rules(path: Path, patterns) -> list[Rule]:
    """The rules of a rule file, in order (the order breaks ties between equal matches)."""
    entries = read(path, "rules")["rules"]
    if not isinstance(entries, list) or not entries:
        raise TimexDataError(f"{where(path, entries)}: `rules` must be a list of rules")
    rules, names = [], set()
    for entry in entries:
        rule = _rule(path, entry, patterns)
        if rule.name in names:
            raise TimexDataError(f"{rule.where}: a second rule named `{rule.name}`")
        names.add(rule.name)
        rules.append(rule)
    return rules


def load_negatives(path: Path, patterns, rule_names) -> list[Negative]:
    """The negative rules of a file, each checked to name only rules that exist."""
    entries = read(path, "negative")["negative"]
    if not isinstance(entries, list):
        raise TimexDataError(f"{where(path, entries)}: `negative` must be a list of negative rules")
    negatives = [_negative(path, entry, patterns) for entry in entries]
    for negative in negatives:
        unknown = [name for name in negative.rules if name not in rule_names]
        if unknown:
            raise TimexDataError(f"{negative.where}: negative rule `{negative.name}` names unknown rules {unknown}")
    return negatives


def _entry(path: Path, entry, keys: set, kind: str) -> tuple[str, str]:
    """(where, name) of an entry, after checking it is a mapping of known keys with a name."""
    at = where(path, entry)
    if not isinstance(entry, dict):
        raise TimexDataError(f"{at}: each {kind} is a mapping (name:, pattern:, ...), got {entry!r:.60}")
    name = entry.get("name")
    if not isinstance(name, str) or not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise TimexDataError(f"{at}: a {kind} needs a `name:` of lower-case letters, digits and _")
    unknown = set(entry) - keys
    if unknown:
        raise TimexDataError(f"{at}: {kind} `{name}`: unknown keys {sorted(unknown)} "
                             f"(a {kind} has {', '.join(sorted(keys))})")
    return at, name


def _rule(path: Path, entry, patterns) -> Rule:
    at, name = _entry(path, entry, _RULE_KEYS, "rule")
    context = f"{at}: rule `{name}`"
    pattern = entry.get("pattern")
    if not isinstance(pattern, str) or not pattern:
        raise TimexDataError(f"{context}: `pattern:` must be a regular expression")
    flags = re.I if _boolean(entry.get("ignore_case", False), context, "ignore_case") else 0
    compiled = compile_regex(_ALONE_BEFORE + "(?:" + expand(pattern, patterns, context) + ")" + _ALONE_AFTER, context, flags)
    trigger = entry.get("trigger")
    if trigger is not None and (not isinstance(trigger, str) or not trigger):
        raise TimexDataError(f"{context}: `trigger:` must be a regular expression")
    priority = entry.get("priority", 0)
    if not isinstance(priority, int) or isinstance(priority, bool):
        raise TimexDataError(f"{context}: `priority:` must be a whole number, got {priority!r}")
    normaliser = entry.get("normaliser")
    if normaliser not in NORMALISERS:
        raise TimexDataError(f"{context}: unknown normaliser {normaliser!r} (known: {', '.join(sorted(NORMALISERS))})")
    params = entry.get("params") or {}
    accepted = list(inspect.signature(NORMALISERS[normaliser]).parameters)[3:]
    if not isinstance(params, dict) or set(params) - set(accepted):
        raise TimexDataError(f"{context}: `params:` must map parameters of `{normaliser}` "
                             f"({', '.join(accepted) or 'it has none'}) to values, got {params!r:.60}")
    discourse = entry.get("discourse") or []
    if not isinstance(discourse, list) or any(role not in ROLES for role in discourse):
        raise TimexDataError(f"{context}: `discourse:` must list roles among {', '.join(ROLES)}, got {discourse!r}")
    return Rule(name, compiled, priority, compile_regex(expand(trigger, patterns, context), context) if trigger else None,
                NORMALISERS[normaliser], MappingProxyType(dict(params)), tuple(discourse), (),
                _examples(path, entry, context), at)


def _negative(path: Path, entry, patterns) -> Negative:
    at, name = _entry(path, entry, _NEGATIVE_KEYS, "negative rule")
    context = f"{at}: negative rule `{name}`"
    rules = entry.get("rules")
    if not isinstance(rules, list) or not rules or not all(isinstance(r, str) for r in rules):
        raise TimexDataError(f"{context}: `rules:` must list the rules it applies to")

    def regex(key: str) -> re.Pattern | None:
        value = entry.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value:
            raise TimexDataError(f"{context}: `{key}:` must be a regular expression")
        return compile_regex(expand(value, patterns, context), f"{context}, `{key}`")

    groups = entry.get("groups") or {}
    if not isinstance(groups, dict) or not all(isinstance(v, str) for v in groups.values()):
        raise TimexDataError(f"{context}: `groups:` must map group names to regular expressions")
    group_patterns = tuple((k, compile_regex(v, f"{context}, group `{k}`")) for k, v in groups.items())
    return Negative(name, tuple(rules), regex("text"), group_patterns, regex("before"), regex("not_before"),
                    _chars(entry, "before_chars", context), regex("after"), _chars(entry, "after_chars", context),
                    entry.get("unless_group"), _then(entry.get("then"), context), _examples(path, entry, context), at)


def _chars(entry: dict, key: str, context: str) -> int:
    value = entry.get(key, 0)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TimexDataError(f"{context}: `{key}:` must be a number of characters, got {value!r}")
    return value


def _then(value, context: str) -> tuple | None:
    if value == "REMOVE":
        return None
    if isinstance(value, dict) and set(value) == {"type", "value"} and all(isinstance(v, str) for v in value.values()):
        return value["type"], value["value"]
    raise TimexDataError(f"{context}: `then:` must be REMOVE or {{type: ..., value: ...}}, got {value!r:.60}")


def _boolean(value, context: str, key: str) -> bool:
    if not isinstance(value, bool):
        raise TimexDataError(f"{context}: `{key}:` must be true or false, got {value!r}")
    return value


def _examples(path: Path, entry: dict, context: str) -> tuple[Example, ...]:
    """The entry's examples: each a text, a reference date and the expressions expected in it."""
    examples = entry.get("examples")
    if not isinstance(examples, list) or not examples:
        raise TimexDataError(f"{context}: missing `examples:` (a text, its reference date and what it must give)")
    out = []
    for example in examples:
        at = where(path, example) if getattr(example, "line", 0) else where(path, examples)
        if not isinstance(example, dict) or set(example) != {"text", "reference", "expect"} \
                or not isinstance(example["text"], str) or not isinstance(example["reference"], (str, dt.date)):
            raise TimexDataError(f"{at}: each example of `{entry['name']}` is {{text:, reference:, expect:}}")
        expect = example["expect"]
        if not isinstance(expect, list) or not all(
                isinstance(e, list) and len(e) in (3, 4) and all(isinstance(x, str) for x in e) for e in expect):
            raise TimexDataError(f"{at}: `expect:` lists [text, type, value] or [text, type, value, end value]")
        out.append(Example(example["text"], str(example["reference"]), tuple(tuple(e) for e in expect), at))
    return tuple(out)
