"""The plumbing every chart shares: a figure with its own canvas in the house style, the table it
draws and its alternative text attached, the message for empty input, dates on an axis, and saving
PNG + CSV."""
from __future__ import annotations

from pathlib import Path

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .style import FIGSIZE, chart_style

NO_DATA = "No data for these parameters"


def new_figure(size=FIGSIZE) -> Figure:
    """A figure with its own Agg canvas: no pyplot state, so notebooks and reports never leak figures."""
    with chart_style():
        fig = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def finish(fig: Figure, data: pd.DataFrame, alt: str) -> Figure:
    """Attach what the figure draws (`chart_data`, saved as CSV) and what it shows in words (`alt_text`,
    the image's alternative text in the HTML report)."""
    fig.chart_data = data.reset_index(drop=True)
    fig.alt_text = alt
    return fig


def empty_chart(title: str, message: str = NO_DATA) -> Figure:
    """A figure that says there is nothing to draw, with the chart's title."""
    with chart_style():
        fig = new_figure((8, 3))
        ax = fig.add_subplot()
        ax.set_title(title)
        ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=12, color="#555555",
                transform=ax.transAxes)
        ax.set_axis_off()
    return finish(fig, pd.DataFrame(), f"{title}: {message}.")


def date_axis(ax) -> None:
    """Dates on the x axis, a few ticks, labelled without repeating what the neighbour says."""
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def save_chart(fig: Figure, directory: str | Path, name: str) -> tuple[Path, Path]:
    """Write `name.png` and, beside it, `name.csv` with the data the chart draws."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    png, csv = directory / f"{name}.png", directory / f"{name}.csv"
    fig.savefig(png)
    getattr(fig, "chart_data", pd.DataFrame()).to_csv(csv, index=False)
    return png, csv
