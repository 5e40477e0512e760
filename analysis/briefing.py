"""What changed between two periods of coverage (the briefing's week and the week before): which
actors are new, rising or falling, and which events were first reported or fall due."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .actor_stats import mention_counts
from .timeline import by_salience

#: how much an actor's mentions must move, in count and in ratio, to be called rising or falling
MIN_CHANGE, RATIO = 3, 1.5
CHANGE_COLUMNS = ["actor", "side", "change", "mentions", "before", "difference", "articles"]


def actor_changes(now: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """One row per actor named in either period: mentions now and before, the difference, and the
    `change`: new (not named before), gone (not named now), rising or falling (by at least
    MIN_CHANGE mentions and a factor of RATIO), or steady. Sorted new, rising, falling, gone, steady,
    then by mentions."""
    counts_now = _counts(now)
    counts_before = _counts(before)
    actors = counts_now.index.union(counts_before.index)
    table = pd.DataFrame({"actor": actors})
    table["mentions"] = table["actor"].map(counts_now["mentions"]).fillna(0).astype("int64")
    table["before"] = table["actor"].map(counts_before["mentions"]).fillna(0).astype("int64")
    table["articles"] = table["actor"].map(counts_now["articles"]).fillna(0).astype("int64")
    sides = pd.concat([counts_before["side"], counts_now["side"]])
    table["side"] = table["actor"].map(sides[~sides.index.duplicated(keep="last")]).fillna("")
    table["difference"] = table["mentions"] - table["before"]
    table["change"] = [_change(n, b) for n, b in zip(table["mentions"], table["before"])]
    order = {"new": 0, "rising": 1, "falling": 2, "gone": 3, "steady": 4}
    table = table.assign(_order=table["change"].map(order), _size=-(table["mentions"] + table["before"]))
    return table.sort_values(["_order", "_size", "actor"], ignore_index=True)[CHANGE_COLUMNS]


@dataclass
class Comparison:
    """A briefing's period (`week`) and the one before it, both report contexts, with what changed."""

    week: object                # notebook.ReportContext
    before: object
    changes: pd.DataFrame       # actor_changes(week, before)
    new_events: pd.DataFrame    # first_reported over both periods

    def figures(self) -> dict:
        """The values a briefing states (recorded in its values.json)."""
        first, last = self.week.period
        change = self.changes["change"]
        return {"first_day": first, "last_day": last, "articles": len(self.week.articles),
                "articles_before": len(self.before.articles), "new_actors": len(self.week.new_actors()),
                "new_since_before": int((change == "new").sum()), "rising": int((change == "rising").sum()),
                "falling": int((change == "falling").sum()), "new_events": len(self.new_events),
                "due": len(self.week.upcoming), "top_actor": self.week.most(self.week.mentions)}


def compare(ctx, days: int = 7) -> Comparison:
    """The briefing of report context `ctx`: its last `days` days when it has no period (else its
    period) against as many days before."""
    week = ctx.window(days)
    before = week.previous
    return Comparison(week, before, actor_changes(week.mentions, before.mentions),
                      first_reported(week.since(before).events, week.period[0]))


def _counts(mentions: pd.DataFrame) -> pd.DataFrame:
    if mentions.empty:
        return pd.DataFrame(columns=["mentions", "articles", "side"])
    counts = mention_counts(mentions).assign(actor=lambda t: t["actor"].astype(str)).set_index("actor")
    sides = mentions.assign(actor=mentions["actor"].astype(str)).drop_duplicates("actor").set_index("actor")["side"]
    return counts.assign(side=sides.astype(str).reindex(counts.index).fillna(""))


def _change(now: int, before: int) -> str:
    if before == 0:
        return "new"
    if now == 0:
        return "gone"
    if now - before >= MIN_CHANGE and now >= RATIO * before:
        return "rising"
    if before - now >= MIN_CHANGE and before >= RATIO * now:
        return "falling"
    return "steady"


def first_reported(events: pd.DataFrame, since) -> pd.DataFrame:
    """The events of `events` (a timeline over both periods) first reported on or after `since`:
    what is new to the coverage (history the articles invoke apart), most reported first."""
    if events.empty:
        return events
    day = pd.Timestamp(since).date()
    return by_salience(events[(events["first_report"].dt.tz_convert("UTC").dt.date >= day)
                              & ~events["background"].astype(bool)])


def summary(first, last, articles: int, before_first, before_last, before_articles: int, windowed: bool) -> str:
    """The sentence that opens a briefing: its period, how it was chosen, and what it is compared with."""
    how = " (the last days up to the latest article: no start or end was given)" if windowed else ""
    text = f"This briefing covers **{_day(first)} – {_day(last)}**{how}: {articles:,} article{'s' if articles != 1 else ''}."
    if before_first is not None:
        text += (f" It is compared with the {(last - first).days + 1} days before, {_day(before_first)} – "
                 f"{_day(before_last)}: {before_articles:,} article{'s' if before_articles != 1 else ''}.")
    return text


def _day(day) -> str:
    return f"{pd.Timestamp(day):%d %b %Y}"
