"""Which rule triggers can fire in a text, from one Aho–Corasick pass instead of a regex search per
trigger: each trigger's "needles" (the literal text every one of its matches starts with, read off
the compiled pattern) are looked up at once, and only the triggers whose needles occur are searched.
A trigger whose pattern does not start with something literal has no needles and is always searched."""
from __future__ import annotations

import re
import sys
from functools import lru_cache
from re import _constants as sre  # noqa: the parser's opcodes, as the standard library names them
from re import _parser as sre_parse

import ahocorasick_rs

_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}
_MAX_CLASS = 40  # a class (or set of endings) wider than this is not worth spelling out as needles


def needles(pattern: str | re.Pattern) -> frozenset[str] | None:
    """Literal strings of which every match of `pattern` starts with one (after any zero-width
    assertion), or None when that cannot be told from the pattern."""
    source, flags = (pattern.pattern, pattern.flags) if isinstance(pattern, re.Pattern) else (pattern, 0)
    if flags & re.IGNORECASE:
        return None
    try:
        parsed = sre_parse.parse(source, flags)
        if parsed.state.flags & re.IGNORECASE:  # "(?i)" inside the pattern
            return None
        return _sequence(list(parsed))
    except (re.error, _Unsure):
        return None


class _Unsure(Exception):
    """The pattern opens with something the needle reader does not follow."""


def _sequence(items: list) -> frozenset[str]:
    """Needles of a sequence of parsed items: the literal run it opens with, or its first item's."""
    at = 0
    while at < len(items) and items[at][0] in _ZERO_WIDTH:
        at += 1
    if at == len(items):
        raise _Unsure
    prefix = ""
    while at < len(items) and items[at][0] is sre.LITERAL:
        prefix += chr(items[at][1])
        at += 1
    if not prefix:
        return _item(items[at])
    if at < len(items):  # "a\s" gives "a " rather than every "a", "-(?:day|week)" "-day" and "-week"
        try:
            following = _item(items[at])
        except _Unsure:
            following = None
        if following and len(following) <= _MAX_CLASS:
            return frozenset(prefix + rest for rest in following)
    return frozenset({prefix})


def _item(item) -> frozenset[str]:
    op, arg = item
    if op is sre.SUBPATTERN:
        if arg[1] & re.IGNORECASE:  # "(?i:...)"
            raise _Unsure
        return _sequence(list(arg[-1]))
    if op is sre.BRANCH:
        return frozenset().union(*(_sequence(list(branch)) for branch in arg[1]))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and arg[0] >= 1:
        return _sequence(list(arg[2]))
    if op is sre.IN:
        return _class(arg)
    raise _Unsure


def _class(members) -> frozenset[str]:
    chars: set[str] = set()
    for op, arg in members:
        if op is sre.LITERAL:
            chars.add(chr(arg))
        elif op is sre.RANGE and arg[1] - arg[0] < _MAX_CLASS:
            chars.update(chr(c) for c in range(arg[0], arg[1] + 1))
        elif op is sre.CATEGORY and arg in _CATEGORIES:
            chars |= _category(arg)
        else:
            raise _Unsure
    if not chars:
        raise _Unsure
    return frozenset(chars)


# \d and \s of a str pattern are Unicode's decimal digits and white space, as str.isdecimal and
# str.isspace tell them (the same tables the regex engine reads)
_CATEGORIES = {sre.CATEGORY_DIGIT: str.isdecimal, sre.CATEGORY_SPACE: str.isspace}


@lru_cache(maxsize=None)
def _category(category) -> frozenset[str]:
    test = _CATEGORIES[category]
    return frozenset(c for c in map(chr, range(sys.maxunicode + 1)) if test(c))


class TriggerFilter:
    """Tells, for a lower-cased text, which of a language's rules may match in it: those whose
    trigger's needles occur, those whose trigger has none, and those with no trigger at all."""

    def __init__(self, rules):
        self.rules = tuple(rules)
        by_needle: dict[str, set[int]] = {}
        always: set[int] = set()
        for index, rule in enumerate(self.rules):
            found = None if rule.trigger is None else needles(rule.trigger)
            if found is None:
                always.add(index)
            for needle in found or ():
                by_needle.setdefault(needle, set()).add(index)
        self._always = frozenset(always)
        needle_list = list(by_needle)
        self._owners = [frozenset(by_needle[n]) for n in needle_list]
        self._automaton = ahocorasick_rs.AhoCorasick(needle_list) if needle_list else None

    def runnable(self, lowered: str) -> list:
        """The rules, in their order, that may match somewhere in `lowered`."""
        hit = set(self._always)
        if self._automaton is not None:
            owners = self._owners
            for needle in {n for n, _, _ in self._automaton.find_matches_as_indexes(lowered, overlapping=True)}:
                hit |= owners[needle]
        return [self.rules[i] for i in sorted(hit)]
