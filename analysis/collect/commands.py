"""The `collect` and `update` commands: collect the web sources into a store and ingest what came in;
and the scheduled run of collect, ingest and report under one lock."""
from __future__ import annotations

import argparse
import dataclasses
import glob
import sys
from pathlib import Path

from ..locks import Locked, exclusive
from .client import Politeness
from .run import collect, collection_folder, re_extract
from .sources import SourcesError, read_sources

_SETTING_OPTIONS = (("user_agent", str, "UA", "the User-Agent sent (name your team and a contact)"),
                    ("delay", float, "SECONDS", "between two requests to one host (default 1)"),
                    ("concurrency", int, "N", "requests in flight at once (default 4)"),
                    ("timeout", float, "SECONDS", "to connect, and between two reads (default 20)"),
                    ("retries", int, "N", "further tries after a timeout, 429 or 5xx (default 3)"),
                    ("max_bytes", int, "BYTES", "the most a page may hold (default 5 MiB)"))


def add_collect(commands, cli) -> None:
    sub = commands.add_parser(
        "collect", help="fetch feeds and URL lists into the store, then ingest them",
        description="Read each source (a feed URL, a file of URLs such as a GDELT or Media Cloud export, a "
                    "folder of article files, or a sources.yml listing them), fetch the pages not fetched "
                    "before, keep their raw HTML in the store's collected/ folder and ingest their articles. "
                    "Failed URLs are listed and tried again next run. Exit 0 when every source was read (some "
                    "URLs may have failed: they are listed), 1 when a source could not be read, 2 on bad "
                    "input, 3 when another collection or ingest holds the store.")
    sub.add_argument("sources", nargs="*", metavar="SOURCE", help="feed URLs, URL files, folders, sources.yml")
    _add_common(sub, cli)
    sub.add_argument("--no-ingest", action="store_true", help="fetch and keep the pages, do not ingest them")
    sub.add_argument("--re-extract", action="store_true",
                     help="extract every kept page again (no network) and ingest the result")
    sub.set_defaults(run=lambda args: cmd_collect(args, cli))


def add_update(commands, cli) -> None:
    from ..parameters import add_parameter_options

    sub = commands.add_parser(
        "update", help="the scheduled run: collect, ingest and report, under one lock",
        description="Collect the sources of --sources into --store, ingest what came in, and write the "
                    "report of the last --window over the store. Exit 0 when all went well (failed URLs are "
                    "listed and retried next run), 1 when a source could not be read or a report notebook "
                    "failed, 2 on bad input, 3 when another update, ingest or report is running.")
    sub.add_argument("--sources", required=True, action="append", metavar="FILE",
                     help="sources.yml (or a feed URL, URL file or folder); repeatable")
    _add_common(sub, cli)
    sub.add_argument("--window", default="7d", metavar="7d|2w", help="the report's period (default 7d)")
    add_parameter_options(sub, ("as_of",))
    sub.add_argument("--config", default=None, metavar="FILE", help="report configuration YAML")
    sub.add_argument("--out", default=None, help="reports folder (default: reports/)")
    sub.add_argument("--jobs", type=int, default=2, help="notebooks run at once (default 2)")
    sub.set_defaults(run=lambda args: cmd_update(args, cli))


def _add_common(sub: argparse.ArgumentParser, cli) -> None:
    cli.add_store_option(sub)
    for name, kind, metavar, text in _SETTING_OPTIONS:
        sub.add_argument(f"--{name.replace('_', '-')}", dest=name, type=kind, default=None, metavar=metavar,
                         help=text)
    sub.add_argument("--engine", choices=("pandas", "dask"), default="pandas", help="ingest engine")
    cli.add_actors_option(sub)
    sub.add_argument("--cues", action="append", metavar="FILE", help="your own event cues YAML (repeatable)")
    sub.add_argument("--places", action="append", metavar="FILE", help="your own places YAML (repeatable)")


def _politeness(args, settings: dict, cli) -> Politeness:
    given = {f.name: getattr(args, f.name) for f in dataclasses.fields(Politeness)
             if getattr(args, f.name, None) is not None}
    try:
        return Politeness(**{**settings, **given})
    except ValueError as e:
        raise cli.UsageError(f"--{str(e).replace('_', '-')}") from None


def cmd_collect(args, cli) -> int:
    from ..store import DEFAULT_STORE

    store = args.store or DEFAULT_STORE
    if args.re_extract:
        batch, count = re_extract(store)
        print(f"{count} articles extracted again from the kept pages", file=sys.stderr)
        return _ingest(args, cli, store, [collection_folder(store) / "articles"]) if not args.no_ingest else 0
    if not args.sources:
        raise cli.UsageError("give at least one SOURCE (or --re-extract)")
    try:
        return _collect_and_ingest(args, cli, store, args.sources)[0]
    except Locked as e:
        print(f"error: {e}", file=sys.stderr)
        return cli.EXIT_LOCKED


def _collect_and_ingest(args, cli, store, arguments) -> tuple[int, object]:
    """Collect, then ingest the collected articles and the file sources; (exit status, report)."""
    try:
        sources, settings = read_sources(arguments)
    except SourcesError as e:
        raise cli.UsageError(str(e)) from None
    report = collect(sources, store, _politeness(args, settings, cli), stored_urls=_stored_urls(store))
    print(report.summary(), file=sys.stderr)
    for url, source, reason, attempts in report.failures:
        print(f"  failed: {url} ({source}): {reason}; {attempts} attempt{'s' * (attempts != 1)}", file=sys.stderr)
    for skipped in (line for s in report.sources for line in s.skipped[:20]):
        print(f"  skipped: {skipped}", file=sys.stderr)
    for url, why in report.without_article[:20]:
        print(f"  no article: {url}: {why}", file=sys.stderr)
    paths = [collection_folder(store) / "articles"] + [s.files for s in sources if s.kind == "files"]
    status = 0 if getattr(args, "no_ingest", False) else _ingest(args, cli, store, [p for p in map(str, paths) if _exists(p)])
    failed = any(s.problem for s in report.sources)
    return (cli.EXIT_FAILED if failed and status == 0 else status), report


def _exists(path: str) -> bool:
    return Path(path).exists() or bool(glob.glob(path))


def _stored_urls(store) -> frozenset:
    from ..store import Store, is_store

    if not is_store(store):
        return frozenset()
    urls = Store(store).articles(columns=["url"])["url"]
    return frozenset(u for u in urls if u)


def _empty(store) -> bool:
    from ..store import Store, is_store

    return not is_store(store) or Store(store).index().empty


def _ingest(args, cli, store, paths) -> int:
    if not paths:
        return cli.EXIT_OK
    ingest = argparse.Namespace(paths=paths, store=store, engine=args.engine, scheduler=None, workers=2,
                                actors=args.actors, cues=args.cues, places=args.places, input_format=None,
                                encoding=None, columns=None, strict=False, base_url=None)
    try:
        return cli.cmd_ingest(ingest)
    except cli.UsageError as e:
        if str(e).startswith("nothing loadable"):
            return cli.EXIT_OK  # nothing new came in: not an error for a scheduled run
        raise


def cmd_update(args, cli) -> int:
    from ..parameters import option_names
    from ..store import DEFAULT_STORE

    store = args.store or DEFAULT_STORE
    try:
        with exclusive(collection_folder(store) / "update.lock", f"{store} is being updated", "an update"):
            status, report = _collect_and_ingest(args, cli, store, args.sources)
            if status not in (cli.EXIT_OK, cli.EXIT_FAILED):
                return status
            if _empty(store):
                print(f"error: nothing is stored in {store} yet, so no report was written", file=sys.stderr)
                return cli.EXIT_FAILED
            parameters = argparse.Namespace(**{**dict.fromkeys(option_names()), "as_of": args.as_of,
                                               "corpus": str(store)},
                                            config=args.config, window=args.window, out=args.out, jobs=args.jobs)
            reported = cli.cmd_report(parameters)
    except Locked as e:
        print(f"error: {e}", file=sys.stderr)
        return cli.EXIT_LOCKED
    print(f"update: {report.articles} new articles collected, {len(report.failures)} URLs failed", file=sys.stderr)
    return max(status, reported)
