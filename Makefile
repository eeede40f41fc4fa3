# napi-python: every set-up step lives here, so a fresh clone needs only
#   make demo   build, install into .venv and run the example addon
#   make test   everything the tests need (npm packages, cargo crates), then the suite,
#               also against the sanitizer + leak-check build and the debug-counters build
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
# Build and test requirements (the build runs without isolation, from the venv).
BUILD_DEPS := "scikit-build-core>=0.10" "cython>=3.0" "boost-headers>=1.85" "pyelftools>=0.29"
TEST_DEPS := "pytest>=7" numpy uvloop "sphinx>=7"
# What `make bench` adds: PyPI's xxhash, the C-extension column of the xxh32 row.
BENCH_DEPS := "xxhash>=3"
# Other CPython versions (pyenv) on which the core tests also run in `make test`.
PYENV_ROOT ?= $(HOME)/.pyenv
OTHER_PYTHONS := $(wildcard $(foreach v,3.10 3.12 3.13,$(PYENV_ROOT)/versions/$(v).*/bin/python3))

.PHONY: all venv build demo test test-deps smoke-deps smoke fuzz test-core-other-pythons test-asan test-counters docs bench bench-deps clean

all: build

$(VENV)/.deps-stamp: Makefile
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install $(BUILD_DEPS) $(TEST_DEPS)
	touch $@

venv: $(VENV)/.deps-stamp

# Incremental: scikit-build-core keeps its CMake tree in build/<wheel tag>.
build: venv
	$(PIP) install --no-build-isolation .

demo: build
	$(PY) examples/demo.py

tests/node_modules/.install-stamp: tests/package.json tests/package-lock.json
	cd tests && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

test-deps: venv tests/node_modules/.install-stamp

test: build test-deps smoke-deps
	$(VENV)/bin/pytest tests
	$(MAKE) docs
	$(MAKE) test-asan
	$(MAKE) test-counters
	$(MAKE) test-core-other-pythons

# The core tests on every other CPython (3.10+) this machine has, each in its own venv.
test-core-other-pythons: test-deps
	@for py in $(OTHER_PYTHONS); do \
	  v=$$($$py -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	  echo "== core tests on Python $$v"; \
	  $(MAKE) --no-print-directory build PYTHON=$$py VENV=.venv-$$v || exit 1; \
	  .venv-$$v/bin/pytest -q tests -m "not slow" -k "not rust and not cpp" || exit 1; \
	done

# The suite against a core built with AddressSanitizer + UBSan (its own venv and
# build tree), with the leak check: LeakSanitizer reports what nobody can reach at
# the exit of the pytest process and of the Python subprocesses the tests start
# (tests/conftest.py); PYTHONMALLOC=malloc lets it see Python's objects too;
# tests/lsan.supp lists what it cannot judge. Python itself is not instrumented, so
# the runtimes are preloaded.
ASAN_PRELOAD = $(shell gcc -print-file-name=libasan.so):$(shell gcc -print-file-name=libubsan.so)
test-asan: test-deps
	$(MAKE) --no-print-directory venv VENV=.venv-asan
	.venv-asan/bin/python -m pip --disable-pip-version-check -q install --no-build-isolation \
	  -C cmake.define.NAPI_PYTHON_SANITIZE=ON -C install.strip=false -C build-dir=build/asan .
	LD_PRELOAD=$(ASAN_PRELOAD) PYTHONMALLOC=malloc \
	  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  .venv-asan/bin/pytest -q tests -k "not rust"

# The suite against a core built with the debug counters (its own venv and build
# tree): after every test, tests/conftest.py checks that handles and scopes balance
# and that every finalizer registered ran, was cancelled, or is explained by a live
# object; the session's end checks references (docs/internals.rst).
test-counters: test-deps
	$(MAKE) --no-print-directory venv VENV=.venv-counters
	.venv-counters/bin/python -m pip --disable-pip-version-check -q install --no-build-isolation \
	  -C cmake.define.NAPI_PYTHON_DEBUG_COUNTERS=ON -C build-dir=build/counters .
	.venv-counters/bin/pytest -q tests

docs: build
	$(PY) -m sphinx -W --keep-going -q -b html docs docs/_build/html

# The pinned corpus (tests/corpus/support.py installs it the same way, same stamp).
tests/corpus/node_modules/.napi-python-installed: tests/corpus/package.json tests/corpus/package-lock.json
	cd tests/corpus && npm ci --ignore-scripts --legacy-peer-deps --no-audit --no-fund --loglevel=error
	touch $@

# The smoke corpus (tests/smoke: >100 npm packages with Node-API binaries, ~600 MB
# unpacked), which tests/test_smoke.py walks; tests/smoke/support.py installs it the
# same way (same stamp) when the test runs without make.
tests/smoke/node_modules/.napi-python-installed: tests/smoke/package.json tests/smoke/package-lock.json
	cd tests/smoke && npm ci --ignore-scripts --legacy-peer-deps --no-audit --no-fund --loglevel=error
	touch $@

smoke-deps: tests/smoke/node_modules/.napi-python-installed

# A full smoke run that also rewrites tests/smoke/results.json and the table of
# docs/corpus.rst (docs/smoke_table.inc) from it.
smoke: build smoke-deps
	$(PY) tests/smoke/run.py --write

# The fuzzer (tests/fuzz) on the corpus addons and the test addons: N random calls
# per function, method and accessor, from seed SEED; fails on a crash of ours.
# `make test` runs a short run of it (tests/test_fuzz.py).
SEED ?= 1
N ?= 50
fuzz: build test-deps
	cd tests && ../$(PY) -m fuzz --seed $(SEED) --n $(N)

$(VENV)/.bench-deps-stamp: $(VENV)/.deps-stamp
	$(PIP) install $(BENCH_DEPS)
	touch $@

bench-deps: test-deps $(VENV)/.bench-deps-stamp tests/corpus/node_modules/.napi-python-installed

# One table on stdout, bench/results/latest.json; `bench/run.py --update-readme`
# also puts the table into README.md.
bench: build bench-deps
	$(PY) bench/run.py

clean:
	rm -rf build .cache docs/_build
