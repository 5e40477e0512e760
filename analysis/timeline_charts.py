"""Charts of the timeline: the period's most salient events with their titles, events per week or
month with the months no article covers, and what is coming up. Labels are laid out in measured
pixels, so they never overlap one another and never leave the figure, however many events there are.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .figures import date_axis, empty_chart, finish, new_figure
from .milestones import Cues, load_cues
from .style import (GAP_COLOUR, GAP_EDGE, INK, KEY_EDGE, KEY_FILL, LEGEND_INK, MARK_INK, STATUS_COLOURS,
                    chart_style, other_colour)
from .tables import cell
from .timeline import by_salience, when

TOP_N = 25
TITLE_CHARS = 48      # a label longer than this is cut at a word with "…"
_WIDTH = 12.0         # inches
_LEFT, _RIGHT = 0.8, 0.3  # inches left (tick labels of the counts) and right of the axes
_LANE = 0.3           # inches per lane of labels
_FONT = 8             # points
_OFFSET = 7           # points between a mark and its label
_PAD = 6              # pixels kept free between two labels of one lane


def _label(event) -> str:
    """An event's title, cut at a word when long (its place and participants are in the title)."""
    title = str(getattr(event, "title", "") or "") or event.kind.capitalize()
    return cell(title, TITLE_CHARS)


def in_period(events: pd.DataFrame, start=None, end=None) -> pd.DataFrame:
    """The events that are news of the period: not background, and overlapping `start`..`end` (either
    may be None: open)."""
    if events.empty:
        return events
    keep = ~events["background"].astype(bool)
    if start is not None:
        keep &= events["end"] >= pd.Timestamp(start)
    if end is not None:
        keep &= events["start"] <= pd.Timestamp(end)
    return events[keep]


def most_salient(events: pd.DataFrame, n: int = TOP_N) -> pd.DataFrame:
    """The `n` most salient events (independent reports), more articles and earlier first among equals."""
    return by_salience(events).head(max(0, n))


def grain(first: pd.Timestamp, last: pd.Timestamp) -> str:
    """The period a long timeline counts by: weeks up to half a year, months beyond."""
    return "week" if (last - first).days <= 183 else "month"


def _periods(first: pd.Timestamp, last: pd.Timestamp, freq: str) -> pd.DatetimeIndex:
    """The starts of the weeks (Mondays) or months that meet first..last."""
    anchor = first - pd.Timedelta(days=first.weekday()) if freq == "week" else first.replace(day=1)
    return pd.date_range(anchor, last, freq="W-MON" if freq == "week" else "MS")


def _step(freq: str):
    return pd.DateOffset(weeks=1) if freq == "week" else pd.DateOffset(months=1)


def coverage_gaps(articles: pd.DataFrame | None, first: pd.Timestamp, last: pd.Timestamp, freq: str) -> list[tuple]:
    """The weeks or months of first..last in which no article was published, as (start, end) pairs,
    neighbours joined: where silence is missing coverage, not a quiet time."""
    if articles is None or articles.empty:
        return []
    published = articles["published"].dropna().dt.tz_localize(None).dt.normalize()
    periods = _periods(first, last, freq)
    step = _step(freq)
    gaps: list[list] = []
    for begin in periods:
        stop = begin + step
        if not ((published >= begin) & (published < stop)).any():
            if gaps and gaps[-1][1] == begin:
                gaps[-1][1] = stop
            else:
                gaps.append([begin, stop])
    return [(max(a, first), min(b, last + pd.Timedelta(days=1))) for a, b in gaps]


@dataclass
class _Placed:
    event: object
    text: str
    lane: int
    left: bool  # the label stands left of its mark (it would leave the axes on the right)


def _lanes(events: pd.DataFrame, texts: list[str], fig: Figure, x_px, axes_px: float, first, last) -> list[_Placed]:
    """Each event in the first lane where its mark, span (within first..last) and label, measured in
    pixels, meet nothing else; a label that would run past the axes' right edge goes left of its mark."""
    renderer = fig.canvas.get_renderer()
    offset = _OFFSET * fig.dpi / 72
    lanes: list[list[tuple[float, float]]] = []
    placed = []
    for event, text in zip(events.itertuples(), texts):
        probe = fig.text(0, 0, text, fontsize=_FONT)
        width = probe.get_window_extent(renderer).width
        probe.remove()
        x, x_end = x_px(max(event.start, first)), x_px(min(event.end, last) + pd.Timedelta(days=1))
        left = x_end + offset + width > axes_px  # a label stands after the mark, or after the span
        span = (x - offset - width, max(x_end, x + 6)) if left else (x - 6, x_end + offset + width)
        lane = next((i for i, taken in enumerate(lanes)
                     if all(span[1] + _PAD <= a or b + _PAD <= span[0] for a, b in taken)), None)
        if lane is None:
            lanes.append([])
            lane = len(lanes) - 1
        lanes[lane].append(span)
        placed.append(_Placed(event, text, lane, left))
    return placed


def _kind_legend(kinds: list[str], marker, gaps: bool) -> list:
    """Legend entries: each kind's marker, what filled (past) and hollow (upcoming) mean, and the
    shading of periods no article covers."""
    handles = [Line2D([], [], marker=marker(k), ls="none", color=LEGEND_INK, label=k) for k in kinds]
    handles += [Line2D([], [], marker="o", ls="none", mfc=STATUS_COLOURS["past"], mec=STATUS_COLOURS["past"], label="past"),
                Line2D([], [], marker="o", ls="none", mfc="white", mec=STATUS_COLOURS["upcoming"], label="upcoming")]
    if gaps:
        handles.append(Patch(facecolor=GAP_COLOUR, edgecolor=GAP_EDGE, label="no articles"))
    return handles


def _period_of(events: pd.DataFrame, articles: pd.DataFrame | None, start, end) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The chart's period: `start`..`end` where given, else the articles' span, else the events'."""
    if articles is not None and not articles.empty and articles["published"].notna().any():
        published = articles["published"].dropna().dt.tz_localize(None).dt.normalize()
        low, high = published.min(), published.max()
    else:
        low, high = events["start"].min(), events["end"].max()
    first = pd.Timestamp(start) if start is not None else low
    last = pd.Timestamp(end) if end is not None else high
    return first, max(last, first)


def milestone_timeline(events: pd.DataFrame, as_of: dt.date | str | None = None,
                       title: str = "Negotiation milestones", cues: Cues | None = None, top_n: int = TOP_N,
                       start=None, end=None, articles: pd.DataFrame | None = None) -> Figure:
    """The period's news on a time axis: its `top_n` most salient events (background left out),
    labelled by title in lanes, past filled and upcoming hollow, ranges as spans, kinds as markers
    (the `marker:` of each kind in `cues`); below, every event of the period counted per week or
    month. The axis spans the period (`start`..`end`, else the articles' span); the weeks or months
    no article covers are shaded, and the as-of day is marked."""
    if events.empty:
        return empty_chart(title)
    first, last = _period_of(events, articles, start, end)
    news = in_period(events, first, last)
    if news.empty:
        return empty_chart(title, f"No events between {first:%d %b %Y} and {last:%d %b %Y}")
    chosen = most_salient(news, top_n).sort_values(["start", "end"]).reset_index(drop=True)
    freq = grain(first, last)
    gaps = coverage_gaps(articles, first, last, freq)
    marker = (cues or load_cues()).marker
    kinds = list(dict.fromkeys(chosen["kind"]))
    margin = pd.Timedelta(days=max(1.0, (last - first).days * 0.012))  # room for the marks at the ends
    low, high = first - margin, last + pd.Timedelta(days=1) + margin
    with chart_style():
        fig, ax, counts_ax, placed = _laid_out(chosen, first, last, low, high)
        n_lanes = max(p.lane for p in placed) + 1
        texts = [p.text for p in placed]
        for a, b in gaps:
            for axis in (ax, counts_ax):
                axis.axvspan(a, b, color=GAP_COLOUR, zorder=0, lw=0)
        _draw_events(ax, placed, n_lanes, first, last, marker)
        ax.set_xlim(low, high)
        ax.set_ylim(0.4, n_lanes + 0.6)
        ax.set_yticks([])
        ax.grid(axis="y", visible=False)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="x", labelbottom=False)
        shown = f"the {len(chosen)} most reported" if len(news) > len(chosen) else f"all {len(chosen)}"
        ax.set_title(f"{title}: {shown} of {len(news)} events, {first:%d %b %Y} – {last:%d %b %Y}", fontsize=12)
        ax.set_ylabel("most reported", fontsize=8)
        _draw_counts(counts_ax, _counts(news, first, last, freq), freq)
        handles = _kind_legend(kinds, marker, bool(gaps))
        if as_of is not None and low <= pd.Timestamp(as_of) <= high:
            day = pd.Timestamp(as_of)
            for axis in (ax, counts_ax):
                axis.axvline(day, color=MARK_INK, ls="--", lw=1)
            handles.append(Line2D([], [], color=MARK_INK, ls="--", lw=1, label=f"as of {day:%d %b %Y}"))
        fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(_LEFT / _WIDTH, 0.02),
                   ncol=min(8, len(handles)), fontsize=8, frameon=False)
    data = chosen.assign(lane=[p.lane for p in placed], label=texts)
    columns = [c for c in ("start", "end", "kind", "status", "title", "label", "place", "n_articles", "n_sources",
                           "salience", "lane") if c in data]
    fig.period = (first, last)
    fig.coverage_gaps = gaps
    return finish(fig, data[columns], _timeline_alt(title, chosen, news, first, last, freq, gaps))


def _laid_out(chosen: pd.DataFrame, first, last, low, high):
    """The timeline's figure, its axes placed by hand in inches (lanes above, counts below, the
    legend under them) so that label widths measured in pixels hold when drawn: (figure, axes,
    counts axes, the events placed in lanes)."""
    axes_in = _WIDTH - _LEFT - _RIGHT
    fig = Figure(figsize=(_WIDTH, 6), layout="none")
    FigureCanvasAgg(fig)
    axes_px = axes_in * fig.dpi
    scale = axes_px / (mdates.date2num(high) - mdates.date2num(low))
    texts = [_label(e) for e in chosen.itertuples()]
    placed = _lanes(chosen, texts, fig, lambda d: (mdates.date2num(d) - mdates.date2num(low)) * scale, axes_px,
                    first, last)
    n_lanes = max(p.lane for p in placed) + 1
    # heights in inches, top to bottom: title, lanes, a gap, counts, their axis, legend
    top, lanes_h, gap, counts_h, under, legend_h = 0.55, _LANE * (n_lanes + 1), 0.3, 1.0, 0.5, 0.75
    height = top + lanes_h + gap + counts_h + under + legend_h
    fig.set_size_inches(_WIDTH, height)
    left_f, width_f = _LEFT / _WIDTH, axes_in / _WIDTH
    ax = fig.add_axes((left_f, (legend_h + under + counts_h + gap) / height, width_f, lanes_h / height))
    counts_ax = fig.add_axes((left_f, (legend_h + under) / height, width_f, counts_h / height), sharex=ax)
    return fig, ax, counts_ax, placed


def _draw_events(ax, placed: list[_Placed], n_lanes: int, first, last, marker) -> None:
    """Each placed event in its lane: a span for several days (cut at the period's ends), its kind's
    marker (filled once past), and its label beside the mark or after the span."""
    for p in placed:
        event, y = p.event, n_lanes - p.lane
        colour = STATUS_COLOURS.get(event.status, other_colour())
        a, b = max(event.start, first), min(event.end, last)
        if b > a:
            ax.plot([a, b + pd.Timedelta(days=1)], [y, y], lw=5, color=colour, alpha=0.45, solid_capstyle="butt")
        ax.plot(a, y, marker=marker(event.kind), ms=7, ls="none",
                mfc=colour if event.status == "past" else "white", mec=colour, mew=1.5)
        at = a if p.left or b <= a else b + pd.Timedelta(days=1)
        ax.annotate(p.text, (mdates.date2num(at), y), xytext=(-_OFFSET if p.left else _OFFSET, 0),
                    textcoords="offset points", va="center", ha="right" if p.left else "left",
                    fontsize=_FONT, color=INK)


def _draw_counts(ax, counts: pd.DataFrame, freq: str) -> None:
    """Bars of the period's events per week or month, under the timeline."""
    ax.bar(counts["period"], counts["events"], width=6 if freq == "week" else 27, align="edge",
           color=STATUS_COLOURS["past"], alpha=0.7)
    ax.set_ylabel(f"events per {freq}", fontsize=8, labelpad=10)
    ax.set_xlabel("date of the event")
    ax.yaxis.get_major_locator().set_params(integer=True, nbins=3)
    date_axis(ax)


def _counts(news: pd.DataFrame, first, last, freq: str) -> pd.DataFrame:
    """Events of the period per week or month (by the day each starts), zeros included."""
    periods = _periods(first, last, freq)
    starts = news["start"].clip(lower=first)
    index = periods.searchsorted(starts, side="right") - 1
    tally = pd.Series(index).value_counts()
    return pd.DataFrame({"period": periods, "events": [int(tally.get(i, 0)) for i in range(len(periods))]})


def _timeline_alt(title, chosen, news, first, last, freq, gaps) -> str:
    leading = most_salient(chosen, 3)
    named = "; ".join(f"{e.title} ({e.start:%d %b %Y}, {e.n_articles} articles)" for e in leading.itertuples())
    text = (f"{title}: a timeline of the {len(chosen)} most reported of {len(news)} events from {first:%d %b %Y} "
            f"to {last:%d %b %Y}, with a count of events per {freq} below. Most reported: {named}.")
    if gaps:
        text += f" {len(gaps)} stretch{'es' if len(gaps) > 1 else ''} of the period had no articles (shaded)."
    return text


def calendar_strip(events: pd.DataFrame, as_of: dt.date | str | None = None, days: int = 42,
                   title: str = "Coming up", top_n: int = TOP_N) -> Figure:
    """The next `days` days from `as_of`, one row per upcoming or proposed event: a mark on its day
    when the date is precise, a band over its weeks or months when it is coarse (the label inside
    the axes either way), and a note of what it leaves out."""
    if events.empty:
        return empty_chart(title)
    first = pd.Timestamp(as_of) if as_of is not None else events["last_report"].max().tz_localize(None).normalize()
    last = first + pd.Timedelta(days=days)
    pending = events[events["status"].isin(["upcoming", "proposed"]) & (events["end"] >= first)]
    due = pending[pending["start"] <= last]
    later = len(pending) - len(due)
    if due.empty:
        note = f" ({later} later)" if later else ""
        return empty_chart(title, f"Nothing scheduled between {first:%d %b} and {last:%d %b %Y}{note}")
    shown = most_salient(due, top_n).sort_values(["start", "end"]).reset_index(drop=True)
    low, high = first, last + pd.Timedelta(days=1)
    left_edge = low - pd.Timedelta(days=days * 0.02)  # room for a mark on the first day
    with chart_style():
        fig = new_figure((_WIDTH, 1.6 + 0.36 * len(shown)))
        ax = fig.add_subplot()
        for y, event in enumerate(shown.itertuples()):
            colour = STATUS_COLOURS.get(event.status, other_colour())
            a, b = max(event.start, low), min(event.end + pd.Timedelta(days=1), high)
            precise = event.precision == "day"
            text = _label(event) + (f" ({event.start:%d %b})" if precise else f" ({when(event.start, event.end, event.precision)})")
            if precise:
                if event.end > event.start:
                    ax.plot([a, b], [y, y], lw=4, color=colour, alpha=0.5, solid_capstyle="butt")
                ax.plot(a, y, marker="D", ms=6, ls="none", color=colour, mfc=colour if event.status == "upcoming" else "white")
            else:
                ax.barh(y, (b - a).days, left=a, height=0.6, color=colour, alpha=0.25, edgecolor=colour)
            # the label where the axes have room for it: right of the start in the window's first half
            right = (mdates.date2num(a) - mdates.date2num(low)) / (mdates.date2num(high) - mdates.date2num(low)) < 0.55
            ax.annotate(text, (mdates.date2num(a), y),
                        xytext=(6 if right else -6, 0), textcoords="offset points", va="center",
                        ha="left" if right else "right", fontsize=_FONT, annotation_clip=True)
        ax.set_xlim(left_edge, high)
        ax.set_ylim(len(shown) - 0.5, -0.5)
        ax.set_yticks([])
        ax.grid(axis="y", visible=False)
        ax.set_xlabel("date")
        ax.set_ylabel("events due", fontsize=8)
        date_axis(ax)
        ax.set_title(f"{title}: {first:%d %b} – {last:%d %b %Y}")
        left_out = _left_out(len(due) - len(shown), later, last)
        handles = [Line2D([], [], marker="D", ls="none", color=LEGEND_INK, label="precise date"),
                   Patch(facecolor=KEY_FILL, edgecolor=KEY_EDGE, label="week, month or season")]
        handles += [Patch(color=STATUS_COLOURS[s], label=s) for s in ("upcoming", "proposed") if s in set(shown["status"])]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
        if left_out:
            fig.supxlabel(left_out, x=0.01, ha="left", fontsize=8, color=LEGEND_INK)
    columns = ["start", "end", "precision", "kind", "status", "title", "place"]
    precise = int((shown["precision"] == "day").sum())
    alt = (f"{title}: {len(shown)} events due between {first:%d %b} and {last:%d %b %Y}, {precise} with a precise "
           f"date and {len(shown) - precise} known only to the week, month or season; the first: "
           f"{_label(shown.iloc[0])} ({shown.iloc[0]['start']:%d %b}).{(' ' + left_out) if left_out else ''}")
    return finish(fig, shown[[c for c in columns if c in shown]], alt)


def _left_out(beyond_top: int, later: int, last: pd.Timestamp) -> str:
    parts = []
    if beyond_top:
        parts.append(f"{beyond_top} less reported event{'s' if beyond_top > 1 else ''} in the window")
    if later:
        parts.append(f"{later} event{'s' if later > 1 else ''} due after {last:%d %b %Y}")
    return ("Not shown: " + " and ".join(parts) + ".") if parts else ""
