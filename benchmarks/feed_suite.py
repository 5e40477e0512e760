"""feedparser's own test suite read by the project's feed loader: how many of its expectations about
the fields the articles table carries (title, link, author, summary, content, dates) the loader meets.

The suite (feedparser 6.0.12's `tests/`, pinned in tests/data) is some 2,200 RSS, Atom and RDF files,
each stating in a header comment what feedparser must make of it (`Expect: not bozo and
entries[0]['title'] == 'Example'`). Here each file also goes through the loader, and every comparison
in an expectation between one entry's field and a literal becomes one check against the article row:

- title (`title`, `title_detail.value`): the expected value, as text (tags dropped and entities
  decoded when feedparser says the title is HTML), equals the article's title;
- link (`link`): the expected URL, normalised as the loader normalises every URL, equals its url;
- author (`author`, `author_detail.name`, `authors[k].name`): the expected name equals its author
  (each of several authors' names is found in it);
- summary (`summary`, `description`, `summary_detail.value`) and content (`content[0].value`): the
  expected text equals its standfirst, or its text when the loader took a long summary as the body;
- published (`published`, `updated`, `created` and their `_parsed` forms): the expected time, read by
  feedparser's own date parser, equals its published time (an `updated` or `created` time only counts
  where the entry has no earlier-ranked date: the article's date is its publication date).

Texts are compared with whitespace collapsed and Unicode NFC, as the loader cleans them. An expected
empty text (the sanitizer removed everything) agrees when the article shows nothing there either.
A file is left out when feedparser itself does not meet its expectation from the file's bytes alone
(the expectation is about feedparser being bozo, or needs HTTP headers a file does not carry), and
an HTTP test's Content-Location (or the address it was served from) is given to the loader as
`base_url=`, as a user loading a saved feed would. Every file of the suite, checked or not, must load
or give a clear problem: `load_articles` must never raise.

Run: .venv/bin/python benchmarks/feed_suite.py [--disagreements N]
"""
from __future__ import annotations

import argparse
import ast
import calendar
import html as htmllib
import datetime as dt
import re
import sys
import tarfile
import tempfile
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import feedparser
import lxml.html
from lxml import etree
from feedparser.datetimes import _parse_date as feedparser_date

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.load import load_articles  # noqa: E402
from analysis.load.feeds import read_feed  # noqa: E402
from analysis.load.fields import build_row, normalise_url  # noqa: E402
from analysis.load.problems import FileProblem  # noqa: E402
from analysis.load.records import Record  # noqa: E402

PLACEHOLDER = "(untitled)"
SUITE = ROOT / "tests" / "data" / "feedparser-tests-6.0.12.tar.gz"
FIELDS = ("title", "link", "author", "summary", "content", "published")
_HEADER = re.compile(r"Description:\s*(.*?)\s*Expect:\s*(.*?)\s*-->", re.S)
_HTTP_HEADER = re.compile(r"^Header:\s+([^:]+):(.+)$", re.M)
_SERVED_AT = "http://127.0.0.1:8097/"  # where the suite's own runner serves its HTTP tests
_HEADER_ENCODINGS = ("utf-8", "utf-16", "utf-16-be", "utf-32", "utf-32-be", "cp037", "latin-1")
_BLOCKS = {"p", "div", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "dd", "dt"}
_DATES = ("published", "updated", "created")  # the order the loader takes an entry's dates in
_FIELD_OF = {"title": "title", "title_detail": "title", "link": "link", "author": "author",
             "author_detail": "author", "authors": "author", "summary": "summary", "description": "summary",
             "summary_detail": "summary", "content": "content", **{d: "published" for d in _DATES},
             **{f"{d}_parsed": "published" for d in _DATES}}


@dataclass(frozen=True)
class Case:
    """One file of the suite: its name, bytes, stated expectation and the HTTP headers it is served with."""
    name: str
    data: bytes
    description: str
    expect: str
    headers: dict


@dataclass(frozen=True)
class Check:
    """One comparison in an expectation: entry `entry`'s `path` (e.g. ('title_detail', 'value')) is `expected`."""
    field: str
    entry: int
    path: tuple
    expected: object


@dataclass
class Outcome:
    """A check and what the loader made of it: agreed, or why not."""
    case: str
    check: Check
    agreed: bool
    got: object = None
    wanted: object = None
    note: str = ""


@dataclass
class Tally:
    """The figures of one run over the suite."""
    files: int = 0
    considered: int = 0  # files with at least one check on a field the articles table carries
    left_out: Counter = field(default_factory=Counter)  # files with such checks, left out, by reason
    outcomes: list[Outcome] = field(default_factory=list)
    loaded: int = 0  # files load_articles read at least one article from
    problems: int = 0  # files it gave a problem for instead (or as well)
    crashes: list[str] = field(default_factory=list)  # files it raised on: must stay empty

    def by_field(self) -> dict[str, tuple[int, int]]:
        """{field: (agreed, disagreed)}."""
        out = {f: [0, 0] for f in FIELDS}
        for o in self.outcomes:
            out[o.check.field][0 if o.agreed else 1] += 1
        return {f: (a, d) for f, (a, d) in out.items() if a or d}

    @property
    def on_refused(self) -> int:
        """Checks on items the loader refuses as no article (neither title nor text)."""
        return sum(bool(o.note.startswith("(an item the loader refuses")) for o in self.outcomes)

    @property
    def agreed(self) -> int:
        return sum(o.agreed for o in self.outcomes)


def cases(suite: Path = SUITE) -> list[Case]:
    """Every feed file of the pinned suite, in name order, with its expectation."""
    found = []
    with tarfile.open(suite) as archive:
        for member in sorted(archive.getmembers(), key=lambda m: m.name):
            if not member.isfile() or not member.name.endswith(".xml"):
                continue
            data = archive.extractfile(member).read()
            text = _header_text(data)
            match = _HEADER.search(text)
            name = member.name.split("/", 1)[1]
            headers = {k.strip().lower(): v.strip() for k, v in _HTTP_HEADER.findall(text)}
            found.append(Case(name, data, match.group(1) if match else "", match.group(2) if match else "", headers))
    return found


def _header_text(data: bytes) -> str:
    """The file decoded well enough to read its header comment (some files are UTF-16, UTF-32 or EBCDIC)."""
    for encoding in _HEADER_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "Expect:" in text:
            return text
    return data.decode("latin-1")


def checks(expect: str) -> list[Check]:
    """The comparisons `entries[i][...] == literal` (chained too) in an expectation, on carried fields."""
    try:
        tree = ast.parse(expect, mode="eval")
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare) or not all(isinstance(op, ast.Eq) for op in node.ops):
            continue
        operands = [node.left, *node.comparators]
        literals = [v for v in map(_literal, operands) if v is not _NOT]
        if len(literals) != 1:
            continue
        for operand in operands:
            path = _entry_path(operand)
            if path and path[1] in _FIELD_OF and _carried(path):
                found.append(Check(_FIELD_OF[path[1]], path[0], path[1:], literals[0]))
    return found


_NOT = object()


def _literal(node):
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _NOT


def _entry_path(node) -> tuple | None:
    """entries[0]['content'][0]['value'] -> (0, 'content', 0, 'value'); None for anything else."""
    keys = []
    while isinstance(node, ast.Subscript):
        key = _literal(node.slice)
        if key is _NOT:
            return None
        keys.append(key)
        node = node.value
    if not (isinstance(node, ast.Name) and node.id == "entries") or len(keys) < 2:
        return None
    return tuple(reversed(keys))


def _carried(path: tuple) -> bool:
    """Whether the path ends at a value the articles table carries (not a type, base or language)."""
    rest = path[2:]
    key = path[1]
    if key in ("title_detail", "summary_detail"):
        return rest == ("value",)
    if key == "author_detail":
        return rest == ("name",)
    if key == "authors":
        return len(rest) == 2 and rest[1] == "name"
    if key == "content":
        return rest == (0, "value")
    return rest == ()


def text_of(value: str, html: bool) -> str:
    """What a reader sees of a value: the text of markup (anything feedparser does not call text/plain), whitespace collapsed, NFC."""
    if html and value.strip():
        try:
            root = lxml.html.fragment_fromstring(value, create_parent="div")
        except (etree.ParserError, ValueError):  # markup with no element in it: entities only
            value = htmllib.unescape(re.sub(r"<[^>]*>", " ", value))
        else:
            for bad in root.xpath(".//script | .//style"):
                bad.drop_tree()
            for element in root.iter():  # a line break or a block ends a line, as a reader sees it
                if element.tag == "br" or element.tag in _BLOCKS:
                    element.tail = "\n" + (element.tail or "")
            value = root.text_content()
    return " ".join(unicodedata.normalize("NFC", value).split())


def _is_html(entry: dict, check: Check) -> bool:
    key = check.path[0]
    content = (entry.get("content") or [{}])[0]
    if key.startswith("title"):
        detail = entry.get("title_detail") or {}
    elif key == "content":
        detail = content
    else:  # a summary; feedparser gives the content as the summary of an entry that has none
        detail = entry.get("summary_detail") or content
    return detail.get("type", "text/plain") != "text/plain"


def base_of(case: Case) -> str | None:
    """The base URL an HTTP test is read against: its Content-Location, else the address it is served at."""
    if "content-location" in case.headers:
        return case.headers["content-location"]
    return _SERVED_AT + "tests/" + case.name if "http" in case.name else None


def feedparser_view(case: Case):
    """feedparser's parse of the file as its own runner gives it (Content-Location as the base), or a
    reason the file is left out."""
    if set(case.headers) - {"content-location"}:
        return None, "needs HTTP headers a file does not carry"
    base = base_of(case)
    # served as the suite's runner serves it: with a content type, and the base as Content-Location
    headers = {"content-type": "application/xml", "content-location": base} if base else None
    parsed = feedparser.parse(case.data, response_headers=headers)
    try:
        met = eval(case.expect, {"time": time}, parsed)  # the suite's own expression, as its runner does
    except Exception:  # an expression that fails on this parse is one feedparser does not meet
        met = False
    return (parsed, None) if met else (None, "feedparser itself does not meet the expectation from the bytes alone")


def loader_items(case: Case) -> dict[int, object]:
    """{entry index: the article row the loader builds, or the reason it refused the item}."""
    items: dict[int, object] = {}
    try:
        for record in read_feed(case.data):
            if isinstance(record, FileProblem):
                continue
            items[record.number - 1] = _row(record, case)
    except FileProblem as e:
        return {-1: (None, e.reason)}
    return items


def _row(record: Record, case: Case):
    """The article row of one item. An item with neither title nor text, which the loader refuses as
    no article, is built again with a placeholder title, so that its other fields are still measured."""
    try:
        return build_row(record, path=case.name, base_url=base_of(case))[0], ""
    except ValueError as e:
        refused = Record({**record.fields, "title": PLACEHOLDER}, record.number, record.paragraphs)
        return build_row(refused, path=case.name, base_url=base_of(case))[0], str(e)


def _date(value) -> dt.datetime | None:
    if isinstance(value, tuple):
        return dt.datetime.fromtimestamp(calendar.timegm(value), dt.timezone.utc)
    parsed = feedparser_date(value) if isinstance(value, str) else None
    return None if parsed is None else dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.timezone.utc)


def compare(case: Case, check: Check, entry: dict, row) -> Outcome:
    """One check of one file against the article the loader made of that entry."""
    wanted = _wanted(check, entry)
    row, refused = row
    if row is None:  # the reader gave no record for this item
        return Outcome(case.name, check, False, None, wanted, f"item not read: {refused}")
    got = _got(check, row)
    if check.field == "title" and refused:
        got = ""  # the placeholder is not the item's title
    note = f"(an item the loader refuses: {refused})" if refused else ""
    if check.field == "author" and check.path[0] == "authors":
        return Outcome(case.name, check, bool(wanted) and wanted in got, got, wanted, note)
    return Outcome(case.name, check, got == wanted, got, wanted, note)


def _wanted(check: Check, entry: dict):
    value = check.expected
    if check.field == "published":
        return _date(value)
    if check.field == "link":
        return normalise_url(value)
    if check.field in ("title", "summary", "content"):
        return text_of(value, _is_html(entry, check))
    return " ".join(str(value).split())


def _got(check: Check, row):
    if check.field == "published":
        return None if row.published is None else row.published.to_pydatetime()
    if check.field == "link":
        return row.url
    if check.field == "author":
        return row.author
    if check.field == "title":
        return row.title
    body = " ".join(row.text.split())
    if check.field == "content":
        return body
    return row.standfirst or body


def _applies(check: Check, entry: dict) -> bool:
    """A date check counts only for the date the loader takes: the first of published, updated, created."""
    if check.field != "published":
        return True
    taken = next((d for d in _DATES if entry.get(d) or entry.get(f"{d}_parsed")), None)
    return check.path[0].removesuffix("_parsed") == taken


def run_case(case: Case, tally: Tally) -> None:
    """Add one file's checks to the tally."""
    found = checks(case.expect)
    if not found:
        return
    parsed, reason = feedparser_view(case)
    if parsed is None:
        tally.left_out[reason] += 1
        return
    tally.considered += 1
    rows = loader_items(case)
    for check in found:
        if check.entry >= len(parsed.entries):
            continue
        entry = parsed.entries[check.entry]
        if not _applies(check, entry):
            continue
        row = rows.get(check.entry, rows.get(-1, (None, "item not read")))
        tally.outcomes.append(compare(case, check, entry, row))


def never_crash(all_cases: list[Case], tally: Tally) -> None:
    """Every file through `load_articles` (written out, as a user's file would be): rows or a problem."""
    with tempfile.TemporaryDirectory() as folder:
        for case in all_cases:
            path = Path(folder) / case.name.replace("/", "__")
            path.write_bytes(case.data)
            try:
                frame = load_articles(path, format="feed", dedupe=False, base_url=base_of(case))
            except Exception as e:  # the one thing this suite must never see
                tally.crashes.append(f"{case.name}: {type(e).__name__}: {e}")
                continue
            report = frame.attrs["load_report"]
            tally.loaded += bool(len(frame))
            tally.problems += bool(report.skipped)
            if not len(frame) and not report.skipped:
                tally.crashes.append(f"{case.name}: no article and no problem")


def run(suite: Path = SUITE) -> Tally:
    tally = Tally()
    all_cases = cases(suite)
    tally.files = len(all_cases)
    for case in all_cases:
        run_case(case, tally)
    never_crash(all_cases, tally)
    return tally


def table(tally: Tally) -> str:
    """The figures as the benchmarks README shows them."""
    lines = [f"files in the suite: {tally.files}; loaded {tally.loaded}, with a problem {tally.problems}, "
             f"crashed {len(tally.crashes)}",
             f"files with checks on carried fields: {tally.considered} considered"
             + "".join(f"; {n} left out ({reason})" for reason, n in tally.left_out.most_common()),
             f"checks: {len(tally.outcomes)}, agreed {tally.agreed}, disagreed {len(tally.outcomes) - tally.agreed}"
             f" ({tally.on_refused} on items the loader refuses as no article, checked with a placeholder title)",
             "", "| field | checks | agreed | disagreed |", "|---|---:|---:|---:|"]
    for name, (agreed, disagreed) in tally.by_field().items():
        lines.append(f"| {name} | {agreed + disagreed} | {agreed} | {disagreed} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--disagreements", type=int, default=20, help="how many disagreements to list")
    args = parser.parse_args(argv)
    tally = run()
    print(table(tally))
    wrong = [o for o in tally.outcomes if not o.agreed]
    for o in wrong[: args.disagreements]:
        print(f"- {o.case} [{o.check.field} {'/'.join(map(str, o.check.path))}]: wanted {o.wanted!r}, "
              f"got {o.got!r} {o.note}".rstrip())
    for crash in tally.crashes:
        print("CRASH", crash)
    return 1 if tally.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
