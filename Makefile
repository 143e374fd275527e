# Every target sets up what it needs: one virtual environment per Python under .venv/.
PYTHONS := 3.8 3.9 3.10 3.11 3.12 3.13
TOOLS_PYTHON := 3.11
BENCH_PYTHON ?= 3.11
VENV := .venv

.PHONY: demo test lint typecheck $(PYTHONS:%=test-%) coverage bench bench-quick clean

demo:
	@python3 -m ops tests/data/operations.json

test: lint typecheck $(PYTHONS:%=test-%)

lint: $(VENV)/tools/ready
	$(VENV)/tools/bin/ruff check ops tests
	$(VENV)/tools/bin/ruff format --check ops tests

typecheck: $(VENV)/tools/ready
	$(VENV)/tools/bin/mypy --strict ops

$(PYTHONS:%=test-%): test-%: $(VENV)/%/ready
	$(VENV)/$*/bin/python -m pytest -q

coverage: $(VENV)/$(TOOLS_PYTHON)/ready
	$(VENV)/$(TOOLS_PYTHON)/bin/pip install -q coverage
	$(VENV)/$(TOOLS_PYTHON)/bin/python -m coverage run --branch --source ops -m pytest -q
	$(VENV)/$(TOOLS_PYTHON)/bin/python -m coverage report --show-missing

bench: $(VENV)/bench-$(BENCH_PYTHON)/ready
	$(VENV)/bench-$(BENCH_PYTHON)/bin/python tests/benchmark.py

bench-quick: $(VENV)/bench-$(BENCH_PYTHON)/ready
	$(VENV)/bench-$(BENCH_PYTHON)/bin/python tests/benchmark.py --quick

$(VENV)/tools/ready: tests/tools-requirements.txt
	$(call make_venv,$(TOOLS_PYTHON),$(VENV)/tools,tests/tools-requirements.txt)

$(VENV)/bench-%/ready: tests/bench-requirements.txt
	$(call make_venv,$*,$(VENV)/bench-$*,tests/bench-requirements.txt)

$(VENV)/%/ready: tests/requirements.txt
	$(call make_venv,$*,$(VENV)/$*,tests/requirements.txt)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis

# $(call make_venv,PYTHON_VERSION,DIRECTORY,REQUIREMENTS)
define make_venv
	@python=$$(sh .ci/find-python $(1)) && "$$python" -m venv --clear $(2)
	$(2)/bin/python -m pip install -q --disable-pip-version-check -r $(3)
	@touch $(2)/ready
endef
