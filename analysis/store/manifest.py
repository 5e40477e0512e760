"""The manifest: the list of files that make up the store, read and validated (StoreError naming
the file and what is wrong) and committed by replacing it atomically."""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path, PurePosixPath

MANIFEST = "manifest.json"
DERIVED = ("mentions", "quotes", "milestones")
TABLES = ("articles", *DERIVED)


class StoreError(ValueError):
    """The store on disk cannot be read as it is; the message names the file and what is wrong."""


def is_store(path: str | Path) -> bool:
    return (Path(path) / MANIFEST).is_file()


def empty_manifest() -> dict:
    return {"version": 1, "extractor": None, "index": None, "parts": {t: [] for t in TABLES},
            "updated": None}


def _inside(relative, folder: str) -> bool:
    """A relative path below `folder` of the store, no way out of it."""
    if not isinstance(relative, str):
        return False
    parts = PurePosixPath(relative).parts
    return not relative.startswith("/") and len(parts) > 1 and parts[0] == folder and ".." not in parts


def _parts_problem(parts) -> str | None:
    """What makes `parts` no list of the store's files per table, or None."""
    if not isinstance(parts, dict):
        return "no 'parts' object (the list of the store's files)"
    for table in TABLES:
        entries = parts.get(table)
        if not isinstance(entries, list):
            return f"'parts' has no list '{table}'"
        for n, part in enumerate(entries):
            if not (isinstance(part, dict) and isinstance(part.get("month"), str)
                    and isinstance(part.get("rows"), int) and _inside(part.get("file"), table)):
                return f"parts.{table}[{n}] is not {{file: {table}/..., month, rows}}: {json.dumps(part)[:120]}"
    return None


def _manifest_problem(manifest) -> str | None:
    """What makes `manifest` no manifest of this store, or None."""
    if not isinstance(manifest, dict):
        return f"a JSON {type(manifest).__name__}, not an object"
    problem = _parts_problem(manifest.get("parts"))
    if problem:
        return problem
    if manifest.get("index") is not None and not _inside(manifest["index"], "index"):
        return f"'index' is not a file under index/: {json.dumps(manifest['index'])[:120]}"
    if manifest.get("extractor") is not None and not isinstance(manifest["extractor"], str):
        return "'extractor' is not a string"
    for key in ("files", "categories"):
        if not isinstance(manifest.get(key, {}), dict):
            return f"'{key}' is not an object"
    return None


def parse_manifest(text: str, path: Path) -> dict:
    try:
        manifest = json.loads(text)
    except ValueError as e:
        raise StoreError(f"{path}: not valid JSON (line {getattr(e, 'lineno', '?')}, column "
                         f"{getattr(e, 'colno', '?')}: {getattr(e, 'msg', e)}); the store's list of "
                         f"files is damaged") from None
    problem = _manifest_problem(manifest)
    if problem:
        raise StoreError(f"{path}: not a corpus store manifest: {problem}")
    manifest.setdefault("extractor", None)
    manifest.setdefault("index", None)
    return manifest


def manifest_text(root: Path) -> str | None:
    """The manifest's text as committed, None when there is none yet."""
    path = root / MANIFEST
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as e:
        raise StoreError(f"{path}: not UTF-8 text (byte {e.start}); the store's list of files is damaged") from None
    except OSError as e:
        raise StoreError(f"{path}: cannot read: {e.strerror or e}") from None


def load_manifest(root: Path) -> tuple[str | None, dict]:
    """(the text, the validated manifest); an empty manifest for a store not made yet."""
    text = manifest_text(root)
    return text, empty_manifest() if text is None else parse_manifest(text, root / MANIFEST)


def commit(root: Path, manifest: dict) -> None:
    """Replace the manifest atomically: readers see the old one or this one, never half of it."""
    manifest["updated"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    path = root / MANIFEST
    tmp = path.with_suffix(".json.part")
    tmp.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, path)
