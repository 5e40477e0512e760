"""`python -m analysis`: the command line. Tables go to stdout (or -o), summaries and errors to stderr."""
from __future__ import annotations

import argparse
import os
import re
import sys

from . import __version__
from .load import formats, load_articles
from .output import OutputError, add_output_options, write_table, write_text

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3


class UsageError(Exception):
    """A problem with what the user asked for: reported in one line, exit status 2."""


def _columns(pairs: list[str] | None) -> dict | None:
    if not pairs:
        return None
    mapping = {}
    for pair in pairs:
        raw, sep, field = pair.partition("=")
        if not sep or not raw or not field:
            raise UsageError(f"--columns {pair!r}: expected NAME=FIELD or POSITION=FIELD, e.g. headline=title")
        mapping[int(raw) if raw.isdigit() else raw] = field
    return mapping


def _display(path) -> str:
    """A path relative to the working directory when it lies below it, else absolute."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by every command that reads articles."""
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="files, directories (read recursively), glob patterns or zip archives")
    parser.add_argument("--input-format", choices=formats.names(), default=None,
                        help="read every file as this format (default: from extension or content)")
    parser.add_argument("--encoding", default=None, help="text encoding (default: detected per file)")
    parser.add_argument("--columns", action="append", metavar="NAME=FIELD",
                        help="map a column (name, or 0-based position for header-less CSV) to an "
                             "article field; repeatable, e.g. --columns 0=title --columns 2=text")
    parser.add_argument("--base-url", default=None, help="resolve relative links against this URL")
    parser.add_argument("--strict", action="store_true",
                        help="stop at the first unreadable file or record instead of skipping it")
    parser.add_argument("--keep-duplicates", action="store_true",
                        help="keep articles with the same URL or the same title and text")


def add_actors_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--actors", action="append", metavar="FILE",
                        help="your own actors YAML, laid over the bundled gazetteer (repeatable)")


def load_from_args(args: argparse.Namespace):
    """Load the articles a command was given; raises UsageError when nothing at all is loadable.

    The summary goes to stderr; when more were skipped than it can name, every problem is written to
    a CSV file (beside -o as OUTPUT.problems.csv, else in the temp folder) and the summary names it.
    """
    from .load.problems import printable

    try:
        articles = load_articles(args.paths, format=args.input_format, encoding=args.encoding,
                                 columns=_columns(args.columns), strict=args.strict,
                                 base_url=args.base_url, dedupe=not args.keep_duplicates,
                                 progress=sys.stderr.isatty())
    except ValueError as e:  # includes LoadError
        raise UsageError(str(e)) from None
    report = articles.attrs["load_report"]
    print_load_summary(report, getattr(args, "output", None))
    if report.loaded == 0:
        raise UsageError("nothing loadable in " + " ".join(printable(os.fsdecode(p)) for p in args.paths))
    return articles


def print_load_summary(report, output=None) -> None:
    """The load's summary on stderr; when more were skipped than it can name, every problem goes to
    a CSV file (beside `output` as OUTPUT.problems.csv, else in the temp folder) that it names."""
    from .load.problems import LISTED_IN_SUMMARY, problems_path

    problems_file = None
    if len(report.skipped) > LISTED_IN_SUMMARY:
        try:
            problems_file = report.write_problems(problems_path(output))
        except (OSError, ValueError) as e:  # includes OutputError
            print(f"could not write the list of problems: {e}", file=sys.stderr)
    print(report.summary(problems_file), file=sys.stderr)


def cmd_articles(args: argparse.Namespace) -> int:
    write_table(load_from_args(args), args.format, args.output)
    return EXIT_OK


def _gazetteer(args: argparse.Namespace):
    from .gazetteer import GazetteerError, as_gazetteer

    try:
        return as_gazetteer(args.actors)
    except GazetteerError as e:
        raise UsageError(f"gazetteer: {e}") from None


def _resources(args: argparse.Namespace):
    """The extraction resources a command names: its --actors, --cues and --places files."""
    from .gazetteer import GazetteerError
    from .milestones import DataFileError
    from .resources import Resources

    try:
        return Resources.load(actors_files=args.actors, cue_files=getattr(args, "cues", None),
                              place_files=getattr(args, "places", None))
    except GazetteerError as e:
        raise UsageError(f"gazetteer: {e}") from None
    except DataFileError as e:
        raise UsageError(str(e)) from None


def _extracted(args: argparse.Namespace, *want: str, config: dict | None = None):
    """The tables `want` names, computed by the pipeline from the articles the command was given."""
    from .pipeline import run

    resources = _resources(args)
    return run(load_from_args(args), resources, want=want, config=config), resources


def cmd_mentions(args: argparse.Namespace) -> int:
    mentions = _extracted(args, "mentions")[0].mentions
    print(f"{len(mentions)} mentions of {mentions['actor'].nunique()} actors", file=sys.stderr)
    write_table(mentions, args.format, args.output)
    return EXIT_OK


def cmd_discover(args: argparse.Namespace) -> int:
    from .discover import discovered_yaml

    tables, resources = _extracted(args, "discover", config={"discover": {"min_count": args.min_count}})
    found = tables.discover
    print(f"{len(found)} names not in the gazetteer (seen at least {args.min_count} times)", file=sys.stderr)
    if (args.format or ("yaml" if not args.output or args.output.endswith((".yml", ".yaml")) else None)) == "yaml":
        write_text(discovered_yaml(found, resources.gazetteer), args.output)
    else:
        write_table(found, args.format, args.output)
    return EXIT_OK


def cmd_milestones(args: argparse.Namespace) -> int:
    milestones = _extracted(args, "milestones")[0].milestones
    print(f"{len(milestones)} milestones", file=sys.stderr)
    write_table(milestones, args.format, args.output)
    return EXIT_OK


def cmd_timeline(args: argparse.Namespace) -> int:
    tables = _extracted(args, "milestones", "timeline")[0]
    print(f"{len(tables.timeline)} events from {len(tables.milestones)} milestones", file=sys.stderr)
    write_table(tables.timeline, args.format, args.output)
    return EXIT_OK


def cmd_calendar(args: argparse.Namespace) -> int:
    from .timeline import calendar_ics, upcoming

    events = _extracted(args, "timeline")[0].timeline
    try:
        due = upcoming(events, args.as_of)
    except ValueError:
        raise UsageError(f"--as-of {args.as_of!r} is not a date (use YYYY-MM-DD)") from None
    print(f"{len(due)} upcoming events", file=sys.stderr)
    write_text(calendar_ics(due), args.output)
    return EXIT_OK


def cmd_ingest(args: argparse.Namespace) -> int:
    from .milestones import DataFileError
    from .store import DEFAULT_STORE, Store, StoreLocked

    gazetteer = _gazetteer(args)
    store = Store(args.store or DEFAULT_STORE)
    options = dict(actors=gazetteer, cue_files=args.cues or (), place_files=args.places or (),
                   format=args.input_format, encoding=args.encoding, columns=_columns(args.columns),
                   strict=args.strict, base_url=args.base_url)
    try:
        report = store.ingest_with(args.paths, args.engine, args.scheduler, args.workers, **options)
    except StoreLocked as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_LOCKED
    except (DataFileError, ValueError) as e:  # includes StoreError: a damaged store, named
        raise UsageError(str(e)) from None
    print_load_summary(report.load_report)
    print(f"{_display(store.root)}: {report.summary()}", file=sys.stderr)
    if report.loaded == 0 and report.files_unchanged == 0:
        raise UsageError("nothing loadable in " + " ".join(args.paths))
    return EXIT_OK


def cmd_compact(args: argparse.Namespace) -> int:
    from .store import DEFAULT_STORE, Store, StoreError, StoreLocked, is_store

    store = Store(args.store or DEFAULT_STORE)
    if not is_store(store.root):
        raise UsageError(f"{_display(store.root)} is not a corpus store (no manifest.json); run ingest first")
    try:
        report = store.compact()
    except StoreLocked as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_LOCKED
    except StoreError as e:  # a damaged manifest or Parquet file, named
        raise UsageError(str(e)) from None
    print(f"{_display(store.root)}: {report.summary()}", file=sys.stderr)
    return EXIT_OK


def _reference(value: str):
    """The --reference day; years 1 and 9999 are refused, where "next year" or "last year" would
    fall off the calendar."""
    import pandas as pd

    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        stamp = pd.NaT
    if pd.isna(stamp):
        raise UsageError(f"--reference {value!r}: not a date (use YYYY-MM-DD)")
    if not 1 < stamp.year < 9999:
        raise UsageError(f"--reference {value}: give a day from the year 2 to 9998, so that relative "
                         f"dates resolved against it stay on the calendar")
    return stamp.date()


def cmd_timex(args: argparse.Namespace) -> int:
    import json

    from .times import tag_spans

    try:
        if args.file in (None, "-"):
            text = sys.stdin.buffer.read().decode("utf-8")
        else:
            with open(args.file, encoding="utf-8", newline="") as handle:
                text = handle.read()
    except OSError as e:
        raise UsageError(f"{args.file}: {e.strerror or e}") from None
    except UnicodeDecodeError as e:
        raise UsageError(f"{args.file or 'stdin'}: not UTF-8 (byte {e.start})") from None
    reference = _reference(args.reference)
    try:
        spans = tag_spans(text, reference)
    except (ValueError, OverflowError) as e:  # a date in the text the calendar cannot hold
        raise UsageError(f"--reference {args.reference}: {e}") from None
    for start, end, kind, value, end_value in spans:
        record = {"start": start, "end": end, "text": text[start:end], "type": kind, "value": value}
        if end_value:
            record["end_value"] = end_value
        print(json.dumps(record, ensure_ascii=False))
    return EXIT_OK


def _day(option: str, value: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise UsageError(f"{option} {value!r}: not a date (YYYY-MM-DD): {e}") from None


def _window(window: str, as_of: str | None) -> tuple[str, str]:
    """(start, end) of a --window of days or weeks ending on --as-of (default: today)."""
    import datetime as dt

    match = re.fullmatch(r"(\d+)([dw])", window)
    if not match or int(match.group(1)) == 0:
        raise UsageError(f"--window {window!r}: a number of days or weeks, e.g. 7d or 2w")
    last = _day("--as-of", as_of) if as_of else dt.date.today()
    try:
        days = int(match.group(1)) * (7 if match.group(2) == "w" else 1)
        first = last - dt.timedelta(days=days - 1)
    except OverflowError:
        raise UsageError(f"--window {window!r}: reaches before the year 1") from None
    return str(first), str(last)


def _report_parameters(args: argparse.Namespace):
    """(parameters, config, names given on the command line): the command line over the config file."""
    from .parameters import option_names
    from .reports import ConfigError, load_config

    config = None
    if args.config:
        try:
            config = load_config(args.config)
        except ConfigError as e:
            raise UsageError(f"--config {e}") from None
    parameters = dict(config.parameters) if config else {}
    given = {name for name in option_names() if getattr(args, name)}
    parameters.update({name: getattr(args, name) for name in given})
    if args.window:
        if args.start or args.end:
            raise UsageError("--window replaces --start and --end; give one or the other")
        parameters["start"], parameters["end"] = _window(args.window, args.as_of)
        given |= {"start", "end"}
    return parameters, config, given


def cmd_report(args: argparse.Namespace) -> int:
    from .parameters import ParameterError
    from .reports import ReportLocked, run_report

    parameters, config, given = _report_parameters(args)
    try:
        page, results = run_report(parameters, notebooks=config.notebooks if config else None, out=args.out,
                                   jobs=args.jobs, timeout=config.timeout if config else 600,
                                   progress=sys.stderr.isatty())
    except ReportLocked as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_LOCKED
    except ParameterError as e:
        where = config.where(e.name) if config and e.name not in given else ""
        raise UsageError(f"--config {where}: {e}" if where else str(e)) from None
    except ValueError as e:
        raise UsageError(str(e)) from None
    for result in results:
        if result.error:
            print(f"error: {result.error}", file=sys.stderr)
    print(f"report written to {_display(page)}")
    return EXIT_OK if all(r.status == "ok" for r in results) else EXIT_FAILED


def cmd_export(args: argparse.Namespace) -> int:
    from .reports import export_html

    try:
        path = export_html(args.notebook, args.output)
    except FileNotFoundError:
        raise UsageError(f"{args.notebook}: no such notebook") from None
    except OutputError:
        raise
    except Exception as e:  # nbformat raises several kinds for a file that is not a notebook
        raise UsageError(f"{args.notebook}: not a readable notebook ({type(e).__name__}: {e})") from None
    print(f"exported to {_display(path)}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The command line: one sub-command per job, each built by its own function below."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Negotiation Tracker: load news articles about peace and ceasefire talks "
                    "and turn them into tables and reports.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add_command in (_add_articles, _add_mentions, _add_discover, _add_milestones, _add_timeline,
                        _add_calendar, _add_ingest, _add_compact, _add_timex, _add_report, _add_export):
        add_command(commands)
    from .collect.commands import add_collect, add_update

    this = sys.modules[__name__]
    add_collect(commands, this)
    add_update(commands, this)
    return parser


def _add_articles(commands) -> None:
    articles = commands.add_parser(
        "articles", help="load articles and write the articles table",
        description="Load articles from files of any supported format and write the articles "
                    "table; a one-line summary (loaded, skipped with reasons, duplicates) goes to "
                    "stderr. Exit 0 when anything loaded, 2 when nothing could be.")
    add_input_options(articles)
    add_output_options(articles)
    articles.set_defaults(run=cmd_articles)


def _add_mentions(commands) -> None:
    mentions = commands.add_parser(
        "mentions", help="find actor mentions and write the mentions table",
        description="Find every mention of a gazetteer actor (names, aliases, acronyms, and titles "
                    "resolved by publication date) in the articles' titles, standfirsts and bodies; "
                    "one row per mention.")
    add_input_options(mentions)
    add_actors_option(mentions)
    add_output_options(mentions)
    mentions.set_defaults(run=cmd_mentions)


def _add_discover(commands) -> None:
    discover = commands.add_parser(
        "discover", help="list capitalised names the gazetteer does not know",
        description="List names in the articles that no gazetteer entry covers, with the titles "
                    "seen before them and counts; the default YAML output can be pasted into "
                    "your own actors file (see --actors).")
    add_input_options(discover)
    add_actors_option(discover)
    discover.add_argument("--min-count", type=int, default=2, help="least number of sightings (default 2)")
    add_output_options(discover, extra_formats=("yaml",))
    discover.set_defaults(run=cmd_discover)


def _milestone_command(commands, name: str, help_text: str, description: str, run) -> argparse.ArgumentParser:
    """A command that reads articles and finds milestones: input, actors, cues and places options."""
    sub = commands.add_parser(name, help=help_text, description=description)
    add_input_options(sub)
    add_actors_option(sub)
    sub.add_argument("--cues", action="append", metavar="FILE",
                     help="your own event cues YAML, added to the bundled ones (repeatable)")
    sub.add_argument("--places", action="append", metavar="FILE",
                     help="your own places YAML, added to the bundled ones (repeatable)")
    sub.set_defaults(run=run)
    return sub


def _add_milestones(commands) -> None:
    add_output_options(_milestone_command(
        commands, "milestones", "extract dated negotiation milestones",
        "Find sentences holding a date and an event cue (talks, meeting, ceasefire, deal...); one row "
        "per milestone with its dates, kind, status, actors, place and sentence.", cmd_milestones))


def _add_timeline(commands) -> None:
    add_output_options(_milestone_command(
        commands, "timeline", "merge milestones across articles into events",
        "Merge the milestones of all articles into one row per event, with first and last report, "
        "number of articles and sources, and the dates reported.", cmd_timeline))


def _add_calendar(commands) -> None:
    calendar = _milestone_command(
        commands, "calendar", "write an iCalendar file of upcoming events",
        "Write the events that are upcoming or proposed on --as-of (default: the latest report) "
        "as an iCalendar file.", cmd_calendar)
    calendar.add_argument("-o", "--output", metavar="FILE.ics", default=None,
                          help="write here instead of standard output")
    calendar.add_argument("--as-of", default=None, metavar="YYYY-MM-DD",
                          help="list what is due from this day on (default: the latest report)")


def add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", default=None, metavar="DIR", help="the store (default: data/store/)")


def _add_ingest(commands) -> None:
    ingest = _milestone_command(
        commands, "ingest", "add articles to the Parquet corpus store",
        "Load articles and add the new and changed ones to the corpus store (Parquet, by month), with "
        "their mentions, quotes and milestones; unchanged articles are skipped, and a new gazetteer, "
        "cue or place file re-extracts what is stored. Exit 2 on bad input or a damaged store, 3 when "
        "another ingest or a compaction holds it.",
        cmd_ingest)
    add_store_option(ingest)
    ingest.add_argument("--engine", choices=("pandas", "dask"), default="pandas",
                        help="run loading and extraction here (pandas) or as Dask tasks (dask; a "
                             "LocalCluster starts only when there is more than one shard of files "
                             "to read or anything to re-extract)")
    ingest.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT",
                        help="with --engine dask: a running Dask scheduler (default: a LocalCluster)")
    ingest.add_argument("--workers", type=int, default=2,
                        help="with --engine dask and no --scheduler: worker processes (default 2)")


def _add_compact(commands) -> None:
    compact = commands.add_parser(
        "compact", help="rewrite the corpus store's files, dropping superseded rows",
        description="Rewrite each month of the corpus store as one file per table, keeping only the "
                    "current version of every article and what the current extractor found. Safe to "
                    "interrupt; exit 3 when an ingest holds the store.")
    add_store_option(compact)
    compact.set_defaults(run=cmd_compact)


def _add_timex(commands) -> None:
    timex = commands.add_parser(
        "timex", help="tag dates, times, durations and sets in a text (TIMEX3)",
        description="Find temporal expressions in a UTF-8 text and print one JSON object per "
                    "expression: start and end (character offsets into the text as read), text, "
                    "type (DATE, TIME, DURATION, SET) and value (TIMEX3), resolved against "
                    "--reference.")
    timex.add_argument("file", nargs="?", metavar="FILE|-", help="the text (default: standard input)")
    timex.add_argument("--reference", required=True, metavar="YYYY-MM-DD",
                       help="the publication date relative expressions resolve against")
    timex.set_defaults(run=cmd_timex)


def _add_report(commands) -> None:
    """The report command: its parameter options come from `ReportParameters`."""
    from .parameters import add_parameter_options

    report = commands.add_parser(
        "report", help="run the report notebooks and export them as HTML into reports/",
        description="Run the report notebooks through papermill on a corpus (default: the bundled "
                    "sample) and export each as code-free HTML into its own folder under --out, "
                    "listed in index.html there. Exit 0 when every notebook ran, 1 when one failed "
                    "(its HTML shows the error), 2 on bad parameters, 3 when another run holds the lock.")
    report.add_argument("--config", default=None, metavar="FILE",
                        help="YAML with notebooks:, parameters: and timeout: (default: built in)")
    add_parameter_options(report, ("corpus", "start", "end"))
    report.add_argument("--window", default=None, metavar="7d|2w",
                        help="the period is this many days or weeks up to --as-of (default: today)")
    add_parameter_options(report, ("as_of",))
    report.add_argument("--out", default=None, help="reports folder (default: reports/)")
    report.add_argument("--jobs", type=int, default=2, help="notebooks run at once (default 2)")
    report.set_defaults(run=cmd_report)


def _add_export(commands) -> None:
    export = commands.add_parser(
        "export", help="export an executed notebook as code-free HTML",
        description="Export a notebook (run by hand, saved with outputs) as one self-contained HTML "
                    "page without code, prompts or parameter cells.")
    export.add_argument("notebook", metavar="NOTEBOOK.ipynb")
    export.add_argument("-o", "--output", default=None, metavar="FILE.html",
                        help="default: beside the notebook, with .html")
    export.set_defaults(run=cmd_export)


def _input_errors() -> tuple[type[Exception], ...]:
    """Errors about a file the user named, whichever command meets them: exit 2 with their message."""
    from .gazetteer import GazetteerError
    from .milestones import DataFileError

    return OutputError, GazetteerError, DataFileError


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UsageError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except _input_errors() as e:  # a file the user gave (output, gazetteer, cues, places) is unusable
        print(f"error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader of our stdout went away (e.g. `| head`): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # never a bare traceback at the command line
        if os.environ.get("NEGOTIATION_TRACKER_DEBUG"):
            raise
        print(f"error: {type(e).__name__}: {e} (set NEGOTIATION_TRACKER_DEBUG=1 for details)",
              file=sys.stderr)
        return EXIT_FAILED
