"""Loader throughput on the real NYT export, side by side with a bare pandas.read_csv of the same bytes.

pandas.read_csv only parses cells; load_articles also detects the encoding, maps columns, parses
dates to UTC, resolves and normalises URLs, builds ids and drops duplicates. The ratio says what
that costs. Run: .venv/bin/python benchmarks/bench_load.py [--copies N] [--repeats R]
"""
from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from corpora import NYT, require
from analysis import load_articles


def build_corpus(copies: int, folder: Path) -> Path:
    """The export repeated `copies` times (links made unique so dedupe keeps every row)."""
    raw = NYT.read_bytes()
    header, _, body = raw.partition(b"\n")
    parts = [header + b"\n"]
    for i in range(copies):
        parts.append(body.replace(b'"/', f'"/copy{i}/'.encode()))
    path = folder / "nyt_repeated.csv"
    path.write_bytes(b"".join(parts))
    return path


def timed(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if not require(NYT):
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        path = build_corpus(args.copies, Path(tmp))
        size_mb = path.stat().st_size / 1e6
        loaded = load_articles(path)
        rows = len(loaded) + len(loaded.attrs["load_report"].duplicates)
        ours = timed(lambda: load_articles(path), args.repeats)
        peer = timed(lambda: pd.read_csv(io.BytesIO(path.read_bytes()), encoding="cp1252"), args.repeats)
    print(f"corpus: {size_mb:.1f} MB, {rows} rows read ({len(loaded)} kept after dedupe); "
          f"median of {args.repeats} runs")
    print(f"{'reader':<34}{'seconds':>9}{'MB/s':>9}{'rows/s':>10}")
    for name, secs in (("load_articles (full pipeline)", ours), ("pandas.read_csv (parse only)", peer)):
        print(f"{name:<34}{secs:>9.3f}{size_mb / secs:>9.1f}{rows / secs:>10.0f}")
    print(f"ratio load_articles / read_csv time: {ours / peer:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
