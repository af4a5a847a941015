# Baobab: `make demo` to try it, `make test` to check it. Nothing to install by hand.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
DEMO_ENV := BAOBAB_ENV=demo
TEST_ENV := BAOBAB_ENV=test

.PHONY: demo serve test lint install install-dev messages makemessages chromium bench clean

demo: install messages
	$(DEMO_ENV) $(PY) manage.py migrate --no-input
	$(DEMO_ENV) $(PY) manage.py load_demo
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

serve: install messages
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test: install-dev messages chromium lint
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

# Compiled with polib (already a dependency), so no system gettext is needed to run Baobab.
messages: install
	$(PY) -m baobab.compile_messages

# Extracting strings needs GNU gettext; only translators and developers run this.
makemessages: install
	command -v xgettext >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	$(DEMO_ENV) $(PY) manage.py makemessages --no-obsolete --no-location -l fr -l pt \
		--ignore '.venv/*' --ignore 'var/*'

# Browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

bench: install-dev messages
	$(TEST_ENV) $(PY) -m baobab.bench

clean:
	rm -rf $(VENV) var
