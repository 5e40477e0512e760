"""Importing the package changes nothing process-wide: no csv field limit, matplotlib style, warning
filter, recursion limit, environment variable or YAML loader of other code is touched at import."""
import json
import subprocess
import sys

from analysis.config import PROJECT_ROOT

_PROBE = r"""
import csv, json, os, pkgutil, sys, warnings, importlib
import matplotlib, matplotlib.pyplot, pandas, yaml

def state():
    return {
        "csv.field_size_limit": csv.field_size_limit(),
        "matplotlib.rcParams": {k: repr(v) for k, v in matplotlib.rcParams.items()},
        "warnings.filters": [repr(f) for f in warnings.filters],
        "sys.getrecursionlimit": sys.getrecursionlimit(),
        "os.environ": dict(os.environ),
        "yaml.SafeLoader": sorted(map(str, yaml.SafeLoader.yaml_constructors)),
        "pandas options": repr(pandas.get_option("display.max_rows")) + repr(pandas.get_option("mode.copy_on_write")),
    }

before = state()
import analysis
names = [m.name for m in pkgutil.walk_packages(analysis.__path__, "analysis.") if m.name != "analysis.__main__"]
for name in names:
    importlib.import_module(name)
after = state()
print(json.dumps({"modules": names, "changed": sorted(k for k in before if before[k] != after[k])}))
"""


def test_importing_every_module_leaves_process_state_alone():
    result = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert {"analysis.load.tables", "analysis.style", "analysis.reports", "analysis.cli"} <= set(found["modules"])
    assert found["changed"] == []
