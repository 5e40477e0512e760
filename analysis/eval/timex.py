"""Score the temporal tagger as TempEval-3 does: extents (strict and relaxed), type and value.

    python -m analysis.eval.timex ../shared/corpora/timebank/timebank_aquaint.jsonl [--errors 40]

Input: JSON Lines, one document per line with `text`, `dct` (the reference date) and `timex`
(gold annotations with `start`, `end`, `type`, `value`).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..times import tag_spans


@dataclass
class Scores:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0
    chars: int = 0
    seconds: float = 0.0
    errors: list = field(default_factory=list)

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        sp, sr = self.strict / max(self.system, 1), self.strict / max(self.gold, 1)
        rp, rr = self.relaxed / max(self.system, 1), self.relaxed / max(self.gold, 1)
        relaxed_f1 = self._f1(rp, rr)
        value_accuracy = self.value_ok / max(self.relaxed, 1)
        return {
            "documents_gold_timexes": self.gold, "system_timexes": self.system,
            "strict_precision": sp, "strict_recall": sr, "strict_f1": self._f1(sp, sr),
            "relaxed_precision": rp, "relaxed_recall": rr, "relaxed_f1": relaxed_f1,
            "type_accuracy": self.type_ok / max(self.relaxed, 1),
            "value_accuracy": value_accuracy,
            "value_f1": relaxed_f1 * value_accuracy,
            "chars_per_second": self.chars / self.seconds if self.seconds else 0.0,
        }


def score(documents, keep_errors: bool = False) -> Scores:
    """Tag every document and compare with its gold timexes (one-to-one, by overlap)."""
    result = Scores()
    for doc in documents:
        text, gold = doc["text"], doc["timex"]
        started = time.perf_counter()
        system = tag_spans(text, doc["dct"])
        result.seconds += time.perf_counter() - started
        result.chars += len(text)
        result.gold += len(gold)
        result.system += len(system)
        used = set()
        for g in gold:
            match = None
            for i, (s, e, *_) in enumerate(system):
                if i not in used and s < g["end"] and g["start"] < e:
                    match = i
                    break
            if match is None:
                if keep_errors:
                    result.errors.append(("missed", g["text"], g["type"], g["value"], "", "", doc["dct"]))
                continue
            used.add(match)
            s, e, kind, value, _ = system[match]
            result.relaxed += 1
            result.strict += (s, e) == (g["start"], g["end"])
            result.type_ok += kind == g["type"]
            result.value_ok += value == g["value"]
            if keep_errors and (value != g["value"] or (s, e) != (g["start"], g["end"])):
                result.errors.append(("value" if value != g["value"] else "extent", g["text"], g["type"],
                                      g["value"], text[s:e], value, doc["dct"]))
        if keep_errors:
            for i, (s, e, _, value, _) in enumerate(system):
                if i not in used:
                    result.errors.append(("spurious", "", "", "", text[s:e], value, doc["dct"]))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.eval.timex", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--errors", type=int, default=0, help="print this many errors of each kind")
    parser.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    args = parser.parse_args(argv)
    try:
        documents = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, ValueError) as e:
        print(f"error: {args.corpus}: {e}", file=sys.stderr)
        return 2
    result = score(documents, keep_errors=bool(args.errors))
    figures = result.as_dict()
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"{len(documents)} documents, {result.gold} gold and {result.system} system timexes")
        for name in ("strict", "relaxed"):
            print(f"{name:>8} extent: P {figures[name + '_precision']:.4f}  R {figures[name + '_recall']:.4f}  "
                  f"F1 {figures[name + '_f1']:.4f}")
        print(f"type accuracy {figures['type_accuracy']:.4f}   value accuracy {figures['value_accuracy']:.4f}   "
              f"value F1 {figures['value_f1']:.4f}")
        print(f"speed: {figures['chars_per_second'] / 1e6:.2f} M chars/s")
    if args.errors:
        kinds = Counter(e[0] for e in result.errors)
        for kind in ("missed", "spurious", "value", "extent"):
            print(f"\n{kind} ({kinds[kind]}):")
            for error in [e for e in result.errors if e[0] == kind][:args.errors]:
                print("  ", error[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
