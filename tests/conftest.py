"""Shared fixtures: paths to the project's sample corpus and to the development corpora beside it."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE = PROJECT_ROOT / "data" / "sample"
SHARED_CORPORA = PROJECT_ROOT.parent / "shared" / "corpora"

# Jupyter, IPython and matplotlib state stays out of the user's home, also when pytest runs alone.
_STATE = Path(os.environ.get("NT_TEST_STATE", Path(tempfile.gettempdir()) / "negotiation-tracker-test"))
for _var, _sub in (("JUPYTER_CONFIG_DIR", "jupyter/config"), ("JUPYTER_DATA_DIR", "jupyter/data"),
                   ("JUPYTER_RUNTIME_DIR", "jupyter/runtime"), ("IPYTHONDIR", "ipython"),
                   ("MPLCONFIGDIR", "matplotlib")):
    os.environ.setdefault(_var, str(_STATE / _sub))


def shared_file(*parts: str) -> Path:
    """A file of the development corpora, or skip the test with the reason."""
    path = SHARED_CORPORA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"development corpus not available: {path} (it lives beside the project, "
                    f"outside a fresh checkout)")
    return path


@pytest.fixture
def write(tmp_path):
    """Write a file (str in the given encoding, or bytes) under tmp_path and return its path."""
    def _write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return path
    return _write


def store_snapshot(store) -> dict:
    """Every table of a corpus store, sorted, categoricals as text: what a reader sees."""
    import pandas as pd

    tables = {"articles": store.articles()}
    tables.update({name: store.table(name) for name in ("mentions", "quotes", "milestones")})
    for name, frame in tables.items():
        frame = frame.astype({c: str for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)})
        keys = [c for c in ("article_id", "field", "start", "end", "actor", "sentence") if c in frame]
        tables[name] = frame[sorted(frame.columns)].sort_values(keys).reset_index(drop=True)
    return tables


def same_tables(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(a[k].equals(b[k]) for k in a)
