"""How long `python -m analysis report` takes, and where the time goes.

1. The sample corpus, warm (the venv and kernel already installed): the whole command, as
   `make report` runs it (two notebooks at a time).
2. 20,000 articles built from the real NYT leads beside the project (five leads per article, each
   article dated by its first lead), written as JSON Lines: the whole command again.
For each, a breakdown measured in-process: kernel start-up and papermill overhead (an empty
notebook), loading, extraction (mentions, quotes, milestones and timeline), charts, HTML export.
3. With --store-articles N: N such articles ingested into a corpus store (Dask, two workers), then
   the whole command over the store, which reads what ingest extracted.

Run: .venv/bin/python benchmarks/bench_report.py [--articles 20000] [--store-articles 100000]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import corpora
from analysis import charts, find_mentions, find_quotes, load_articles
from analysis.config import PROJECT_ROOT, SAMPLE_CORPUS
from analysis.milestones import extract_milestones
from analysis.reports import export_html, run_notebook
from analysis.timeline import timeline


def run_command(corpus: Path, out: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "analysis", "report", "--corpus", str(corpus), "--out", str(out)],
                   check=True, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def breakdown(corpus: Path, scratch: Path) -> dict:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook
    empty = new_notebook(metadata={"kernelspec": {"name": "negotiation-tracker", "display_name": "x", "language": "python"}})
    cell = new_code_cell('corpus: str = ""\noutput_dir: str = ""')
    cell.metadata["tags"] = ["parameters"]
    empty.cells = [cell]
    (scratch / "nbs").mkdir(exist_ok=True)
    nbformat.write(empty, scratch / "nbs" / "empty.ipynb")
    kernel = statistics.median(run_notebook("empty", {"corpus": ""}, scratch, notebooks_dir=scratch / "nbs").seconds
                               for _ in range(3))
    load_s, articles = timed(lambda: load_articles(corpus))
    mentions_s, mentions = timed(lambda: find_mentions(articles))
    quotes_s, quoted = timed(lambda: find_quotes(articles, mentions))
    milestones_s, events = timed(lambda: timeline(extract_milestones(articles, mentions), articles))
    charts_s, _ = timed(lambda: [charts.save_chart(fig, scratch / "charts", name) for name, fig in {
        "a": charts.articles_over_time(articles), "b": charts.top_actors(mentions),
        "c": charts.mentions_over_time(mentions, articles, freq="month"),
        "d": charts.share_of_voice_chart(mentions, articles), "e": charts.cooccurrence_heatmap(mentions),
        "f": charts.top_quoted(quoted), "g": charts.milestone_timeline(events),
        "h": charts.calendar_strip(events)}.items()])
    executed = sorted((scratch / "reports").glob("*/actor_mentions.ipynb"))[-1]
    export_s, _ = timed(lambda: export_html(executed, scratch / "export.html"))
    return {"kernel start-up + papermill (empty notebook)": kernel, "loading": load_s, "mentions": mentions_s,
            "quotes": quotes_s, "milestones + timeline": milestones_s, "8 charts (PNG + CSV)": charts_s,
            "HTML export (one notebook)": export_s, "articles": len(articles)}


def big_corpus(n: int, folder: Path) -> Path:
    leads = corpora.nyt_leads()
    texts, dates = leads["text"].tolist(), leads["published"].tolist()
    rng = random.Random(3)
    path = folder / "nyt_articles.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            picked = rng.sample(range(len(texts)), 5)
            handle.write(json.dumps({"title": texts[picked[0]][:90], "text": "\n\n".join(texts[j] for j in picked),
                                     "date": dates[picked[0]].isoformat(), "url": f"https://bench.example/{i}",
                                     "source": f"Outlet {i % 7}"}) + "\n")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--store-articles", type=int, default=0, help="also a report over a store of this many")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        run_command(SAMPLE_CORPUS, scratch / "reports")  # warm-up: caches, compiled bytecode
        sample = statistics.median(run_command(SAMPLE_CORPUS, scratch / "reports") for _ in range(3))
        print(f"sample corpus (50 articles): report in {sample:.1f} s (median of 3, warm, --jobs 2)")
        for name, value in breakdown(SAMPLE_CORPUS, scratch).items():
            print(f"  {name:<44}{value:>8.2f}" + ("" if name == "articles" else " s"))
        if not corpora.require(corpora.NYT):
            return 0
        path = big_corpus(args.articles, scratch)
        size = path.stat().st_size / 1e6
        seconds = run_command(path, scratch / "reports")
        print(f"\n{args.articles:,} articles ({size:.0f} MB of JSON Lines): report in {seconds:.1f} s (one run, --jobs 2)")
        for name, value in breakdown(path, scratch).items():
            print(f"  {name:<44}{value:>8.2f}" + ("" if name == "articles" else " s"))
        if args.store_articles:
            store_report(args.store_articles, scratch)
    return 0


def store_report(n: int, scratch: Path) -> None:
    """Ingest `n` articles into a store on two Dask workers, then time the report over the store."""
    from analysis.scale import dask_client
    from analysis.store import Store
    from bench_store import build

    build(n, scratch / "store-corpus")
    store = Store(scratch / "store")
    started = time.perf_counter()
    with dask_client(workers=2) as client:
        store.ingest(scratch / "store-corpus", client=client)
    ingest = time.perf_counter() - started
    seconds = statistics.median(run_command(scratch / "store", scratch / "reports") for _ in range(3))
    print(f"\n{n:,} articles in a store (ingested in {ingest:.1f} s on two Dask workers): "
          f"report in {seconds:.1f} s (median of 3, --jobs 2)")


if __name__ == "__main__":
    sys.exit(main())
