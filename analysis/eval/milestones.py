"""Score the milestone extractor against articles annotated by hand (the milestone guidelines).

    python -m analysis.eval.milestones ../shared/corpora/milestones/dev.jsonl \
        ../shared/corpora/news_fulltext [--errors 20] [--json]

Within an article a predicted milestone matches a gold one (one to one) when their date ranges
overlap and the predicted sentence holds at least half of the gold sentence's words. Reported:
precision, recall and F1 of milestones; on matched pairs, exact dates, kind, status and place
accuracy and participants P/R/F1 (micro, on canonical names); the same per gold kind; the errors.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

_WORD = re.compile(r"\w+")
#: share of the gold sentence's words the predicted sentence must hold
MIN_COVER = 0.5
_GOLD_FIELDS = ("sentence", "expression", "start", "end", "kind", "status", "participants", "place")


class GoldError(ValueError):
    """A gold file that cannot be scored against; the message names the file and line."""


def words(text: str) -> set[str]:
    return set(_WORD.findall((text or "").lower()))


def _day(value, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise GoldError(f"{where}: not an ISO date: {value!r:.40}") from None


def read_gold(path: str | Path) -> list[dict]:
    """The gold articles of a JSON Lines file, each `{"file", "published", "milestones": [...]}`,
    with dates as `datetime.date`; a line that is not such an object is a GoldError naming it."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise GoldError(f"{path}: cannot read: {e}") from None
    gold = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            doc = json.loads(line)
        except ValueError as e:
            raise GoldError(f"{where}: not JSON: {e}") from None
        if not isinstance(doc, dict) or not isinstance(doc.get("file"), str) \
                or not isinstance(doc.get("milestones"), list):
            raise GoldError(f"{where}: expected an object with `file` and a `milestones` list")
        milestones = []
        for m in doc["milestones"]:
            missing = [k for k in _GOLD_FIELDS if not isinstance(m, dict) or k not in m]
            if missing:
                raise GoldError(f"{where}: a milestone lacks {', '.join(missing)}")
            milestones.append({**m, "start": _day(m["start"], where), "end": _day(m["end"], where),
                               "participants": list(m["participants"] or [])})
        gold.append({"file": doc["file"], "milestones": milestones})
    return gold


def _as_date(value) -> dt.date | None:
    if value is None or value is pd.NaT or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()


def _predicted_rows(frame: pd.DataFrame) -> list[dict]:
    rows = []
    for row in frame.to_dict("records"):
        start, end = _as_date(row.get("start")), _as_date(row.get("end"))
        if start is None or end is None:
            continue
        rows.append({"sentence": row.get("sentence") or "", "expression": row.get("expression") or "",
                     "start": start, "end": end, "kind": row.get("kind") or "", "status": row.get("status") or "",
                     "participants": list(row.get("actors") if row.get("actors") is not None else []),
                     "place": row.get("place") or None})
    return rows


def _candidates(gold: list[dict], predicted: list[dict]) -> list[list[int]]:
    """For each gold milestone, the predicted ones it may match, best first."""
    pred_words = [words(p["sentence"]) for p in predicted]
    options = []
    for g in gold:
        need = words(g["sentence"])
        scored = []
        for i, p in enumerate(predicted):
            if p["start"] > g["end"] or g["start"] > p["end"]:
                continue
            cover = len(need & pred_words[i]) / max(len(need), 1)
            if cover >= MIN_COVER:
                exact = (p["start"], p["end"]) == (g["start"], g["end"])
                scored.append((-cover, not exact, p["kind"] != g["kind"], i))
        options.append([i for *_, i in sorted(scored)])
    return options


def match(gold: list[dict], predicted: list[dict]) -> dict[int, int]:
    """gold index -> predicted index: a maximum one-to-one matching (augmenting paths), each gold
    milestone trying its best candidates first."""
    options = _candidates(gold, predicted)
    owner: dict[int, int] = {}  # predicted -> gold

    def assign(g: int, seen: set) -> bool:
        for p in options[g]:
            if p in seen:
                continue
            seen.add(p)
            if p not in owner or assign(owner[p], seen):
                owner[p] = g
                return True
        return False

    for g in range(len(gold)):
        assign(g, set())
    return {g: p for p, g in owner.items()}


@dataclass
class _Tally:
    gold: int = 0
    predicted: int = 0
    matched: int = 0

    def prf(self) -> dict:
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


@dataclass
class Scores:
    """Counts over every article scored, and the errors worth reading."""

    milestones: _Tally = field(default_factory=_Tally)
    participants: _Tally = field(default_factory=_Tally)
    right: Counter = field(default_factory=Counter)  # field -> matched pairs where it is right
    per_kind: dict = field(default_factory=lambda: defaultdict(_Tally))
    errors: list = field(default_factory=list)
    articles: int = 0

    def as_dict(self) -> dict:
        matched = max(self.milestones.matched, 1)
        out = {"articles": self.articles, "gold": self.milestones.gold, "predicted": self.milestones.predicted,
               "matched": self.milestones.matched, **self.milestones.prf()}
        for name in ("dates", "kind", "status", "place"):
            out[name] = self.right[name] / matched
        out.update({f"participants_{k}": v for k, v in self.participants.prf().items()})
        out["per_kind"] = {kind: {"gold": t.gold, "predicted": t.predicted, **t.prf()}
                           for kind, t in sorted(self.per_kind.items())}
        return out


def _score_pair(scores: Scores, file: str, g: dict, p: dict) -> None:
    checks = {"dates": (p["start"], p["end"]) == (g["start"], g["end"]), "kind": p["kind"] == g["kind"],
              "status": p["status"] == g["status"], "place": (p["place"] or None) == (g["place"] or None)}
    for name, ok in checks.items():
        scores.right[name] += ok
        if not ok and name != "status":
            scores.errors.append({"error": f"wrong {name.rstrip('s')}", "file": file, "gold": g, "predicted": p})
    gold_names, predicted_names = set(g["participants"]), set(p["participants"])
    scores.participants.gold += len(gold_names)
    scores.participants.predicted += len(predicted_names)
    scores.participants.matched += len(gold_names & predicted_names)


def score_article(scores: Scores, file: str, gold: list[dict], predicted: list[dict]) -> None:
    """Add one article's gold and predicted milestones to the scores."""
    scores.articles += 1
    pairs = match(gold, predicted)
    scores.milestones.gold += len(gold)
    scores.milestones.predicted += len(predicted)
    scores.milestones.matched += len(pairs)
    for g in gold:
        scores.per_kind[g["kind"]].gold += 1
    for p in predicted:
        scores.per_kind[p["kind"]].predicted += 1
    for gi, pi in pairs.items():
        if gold[gi]["kind"] == predicted[pi]["kind"]:
            scores.per_kind[gold[gi]["kind"]].matched += 1
        _score_pair(scores, file, gold[gi], predicted[pi])
    for gi, g in enumerate(gold):
        if gi not in pairs:
            scores.errors.append({"error": "missed", "file": file, "gold": g, "predicted": None})
    used = set(pairs.values())
    for pi, p in enumerate(predicted):
        if pi not in used:
            scores.errors.append({"error": "spurious", "file": file, "gold": None, "predicted": p})


def extract(paths: list[Path]) -> dict[str, pd.DataFrame]:
    """The pipeline's milestones of each file, keyed by file name."""
    from ..load import load_articles
    from ..pipeline import run
    from ..resources import Resources

    articles = load_articles([str(p) for p in paths])
    milestones = run(articles, Resources.load(), want="milestones").milestones
    file_of = dict(zip(articles["article_id"], articles["path"].map(lambda p: Path(p).name)))
    milestones = milestones.assign(file=milestones["article_id"].map(file_of))
    return {name: group for name, group in milestones.groupby("file", sort=False)}


def evaluate(gold: list[dict], article_dir: str | Path) -> Scores:
    """Run the pipeline on the gold's files (from `article_dir`) and score every article."""
    folder = Path(article_dir)
    paths = [folder / doc["file"] for doc in gold]
    absent = [p for p in paths if not p.is_file()]
    if absent:
        raise GoldError(f"{absent[0]}: the gold names this file but it is not in {folder} "
                        f"({len(absent)} of {len(paths)} files absent)")
    predicted = extract(paths)
    scores = Scores()
    for doc in gold:
        rows = _predicted_rows(predicted.get(doc["file"], pd.DataFrame()))
        score_article(scores, doc["file"], doc["milestones"], rows)
    return scores


def _describe(m: dict | None) -> str:
    if m is None:
        return "-"
    dates = m["start"].isoformat() + ("" if m["start"] == m["end"] else f"..{m['end'].isoformat()}")
    who = ", ".join(m["participants"])
    return (f"{m['kind']} {m['status']} {dates} “{m['expression']}” place={m['place'] or '-'} [{who}]\n"
            f"        {m['sentence'][:300]}")


def print_report(scores: Scores, errors: int) -> None:
    f = scores.as_dict()
    print(f"{f['articles']} articles: {f['gold']} gold, {f['predicted']} predicted, {f['matched']} matched")
    print(f"milestones  P {f['precision']:.3f}  R {f['recall']:.3f}  F1 {f['f1']:.3f}")
    print(f"on matched: dates {f['dates']:.3f}  kind {f['kind']:.3f}  status {f['status']:.3f}  "
          f"place {f['place']:.3f}  participants P {f['participants_precision']:.3f}  "
          f"R {f['participants_recall']:.3f}  F1 {f['participants_f1']:.3f}")
    print("\nper kind (matched with the right kind):")
    for kind, t in f["per_kind"].items():
        print(f"  {kind:<18} gold {t['gold']:>3}  predicted {t['predicted']:>3}  "
              f"P {t['precision']:.2f}  R {t['recall']:.2f}  F1 {t['f1']:.2f}")
    if errors:
        by_kind = defaultdict(list)
        for e in scores.errors:
            by_kind[e["error"]].append(e)
        for kind in ("missed", "spurious", "wrong kind", "wrong date", "wrong place"):
            print(f"\n{kind} ({len(by_kind[kind])}):")
            for e in by_kind[kind][:errors]:
                print(f"  {e['file']}\n    gold:      {_describe(e['gold'])}\n    predicted: {_describe(e['predicted'])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.eval.milestones", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", type=Path, help="JSON Lines of annotated articles")
    parser.add_argument("articles", type=Path, help="folder holding the gold's files")
    parser.add_argument("--errors", type=int, default=0, help="print this many errors of each kind")
    parser.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    args = parser.parse_args(argv)
    try:
        scores = evaluate(read_gold(args.gold), args.articles)
    except GoldError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(scores.as_dict()))
    else:
        print_report(scores, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
