"""What the report notebooks call: check their parameters, load the corpus once, show and save charts,
and record the values a report states (so tests and readers can check them).

A notebook stays a thin story: `ctx = notebook.start(**parameters)`, then charts and tables from
`ctx`, each shown with `ctx.show(...)` and summed up with `ctx.record(...)`.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import io
import json
from dataclasses import InitVar, dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from .actor_stats import actor_table
from .charts import save_chart
from .load import load_articles
from .mentions import TEXT_FIELDS
from .parameters import ParameterError, ReportParameters, resolve
from .pipeline import EXTRACTORS, of_sides, run
from .resources import Resources
from .schema import conform
from .store import Store, is_store
from .tables import TOP_ROWS, ReportTable, report_table
from .timeline import by_salience, timeline, upcoming

VALUES_FILE = "values.json"
_STORE_COLUMNS = ["title", "source", "author", "dateline", "url", "n_words", "path"]
_REPORT_TABLES = ("mentions", "quotes", "milestones")  # what a report reads from its source


def check_parameters(**given) -> dict:
    """Validate a notebook's parameters; raises ParameterError (a ValueError) naming the bad one."""
    return ReportParameters.of(**given).checked()


def _in_article_order(table: pd.DataFrame, corpus: pd.DataFrame) -> pd.DataFrame:
    """Rows ordered by their article's publication (then id), then by field and position where the
    table has them (a milestone keeps its place within its article): the same order whether the
    table was computed from files or read from a store."""
    if table.empty:
        return table.reset_index(drop=True)
    published = corpus.drop_duplicates("article_id").set_index("article_id")["published"]
    keys = {"published": table["article_id"].map(published), "id": table["article_id"].astype(str)}
    if "field" in table:
        keys |= {"field": pd.Categorical(table["field"].astype(str), categories=list(TEXT_FIELDS)),
                 "start": table["start"]}
    order = pd.DataFrame(keys, index=table.index).sort_values(list(keys), kind="stable").index
    return table.loc[order].reset_index(drop=True)


class TableSource:
    """Where a report's mentions, quotes and milestones come from. `table(name, article_ids=None)`
    gives the rows of the period's articles (of `article_ids`, any of the corpus, when given), with
    every column of the table, unfiltered, in article order; subclasses say where the rows come from."""

    def __init__(self, articles: pd.DataFrame, corpus: pd.DataFrame):
        self.articles, self.corpus = articles, corpus

    def table(self, name: str, article_ids=None) -> pd.DataFrame:
        if name not in _REPORT_TABLES:
            raise ValueError(f"table {name!r}: a report reads {', '.join(_REPORT_TABLES)}")
        rows = conform(self._rows(name, article_ids), name)
        return _in_article_order(rows, self.corpus)

    def _rows(self, name: str, article_ids) -> pd.DataFrame:
        raise NotImplementedError

    def narrowed(self, articles: pd.DataFrame) -> TableSource:
        """The same source for other articles of the corpus (another period)."""
        raise NotImplementedError


class StoredTables(TableSource):
    """The tables a corpus store holds, as its ingest extracted them."""

    def __init__(self, store: Store, articles: pd.DataFrame, corpus: pd.DataFrame):
        super().__init__(articles, corpus)
        self.store = store

    def _rows(self, name: str, article_ids) -> pd.DataFrame:
        ids = self.articles["article_id"] if article_ids is None else article_ids
        return self.store.table(name, article_ids=ids)

    def narrowed(self, articles: pd.DataFrame) -> StoredTables:
        return StoredTables(self.store, articles, self.corpus)


class ComputedTables(TableSource):
    """The tables the pipeline computes from loaded articles with `resources`; those of the period
    are computed once each, whatever is asked for first."""

    def __init__(self, articles: pd.DataFrame, corpus: pd.DataFrame, resources: Resources):
        super().__init__(articles, corpus)
        self.resources = resources
        self._period: dict[str, pd.DataFrame] = {}

    def _rows(self, name: str, article_ids) -> pd.DataFrame:
        if article_ids is not None:
            chosen = self.corpus[self.corpus["article_id"].isin(set(article_ids))].reset_index(drop=True)
            return run(chosen, self.resources, want=name)[name]
        if name not in self._period:
            needed = EXTRACTORS.plan(name)  # kept too: what `name` is computed from
            self._period.update(run(self.articles, self.resources, want=needed, computed=self._period))
        return self._period[name]

    def narrowed(self, articles: pd.DataFrame) -> ComputedTables:
        return ComputedTables(articles, self.corpus, self.resources)


@dataclass
class ReportContext:
    """One notebook run: the corpus narrowed to the period, and what the notebook derives from it.

    Its tables come from `tables`; by default a store's (`store` given) or computed from the articles
    with the bundled gazetteer and the `actors_file` parameter's."""

    articles: pd.DataFrame
    params: dict
    output_dir: Path | None
    corpus: pd.DataFrame | None = None  # the whole corpus, before narrowing to the period
    store: InitVar[Store | None] = None
    values: dict = field(default_factory=dict)
    tables: TableSource | None = None

    def __post_init__(self, store: Store | None):
        if self.tables is not None:
            return
        corpus = self.articles if self.corpus is None else self.corpus
        if store is not None:
            self.tables = StoredTables(store, self.articles, corpus)
        else:
            actors_file = self.params["actors_file"]
            resources = Resources.load(actors_files=[resolve(actors_file)] if actors_file else ())
            self.tables = ComputedTables(self.articles, corpus, resources)

    @cached_property
    def all_mentions(self) -> pd.DataFrame:
        """Every mention in the period's articles, whatever the side."""
        return self.tables.table("mentions")

    @cached_property
    def mentions(self) -> pd.DataFrame:
        """The mentions of the sides asked for (all when `sides` is empty)."""
        return of_sides(self.all_mentions, self.params["sides"])

    @cached_property
    def all_quotes(self) -> pd.DataFrame:
        """Every quote in the period's articles, its speaker found among all the mentions (a filter
        on the mentions first would credit "he said" to whoever of the sides was named last)."""
        return self.tables.table("quotes")

    @cached_property
    def quotes(self) -> pd.DataFrame:
        """The quotes whose speaker is of the sides asked for (all when `sides` is empty)."""
        return of_sides(self.all_quotes, self.params["sides"])

    @cached_property
    def milestones(self) -> pd.DataFrame:
        return self.tables.table("milestones")

    @cached_property
    def events(self) -> pd.DataFrame:
        return timeline(self.milestones, self.articles)

    @cached_property
    def background(self) -> pd.DataFrame:
        """History the period's articles invoke (events long before them), most reported first."""
        events = self.events
        return events if events.empty else by_salience(events[events["background"]])

    @property
    def period(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        """The report's first and last day: the parameters' start and end, else the articles' span
        (the as-of day for a period without articles)."""
        first = self.params["start"] or self.first_day or self.as_of.date()
        last = self.params["end"] or self.last_day or max(first, self.as_of.date())
        return pd.Timestamp(first), pd.Timestamp(last)

    def window(self, days: int) -> ReportContext:
        """The report over the last `days` days up to the as-of day when the parameters give no period
        (no start, no end); else this report. Its `previous` covers as many days just before it."""
        if self.params["start"] or self.params["end"]:
            return self
        last = self.as_of.date()
        return self._over(last - dt.timedelta(days=days - 1), last)

    @cached_property
    def previous(self) -> ReportContext:
        """The report over the days just before this one's period, as many as it has."""
        first, last = self.period
        length = (last - first).days + 1
        return self._over((first - pd.Timedelta(days=length)).date(), (first - pd.Timedelta(days=1)).date())

    def since(self, earlier: ReportContext) -> ReportContext:
        """The report from `earlier`'s first day to this one's last: both periods as one."""
        return self._over(earlier.period[0].date(), self.period[1].date())

    def _over(self, first: dt.date, last: dt.date) -> ReportContext:
        corpus = self.articles if self.corpus is None else self.corpus
        days = corpus["published"].dt.tz_convert("UTC").dt.date
        articles = corpus[(days >= first) & (days <= last)].reset_index(drop=True)
        return dataclasses.replace(self, articles=articles, params={**self.params, "start": first, "end": last},
                                   tables=self.tables.narrowed(articles), values=self.values, store=None)

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
        earlier = self.tables.table("mentions", article_ids=before["article_id"])
        seen = set(earlier["actor"].astype(str))
        return sorted(set(self.mentions["actor"].astype(str)) - seen)

    def actor_table(self) -> pd.DataFrame:
        """Every actor named in the period, most mentioned first: side, mentions, the articles naming
        them, quotes, and the first and last day they were named."""
        return actor_table(self.mentions, self.quotes, self.articles)

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

        alt = getattr(fig, "alt_text", "") or name.replace("_", " ")
        if self.output_dir is not None:
            png, _ = save_chart(fig, self.output_dir / "charts", name)
            return Image(data=png.read_bytes(), format="png", alt=alt)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        return Image(data=buffer.getvalue(), format="png", alt=alt)

    def table(self, frame: pd.DataFrame, name: str, *, what: str = "rows", top: int = TOP_ROWS, **how) -> ReportTable:
        """A table as the report shows it (`tables.report_table`: sorted, readable, its top rows and
        how many are left out), the whole of it saved as `tables/<name>.csv` in the output folder and
        linked from the page."""
        csv_path = link = None
        if self.output_dir is not None:
            csv_path = self.output_dir / "tables" / f"{name}.csv"
            link = f"{self.output_dir.name}/tables/{name}.csv"  # the HTML page lies beside the output folder
        return report_table(frame, what=what, top=top, csv_path=csv_path, csv_link=link, **how)

    def record(self, **values) -> ReportTable:
        """Keep values the report states (written to values.json) and show them as a small table."""
        clean = {k: (v.date() if isinstance(v, pd.Timestamp) and v == v.normalize() else v) for k, v in values.items()}
        clean = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in clean.items()}
        clean = {k: (None if v is pd.NaT else v) for k, v in clean.items()}
        self.values.update(clean)
        if self.output_dir is not None:
            self.output_dir.mkdir(parents=True, exist_ok=True)
            (self.output_dir / VALUES_FILE).write_text(json.dumps(self.values, indent=2, default=str),
                                                       encoding="utf-8")
        shown = pd.DataFrame({"figure": [k.replace("_", " ") for k in clean], "value": [str(v) for v in clean.values()]})
        return report_table(shown, what="figures", top=len(shown))


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
