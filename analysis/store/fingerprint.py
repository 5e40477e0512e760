"""The extractor fingerprint: a hash of what extraction's output follows (the source of the
modules that extract, found by reading their imports, and the data files they read: gazetteer,
cues, places, lexicon, sides and the tagger's rules), so a store made by other extraction code or data is re-extracted without anyone bumping
a number."""
from __future__ import annotations

import ast
import dataclasses
import hashlib
import importlib.util
from functools import lru_cache
from pathlib import Path

from ..config import DATA_DIR, DEFAULT_LEXICON, DEFAULT_SIDES
from ..milestones import DEFAULT_CUES, DEFAULT_PLACES
from . import extract

PACKAGE = __name__.split(".")[0]  # the package whose modules are followed: analysis
PACKAGE_DIR = Path(__file__).resolve().parent.parent
# where extraction starts: the extractor modules and the store's call of them
EXTRACTORS = (f"{PACKAGE}.mentions", f"{PACKAGE}.quotes", f"{PACKAGE}.milestones", extract.__name__)


def extractor_sources() -> dict[str, Path]:
    """The source file of every module of the package that extraction runs: the extractor
    modules and whatever of the package they import, directly or not (found by reading them)."""
    stamp = tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in PACKAGE_DIR.rglob("*.py")))
    return dict(_sources(stamp))


@lru_cache(maxsize=2)
def _sources(stamp: tuple) -> tuple:
    """extractor_sources() for the package's files as `stamp` lists them (parsing them takes a
    tenth of a second; an ingest, its preview and its Dask check each ask)."""
    found: dict[str, Path] = {}
    todo = list(EXTRACTORS)
    while todo:
        name = todo.pop()
        if name in found or name == PACKAGE:  # the package's __init__ only gathers names
            continue
        if _is_store(name) and name not in EXTRACTORS:  # the store keeps what extraction gives
            continue
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):  # `from .module import name`: the name is no module
            continue
        if spec is None or not spec.origin or not Path(spec.origin).is_file():
            continue
        found[name] = Path(spec.origin)
        todo += _imports_of(name, found[name], spec.submodule_search_locations is not None)
    return tuple(sorted(found.items()))


def _is_store(name: str) -> bool:
    store = __name__.rpartition(".")[0]
    return name == store or name.startswith(store + ".")


def _imports_of(name: str, path: Path, is_package: bool) -> list[str]:
    """Names of the package that module `name` imports anywhere in its code (maybe modules)."""
    here = name if is_package else name.rpartition(".")[0]
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_bytes(), str(path))):
        if isinstance(node, ast.ImportFrom):
            base = here.rsplit(".", node.level - 1)[0] if node.level else ""
            target = ".".join(p for p in (base, node.module) if p)
            if target == PACKAGE or target.startswith(PACKAGE + "."):
                names += [target, *(f"{target}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Import):
            names += [a.name for a in node.names if a.name.startswith(PACKAGE + ".")]
    return names


def _file_bytes(path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError:
        return f"missing:{path}".encode()


def extractor_fingerprint(gazetteer, cue_files=(), place_files=()) -> str:
    """Changes whenever what extraction produces could change: the extractors' source code, the
    actors and roles, and the bytes of the gazetteer, cue, place, lexicon, sides and tagger rule files
    (bundled and the user's)."""
    hasher = hashlib.sha1(b"extractor fingerprint 3")
    for name, path in extractor_sources().items():
        hasher.update(name.encode() + b"\0" + _file_bytes(path))
    for actor in gazetteer.actors:
        hasher.update(repr([getattr(actor, f.name) for f in dataclasses.fields(actor) if f.name != "source"]).encode())
    for role in gazetteer.roles.values():
        hasher.update(repr(role).encode())
    timex_rules = sorted((DATA_DIR / "timex").rglob("*.yml"))  # the tagger's patterns, maps and rules
    for path in [*gazetteer.files, DEFAULT_CUES, DEFAULT_PLACES, DEFAULT_LEXICON, DEFAULT_SIDES, *timex_rules,
                 *cue_files, *place_files]:
        hasher.update(_file_bytes(path))
    return hasher.hexdigest()[:16]
