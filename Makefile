# Two commands set everything up: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint install clean assets chromium

$(PY):
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[test]'
	touch $@ $(STAMP)

install: $(STAMP)

# Front-end libraries come from the npm registry (package-lock.json pins them) and are
# copied to web/static/vendor/ (ignored by git: no third-party code in the repo, no CDN).
VENDOR := web/static/vendor
SOCKETIO_JS := $(VENDOR)/socket.io.min.js

assets: $(SOCKETIO_JS)

$(SOCKETIO_JS): package.json package-lock.json
	npm ci --no-audit --no-fund
	mkdir -p $(VENDOR)
	cp node_modules/socket.io-client/dist/socket.io.min.js $@

# The browser tests drive Debian's Chromium (/usr/bin/chromium) with Playwright.
chromium:
	test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)

run: $(STAMP) assets
	$(VENV)/bin/coordinator serve --demo

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check .

test: $(TEST_STAMP) assets chromium
	$(VENV)/bin/ruff check .
	# Two workers for the tests that neither time anything nor start many processes,
	# then the serial ones alone (docs/testing.md, "How long the whole suite takes"); both always run.
	status=0; \
	$(VENV)/bin/pytest -m "not serial" -n 2 --dist loadgroup || status=$$?; \
	$(VENV)/bin/pytest -m serial -p no:xdist || status=$$((status ? status : $$?)); \
	exit $$status

clean:
	rm -rf $(VENV) node_modules web/static/vendor
