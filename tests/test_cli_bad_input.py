"""Bad parameters, configuration and files given to the command line: exit 2 and one line naming the
file, line or parameter and what is wrong; never a traceback, never a report run for nothing."""
import datetime as dt
import io
import json

import pytest

from analysis import cli
from analysis.reports import ConfigError, load_config

from conftest import SAMPLE


@pytest.fixture
def report(tmp_path, capsys):
    """Run `report ARGS --out tmp/out` in-process: (exit status, stderr); asserts nothing was written."""
    def _report(*args):
        status = cli.main(["report", *map(str, args), "--out", str(tmp_path / "out")])
        err = capsys.readouterr().err
        assert "Traceback" not in err
        if status == 2:
            assert not (tmp_path / "out").exists()
        return status, err
    return _report


def test_a_corpus_that_does_not_exist_or_holds_nothing(report, tmp_path, write):
    status, err = report("--corpus", tmp_path / "nope")
    assert status == 2 and "parameter corpus=" in err and "nope" in err and "no such file or directory" in err
    write("broken/empty.txt", b"")
    status, err = report("--corpus", tmp_path / "broken")
    assert status == 2 and "nothing loadable" in err and "empty.txt: empty file" in err
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "manifest.json").write_text(json.dumps(
        {"version": 1, "extractor": None, "index": None, "updated": None,
         "parts": {"articles": [], "mentions": [], "quotes": [], "milestones": []}}))
    status, err = report("--corpus", tmp_path / "store")
    assert status == 2 and "nothing loadable (the store is empty)" in err


@pytest.mark.parametrize("text, message", [
    ("start: 2025-02-01\n", "reports.yml:1: unknown key 'start' (known: notebooks, parameters, timeout, corpus; "
                            "parameters go under parameters:)"),
    ("parameters:\n  top_n: 5\n  end: 2025-02-30\n", "reports.yml:3: parameter end='2025-02-30': not an ISO date"),
    ("- notebooks\n- briefing\n", "reports.yml: expected a mapping with notebooks:, parameters:, timeout:, corpus: (found list)"),
    ("parameters: [1, 2]\n", "reports.yml:1: parameters: a mapping of parameter names to values"),
    ("notebooks: [briefing]\nnotebook: [milestones]\n", "reports.yml:2: unknown key 'notebook' (known: notebooks, "
                                                      "parameters, timeout, corpus)"),
    ("parameters: {topn: 5}\n", "unknown parameter 'topn' (known: corpus, start, end, as_of, top_n, freq, actors_file, actors, sides)"),
    ("notebooks: 5\n", "reports.yml:1: notebooks: a notebook name or a list of them"),
    ("notebooks: [nope]\n", "notebook 'nope' not found in"),
    ("timeout: soon\n", "reports.yml:1: timeout: seconds per cell, a whole number above 0"),
    ("parameters: {top_n: [1\n", "reports.yml:2: invalid YAML"),
    ("parameters:\n  freq: fortnight\n", "reports.yml:2: parameter freq='fortnight': one of day, week, month"),
])
def test_a_bad_config_file_is_named_with_its_line(report, write, text, message):
    config = write("reports.yml", text)
    status, err = report("--config", config)
    assert status == 2, err
    assert message in err, err
    assert err.count("\n") == 1


def test_a_config_of_nested_aliases_is_refused_at_once(report, write):
    value = "&l0 [x, x, x, x, x, x, x, x, x]"
    for level in range(1, 30):  # 9 ** 30 names, if anything expanded them
        value = f"&l{level} [{value}, " + ", ".join([f"*l{level - 1}"] * 8) + "]"
    config = write("reports.yml", f"parameters:\n  actors: {value}\n")
    status, err = report("--config", config)
    assert status == 2 and "reports.yml:2: parameter actors=[[[...], [...], [...], [...], [...], [...], ...], " in err
    assert len(err) < 500


def test_a_binary_config_file(report, write):
    config = write("reports.yml", bytes(range(256)) * 8)
    status, err = report("--config", config)
    assert status == 2 and "reports.yml: not a YAML text file" in err


def test_config_accepts_unquoted_dates_and_one_notebook_by_name(tmp_path, write):
    config = load_config(write("reports.yml", "notebooks: briefing\nparameters:\n  start: 2025-02-01\n"
                                              "  end: 2025-02-28\n"))
    assert config.notebooks == ["briefing"]
    assert config.parameters == {"start": dt.date(2025, 2, 1), "end": dt.date(2025, 2, 28)}
    assert config.where("end") == f"{tmp_path / 'reports.yml'}:4" and config.where("corpus") == ""
    with pytest.raises(ConfigError, match="notebooks: a notebook name or a list"):
        load_config(write("other.yml", "notebooks: []\n"))


@pytest.mark.slow
def test_a_config_with_unquoted_dates_runs(tmp_path, write, capsys):
    config = write("reports.yml", f"notebooks: corpus_overview\ncorpus: {SAMPLE}\n"
                                  "parameters:\n  start: 2025-02-01\n  end: 2025-02-28\n")
    assert cli.main(["report", "--config", str(config), "--out", str(tmp_path / "out")]) == 0, capsys.readouterr().err
    (run,) = [p for p in (tmp_path / "out").iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert run.name.endswith("-sample-2025-02-01_2025-02-28")
    meta = json.loads((run / "run.json").read_text())
    assert meta["parameters"]["start"] == "2025-02-01" and meta["parameters"]["end"] == "2025-02-28"
    overview = json.loads((run / "corpus_overview" / "values.json").read_text())
    assert overview["first_day"] >= "2025-02-01" and overview["last_day"] <= "2025-02-28"


@pytest.mark.parametrize("args, message", [
    (["--window", "7d", "--as-of", "notadate"], "--as-of 'notadate': not a date"),
    (["--window", "7d", "--as-of", "2025-02-30"], "--as-of '2025-02-30': not a date"),
    (["--as-of", "2025-02-30"], "parameter as_of='2025-02-30': not an ISO date"),
    (["--window", "99999999999d"], "--window '99999999999d': reaches before the year 1"),
    (["--window", "0d"], "--window '0d': a number of days or weeks"),
    (["--window", "7d", "--start", "2025-01-01"], "--window replaces --start and --end"),
    (["--start", "2025-03-01", "--end", "2025-02-01"], "parameter end='2025-02-01' is before start='2025-03-01'"),
])
def test_bad_dates_and_windows(report, args, message):
    status, err = report(*args)
    assert status == 2 and message in err, err


def test_a_broken_actors_file_is_found_before_any_notebook_runs(report, write):
    malformed = write("malformed.yml", "actors:\n  - {name: X, kind: person\n")
    status, err = report("--config", write("a.yml", f"parameters: {{actors_file: {malformed}}}\n"))
    assert status == 2 and f"parameter actors_file: {malformed}:3: invalid YAML" in err, err
    wrong = write("wrong.yml", "actors:\n  - {name: X, kind: wizard, side: Ukraine}\n")
    status, err = report("--config", write("b.yml", f"parameters: {{actors_file: {wrong}}}\n"))
    assert status == 2 and f"{wrong}:2: actors[0] (X): kind 'wizard'" in err, err
    status, err = report("--config", write("c.yml", "parameters: {actors_file: missing.yml}\n"))
    assert status == 2 and "parameter actors_file=" in err and "no such file" in err


def test_out_naming_a_file(tmp_path, write, capsys):
    taken = write("reports", "not a folder")
    assert cli.main(["report", "--out", str(taken)]) == 2
    assert capsys.readouterr().err == f"error: --out {taken}: is a file, not a folder for reports\n"
    assert taken.read_text() == "not a folder"


@pytest.mark.parametrize("reference", ["9999-12-31", "0001-01-01", "2025-02-30", "someday", ""])
def test_timex_bad_reference(reference, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"Talks resume next year.")))
    assert cli.main(["timex", "--reference", reference]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --reference") and "Traceback" not in err


def test_output_naming_a_folder(tmp_path, write, capsys):
    article = write("a.txt", "Talks\n\nEnvoys met in Riyadh on 18 February 2025.\n")
    (tmp_path / "out").mkdir()
    for args in (["articles", article], ["milestones", article], ["calendar", article]):
        assert cli.main([*map(str, args), "-o", str(tmp_path / "out")]) == 2
        err = capsys.readouterr().err
        assert f"error: {tmp_path / 'out'}: is a folder; give a file name" in err, err
    assert cli.main(["articles", str(article), "-o", str(article / "x.csv")]) == 2
    assert "cannot write here" in capsys.readouterr().err
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize("command", ["mentions", "discover", "milestones", "timeline", "calendar"])
def test_unusable_data_files_exit_2_whichever_command(command, write, capsys, monkeypatch):
    from analysis import gazetteer, milestones

    article = write("a.txt", "Talks\n\nEnvoys met in Riyadh on 18 February 2025.\n")
    error = gazetteer.GazetteerError if command in ("mentions", "discover") else milestones.DataFileError

    def broken(*args, **kwargs):  # a user file found wrong only once extraction reads it
        raise error("mine.yml:3: something is wrong")
    monkeypatch.setattr("analysis.pipeline.run", broken)  # every command extracts through it
    assert cli.main([command, str(article)]) == 2
    assert capsys.readouterr().err.endswith("error: mine.yml:3: something is wrong\n")
