"""`report` as cron runs it: from a folder outside the project, with relative paths, notebooks in
parallel. Paths resolve against the caller's folder and the output lands only under --out."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from analysis import reports as reports_module
from analysis.reports import run_report

from conftest import PROJECT_ROOT, SAMPLE

pytestmark = pytest.mark.slow


def project_files() -> set[str]:
    """Every path in the project folder, but for what Python and git keep for themselves."""
    found = set()
    for folder, dirs, files in os.walk(PROJECT_ROOT):
        dirs[:] = [d for d in dirs if d not in (".git", ".venv", "__pycache__", ".pytest_cache")]
        found.update(os.path.relpath(os.path.join(folder, name), PROJECT_ROOT) for name in dirs + files)
    return found


@pytest.fixture
def elsewhere(tmp_path):
    """A working folder outside the project with a few articles of the sample in `articles/`."""
    assert PROJECT_ROOT not in tmp_path.parents
    (tmp_path / "articles").mkdir()
    for name in ("clippings", "markdown"):
        shutil.copytree(SAMPLE / name, tmp_path / "articles" / name)
    return tmp_path


def test_report_from_another_folder_with_relative_paths(elsewhere):
    before = project_files()
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    result = subprocess.run([sys.executable, "-m", "analysis", "report", "--corpus", "articles", "--out", "out",
                             "--jobs", "2"], cwd=elsewhere, env=env, capture_output=True, text=True,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    printed = result.stdout.strip().removeprefix("report written to ")
    page = elsewhere / printed
    assert page.is_file() and page.parent.parent == elsewhere / "out"
    run = page.parent
    # 13 clippings and 6 Markdown files, each one article
    assert json.loads((run / "corpus_overview" / "values.json").read_text())["articles"] == 19
    # the briefing's last 7 days, 10-16 Aug 2025: two of them
    assert json.loads((run / "briefing" / "values.json").read_text())["articles"] == 2
    assert json.loads((run / "run.json").read_text())["parameters"]["corpus"] == str(elsewhere / "articles")
    assert sorted(p.name for p in (elsewhere / "out").iterdir()) == [".report.lock", run.name, "index.html"]
    assert project_files() == before


def test_a_run_never_changes_the_working_directory(tmp_path, monkeypatch):
    calls = []
    monkeypatch.chdir(tmp_path)  # the caller's folder, set before os.chdir is watched
    monkeypatch.setattr(os, "chdir", lambda path: calls.append(path))
    page, (result,) = run_report({"corpus": str(SAMPLE / "clippings")}, notebooks=["corpus_overview"],
                                 out="out", jobs=1)
    assert result.status == "ok", result.error
    assert calls == [] and page.parent.parent == tmp_path / "out"


def test_relative_parameters_resolve_against_the_callers_folder(elsewhere, monkeypatch):
    monkeypatch.chdir(elsewhere)
    actors = elsewhere / "mine.yml"
    actors.write_text("actors:\n  - {name: Jan Novak, kind: person, side: Other, aliases: [Novak]}\n")
    parameters = reports_module.prepare_parameters({"corpus": "articles", "actors_file": "mine.yml"})
    assert parameters["corpus"] == str(elsewhere / "articles") and parameters["actors_file"] == str(actors)
    # "data/sample" is the project's folder only when the caller is in the project folder
    with pytest.raises(ValueError, match="parameter corpus="):
        reports_module.prepare_parameters({"corpus": "data/sample"})
