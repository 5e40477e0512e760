"""Report runs under reports/: each in its own folder, written to a temporary folder and moved into place."""
from __future__ import annotations

import datetime as dt
import html
import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from .config import REPORTS_DIR
from .output import table_bytes

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:72rem;margin:2rem auto;
padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem}
.meta{color:#666;font-size:.9rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
table.narrow{width:auto;min-width:22rem}td.nowrap{white-space:nowrap}
.counts{font-size:1.05rem}
li{margin:.2rem 0}
"""


def _page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>"
            f"<body>{body}</body></html>\n")


def _cell(value, css: str) -> str:
    text = "" if value is None or value is pd.NaT else str(value)
    return f"<td class=\"{css}\">{html.escape(text)}</td>" if css else f"<td>{html.escape(text)}</td>"


def _table(frame: pd.DataFrame, numeric: tuple[str, ...] = (), nowrap: tuple[str, ...] = (),
           narrow: bool = False) -> str:
    if frame.empty:
        return "<p>None.</p>"
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    css = {c: "num" if c in numeric else "nowrap" if c in nowrap else "" for c in frame.columns}
    rows = "".join("<tr>" + "".join(_cell(v, css[c]) for c, v in zip(frame.columns, row)) + "</tr>"
                   for row in frame.itertuples(index=False))
    cls = ' class="narrow"' if narrow else ""
    return f"<table{cls}><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _items(problems) -> str:
    if not problems:
        return "<p>None.</p>"
    return "<ul>" + "".join(f"<li>{html.escape(str(p))}</li>" for p in problems) + "</ul>"


def corpus_overview_html(articles: pd.DataFrame, corpus: list[str], created: dt.datetime) -> str:
    """A code-free page: what was loaded (by source and month, each article) and what was skipped."""
    report = articles.attrs["load_report"]
    by_source = (articles.assign(source=articles["source"].replace("", "(unknown)"))
                 .groupby("source").size().sort_values(ascending=False)
                 .rename("articles").reset_index())
    by_month = (articles.dropna(subset=["published"])
                .assign(month=lambda d: d["published"].dt.strftime("%Y-%m"))
                .groupby("month").size().rename("articles").reset_index())
    listing = articles.sort_values("published").assign(
        date=lambda d: d["published"].dt.strftime("%Y-%m-%d").fillna("?"))[
        ["date", "source", "title", "author", "n_words"]].rename(columns={"n_words": "words"})
    body = (
        f"<h1>Corpus overview</h1><p class=\"meta\">{html.escape(', '.join(corpus))} · "
        f"generated {created:%Y-%m-%d %H:%M} UTC</p>"
        f"<p class=\"counts\"><strong>{report.loaded}</strong> articles loaded from {report.files} files · "
        f"<strong>{len(report.skipped)}</strong> skipped · <strong>{len(report.duplicates)}</strong> "
        f"duplicates dropped · <strong>{len(report.warnings)}</strong> warnings</p>"
        f"<h2>Articles by source</h2>{_table(by_source, ('articles',), narrow=True)}"
        f"<h2>Articles by month</h2>{_table(by_month, ('articles',), narrow=True)}"
        f"<h2>Articles</h2>{_table(listing, ('words',), nowrap=('date',))}"
        f"<h2>Skipped</h2>{_items(report.skipped)}"
        f"<h2>Duplicates dropped</h2>{_items(report.duplicates)}"
        f"<h2>Warnings</h2>{_items(report.warnings)}")
    return _page("Corpus overview", body)


def _index_html(reports_dir: Path) -> str:
    runs = []
    for meta_file in reports_dir.glob("*/run.json"):
        try:
            runs.append(json.loads(meta_file.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    runs.sort(key=lambda r: r.get("created", ""), reverse=True)
    rows = "".join(
        f"<tr><td>{html.escape(r.get('created', ''))}</td><td>{html.escape(r.get('kind', ''))}</td>"
        f"<td>{html.escape(', '.join(r.get('corpus', [])))}</td><td>{html.escape(r.get('status', ''))}</td>"
        f"<td><a href=\"{html.escape(r['run_id'])}/{html.escape(r.get('page', 'index.html'))}\">"
        f"{html.escape(r['run_id'])}</a></td></tr>" for r in runs if "run_id" in r)
    table = ("<table><thead><tr><th>created (UTC)</th><th>report</th><th>corpus</th><th>status</th>"
             f"<th>run</th></tr></thead><tbody>{rows}</tbody></table>" if rows else "<p>No runs yet.</p>")
    return _page("Negotiation Tracker reports", f"<h1>Reports</h1>{table}")


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


def write_corpus_report(articles: pd.DataFrame, corpus: list[str],
                        out_dir: str | Path | None = None, now: dt.datetime | None = None) -> Path:
    """Write reports/<run-id>/ (overview HTML, articles CSV, load report JSON) and refresh the index.

    The run is assembled in a hidden temporary folder and renamed into place only when complete,
    so an interrupted run never leaves a half-written report behind.
    """
    reports_dir = Path(out_dir) if out_dir else REPORTS_DIR
    reports_dir.mkdir(parents=True, exist_ok=True)
    created = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    corpus = [str(p) for p in corpus]
    run_id = f"{created:%Y%m%dT%H%M%SZ}-corpus"
    final = reports_dir / run_id
    suffix = 1
    while final.exists():
        suffix += 1
        final = reports_dir / f"{run_id}-{suffix}"
    staging = Path(tempfile.mkdtemp(dir=reports_dir, prefix=".incomplete-"))
    try:
        (staging / "index.html").write_text(corpus_overview_html(articles, corpus, created),
                                            encoding="utf-8")
        (staging / "articles.csv").write_bytes(table_bytes(articles, "csv"))
        (staging / "load_report.json").write_text(
            json.dumps(articles.attrs["load_report"].as_dict(), indent=2, ensure_ascii=False),
            encoding="utf-8")
        meta = {"run_id": final.name, "kind": "corpus overview", "created": f"{created:%Y-%m-%d %H:%M:%S}",
                "corpus": corpus, "status": "ok", "page": "index.html"}
        (staging / "run.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
        staging.rename(final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _write_atomic(reports_dir / "index.html", _index_html(reports_dir))
    return final / "index.html"
