"""Browser-test fixtures: the demo served as `make demo` serves it, and Debian's Chromium.

The server runs in its own process on a fresh database of the engine under test (a SQLite file,
or a new PostgreSQL database), loaded with the demo data, so what the browser sees is what a
newcomer sees. Mail goes to the server's console, which ``demo_server.log`` reads back.
"""

import os
import re
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from baobab.serving import free_port, wait_until_up

ARTIFACTS = Path(settings.BASE_DIR, "test-artifacts")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _database_url(tmp_path):
    """A fresh database of the engine under test: SQLite file, or a new PostgreSQL database."""
    db = settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"]:
        return f"sqlite:///{tmp_path / 'browser.sqlite3'}", None
    import psycopg

    name = f"baobab_browser_{uuid.uuid4().hex[:8]}"
    params = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"]}
    params["password"] = db["PASSWORD"] or None
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    url = f"postgres://{db['USER']}@{db['HOST']}:{params['port']}/{name}"
    return url, drop


@dataclass
class DemoServer:
    url: str
    log_path: Path
    database_url: str

    def log(self) -> str:
        return self.log_path.read_text()

    def last_link(self, pattern: str) -> str:
        """The last link matching ``pattern`` that the server printed (e.g. in an email)."""
        return re.findall(pattern, self.log())[-1]


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("demo")
    database_url, drop = _database_url(tmp_path)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    # The demo's Site is made from BASE_URL when it loads, so it names the server's own port.
    env = {
        **os.environ,
        "BAOBAB_ENV": "demo",
        "BAOBAB_VAR_DIR": str(tmp_path),
        "DATABASE_URL": database_url,
        "BASE_URL": base_url,
    }
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--no-input"], ["load_demo"]):
        subprocess.run(manage + command, env=env, cwd=settings.BASE_DIR, check=True, timeout=300)
    log_path = tmp_path / "server.log"
    log_file = log_path.open("w")
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env={**env, "PYTHONUNBUFFERED": "1"},
        cwd=settings.BASE_DIR,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    try:
        # A loaded machine can take far longer than usual to start the server.
        wait_until_up(f"{base_url}/healthz", seconds=120)
        yield DemoServer(url=base_url, log_path=log_path, database_url=database_url)
    finally:
        server.terminate()
        server.wait(timeout=10)
        log_file.close()
        if drop:
            drop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # A busy two-core machine can take longer than Playwright's 30 s default to sign in.
    page.set_default_timeout(60_000)
    yield page
    context.close()


def shot(page, name):
    """Save a screenshot under test-artifacts/, to look at after the run."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


# Wagtail's editor snapshots the form two seconds after it loads and autosaves (or warns of
# unsaved changes) only when the form differs from that snapshot: an edit typed sooner becomes
# part of the snapshot and is never saved. A person is slower than that; a test waits for it.
WATCH_EDITS = (
    "document.addEventListener('w-unsaved:watch-edits', () => { window.baobabWatching = true })"
)


def watch_editor(context):
    """Call once per browser context, before opening a Wagtail editor."""
    context.add_init_script(WATCH_EDITS)


def wait_until_editor_watches(page):
    page.wait_for_function("() => window.baobabWatching === true")
