"""Tables as a report shows them: the top rows sorted by what matters, cells a reader can read (dates
as dates, lists as names, long text cut at a word), how many rows are left out, and the whole table
saved as CSV and, in the HTML, searchable and sortable by a small script of its own (nothing from
the web; without scripts the full table is still there to read).
"""
from __future__ import annotations

import datetime as dt
import html
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .output import write_atomic

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?")
TOP_ROWS = 15        # rows a report shows before "N more rows"
FULL_ROWS = 2000     # rows the searchable table holds in the page; the CSV always holds all
CUT = 160            # characters of a long text cell before it is cut at a word with "…"

#: the search and sort of long tables, inline in each page that has one (nothing from the web)
TABLE_SCRIPT = """(function(){var box=document.currentScript.parentElement;
function key(td){var t=td.getAttribute('data-sort')||td.textContent.trim();var n=parseFloat(t.replace(/,/g,''));
return /^-?[\\d,]+(\\.\\d+)?$/.test(t)?[0,n]:[1,t.toLowerCase()];}
box.querySelectorAll('table.nt-sortable').forEach(function(table){
var heads=table.tHead.rows[0].cells;
Array.prototype.forEach.call(heads,function(th,i){var b=document.createElement('button');b.type='button';
b.className='nt-sort';b.textContent=th.textContent;th.textContent='';th.appendChild(b);
b.addEventListener('click',function(){var up=th.getAttribute('aria-sort')!=='ascending';
Array.prototype.forEach.call(heads,function(h){h.removeAttribute('aria-sort');});
th.setAttribute('aria-sort',up?'ascending':'descending');var body=table.tBodies[0];
var rows=Array.prototype.slice.call(body.rows);rows.sort(function(r,s){var a=key(r.cells[i]),c=key(s.cells[i]);
var d=a[0]-c[0]||(a[1]<c[1]?-1:a[1]>c[1]?1:0);return up?d:-d;});rows.forEach(function(r){body.appendChild(r);});});});});
var input=box.querySelector('input.nt-search'),count=box.querySelector('.nt-count');
if(input){input.hidden=false;input.addEventListener('input',function(){var q=input.value.toLowerCase(),n=0;
Array.prototype.forEach.call(box.querySelectorAll('table.nt-all tbody tr'),function(r){
var hit=r.textContent.toLowerCase().indexOf(q)>=0;r.hidden=!hit;n+=hit;});
count.textContent=q?n+' of '+count.getAttribute('data-total')+' rows match':'';});}})();"""

_CSS = """<style>.nt-table table{border-collapse:collapse;font-size:.85rem;margin:.3rem 0 .6rem;width:100%;table-layout:auto}
.nt-table table th,.nt-table table td{padding:.25rem .5rem;border-bottom:1px solid #ddd;vertical-align:top;max-width:none;text-align:left!important}
.nt-table table th{background:#f4f4f4}.nt-table table td.nt-num{text-align:right!important;font-variant-numeric:tabular-nums}
.nt-table table td.nt-day{white-space:nowrap}.nt-table table td.nt-long{min-width:12rem}
.nt-table{max-width:100%;overflow-x:auto}
.nt-table .nt-caption{color:#444;font-size:.9rem;margin:.2rem 0}
.nt-table .nt-caption a:link,.nt-table .nt-caption a:visited{text-decoration:underline;color:#0645ad}
.nt-table button.nt-sort{all:inherit;cursor:pointer;font-weight:bold}
.nt-table th[aria-sort=ascending] button.nt-sort::after{content:" \\25B2"}
.nt-table th[aria-sort=descending] button.nt-sort::after{content:" \\25BC"}
.nt-table details{margin:.3rem 0}.nt-table .nt-scroll{max-height:32rem;overflow:auto}
.nt-table input.nt-search{margin:.3rem 0;padding:.2rem .4rem;min-width:18rem}</style>"""


def cell(value, cut: int = CUT) -> str:
    """One value as a reader should see it: a day as 2024-03-29 (with the time only when it has
    one), a list as comma-separated names, a number without float noise, nothing for missing, and
    text longer than `cut` characters cut at a word with "…" (cut=0: never)."""
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray)):
        text = ", ".join(cell(v, 0) for v in value)
    elif value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    elif isinstance(value, (pd.Timestamp, dt.datetime)):
        stamp = pd.Timestamp(value)
        text = stamp.strftime("%Y-%m-%d") if stamp == stamp.normalize() else stamp.strftime("%Y-%m-%d %H:%M")
    elif isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, (bool, np.bool_)):
        text = "yes" if value else "no"
    elif isinstance(value, (float, np.floating)):
        text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    elif isinstance(value, (int, np.integer)):
        text = f"{value:,}" if abs(value) >= 10_000 else str(value)
    else:
        text = " ".join(str(value).split())
    return _cut(text, cut) if cut else text


def _plain(value):
    """A value as the CSV holds it: lists joined with commas, days as ISO dates, the rest as it is."""
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray)):
        return ", ".join(str(_plain(v)) for v in value)
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date)) and value is not pd.NaT:
        return cell(value, 0)
    return value


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = text[:limit + 1]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else text[:limit]).rstrip(" ,;:.-–") + "…"


def readable(frame: pd.DataFrame, cut: int = CUT) -> pd.DataFrame:
    """Every cell of `frame` as `cell` writes it, under column names with spaces for underscores
    ("n_articles": "n articles")."""
    return pd.DataFrame({str(c).replace("_", " "): [cell(v, cut) for v in frame[c]] for c in frame.columns},
                        index=range(len(frame)))


@dataclass
class ReportTable:
    """A table as a report shows it; displays as HTML in a notebook and as text in a console."""

    frame: pd.DataFrame            # the whole table, sorted, with the columns shown
    what: str = "rows"             # what a row is, for the caption ("events", "actors")
    top: int = TOP_ROWS
    csv: str | None = None         # link to the whole table as CSV, relative to the HTML page
    order: str = ""                # how the rows are sorted, for the caption ("most reported first")
    numeric: tuple = ()            # columns aligned as numbers
    sort_as: dict | None = None    # shown column -> the values its rows sort by in the page ("when": ISO days)

    @property
    def left_out(self) -> int:
        return max(0, len(self.frame) - self.top)

    def caption(self) -> str:
        total = len(self.frame)
        if total == 0:
            return f"No {self.what} in this period."
        order = f", {self.order}" if self.order else ""
        if self.left_out:
            return f"The top {self.top} of {total:,} {self.what}{order}; {self.left_out:,} more not shown here."
        return f"All {total:,} {self.what}{order}."

    def _rows(self, frame: pd.DataFrame, cut: int) -> str:
        numeric = {str(c).replace("_", " ") for c in self.numeric}
        shown = readable(frame, cut)
        head = "".join(f"<th scope=\"col\">{html.escape(c)}</th>" for c in shown.columns)
        body = []
        keys = {str(c).replace("_", " "): [cell(v, 0) for v in values.loc[frame.index]]
                for c, values in (self.sort_as or {}).items()}
        for i, (raw, row) in enumerate(zip(frame.itertuples(index=False), shown.itertuples(index=False))):
            cells = []
            for name, value, original in zip(shown.columns, row, raw):
                full = cell(original, 0)
                title = f" title=\"{html.escape(full)}\"" if full != value else ""
                if name in keys:
                    title += f" data-sort=\"{html.escape(keys[name][i])}\""
                kind = (" class=\"nt-num\"" if name in numeric else " class=\"nt-day\"" if _DAY.fullmatch(value)
                        else " class=\"nt-long\"" if len(value) > 60 and isinstance(original, str) else "")
                cells.append(f"<td{kind}{title}>{html.escape(value)}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        return f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>"

    def _repr_html_(self) -> str:
        link = f" <a href=\"{html.escape(self.csv)}\">The whole table as CSV</a>." if self.csv else ""
        parts = [_CSS, "<div class=\"nt-table\">", f"<p class=\"nt-caption\">{html.escape(self.caption())}{link}</p>"]
        if len(self.frame):
            parts.append(f"<table class=\"nt-top\">{self._rows(self.frame.head(self.top), CUT)}</table>")
        if self.left_out:
            full = self.frame.head(FULL_ROWS)
            more = (f" (the first {FULL_ROWS:,}; the CSV holds all {len(self.frame):,})"
                    if len(self.frame) > FULL_ROWS else "")
            parts.append(f"<details><summary>All {len(full):,} {html.escape(self.what)}{more}: search and sort</summary>"
                         f"<input class=\"nt-search\" type=\"search\" hidden aria-label=\"Search the {html.escape(self.what)}\" "
                         f"placeholder=\"Search the {html.escape(self.what)}\"> <span class=\"nt-count\" aria-live=\"polite\" "
                         f"data-total=\"{len(full)}\"></span>"
                         f"<div class=\"nt-scroll\"><table class=\"nt-all nt-sortable\">{self._rows(full, CUT)}</table></div></details>")
            parts.append(f"<script data-nt-tables>{TABLE_SCRIPT}</script>")
        parts.append("</div>")
        return "".join(parts)

    def __repr__(self) -> str:
        shown = readable(self.frame.head(self.top), 60)
        return self.caption() + ("\n" + shown.to_string(index=False) if len(shown) else "")


def report_table(frame: pd.DataFrame, *, sort_by: str | list[str] | None = None, ascending: bool | list[bool] = False,
                 columns: list[str] | None = None, what: str = "rows", order: str = "", top: int = TOP_ROWS,
                 csv_path: Path | None = None, csv_link: str | None = None,
                 sort_as: dict[str, str] | None = None) -> ReportTable:
    """The table a report shows: `frame` sorted by `sort_by`, its `columns`, the top `top` rows shown;
    with `csv_path`, the whole table (lists joined, dates as ISO, text uncut) is written there first.
    `sort_as` names, for a shown column, the column its rows sort by in the page ({"when": "start"})."""
    if sort_by is not None and len(frame):
        frame = frame.sort_values(sort_by, ascending=ascending, kind="stable")
    frame = frame.reset_index(drop=True)
    keys = {shown: frame[by] for shown, by in (sort_as or {}).items()}
    frame = frame[columns] if columns is not None else frame
    if csv_path is not None:
        plain = pd.DataFrame({c: [_plain(v) for v in frame[c]] for c in frame.columns}, columns=frame.columns)
        write_atomic(Path(csv_path), plain.to_csv(index=False).encode("utf-8"))
    numeric = tuple(c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]))
    return ReportTable(frame, what=what, top=top, csv=csv_link, order=order, numeric=numeric, sort_as=keys)
