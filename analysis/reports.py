"""Report runs: the notebooks executed through papermill and exported as code-free HTML, each run in
its own folder under reports/, assembled in a temporary folder and moved into place when complete,
listed newest first in reports/index.html. A lock keeps two runs from overlapping."""
from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from .config import KERNEL_NAME, NOTEBOOKS_DIR, PROJECT_ROOT, REPORTS_DIR
from .locks import Locked, exclusive

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


def _index_html(reports_dir: Path) -> str:
    """The list of every run: when, report, parameters, status and a link; newest first."""
    runs = []
    for meta_file in reports_dir.glob("*/run.json"):
        try:
            runs.append(json.loads(meta_file.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    runs.sort(key=lambda r: r.get("created", ""), reverse=True)
    rows = "".join(
        f"<tr><td>{html.escape(r.get('created', ''))}</td><td>{html.escape(r.get('kind', ''))}</td>"
        f"<td>{html.escape(', '.join(r.get('corpus', [])))}</td>"
        f"<td>{html.escape(', '.join(f'{k}={v}' for k, v in (r.get('parameters') or {}).items() if v not in ('', None, [])))}</td>"
        f"<td>{html.escape(r.get('status', ''))}</td>"
        f"<td><a href=\"{html.escape(r['run_id'])}/{html.escape(r.get('page', 'index.html'))}\">"
        f"{html.escape(r['run_id'])}</a></td></tr>" for r in runs if "run_id" in r)
    table = ("<table><thead><tr><th>created (UTC)</th><th>report</th><th>corpus</th><th>parameters</th><th>status</th>"
             f"<th>run</th></tr></thead><tbody>{rows}</tbody></table>" if rows else "<p>No runs yet.</p>")
    return _page("Negotiation Tracker reports", f"<h1>Reports</h1>{table}")


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


_REMOTE_SCRIPT = re.compile(r"<script[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>", re.I | re.S)
DEFAULT_NOTEBOOKS = ["corpus_overview", "actor_mentions", "milestones", "briefing"]
TITLES = {"corpus_overview": "Corpus overview", "actor_mentions": "Actor mentions",
          "milestones": "Negotiation milestones", "briefing": "Briefing"}


ReportLocked = Locked  # another report run holds the lock


@dataclass
class NotebookResult:
    name: str
    status: str  # ok | failed
    seconds: float
    error: str = ""


def export_html(notebook: str | Path, html_path: str | Path | None = None) -> Path:
    """A code-free, self-contained HTML page of an executed notebook: no inputs, no prompts, no
    parameter cells, images embedded. Written atomically; returns its path."""
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    notebook = Path(notebook)
    html_path = Path(html_path) if html_path else notebook.with_suffix(".html")
    nb = nbformat.read(notebook, as_version=4)
    remover = TagRemovePreprocessor(remove_cell_tags={"injected-parameters", "parameters"}, enabled=True)
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    exporter.register_preprocessor(remover, enabled=True)
    body, _ = exporter.from_notebook_node(nb)
    # Self-contained: no scripts from the web (require.js, MathJax) that a reader offline would miss.
    body = _REMOTE_SCRIPT.sub("", body)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomic(html_path, body)
    return html_path


def _failure(error: Exception, name: str, executed: Path) -> str:
    """'name.ipynb failed in cell N (first line of it): Error: message', N counted in the notebook
    as its author sees it (without the cell papermill injects)."""
    import nbformat

    kind, message = getattr(error, "ename", type(error).__name__), getattr(error, "evalue", str(error))
    where = "a cell"
    try:
        cells = nbformat.read(executed, as_version=4).cells
        added = {"injected-parameters", "papermill-error-cell-tag"}  # cells papermill inserts
        own = [c for c in cells if not added & set(c.metadata.get("tags", []))]
        for number, cell in enumerate(own, start=1):
            if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                where = f"cell {number} ({cell.source.strip().splitlines()[0][:60]})"
                break
    except (OSError, ValueError):
        pass
    return f"{name}.ipynb failed in {where}: {kind}: {message}"


def run_notebook(name: str, parameters: dict, folder: Path, timeout: int = 600,
                 notebooks_dir: Path = NOTEBOOKS_DIR, progress: bool = False) -> NotebookResult:
    """Execute one notebook into `folder` (executed .ipynb, HTML, charts, values) and export it,
    failed or not: a failure is visible in its HTML."""
    import papermill

    started = time.perf_counter()
    executed = folder / f"{name}.ipynb"
    params = {**parameters, "output_dir": str(folder / name)}
    error = ""
    try:
        papermill.execute_notebook(str(notebooks_dir / f"{name}.ipynb"), str(executed), parameters=params,
                                   kernel_name=KERNEL_NAME, cwd=str(PROJECT_ROOT), progress_bar=progress,
                                   execution_timeout=timeout, log_output=False,
                                   # the kernel's own start-up and shutdown chatter would fill cron mail
                                   extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
    except Exception as e:  # papermill wraps cell errors; anything else is reported the same way
        error = _failure(e, name, executed)
    if executed.exists():
        export_html(executed, folder / f"{name}.html")
    return NotebookResult(name, "failed" if error else "ok", time.perf_counter() - started, error)


def _run_page(meta: dict, results: list[NotebookResult]) -> str:
    rows = "".join(
        f"<tr><td><a href=\"{html.escape(r.name)}.html\">{html.escape(TITLES.get(r.name, r.name))}</a></td>"
        f"<td>{html.escape(r.status)}</td><td class=\"num\">{r.seconds:.1f} s</td>"
        f"<td>{html.escape(r.error)}</td></tr>" for r in results)
    params = "".join(f"<li>{html.escape(k)}: {html.escape(str(v))}</li>" for k, v in meta["parameters"].items())
    return _page(f"Report {meta['run_id']}",
                 f"<h1>Negotiation report</h1><p class=\"meta\">{html.escape(meta['created'])} UTC · "
                 f"status: {html.escape(meta['status'])} · <a href=\"../index.html\">all reports</a></p>"
                 f"<h2>Parameters</h2><ul>{params}</ul>"
                 f"<h2>Notebooks</h2><table><thead><tr><th>report</th><th>status</th><th>time</th>"
                 f"<th>error</th></tr></thead><tbody>{rows}</tbody></table>")


def _lock(reports_dir: Path):
    return exclusive(reports_dir / ".report.lock", "another report run is in progress")


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:40] or "corpus"


def run_report(parameters: dict, notebooks: list[str] | None = None, out: str | Path | None = None,
               jobs: int = 1, timeout: int = 600, progress: bool = False, now: dt.datetime | None = None,
               notebooks_dir: str | Path = NOTEBOOKS_DIR) -> tuple[Path, list[NotebookResult]]:
    """Run the report notebooks with `parameters` into reports/<run-id>/; returns (run page, results).

    The run is assembled in a hidden temporary folder and renamed into place when complete, so an
    interrupted run leaves earlier reports as they were; a failed notebook still gets its HTML.
    """
    reports_dir = Path(out) if out else REPORTS_DIR
    names = notebooks or DEFAULT_NOTEBOOKS
    notebooks_dir = Path(notebooks_dir)
    for name in names:
        if not (notebooks_dir / f"{name}.ipynb").exists():
            raise ValueError(f"notebook {name!r} not found in {notebooks_dir}")
    created = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    period = "_".join(filter(None, (parameters.get("start"), parameters.get("end"))))
    run_id = f"{created:%Y%m%dT%H%M%SZ}-{_slug(Path(str(parameters['corpus'])).name)}" + (f"-{period}" if period else "")
    with _lock(reports_dir):
        final = reports_dir / run_id
        suffix = 1
        while final.exists():
            suffix += 1
            final = reports_dir / f"{run_id}-{suffix}"
        staging = Path(tempfile.mkdtemp(dir=reports_dir, prefix=".incomplete-"))
        try:
            with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
                futures = {pool.submit(run_notebook, n, parameters, staging, timeout, notebooks_dir,
                                       progress=progress and jobs == 1): n for n in names}
                done = as_completed(futures)
                if progress and jobs > 1:
                    from tqdm.auto import tqdm
                    done = tqdm(done, total=len(futures), desc="notebooks", unit="notebook")
                finished = {futures[f]: f.result() for f in done}
                results = [finished[n] for n in names]
            status = "ok" if all(r.status == "ok" for r in results) else "failed"
            meta = {"run_id": final.name, "kind": "report", "created": f"{created:%Y-%m-%d %H:%M:%S}",
                    "corpus": [str(parameters["corpus"])], "parameters": parameters, "status": status,
                    "page": "index.html", "notebooks": [r.__dict__ for r in results]}
            (staging / "index.html").write_text(_run_page(meta, results), encoding="utf-8")
            (staging / "run.json").write_text(json.dumps(meta, indent=2, default=str), encoding="utf-8")
            staging.rename(final)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _write_atomic(reports_dir / "index.html", _index_html(reports_dir))
    return final / "index.html", results
