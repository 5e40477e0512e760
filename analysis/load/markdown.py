"""Markdown files with YAML front matter: metadata from the front matter, body with markup removed."""
from __future__ import annotations

import re

import yaml

from .fields import one_line
from .problems import FileProblem
from .records import Record

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_INLINE = [
    (re.compile(r"<!--.*?-->", re.S), ""),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<(https?://[^>]+)>"), r"\1"),
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?!\w)"), r"\1"),
    (re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
]
_LINE_PREFIX = re.compile(r"^\s{0,3}(?:>\s?)+|^\s*(?:[-*+]|\d+[.)])\s+")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML as front matter needs it: dates stay text (the loader's own date parser reads them and
    warns about a 2025-02-30 instead of failing), and aliases are refused (a few hundred bytes of
    nested aliases expand to megabytes: the "billion laughs")."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(problem="aliases (*name) are not allowed in front matter",
                                       problem_mark=event.start_mark)
        return super().compose_node(parent, index)


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def split_front_matter(text: str) -> tuple[dict, str, int]:
    """(front matter mapping, body, line number where the body starts); FileProblem if malformed."""
    text = text.lstrip("\ufeff")
    if not text.startswith("---"):
        return {}, text, 1
    match = _FRONT.match(text)
    if not match:
        raise FileProblem("front matter is not closed: no '---' line after the opening one", line=1)
    try:
        meta = yaml.load(match.group(1), Loader=_FrontMatterLoader) or {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise FileProblem(f"invalid YAML front matter: {problem}",
                          line=mark.line + 2 if mark else 1) from None
    if not isinstance(meta, dict):
        raise FileProblem("front matter is not a mapping of keys to values", line=2)
    return meta, text[match.end():], match.group(0).count("\n") + 1


def markdown_paragraphs(body: str) -> tuple[list[str], list[str]]:
    """(paragraph texts without markup, headings in order); list items are paragraphs of their own."""
    paragraphs, headings, current = [], [], []

    def flush():
        if current:
            paragraphs.append(one_line(" ".join(current)))
            current.clear()

    for raw in body.replace("\r\n", "\n").split("\n"):
        if not raw.strip() or _RULE.match(raw) or _REFERENCE.match(raw):
            flush()
            continue
        heading = _HEADING.match(raw)
        if heading:
            flush()
            headings.append(_strip_inline(heading.group(1)))
            paragraphs.append(headings[-1])
            continue
        if re.match(r"^\s*(?:[-*+]|\d+[.)])\s+", raw):
            flush()
        current.append(_strip_inline(_LINE_PREFIX.sub("", raw)))
    flush()
    return [p for p in paragraphs if p], headings


def _strip_inline(text: str) -> str:
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return text


def read_markdown(text: str) -> Record:
    """One article: front matter fields (any synonyms) plus the body; a leading '# Title' is dropped."""
    meta, body, _ = split_front_matter(text)
    paragraphs, headings = markdown_paragraphs(body)
    title = one_line(meta.get("title") or meta.get("headline") or "")
    if not title and headings and paragraphs and paragraphs[0] == headings[0]:
        title = headings[0]
        meta = {**meta, "title": title}
    if paragraphs and title and paragraphs[0].casefold() == title.casefold():
        paragraphs = paragraphs[1:]
    return Record(meta, paragraphs=paragraphs)
