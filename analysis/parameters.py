"""The report parameters, declared once: each one's name, type, default and help, its check, and the
command-line options made from it. The notebooks' `parameters` cells declare the same names, types and
defaults (a test reads them with papermill's `inspect_notebook`)."""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import reprlib
from dataclasses import dataclass, field
from pathlib import Path

from .actor_stats import FREQS
from .config import PROJECT_ROOT


class ParameterError(ValueError):
    """A report parameter that cannot be used; `name` says which one (for the caller to say where
    it came from: the command line or a config file)."""

    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name


_SHORT = reprlib.Repr()  # values in messages: a config's nested YAML aliases would repr without end
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxdict, _SHORT.maxstring, _SHORT.maxother = 2, 6, 6, 80, 80


def short_repr(value) -> str:
    """repr() cut to a few items and levels: what an error message can show of any value."""
    return _SHORT.repr(value)


def resolve(path: str) -> Path:
    """A path as given if it exists, else relative to the project (notebooks run from notebooks/)."""
    given = Path(path)
    if given.exists() or given.is_absolute():
        return given
    return PROJECT_ROOT / given


def _parameter(default, help: str, option: dict | None = None):
    """A field with its help; `option` (help, metavar) gives it a command-line option."""
    if isinstance(default, list):
        return field(default_factory=list, metadata={"help": help, "option": option})
    return field(default=default, metadata={"help": help, "option": option})


_DAY = "YYYY-MM-DD"


@dataclass(frozen=True)
class ReportParameters:
    """What a report notebook takes, as its parameters cell declares it (dates as ISO strings)."""

    corpus: str = _parameter("data/sample", "articles: a file, folder, glob or zip (relative to the project)",
                             {"metavar": "PATH", "help": "articles (default: the sample corpus)"})
    start: str = _parameter("", "first day of the period, ISO date (empty: from the first article)",
                            {"metavar": _DAY, "help": "first day of the period"})
    end: str = _parameter("", "last day of the period, ISO date (empty: to the last article)",
                          {"metavar": _DAY, "help": "last day of the period"})
    as_of: str = _parameter("", "the day the report is as of, ISO date (empty: the latest article's day)",
                            {"metavar": _DAY, "help": "the report's as-of day (default: the latest article's)"})
    top_n: int = _parameter(15, "how many actors the rankings show")
    freq: str = _parameter("week", "period of the time series: day, week or month")
    actors_file: str = _parameter("", "your own actors YAML, laid over the bundled gazetteer (empty: none)")
    actors: list = _parameter([], "actors to follow over time, by canonical name (empty: the most mentioned)")
    sides: list = _parameter([], "keep only the mentions of these sides, such as Ukraine and Russia (empty: all)")
    output_dir: str = _parameter("", "folder for the charts as PNG and CSV and the recorded values (empty: none)")

    @classmethod
    def of(cls, **given) -> ReportParameters:
        """The parameters given by name, the others at their defaults; ParameterError for an unknown name."""
        unknown = sorted(set(given) - set(NAMES))
        if unknown:
            raise ParameterError(unknown[0], f"unknown parameter {short_repr(unknown[0])} (known: {', '.join(NAMES)})")
        return cls(**given)

    def checked(self) -> dict:
        """The parameters checked, dates as `datetime.date` (None when empty) and lists never None;
        raises ParameterError (a ValueError) naming the first bad one."""
        _check_corpus(self.corpus)
        first, last, day = _date("start", self.start), _date("end", self.end), _date("as_of", self.as_of)
        if first and last and last < first:
            raise ParameterError("end", f"parameter end={short_repr(self.end)} is before start={short_repr(self.start)}")
        _check_top_n(self.top_n)
        if not isinstance(self.freq, str) or self.freq not in FREQS:
            raise ParameterError("freq", f"parameter freq={short_repr(self.freq)}: one of {', '.join(FREQS)}")
        for name, value in (("actors", self.actors), ("sides", self.sides)):
            if value is not None and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
                raise ParameterError(name, f"parameter {name}={short_repr(value)}: a list of names")
        _check_actors_file(self.actors_file)
        given = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        return {**given, "start": first, "end": last, "as_of": day, "actors": self.actors or [],
                "sides": self.sides or []}


#: The parameters' names, in the order they are declared.
NAMES = tuple(f.name for f in dataclasses.fields(ReportParameters))
#: Defaults a notebook declares for itself, where they differ from the shared ones.
NOTEBOOK_DEFAULTS = {"actor_mentions": {"freq": "month"}, "briefing": {"top_n": 10}, "milestones": {"top_n": 25}}


def defaults(notebook: str | None = None) -> dict:
    """Every parameter's default, as `notebook`'s parameters cell declares it (the shared ones for None)."""
    shared = dataclasses.asdict(ReportParameters())
    return {**shared, **NOTEBOOK_DEFAULTS.get(notebook, {})}


def _check_corpus(corpus) -> None:
    if not isinstance(corpus, str) or not corpus.strip():
        raise ParameterError("corpus", "parameter corpus: give a file, folder, glob or zip of articles")


def _check_top_n(top_n) -> None:
    if not isinstance(top_n, int) or isinstance(top_n, bool) or not 1 <= top_n <= 100:
        raise ParameterError("top_n", f"parameter top_n={short_repr(top_n)}: a whole number from 1 to 100")


def _check_actors_file(actors_file) -> None:
    if not isinstance(actors_file, str):
        raise ParameterError("actors_file", f"parameter actors_file={short_repr(actors_file)}: the path of a YAML file")
    if actors_file and not resolve(actors_file).is_file():
        raise ParameterError("actors_file", f"parameter actors_file={short_repr(actors_file)}: no such file")


def _date(name: str, value) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value):
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value  # a YAML config's unquoted date
    try:
        return dt.date.fromisoformat(value if isinstance(value, str) else "not a string")
    except ValueError:
        raise ParameterError(name, f"parameter {name}={short_repr(value)}: not an ISO date (YYYY-MM-DD)") from None


def option_names() -> tuple[str, ...]:
    """The parameters that have a command-line option."""
    return tuple(f.name for f in dataclasses.fields(ReportParameters) if f.metadata["option"])


def add_parameter_options(parser: argparse.ArgumentParser, names: tuple[str, ...] | None = None) -> None:
    """Add the options of the parameters `names` (default: all that have one) to `parser`: `--as-of`
    for `as_of`, with the metavar and help its field gives, default None (not given)."""
    options = {f.name: f.metadata["option"] for f in dataclasses.fields(ReportParameters)}
    for name in names or option_names():
        parser.add_argument(f"--{name.replace('_', '-')}", dest=name, default=None, **options[name])
