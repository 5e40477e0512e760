"""`python -m analysis` as a user runs it: real processes, real files, exit codes and stderr."""
import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from conftest import PROJECT_ROOT


def run(*args, cwd=None, input=None):
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    stdin = {} if input is not None else {"stdin": subprocess.DEVNULL}
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd or PROJECT_ROOT, env=env, input=input, **stdin)


@pytest.fixture
def corpus(tmp_path, write):
    write("c/one.txt", "Riyadh talks open\n\nBy Ana Diaz in Riyadh February 18, 2025\n\nThey met.\n\nShare\n")
    write("c/two.jsonl", json.dumps({"headline": "Jeddah <script>alert(1)</script>", "body": "Kyiv said yes.",
                                     "date": "2025-03-11T15:00:00Z", "link": "https://x.example/j"}) + "\n{oops\n")
    write("c/three.txt", b"")
    return tmp_path / "c"


def test_articles_jsonl_to_stdout_with_summary_on_stderr(corpus):
    result = run("articles", corpus)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["title"] for r in rows] == ["Riyadh talks open", "Jeddah <script>alert(1)</script>"]
    assert rows[0]["published"] == "2025-02-18T00:00:00Z" and rows[0]["dateline"] == "Riyadh"
    assert rows[1]["published"] == "2025-03-11T15:00:00Z"
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith("loaded 2 articles from 3 files; skipped 2:")
    assert "three.txt: empty file" in summary and "two.jsonl:2: invalid JSON" in summary
    assert "0 duplicates dropped" in summary


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_output_formats_round_trip(corpus, tmp_path, fmt):
    out = tmp_path / f"articles.{fmt}"
    result = run("articles", corpus, "--format", fmt, "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    frame = {"csv": pd.read_csv, "jsonl": lambda p: pd.read_json(p, lines=True),
             "parquet": pd.read_parquet}[fmt](out)
    assert list(frame["title"]) == ["Riyadh talks open", "Jeddah <script>alert(1)</script>"]
    assert list(frame.columns)[:3] == ["article_id", "title", "standfirst"]
    assert not list(tmp_path.glob(".*.part"))


def test_format_inferred_from_output_extension(corpus, tmp_path):
    out = tmp_path / "a.parquet"
    assert run("articles", corpus, "-o", out).returncode == 0
    assert out.read_bytes()[:4] == b"PAR1"


def test_nothing_loadable_exits_2(tmp_path, write):
    write("bad/empty.txt", b"")
    result = run("articles", tmp_path / "bad")
    assert result.returncode == 2 and result.stdout == ""
    assert "empty.txt: empty file" in result.stderr and "error: nothing loadable" in result.stderr
    missing = run("articles", tmp_path / "missing")
    assert missing.returncode == 2 and "no such file or directory" in missing.stderr


def test_usage_errors_exit_2_without_traceback(corpus):
    for args in (["articles"], ["articles", corpus, "--format", "xml"], ["articles", corpus, "--columns", "x"],
                 ["articles", corpus, "--columns", "a=nonsense"], ["nonsense"]):
        result = run(*args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr


def test_strict_stops_at_first_problem(corpus):
    result = run("articles", corpus, "--strict")
    assert result.returncode == 2
    assert "three.txt: empty file" in result.stderr and "Traceback" not in result.stderr


def test_headerless_csv_with_columns_option(tmp_path, write):
    path = write("h.csv", "Talks,2025-02-18,They met.\n")
    result = run("articles", path, "--columns", "0=title", "--columns", "1=published", "--columns", "2=text")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["text"] == "They met."


def test_help_on_every_command():
    for args in (["--help"], ["articles", "--help"], ["report", "--help"]):
        result = run(*args)
        assert result.returncode == 0 and "usage:" in result.stdout


def test_composes_in_a_pipe(corpus):
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    pipeline = subprocess.run(f"'{sys.executable}' -m analysis articles '{corpus}' | head -n 1",
                              shell=True, capture_output=True, text=True, env=env, cwd=PROJECT_ROOT)
    assert json.loads(pipeline.stdout)["title"] == "Riyadh talks open"
    assert "Traceback" not in pipeline.stderr


def test_mentions_command(tmp_path, write):
    path = write("m/a.jsonl", json.dumps({"title": "Putin and Zelensky", "text": "Kyiv said no. The Kremlin said yes.",
                                          "date": "2025-02-18", "author": "Vladimir Putin"}) + "\n")
    out = tmp_path / "mentions.csv"
    result = run("mentions", path, "-o", out)
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(out)
    assert list(table.columns) == ["article_id", "field", "actor", "kind", "side", "surface", "start", "end",
                                   "paragraph", "sentence", "via"]
    assert list(zip(table["field"], table["surface"])) == [
        ("title", "Putin"), ("title", "Zelensky"), ("text", "Kyiv"), ("text", "Kremlin")]
    assert "4 mentions of 4 actors" in result.stderr


def test_mentions_with_user_actors_and_broken_gazetteer(tmp_path, write):
    path = write("m/a.txt", "Talks\n\nBudanov met Yermak in Kyiv.\n")
    mine = write("mine.yml", "actors:\n  - {name: Kyrylo Budanov, kind: person, side: Ukraine, aliases: [Budanov]}\n")
    result = run("mentions", path, "--actors", mine)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["actor"] for line in result.stdout.splitlines()][:1] == ["Kyrylo Budanov"]
    broken = write("broken.yml", "actors:\n  - {name: X, kind: wizard, side: Ukraine}\n")
    failed = run("mentions", path, "--actors", broken)
    assert failed.returncode == 2 and "Traceback" not in failed.stderr
    assert "broken.yml:2: actors[0] (X): kind 'wizard'" in failed.stderr


def test_discover_command_writes_pasteable_yaml(tmp_path, write):
    import yaml
    path = write("d/a.txt", "Talks\n\nPresidential envoy Jan Novak met Putin. Later Jan Novak left.\n")
    result = run("discover", path)
    assert result.returncode == 0, result.stderr
    entries = yaml.safe_load(result.stdout)["actors"]
    assert entries[0]["name"] == "Jan Novak" and entries[0]["aliases"] == ["Novak"]
    pasted = write("pasted.yml", result.stdout)
    again = run("mentions", path, "--actors", pasted)
    assert "Jan Novak" in again.stdout
    table = run("discover", path, "--format", "csv")
    assert table.stdout.startswith("name,count,articles,title,titles,kind,side")


def test_timex_command_offsets_into_the_text_as_read(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes("Talks in Riyadh on Tuesday\r\nended; a 30-day truce starts next week.\n".encode())
    result = run("timex", "--reference", "2025-02-19", path)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    text = path.read_bytes().decode()
    assert [(r["text"], r["type"], r["value"]) for r in rows] == [
        ("Tuesday", "DATE", "2025-02-18"), ("30-day", "DURATION", "P30D"), ("next week", "DATE", "2025-W09")]
    assert all(text[r["start"]:r["end"]] == r["text"] for r in rows)
    piped = run("timex", "--reference", "2025-02-19", "-", input="Talks end today.")
    assert json.loads(piped.stdout)["value"] == "2025-02-19"
    bad = run("timex", "--reference", "someday", path)
    assert bad.returncode == 2 and "--reference" in bad.stderr and "Traceback" not in bad.stderr


def test_milestones_timeline_and_calendar_commands(tmp_path, write):
    path = write("ms/a.jsonl", "\n".join(json.dumps(r) for r in [
        {"title": "Talks set", "text": "Envoys are due to hold talks in Riyadh on Tuesday.", "date": "2025-02-16T10:00:00Z",
         "source": "Danube Wire"},
        {"title": "Talks held", "text": "The talks in Riyadh on Tuesday lasted four hours.", "date": "2025-02-18T22:00:00Z",
         "source": "Steppe Herald"},
        {"title": "Visit due", "text": "Zelenskiy will visit Washington on Feb. 28.", "date": "2025-02-20T09:00:00Z"},
    ]) + "\n")
    result = run("milestones", path)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["start"], r["kind"], r["status"], r["place"]) for r in rows] == [
        ("2025-02-18", "talks", "upcoming", "Riyadh"), ("2025-02-18", "talks", "past", "Riyadh"),
        ("2025-02-28", "visit", "upcoming", "Washington")]
    assert rows[2]["actors"] == ["Volodymyr Zelenskiy", "United States"]
    events = [json.loads(line) for line in run("timeline", path).stdout.splitlines()]
    assert [(e["start"], e["n_articles"], e["n_sources"], e["status"]) for e in events] == [
        ("2025-02-18", 2, 2, "past"), ("2025-02-28", 1, 1, "upcoming")]
    ics = tmp_path / "talks.ics"
    done = run("calendar", path, "-o", ics)
    assert done.returncode == 0, done.stderr
    text = ics.read_text()
    assert text.count("BEGIN:VEVENT") == 1 and "DTSTART;VALUE=DATE:20250228" in text
    bad = run("calendar", path, "--as-of", "soon")
    assert bad.returncode == 2 and "--as-of" in bad.stderr and "Traceback" not in bad.stderr
