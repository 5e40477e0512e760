"""What the report notebooks call: check their parameters, load the corpus once, show and save charts,
and record the values a report states (so tests and readers can check them).

A notebook stays a thin story: `ctx = notebook.start(**parameters)`, then charts and tables from
`ctx`, each shown with `ctx.show(...)` and summed up with `ctx.record(...)`.
"""
from __future__ import annotations

import datetime as dt
import inspect
import io
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from .charts import save_chart
from .gazetteer import as_gazetteer
from .load import load_articles
from .mentions import MENTION_COLUMNS, TEXT_FIELDS, find_mentions
from .milestones import MILESTONE_COLUMNS, extract_milestones
from .parameters import ParameterError, ReportParameters, resolve
from .quotes import QUOTE_COLUMNS, quotes
from .store import Store, is_store
from .timeline import timeline, upcoming

VALUES_FILE = "values.json"
_STORE_COLUMNS = ["title", "source", "author", "dateline", "url", "n_words", "path"]
_TABLE_COLUMNS = {"mentions": MENTION_COLUMNS, "quotes": QUOTE_COLUMNS, "milestones": MILESTONE_COLUMNS}


def check_parameters(**given) -> dict:
    """Validate a notebook's parameters; raises ParameterError (a ValueError) naming the bad one."""
    return ReportParameters.of(**given).checked()


def conform(table: pd.DataFrame, name: str) -> pd.DataFrame:
    """A mentions, quotes or milestones table with all its columns, also when it is empty (a store
    may give an empty table only its key columns)."""
    columns = _TABLE_COLUMNS[name]
    missing = [c for c in columns if c not in table]
    if missing:
        table = table.assign(**{c: pd.Series(index=table.index, dtype=object) for c in missing})
    return table


def _in_article_order(table: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Rows ordered by the article's publication (then id), field and position: the same order
    whether the table was computed from files or read from a store."""
    if table.empty:
        return table.reset_index(drop=True)
    published = articles.drop_duplicates("article_id").set_index("article_id")["published"]
    field = pd.Categorical(table["field"].astype(str), categories=list(TEXT_FIELDS))
    keys = pd.DataFrame({"published": table["article_id"].map(published), "id": table["article_id"].astype(str),
                         "field": field, "start": table["start"]}, index=table.index)
    order = keys.sort_values(["published", "id", "field", "start"], kind="stable").index
    return table.loc[order].reset_index(drop=True)


@dataclass
class ReportContext:
    """One notebook run: the corpus narrowed to the period, and what the notebook derives from it."""

    articles: pd.DataFrame
    params: dict
    output_dir: Path | None
    corpus: pd.DataFrame | None = None  # the whole corpus, before narrowing to the period
    store: object | None = None  # a corpus Store: mentions, quotes and milestones come from it
    values: dict = field(default_factory=dict)

    @cached_property
    def gazetteer(self):
        return as_gazetteer([resolve(self.params["actors_file"])] if self.params["actors_file"] else None)

    def _stored(self, table: str, article_ids=None) -> pd.DataFrame:
        ids = self.articles["article_id"] if article_ids is None else article_ids
        return conform(self.store.table(table, article_ids=ids), table)

    def _of_sides(self, table: pd.DataFrame) -> pd.DataFrame:
        """The rows of the sides asked for (all when `sides` is empty): a filter on outputs only."""
        if not self.params["sides"]:
            return table
        return table[table["side"].astype(str).isin(self.params["sides"])].reset_index(drop=True)

    @cached_property
    def all_mentions(self) -> pd.DataFrame:
        """Every mention in the period's articles, whatever the side."""
        if self.store is not None:
            return self._stored("mentions")
        return find_mentions(self.articles, self.gazetteer)

    @cached_property
    def mentions(self) -> pd.DataFrame:
        """The mentions of the sides asked for (all when `sides` is empty)."""
        return self._of_sides(self.all_mentions)

    @cached_property
    def all_quotes(self) -> pd.DataFrame:
        """Every quote in the period's articles, its speaker found among all the mentions (a filter
        on the mentions first would credit "he said" to whoever of the sides was named last)."""
        if self.store is not None:
            quoted = self._stored("quotes")[QUOTE_COLUMNS]
        else:
            quoted = quotes(self.articles, self.all_mentions)
        return _in_article_order(quoted, self.articles)

    @cached_property
    def quotes(self) -> pd.DataFrame:
        """The quotes whose speaker is of the sides asked for (all when `sides` is empty)."""
        return self._of_sides(self.all_quotes)

    @cached_property
    def milestones(self) -> pd.DataFrame:
        if self.store is not None:
            return self._stored("milestones")
        return extract_milestones(self.articles, self.all_mentions)

    @cached_property
    def events(self) -> pd.DataFrame:
        return timeline(self.milestones, self.articles)

    @cached_property
    def upcoming(self) -> pd.DataFrame:
        """Events not yet past on the report's "as of" day."""
        return upcoming(self.events, self.as_of)

    @property
    def first_day(self) -> dt.date | None:
        """Publication day of the earliest article (None for an empty period)."""
        first = self.articles["published"].min()
        return None if pd.isna(first) else first.date()

    @property
    def last_day(self) -> dt.date | None:
        last = self.articles["published"].max()
        return None if pd.isna(last) else last.date()

    def load_problems(self) -> pd.DataFrame:
        """Files and records the loader skipped, and the duplicates it dropped, with the reasons."""
        load = self.articles.attrs.get("load_report")
        rows = [("skipped", p.where, p.reason) for p in getattr(load, "skipped", [])]
        rows += [("duplicate", p.where, p.reason) for p in getattr(load, "duplicates", [])]
        return pd.DataFrame(rows, columns=["what", "where", "reason"])

    def new_actors(self) -> list[str]:
        """Actors named in the period but in no article of the corpus published before it."""
        if self.corpus is None or not self.params["start"]:
            return []
        before = self.corpus[self.corpus["published"].dt.date < self.params["start"]]
        if self.store is not None:
            earlier = self._stored("mentions", article_ids=before["article_id"])
        else:
            earlier = find_mentions(before, self.gazetteer) if len(before) else pd.DataFrame({"actor": []})
        seen = set(earlier["actor"].astype(str))
        return sorted(set(self.mentions["actor"].astype(str)) - seen)

    def most(self, table: pd.DataFrame, column: str = "actor") -> str:
        """The most frequent value of a column, the first by name among equals ("" for an empty table)."""
        counts = table[column].astype(str).value_counts()
        if not len(counts):
            return ""
        return min(counts.index[counts == counts.iloc[0]])

    @property
    def as_of(self) -> pd.Timestamp:
        """The report's "as of" day: the parameter, else the day of the latest article."""
        if self.params["as_of"]:
            return pd.Timestamp(self.params["as_of"])
        latest = self.articles["published"].max()
        return pd.Timestamp(dt.date.today()) if pd.isna(latest) else latest.tz_localize(None).normalize()

    def show(self, fig, name: str):
        """Save the chart (PNG + CSV) into the output folder and return it as an image to display.

        An image rather than the Figure, so it shows (and is embedded in the HTML export) whatever
        matplotlib backend the kernel runs.
        """
        from IPython.display import Image

        if self.output_dir is not None:
            png, _ = save_chart(fig, self.output_dir / "charts", name)
            return Image(data=png.read_bytes(), format="png")
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        return Image(data=buffer.getvalue(), format="png")

    def record(self, **values) -> pd.DataFrame:
        """Keep values the report states (written to values.json) and show them as a small table."""
        clean = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in values.items()}
        clean = {k: (None if v is pd.NaT else v) for k, v in clean.items()}
        self.values.update(clean)
        if self.output_dir is not None:
            self.output_dir.mkdir(parents=True, exist_ok=True)
            (self.output_dir / VALUES_FILE).write_text(json.dumps(self.values, indent=2, default=str),
                                                       encoding="utf-8")
        return pd.DataFrame({"value": [str(v) for v in clean.values()]}, index=list(clean))


def start(corpus: str = ReportParameters.corpus, **given) -> ReportContext:
    """Check the parameters (`ReportParameters`), load the corpus and keep the articles published from
    `start` to `end`."""
    params = check_parameters(corpus=corpus, **given)
    source = resolve(params["corpus"])
    store = None
    if is_store(source):
        if params["actors_file"]:
            raise ParameterError("actors_file", "parameter actors_file: a store keeps what was extracted "
                                 "at ingest; ingest with --actors instead")
        store = Store(source)
        # the period's articles without their text: charts and tables need only the metadata
        whole = articles = store.articles(columns=_STORE_COLUMNS)
    else:
        whole = articles = load_articles(source)
    if params["start"]:
        articles = articles[articles["published"].dt.date >= params["start"]]
    if params["end"]:
        articles = articles[articles["published"].dt.date <= params["end"]]
    articles = articles.reset_index(drop=True)
    output_dir = params["output_dir"]
    return ReportContext(articles, params, resolve(output_dir) if output_dir else None, corpus=whole, store=store)


# what help(start) shows: every parameter by name, with its default
start.__signature__ = inspect.signature(ReportParameters).replace(return_annotation="ReportContext")
