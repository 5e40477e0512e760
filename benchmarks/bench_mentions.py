"""find_mentions side by side with spaCy's EntityRuler, flashtext and one compiled `re` alternation.

All four get the same gazetteer (every name, alias, acronym and role title; the peers map a title
to its role, as they cannot tell who held it on the day) and the same text: at least 50 MB of real
NYT leads, shuffled into articles of 40 paragraphs. Everything runs on one core, in one run. The
report gives MB/s, the ratio of our speed to each peer's, the peak memory of find_mentions against
the size of the text, and where the peers' counts disagree with ours and why.

Run: make bench   (or .venv/bin/python benchmarks/bench_mentions.py [--megabytes 50])
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from bisect import bisect_right
from collections import Counter

import corpora
from analysis.gazetteer import as_gazetteer, title_variants
from analysis.mentions import Matcher, find_mentions

EXAMPLES = 2


def one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def surface_forms(gazetteer) -> dict[str, str]:
    """Every string the gazetteer matches -> the label a peer reports (actor name, or role:<id>)."""
    forms = {}
    for actor in gazetteer.actors:
        for form in (actor.name, *actor.aliases, *actor.acronyms):
            forms[form] = actor.name
    for role in gazetteer.roles.values():
        for title in role.titles:
            for variant in title_variants(title):
                forms.setdefault(variant, f"role:{role.id}")
    return forms


class Regex:
    name = "re alternation"

    def __init__(self, forms):
        alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        self.pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
        self.forms = forms

    def run(self, texts):
        return [[(m.start(), m.end(), self.forms[m.group()]) for m in self.pattern.finditer(t)] for t in texts]


class FlashText:
    name = "flashtext"

    def __init__(self, forms):
        from flashtext import KeywordProcessor
        self.processor = KeywordProcessor(case_sensitive=True)
        for form, label in forms.items():
            self.processor.add_keyword(form, label)

    def run(self, texts):
        return [[(s, e, label) for label, s, e in self.processor.extract_keywords(t, span_info=True)]
                for t in texts]


class SpacyRuler:
    name = "spaCy EntityRuler"

    def __init__(self, forms):
        import spacy
        self.nlp = spacy.blank("en")
        self.nlp.max_length = 10_000_000
        ruler = self.nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
        ruler.add_patterns([{"label": "ACTOR", "pattern": form, "id": label} for form, label in forms.items()])

    def run(self, texts):
        return [[(e.start_char, e.end_char, e.ent_id_) for e in doc.ents]
                for doc in self.nlp.pipe(texts, batch_size=64)]


def ours_as_spans(mentions, article_ids):
    by_article: dict[str, list] = {a: [] for a in article_ids}
    for a, s, e, actor in mentions[["article_id", "start", "end", "actor"]].itertuples(index=False):
        by_article[a].append((s, e, str(actor)))
    return [by_article[a] for a in article_ids]


def _container(spans: list[tuple[int, int]], starts: list[int], s: int, e: int):
    """The span of a sorted, non-overlapping list that contains [s, e), if any."""
    i = bisect_right(starts, s) - 1
    return spans[i] if i >= 0 and spans[i][1] >= e else None


def classify(text: str, ours: list, theirs: list) -> list[tuple[str, tuple]]:
    """(reason, span) for every difference between our spans and a peer's in one text."""
    ours_at = {(s, e): label for s, e, label in ours}
    theirs_at = {(s, e): label for s, e, label in theirs}
    our_spans, their_spans = sorted(ours_at), sorted(theirs_at)
    our_starts, their_starts = [s for s, _ in our_spans], [s for s, _ in their_spans]
    differences = []
    for (s, e), label in theirs_at.items():
        mine = ours_at.get((s, e))
        if mine == label:
            continue
        if mine is not None:
            differences.append(("title the peer leaves as a bare role; ours names who held it that day", (s, e, label)))
        elif _container(our_spans, our_starts, s, e):
            differences.append(("title and name counted twice by the peer; once by ours", (s, e, label)))
        elif text[max(0, s - 2):s] == " (" and text[e:e + 1] == ")":
            differences.append(("acronym after its long form counted twice by the peer", (s, e, label)))
        elif label.startswith("role:") and re.search(r"(, (the )?| — )$", text[max(0, s - 6):s]):
            differences.append(("title in apposition after the name counted twice by the peer", (s, e, label)))
        elif label.startswith("role:"):
            differences.append(("title nobody held on the article's date: the peer counts it anyway", (s, e, label)))
        else:
            differences.append(("peer matched across a word boundary ours respects", (s, e, label)))
    for (s, e), label in ours_at.items():
        if (s, e) in theirs_at or _container(their_spans, their_starts, s, e):
            continue
        i = bisect_right(their_starts, s)
        if i < len(their_spans) and their_spans[i][1] <= e:
            continue  # our merged title + name, already counted above from the peer's side
        around = text[max(0, s - 1):e + 1]
        if not around.isascii():
            reason = "missed by the peer: non-ASCII letter or punctuation next to the name"
        elif text[e:e + 1] in ".-’'" or text[max(0, s - 1):s] in "-":
            reason = "missed by the peer: hyphen, possessive or dotted acronym at the edge"
        else:
            reason = "missed by the peer: longest-match or shorter key inside a failed longer one"
        differences.append((reason, (s, e, label)))
    return differences


def disagreements(peer_name, texts, ours_spans, peer_spans):
    counts_ours = Counter(label for spans in ours_spans for *_, label in spans)
    counts_peer = Counter(label for spans in peer_spans for *_, label in spans)
    reasons, examples = Counter(), {}
    for text, ours, theirs in zip(texts, ours_spans, peer_spans):
        for reason, (s, e, _) in classify(text, ours, theirs):
            reasons[reason] += 1
            examples.setdefault(reason, text[max(0, s - 45):e + 45])
    print(f"\n{peer_name}: {sum(counts_peer.values())} matches vs our {sum(counts_ours.values())} mentions")
    diff = sorted(((counts_ours[k] - counts_peer[k], k) for k in set(counts_ours) | set(counts_peer)
                   if not k.startswith("role:") and counts_ours[k] != counts_peer[k]),
                  key=lambda x: -abs(x[0]))
    if diff:
        print("  actors whose counts differ most (ours - peer): "
              + ", ".join(f"{k} {d:+d}" for d, k in diff[:6]))
    for reason, n in reasons.most_common():
        example = " ".join(examples[reason].split())
        print(f"  {n:>7}  {reason}\n           e.g. …{example}…")


def timed(fn, repeats):
    best = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        best.append(time.perf_counter() - start)
    best.sort()
    return best[len(best) // 2], result


def _status(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    raise RuntimeError(field)


def memory_probe(megabytes: float) -> None:
    """Child process: how far resident memory rises above its level before find_mentions."""
    frame = corpora.news_corpus(megabytes)
    matcher = Matcher(as_gazetteer(None))  # compiled first
    find_mentions(frame.head(50), matcher)
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")  # reset the peak (VmHWM) to the current resident size
    before = _status("VmRSS:")
    mentions = find_mentions(frame, matcher)
    peak = _status("VmHWM:")
    print(f"{peak - before:.1f} {corpora.utf8_megabytes(frame['text']):.1f} {len(mentions)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=float, default=50)
    parser.add_argument("--repeats", type=int, default=3, help="runs of find_mentions (median); peers run once")
    parser.add_argument("--sample", type=float, default=3, help="MB of text for the disagreement analysis")
    parser.add_argument("--peers", default="re,flashtext,spacy")
    parser.add_argument("--memory-probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    if not corpora.require(corpora.NYT):
        return 0
    one_core()
    if args.memory_probe:
        memory_probe(args.megabytes)
        return 0
    frame = corpora.news_corpus(args.megabytes)
    texts = frame["text"].tolist()
    size = corpora.utf8_megabytes(texts)
    gazetteer = as_gazetteer(None)
    forms = surface_forms(gazetteer)
    print(f"corpus: {size:.1f} MB of NYT leads in {len(frame)} articles; gazetteer: {len(gazetteer.actors)} "
          f"actors, {len(forms)} surface forms; one core")
    matcher = Matcher(gazetteer)  # compiled once, outside the timing
    find_mentions(frame.head(20), matcher)
    ours_time, mentions = timed(lambda: find_mentions(frame, matcher), args.repeats)
    results = [("find_mentions (table, indices, titles)", ours_time, len(mentions))]
    peers = {"re": Regex, "flashtext": FlashText, "spacy": SpacyRuler}
    peer_objects = []
    for key in args.peers.split(","):
        peer = peers[key.strip()](forms)
        seconds, spans = timed(lambda peer=peer: peer.run(texts), 1)
        results.append((peer.name, seconds, sum(map(len, spans))))
        peer_objects.append(peer)
        del spans
    print(f"\n{'':<40}{'seconds':>9}{'MB/s':>8}{'matches':>10}{'ours is':>10}")
    for name, seconds, n in results:
        ratio = "" if name.startswith("find_") else f"{seconds / ours_time:.1f}x"
        print(f"{name:<40}{seconds:>9.2f}{size / seconds:>8.1f}{n:>10}{ratio:>10}")
    probe = subprocess.run([sys.executable, __file__, "--memory-probe", "--megabytes", str(args.megabytes)],
                           capture_output=True, text=True, check=True)
    grown, text_mb, n = probe.stdout.split()
    print(f"\npeak memory of find_mentions: +{float(grown):.0f} MB for {float(text_mb):.0f} MB of text "
          f"({float(grown) / float(text_mb):.2f}x the text size)")
    sample = frame[frame["text"].str.len().cumsum() <= args.sample * 1e6]
    sample_texts = sample["text"].tolist()
    ours_spans = ours_as_spans(find_mentions(sample, matcher), sample["article_id"].tolist())
    print(f"\nwhere counts disagree, on the first {corpora.utf8_megabytes(sample_texts):.1f} MB:")
    for peer in peer_objects:
        disagreements(peer.name, sample_texts, ours_spans, peer.run(sample_texts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
