"""What to collect from: feed URLs, files of URLs (plain lists and the exports of GDELT, Media Cloud and
NewsAPI), folders of article files (say, database exports) that are ingested as they are, and
`sources.yml` files that list them with names, options and the collector's settings."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..yamlfiles import LineList, LineLoader, LineMapping, read_yaml, type_name
from .client import Politeness

_SOURCE_KEYS = ("name", "feed", "urls", "files", "max_items")
_KINDS = ("feed", "urls", "files")
_SETTINGS = tuple(f.name for f in dataclasses.fields(Politeness))
_TOP_KEYS = ("sources", "settings")


class SourcesError(ValueError):
    """A sources argument or sources.yml that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class CollectSource:
    """One source: a feed (`feed` is its URL), a file of URLs (`urls`), or article files (`files`: a
    file, folder or glob the store ingests without fetching anything)."""
    name: str
    feed: str | None = None
    urls: Path | None = None
    files: str | None = None
    max_items: int | None = None  # at most this many new items a run (the newest first, for feeds)

    @property
    def kind(self) -> str:
        return "feed" if self.feed else "list" if self.urls else "files"


def is_url(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def read_sources(arguments: list[str]) -> tuple[list[CollectSource], dict]:
    """The sources the arguments name, and the settings their YAML files give (later files win)."""
    sources, settings = [], {}
    for argument in arguments:
        if is_url(argument):
            sources.append(CollectSource(name=argument, feed=argument))
        elif Path(argument).suffix.lower() in (".yml", ".yaml"):
            found, given = read_sources_file(Path(argument))
            sources.extend(found)
            settings.update(given)
        elif Path(argument).is_dir():
            sources.append(CollectSource(name=Path(argument).name or argument, files=argument))
        elif Path(argument).is_file():
            sources.append(CollectSource(name=Path(argument).name, urls=Path(argument)))
        elif "://" in argument:
            raise SourcesError(f"{argument}: not an http(s) URL")
        else:
            raise SourcesError(f"{argument}: no such file or folder (give a feed URL, a file of URLs, a folder "
                               "of article files or a sources.yml)")
    names = [s.name for s in sources]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise SourcesError(f"two sources are named {twice[0]!r}: give each its own name")
    return sources, settings


def read_sources_file(path: Path) -> tuple[list[CollectSource], dict]:
    """The sources and settings of one sources.yml, checked (SourcesError with file and line)."""
    data = read_yaml(path, LineLoader, SourcesError)
    if not isinstance(data, LineMapping):
        raise SourcesError(f"{path}: expected a mapping with sources: (and settings:), found {type_name(data)}")
    for key in data:
        if key not in _TOP_KEYS:
            raise SourcesError(f"{path}:{data.at(key)}: unknown key {key!r} (known: {', '.join(_TOP_KEYS)})")
    entries = data.get("sources")
    if not isinstance(entries, LineList) or not entries:
        raise SourcesError(f"{path}:{data.at('sources')}: sources: a list of feeds and URL files, each "
                           "with name: and feed: (a URL) or urls: (a file)")
    sources = [_source(path, entries.at(i), entry) for i, entry in enumerate(entries)]
    return sources, _settings(path, data)


def _source(path: Path, line: str, entry) -> CollectSource:
    where = f"{path}:{line}"
    if not isinstance(entry, LineMapping):
        raise SourcesError(f"{where}: a source is a mapping with name: and feed: or urls:, not {type_name(entry)}")
    for key in entry:
        if key not in _SOURCE_KEYS:
            raise SourcesError(f"{path}:{entry.at(key)}: unknown key {key!r} (known: {', '.join(_SOURCE_KEYS)})")
    if sum(kind in entry for kind in _KINDS) != 1:
        raise SourcesError(f"{where}: give a source one of feed: (a URL), urls: (a file of URLs) or files: "
                           "(a folder or glob of article files)")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise SourcesError(f"{where}: name: the source's name as reports should show it")
    max_items = entry.get("max_items")
    if max_items is not None and (not isinstance(max_items, int) or isinstance(max_items, bool) or max_items < 1):
        raise SourcesError(f"{path}:{entry.at('max_items')}: max_items: a whole number above 0")
    if "feed" in entry:
        feed = entry["feed"]
        if not isinstance(feed, str) or not is_url(feed):
            raise SourcesError(f"{path}:{entry.at('feed')}: feed: an http(s) URL, not {feed!r}")
        return CollectSource(name.strip(), feed=feed.strip(), max_items=max_items)
    key = "urls" if "urls" in entry else "files"
    given = entry[key]
    if not isinstance(given, str) or not given.strip():
        raise SourcesError(f"{path}:{entry.at(key)}: {key}: a path relative to {path.name}")
    file = Path(given) if Path(given).is_absolute() else path.parent / given
    if key == "files":
        return CollectSource(name.strip(), files=str(file), max_items=max_items)
    if not file.is_file():
        raise SourcesError(f"{path}:{entry.at(key)}: urls: no such file {given!r}")
    return CollectSource(name.strip(), urls=file, max_items=max_items)


def _settings(path: Path, data: LineMapping) -> dict:
    settings = data.get("settings") or {}
    if not isinstance(settings, dict):
        raise SourcesError(f"{path}:{data.at('settings')}: settings: a mapping such as {{delay: 2}}")
    for key in settings:
        if key not in _SETTINGS:
            raise SourcesError(f"{path}:{settings.at(key)}: unknown setting {key!r} (known: {', '.join(_SETTINGS)})")
    try:
        Politeness(**settings)
    except (ValueError, TypeError) as e:
        raise SourcesError(f"{path}:{data.at('settings')}: settings: {e}") from None
    return dict(settings)
