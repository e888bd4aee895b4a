# lossnb: `make lab` starts JupyterLab on notebooks/, `make test` runs every test.
# Both install what is missing first, all of it inside this folder:
#   .venv/          Python virtualenv: JupyterLab, nbclient (requirements.txt)
#   build/bin/      GoNB, goimports, gopls, lossnb-render (go.mod's tool lines)
#   node_modules/   ECharts and playwright-core (package.json, package-lock.json)
#   build/static/   the ECharts file the Jupyter server serves to the charts
# Delete those folders (and build/) to remove everything.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ROOT  := $(CURDIR)
VENV  := $(ROOT)/.venv
BIN   := $(ROOT)/build/bin
PY    := $(VENV)/bin/python
STAMP := $(ROOT)/build/stamps

# make lab PORT=9000 NO_BROWSER=1
PORT       ?= 8888
NO_BROWSER ?= 0
# Per-cell time limit for the headless notebook run, in seconds.
NB_TIMEOUT ?= 300
# How many inputs each fuzz target tries in `make test` (about a second each). A count,
# not a duration: with a duration, go test's fuzzer can fail with "context deadline
# exceeded" when a loaded machine is slow at the deadline (internal/fuzz wraps only a
# duration in context.WithTimeout).
FUZZTIME   ?= 30000x

export PATH := $(BIN):$(PATH)

.PHONY: help install lab test release release-check bench bench-charts browser-extra coursework bwrap grade nbgrader-test loadtest nothing-lost prereqs gofmt vet gotest fuzz selftest lint-notebooks release-check notebooks browser-test chromium clean

help:
	@echo "make lab    install what is missing, then start JupyterLab on notebooks/ (PORT=$(PORT), NO_BROWSER=$(NO_BROWSER))"
	@echo "make test   install what is missing, then run every test"
	@echo "make bench  benchmarks against NumPy and friends (installs requirements-bench.txt)"
	@echo "make loadtest  classroom load test with JupyterHub (STUDENTS=2,5,10,20; about 10 min)"
	@echo "make clean  delete everything the two commands installed or built"

prereqs:
	@bash scripts/check_prereqs.sh

# --- installs: each step reruns only when its pin file changed ---------------------------
$(STAMP)/venv: requirements.txt | prereqs
	@mkdir -p $(STAMP)
	@echo "lossnb: creating .venv with the pinned JupyterLab (requirements.txt)"
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(STAMP)/tools: go.mod go.sum | prereqs
	@mkdir -p $(STAMP) $(BIN)
	@echo "lossnb: installing GoNB, goimports and gopls into build/bin (go.mod tools)"
	@GOBIN=$(BIN) go install tool
	@touch $@

$(STAMP)/node: package.json package-lock.json | prereqs
	@mkdir -p $(STAMP)
	@echo "lossnb: installing the pinned ECharts and playwright-core into node_modules"
	@npm ci --silent --no-audit --no-fund --ignore-scripts
	@mkdir -p build/static/lossnb
	@cp node_modules/echarts/dist/echarts.min.js build/static/lossnb/echarts.min.js
	@touch $@

$(STAMP)/kernel: $(STAMP)/venv $(STAMP)/tools scripts/install_kernel.py
	@$(PY) scripts/install_kernel.py $(ROOT) $(VENV) $(BIN)
	@touch $@

# The Go commands in cmd/ change with the code, so they are rebuilt on every run
# (a no-op when nothing changed); the rest is stamped.
install: $(STAMP)/venv $(STAMP)/tools $(STAMP)/node $(STAMP)/kernel
	@GOBIN=$(BIN) go install ./cmd/...

lab: install
	@bash scripts/lab.sh "$(VENV)" "$(ROOT)/notebooks" "$(PORT)" "$(NO_BROWSER)"

# --- tests --------------------------------------------------------------------------------
test: install chromium gofmt vet gotest fuzz selftest lint-notebooks release-check notebooks browser-test browser-extra coursework nothing-lost
	@echo "lossnb: all tests passed"

gofmt:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	go vet ./...

gotest:
	go test ./...

fuzz:
	@bash scripts/fuzz.sh $(FUZZTIME)

# The test tools' own tests: each runner must fail on a bad notebook.
selftest: install
	$(PY) scripts/test_runners.py

lint-notebooks: install
	$(PY) scripts/check_notebooks.py notebooks/*.ipynb

notebooks: install
	$(PY) scripts/run_notebooks.py --timeout $(NB_TIMEOUT) --out build/executed notebooks/*.ipynb

browser-test: install chromium
	node scripts/browser_test.mjs

# --- benchmarks (by hand; they report ratios from one run and assert nothing) -------------
$(STAMP)/bench: requirements-bench.txt $(STAMP)/venv
	@echo "lossnb: installing the reference libraries for benchmarks (requirements-bench.txt)"
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	@touch $@

bench: install $(STAMP)/bench
	$(PY) scripts/bench_loss.py
	$(MAKE) bench-charts

$(STAMP)/classic: requirements-classic.txt | prereqs
	@mkdir -p $(STAMP)
	@echo "lossnb: installing the classic Notebook into build/venv-classic (requirements-classic.txt)"
	@test -x build/venv-classic/bin/python || python3 -m venv build/venv-classic
	@build/venv-classic/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-classic.txt
	@touch $@

# Notebook 7, the classic Notebook (RequireJS on the page), the exported site opened from
# disk offline, tooltips against Go's numbers, re-run cells.
browser-extra: install chromium $(STAMP)/classic
	node scripts/browser_extra_test.mjs

bench-charts: install chromium
	$(PY) scripts/bench_charts.py

# Coursework end to end: assign a student release and check it fails politely; grade the
# hostile set and the honest controls in the sandbox (bubblewrap, installed when missing),
# two runs at once, and (as root) once more as the unprivileged user nobody.
coursework: install bwrap
	go test ./cmd/lossnb -grade.e2e -run 'TestGradeEndToEnd|TestGradeConcurrent|TestGradeNonRoot|TestAssignCheck' -timeout 15m

# lossnb grade's sandbox: Debian's bubblewrap.
bwrap:
	@bash scripts/ensure_bwrap.sh

# The grading command as the coursework README writes it:
#   make grade SOURCE=coursework/source/01-key-idea.ipynb SUBMISSIONS=submissions/
grade: install bwrap
	build/bin/lossnb grade -source "$(SOURCE)" $(GRADE_FLAGS) $(SUBMISSIONS)

# notebooks/NN-*.ipynb that have an instructor source in coursework/source/ are its student
# release: `make release` rewrites them, `make release-check` (in `make test`) fails when a
# committed notebook differs from what its source gives.
release: install
	build/bin/lossnb assign -out notebooks coursework/source/*.ipynb

release-check: install
	@rm -rf build/release-check
	@build/bin/lossnb assign -out build/release-check coursework/source/*.ipynb >/dev/null
	@for f in build/release-check/*.ipynb; do \
	  cmp -s "$$f" "notebooks/$$(basename $$f)" || { echo "notebooks/$$(basename $$f) is not the release of coursework/source/$$(basename $$f): edit the source, then run make release"; exit 1; }; \
	done; echo "release-check: notebooks match their coursework sources"

# nbgrader compatibility (downloads nbgrader into build/nbgrader-venv): by hand.
nbgrader-test: install
	bash coursework/nbgrader/test_nbgrader.sh

# Classroom load test: by hand, about 10 minutes of both cores, not part of `make test`.
STUDENTS ?= 2,5,10,20
loadtest: install
	bash docker/loadtest/run.sh sweep --students $(STUDENTS)

# Saved notebooks survive a killed kernel, a killed hub and a server restart (under a minute).
nothing-lost: install
	bash docker/loadtest/run.sh nothing-lost

# Browser tests drive Debian's chromium; nothing downloads a browser of its own.
chromium:
	@bash scripts/ensure_chromium.sh

clean:
	rm -rf $(VENV) build node_modules
