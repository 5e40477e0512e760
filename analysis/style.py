"""The one chart style: palette, a fixed colour per side (from `data/sides.yml`), fonts and sizes.
Every chart uses it; the markers of milestone kinds come with the cues (`marker:` in the cue file)."""
from __future__ import annotations

from contextlib import contextmanager

import matplotlib
import matplotlib.pyplot as plt

from .sides import Sides, default_sides

# Okabe–Ito, a palette readers with colour-vision deficiencies can tell apart.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
STATUS_COLOURS = {"past": "#0072B2", "upcoming": "#D55E00", "proposed": "#E69F00", "cancelled": "#9A9A9A"}
INK, LEGEND_INK, MARK_INK = "#222222", "#444444", "#333333"  # labels; legend entries and notes; as-of lines
GAP_COLOUR, GAP_EDGE = "#EEEEEE", "#BBBBBB"  # periods no article covers
KEY_FILL, KEY_EDGE = "#CCCCCC", "#888888"  # a legend's key for a shape whose colour says something else
FIGSIZE = (10, 5.5)
WIDE = (12, 6)
DPI = 110

RC = {
    "figure.dpi": DPI, "savefig.dpi": DPI, "figure.figsize": FIGSIZE, "figure.facecolor": "white",
    "font.family": "DejaVu Sans", "font.size": 10, "axes.titlesize": 13, "axes.titleweight": "bold",
    "axes.titlelocation": "left", "axes.labelsize": 10, "axes.spines.top": False,
    "axes.spines.right": False, "axes.grid": True, "grid.color": "#E5E5E5", "grid.linewidth": 0.8,
    "axes.axisbelow": True, "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "legend.frameon": False, "legend.fontsize": 9, "xtick.labelsize": 9, "ytick.labelsize": 9,
    "figure.constrained_layout.use": True,
}


def side_colour(side: str, sides: Sides | None = None) -> str:
    """The colour `data/sides.yml` (or `sides`) gives a side; the other colour for a side it does not colour."""
    return (sides or default_sides()).colour(side)


def other_colour(sides: Sides | None = None) -> str:
    """The colour of "Other", of sides without their own and of whatever is not one thing."""
    return (sides or default_sides()).other_colour


@contextmanager
def chart_style():
    """Apply the house style for the charts drawn inside the block."""
    with plt.rc_context(RC):
        yield
