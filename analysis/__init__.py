"""Negotiation Tracker: load news articles, find actors and milestones, chart them."""
__version__ = "0.1.0"

from .load import LoadError, LoadReport, load_articles

__all__ = ["load_articles", "LoadError", "LoadReport", "__version__"]
