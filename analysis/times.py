"""The temporal tagger's public names (the tagger itself is the package analysis/timex/: an
engine plus English rule files under data/timex/en/)."""
from .timex import TIMEX_COLUMNS, tag_spans, tag_times

__all__ = ["TIMEX_COLUMNS", "tag_spans", "tag_times"]
