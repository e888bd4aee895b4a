# lossnb: `make lab` starts JupyterLab on your copy of the course (work/), `make test` runs
# every test.
# Both install what is missing first, all of it inside this folder:
#   .venv/          Python virtualenv: JupyterLab, nbclient (requirements.txt)
#   build/bin/      GoNB, goimports, gopls, lossnb-render (go.mod's tool lines)
#   node_modules/   ECharts, playwright-core and axe-core (package.json, package-lock.json)
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

# make lab PORT=9000 NO_BROWSER=1 WORK=~/lossnb-work
PORT       ?= 8888
# A student's work: a copy of the course in WORK (git-ignored work/ by default), made by
# `make lab` (only notebooks not there yet) and brought up to date by `make update`
# (keeps the student's answers). The release files in NOTEBOOKS are never edited in place.
WORK       ?= $(ROOT)/work
NOTEBOOKS  ?= $(ROOT)/notebooks
# make update NB=01-key-idea: only that notebook. make release FORCE=1: overwrite releases
# that were edited after `make release` wrote them (the edits are lost).
NB         ?=
FORCE      ?= 0
NO_BROWSER ?= 0
# Per-cell time limit for the headless notebook run, in seconds.
NB_TIMEOUT ?= 300
# How many inputs each fuzz target tries in `make test` (about a second each). A count,
# not a duration: with a duration, go test's fuzzer can fail with "context deadline
# exceeded" when a loaded machine is slow at the deadline (internal/fuzz wraps only a
# duration in context.WithTimeout).
FUZZTIME   ?= 30000x

export PATH := $(BIN):$(PATH)

.PHONY: help install lab seed update student-work test release release-check bench bench-charts browser-extra coursework bwrap grade nbgrader-test loadtest nothing-lost image-test kernel-cleanup prereqs gofmt vet staticcheck gotest fuzz selftest lint-notebooks release-check notebooks browser-test chromium clean

help:
	@echo "make lab    install what is missing, copy the course into your work folder (WORK=$(WORK)) and start JupyterLab there (PORT=$(PORT), NO_BROWSER=$(NO_BROWSER))"
	@echo "make update bring a new release of the course into your work folder, keeping your answers (NB=01-key-idea for one notebook)"
	@echo "make test   install what is missing, then run every test"
	@echo "make bench  benchmarks against NumPy, statsmodels and scikit-learn, and chart cells (installs requirements-bench.txt)"
	@echo "make loadtest  classroom load test with JupyterHub (STUDENTS=2,5,10,20; about 10 min)"
	@echo "make image-test  build the classroom image (Debian base, docker.io) and test it: notebooks, browser, JupyterHub + DockerSpawner load test, grading (as root; about 15 min warm)"
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
	@echo "lossnb: installing the pinned ECharts, playwright-core and axe-core into node_modules"
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

lab: install seed
	@bash scripts/lab.sh "$(VENV)" "$(WORK)" "$(PORT)" "$(NO_BROWSER)"

# Copies the course notebooks missing from WORK; never changes a file already there.
seed: install
	@$(BIN)/lossnb seed -course "$(NOTEBOOKS)" -work "$(WORK)"

# Brings the course's new release into WORK: cells you did not change take the new
# version, your answers and edits stay (see cmd/lossnb/update.go); a backup first.
update: install
	@$(BIN)/lossnb update -course "$(NOTEBOOKS)" -work "$(WORK)" $(NB)

# --- tests --------------------------------------------------------------------------------
test: install chromium gofmt vet staticcheck gotest fuzz selftest lint-notebooks release-check student-work notebooks browser-test browser-extra coursework nothing-lost kernel-cleanup lite-ci
	@echo "lossnb: all tests passed"

gofmt:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	go vet ./...

# Pinned in go.mod as a tool (honnef.co/go/tools, the version gopls uses).
staticcheck:
	go tool staticcheck ./...

gotest:
	go test ./...

fuzz:
	@bash scripts/fuzz.sh $(FUZZTIME)

# The test tools' own tests (pytest): each runner must fail on a bad notebook.
selftest: install
	$(PY) -m pytest -p no:cacheprovider scripts/test_runners.py scripts/test_lab.py

lint-notebooks: install
	$(PY) scripts/check_notebooks.py notebooks/*.ipynb

notebooks: install
	$(PY) scripts/run_notebooks.py --timeout $(NB_TIMEOUT) --out build/executed notebooks/*.ipynb

# Node's own test runner: one test per notebook, one named subtest per check.
browser-test: install chromium
	node --test --test-reporter=spec scripts/browser_test.mjs

# No gopls outlives its kernel, however the kernel ends (cmd/lossnb-gopls); about a minute.
kernel-cleanup: install
	$(PY) scripts/test_kernel_cleanup.py

# --- benchmarks (by hand; they report ratios from one run and assert nothing) -------------
$(STAMP)/bench: requirements-bench.txt $(STAMP)/venv
	@echo "lossnb: installing the reference libraries for benchmarks (requirements-bench.txt)"
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	@touch $@

# make bench BENCH_ARGS="--sizes 1000000 --only bce_logits,ce_k10"
BENCH_ARGS ?=
bench: install $(STAMP)/bench
	nice $(PY) scripts/bench_loss.py $(BENCH_ARGS)
	nice $(PY) scripts/bench_fit.py
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
	node --test --test-reporter=spec scripts/browser_extra_test.mjs

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
# release: `make release` rewrites them, but never one edited since it wrote it (a
# student's answers, a fix made in the wrong place) unless FORCE=1; `make release-check`
# (in `make test`) writes nothing and explains how each release differs from its source.
release: install
	$(BIN)/lossnb assign $(if $(filter 1,$(FORCE)),-force) -out "$(NOTEBOOKS)" coursework/source/*.ipynb

release-check: install
	@$(BIN)/lossnb assign -verify -out "$(NOTEBOOKS)" coursework/source/*.ipynb
	@echo "release-check: notebooks match their coursework sources"

# A student's edited copy survives make lab, release-check, make release and make update
# (a few seconds; the image's start hook is tested in docker/image_test.go).
student-work: install
	@bash scripts/test_student_work.sh

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

# The classroom image, built and tested for real (docker/imagetest/run.sh, docker/README.md):
# as root; installs docker.io and debootstrap when missing, starts its own dockerd if none
# runs (socket under build/docker/, data root and base tarball cached in ~/.cache/lossnb/docker/,
# one run at a time), and stops all it started. IMAGE_TEST_STUDENTS=2,5 for a shorter load
# test; IMAGE_TEST_BROWSER="01 07" the browser test on those notebooks; IMAGE_TEST_STEPS=
# "notebooks grade" for some steps only.
IMAGE_TEST_STUDENTS ?= 2,5,10
IMAGE_TEST_BROWSER ?=
image-test: install chromium
	IMAGE_TEST_STUDENTS=$(IMAGE_TEST_STUDENTS) IMAGE_TEST_BROWSER="$(IMAGE_TEST_BROWSER)" bash docker/imagetest/run.sh

# Browser tests drive Debian's chromium; nothing downloads a browser of its own.
chromium:
	@bash scripts/ensure_chromium.sh

clean:
	rm -rf $(VENV) build node_modules

# --- lossnb lite: the course as a static JupyterLite site, Go interpreted in the browser -----
# make lite builds build/lite/ (scripts/build_lite.sh: the wasm runtime, the kernel extension
# with lite/package-lock.json, jupyterlite-core from lite/requirements.txt in build/lite-venv);
# make lite-serve serves it on 127.0.0.1:LITE_PORT; make lite-test compares every notebook's
# cells with the GoNB run (make notebooks) and drives the site in Chromium, on the notebooks
# in LITE_BROWSER (default all; make test passes 01 and 07, the quick ones: the other five
# differ only in their lessons, whose numbers the Node test compares).
LITE_PORT ?= 8000
LITE_BROWSER ?=
.PHONY: lite lite-serve lite-test lite-ci
lite: install
	@bash scripts/build_lite.sh "$(ROOT)"

lite-serve: lite
	@echo "lossnb lite: open http://127.0.0.1:$(LITE_PORT)/lab/index.html?path=01-key-idea.ipynb"
	@$(PY) -m http.server --bind 127.0.0.1 --directory build/lite $(LITE_PORT)

lite-test: lite chromium notebooks
	node --test scripts/lite_node_test.mjs
	node scripts/lite_browser_test.mjs $(LITE_BROWSER)

# In make test: the Node test on every notebook, the browser on 01 and 07 (about 3 min of
# 2 cores after the GoNB run: the wasm link ~1 min, Node ~1.5 min, Chromium ~30 s).
lite-ci: lite chromium notebooks
	node --test scripts/lite_node_test.mjs
	node scripts/lite_browser_test.mjs notebooks/01-key-idea.ipynb notebooks/07-ranking.ipynb
