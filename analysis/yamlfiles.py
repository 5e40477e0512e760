"""Reading the YAML data files a user may extend (actors, event cues, places): every way a file can
fail to be YAML, named with the file and line in the error type of the module that reads it; and a
loader that keeps the line of every mapping and key, for the checks that follow."""
from __future__ import annotations

from pathlib import Path

import yaml


def read_yaml(path: Path, loader: type[yaml.SafeLoader], error: type[Exception]):
    """The document in a UTF-8 YAML file, parsed by `loader`; `error` (with file and line) for an
    unreadable, binary or non-UTF-8 file, invalid YAML, nesting too deep, or a tag that fails."""
    try:
        raw = Path(path).read_bytes()
    except OSError as e:
        raise error(f"{path}: cannot read: {e.strerror or e}") from None
    except ValueError as e:  # a path with a NUL character
        raise error(f"{path!r}: cannot read: {e}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        hint = " (it looks like UTF-16)" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise error(f"{path}: not UTF-8 text{hint}: byte {e.start} cannot be decoded") from None
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise error(f"{where}: invalid YAML: {getattr(e, 'problem', None) or 'not YAML'}") from None
    except RecursionError:
        raise error(f"{path}: invalid YAML: nested too deeply") from None
    except (ValueError, TypeError, AttributeError, OverflowError, IndexError, KeyError) as e:
        raise error(f"{path}: invalid YAML: {e}") from None  # a tag's constructor on junk


class LineLoader(yaml.SafeLoader):
    """Records the line of every mapping and of each of its keys, and of every list and each of its
    items; leaves impossible dates as text (so the check that reads them can name the file, line
    and entry)."""

    def construct_yaml_map(self, node):
        data = LineMapping({}, line=node.start_mark.line + 1, lines={})
        yield data
        data.update(self.construct_mapping(node))
        for key_node, _ in node.value:
            key = self.construct_object(key_node)
            if isinstance(key, (str, int, float, bool)) or key is None:
                data.lines.setdefault(key, key_node.start_mark.line + 1)

    def construct_yaml_seq(self, node):
        data = LineList(line=node.start_mark.line + 1, lines=[item.start_mark.line + 1 for item in node.value])
        yield data
        data.extend(self.construct_sequence(node))

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError, AttributeError, TypeError):
            return self.construct_scalar(node)


LineLoader.add_constructor("tag:yaml.org,2002:timestamp", LineLoader.construct_yaml_timestamp)
LineLoader.add_constructor("tag:yaml.org,2002:map", LineLoader.construct_yaml_map)
LineLoader.add_constructor("tag:yaml.org,2002:seq", LineLoader.construct_yaml_seq)


class LineMapping(dict):
    """A YAML mapping that knows its line and the line of each key."""

    def __init__(self, mapping: dict, line: int, lines: dict):
        super().__init__(mapping)
        self.line, self.lines = line, lines

    def at(self, key) -> str:
        return str(self.lines.get(key, self.line))


class LineList(list):
    """A YAML list that knows its line and the line of each item."""

    def __init__(self, items=(), line: int = 0, lines: list[int] | None = None):
        super().__init__(items)
        self.line, self.lines = line, lines or []

    def at(self, index: int) -> str:
        return str(self.lines[index] if index < len(self.lines) else self.line)


def type_name(value) -> str:
    """The YAML-level name of a value's type for error messages: list and dict for the line-keeping ones."""
    return "list" if isinstance(value, list) else "dict" if isinstance(value, dict) else type(value).__name__
