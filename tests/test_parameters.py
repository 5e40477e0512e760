"""The report parameters are declared once (`analysis.parameters`): every notebook's parameters cell
declares exactly them, with their types and defaults; the check names the bad one; the command line's
options are made from them."""
import argparse
import ast
import dataclasses
import datetime as dt

import nbformat
import papermill
import pytest

from analysis.config import NOTEBOOKS_DIR
from analysis.parameters import (NAMES, NOTEBOOK_DEFAULTS, ParameterError, ReportParameters,
                                 add_parameter_options, defaults, option_names)

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
TYPES = {f.name: f.type for f in dataclasses.fields(ReportParameters)}


def test_the_parameters_in_their_order():
    assert NAMES == ("corpus", "start", "end", "as_of", "top_n", "freq", "actors_file", "actors", "sides",
                     "output_dir")
    assert option_names() == ("corpus", "start", "end", "as_of")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_declares_exactly_the_parameters(path):
    declared = papermill.inspect_notebook(str(path))
    assert tuple(declared) == NAMES
    for name, found in declared.items():
        assert found["inferred_type_name"] == TYPES[name], name
        assert ast.literal_eval(found["default"]) == defaults(path.stem)[name], name
        assert found["help"], name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_hands_every_parameter_to_start(path):
    nb = nbformat.read(path, as_version=4)
    calls = [node for cell in nb.cells if cell.cell_type == "code"
             for node in ast.walk(ast.parse(cell.source))
             if isinstance(node, ast.Call) and ast.unparse(node.func) == "notebook.start"]
    assert len(calls) == 1
    assert [(k.arg, ast.unparse(k.value)) for k in calls[0].keywords] == [(n, n) for n in NAMES]


def test_notebook_defaults_are_of_notebooks_that_exist():
    assert set(NOTEBOOK_DEFAULTS) <= {p.stem for p in NOTEBOOKS}
    assert defaults("briefing")["top_n"] == 10 and defaults("actor_mentions")["freq"] == "month"
    assert defaults()["top_n"] == 15 and defaults("corpus_overview") == defaults()


@pytest.mark.parametrize("given, name, message", [
    ({"corpus": " "}, "corpus", "parameter corpus: give a file, folder, glob or zip of articles"),
    ({"start": "2025-02-30"}, "start", "parameter start='2025-02-30': not an ISO date (YYYY-MM-DD)"),
    ({"start": "2025-03-01", "end": "2025-02-01"}, "end", "parameter end='2025-02-01' is before start='2025-03-01'"),
    ({"as_of": 20250101}, "as_of", "parameter as_of=20250101: not an ISO date (YYYY-MM-DD)"),
    ({"top_n": 0}, "top_n", "parameter top_n=0: a whole number from 1 to 100"),
    ({"top_n": True}, "top_n", "parameter top_n=True: a whole number from 1 to 100"),
    ({"freq": "fortnight"}, "freq", "parameter freq='fortnight': one of day, week, month"),
    ({"sides": "Russia"}, "sides", "parameter sides='Russia': a list of names"),
    ({"actors": [1]}, "actors", "parameter actors=[1]: a list of names"),
    ({"actors_file": 3}, "actors_file", "parameter actors_file=3: the path of a YAML file"),
    ({"actors_file": "no/such.yml"}, "actors_file", "parameter actors_file='no/such.yml': no such file"),
    ({"topn": 5}, "topn", "unknown parameter 'topn' (known: corpus, start, end, as_of, top_n, freq, "
                          "actors_file, actors, sides, output_dir)"),
])
def test_a_bad_parameter_is_named(given, name, message):
    with pytest.raises(ParameterError) as caught:
        ReportParameters.of(**given).checked()
    assert caught.value.name == name and str(caught.value) == message


def test_checked_parameters():
    checked = ReportParameters.of(start="2025-02-01", as_of=dt.date(2025, 3, 1), actors=None).checked()
    assert checked == {"corpus": "data/sample", "start": dt.date(2025, 2, 1), "end": None,
                       "as_of": dt.date(2025, 3, 1), "top_n": 15, "freq": "week", "actors_file": "",
                       "actors": [], "sides": [], "output_dir": ""}


def test_options_are_made_from_the_parameters():
    parser = argparse.ArgumentParser()
    add_parameter_options(parser)
    assert vars(parser.parse_args([])) == dict.fromkeys(option_names())
    given = parser.parse_args(["--as-of", "2025-03-01", "--corpus", "x"])
    assert given.as_of == "2025-03-01" and given.corpus == "x" and given.start is None
    assert "--as-of YYYY-MM-DD" in parser.format_help()
