"""The temporal tagger: an engine plus rule files (HeidelTime's layout). English lives in
data/timex/en/ (patterns, normalisation maps, rules and negative rules, each with examples); the
engine matches, normalises to underspecified values, anchors them against the reference date and
the tense, and re-anchors what points back at an earlier date."""
from ..schema import TIMEX_COLUMNS
from .engine import reference_date, tag_spans, tag_times
from .files import TimexDataError
from .language import DEFAULT_TIMEX, Language, english, load_language

__all__ = ["TIMEX_COLUMNS", "DEFAULT_TIMEX", "Language", "TimexDataError", "english", "load_language",
           "reference_date", "tag_spans", "tag_times"]
