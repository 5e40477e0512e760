"""Every extractor's time against the length of one text field: it must grow linearly.

One article whose text is 0.2, 0.8 or 3.2 MB of generated news-like English, in two shapes:
`prose` (sentences and paragraphs, as articles have them) and `line` (one line with no sentence
end and no paragraph break, as a broken export or a transcript gives). Each extractor is timed
alone (the mentions it needs are found beforehand), in a child process per size, as the median
of a few runs; the ratio t(3.2 MB) / t(0.2 MB) is 16 for linear time and 256 for quadratic.

Run: .venv/bin/python benchmarks/bench_linear.py [--runs 3] [--sizes 0.2 0.8 3.2] [--timeout 600]
(`--code DIR` measures the package of another checkout, e.g. an older commit's.)
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXTRACTORS = ("mentions", "quotes", "discover", "milestones", "timeline", "times")
SHAPES = ("prose", "line")
PUBLISHED = "2025-03-10"

_SENTENCES = [
    "Russian President Vladimir Putin said on Friday that talks with Ukraine could resume in Istanbul next week.",
    "“We will not negotiate under fire, and we will not give up our land,” Zelenskiy told reporters in Kyiv "
    "on {month} {day}.",
    "National Security Advisor Keith Kellogg and special envoy for Ukraine Steve Witkoff met Andrii Sybiha "
    "in Riyadh on February 18, 2025.",
    "According to Kremlin spokesman Dmitry Peskov, a ceasefire could be agreed by the end of the month.",
    "Deputy Foreign Minister {name} said the delegation would travel to Geneva on {month} {day}.",
    "Mr. {surname} told the {org} that a prisoner exchange was planned for the weekend.",
    "The Armed Forces of Ukraine (AFU) reported that the truce expired two days ago, Sergei Lavrov said.",
    "Officials said a summit in Washington was expected in the spring of 2026, though nothing was signed.",
    "{name}, a senior adviser to the {org}, said the deal was “a first step toward a lasting peace”.",
    "In {year}, the two sides held direct talks in Minsk that collapsed three months later.",
    "The European Union announced new sanctions on Tuesday, and NATO ministers met in Brussels on {month} {day}.",
    "He said that the energy truce, agreed on March 18, would last for 30 days.",
    "Turkish Foreign Minister Hakan Fidan hosted the meeting at Dolmabahce Palace on May 16.",
    "Prices rose 4.5 percent in the first quarter of the year, the {org} said on Monday morning at 9 a.m.",
    "Secretary of State Marco Rubio and Foreign Minister Sergei Lavrov spoke by phone yesterday.",
    "Ambassador {name} warned that the deadline would expire on {month} {day} unless both sides signed.",
]
_ORGS = ["Security Council", "Foreign Ministry", "Defence Committee", "National Bank",
         "State Agency for Reconstruction", "Office of the Ombudsman"]
_MONTHS = "January February March April May June July August September October November December".split()
_SYLLABLES = "ko va len shev chen bon dar mar tin ha dad no vak hor vat li ra mi sto pe tro".split()


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _sentence(rng: random.Random) -> str:
    surname = _word(rng)
    return rng.choice(_SENTENCES).format(
        name=f"{_word(rng)} {surname}", surname=surname, org=rng.choice(_ORGS),
        month=rng.choice(_MONTHS), day=rng.randint(1, 28), year=rng.randint(2014, 2025))


def news_text(megabytes: float, shape: str = "prose", seed: int = 1) -> str:
    """About `megabytes` MB of news-like text; `line` has no sentence end and no line break at all."""
    rng = random.Random(seed)
    target = int(megabytes * 1e6)
    parts, size = [], 0
    while size < target:
        sentence = _sentence(rng)
        if shape == "line":
            sentence = sentence.rstrip(".").replace(". ", " ")
            gap = ", and " if rng.random() < 0.5 else " "
        else:
            gap = "\n\n" if rng.random() < 0.25 else " "
        parts += [sentence, gap]
        size += len(sentence.encode("utf-8")) + len(gap)
    return "".join(parts[:-1])


def article(text: str):
    """A one-article table whose body is `text`."""
    import pandas as pd
    return pd.DataFrame({"article_id": ["x"], "source": ["s"], "title": [""], "standfirst": [""],
                         "author": [""], "text": [text], "published": [pd.Timestamp(PUBLISHED, tz="UTC")]})


def prepare(extractor: str, text: str):
    """The call to time, with everything it needs (mentions, milestones) computed beforehand."""
    from analysis import discover_actors, extract_milestones, find_mentions, find_quotes
    from analysis.gazetteer import as_gazetteer
    from analysis.mentions import Matcher
    from analysis.milestones import load_cues, load_places
    from analysis.times import tag_spans
    from analysis.timeline import timeline

    frame = article(text)
    matcher = Matcher(as_gazetteer(None))  # the automaton is built once, outside the timing
    if extractor == "times":
        return lambda: tag_spans(text, PUBLISHED)
    if extractor == "mentions":
        return lambda: find_mentions(frame, matcher)
    mentions = find_mentions(frame, matcher)
    cues, places = load_cues(), load_places()
    if extractor == "quotes":
        return lambda: find_quotes(frame, mentions)
    if extractor == "discover":
        return lambda: discover_actors(frame, mentions=mentions)
    if extractor == "milestones":
        return lambda: extract_milestones(frame, mentions, cues=cues, places=places)
    milestones = extract_milestones(frame, mentions, cues=cues, places=places)
    return lambda: timeline(milestones, frame)


def measure(extractor: str, shape: str, megabytes: float, runs: int) -> dict:
    """Median seconds of `runs` calls (in this process) and the size of the result."""
    call = prepare(extractor, news_text(megabytes, shape))
    seconds, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        seconds.append(time.perf_counter() - started)
    return {"seconds": statistics.median(seconds), "rows": len(result)}


def measure_in_child(extractor: str, shape: str, megabytes: float, runs: int, timeout: float,
                     code: str) -> dict | None:
    """`measure` in a child process; None when it takes longer than `timeout` seconds."""
    command = [sys.executable, __file__, "--code", code, "--child", extractor, shape, str(megabytes), str(runs)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.2, 0.8, 3.2])
    parser.add_argument("--timeout", type=float, default=600, help="seconds per extractor, size and shape")
    parser.add_argument("--only", nargs="+", choices=EXTRACTORS, default=list(EXTRACTORS))
    parser.add_argument("--code", default=str(ROOT), help="the checkout whose package to measure")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path.insert(0, args.code)
    if args.child:
        extractor, shape, megabytes, runs = args.child
        print(json.dumps(measure(extractor, shape, float(megabytes), int(runs))))
        return 0
    sys.stdout.reconfigure(line_buffering=True)
    sizes = args.sizes
    print(f"| extractor | shape | " + " | ".join(f"{s:g} MB" for s in sizes) + f" | t({sizes[-1]:g})/t({sizes[0]:g}) |")
    print("|---|---|" + "---:|" * (len(sizes) + 1))
    for extractor in args.only:
        for shape in SHAPES:
            times = []
            for megabytes in sizes:
                found = measure_in_child(extractor, shape, megabytes, args.runs, args.timeout, args.code)
                times.append(None if found is None else found["seconds"])
                if found is None:
                    break  # a larger size takes longer still
            times += [None] * (len(sizes) - len(times))
            cells = [f"{t:.2f}" if t is not None else f"> {args.timeout:g}" for t in times]
            ratio = f"{times[-1] / times[0]:.1f}" if None not in times and times[0] else "–"
            print(f"| {extractor} | {shape} | " + " | ".join(cells) + f" | {ratio} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
