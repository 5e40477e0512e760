"""Reading the tagger's YAML data files so that every error names the file and the line."""
from __future__ import annotations

from pathlib import Path

import yaml

from ..yamlfiles import read_yaml


class TimexDataError(ValueError):
    """A timex data file that cannot be used; the message names the file, the line and what is wrong."""


class _Loader(yaml.SafeLoader):
    """Keeps the line of each mapping and list, for error messages."""


class Located(dict):
    """A YAML mapping that remembers the line it starts on."""

    line = 0


class LocatedList(list):
    """A YAML list that remembers the line it starts on."""

    line = 0


def _mapping(loader, node):
    loader.flatten_mapping(node)
    located = Located(loader.construct_pairs(node, deep=True))
    located.line = node.start_mark.line + 1
    return located


def _sequence(loader, node):
    located = LocatedList(loader.construct_sequence(node, deep=True))
    located.line = node.start_mark.line + 1
    return located


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def read(path: Path, section: str) -> Located:
    """The mapping of a data file, which must hold `section` (a mapping or a list)."""
    data = read_yaml(path, _Loader, TimexDataError)
    if not isinstance(data, dict) or section not in data:
        raise TimexDataError(f"{path}: expected a mapping with `{section}`")
    return data


def read_mapping(path: Path) -> Located:
    """A data file that is a non-empty mapping of names (patterns, maps)."""
    data = read_yaml(path, _Loader, TimexDataError)
    if not isinstance(data, dict) or not data:
        raise TimexDataError(f"{path}: expected a mapping of names")
    return data


def where(path: Path, node) -> str:
    """'file:line' for a node read by this module (just the file when the line is unknown)."""
    line = getattr(node, "line", 0)
    return f"{path}:{line}" if line else str(path)
