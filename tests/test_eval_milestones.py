"""The milestone and timeline scorers (`analysis.eval`): hand-counted figures on hand-made records,
the command on a folder of the project's own articles, and the real dev set where it is present."""
import datetime as dt
import json
import subprocess
import sys

import pandas as pd
import pytest

from analysis.eval import milestones as ev
from analysis.eval import timeline as tl

from conftest import PROJECT_ROOT

D = dt.date
CORPORA = PROJECT_ROOT.parent / "shared" / "corpora"


def _m(sentence, start, end=None, kind="talks", status="past", participants=(), place=None, expression="x"):
    return {"sentence": sentence, "expression": expression, "start": start, "end": end or start, "kind": kind,
            "status": status, "participants": list(participants), "place": place}


def test_a_match_needs_overlapping_dates_and_half_the_gold_words():
    gold = [_m("Russia and Ukraine held talks in Istanbul on Monday", D(2025, 3, 17))]
    same_words_other_day = [_m("Russia and Ukraine held talks in Istanbul on Monday", D(2025, 3, 18))]
    assert ev.match(gold, same_words_other_day) == {}
    too_few_words = [_m("talks in Istanbul", D(2025, 3, 17))]  # 3 of the gold's 9 words
    assert ev.match(gold, too_few_words) == {}
    half = [_m("Russia and Ukraine held talks.", D(2025, 3, 10), D(2025, 3, 23))]  # 5 of 9, a week's range
    assert ev.match(gold, half) == {0: 0}


def test_matching_is_one_to_one_and_finds_the_most_pairs():
    gold = [_m("a b c d", D(2025, 1, 1)), _m("a b c d e f", D(2025, 1, 1))]
    # both predictions cover both gold sentences; the first gold one gives way so that both match
    predicted = [_m("a b c d e f", D(2025, 1, 1)), _m("a b c d", D(2025, 1, 1))]
    assert ev.match(gold, predicted) == {0: 1, 1: 0}
    assert ev.match(gold, predicted[:1]) in ({0: 0}, {1: 0})


def test_scores_are_counted_on_matched_pairs():
    scores = ev.Scores()
    gold = [_m("talks in Istanbul on Monday between Russia and Ukraine", D(2025, 3, 17), kind="talks",
               status="upcoming", participants=["Russia", "Ukraine"], place="Istanbul"),
            _m("Putin and Biden spoke by phone on Friday", D(2025, 3, 7), kind="call",
               participants=["Vladimir Putin", "Joe Biden"]),
            _m("the invasion began on 24 February 2022", D(2022, 2, 24), kind="war")]
    predicted = [_m("talks in Istanbul on Monday between Russia and Ukraine", D(2025, 3, 17), kind="talks",
                    status="upcoming", participants=["Russia", "Ukraine", "Turkey"], place="Istanbul"),
                 _m("Putin and Biden spoke by phone on Friday", D(2025, 3, 3), D(2025, 3, 9), kind="ceasefire",
                    participants=["Vladimir Putin"], place="Moscow"),
                 _m("Peskov said on Friday", D(2025, 3, 7), kind="statement")]
    ev.score_article(scores, "a.txt", gold, predicted)
    f = scores.as_dict()
    assert (f["gold"], f["predicted"], f["matched"]) == (3, 3, 2)
    assert f["precision"] == f["recall"] == pytest.approx(2 / 3)
    assert (f["dates"], f["kind"], f["status"], f["place"]) == (0.5, 0.5, 1.0, 0.5)
    assert f["participants_precision"] == pytest.approx(3 / 4)  # Russia, Ukraine, Putin of 4 named
    assert f["participants_recall"] == pytest.approx(3 / 4)
    assert f["per_kind"]["talks"]["f1"] == 1.0 and f["per_kind"]["call"]["recall"] == 0.0
    assert f["per_kind"]["war"] == {"gold": 1, "predicted": 0, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    errors = sorted(e["error"] for e in scores.errors)
    assert errors == ["missed", "spurious", "wrong date", "wrong kind", "wrong place"]


@pytest.mark.parametrize("line, message", [
    ("not json", r"g\.jsonl:2: not JSON"),
    ('{"file": "a.txt"}', r"g\.jsonl:2: expected an object with `file` and a `milestones` list"),
    ('{"file": "a.txt", "milestones": [{"sentence": "s"}]}', r"g\.jsonl:2: a milestone lacks expression"),
    ('{"file": "a.txt", "milestones": [' + json.dumps({**_m("s", "2025-13-01"), "start": "2025-13-01"}) + "]}",
     r"g\.jsonl:2: not an ISO date"),
])
def test_a_bad_gold_line_is_named(tmp_path, line, message):
    path = tmp_path / "g.jsonl"
    path.write_text('{"file": "b.txt", "milestones": []}\n' + line + "\n")
    with pytest.raises(ev.GoldError, match=message):
        ev.read_gold(path)


ARTICLE = ("Talks planned in Istanbul\n\nRussian and Ukrainian delegations will hold talks in Istanbul on "
           "Monday, the Turkish foreign ministry said.\n\nVladimir Putin and Joe Biden spoke by phone on "
           "Friday about a ceasefire.\n")
NAME = "20250312T090000Z_GB_en_aaaa000001.txt"


def _gold_from_predictions(folder):
    predicted = ev.extract([folder / NAME])[NAME]
    rows = ev._predicted_rows(predicted)
    assert len(rows) == 2
    return [{**r, "start": r["start"].isoformat(), "end": r["end"].isoformat()} for r in rows]


def test_the_command_scores_a_folder(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / NAME).write_text(ARTICLE)
    gold = _gold_from_predictions(folder)
    extra = {**gold[0], "sentence": "A prisoner exchange took place in Abu Dhabi in May.", "kind": "prisoner exchange",
             "start": "2025-05-01", "end": "2025-05-31"}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"file": NAME, "milestones": gold + [extra]}) + "\n")
    run = subprocess.run([sys.executable, "-m", "analysis.eval.milestones", str(path), str(folder), "--json"],
                         capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert run.returncode == 0, run.stderr
    f = json.loads(run.stdout)
    assert (f["gold"], f["predicted"], f["matched"]) == (3, 2, 2)
    assert f["precision"] == 1.0 and f["recall"] == pytest.approx(2 / 3)
    assert f["dates"] == f["kind"] == f["status"] == f["place"] == 1.0
    text = subprocess.run([sys.executable, "-m", "analysis.eval.milestones", str(path), str(folder), "--errors", "5"],
                          capture_output=True, text=True, cwd=PROJECT_ROOT).stdout
    assert "missed (1):" in text and "prisoner exchange" in text and "spurious (0):" in text
    missing = subprocess.run([sys.executable, "-m", "analysis.eval.milestones", str(path), str(tmp_path)],
                             capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert missing.returncode == 2 and NAME in missing.stderr and "not in" in missing.stderr


def _event(start, end=None, kind="talks", participants=(), place=None, n=1):
    return {"start": start, "end": end or start, "kind": kind, "participants": set(participants), "place": place,
            "title": "", "n_articles": n}


def test_timeline_recall_fragmentation_and_top_precision():
    family = {"talks": "gathering", "meeting": "gathering"}.get
    fam = lambda k: family(k, k)  # noqa: E731
    reference = [{"event": "Istanbul talks", "kind": "talks", "start": D(2022, 3, 29), "end": D(2022, 3, 29),
                  "participants": {"Russia", "Ukraine"}, "place": "Istanbul"},
                 {"event": "NATO summit", "kind": "summit", "start": D(2023, 7, 11), "end": D(2023, 7, 12),
                  "participants": {"NATO"}, "place": "Vilnius"}]
    events = [_event(D(2022, 3, 30), kind="meeting", participants={"Ukraine"}, n=9),     # a day late: found
              _event(D(2022, 3, 29), participants={"Russia"}, n=5),                      # a fragment of it
              _event(D(2022, 3, 1), D(2022, 3, 27), participants={"Russia"}, n=4),       # two days before: not it
              _event(D(2023, 7, 12), kind="summit", place="Vilnius", n=3),               # place only: top, not recall
              _event(D(2023, 7, 11), kind="call", participants={"NATO"}, n=2)]           # other family
    s = tl.score(reference, events, top=4, family=fam)
    assert s.as_dict() == {"reference_events": 2, "timeline_events": 5, "recall": 0.5, "fragmentation": 2.0,
                           "top": 4, "top_precision": 0.75}
    assert [r["event"] for r in s.missed] == ["NATO summit"]


def test_a_bad_reference_file_is_named(tmp_path):
    path = tmp_path / "r.json"
    path.write_text(json.dumps([{"event": "x", "kind": "talks", "start": "2022-02-30", "end": "2022-03-01",
                                 "participants": []}]))
    with pytest.raises(tl.ReferenceFileError, match=r"r\.json: event 1: start/end are not ISO dates"):
        tl.read_reference(path)
    path.write_text("{}")
    with pytest.raises(tl.ReferenceFileError, match="expected a JSON list"):
        tl.read_reference(path)


@pytest.mark.slow
@pytest.mark.skipif(not (CORPORA / "milestones" / "dev.jsonl").exists(), reason="the real dev set is not beside the project")
def test_the_real_dev_set_scores_at_least_what_was_measured():
    scores = ev.evaluate(ev.read_gold(CORPORA / "milestones" / "dev.jsonl"), CORPORA / "news_fulltext").as_dict()
    assert scores["articles"] == 40 and scores["gold"] == 102
    # measured 2026-12-02: P 0.449 R 0.559 F1 0.498 before the first guideline rules, then
    # P 0.509 R 0.578 F1 0.541, then P 0.525 R 0.627 F1 0.571, kind 0.844, place 0.828, status 0.938,
    # then (anchor phrases, kinds limited to their statuses) P 0.585 R 0.608 F1 0.596, kind 0.855,
    # place 0.806, status 0.935, dates 0.968; 2026-12-03 (the war's parties, since-clauses, anchored
    # events past, "the government in"): P 0.598 R 0.657 F1 0.626, kind 0.866, place 0.836,
    # status 0.940, dates 0.970, participants F1 0.664; then (sanctions a decision, another war's
    # acts, one date per cue, relative clauses, a capital no party, a visit beside its gathering)
    # P 0.693 R 0.686 F1 0.690, kind 0.900, place 0.843, status 0.929 (70 pairs: 65 right, 63 of 67
    # before), dates 0.957, participants F1 0.671; then (the field's figures in the gazetteer, a
    # state an event is about and one who only tells of it no party, status from the event's own
    # clauses, states named by their officials, bans and calls for a freeze) P 0.706 R 0.706
    # F1 0.706, kind 0.903, place 0.847, status 0.958, dates 0.958, participants F1 0.719
    # then (a call brought in as new, days an event lasts, dates in what is told, "this week" in a
    # weekend paper, "before November" ahead, forums' summits, wars waged since, cited articles,
    # visits at home, spellings of Zelenskiy): P 0.740 R 0.755 F1 0.748, kind 0.935, place 0.857,
    # status 0.961, dates 0.974, participants F1 0.739; then (sentences glued after a year or a
    # quote, who a later sentence says attended, a person referred to, a place naming another event,
    # a sentence-opening date for each kind, cues in the date's clause, semicolons, dates worked out
    # from another event, a verb's object its event, acronyms in brackets, topics): P 0.748
    # R 0.784 F1 0.766, kind 0.938, place 0.875, status 0.963, dates 0.975, participants F1 0.804;
    # then (events counted as many, an act's participle as an adjective, a turning point's noun dated
    # only by a date on it, anniversaries, reference years, a date in a clause of its own or of a
    # comment, "this statement", a speaker's own gathering of no one): P 0.833 R 0.784 F1 0.808,
    # kind 0.938, place 0.875, status 0.963, dates 0.975, participants F1 0.804;
    # 2026-12-03 (a call placeless, a capital in an event's name its place, a visit's parties its
    # visitor and host, a day an event marks, datelines, events dated from an act's day and "days
    # later", a UN vote in New York, a Kremlin ceremony, a region no city, quoted places, who stays
    # away, whose envoy, sources, a speaker told on a call): P 0.844 R 0.794 F1 0.818, kind 0.938,
    # place 0.901, status 0.963, dates 0.975, participants F1 0.814; then (an aid bill into law and
    # an assistance package military aid, a cue opening with a preposition no verb's object, a
    # subject pronoun the one person named before): P 0.844 R 0.794 F1 0.818, kind 0.951,
    # place 0.901, status 0.963, dates 0.975, participants F1 0.814; with machine-translated titles
    # ("head of American diplomacy") and "Brics" in the gazetteer: participants P 0.867 R 0.769 F1 0.815
    assert scores["f1"] >= 0.81 and scores["dates"] >= 0.97 and scores["kind"] >= 0.95
    assert scores["place"] >= 0.90 and scores["status"] >= 0.96 and scores["participants_f1"] >= 0.81
    reference = tl.read_reference(CORPORA / "milestones" / "reference_dev.json")
    figures = tl.score(reference, tl._events(tl.build_timeline(CORPORA / "news_fulltext"))).as_dict()
    assert figures["reference_events"] == 25
    # measured the same day: recall 0.32, top-25 0.12 before; then 0.48, fragmentation 1.08, 0.24;
    # 2026-12-03, with same-day twins merged: 0.48, 1.08, 0.28; with the war's acts: 0.56, 1.07, 0.28;
    # with the rules above: 0.60, 1.20 (coarse reports that had joined a wrong report stand apart), 0.40;
    # then (a date one article gives against five coarser reports, no tolerance beyond a range): 0.64, 1.19, 0.40;
    # then (a coarse report stands apart from an event of other participants, and the rules above): 0.80, 1.15, 0.44
    # then (the rules above, and reports merged only when they name someone in common beyond the war's
    # sides, a report naming no one only into the day's one event, a leaders' talks on the day of their
    # call that call, coarse reports only into an event of their kind or place; ties ranked news and
    # named first): 0.80, 1.15, 0.56; with this round's rules: 0.80, 1.15, 0.56; with the next
    # round's (one conference's two reports one once its pronoun subject is named): 0.80, 1.10, 0.56;
    # 2026-12-04, with a retrospective's unyeared days in its narrative's year: 0.80, 1.20, 0.56 (a 2024
    # retrospective's "Feb. 28" first round of talks is now 2022's, a report naming only its host,
    # apart from the one naming only Russia: the goal's 1.2 is the floor)
    assert figures["recall"] >= 0.80 and figures["top_precision"] >= 0.56 and figures["fragmentation"] <= 1.2
