"""Ingest into the corpus store at growing sizes, with pandas and with Dask on two workers; then the
incremental re-ingest after adding 1% new articles, and the compaction of the resulting store.

Articles are built from the real NYT leads beside the project (five leads each, dated by the first)
and the sample corpus, written as JSON Lines files of 1,000 articles. Each configuration runs in a
fresh child process so its peak resident memory can be read (VmHWM); with Dask, the two worker
processes' peaks are read too and summed ("workers MB").

Run: .venv/bin/python benchmarks/bench_store.py [--sizes 1000,10000]
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import corpora

PER_FILE = 1000


def build(n: int, folder: Path, offset: int = 0) -> None:
    leads = corpora.nyt_leads()
    texts, dates = leads["text"].tolist(), leads["published"].tolist()
    rng = random.Random(11 + offset)
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, n, PER_FILE):
        with (folder / f"part-{offset + start:08d}.jsonl").open("w", encoding="utf-8") as handle:
            for i in range(start, min(n, start + PER_FILE)):
                picked = rng.sample(range(len(texts)), 5)
                handle.write(json.dumps({
                    "title": texts[picked[0]][:90], "text": "\n\n".join(texts[j] for j in picked),
                    "date": dates[picked[0]].isoformat(), "url": f"https://bench.example/{offset + i}",
                    "source": f"Outlet {(offset + i) % 7}"}) + "\n")


def child(corpus: str, store: str, engine: str) -> None:
    """Run one ingest and print seconds and peak memory (MB) as JSON."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from analysis.store import Store
    started = time.perf_counter()
    workers_peak = 0.0
    target = Store(store)
    if engine == "dask" and target.needs_cluster(corpus):  # as `ingest --engine dask` decides
        from analysis.scale import dask_client
        with dask_client(workers=2) as client:
            report = target.ingest(corpus, client=client)
            seconds = time.perf_counter() - started
            workers_peak = sum(client.run(_peak_mb).values())
    else:
        report = target.ingest(corpus)
        seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb(), "workers_peak_mb": workers_peak,
                      "new": report.new}))


def compact_child(store: str) -> None:
    """Compact a store and print what it took and removed as JSON."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from analysis.store import Store
    report = Store(store).compact()
    print(json.dumps({"seconds": report.seconds, "files_before": report.files_before,
                      "files_after": report.files_after, "rows_dropped": report.rows_dropped}))


def _peak_mb() -> float:
    """This process's resident high-water mark."""
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")) / 1024


def run(corpus: Path, store: Path, engine: str) -> dict:
    arguments = ["--compact", str(store)] if engine == "compact" else ["--child", str(corpus), str(store), engine]
    out = subprocess.run([sys.executable, __file__, *arguments], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--engines", default="pandas,dask")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--compact", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    if args.compact:
        compact_child(args.compact)
        return 0
    if not corpora.require(corpora.NYT):
        return 0
    sys.stdout.reconfigure(line_buffering=True)
    print(f"{'articles':>9} {'engine':>7} {'ingest s':>9} {'peak MB':>8} {'workers MB':>10} {'+1% s':>7} "
          f"{'+1% / full':>10} {'compact s':>9} {'files':>13}")
    for n in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus"
            build(n, corpus)
            for engine in args.engines.split(","):
                store = Path(tmp) / f"store-{engine}"
                full = run(corpus, store, engine)
                extra = Path(tmp) / f"extra-{engine}"
                build(max(1, n // 100), extra, offset=n)
                for f in extra.iterdir():
                    f.rename(corpus / f"{engine}-{f.name}")
                more = run(corpus, store, engine)
                for f in corpus.glob(f"{engine}-*"):
                    f.unlink()
                packed = run(corpus, store, "compact")
                files = f"{packed['files_before']:,} -> {packed['files_after']:,}"
                print(f"{n:>9,} {engine:>7} {full['seconds']:>9.1f} {full['peak_mb']:>8.0f} "
                      f"{full['workers_peak_mb']:>10.0f} {more['seconds']:>7.1f} "
                      f"{more['seconds'] / full['seconds']:>9.0%} {packed['seconds']:>9.1f} {files:>13}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
