# The README's two commands: `make run` and `make test`. Everything else is set up here.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DB ?= data/warehouse.duckdb
PORT ?= 8501
# this machine only (see the README's deployment section); ADDRESS=0.0.0.0 to serve a network
ADDRESS ?= 127.0.0.1

.PHONY: setup chromium run serve-many test demo bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

# Published comparators for "How we compare", where ../shared/real-data is beside the checkout.
COMPARATOR_FILES := $(wildcard ../shared/real-data/lgbf/lgbf_CHN_indicators_long_*.csv \
    ../shared/real-data/lgbf/lgbf_looked_after_children_tidy.csv \
    ../shared/real-data/scotpho/scotpho_children_subset.csv \
    ../shared/real-data/care-inspectorate/datastore_*.csv \
    ../shared/real-data/care-inspectorate/inspection_series_*.csv)

$(DB): | $(STAMP)
	$(MAKE) demo

demo: $(STAMP)
	$(BIN)/outcomes demo --out data/demo --load --db $(DB)
	@# exit status 1 means loaded, with some rows quarantined: a note, not a failure
	$(if $(COMPARATOR_FILES),$(BIN)/outcomes comparators load $(COMPARATOR_FILES) --db $(DB) \
	    || { [ $$? -eq 1 ] && echo "note: some comparator rows were quarantined (outcomes report lists them)"; })

# Debian's Chromium where it is missing and can be installed; else one line saying what to do
chromium:
	@sh scripts/ensure-chromium

run: $(STAMP) $(DB)
	@sh scripts/ensure-chromium --warn
	OUTCOMES_DB=$(DB) $(BIN)/python -m outcomes.app.serve --server.address $(ADDRESS) --server.port $(PORT)

# several Streamlit processes behind nginx with sticky sessions (README, "Deploying")
PROCESSES ?= 2
serve-many: $(STAMP) $(DB)
	sh scripts/serve-many $(PROCESSES) $(DB) $(ADDRESS) $(PORT)

test: chromium $(STAMP)
	$(BIN)/ruff check --select F,E9 app.py pages core etl outcomes cli tests benchmarks
	$(BIN)/python -m pytest -n 2 --dist loadfile

bench: $(STAMP)
	$(BIN)/python benchmarks/load_benchmark.py
	$(BIN)/python benchmarks/page_benchmark.py
	$(BIN)/python benchmarks/pack_benchmark.py

clean:
	rm -rf data/demo data/*.duckdb data/*.tmp-* data/*.lock .pytest_cache
