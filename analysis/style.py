"""The one chart style: palette, a fixed colour per side, fonts and sizes. Every chart uses it."""
from __future__ import annotations

from contextlib import contextmanager

import matplotlib
import matplotlib.pyplot as plt

# Okabe–Ito, a palette readers with colour-vision deficiencies can tell apart.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
SIDE_COLOURS = {
    "Ukraine": "#0072B2",          # blue
    "Russia": "#D55E00",           # vermilion
    "United States": "#009E73",    # bluish green
    "European Union": "#CC79A7",   # reddish purple
    "NATO": "#56B4E9",             # sky blue
    "United Kingdom": "#E69F00",   # orange
    "Turkey": "#8C6D31",
    "China": "#B2182B",
    "United Nations": "#4D4D4D",
}
OTHER_COLOUR = "#9A9A9A"
KIND_MARKERS = {
    "talks": "o", "meeting": "H", "summit": "s", "call": "^", "visit": "v", "ceasefire": "D",
    "agreement": "P", "deadline": "X", "plan": "p", "statement": "<", "decree": "d", "election": "*",
    "sanctions": "x", "military aid": "+", "prisoner exchange": "h", "annexation": "8", "other": ">",
}
STATUS_COLOURS = {"past": "#0072B2", "upcoming": "#D55E00", "proposed": "#E69F00", "cancelled": "#9A9A9A"}
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


def side_colour(side: str) -> str:
    return SIDE_COLOURS.get(side, OTHER_COLOUR)


@contextmanager
def chart_style():
    """Apply the house style for the charts drawn inside the block."""
    with plt.rc_context(RC):
        yield
