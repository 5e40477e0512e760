# Two commands on a fresh machine: `make report` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
KERNEL := negotiation-tracker

# Keep Jupyter, IPython and matplotlib state inside the project, not in the user's home.
STATE := $(CURDIR)/.state
export JUPYTER_CONFIG_DIR   := $(STATE)/jupyter/config
export JUPYTER_DATA_DIR     := $(STATE)/jupyter/data
export JUPYTER_RUNTIME_DIR  := $(STATE)/jupyter/runtime
export IPYTHONDIR           := $(STATE)/ipython
export MPLCONFIGDIR         := $(STATE)/matplotlib
export JUPYTER_PLATFORM_DIRS := 1

.PHONY: setup test report lab bench clean

setup: $(STAMP)

# Re-installs only when pyproject.toml changes; otherwise `make setup` is a no-op.
$(STAMP): pyproject.toml
	@mkdir -p $(JUPYTER_CONFIG_DIR) $(JUPYTER_DATA_DIR) $(JUPYTER_RUNTIME_DIR) $(IPYTHONDIR) $(MPLCONFIGDIR)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Negotiation Tracker" >/dev/null
	@touch $(STAMP)

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

report: setup
	$(PY) -m analysis report

# Speed side by side with the peers; needs the development corpora beside the project.
bench: setup
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	$(PY) benchmarks/bench_load.py
	$(PY) benchmarks/bench_mentions.py
	$(PY) benchmarks/bench_times.py
	$(PY) benchmarks/bench_report.py

lab: setup
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks --ServerApp.ip=127.0.0.1 $(if $(filter 0,$(shell id -u)),--allow-root)

clean:
	rm -rf $(VENV) $(STATE) .pytest_cache .hypothesis
