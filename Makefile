# make book   : set up .venv (pinned), execute stale chapters, build the HTML site in _build/html
# make test   : the same set-up, then lint, site, PDF and every test (pytest + nbval)
# make pdf    : the technical and client editions and the chapter PDFs in _build/pdf/
# make chapter N=6 : re-execute one chapter only;   make lab : open the chapters in JupyterLab
# make bench  : time fresh, no-change, data-edit and prose-edit builds, make pdf, make test
PYTHON ?= python3
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

.PHONY: setup lab-setup execute book pdf test lint chapter lab bench clean

setup: $(STAMP)
$(STAMP): pyproject.toml constraints.txt
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

book: execute
	$(JB) --builder html
	@echo "HTML site: $(OUT)/_build/html/index.html"

# One LaTeX build writes both editions and the chapters' covers and reference lists
# (_ext/print_edition.py); split_pdf.py cuts the technical edition into chapter PDFs.
pdf: execute
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

lint: $(STAMP)
	$(BIN)/ruff check analysis tests tools _ext
	$(BIN)/ruff format --check analysis tests tools _ext

test: lint book pdf $(LAB_STAMP)
	$(BIN)/pytest tests --nbval notebooks book -p no:cacheprovider

chapter: $(STAMP)
	$(BIN)/python tools/execute.py --force $(N)

lab: $(LAB_STAMP)
	cd notebooks && ../$(LAB_VENV)/bin/jupyter lab $(LAB_ROOT)

bench: $(STAMP)
	$(BIN)/python tools/bench.py --runs 3 --slow-runs 1

clean:
	rm -rf _build
