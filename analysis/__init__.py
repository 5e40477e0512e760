"""Negotiation Tracker: load news articles, find actors and milestones, chart them."""
__version__ = "0.1.0"

from .discover import discover_actors
from .gazetteer import GazetteerError, load_gazetteer
from .load import LoadError, LoadReport, load_articles
from .mentions import find_mentions
from .milestones import extract_milestones
from .pipeline import Tables, run
from .quotes import find_quotes
from .resources import Resources
from .times import tag_times

__all__ = ["load_articles", "LoadError", "LoadReport", "find_mentions", "find_quotes", "discover_actors",
           "load_gazetteer", "GazetteerError", "tag_times", "extract_milestones", "Resources", "run", "Tables",
           "__version__"]
