# Baobab: `make demo` to try it, `make test` to check it. Nothing to install by hand.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
DEMO_ENV := BAOBAB_ENV=demo
TEST_ENV := BAOBAB_ENV=test

.PHONY: demo serve test lint install install-dev messages makemessages chromium pdf-libs bench clean

demo: install messages pdf-libs
	$(DEMO_ENV) $(PY) manage.py migrate --no-input
	$(DEMO_ENV) $(PY) manage.py load_demo
	$(DEMO_ENV) $(PY) manage.py build_packs
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

serve: install messages pdf-libs
	$(DEMO_ENV) $(PY) manage.py migrate --no-input
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test: install-dev messages chromium pdf-libs lint
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

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

# Extracting strings needs GNU gettext; only translators and developers run this. Apps with a
# locale/ folder of their own keep their strings there; the rest go to locale/.
APP_CATALOGUES := $(patsubst %/locale/,%,$(wildcard */locale/))
makemessages: install
	command -v xgettext >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	$(DEMO_ENV) $(PY) manage.py makemessages --no-obsolete --no-location -l fr -l pt \
		--ignore '.venv/*' --ignore 'var/*' $(foreach app,$(APP_CATALOGUES),--ignore '$(app)/*')
	for app in $(APP_CATALOGUES); do (cd $$app && $(DEMO_ENV) ../$(PY) ../manage.py makemessages \
		--no-obsolete --no-location -l fr -l pt) || exit 1; done

# Browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

# PDFs are drawn by WeasyPrint, which needs Pango and a font from the system.
pdf-libs:
	@ldconfig -p | grep -q libpangoft2-1.0 && fc-list | grep -qi dejavu || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 \
		fonts-dejavu-core fontconfig)

bench: install-dev messages
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)
	$(TEST_ENV) $(PY) -m baobab.bench
	$(TEST_ENV) $(PY) -m impact.bench
	$(TEST_ENV) $(PY) -m knowledge.bench

clean:
	rm -rf $(VENV) var
