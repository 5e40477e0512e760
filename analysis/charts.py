"""Charts of actor mentions and negotiation milestones. Each takes the library's tables and returns a
matplotlib Figure whose `chart_data` attribute holds the table it draws (saved beside the PNG as
CSV by `save_chart`) and whose `alt_text` says in words what it shows. Empty input gives a figure
that says so, never a traceback. The milestone charts live in `timeline_charts`.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .actor_stats import cooccurrence, cooccurrence_matrix, mention_counts, share_of_voice
from .figures import NO_DATA, date_axis, empty_chart, finish, new_figure, save_chart
from .style import WIDE, chart_style, other_colour, side_colour
from .timeline_charts import calendar_strip, milestone_timeline

__all__ = ["NO_DATA", "articles_over_time", "calendar_strip", "cooccurrence_heatmap", "empty_chart",
           "mentions_over_time", "milestone_timeline", "save_chart", "share_of_voice_chart", "top_actors",
           "top_quoted"]


def _listing(pairs, unit: str = "") -> str:
    """'Putin (120), Zelensky (95) and Biden (60)': the first few of (name, figure) pairs."""
    items = [f"{name} ({value:,}{unit})" for name, value in pairs]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" and {items[-1]}" if items else "none"


def articles_over_time(articles: pd.DataFrame, freq: str = "month", title: str = "Articles per month") -> Figure:
    """Bars of how many articles were published in each period, stacked by source (the top six)."""
    dated = articles.dropna(subset=["published"])
    if dated.empty:
        return empty_chart(title)
    from .actor_stats import period_start
    sources = dated["source"].replace("", "(unknown)")
    leading = sources.value_counts().head(6).index
    table = (dated.assign(period=period_start(dated["published"], freq),
                          source=sources.where(sources.isin(leading), "other sources"))
             .groupby(["period", "source"]).size().rename("articles").reset_index())
    wide = table.pivot_table(index="period", columns="source", values="articles", fill_value=0)
    every = pd.date_range(wide.index.min(), wide.index.max(), freq={"day": "D", "week": "W-MON", "month": "MS"}[freq])
    wide = wide.reindex(every, fill_value=0)
    with chart_style():
        fig = new_figure(WIDE)
        ax = fig.add_subplot()
        bottom = np.zeros(len(wide))
        width = {"day": 0.8, "week": 5, "month": 25}[freq]
        for source in wide.columns:
            ax.bar(wide.index, wide[source], bottom=bottom, width=width, label=source, align="edge",
                   **({"color": other_colour()} if source == "other sources" else {}))
            bottom += wide[source].to_numpy()
        date_axis(ax)
        ax.set_ylabel(f"articles per {freq}")
        ax.set_xlabel(f"{freq} of publication")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), title="source")
        ax.set_title(title)
    totals = table.groupby("period")["articles"].sum()
    peak = totals.idxmax()
    alt = (f"{title}: bars of the {int(totals.sum()):,} articles published from {totals.index.min():%d %b %Y} to "
           f"{totals.index.max():%d %b %Y}, stacked by source; the busiest {freq}, {peak:%d %b %Y}, has "
           f"{int(totals.max()):,}. Leading sources: {_listing(sources.value_counts().head(3).items())}.")
    return finish(fig, table, alt)


def top_actors(mentions: pd.DataFrame, n: int = 15, title: str = "Most mentioned actors") -> Figure:
    """Horizontal bars of the `n` most mentioned actors, coloured by side."""
    if mentions.empty:
        return empty_chart(title)
    counts = mention_counts(mentions).head(n)
    sides = mentions.drop_duplicates("actor").set_index("actor")["side"].astype(str)
    counts = counts.assign(side=counts["actor"].astype(str).map(sides))
    with chart_style():
        fig = new_figure((10, max(3, 0.38 * len(counts) + 1.2)))
        ax = fig.add_subplot()
        ordered = counts.iloc[::-1]
        ax.barh(ordered["actor"].astype(str), ordered["mentions"], color=[side_colour(s) for s in ordered["side"]])
        for y, value in enumerate(ordered["mentions"]):
            ax.text(value, y, f" {value}", va="center", fontsize=8, color="#333333")
        ax.set_xlabel("mentions")
        ax.set_ylabel("actor")
        ax.set_title(title)
        ax.grid(axis="y", visible=False)
        ax.margins(x=0.08)
        present = list(dict.fromkeys(counts["side"]))
        ax.legend(handles=[Patch(color=side_colour(s), label=s) for s in present], loc="lower right",
                  title="side")
    alt = (f"{title}: horizontal bars of the {len(counts)} most mentioned actors, coloured by side; "
           f"{_listing(zip(counts['actor'].astype(str).head(3), counts['mentions'].head(3)), ' mentions')}.")
    return finish(fig, counts[["actor", "side", "mentions", "articles"]], alt)


def mentions_over_time(mentions: pd.DataFrame, articles: pd.DataFrame, actors: list[str] | None = None,
                       freq: str = "week", top: int = 6, title: str = "Mentions over time") -> Figure:
    """Mentions per period of chosen actors (default: the `top` most mentioned); small multiples
    when more than four are shown."""
    if mentions.empty:
        return empty_chart(title)
    chosen = actors or mention_counts(mentions).head(top)["actor"].astype(str).tolist()
    subset = mentions[mentions["actor"].astype(str).isin(chosen)]
    if subset.empty:
        return empty_chart(title)
    table = mention_counts(subset, by="actor", articles=articles, freq=freq)
    table["actor"] = table["actor"].astype(str)
    wide = table.pivot_table(index="period", columns="actor", values="mentions", fill_value=0)
    every = pd.date_range(wide.index.min(), wide.index.max(), freq={"day": "D", "week": "W-MON", "month": "MS"}[freq])
    wide = wide.reindex(every, fill_value=0)  # periods without a mention are zeros, not gaps
    sides = dict(zip(subset["actor"].astype(str), subset["side"].astype(str)))
    names = [a for a in chosen if a in wide.columns]
    with chart_style():
        if len(names) <= 4:
            fig = new_figure(WIDE)
            ax = fig.add_subplot()
            for i, name in enumerate(names):
                ax.plot(wide.index, wide[name], marker="o", ms=3, lw=1.6, label=name,
                        color=side_colour(sides.get(name, "")) if i == 0 or sides.get(name) != sides.get(names[0]) else None)
            ax.legend(loc="upper left")
            ax.set_ylabel(f"mentions per {freq}")
            ax.set_xlabel(f"{freq} of publication")
            date_axis(ax)
            ax.set_title(title)
        else:
            cols = 3
            rows = math.ceil(len(names) / cols)
            fig = new_figure((12, 2.4 * rows + 0.8))
            axes = fig.subplots(rows, cols, sharex=True, sharey=True, squeeze=False)
            for ax, name in zip(axes.flat, names):
                ax.fill_between(wide.index, wide[name], step="mid", alpha=0.25, color=side_colour(sides.get(name, "")))
                ax.plot(wide.index, wide[name], drawstyle="steps-mid", lw=1.3, color=side_colour(sides.get(name, "")))
                ax.set_title(name, fontsize=10, fontweight="normal")
                date_axis(ax)
            for ax in list(axes.flat)[len(names):]:
                ax.set_visible(False)
            fig.suptitle(f"{title} (per {freq})", x=0.01, ha="left", fontweight="bold")
            fig.supxlabel(f"{freq} of publication", fontsize=10)
            fig.supylabel(f"mentions per {freq}", fontsize=10)
    peaks = [(name, int(wide[name].max())) for name in names]
    alt = (f"{title}: mentions per {freq} of {', '.join(names)} from {wide.index.min():%d %b %Y} to "
           f"{wide.index.max():%d %b %Y}; the highest {freq} of each: {_listing(peaks)}.")
    return finish(fig, table[["period", "actor", "mentions", "articles"]], alt)


def share_of_voice_chart(mentions: pd.DataFrame, articles: pd.DataFrame, freq: str = "month",
                         top_sides: int = 6, title: str = "Share of voice by side") -> Figure:
    """Stacked bars: each side's share of all mentions per period (the smaller sides as "Other")."""
    if mentions.empty:
        return empty_chart(title)
    shares = share_of_voice(mentions, articles=articles, freq=freq)
    shares["side"] = shares["side"].astype(str)
    leading = shares.groupby("side")["mentions"].sum().nlargest(top_sides).index
    shares["side"] = shares["side"].where(shares["side"].isin(leading), "Other")
    wide = shares.pivot_table(index="period", columns="side", values="share", aggfunc="sum", fill_value=0)
    # the gazetteer has a side called "Other" too, so keep each name once
    order = list(dict.fromkeys([s for s in leading if s in wide.columns] + (["Other"] if "Other" in wide.columns else [])))
    wide = wide[order]
    with chart_style():
        fig = new_figure(WIDE)
        ax = fig.add_subplot()
        labels = [p.strftime("%Y-%m" if freq == "month" else "%Y-%m-%d") for p in wide.index]
        bottom = np.zeros(len(wide))
        for side in order:
            ax.bar(labels, wide[side], bottom=bottom, label=side,
                   color=side_colour(side) if side != "Other" else other_colour(), width=0.8)
            bottom += wide[side].to_numpy()
        ax.set_ylim(0, 1)
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
        ax.set_ylabel("share of mentions")
        ax.set_xlabel(f"{freq} of publication")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), title="side")
        ax.set_title(title)
        ax.grid(axis="x", visible=False)
        if len(labels) > 12:
            for i, label in enumerate(ax.get_xticklabels()):
                label.set_visible(i % math.ceil(len(labels) / 12) == 0)
        ax.tick_params(axis="x", rotation=45)
    long = wide.reset_index().melt(id_vars="period", var_name="side", value_name="share")
    overall = shares.groupby("side")["mentions"].sum()
    overall = (overall / overall.sum()).sort_values(ascending=False).head(3)
    alt = (f"{title}: stacked bars of each side's share of mentions per {freq}, {len(labels)} periods; over all "
           f"of them: " + ", ".join(f"{side} {share:.0%}" for side, share in overall.items()) + ".")
    return finish(fig, long, alt)


def cooccurrence_heatmap(mentions: pd.DataFrame, top: int = 12, within: str = "sentence",
                         title: str = "Who is named with whom") -> Figure:
    """Heatmap of how often the `top` most mentioned actors are named in the same sentence."""
    if mentions.empty:
        return empty_chart(title)
    names = mention_counts(mentions).head(top)["actor"].astype(str).tolist()
    pairs = cooccurrence(mentions[mentions["actor"].astype(str).isin(names)], within=within)
    if pairs.empty:
        return empty_chart(title, "No two of these actors are named together")
    matrix = cooccurrence_matrix(pairs, names)
    with chart_style():
        fig = new_figure((9, 8))
        ax = fig.add_subplot()
        image = ax.imshow(matrix.to_numpy(), cmap="Blues")
        ax.set_xticks(range(len(names)), names, rotation=45, ha="right")
        ax.set_yticks(range(len(names)), names)
        ax.grid(False)
        peak = matrix.to_numpy().max() or 1
        for i in range(len(names)):
            for j in range(len(names)):
                value = matrix.iat[i, j]
                if value:
                    ax.text(j, i, str(value), ha="center", va="center", fontsize=7,
                            color="white" if value > peak / 2 else "#222222")
        fig.colorbar(image, ax=ax, shrink=0.7, label=f"{within}s naming both")
        ax.set_xlabel("actor")
        ax.set_ylabel("actor")
        ax.set_title(title)
    top_pairs = [(f"{a} and {b}", int(n)) for a, b, n in pairs[["actor_a", "actor_b", "count"]].head(3).itertuples(index=False)]
    alt = (f"{title}: a heatmap of how many {within}s name both of two of the {len(names)} most mentioned "
           f"actors; the pairs named together most: {_listing(top_pairs)}.")
    return finish(fig, pairs, alt)


def top_quoted(quotes: pd.DataFrame, n: int = 10, title: str = "Who is quoted most") -> Figure:
    """Bars of the most quoted actors, direct quotes and reported speech stacked."""
    if quotes.empty:
        return empty_chart(title)
    counts = quotes.groupby(["actor", "side", "kind"]).size().unstack("kind", fill_value=0)
    counts["total"] = counts.sum(axis=1)
    counts = counts.sort_values("total", ascending=False).head(n).iloc[::-1].reset_index()
    with chart_style():
        fig = new_figure((10, max(3, 0.4 * len(counts) + 1.2)))
        ax = fig.add_subplot()
        left = np.zeros(len(counts))
        for kind, alpha in (("direct", 1.0), ("reported", 0.45)):
            if kind in counts:
                ax.barh(counts["actor"], counts[kind], left=left, alpha=alpha,
                        color=[side_colour(s) for s in counts["side"]], label=kind)
                left += counts[kind].to_numpy()
        ax.legend(handles=[Patch(color="#555555", alpha=1.0, label="direct quote"),
                           Patch(color="#555555", alpha=0.45, label="reported speech")], loc="lower right")
        ax.set_xlabel("quotes")
        ax.set_ylabel("speaker")
        ax.set_title(title)
        ax.grid(axis="y", visible=False)
    leading = counts.iloc[::-1].head(3)
    alt = (f"{title}: bars of the {len(counts)} most quoted actors, direct quotes and reported speech "
           f"stacked; {_listing(zip(leading['actor'], leading['total']), ' quotes')}.")
    return finish(fig, counts, alt)


