"""What a run leaves on disk: files and folders with the umask's permissions, and nothing of a
killed run or write once the next one has run."""
import hashlib
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import time
from html.parser import HTMLParser

import pytest

from analysis import cli
from analysis.output import STALE_PART_SECONDS, remove_stale_parts, write_atomic
from analysis.reports import run_report

from conftest import PROJECT_ROOT, SAMPLE


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def analysis_command(*args, cwd, umask=None, **popen):
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    preexec = (lambda: os.umask(umask)) if umask is not None else None
    return [sys.executable, "-m", "analysis", *map(str, args)], dict(
        cwd=cwd, env=env, stdin=subprocess.DEVNULL, preexec_fn=preexec, **popen)


@pytest.mark.parametrize("umask, file_mode", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_table_files_get_the_umasks_permissions(tmp_path, umask, file_mode):
    for output in ("articles.csv", "new/folder/articles.parquet"):
        command, options = analysis_command("articles", SAMPLE / "clippings", "-o", output, cwd=tmp_path, umask=umask)
        assert subprocess.run(command, capture_output=True, **options).returncode == 0
        assert mode(tmp_path / output) == file_mode, oct(mode(tmp_path / output))


@pytest.mark.slow
def test_report_files_and_folders_get_the_umasks_permissions(tmp_path):
    previous = os.umask(0o022)  # the kernels started by the run inherit it
    try:
        page, _ = run_report({"corpus": str(SAMPLE / "clippings")}, notebooks=["corpus_overview"], out=tmp_path)
    finally:
        os.umask(previous)
    run = page.parent
    folders = [run, *(p for p in run.rglob("*") if p.is_dir())]
    files = [tmp_path / "index.html", *(p for p in run.rglob("*") if p.is_file())]
    assert {p.suffix for p in files} == {".html", ".json", ".ipynb", ".png", ".csv"}
    assert {mode(p) for p in folders} == {0o755} and {mode(p) for p in files} == {0o644}


def test_leftovers_of_killed_writes_are_removed_and_only_those(tmp_path, capsys):
    finished = subprocess.Popen(["true"])
    finished.wait()  # a pid that ran a writer and is gone
    leftovers = {
        "dead writer": f".articles.csv.{finished.pid}-0badf00d.part",
        "old, no pid": ".articles.csv.k3j4h5g6.part",  # as tempfile.mkstemp named them
        "live writer": f".articles.csv.{os.getpid()}-c0ffee00.part",
        "recent, no pid": ".articles.csv.z9y8x7w6.part",
        "another file's": f".other.csv.{finished.pid}-0badf00d.part",
        "not ours": ".articles.csv.notes.txt",
    }
    for name in leftovers.values():
        (tmp_path / name).write_text("half")
    old = time.time() - STALE_PART_SECONDS - 60
    os.utime(tmp_path / leftovers["old, no pid"], (old, old))
    assert cli.main(["articles", str(SAMPLE / "clippings"), "-o", str(tmp_path / "articles.csv")]) == 0
    remaining = {p.name for p in tmp_path.iterdir()}
    assert remaining == {"articles.csv"} | {leftovers[k] for k in (
        "live writer", "recent, no pid", "another file's", "not ours")}
    # an hour on, whoever wrote them (no write of a finished table takes that long)
    removed = remove_stale_parts(tmp_path / "articles.csv", now=time.time() + STALE_PART_SECONDS + 60)
    assert sorted(p.name for p in removed) == sorted(leftovers[k] for k in ("live writer", "recent, no pid"))


def test_write_atomic_replaces_whole_files_only(tmp_path):
    target = tmp_path / "a.txt"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second" and [p.name for p in tmp_path.iterdir()] == ["a.txt"]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs)["href"])


def index_links(out):
    text = (out / "index.html").read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    parser = _Links()
    parser.feed(text)
    return parser.links


def snapshot(folder):
    return {str(p.relative_to(folder)): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def children_of(pid):
    """The pids whose parent is `pid` (the kernels a report run started)."""
    found = []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as handle:
                if int(handle.read().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry))
        except OSError:
            continue
    return found


def state(pid):
    """The process's state letter (R, S, Z...), None when there is no such process."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return None


def gone(pids, timeout=20.0):
    """Whether every process of `pids` has ended (or is a zombie no one reaped) within `timeout`."""
    deadline = time.monotonic() + timeout
    while any(state(p) not in (None, "Z") for p in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


@pytest.mark.slow
def test_a_killed_report_leaves_earlier_reports_and_the_next_run_cleans_up(tmp_path):
    """SIGKILL, as the OOM killer or a stopped service would send it, at random moments of a run."""
    shutil.copytree(SAMPLE / "clippings", tmp_path / "articles")
    (tmp_path / "reports.yml").write_text("notebooks: [corpus_overview, actor_mentions]\n")
    command, options = analysis_command("report", "--config", "reports.yml", "--corpus", "articles", "--out", "out",
                                        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = subprocess.run(command, **options)
    assert first.returncode == 0, first.stderr
    (earlier,) = [p for p in (tmp_path / "out").iterdir() if p.is_dir()]
    before = snapshot(earlier)
    seed = random.randrange(1 << 30)
    moments = [random.Random(seed + i).uniform(low, high) for i, (low, high) in enumerate([(0.2, 2), (2, 5), (5, 9)])]
    for moment in moments:
        run = subprocess.Popen(command, **options)
        time.sleep(moment)
        kernels = children_of(run.pid)
        run.send_signal(signal.SIGKILL)
        run.communicate()
        assert gone(kernels), f"kernels outlived their run (seed {seed})"  # they notice their parent died
        assert snapshot(earlier) == before, f"killed at {moment:.2f} s (seed {seed})"
        for link in index_links(tmp_path / "out"):
            assert (tmp_path / "out" / link).is_file(), (link, moment, seed)
    last = subprocess.run(command, **options)
    assert last.returncode == 0, last.stderr
    names = [p.name for p in (tmp_path / "out").iterdir()]
    assert not [n for n in names if n.startswith(".incomplete-") or n.endswith(".part")], (names, seed)
    assert snapshot(earlier) == before
    runs = [p for p in (tmp_path / "out").iterdir() if p.is_dir()]
    assert sorted(index_links(tmp_path / "out")) == sorted(f"{p.name}/index.html" for p in runs)
    assert all((p / "index.html").is_file() and (p / "run.json").is_file() for p in runs)
