"""Score the timeline (events merged across articles) against a hand-made list of a corpus's events.

    python -m analysis.eval.timeline ../shared/corpora/milestones/reference_dev.json \
        ../shared/corpora/news_fulltext [--top 25] [--errors 10] [--json]

A timeline event matches a reference event when its dates come within a day of the reference's
(the ranges overlap, or touch with a day between), its kind is of the same family, and it names one of the reference's
participants (for precision, a shared place does too). Reported: recall of reference events,
fragmentation (timeline events per matched reference event; 1.0 is best) and the precision of the
`--top` events by salience.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

_SLACK = dt.timedelta(days=1)
_REFERENCE_FIELDS = ("event", "kind", "start", "end", "participants")


class ReferenceFileError(ValueError):
    """A reference file that cannot be scored against; the message names the file and entry."""


def read_reference(path: str | Path) -> list[dict]:
    """The reference events of a JSON file (a list of objects), dates as `datetime.date`."""
    path = Path(path)
    try:
        events = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise ReferenceFileError(f"{path}: cannot read: {e}") from None
    if not isinstance(events, list):
        raise ReferenceFileError(f"{path}: expected a JSON list of events")
    out = []
    for number, event in enumerate(events, 1):
        missing = [k for k in _REFERENCE_FIELDS if not isinstance(event, dict) or k not in event]
        if missing:
            raise ReferenceFileError(f"{path}: event {number} lacks {', '.join(missing)}")
        try:
            start, end = dt.date.fromisoformat(event["start"]), dt.date.fromisoformat(event["end"])
        except (TypeError, ValueError):
            raise ReferenceFileError(f"{path}: event {number}: start/end are not ISO dates") from None
        out.append({**event, "start": start, "end": end, "participants": set(event["participants"] or []),
                    "place": event.get("place") or None})
    return out


def _family_of():
    """kind -> family, from the bundled event cues' `family:` keys (as the timeline merges them)."""
    from ..milestones import load_cues
    return load_cues().family


def _dates_within(event: dict, ref: dict) -> bool:
    """The two date ranges are at most a day apart (a report precise to the year of a day-precise
    event is within it: the text gives no more)."""
    return ref["start"] - _SLACK <= event["end"] and event["start"] <= ref["end"] + _SLACK


def matches(event: dict, ref: dict, family, place_counts: bool) -> bool:
    """Whether a timeline event is a report of a reference event (see the module's docstring)."""
    if not _dates_within(event, ref) or family(event["kind"]) != family(ref["kind"]):
        return False
    if event["participants"] & ref["participants"]:
        return True
    return place_counts and event["place"] is not None and event["place"] == ref["place"]


def _day(value) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _events(table: pd.DataFrame) -> list[dict]:
    """The timeline's rows, most salient first (as the timeline ranks them), as the scorer reads them."""
    if "salience" in table and "start" in table:
        from ..timeline import by_salience
        table = by_salience(table)
    rows = []
    for row in table.to_dict("records"):
        start, end = _day(row.get("start")), _day(row.get("end"))
        if start is None or end is None:
            continue
        people = row.get("participants") if row.get("participants") is not None else row.get("actors")
        rows.append({"start": start, "end": end, "kind": row.get("kind") or "", "place": row.get("place") or None,
                     "participants": set(people if people is not None else []),
                     "title": row.get("title") or row.get("sentence") or "",
                     "n_articles": int(row.get("n_articles") or 0)})
    return rows


@dataclass
class Scores:
    reference: int = 0
    found: int = 0
    fragments: int = 0  # timeline events matching a found reference event, summed
    top: int = 0
    top_right: int = 0
    events: int = 0
    missed: list = field(default_factory=list)
    split: list = field(default_factory=list)  # (reference event, the timeline events it became)
    wrong_top: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"reference_events": self.reference, "timeline_events": self.events,
                "recall": self.found / self.reference if self.reference else 0.0,
                "fragmentation": self.fragments / self.found if self.found else 0.0,
                "top": self.top, "top_precision": self.top_right / self.top if self.top else 0.0}


def score(reference: list[dict], events: list[dict], top: int = 25, family=None) -> Scores:
    """Recall, fragmentation and top-`top` precision of `events` (most salient first)."""
    family = family or _family_of()
    scores = Scores(reference=len(reference), events=len(events))
    for ref in reference:
        hits = [e for e in events if matches(e, ref, family, place_counts=False)]
        if hits:
            scores.found += 1
            scores.fragments += len(hits)
            if len(hits) > 1:
                scores.split.append((ref, hits))
        else:
            scores.missed.append(ref)
    head = events[:top]
    scores.top = len(head)
    for event in head:
        if any(matches(event, ref, family, place_counts=True) for ref in reference):
            scores.top_right += 1
        else:
            scores.wrong_top.append(event)
    return scores


def build_timeline(article_dir: str | Path) -> pd.DataFrame:
    """The pipeline's timeline of every article in the folder."""
    from ..load import load_articles
    from ..pipeline import run
    from ..resources import Resources

    return run(load_articles(str(article_dir)), Resources.load(), want="timeline").timeline


def _print(scores: Scores, errors: int) -> None:
    f = scores.as_dict()
    print(f"{f['reference_events']} reference events, {f['timeline_events']} timeline events")
    print(f"recall {f['recall']:.3f}   fragmentation {f['fragmentation']:.2f}   "
          f"top-{f['top']} precision {f['top_precision']:.3f}")
    if errors:
        print(f"\nreference events not found ({len(scores.missed)}):")
        for ref in scores.missed[:errors]:
            print(f"  {ref['start']}..{ref['end']} {ref['kind']}: {ref['event']}")
        print(f"\nreference events split into several timeline events ({len(scores.split)}):")
        for ref, hits in scores.split[:errors]:
            print(f"  {ref['start']}..{ref['end']} {ref['kind']}: {ref['event']}")
            for event in hits:
                print(f"      {event['start']}..{event['end']} {event['kind']} ({event['n_articles']} articles): "
                      f"{event['title'][:120]}")
        print(f"\ntop events that match no reference event ({len(scores.wrong_top)}):")
        for event in scores.wrong_top[:errors]:
            print(f"  {event['start']}..{event['end']} {event['kind']} ({event['n_articles']} articles): "
                  f"{event['title'][:160]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.eval.timeline", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("reference", type=Path, help="JSON list of the corpus's reference events")
    parser.add_argument("articles", type=Path, help="folder of the corpus's articles")
    parser.add_argument("--top", type=int, default=25, help="how many of the most salient events to judge")
    parser.add_argument("--errors", type=int, default=0, help="print this many misses and wrong top events")
    parser.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    args = parser.parse_args(argv)
    try:
        reference = read_reference(args.reference)
    except ReferenceFileError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if not args.articles.is_dir():
        print(f"error: {args.articles}: not a folder of articles", file=sys.stderr)
        return 2
    scores = score(reference, _events(build_timeline(args.articles)), top=args.top)
    if args.json:
        print(json.dumps(scores.as_dict()))
    else:
        _print(scores, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
