"""The sample corpus yields a milestone on every reference date of DESIGN.md."""
import datetime as dt

import pytest

from analysis import load_articles
from analysis.milestones import extract_milestones

from conftest import SAMPLE

# (first day, last day, kind the sample reports it as) — the reference facts of DESIGN.md.
REFERENCE = [
    ("2022-02-28", "2022-02-28", "talks"), ("2022-03-29", "2022-03-29", "talks"),
    ("2022-07-22", "2022-07-22", "agreement"), ("2022-09-30", "2022-09-30", "annexation"),
    ("2022-10-04", "2022-10-04", None), ("2023-07-17", "2023-07-17", "agreement"),
    ("2023-08-05", "2023-08-06", None), ("2024-06-15", "2024-06-16", "summit"),
    ("2024-08-06", "2024-08-06", "other"), ("2025-01-20", "2025-01-20", "election"),
    ("2025-02-12", "2025-02-12", "call"), ("2025-02-14", "2025-02-16", None),
    ("2025-02-18", "2025-02-18", None), ("2025-02-28", "2025-02-28", "meeting"),
    ("2025-03-11", "2025-03-11", "ceasefire"), ("2025-03-18", "2025-03-18", None),
    ("2025-03-23", "2025-03-25", None), ("2025-04-30", "2025-04-30", None),
    ("2025-05-16", "2025-05-16", "prisoner exchange"), ("2025-06-02", "2025-06-02", None),
    ("2025-07-23", "2025-07-23", "talks"), ("2025-08-15", "2025-08-15", None),
    ("2025-08-18", "2025-08-18", "meeting"),
]


@pytest.fixture(scope="module")
def milestones():
    return extract_milestones(load_articles(SAMPLE))


@pytest.mark.parametrize("first, last, kind", REFERENCE, ids=[r[0] for r in REFERENCE])
def test_reference_fact_is_found(milestones, first, last, kind):
    day = milestones[milestones["precision"] == "day"]
    hits = day[(day["start"].dt.date <= dt.date.fromisoformat(last))
               & (day["end"].dt.date >= dt.date.fromisoformat(first))]
    assert not hits.empty, f"no day-precise milestone on {first}..{last}"
    if kind:
        assert kind in set(hits["kind"]), sorted(set(hits["kind"]))
