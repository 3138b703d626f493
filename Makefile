# make book   : set up .venv (pinned), execute stale chapters, build the HTML site in _build/html
#               make book ASSUMPTIONS=my.csv builds a copy of the book under your assumptions
#               (_build/assumptions/my/), leaving the default build untouched
# make test   : system tools, then check that every committed notebook is current (executes
#               nothing), lint, site, PDF and every test (pytest + nbval on the committed notebooks)
# make check-outputs : fail, naming page and input, if a committed notebook is stale
# make unit   : the fast unit tests only (about 35 s)
# make pdf    : the technical and client editions and the chapter PDFs in _build/pdf/
# make chapter N=6 : re-execute one chapter only;   make lab : open the chapters in JupyterLab
# make bench  : time fresh, no-change, data-edit and prose-edit builds, make pdf, make test
PYTHON ?= $(shell command -v python3.11 2>/dev/null || echo python3)
VENV   := .venv
BIN    := $(VENV)/bin
OUT    ?= .
JOBS   ?= 2
STAMP  := $(VENV)/.installed
# JupyterLab gets its own environment: in the book's, it slowed every build (see pyproject).
LAB_VENV  := .venv-lab
LAB_STAMP := $(LAB_VENV)/.installed
LAB_ROOT  := $(if $(filter 0,$(shell id -u)),--allow-root)
JB     := $(BIN)/jupyter-book build . --path-output $(OUT) -n -W --keep-going --quiet
PDF    := $(OUT)/_build/pdf/training-vs-inference.pdf
CLIENT := $(OUT)/_build/pdf/training-vs-inference-client.pdf

.DEFAULT_GOAL := setup
.PHONY: FORCE setup lab-setup execute check-outputs system-tools book pdf test unit lint chapter lab \
	bench clean

setup: $(STAMP)
$(STAMP): pyproject.toml constraints.txt
	@sh tools/system.sh python $(PYTHON)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[book,test]"
	touch $@

# The chapters' .md sources open as notebooks (jupytext) on a double click.
lab-setup: $(LAB_STAMP)
$(LAB_STAMP): pyproject.toml constraints.txt constraints-lab.txt tools/lab/overrides.json
	$(PYTHON) -m venv $(LAB_VENV)
	$(LAB_VENV)/bin/pip install --quiet --disable-pip-version-check -c constraints.txt -c constraints-lab.txt -e ".[lab]"
	mkdir -p $(LAB_VENV)/share/jupyter/lab/settings
	cp tools/lab/overrides.json $(LAB_VENV)/share/jupyter/lab/settings/overrides.json
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

# One LaTeX build writes both editions and the chapters' covers and reference lists
# (_ext/print_edition.py); split_pdf.py cuts the technical edition into chapter PDFs.
define pdf_build
	$(JB) --builder pdflatex
	mkdir -p $(dir $(PDF))
	cp $(OUT)/_build/latex/$(notdir $(PDF)) $(PDF)
	cp $(OUT)/_build/latex/$(notdir $(CLIENT)) $(CLIENT)
	rm -rf $(dir $(PDF))chapters
	$(BIN)/python tools/split_pdf.py $(OUT)/_build/latex $(PDF) $(dir $(PDF))chapters
	rm -rf $(OUT)/_build/html/pdf
	mkdir -p $(OUT)/_build/html/pdf/chapters
	cp $(PDF) $(CLIENT) $(OUT)/_build/html/pdf/
	cp $(dir $(PDF))chapters/*.pdf $(OUT)/_build/html/pdf/chapters/
	@echo "PDF: $(PDF) (technical edition), $(CLIENT) (client edition)"
endef

ifdef ASSUMPTIONS
book: $(STAMP)
	$(BIN)/python tools/reader_build.py $(ASSUMPTIONS)
else
book: execute
	@$(MAKE) --no-print-directory $(SITE_STAMP)
endif

# The site is rebuilt only when a file of the checkout is newer than its last build: Sphinx
# alone takes about 3.5 s to find that nothing changed (sphinxcontrib-bibtex re-formats every
# entry). Without git, every `make book` rebuilds it.
SITE_STAMP  := $(OUT)/_build/html/.site-built
SITE_INPUTS  = $(shell git ls-files -co --exclude-standard 2>/dev/null || echo FORCE)
$(SITE_STAMP): $(SITE_INPUTS)
	$(html)
	@touch $@

FORCE:

pdf: execute
	$(pdf_build)

lint: $(STAMP)
	$(BIN)/ruff check analysis tests tools _ext
	$(BIN)/ruff format --check analysis tests tools _ext
	$(BIN)/python tools/lint_chapters.py

# Nothing is executed here: a notebook committed stale fails check-outputs, and nbval then
# re-runs every committed notebook and compares its stored outputs.
test: system-tools check-outputs lint $(LAB_STAMP)
	$(html)
	$(pdf_build)
	$(BIN)/pytest tests --nbval notebooks book --nbval-current-env -p no:cacheprovider

unit: $(STAMP)
	$(BIN)/pytest tests -m unit -q -p no:cacheprovider

chapter: $(STAMP)
	$(BIN)/python tools/execute.py --force $(N)

lab: $(LAB_STAMP)
	cd notebooks && ../$(LAB_VENV)/bin/jupyter lab $(LAB_ROOT)

bench: $(STAMP)
	$(BIN)/python tools/bench.py --runs 3 --slow-runs 1

clean:
	rm -rf _build
