"""kill -9 at random moments of `ingest` and `compact` (real processes): after each kill the store
reads as it was before or after the command, whole, and the next run completes to exactly the
store an uninterrupted run makes."""
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from analysis.store import Store

from conftest import PROJECT_ROOT, same_tables as same, store_snapshot

pytestmark = pytest.mark.slow

SENTENCES = [
    "Sergei Lavrov said the talks in Riyadh would resume on March {day}.",
    "Volodymyr Zelenskiy said Ukraine would not accept a deal made without it.",
    "“We are ready to meet again next week,” Marco Rubio told reporters.",
    "Steve Witkoff is due in Moscow on April {day} for a meeting with Vladimir Putin.",
    "Officials said a ceasefire on energy sites could start on May {day}.",
    "Recep Tayyip Erdogan offered to host a summit in Istanbul in June.",
]


def make_corpus(folder, count: int, first: int = 0) -> None:
    """`count` small clippings over four months, each its own title and text."""
    rng = random.Random(first)
    folder.mkdir(parents=True)
    for i in range(first, first + count):
        month, day = 2 + i % 4, 1 + i % 27
        body = " ".join(rng.choice(SENTENCES).format(day=1 + rng.randrange(27)) for _ in range(4))
        (folder / f"2025-{month:02d}-{day:02d}_round-{i}.txt").write_text(
            f"Round {i} of the talks\n\nThe delegations met for round {i}. {body}\n\n{body}\n", encoding="utf-8")


def cli(*args, **popen):
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    return subprocess.Popen([sys.executable, "-m", "analysis", *map(str, args)], env=env, cwd=PROJECT_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def run(*args) -> float:
    started = time.perf_counter()
    process = cli(*args)
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err[-2000:]
    return time.perf_counter() - started


def state(root):
    """Every table of the store as a reader sees it (raises if a read fails)."""
    return store_snapshot(Store(root))


def files_are_the_manifest(root) -> bool:
    manifest = Store(root).manifest
    listed = {p["file"] for parts in manifest["parts"].values() for p in parts} | {manifest["index"]}
    return {str(p.relative_to(root)) for p in root.rglob("*.parquet")} == listed


def kill_at_random(args, seconds: float, rng, allowed: list, root, attempts: int = 4, done=None) -> list:
    """Run `args` and SIGKILL it after a random part of the `seconds` it takes, `attempts` times or
    until one got through (`done(root)`, by default: the store is in the last `allowed` state);
    after each kill, the store must read as one of the `allowed` states. Returns (delay, index of
    the state seen) of each kill."""
    outcomes = []
    for _ in range(attempts):
        delay = round(rng.uniform(0.3, 0.95) * seconds, 2)
        process = cli(*args)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        seen = state(root)
        matches = [i for i, s in enumerate(allowed) if same(seen, s)]
        assert matches, f"a mixed store after kill -9 at {delay} s (earlier kills: {outcomes})"
        outcomes.append((delay, matches[0]))
        if done(root) if done else matches[0] == len(allowed) - 1:
            break
    print(args[0], "killed after (s, state seen):", outcomes)
    return outcomes


def test_kill_9_during_ingest_re_extraction_and_compaction(tmp_path):
    make_corpus(tmp_path / "corpus" / "a", 150)
    make_corpus(tmp_path / "corpus" / "b", 150, first=150)
    mine = tmp_path / "mine.yml"
    mine.write_text("actors:\n  - {name: Dolmabahce Palace Office, kind: institution, side: Turkey, "
                    "aliases: [Istanbul]}\n")
    reference, target = tmp_path / "reference", tmp_path / "target"
    run("ingest", tmp_path / "corpus" / "a", "--store", reference)
    before = state(reference)
    ingest_seconds = run("ingest", tmp_path / "corpus", "--store", reference)
    after = state(reference)
    re_extract_seconds = run("ingest", tmp_path / "corpus", "--store", reference, "--actors", mine)
    re_extracted = state(reference)
    assert not same(before, after) and not same(after, re_extracted)

    rng = random.Random(20250218)
    run("ingest", tmp_path / "corpus" / "a", "--store", target)
    kill_at_random(["ingest", tmp_path / "corpus", "--store", target], ingest_seconds, rng, [before, after], target)
    run("ingest", tmp_path / "corpus", "--store", target)  # the next one completes
    assert same(state(target), after) and files_are_the_manifest(target)

    kill_at_random(["ingest", tmp_path / "corpus", "--store", target, "--actors", mine], re_extract_seconds,
                   rng, [after, re_extracted], target)
    run("ingest", tmp_path / "corpus", "--store", target, "--actors", mine)
    assert same(state(target), re_extracted) and files_are_the_manifest(target)

    compact_seconds = run("compact", "--store", reference)
    assert same(state(reference), re_extracted)
    compacted = len(list(reference.rglob("*.parquet")))
    kill_at_random(["compact", "--store", target], compact_seconds, rng, [re_extracted], target,
                   done=lambda root: len(list(root.rglob("*.parquet"))) == compacted)
    run("compact", "--store", target)
    assert same(state(target), re_extracted) and files_are_the_manifest(target)
    files = {p.relative_to(target).parent for p in target.rglob("*.parquet")}
    assert files == {p.relative_to(reference).parent for p in reference.rglob("*.parquet")}  # one per month
