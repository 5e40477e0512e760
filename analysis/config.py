"""Paths and settings shared by the library, the notebooks and the CLI: the one place to change them."""
from __future__ import annotations

from pathlib import Path

from .schema import ARTICLE_COLUMNS  # noqa: F401  (the articles table's columns, kept importable here)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
SAMPLE_CORPUS = DATA_DIR / "sample"
REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"

#: The bundled data files a user may extend with their own (see README).
DEFAULT_ACTORS = DATA_DIR / "actors.yml"
DEFAULT_CUES = DATA_DIR / "event_cues.yml"
DEFAULT_PLACES = DATA_DIR / "places.yml"
GENERIC_WORDS = DATA_DIR / "generic_words.yml"  # words discover never proposes as names or aliases
DEFAULT_LEXICON = DATA_DIR / "lexicon" / "en.yml"  # the words of the language the extractors read
DEFAULT_SIDES = DATA_DIR / "sides.yml"  # the sides' chart colours and the adjectives that stand for them
#: The corpus store when none is named.
DEFAULT_STORE = DATA_DIR / "store"

#: Jupyter kernel the project installs into its own environment (`make setup`).
KERNEL_NAME = "negotiation-tracker"

