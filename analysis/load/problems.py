"""What a load reports: problems with files or records, warnings, duplicates, and the one-line summary."""
from __future__ import annotations

from dataclasses import dataclass, field


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
    """Raised by a reader when a whole file (or one record, with `line`) cannot be used."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line


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

    def summary(self) -> str:
        """One line for humans: loaded, skipped with reasons, duplicates, warnings."""
        parts = [f"loaded {self.loaded} article{'s' * (self.loaded != 1)} from {self.files} "
                 f"file{'s' * (self.files != 1)}"]
        if self.skipped:
            parts.append(f"skipped {len(self.skipped)}: " + "; ".join(map(str, self.skipped)))
        else:
            parts.append("skipped 0")
        parts.append(f"{len(self.duplicates)} duplicate{'s' * (len(self.duplicates) != 1)} dropped")
        if self.warnings:
            parts.append(f"{len(self.warnings)} warning{'s' * (len(self.warnings) != 1)}")
        return "; ".join(parts)

    def as_dict(self) -> dict:
        """Plain data for JSON: counts plus every problem as text."""
        return {
            "files": self.files,
            "loaded": self.loaded,
            "skipped": [str(p) for p in self.skipped],
            "duplicates": [str(p) for p in self.duplicates],
            "warnings": [str(p) for p in self.warnings],
            "ignored": list(self.ignored),
        }
