"""The project's own promises: pins agree, README commands exist, generated files stay out of git."""
import json
import re
import subprocess
import tomllib

import pytest
import yaml

from conftest import PROJECT_ROOT


def _requirements(specs):
    found = {}
    for spec in specs:
        if not isinstance(spec, str) or spec.startswith("-e"):
            continue
        name, bound = re.match(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*(.*)$", spec).groups()
        found[re.sub(r"[-_.]+", "-", name).lower()] = bound.replace(" ", "")
    return found


def test_environment_yml_has_the_same_pins_as_pyproject():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    pip_names = _requirements(project["dependencies"] + project["optional-dependencies"]["dev"])
    conda = _requirements(d for d in env["dependencies"] if isinstance(d, str))
    (pip_section,) = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    from_pip = _requirements(pip_section)
    conda_python = conda.pop("python")
    conda.pop("pip")
    assert not set(conda) & set(from_pip)
    # conda-forge splits dask[distributed] into dask and distributed
    expected = {**pip_names, "distributed": pip_names["dask"]}
    assert {**conda, **from_pip} == expected
    assert project["requires-python"] == conda_python == ">=3.11,<3.14"
    assert env["channels"] == ["conda-forge"]
    assert pip_section[-1] == "-e .[dev]"


def test_required_lower_bounds():
    deps = _requirements(tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]["dependencies"])
    assert deps["pandas"].startswith(">=3.")
    assert deps["jupyterlab"].startswith(">=4.")
    nbconvert = tuple(int(x) for x in deps["nbconvert"][2:].split("."))
    assert nbconvert >= (7, 17, 1)
    assert tuple(int(x) for x in deps["papermill"][2:].split(".")) >= (2, 6)
    for name in ("matplotlib", "ipykernel", "pyarrow", "charset-normalizer", "feedparser", "trafilatura",
                 "lxml-html-clean", "tqdm", "pyyaml"):
        assert deps[name].startswith(">="), name


def test_readme_promises_two_commands_that_the_makefile_has():
    readme = (PROJECT_ROOT / "README.md").read_text()
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    assert "make report" in readme and "make test" in readme
    for target in ("setup", "test", "report", "lab"):
        assert re.search(rf"^{target}:", makefile, re.M), target
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "IPYTHONDIR", "MPLCONFIGDIR"):
        assert f"export {var}" in makefile
    assert "make test" in (PROJECT_ROOT / ".ci" / "run").read_text()


def test_generated_reports_are_ignored_by_git(tmp_path):
    probe = PROJECT_ROOT / "reports" / "20990101T000000Z-probe" / "index.html"
    result = subprocess.run(["git", "check-ignore", "-q", str(probe)], cwd=PROJECT_ROOT)
    if result.returncode == 128:
        pytest.skip("not a git checkout")
    assert result.returncode == 0
    keep = subprocess.run(["git", "check-ignore", "-q", str(PROJECT_ROOT / "reports" / "README.md")],
                          cwd=PROJECT_ROOT)
    assert keep.returncode == 1


def test_make_setup_is_a_no_op_once_installed():
    if not (PROJECT_ROOT / ".venv" / ".installed").exists():
        pytest.skip("the project's .venv was not made by `make setup`")
    result = subprocess.run(["make", "-q", "setup"], cwd=PROJECT_ROOT, capture_output=True)
    assert result.returncode == 0, "make setup would re-install although pyproject.toml is unchanged"


def test_project_kernel_is_installed_in_the_environment():
    import sys
    if not (PROJECT_ROOT / ".venv" / ".installed").exists() or not sys.prefix.startswith(str(PROJECT_ROOT)):
        pytest.skip("not running in the project's own .venv")
    spec = json.loads((PROJECT_ROOT / ".venv" / "share" / "jupyter" / "kernels" / "negotiation-tracker"
                       / "kernel.json").read_text())
    assert spec["display_name"] == "Negotiation Tracker"
