"""The briefing's comparison: actors new, rising, falling and gone against the period before, events
first reported, and the last 7 days chosen when the parameters give no period."""
import pandas as pd

from analysis import notebook
from analysis.briefing import actor_changes, first_reported

from conftest import SAMPLE


def _mentions(counts):
    rows = [{"article_id": f"a{i}", "actor": actor, "side": side} for actor, side, n in counts for i in range(n)]
    return pd.DataFrame(rows, columns=["article_id", "actor", "side"])


def test_actors_new_rising_falling_gone_and_steady():
    now = _mentions([("Putin", "Russia", 10), ("Zelensky", "Ukraine", 4), ("Erdogan", "Turkey", 3),
                     ("Lavrov", "Russia", 5), ("Rubio", "United States", 1)])
    before = _mentions([("Putin", "Russia", 4), ("Zelensky", "Ukraine", 9), ("Lavrov", "Russia", 4),
                        ("Witkoff", "United States", 2), ("Rubio", "United States", 3)])
    table = actor_changes(now, before)
    changes = dict(zip(table["actor"], table["change"]))
    # Putin 4 -> 10 rises; Zelensky 9 -> 4 falls; Lavrov 4 -> 5 and Rubio 3 -> 1 (only 2 fewer) hold
    assert changes == {"Erdogan": "new", "Putin": "rising", "Zelensky": "falling", "Witkoff": "gone",
                       "Lavrov": "steady", "Rubio": "steady"}
    assert table["actor"].tolist() == ["Erdogan", "Putin", "Zelensky", "Witkoff", "Lavrov", "Rubio"]
    putin = table.set_index("actor").loc["Putin"]
    assert (putin["mentions"], putin["before"], putin["difference"], putin["side"]) == (10, 4, 6, "Russia")
    assert actor_changes(_mentions([]), _mentions([])).empty


def test_events_first_reported_leave_history_out():
    events = pd.DataFrame({"title": ["old news", "new talks", "history"], "salience": [3.0, 1.0, 5.0],
                           "start": pd.to_datetime(["2025-08-01", "2025-08-15", "1991-12-01"]),
                           "first_report": pd.to_datetime(["2025-08-05", "2025-08-15", "2025-08-16"]).tz_localize("UTC"),
                           "background": [False, False, True]})
    assert first_reported(events, "2025-08-12")["title"].tolist() == ["new talks"]


def test_a_briefing_without_a_period_covers_the_last_seven_days():
    ctx = notebook.start(corpus=str(SAMPLE))
    week = ctx.window(7)
    assert week.period == (pd.Timestamp("2025-08-12"), pd.Timestamp("2025-08-18"))
    assert len(week.articles) == 6  # 14, 15, 16 (two), 17 and 18 August
    assert week.previous.period == (pd.Timestamp("2025-08-05"), pd.Timestamp("2025-08-11"))
    assert week.previous.articles.empty and week.previous.mentions.empty
    both = week.since(week.previous)
    assert both.period == (pd.Timestamp("2025-08-05"), pd.Timestamp("2025-08-18")) and len(both.articles) == 6
    given = notebook.start(corpus=str(SAMPLE), start="2025-02-01", end="2025-02-28")
    assert given.window(7) is given  # a period given is the period
    assert given.previous.period == (pd.Timestamp("2025-01-04"), pd.Timestamp("2025-01-31"))
