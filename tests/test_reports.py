"""The report pipeline as a scheduled run uses it: notebooks executed through papermill with a real
kernel, their recorded values checked, HTML exported, failures, bad parameters, empty corpora,
interrupted and overlapping runs."""
import json
import os
import re
import subprocess
import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from analysis import find_mentions, load_articles
from analysis import reports as reports_module
from analysis.milestones import extract_milestones
from analysis.notebook import ParameterError
from analysis.reports import DEFAULT_NOTEBOOKS, export_html, run_notebook, run_report
from analysis.timeline import timeline

from conftest import PROJECT_ROOT, SAMPLE

pytestmark = pytest.mark.slow


def cli(*args):
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], capture_output=True, text=True,
                          cwd=PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    page, results = run_report({"corpus": str(SAMPLE)}, out=out, jobs=2)
    return out, page, results


def values(run_dir, name):
    return json.loads((run_dir / name / "values.json").read_text())


def test_every_notebook_runs_and_records_the_right_values(sample_run):
    out, page, results = sample_run
    assert [r.name for r in results] == DEFAULT_NOTEBOOKS and all(r.status == "ok" for r in results)
    run_dir = page.parent
    articles = load_articles(SAMPLE)
    mentions = find_mentions(articles)
    overview = values(run_dir, "corpus_overview")
    assert overview["articles"] == 50 and overview["skipped_files"] == 7 and overview["duplicates"] == 1
    assert overview["first_day"] == "2022-02-27" and overview["last_day"] == "2025-08-18"
    actor = values(run_dir, "actor_mentions")
    assert actor["mentions"] == len(mentions)
    assert actor["top_actor"] == mentions["actor"].astype(str).value_counts().index[0] == "Ukraine"
    assert actor["most_quoted"] == "Dmitry Peskov"
    events = timeline(extract_milestones(articles, mentions), articles)
    assert values(run_dir, "milestones")["events"] == len(events) > 20
    # no period given: the briefing's last 7 days, 12-18 Aug 2025 (6 articles, 14-18 Aug), against the
    # 7 days before, which have none
    brief = values(run_dir, "briefing")
    assert (brief["first_day"], brief["last_day"], brief["articles"], brief["articles_before"]) == \
        ("2025-08-12", "2025-08-18", 6, 0)
    assert brief["new_since_before"] > 0 and brief["rising"] == brief["falling"] == 0  # all new: nothing before
    for name in DEFAULT_NOTEBOOKS:
        assert (run_dir / f"{name}.ipynb").exists() and (run_dir / f"{name}.html").exists()
    charts = sorted(p.name for p in (run_dir / "actor_mentions" / "charts").iterdir())
    assert "top_actors.png" in charts and "top_actors.csv" in charts and len(charts) == 10


def test_html_has_no_code_prompts_parameters_or_remote_scripts(sample_run):
    run_dir = sample_run[1].parent
    page = (run_dir / "actor_mentions.html").read_text()
    assert "report = notebook.start(" not in page and "actors_file: str" not in page
    assert "In&nbsp;[" not in page and 'src="http' not in page
    # nbconvert's inline loader from a CDN neither; only the tables' own inline search and sort
    assert not re.search(r"<script(?! data-nt-tables)", page) and "mermaid" not in page
    assert len(re.findall(r'<img[^>]*src="data:image/png;base64,', page)) == 5
    index = (sample_run[0] / "index.html").read_text()
    assert f'href="{run_dir.name}/index.html"' in index


def test_index_lists_runs_newest_first(tmp_path):
    import datetime as dt
    first = run_report({"corpus": str(SAMPLE)}, notebooks=["corpus_overview"], out=tmp_path,
                       now=dt.datetime(2025, 5, 1, 6, tzinfo=dt.timezone.utc))[0]
    second = run_report({"corpus": str(SAMPLE), "start": "2025-01-01"}, notebooks=["corpus_overview"],
                        out=tmp_path, now=dt.datetime(2025, 5, 8, 6, tzinfo=dt.timezone.utc))[0]
    index = (tmp_path / "index.html").read_text()
    assert index.index(second.parent.name) < index.index(first.parent.name)
    assert "start=2025-01-01" in index
    assert second.parent.name == "20250508T060000Z-sample-2025-01-01"
    assert values(second.parent, "corpus_overview")["articles"] < 50


def broken_notebooks(folder):
    nb = new_notebook(metadata={"kernelspec": {"name": "negotiation-tracker", "display_name": "x", "language": "python"}})
    params = new_code_cell('corpus: str = "data/sample"  # articles\noutput_dir: str = ""  # output')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [new_markdown_cell("# Broken"), params, new_code_cell("x = 1"),
                new_code_cell("raise RuntimeError('the data looked wrong')")]
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / "broken.ipynb")
    for name in ("corpus_overview",):
        (folder / f"{name}.ipynb").write_bytes((PROJECT_ROOT / "notebooks" / f"{name}.ipynb").read_bytes())
    return folder


def test_a_failing_notebook_is_named_shown_and_does_not_stop_the_others(tmp_path):
    notebooks = broken_notebooks(tmp_path / "nbs")
    page, results = run_report({"corpus": str(SAMPLE)}, notebooks=["broken", "corpus_overview"],
                               out=tmp_path / "out", notebooks_dir=notebooks)
    broken, overview = results
    assert broken.status == "failed" and overview.status == "ok"
    assert broken.error == ("broken.ipynb failed in cell 4 (raise RuntimeError('the data looked wrong')): "
                            "RuntimeError: the data looked wrong")
    html = (page.parent / "broken.html").read_text()
    assert "the data looked wrong" in html and "RuntimeError" in html
    run = json.loads((page.parent / "run.json").read_text())
    assert run["status"] == "failed"


def test_cli_exit_codes_for_failure_bad_parameters_and_lock(tmp_path):
    bad = cli("report", "--start", "2025-13-01", "--out", tmp_path)
    assert bad.returncode == 2 and "start='2025-13-01'" in bad.stderr and "Traceback" not in bad.stderr
    window = cli("report", "--window", "soon", "--out", tmp_path)
    assert window.returncode == 2 and "--window" in window.stderr
    with reports_module._lock(tmp_path):
        locked = cli("report", "--out", tmp_path)
    assert locked.returncode == 3 and "another report run is in progress" in locked.stderr
    assert not list(tmp_path.glob("2*"))


def test_a_bad_parameter_stops_the_run_before_it_starts(tmp_path):
    with pytest.raises(ParameterError, match="parameter freq='fortnight': one of day, week, month"):
        run_report({"corpus": str(SAMPLE), "freq": "fortnight"}, notebooks=["actor_mentions"], out=tmp_path)
    assert not tmp_path.exists() or list(tmp_path.iterdir()) == []


def test_a_bad_parameter_given_to_a_notebook_names_itself(tmp_path):
    # a notebook run on its own (not through run_report) checks its parameters too
    result = run_notebook("actor_mentions", {"corpus": str(SAMPLE), "freq": "fortnight"}, tmp_path)
    assert result.status == "failed"
    assert "parameter freq='fortnight': one of day, week, month" in result.error
    html = (tmp_path / "actor_mentions.html").read_text()
    assert "parameter freq=" in html and "fortnight" in html and "ParameterError" in html


def test_empty_period_still_gives_readable_reports(tmp_path):
    page, results = run_report({"corpus": str(SAMPLE), "start": "2030-01-01"}, out=tmp_path / "out", jobs=2)
    assert all(r.status == "ok" for r in results), [r.error for r in results]
    assert values(page.parent, "corpus_overview")["articles"] == 0
    assert values(page.parent, "actor_mentions")["mentions"] == 0 and values(page.parent, "milestones")["events"] == 0
    assert values(page.parent, "briefing")["new_actors"] == 0
    saved = (page.parent / "actor_mentions" / "charts" / "top_actors.csv").read_text()
    assert saved.strip() == ""  # the chart says "No data for these parameters" and has no rows


def test_a_corpus_with_nothing_loadable_stops_the_run(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "a.txt").write_bytes(b"")
    for corpus, reason in ((tmp_path / "empty", "nothing loadable"), (tmp_path / "broken", "a.txt: empty file"),
                           (tmp_path / "missing", "no such file or directory")):
        with pytest.raises(ParameterError, match=reason):
            run_report({"corpus": str(corpus)}, out=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_interrupted_run_leaves_earlier_reports_and_no_half_written_folder(tmp_path, monkeypatch):
    page, _ = run_report({"corpus": str(SAMPLE)}, notebooks=["corpus_overview"], out=tmp_path)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(reports_module, "run_notebook", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_report({"corpus": str(SAMPLE)}, notebooks=["corpus_overview"], out=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".report")) == [page.parent.name, "index.html"]
    assert page.exists()


def test_export_command(tmp_path, sample_run):
    executed = sample_run[1].parent / "milestones.ipynb"
    out = tmp_path / "m.html"
    result = cli("export", executed, "-o", out)
    assert result.returncode == 0 and len(re.findall(r'<img[^>]*src="data:image/png;base64,', out.read_text())) == 2
    missing = cli("export", tmp_path / "nope.ipynb")
    assert missing.returncode == 2 and "no such notebook" in missing.stderr
    assert export_html(executed).name == "milestones.html"


def test_papermill_documents_every_parameter():
    for name in DEFAULT_NOTEBOOKS:
        help_text = subprocess.run([sys.executable, "-m", "papermill", "--help-notebook",
                                    str(PROJECT_ROOT / "notebooks" / f"{name}.ipynb")],
                                   capture_output=True, text=True).stdout
        for parameter in ("corpus", "start", "end", "as_of", "actors_file", "output_dir"):
            assert f"{parameter}: " in help_text, (name, parameter)


def test_notebooks_are_committed_without_outputs():
    for name in DEFAULT_NOTEBOOKS:
        nb = nbformat.read(PROJECT_ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
        assert all(not c.get("outputs") and not c.get("execution_count") for c in nb.cells if c.cell_type == "code")
        (params,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert nb.cells.index(params) == 1


def test_config_file_chooses_notebooks_and_parameters(tmp_path):
    config = tmp_path / "reports.yml"
    config.write_text("notebooks: [actor_mentions]\nparameters: {top_n: 5, freq: week}\ntimeout: 300\n")
    result = cli("report", "--config", config, "--out", tmp_path / "out", "--start", "2025-01-01")
    assert result.returncode == 0, result.stderr
    (run_dir,) = [p for p in (tmp_path / "out").iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert sorted(p.name for p in run_dir.glob("*.html")) == ["actor_mentions.html", "index.html"]
    run = json.loads((run_dir / "run.json").read_text())
    assert run["parameters"]["top_n"] == 5 and run["parameters"]["start"] == "2025-01-01"
    top = (run_dir / "actor_mentions" / "charts" / "top_actors.csv").read_text().strip().splitlines()
    assert len(top) == 1 + 5
    broken = tmp_path / "broken.yml"
    broken.write_text("notebooks: [nope]\n")
    missing = cli("report", "--config", broken, "--out", tmp_path / "out2")
    assert missing.returncode == 2 and "notebook 'nope' not found" in missing.stderr
