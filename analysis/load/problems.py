"""What a load reports: problems with files or records, warnings, duplicates, and the one-line summary."""
from __future__ import annotations

import csv
import io
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

#: Up to this many skipped files or records the summary names each; beyond it, it counts them by reason.
LISTED_IN_SUMMARY = 5
#: The reason given for JSON, YAML or HTML nested deeper than the parsers can follow.
TOO_DEEP = "nesting too deep: lists or objects inside each other deeper than can be read"
_SHOWN_PATHS = 3
_SHOWN_REASONS = 4
_LONGEST_SHOWN = 160


def printable(name: str) -> str:
    """A file name fit to print and store: bytes that are not UTF-8 (kept by the OS as surrogate
    escapes) are shown as \\xNN, so 'caf\\xe9.txt' names the file without breaking any output."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


def problems_path(output: str | os.PathLike | None) -> str:
    """Where a command puts its list of problems: OUTPUT.problems.csv beside its output file, else a
    new file in the system's temp folder."""
    if output is not None and os.fspath(output) not in ("", "-"):
        return f"{os.fspath(output)}.problems.csv"
    handle, path = tempfile.mkstemp(prefix="negotiation-tracker-problems-", suffix=".csv")
    os.close(handle)
    return path


def _shorten(text: str, limit: int = _LONGEST_SHOWN) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """One file or record that was skipped (or loaded with a warning), and why."""

    path: str
    reason: str
    line: int | None = None
    item: int | None = None  # for formats whose records are not lines (JSON arrays, feeds, Parquet)

    @property
    def where(self) -> str:
        """'path:line', 'path (item N)' or just 'path'."""
        if self.line is not None:
            return f"{self.path}:{self.line}"
        if self.item is not None:
            return f"{self.path} (item {self.item})"
        return self.path

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


class LoadError(ValueError):
    """Raised in strict mode, or when nothing at all could be loaded, naming the file and line."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


class FileProblem(Exception):
    """Raised by a reader when a whole file (or one record, with `line` or `item`) cannot be used."""

    def __init__(self, reason: str, line: int | None = None, item: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.item = item


@dataclass
class LoadReport:
    """Counts and reasons for one call of `load_articles`; kept in `articles.attrs["load_report"]`."""

    files: int = 0
    loaded: int = 0
    skipped: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    duplicates: list[Problem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    def absorb(self, other: "LoadReport") -> None:
        """Add another load's files, problems and duplicates to this one (loads of separate shards)."""
        self.files += other.files
        self.loaded += other.loaded
        self.skipped += other.skipped
        self.warnings += other.warnings
        self.duplicates += other.duplicates
        self.ignored += other.ignored

    def summary(self, problems_file: str | os.PathLike | None = None) -> str:
        """One line for humans: loaded, skipped with reasons, duplicates, warnings.

        A few skipped files are each named with their reason; more are counted by reason with the
        first paths, so the line stays short however many there are. `problems_file` (written by
        `write_problems`) is named at the end as the place of the full list.
        """
        parts = [f"loaded {self.loaded} article{'s' * (self.loaded != 1)} from {self.files} "
                 f"file{'s' * (self.files != 1)}"]
        if not self.skipped:
            parts.append("skipped 0")
        elif len(self.skipped) <= LISTED_IN_SUMMARY:
            parts.append(f"skipped {len(self.skipped)}: " + "; ".join(_shorten(str(p)) for p in self.skipped))
        else:
            parts.append(self._skipped_counts())
        parts.append(f"{len(self.duplicates)} duplicate{'s' * (len(self.duplicates) != 1)} dropped")
        if self.warnings:
            parts.append(f"{len(self.warnings)} warning{'s' * (len(self.warnings) != 1)}")
        if problems_file is not None:
            parts.append(f"every problem listed in {printable(os.fspath(problems_file))}")
        return "; ".join(parts)

    def _skipped_counts(self) -> str:
        """'skipped 8807 (8000 unsupported file type '.png', 807 empty file): a.png, b.png, c.png and 8804 more'."""
        reasons = Counter(_shorten(p.reason.split(": ", 1)[0], 60) for p in self.skipped)
        common = reasons.most_common(_SHOWN_REASONS)
        counts = [f"{n} {reason}" for reason, n in common]
        rest = len(reasons) - len(common)
        if rest:
            counts.append(f"{sum(reasons.values()) - sum(n for _, n in common)} for {rest} other reason"
                          f"{'s' * (rest != 1)}")
        paths = [_shorten(p.where, 80) for p in self.skipped[:_SHOWN_PATHS]]
        return (f"skipped {len(self.skipped)} ({', '.join(counts)}): {', '.join(paths)} "
                f"and {len(self.skipped) - len(paths)} more")

    def problems(self) -> list[tuple[str, Problem]]:
        """(kind, problem) for every skipped file or record, duplicate, warning and ignored file."""
        found = [("skipped", p) for p in self.skipped] + [("duplicate", p) for p in self.duplicates]
        found += [("warning", p) for p in self.warnings]
        return found + [("ignored", Problem(name, "README, licence or hidden file")) for name in self.ignored]

    def problems_csv(self) -> str:
        """Every problem as CSV text: kind, path, line, item, reason."""
        out = io.StringIO(newline="")
        writer = csv.writer(out)
        writer.writerow(["kind", "path", "line", "item", "reason"])
        for kind, p in self.problems():
            writer.writerow([kind, printable(p.path), "" if p.line is None else p.line,
                             "" if p.item is None else p.item, p.reason])
        return out.getvalue()

    def write_problems(self, path: str | os.PathLike) -> Path:
        """Write every problem to a CSV file (its folder made if need be); returns its path. The file
        is renamed into place when complete, with the permissions the umask gives a new file."""
        from ..output import write_atomic

        target = Path(path)
        write_atomic(target, self.problems_csv().encode("utf-8"))
        return target
