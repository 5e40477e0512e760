"""The whole pipeline over a folder of hostile files, as a user runs it from their own folder.

Every command must end in bounded time and memory, exit 0 (2 when nothing is loadable or a
parameter is bad), name every file it skipped with the reason, leave nothing half-written, and never
let an article's markup into a report's HTML. The folder is built by `hostile.build`.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

import hostile
from conftest import PROJECT_ROOT

pytestmark = pytest.mark.slow

TIME_LIMIT = 240          # seconds for one command (a report runs four notebooks)
MEMORY_LIMIT = 1_500_000  # KiB of peak resident memory for one command and the children it waited for


@dataclass
class Finished:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_kib: int


def run(*args, cwd: Path, timeout: float = TIME_LIMIT) -> Finished:
    """`python -m analysis ARGS` in `cwd`, killed past `timeout`; its exit code, output, time and peak RSS."""
    out, err = cwd / ".cmd.out", cwd / ".cmd.err"
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    started = time.perf_counter()
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "analysis", *map(str, args)], cwd=cwd, env=env,
                                   stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr,
                                   start_new_session=True)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                os.killpg(process.pid, signal.SIGKILL)
                os.wait4(process.pid, 0)
                pytest.fail(f"{' '.join(map(str, args))} ran past {timeout} s")
            time.sleep(0.05)
    process.returncode = os.waitstatus_to_exitcode(status)
    finished = Finished(process.returncode, out.read_text("utf-8", "replace"), err.read_text("utf-8", "replace"),
                        time.perf_counter() - started, usage.ru_maxrss)
    out.unlink()
    err.unlink()
    assert finished.peak_kib < MEMORY_LIMIT, f"{args[0]} peaked at {finished.peak_kib // 1024} MiB"
    return finished


def problems_text(finished: Finished, cwd: Path) -> str:
    """What a command said about skipped files: its stderr plus any full list of problems it names."""
    text = finished.stderr
    for candidate in re.findall(r"every problem listed in (\S+)", finished.stderr):
        path = Path(candidate.rstrip(";,"))
        path = path if path.is_absolute() else cwd / path
        if path.is_file() and path.stat().st_size < 10_000_000:
            text += "\n" + path.read_text("utf-8", "replace")
    return text


def assert_skipped_are_named(finished: Finished, cwd: Path, cases) -> None:
    said = problems_text(finished, cwd)
    for name in hostile.skipped_names(cases):
        base = name.rsplit("/", 1)[-1]
        lines = [line for line in said.splitlines() if base in line]
        assert lines, f"{name} is not named among the problems:\n{said[-3000:]}"
        assert any(re.search(re.escape(base) + r"[^:]*(?::\d+)?\s*(?:\(item \d+\))?:\s*\S", line)
                   or "," + base in line or base + "," in line for line in lines), \
            f"{name} is named without a reason: {lines[:3]}"


def assert_nothing_half_written(folder: Path) -> None:
    leftovers = [p for p in folder.rglob("*") if p.name.endswith(".part") or p.name.startswith(".incomplete-")]
    assert not leftovers, f"half-written files left behind: {leftovers}"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A user's folder outside the project: hostile/ holds the files, out/ receives the results."""
    home = tmp_path_factory.mktemp("user")
    cases = hostile.build(home / "hostile")
    (home / "out").mkdir()
    return home, cases


def test_articles_loads_the_good_files_and_names_every_bad_one(world):
    home, cases = world
    finished = run("articles", "hostile", "-o", "out/articles.jsonl", cwd=home)
    assert finished.code == 0, finished.stderr[-2000:]
    rows = [json.loads(line) for line in (home / "out/articles.jsonl").read_text("utf-8").splitlines()]
    titles = {row["title"] for row in rows}
    for expected in ("Jeddah line", "Third line", "Page with deep JSON-LD", "Cafe talks", "Intact member",
                     "Other member", "Open member", "A day that does not exist", "Wire item 0", "Wire item 1999",
                     "First row", "Third row", hostile.XSS_TITLE, "Escaped member", "Far epoch", "Last second",
                     "Bad offset", "One long line", "Lost body"):
        assert expected in titles, f"{expected!r} was not loaded"
    assert sum(row["title"] == "CNN —" for row in rows) == 2, "two different stories with one first line"
    assert len({row["article_id"] for row in rows}) == len(rows), "two rows share an article_id"
    by_title = {row["title"]: row for row in rows}
    assert by_title["Far epoch"]["published"] is None
    assert by_title["Bad offset"]["published"] is None
    # 9999-12-31 in epoch seconds is read as seconds (not as 1978 in milliseconds), and no news is from then
    assert by_title["Last second"]["published"] is None
    assert not any(len(row["title"]) > 300 for row in rows), "a whole paragraph became a title"
    assert not any(row["title"].startswith("lollol") for row in rows)
    assert_skipped_are_named(finished, home, cases)
    assert_nothing_half_written(home)


@pytest.mark.parametrize("command, output", [
    ("mentions", "mentions.csv"), ("milestones", "milestones.jsonl"), ("timeline", "timeline.csv"),
    ("discover", "discovered.yml"),
])
def test_every_extracting_command_finishes_and_writes_whole_output(world, command, output):
    home, cases = world
    finished = run(command, "hostile", "-o", f"out/{output}", cwd=home)
    assert finished.code == 0, finished.stderr[-2000:]
    written = home / "out" / output
    assert written.stat().st_size > 0
    if output.endswith(".jsonl"):
        [json.loads(line) for line in written.read_text("utf-8").splitlines()]
    elif output.endswith(".yml"):
        import yaml
        yaml.safe_load(written.read_text("utf-8"))
    assert_skipped_are_named(finished, home, cases)
    assert_nothing_half_written(home)


def test_timex_on_a_long_line_and_on_binary(world):
    home, _ = world
    finished = run("timex", "--reference", "2025-02-18", "hostile/oneline.txt", cwd=home)
    assert finished.code == 0, finished.stderr[-2000:]
    values = [json.loads(line)["value"] for line in finished.stdout.splitlines()]
    assert "2025-02-18" in values and "2025-W09" in values  # "on Tuesday", "next week"
    binary = run("timex", "--reference", "2025-02-18", "hostile/binary.txt", cwd=home)
    assert binary.code == 2 and "hostile/binary.txt" in binary.stderr and "Traceback" not in binary.stderr
    far = run("timex", "--reference", "9999-12-31", "hostile/oneline.txt", cwd=home)
    assert far.code in (0, 2) and "Traceback" not in far.stderr


def test_ingest_compact_and_report_from_the_users_folder(world):
    home, cases = world
    ingest = run("ingest", "hostile", "--store", "store", cwd=home)
    assert ingest.code == 0, ingest.stderr[-2000:]
    assert_skipped_are_named(ingest, home, cases)
    again = run("ingest", "hostile", "--store", "store", cwd=home)
    assert again.code == 0, again.stderr[-2000:]
    assert "0 new" in again.stderr
    compact = run("compact", "--store", "store", cwd=home)
    assert compact.code == 0, compact.stderr[-2000:]
    for corpus in ("store", "hostile"):
        report = run("report", "--corpus", corpus, "--out", "reports", "--jobs", "2", cwd=home)
        assert report.code == 0, report.stderr[-3000:]
        page = Path(report.stdout.strip().rsplit(" ", 1)[-1])
        page = page if page.is_absolute() else home / page
        assert page.is_file(), report.stdout
        assert page.is_relative_to(home / "reports")
        values = json.loads(next(page.parent.glob("corpus_overview/values.json")).read_text("utf-8"))
        assert values.get("articles", values.get("n_articles", 0)) > 2000
        for html_file in page.parent.glob("*.html"):
            text = html_file.read_text("utf-8")
            for markup in hostile.UNESCAPED:
                assert markup not in text, f"{html_file.name} lets article markup through: {markup}"
    assert_nothing_half_written(home)
    assert not list(PROJECT_ROOT.glob(".incomplete-*")) and not list((PROJECT_ROOT / "reports").glob(".incomplete-*"))


def test_a_folder_of_only_bad_files_exits_2_naming_each(tmp_path):
    holding_good_ones = ("badcrc.zip", "deflate.zip", "locked.zip", "laughs.rss")  # salvage a member or item
    cases = [c for c in hostile.build(tmp_path / "all", bomb_size=1 << 26, members=1, long_line=10)
             if c.expect == "skip" and not c.name.startswith(holding_good_ones)]
    keep = {c.name.split("!")[0] for c in cases}
    for path in (tmp_path / "all").iterdir():
        if path.name not in keep:
            path.unlink()
    finished = run("articles", "all", cwd=tmp_path)
    assert finished.code == 2, finished.stderr[-2000:]
    assert_skipped_are_named(finished, tmp_path, cases)
    assert "Traceback" not in finished.stderr


@pytest.mark.parametrize("args, names", [
    (["report", "--corpus", "nowhere"], "nowhere"),
    (["report", "--start", "2025-02-30"], "start"),
    (["report", "--window", "7d", "--as-of", "notadate"], "as-of"),
    (["report", "--window", "99999999999d"], "window"),
    (["articles", "hostile/cnn_1.txt", "-o", "out"], "out"),
])
def test_bad_parameters_exit_2_naming_the_parameter(world, args, names):
    home, _ = world
    finished = run(*args, cwd=home, timeout=60)
    assert finished.code == 2, (finished.code, finished.stderr[-2000:])
    assert names in finished.stderr and "Traceback" not in finished.stderr
