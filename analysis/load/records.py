"""What the loader passes between its steps: a reader's `Record`, and the `ArticleRow` built from it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(slots=True)
class Record:
    """One article as a reader found it, before cleaning: its fields under the file's own names (for
    formats that go through column mapping) or as article fields, the line or item it was found at,
    its body when the reader split it into paragraphs, and what the reader noticed on the way."""

    fields: dict
    number: int | None = None  # line or item in the file (None for a file that is one article)
    paragraphs: list[str] | None = None  # the body, paragraph by paragraph; wins over fields["text"]
    warnings: list[str] = field(default_factory=list)
    # False for an article of a multi-article export: its file name carries the export's date, not the article's
    name_date: bool = True


def as_record(item) -> Record:
    """A reader's item as a Record; registered readers may also yield (fields, number) pairs."""
    if isinstance(item, Record):
        return item
    fields, number = item
    return Record(fields, number)


@dataclass(slots=True)
class ArticleRow:
    """One row of the articles table, with where in its file it came from and its same-text key."""

    article_id: str
    title: str
    standfirst: str
    source: str
    author: str
    dateline: str
    published: dt.datetime | None
    url: str
    text: str
    n_words: int
    path: str
    where: dict = field(default_factory=dict)  # {"line": n} or {"item": n}, for the problems it is named in
    text_key: str | None = None  # same normalised title and body = same key; set by the dedupe step
