"""Tables derived from mentions: counts by actor, side, article or period; share of voice; co-occurrence."""
from __future__ import annotations

import itertools

import pandas as pd

FREQS = {"day": "D", "week": "W", "month": "M"}
_GROUPS = ("actor", "side", "kind", "article_id", "field", "via")
_WITHIN = {"sentence": ["article_id", "field", "sentence"],
           "paragraph": ["article_id", "field", "paragraph"],
           "article": ["article_id"]}


def period_start(published: pd.Series, freq: str) -> pd.Series:
    """The first instant (UTC) of the day, week (Monday) or month each timestamp falls in."""
    if freq not in FREQS:
        raise ValueError(f"freq={freq!r}: use one of {', '.join(FREQS)}")
    naive = published.dt.tz_convert("UTC").dt.tz_localize(None)
    starts = naive.dt.to_period(FREQS[freq]).dt.start_time
    return starts.dt.tz_localize("UTC")


def _with_period(mentions: pd.DataFrame, articles: pd.DataFrame | None, freq: str | None):
    if freq is None:
        return mentions, []
    if articles is None:
        raise ValueError(f"freq={freq!r} needs articles= (for their publication dates)")
    dates = articles.set_index("article_id")["published"]
    dates = dates[~dates.index.duplicated()]
    published = mentions["article_id"].map(dates)
    out = mentions.assign(period=period_start(published.astype(dates.dtype), freq))
    return out[out["period"].notna()], ["period"]


def mention_counts(mentions: pd.DataFrame, by: str | list[str] = "actor",
                   articles: pd.DataFrame | None = None, freq: str | None = None) -> pd.DataFrame:
    """Mentions and distinct articles per `by` (actor, side, kind, article_id...), per period if `freq`.

    Sorted by period, then most mentioned first.
    """
    keys = [by] if isinstance(by, str) else list(by)
    for key in keys:
        if key not in _GROUPS and key not in mentions:
            raise ValueError(f"by={key!r}: use one or more of {', '.join(_GROUPS)}")
    frame, period = _with_period(mentions, articles, freq)
    grouped = frame.groupby(period + keys, observed=True, sort=False)
    counts = grouped.agg(mentions=("article_id", "size"), articles=("article_id", "nunique")).reset_index()
    return counts.sort_values(period + ["mentions"] + keys, ascending=[True] * len(period) + [False]
                              + [True] * len(keys), ignore_index=True)


ACTOR_TABLE_COLUMNS = ["actor", "side", "mentions", "articles", "quotes", "first_named", "last_named"]


def actor_table(mentions: pd.DataFrame, quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per actor, most mentioned first: side, mentions, the articles naming them, quotes,
    and the first and last publication day they were named."""
    if mentions.empty:
        return pd.DataFrame(columns=ACTOR_TABLE_COLUMNS)
    counts = mention_counts(mentions).assign(actor=lambda t: t["actor"].astype(str))
    named = mentions.assign(actor=mentions["actor"].astype(str))
    sides = named.drop_duplicates("actor").set_index("actor")["side"].astype(str)
    published = articles.drop_duplicates("article_id").set_index("article_id")["published"]
    days = named["article_id"].map(published).groupby(named["actor"]).agg(["min", "max"])
    quoted = quotes["actor"].astype(str).value_counts()
    return counts.assign(side=counts["actor"].map(sides), quotes=counts["actor"].map(quoted).fillna(0).astype("int64"),
                         first_named=counts["actor"].map(days["min"]),
                         last_named=counts["actor"].map(days["max"]))[ACTOR_TABLE_COLUMNS]


def share_of_voice(mentions: pd.DataFrame, articles: pd.DataFrame | None = None,
                   freq: str | None = None, by: str = "side") -> pd.DataFrame:
    """Each side's share (0–1) of all mentions, overall or per period."""
    counts = mention_counts(mentions, by=by, articles=articles, freq=freq)
    total = counts.groupby("period")["mentions"].transform("sum") if freq else counts["mentions"].sum()
    return counts.assign(share=counts["mentions"] / total)


def cooccurrence(mentions: pd.DataFrame, within: str = "sentence", min_count: int = 1) -> pd.DataFrame:
    """Pairs of actors named together: in how many sentences (or paragraphs, or articles) they meet.

    Each unit counts once per pair however often the two are named in it; `actor_a` < `actor_b`.
    """
    if within not in _WITHIN:
        raise ValueError(f"within={within!r}: use one of {', '.join(_WITHIN)}")
    units = _WITHIN[within]
    present = mentions[units + ["actor"]].astype({"actor": str}).drop_duplicates()
    pairs: dict[tuple[str, str], int] = {}
    for _, group in present.groupby(units, observed=True, sort=False)["actor"]:
        if len(group) < 2:
            continue
        for a, b in itertools.combinations(sorted(group), 2):
            pairs[(a, b)] = pairs.get((a, b), 0) + 1
    rows = [(a, b, n) for (a, b), n in pairs.items() if n >= min_count]
    table = pd.DataFrame(rows, columns=["actor_a", "actor_b", "count"])
    return table.sort_values(["count", "actor_a", "actor_b"], ascending=[False, True, True],
                             ignore_index=True)


def cooccurrence_matrix(pairs: pd.DataFrame, actors: list[str] | None = None) -> pd.DataFrame:
    """The symmetric actor × actor matrix of a `cooccurrence` table (for heatmaps)."""
    names = actors or sorted(set(pairs["actor_a"]) | set(pairs["actor_b"]))
    matrix = pd.DataFrame(0, index=names, columns=names, dtype="int64")
    for a, b, n in pairs[["actor_a", "actor_b", "count"]].itertuples(index=False):
        if a in matrix.index and b in matrix.index:
            matrix.loc[a, b] = matrix.loc[b, a] = n
    return matrix
