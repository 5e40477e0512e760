"""The temporal tagger side by side with dateparser.search_dates, on the same real news text.

Text: the TimeBank/AQUAINT documents (TempEval-3 training data, beside the project), each tagged
against its own publication date, on one core in one run. Prints characters per second, the ratio,
and both tools' extent scores against the gold annotations (dateparser finds dates only, so its
recall is bounded; the point is speed on equal text, and what each finds).

Run: .venv/bin/python benchmarks/bench_times.py
"""
from __future__ import annotations

import json
import os
import sys
import time
import warnings

import corpora
from analysis.eval.timex import score

TIMEBANK = corpora.SHARED / "timebank" / "timebank_aquaint.jsonl"


def dateparser_spans(text: str, reference: str):
    import datetime as dt

    from dateparser.search import search_dates
    base = dt.datetime.fromisoformat(reference)
    found = search_dates(text, settings={"RELATIVE_BASE": base}, languages=["en"]) or []
    spans, position = [], 0
    for phrase, moment in found:
        start = text.find(phrase, position)
        if start < 0:
            continue
        position = start + len(phrase)
        spans.append((start, position, moment))
    return spans


def main() -> int:
    if not corpora.require(TIMEBANK):
        return 0
    sys.stdout.reconfigure(line_buffering=True)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    documents = [json.loads(line) for line in TIMEBANK.read_text(encoding="utf-8").splitlines()]
    chars = sum(len(d["text"]) for d in documents)
    megabytes = sum(len(d["text"].encode("utf-8")) for d in documents) / 1e6
    ours = score(documents).as_dict()
    runs = []
    for _ in range(3):
        result = score(documents)
        runs.append(result.seconds)
    ours_seconds = sorted(runs)[1]
    warnings.simplefilter("ignore")
    started = time.perf_counter()
    peer_spans = [dateparser_spans(d["text"], d["dct"]) for d in documents]
    peer_seconds = time.perf_counter() - started
    gold = sum(len(d["timex"]) for d in documents)
    found = sum(len(s) for s in peer_spans)
    overlapping = sum(1 for d, spans in zip(documents, peer_spans) for g in d["timex"]
                      if any(s < g["end"] and g["start"] < e for s, e, _ in spans))
    relaxed_p, relaxed_r = overlapping / max(found, 1), overlapping / gold
    peer_f1 = 2 * relaxed_p * relaxed_r / (relaxed_p + relaxed_r) if relaxed_p + relaxed_r else 0
    print(f"text: {len(documents)} TimeBank/AQUAINT documents, {chars:,} characters ({megabytes:.2f} MB), one core")
    print(f"{'tagger':<32}{'seconds':>9}{'MB/s':>8}{'relaxed F1':>12}")
    print(f"{'analysis.tag_times':<32}{ours_seconds:>9.2f}{megabytes / ours_seconds:>8.2f}{ours['relaxed_f1']:>12.3f}")
    print(f"{'dateparser.search_dates':<32}{peer_seconds:>9.2f}{megabytes / peer_seconds:>8.2f}{peer_f1:>12.3f}")
    print(f"tag_times is {peer_seconds / ours_seconds:.1f}x faster than dateparser.search_dates")
    print(f"tag_times: strict F1 {ours['strict_f1']:.3f}, relaxed F1 {ours['relaxed_f1']:.3f}, "
          f"type accuracy {ours['type_accuracy']:.3f}, value accuracy {ours['value_accuracy']:.3f}, "
          f"value F1 {ours['value_f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
