"""Charts of actor mentions and negotiation milestones. Each takes the library's tables and returns a
matplotlib Figure whose `chart_data` attribute holds the table it draws (saved beside the PNG as
CSV by `save_chart`). Empty input gives a figure that says so, never a traceback.
"""
from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .actor_stats import cooccurrence, cooccurrence_matrix, mention_counts, share_of_voice
from .milestones import Cues, load_cues
from .style import FIGSIZE, STATUS_COLOURS, WIDE, chart_style, other_colour, side_colour

NO_DATA = "No data for these parameters"


def _figure(size=FIGSIZE) -> Figure:
    """A figure with its own Agg canvas: no pyplot state, so notebooks and reports never leak figures."""
    with chart_style():
        fig = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _finish(fig: Figure, data: pd.DataFrame) -> Figure:
    fig.chart_data = data.reset_index(drop=True)
    return fig


def empty_chart(title: str, message: str = NO_DATA) -> Figure:
    """A figure that says there is nothing to draw, with the chart's title."""
    with chart_style():
        fig = _figure((8, 3))
        ax = fig.add_subplot()
        ax.set_title(title)
        ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=12, color="#555555",
                transform=ax.transAxes)
        ax.set_axis_off()
    return _finish(fig, pd.DataFrame())


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
        fig = _figure(WIDE)
        ax = fig.add_subplot()
        bottom = np.zeros(len(wide))
        width = {"day": 0.8, "week": 5, "month": 25}[freq]
        for source in wide.columns:
            ax.bar(wide.index, wide[source], bottom=bottom, width=width, label=source, align="edge",
                   **({"color": other_colour()} if source == "other sources" else {}))
            bottom += wide[source].to_numpy()
        _date_axis(ax)
        ax.set_ylabel(f"articles per {freq}")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), title="source")
        ax.set_title(title)
    return _finish(fig, table)


def top_actors(mentions: pd.DataFrame, n: int = 15, title: str = "Most mentioned actors") -> Figure:
    """Horizontal bars of the `n` most mentioned actors, coloured by side."""
    if mentions.empty:
        return empty_chart(title)
    counts = mention_counts(mentions).head(n)
    sides = mentions.drop_duplicates("actor").set_index("actor")["side"].astype(str)
    counts = counts.assign(side=counts["actor"].astype(str).map(sides))
    with chart_style():
        fig = _figure((10, max(3, 0.38 * len(counts) + 1.2)))
        ax = fig.add_subplot()
        ordered = counts.iloc[::-1]
        ax.barh(ordered["actor"].astype(str), ordered["mentions"], color=[side_colour(s) for s in ordered["side"]])
        for y, value in enumerate(ordered["mentions"]):
            ax.text(value, y, f" {value}", va="center", fontsize=8, color="#333333")
        ax.set_xlabel("mentions")
        ax.set_title(title)
        ax.grid(axis="y", visible=False)
        ax.margins(x=0.08)
        present = list(dict.fromkeys(counts["side"]))
        ax.legend(handles=[Patch(color=side_colour(s), label=s) for s in present], loc="lower right",
                  title="side")
    return _finish(fig, counts[["actor", "side", "mentions", "articles"]])


def _date_axis(ax, freq: str | None = None) -> None:
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


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
            fig = _figure(WIDE)
            ax = fig.add_subplot()
            for i, name in enumerate(names):
                ax.plot(wide.index, wide[name], marker="o", ms=3, lw=1.6, label=name,
                        color=side_colour(sides.get(name, "")) if i == 0 or sides.get(name) != sides.get(names[0]) else None)
            ax.legend(loc="upper left")
            ax.set_ylabel(f"mentions per {freq}")
            _date_axis(ax)
            ax.set_title(title)
        else:
            cols = 3
            rows = math.ceil(len(names) / cols)
            fig = _figure((12, 2.4 * rows + 0.8))
            axes = fig.subplots(rows, cols, sharex=True, sharey=True, squeeze=False)
            for ax, name in zip(axes.flat, names):
                ax.fill_between(wide.index, wide[name], step="mid", alpha=0.25, color=side_colour(sides.get(name, "")))
                ax.plot(wide.index, wide[name], drawstyle="steps-mid", lw=1.3, color=side_colour(sides.get(name, "")))
                ax.set_title(name, fontsize=10, fontweight="normal")
                _date_axis(ax)
            for ax in list(axes.flat)[len(names):]:
                ax.set_visible(False)
            fig.suptitle(f"{title} (per {freq})", x=0.01, ha="left", fontweight="bold")
    return _finish(fig, table[["period", "actor", "mentions", "articles"]])


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
        fig = _figure(WIDE)
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
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), title="side")
        ax.set_title(title)
        ax.grid(axis="x", visible=False)
        if len(labels) > 12:
            for i, label in enumerate(ax.get_xticklabels()):
                label.set_visible(i % math.ceil(len(labels) / 12) == 0)
        ax.tick_params(axis="x", rotation=45)
    long = wide.reset_index().melt(id_vars="period", var_name="side", value_name="share")
    return _finish(fig, long)


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
        fig = _figure((9, 8))
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
        ax.set_title(title)
    return _finish(fig, pairs)


def top_quoted(quotes: pd.DataFrame, n: int = 10, title: str = "Who is quoted most") -> Figure:
    """Bars of the most quoted actors, direct quotes and reported speech stacked."""
    if quotes.empty:
        return empty_chart(title)
    counts = quotes.groupby(["actor", "side", "kind"]).size().unstack("kind", fill_value=0)
    counts["total"] = counts.sum(axis=1)
    counts = counts.sort_values("total", ascending=False).head(n).iloc[::-1].reset_index()
    with chart_style():
        fig = _figure((10, max(3, 0.4 * len(counts) + 1.2)))
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
        ax.set_title(title)
        ax.grid(axis="y", visible=False)
    return _finish(fig, counts)


def _label(event, people: int = 2) -> str:
    """'Talks · Riyadh · Rubio, Lavrov': kind, place and the people most often named (surnames)."""
    parts = [event.kind.capitalize()]
    if getattr(event, "place", ""):
        parts.append(event.place)
    named = list(getattr(event, "people", None) or [])[:people]
    if named:
        parts.append(", ".join(name.split()[-1] for name in named))
    return " · ".join(parts)


def _kind_legend(kinds: list[str], marker) -> list[Line2D]:
    """Legend entries: each kind's marker, then what filled (past) and hollow (upcoming) mean."""
    handles = [Line2D([], [], marker=marker(k), ls="none", color="#444444", label=k) for k in kinds]
    return handles + [
        Line2D([], [], marker="o", ls="none", mfc=STATUS_COLOURS["past"], mec=STATUS_COLOURS["past"], label="past"),
        Line2D([], [], marker="o", ls="none", mfc="white", mec=STATUS_COLOURS["upcoming"], label="upcoming")]


def milestone_timeline(events: pd.DataFrame, as_of: dt.date | str | None = None,
                       title: str = "Negotiation milestones", cues: Cues | None = None) -> Figure:
    """Events on a time axis: past filled, upcoming hollow, ranges as spans, kinds as markers (the
    `marker:` of each kind in `cues`, default the bundled cue file), place labels stacked in lanes so
    they never overlap, and the report's as-of date marked."""
    if events.empty:
        return empty_chart(title)
    marker = (cues or load_cues()).marker
    events = events.sort_values(["start", "end"]).reset_index(drop=True)
    kinds = list(dict.fromkeys(events["kind"]))
    with chart_style():
        fig = _figure((12, 6.5))
        ax = fig.add_subplot()
        first, last = events["start"].min(), events["end"].max()
        span = max((last - first).days, 30)
        ax.set_xlim(first - pd.Timedelta(days=span * 0.03), last + pd.Timedelta(days=span * 0.18))
        ax.legend(handles=_kind_legend(kinds, marker), loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
        ax.set_title(title)
        ax.set_yticks([])
        fig.canvas.draw()  # settle the layout, so label widths can be measured in data units
        renderer = fig.canvas.get_renderer()
        to_data = ax.transData.inverted()
        lanes: list[float] = []  # right edge, in date numbers, of what was last placed in each lane
        placed = []
        for event in events.itertuples():
            text = _label(event)
            probe = ax.text(0, 0, text, fontsize=8)
            width_px = probe.get_window_extent(renderer).width + 7 * fig.dpi / 72 + 12  # offset + gap
            probe.remove()
            x = mdates.date2num(event.start)
            x_px = ax.transData.transform((x, 0))[0]
            right = max(to_data.transform((x_px + width_px, 0))[0], mdates.date2num(event.end) + 1)
            lane = next((i for i, edge in enumerate(lanes) if edge < x - 0.5), None)
            if lane is None:
                lanes.append(right)
                lane = len(lanes) - 1
            lanes[lane] = right
            placed.append((event, lane, text))
        for event, lane, text in placed:
            y = lane + 1
            colour = STATUS_COLOURS.get(event.status, other_colour())
            if event.end > event.start:
                ax.plot([event.start, event.end + pd.Timedelta(days=1)], [y, y], lw=5, color=colour,
                        alpha=0.45, solid_capstyle="butt")
            ax.plot(event.start, y, marker=marker(event.kind), ms=8, ls="none",
                    mfc=colour if event.status == "past" else "white", mec=colour, mew=1.6)
            ax.annotate(text, (mdates.date2num(event.start), y), xytext=(7, 0), textcoords="offset points",
                        va="center", fontsize=8, color="#222222")
        ax.set_ylim(0.3, len(lanes) + 0.9)
        ax.grid(axis="y", visible=False)
        ax.spines["left"].set_visible(False)
        _date_axis(ax)
        if as_of is not None:
            day = pd.Timestamp(as_of)
            ax.axvline(day, color="#333333", ls="--", lw=1)
            ax.text(day, len(lanes) + 0.85, f" as of {day:%d %b %Y}", fontsize=8, va="top", color="#333333")
    columns = [c for c in ("start", "end", "kind", "status", "place", "n_articles") if c in events]
    return _finish(fig, events[columns])


def calendar_strip(events: pd.DataFrame, as_of: dt.date | str | None = None, days: int = 42,
                   title: str = "Coming up") -> Figure:
    """The next `days` days from `as_of`, with each upcoming or proposed event on its day."""
    if events.empty:
        return empty_chart(title)
    first = pd.Timestamp(as_of) if as_of is not None else events["last_report"].max().tz_localize(None).normalize()
    last = first + pd.Timedelta(days=days)
    due = events[events["status"].isin(["upcoming", "proposed"]) & (events["end"] >= first) & (events["start"] <= last)]
    if due.empty:
        return empty_chart(title, f"Nothing scheduled between {first:%d %b} and {last:%d %b %Y}")
    with chart_style():
        fig = _figure((12, 1.2 + 0.45 * len(due)))
        ax = fig.add_subplot()
        for y, event in enumerate(due.sort_values("start").itertuples()):
            colour = STATUS_COLOURS.get(event.status, other_colour())
            ax.barh(y, (event.end - event.start).days + 1, left=event.start, color=colour, height=0.6)
            ax.annotate(f"{_label(event)} ({event.start:%d %b})", (event.end + pd.Timedelta(days=1), y),
                        xytext=(4, 0), textcoords="offset points", va="center", fontsize=8)
        ax.set_xlim(first, last + pd.Timedelta(days=days * 0.25))
        ax.set_yticks([])
        ax.invert_yaxis()
        _date_axis(ax)
        ax.set_title(title)
    return _finish(fig, due[["start", "end", "kind", "status", "place"]])


def save_chart(fig: Figure, directory: str | Path, name: str) -> tuple[Path, Path]:
    """Write `name.png` and, beside it, `name.csv` with the data the chart draws."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    png, csv = directory / f"{name}.png", directory / f"{name}.csv"
    fig.savefig(png)
    getattr(fig, "chart_data", pd.DataFrame()).to_csv(csv, index=False)
    return png, csv
