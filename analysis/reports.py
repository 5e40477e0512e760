"""Report runs: the notebooks executed through papermill and exported as code-free HTML, each run in
its own folder under reports/, assembled in a temporary folder and moved into place when complete,
listed newest first in reports/index.html. A lock keeps two runs from overlapping."""
from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import secrets
import shutil
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .config import KERNEL_NAME, NOTEBOOKS_DIR, PROJECT_ROOT, REPORTS_DIR, SAMPLE_CORPUS
from .locks import Locked, exclusive
from .parameters import NAMES, ParameterError, ReportParameters, short_repr
from .output import write_atomic

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
            f"<body><main>{body}</main></body></html>\n")


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
    write_atomic(path, text.encode("utf-8"))


# nbconvert's lab template without the blocks that load scripts from the web (require.js, MathJax,
# mermaid, widgets): a report must read the same offline, and fetch nothing when opened. Its PNG
# block also writes the image's alternative text, which the lab template drops (only `classic`
# reads `alt` from the output's metadata).
_OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{% block data_png scoped %}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}"
{%- set alttext = (output | get_metadata('alt', 'image/png')) or (cell | get_metadata('alt')) %}
alt="{{ (alttext or 'chart') | escape_html }}"
{%- set width = output | get_metadata('width', 'image/png') %}
{%- if width is not none %} width={{ width | escape_html }}{% endif %}
{%- set height = output | get_metadata('height', 'image/png') %}
{%- if height is not none %} height={{ height | escape_html }}{% endif %}>
</div>
{%- endblock data_png %}
"""
INCOMPLETE_PREFIX = ".incomplete-"
DEFAULT_NOTEBOOKS = ["corpus_overview", "actor_mentions", "milestones", "briefing"]
TITLES = {"corpus_overview": "Corpus overview", "actor_mentions": "Actor mentions",
          "milestones": "Negotiation milestones", "briefing": "Briefing"}


ReportLocked = Locked  # another report run holds the lock
#: what a report run takes (output_dir is each notebook's own folder, set by the run)
PARAMETERS = tuple(name for name in NAMES if name != "output_dir")


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
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    notebook = Path(notebook)
    html_path = Path(html_path) if html_path else notebook.with_suffix(".html")
    nb = nbformat.read(notebook, as_version=4)
    remover = TagRemovePreprocessor(remove_cell_tags={"injected-parameters", "parameters"}, enabled=True)
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                            template_file="offline.html.j2", mathjax_url="", require_js_url="",
                            language_code="en",
                            extra_loaders=[DictLoader({"offline.html.j2": _OFFLINE_TEMPLATE})])
    exporter.register_preprocessor(remover, enabled=True)
    body, _ = exporter.from_notebook_node(nb)
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


def _execute(source: Path, executed: Path, parameters: dict, timeout: int, progress: bool) -> None:
    """papermill.execute_notebook's steps without its changes of working directory: its `cwd=` and
    its file handler chdir the whole process, which the threads running other notebooks share. The
    kernel starts in the project folder instead (nbclient's resources path), so that it imports
    this package; every path parameter is absolute already (prepare_parameters). Raises
    PapermillExecutionError when a cell fails, with the executed notebook (and the error) saved."""
    from papermill.engines import papermill_engines
    from papermill.execute import prepare_notebook_metadata, raise_for_execution_errors, remove_error_markers
    from papermill.iorw import load_notebook_node, write_ipynb
    from papermill.parameterize import parameterize_notebook

    nb = parameterize_notebook(load_notebook_node(str(source)), parameters, kernel_name=KERNEL_NAME)
    nb = remove_error_markers(prepare_notebook_metadata(nb, str(source), str(executed)))
    nb = papermill_engines.execute_notebook_with_engine(
        None, nb, kernel_name=KERNEL_NAME, input_path=str(source), output_path=str(executed),
        progress_bar=progress, log_output=False, start_timeout=60, execution_timeout=timeout,
        resources={"metadata": {"path": str(PROJECT_ROOT)}},
        # the kernel's own start-up and shutdown chatter would fill cron mail
        extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
    raise_for_execution_errors(nb, str(executed))
    write_ipynb(nb, str(executed))


def run_notebook(name: str, parameters: dict, folder: Path, timeout: int = 600,
                 notebooks_dir: Path = NOTEBOOKS_DIR, progress: bool = False) -> NotebookResult:
    """Execute one notebook into `folder` (executed .ipynb, HTML, charts, values) and export it,
    failed or not: a failure is visible in its HTML."""
    started = time.perf_counter()
    folder = Path(absolute(folder))
    executed = folder / f"{name}.ipynb"
    error = ""
    try:
        _execute(Path(notebooks_dir) / f"{name}.ipynb", executed, {**parameters, "output_dir": str(folder / name)},
                 timeout, progress)
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


def absolute(path: str | Path, base: str | Path | None = None) -> str:
    """`path` (with ~ expanded) made absolute against `base`, the caller's working directory by default."""
    path = Path(os.path.expanduser(str(path)))
    return os.path.normpath(path if path.is_absolute() else Path(base or os.getcwd()) / path)


def check_corpus(corpus: str) -> None:
    """Stop a run before any notebook starts when its corpus holds nothing: a path that does not
    exist, files of which none loads, or an empty store (ParameterError naming the corpus)."""
    from .load import load_articles
    from .store import Store, is_store

    if is_store(corpus):
        if Store(corpus).index().empty:
            raise ParameterError("corpus", f"parameter corpus={corpus!r}: nothing loadable (the store is empty)")
        return
    try:
        articles = load_articles(corpus)
    except ValueError as e:  # includes LoadError: no such file, unreadable
        raise ParameterError("corpus", f"parameter corpus={corpus!r}: {e}") from None
    if articles.empty:
        summary = articles.attrs["load_report"].summary()
        raise ParameterError("corpus", f"parameter corpus={corpus!r}: nothing loadable ({summary})")


def prepare_parameters(parameters: dict, base: str | Path | None = None) -> dict:
    """The parameters every notebook of a run gets: known names only, dates as ISO strings, paths made
    absolute against `base` (the caller's working directory), all checked, the actors file loaded
    and the corpus found to hold articles, so that a bad one stops the run before it starts.
    Raises ParameterError (a ValueError) naming the parameter."""
    from .gazetteer import GazetteerError, as_gazetteer
    from .store import is_store

    unknown = sorted(set(parameters) - set(PARAMETERS))
    if unknown:
        raise ParameterError(unknown[0], f"unknown parameter {short_repr(unknown[0])} (known: {', '.join(PARAMETERS)})")
    params = {"corpus": str(SAMPLE_CORPUS), **parameters}
    for name in ("start", "end", "as_of"):
        if isinstance(params.get(name), dt.date) and not isinstance(params[name], dt.datetime):
            params[name] = params[name].isoformat()
    for name in ("corpus", "actors_file"):
        if isinstance(params.get(name), str) and params[name].strip():
            params[name] = absolute(params[name], base)
    ReportParameters(**params).checked()
    if params.get("actors_file"):
        if is_store(params["corpus"]):
            raise ParameterError("actors_file", "parameter actors_file: a store keeps what was extracted at "
                                 "ingest; ingest with --actors instead")
        try:
            as_gazetteer([params["actors_file"]])
        except GazetteerError as e:
            raise ParameterError("actors_file", f"parameter actors_file: {e}") from None
    check_corpus(params["corpus"])
    return params


class ConfigError(ValueError):
    """A report configuration file that cannot be used: names the file, the line and the entry."""


@dataclass
class ReportConfig:
    """What a --config file says: the notebooks, their parameters (with the line of each) and the
    time limit per cell."""

    path: str
    notebooks: list[str] | None = None
    parameters: dict = field(default_factory=dict)
    timeout: int = 600
    lines: dict = field(default_factory=dict)  # parameter name -> line in the file

    def where(self, name: str) -> str:
        """'FILE:LINE' of a parameter of the file, '' for one it does not give."""
        return f"{self.path}:{self.lines[name]}" if name in self.lines else ""


class _ConfigLoader(yaml.SafeLoader):
    """Safe YAML in which an impossible date (2025-02-30) stays a string, for the parameter check to
    name, instead of failing the whole file with 'day is out of range for month'."""


def _lenient_timestamp(loader, node):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_ConfigLoader.add_constructor("tag:yaml.org,2002:timestamp", _lenient_timestamp)
CONFIG_KEYS = ("notebooks", "parameters", "timeout", "corpus")


def _parse_yaml(path: str):
    """(data, node) of a YAML file, or ConfigError naming the file and line."""
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror or e}") from None
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: not a YAML text file (not UTF-8 at byte {e.start})") from None
    loader = _ConfigLoader(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else path
        raise ConfigError(f"{where}: invalid YAML: {getattr(e, 'problem', None) or e}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid YAML: nested too deeply") from None
    finally:
        loader.dispose()


def _key_lines(node) -> dict:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: key.start_mark.line + 1 for key, _ in node.value if isinstance(key, yaml.ScalarNode)}


def _config_notebooks(value, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]  # one notebook by name
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where}: notebooks: a notebook name or a list of them, e.g. [briefing, milestones]")
    return [v.strip() for v in value]


def load_config(path: str | Path) -> ReportConfig:
    """Read and check a report configuration file (YAML with notebooks:, parameters:, timeout:)."""
    path = str(path)
    data, node = _parse_yaml(path)
    data = {} if data is None else data
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping with {', '.join(k + ':' for k in CONFIG_KEYS)} "
                          f"(found {type(data).__name__})")
    lines = _key_lines(node)
    for key in data:
        if key not in CONFIG_KEYS:
            hint = "; parameters go under parameters:" if key in PARAMETERS else ""
            raise ConfigError(f"{path}:{lines.get(key, '?')}: unknown key {short_repr(key)} "
                              f"(known: {', '.join(CONFIG_KEYS)}{hint})")
    config = ReportConfig(path)
    at = {key: f"{path}:{lines.get(key, '?')}" for key in data}
    if "notebooks" in data:
        config.notebooks = _config_notebooks(data["notebooks"], at["notebooks"])
    parameters = {} if data.get("parameters") is None else data["parameters"]
    if not isinstance(parameters, dict) or not all(isinstance(k, str) for k in parameters):
        raise ConfigError(f"{at['parameters']}: parameters: a mapping of parameter names to values, "
                          f"e.g. {{top_n: 5, freq: week}}")
    values = dict(node.value) if isinstance(node, yaml.MappingNode) else {}
    parameter_node = next((v for k, v in values.items() if getattr(k, "value", None) == "parameters"), None)
    config.parameters, config.lines = dict(parameters), _key_lines(parameter_node)
    if "corpus" in data:
        config.parameters["corpus"], config.lines["corpus"] = data["corpus"], lines.get("corpus", "?")
    timeout = data.get("timeout", 600)
    if not isinstance(timeout, int) or isinstance(timeout, bool) or timeout <= 0:
        raise ConfigError(f"{at.get('timeout', path)}: timeout: seconds per cell, a whole number above 0")
    config.timeout = timeout
    return config


def _remove_stale_runs(reports_dir: Path) -> None:
    """Remove the folders of runs that were killed before they completed; only the holder of the
    report lock may call this (every other run would be holding it)."""
    for leftover in reports_dir.glob(f"{INCOMPLETE_PREFIX}*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


def _new_folder(parent: Path, prefix: str) -> Path:
    """A new, uniquely named folder with the umask's permissions (mkdtemp would make it 0700)."""
    while True:
        folder = parent / f"{prefix}{os.getpid()}-{secrets.token_hex(4)}"
        try:
            folder.mkdir(0o777)
            return folder
        except FileExistsError:
            continue


def _run_all(names: list[str], parameters: dict, staging: Path, jobs: int, timeout: int,
             notebooks_dir: Path, progress: bool) -> list[NotebookResult]:
    """Run the notebooks, `jobs` at a time, into `staging`; results in the order of `names`."""
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(run_notebook, n, parameters, staging, timeout, notebooks_dir,
                               progress=progress and jobs == 1): n for n in names}
        done = as_completed(futures)
        if progress and jobs > 1:
            from tqdm.auto import tqdm
            done = tqdm(done, total=len(futures), desc="notebooks", unit="notebook")
        finished = {futures[f]: f.result() for f in done}
    return [finished[n] for n in names]


def run_report(parameters: dict, notebooks: list[str] | None = None, out: str | Path | None = None,
               jobs: int = 1, timeout: int = 600, progress: bool = False, now: dt.datetime | None = None,
               notebooks_dir: str | Path = NOTEBOOKS_DIR) -> tuple[Path, list[NotebookResult]]:
    """Run the report notebooks with `parameters` into <out>/<run-id>/; returns (run page, results).

    Relative paths (`out`, `corpus`, `actors_file`) are taken from the caller's working directory;
    the parameters are checked before anything runs (ParameterError). The run is assembled in a
    hidden folder and renamed into place when complete, so an interrupted run leaves earlier
    reports as they were (and the next run removes its leftovers); a failed notebook still gets
    its HTML.
    """
    reports_dir = Path(absolute(out)) if out else REPORTS_DIR
    if reports_dir.exists() and not reports_dir.is_dir():
        raise ParameterError("out", f"--out {reports_dir}: is a file, not a folder for reports")
    names = notebooks or DEFAULT_NOTEBOOKS
    notebooks_dir = Path(absolute(notebooks_dir))
    for name in names:
        if not (notebooks_dir / f"{name}.ipynb").exists():
            raise ValueError(f"notebook {name!r} not found in {notebooks_dir}")
    parameters = prepare_parameters(parameters)
    created = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    period = "_".join(filter(None, (parameters.get("start"), parameters.get("end"))))
    run_id = f"{created:%Y%m%dT%H%M%SZ}-{_slug(Path(parameters['corpus']).name)}" + (f"-{period}" if period else "")
    with _lock(reports_dir):
        _remove_stale_runs(reports_dir)
        final = reports_dir / run_id
        suffix = 1
        while final.exists():
            suffix += 1
            final = reports_dir / f"{run_id}-{suffix}"
        staging = _new_folder(reports_dir, INCOMPLETE_PREFIX)
        try:
            results = _run_all(names, parameters, staging, jobs, timeout, notebooks_dir, progress)
            status = "ok" if all(r.status == "ok" for r in results) else "failed"
            meta = {"run_id": final.name, "kind": "report", "created": f"{created:%Y-%m-%d %H:%M:%S}",
                    "corpus": [parameters["corpus"]], "parameters": parameters, "status": status,
                    "page": "index.html", "notebooks": [r.__dict__ for r in results]}
            (staging / "index.html").write_text(_run_page(meta, results), encoding="utf-8")
            (staging / "run.json").write_text(json.dumps(meta, indent=2, default=str), encoding="utf-8")
            staging.rename(final)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _write_atomic(reports_dir / "index.html", _index_html(reports_dir))
    return final / "index.html", results
