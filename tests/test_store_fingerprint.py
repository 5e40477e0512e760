"""The extractor fingerprint follows the extractors' source and data files, so a store made by
older extraction code or data is re-extracted, without anyone remembering to bump a number."""
import os
import shutil
import subprocess
import sys

import pytest

import analysis.store.fingerprint
from analysis.gazetteer import DEFAULT_ACTORS, as_gazetteer, load_gazetteer
from analysis.store import Store, extractor_fingerprint, extractor_sources

from conftest import PROJECT_ROOT, SAMPLE


def test_the_sources_are_what_extraction_runs():
    names = set(extractor_sources())
    assert {"analysis.mentions", "analysis.quotes", "analysis.milestones"} <= names
    assert {"analysis.times", "analysis.text", "analysis.gazetteer", "analysis.config"} <= names  # imported by them
    assert not names & {"analysis.store", "analysis.charts", "analysis.reports", "analysis.cli", "analysis"}
    assert all(path.is_file() and path.suffix == ".py" for path in extractor_sources().values())


@pytest.fixture
def sources(tmp_path, monkeypatch):
    """The extractor sources as copies the test may edit."""
    copies = {}
    for name, path in extractor_sources().items():
        copies[name] = tmp_path / "src" / path.name
        copies[name].parent.mkdir(exist_ok=True)
        shutil.copy(path, copies[name])
    monkeypatch.setattr(analysis.store.fingerprint, "extractor_sources", lambda: dict(copies))
    return copies


def test_editing_an_extractor_module_changes_the_fingerprint(sources):
    gazetteer = as_gazetteer()
    before = extractor_fingerprint(gazetteer)
    assert extractor_fingerprint(gazetteer) == before  # unchanged: the same
    for name in ("analysis.times", "analysis.mentions"):
        original = sources[name].read_bytes()
        sources[name].write_bytes(original + b"\n# changed\n")
        assert extractor_fingerprint(gazetteer) != before, name
        sources[name].write_bytes(original)
        assert extractor_fingerprint(gazetteer) == before


def test_editing_a_data_file_changes_the_fingerprint(tmp_path, monkeypatch):
    gazetteer = as_gazetteer()
    before = extractor_fingerprint(gazetteer)
    # the bundled cue, place, lexicon and sides files
    for constant in ("DEFAULT_CUES", "DEFAULT_PLACES", "DEFAULT_LEXICON", "DEFAULT_SIDES"):
        bundled = getattr(analysis.store.fingerprint, constant)
        copy = tmp_path / bundled.name
        copy.write_bytes(bundled.read_bytes())
        monkeypatch.setattr(analysis.store.fingerprint, constant, copy)
        assert extractor_fingerprint(gazetteer) == before
        copy.write_bytes(bundled.read_bytes() + b"\n# edited\n")
        assert extractor_fingerprint(gazetteer) != before, constant
        monkeypatch.undo()
    # the bundled actors and a user's overlay, cue and place files
    actors = tmp_path / "actors.yml"
    actors.write_bytes(DEFAULT_ACTORS.read_bytes())
    assert extractor_fingerprint(load_gazetteer(base=actors)) == before
    actors.write_bytes(DEFAULT_ACTORS.read_bytes() + b"\n# edited\n")
    assert extractor_fingerprint(load_gazetteer(base=actors)) != before
    mine = tmp_path / "mine.yml"
    mine.write_text("actors: []\n")
    overlaid = extractor_fingerprint(load_gazetteer(mine))
    assert overlaid != before
    mine.write_text("actors: []\n# noted\n")
    assert extractor_fingerprint(load_gazetteer(mine)) != overlaid
    cues = tmp_path / "cues.yml"
    cues.write_text("kinds:\n  talks: [parley]\n")
    with_cues = extractor_fingerprint(gazetteer, cue_files=[cues])
    cues.write_text("kinds:\n  talks: [parley, powwow]\n")
    assert len({before, with_cues, extractor_fingerprint(gazetteer, cue_files=[cues])}) == 3


def test_a_store_made_by_older_extraction_code_is_re_extracted(tmp_path, sources):
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE / "clippings", corpus)
    store = Store(tmp_path / "store")
    assert store.ingest(corpus).new == 13
    assert store.pending(corpus) == (0, 0)
    sources["analysis.quotes"].write_text(sources["analysis.quotes"].read_text() + "\n# a new rule\n")
    assert store.pending(corpus) == (0, 13)
    assert store.ingest(corpus).re_extracted == 13 and store.ingest(corpus).re_extracted == 0


@pytest.mark.slow
def test_a_copy_of_the_package_with_an_edited_module(tmp_path):
    """End to end, as after an upgrade: the package's own files, found by reading its imports."""
    copy = tmp_path / "project"
    shutil.copytree(PROJECT_ROOT / "analysis", copy / "analysis", ignore=shutil.ignore_patterns("__pycache__"))
    # every data file extraction reads (gazetteer, cues, places, lexicon, sides, the tagger's rules)
    shutil.copytree(PROJECT_ROOT / "data", copy / "data", ignore=shutil.ignore_patterns("sample", "store"))
    env = {**os.environ, "PYTHONPATH": str(copy)}

    def fingerprint():
        code = ("import analysis.store as s; from analysis.gazetteer import as_gazetteer; "
                "assert s.__file__.startswith(%r); print(s.extractor_fingerprint(as_gazetteer()))" % str(copy))
        return subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True,
                              text=True, check=True).stdout.strip()

    original = fingerprint()
    assert original == extractor_fingerprint(as_gazetteer())  # the same files: the same fingerprint
    text = copy / "analysis" / "text.py"  # reached only through the extractors' imports
    text.write_text(text.read_text() + "\n# changed\n")
    edited = fingerprint()
    charts = copy / "analysis" / "charts.py"  # not part of extraction
    charts.write_text(charts.read_text() + "\n# changed\n")
    assert edited != original and fingerprint() == edited


def test_editing_a_rule_file_of_the_tagger_changes_the_fingerprint(tmp_path, monkeypatch):
    gazetteer = as_gazetteer()
    before = extractor_fingerprint(gazetteer)
    data = tmp_path / "data"
    shutil.copytree(analysis.store.fingerprint.DATA_DIR / "timex", data / "timex")
    monkeypatch.setattr(analysis.store.fingerprint, "DATA_DIR", data)
    assert extractor_fingerprint(gazetteer) == before
    rules = data / "timex" / "en" / "rules.yml"
    rules.write_bytes(rules.read_bytes() + b"\n# edited\n")
    assert extractor_fingerprint(gazetteer) != before
