# make book   : set up .venv (pinned), execute stale chapters, build the HTML site in _build/html
# make test   : system tools, then check that every committed notebook is current (executes
#               nothing), lint, site, PDF and every test (pytest + nbval on the committed notebooks)
# make check-outputs : fail, naming page and input, if a committed notebook is stale
# make unit   : the fast unit tests only (under 30 s)
# make pdf    : the whole-book PDF in _build/pdf/training-vs-inference.pdf
# make chapter N=6 : re-execute one chapter only;   make lab : open the chapters in JupyterLab
# make bench  : time fresh, no-change, data-edit and prose-edit builds, make pdf, make test
PYTHON ?= $(shell command -v python3.11 2>/dev/null || echo python3)
VENV   := .venv
BIN    := $(VENV)/bin
OUT    ?= .
JOBS   ?= 2
STAMP  := $(VENV)/.installed
JB     := $(BIN)/jupyter-book build . --path-output $(OUT) -n -W --keep-going --quiet
PDF    := $(OUT)/_build/pdf/training-vs-inference.pdf

.DEFAULT_GOAL := setup
.PHONY: setup execute check-outputs system-tools book pdf test unit lint chapter lab bench clean

setup: $(STAMP)
$(STAMP): pyproject.toml constraints.txt
	@sh tools/system.sh python $(PYTHON)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[book,test]"
	touch $@

execute: $(STAMP)
	$(BIN)/python tools/execute.py --jobs $(JOBS)

check-outputs: $(STAMP)
	$(BIN)/python tools/execute.py --check

system-tools:
	@sh tools/system.sh tools

define html
	$(JB) --builder html
	@echo "HTML site: $(OUT)/_build/html/index.html"
endef

define pdf_build
	$(JB) --builder pdflatex
	mkdir -p $(dir $(PDF))
	cp $(OUT)/_build/latex/training-vs-inference.pdf $(PDF)
	$(BIN)/python tools/split_pdf.py $(PDF) $(dir $(PDF))chapters
	mkdir -p $(OUT)/_build/html/pdf
	cp $(PDF) $(dir $(PDF))chapters/*.pdf $(OUT)/_build/html/pdf/
	@echo "PDF: $(PDF)"
endef

book: execute
	$(html)

pdf: execute
	$(pdf_build)

lint: $(STAMP)
	$(BIN)/ruff check analysis tests tools _ext
	$(BIN)/ruff format --check analysis tests tools _ext
	$(BIN)/python tools/lint_chapters.py

# Nothing is executed here: a notebook committed stale fails check-outputs, and nbval then
# re-runs every committed notebook and compares its stored outputs.
test: system-tools check-outputs lint
	$(html)
	$(pdf_build)
	$(BIN)/pytest tests --nbval notebooks book --nbval-current-env -p no:cacheprovider

unit: $(STAMP)
	$(BIN)/pytest tests -m unit -q -p no:cacheprovider

chapter: $(STAMP)
	$(BIN)/python tools/execute.py --force $(N)

lab: $(STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e ".[book,test,lab]"
	cd notebooks && ../$(BIN)/jupyter lab

bench: $(STAMP)
	$(BIN)/python tools/bench.py --runs 3 --slow-runs 1

clean:
	rm -rf _build
