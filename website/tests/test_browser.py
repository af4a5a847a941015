"""A visitor's main path in a real browser, against the demo served as `make demo` serves it."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.browser

ARTIFACTS = Path(settings.BASE_DIR, "test-artifacts")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("demo")
    database_url, drop = _database_url(tmp_path)
    env = {
        **os.environ,
        "BAOBAB_ENV": "demo",
        "BAOBAB_VAR_DIR": str(tmp_path),
        "DATABASE_URL": database_url,
    }
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--no-input"], ["load_demo"]):
        subprocess.run(manage + command, env=env, cwd=settings.BASE_DIR, check=True, timeout=300)
    port = _free_port()
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base_url}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=10)
        if drop:
            drop()


@pytest.fixture(scope="module")
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
    yield page
    context.close()


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_visitor_sees_the_network_switches_to_french_and_opens_kumasi(demo_server, page):
    requests = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto(f"{demo_server}/")
    assert page.url == f"{demo_server}/en/"
    assert page.locator("h1").inner_text().startswith("ASToN")
    assert page.locator("svg.map circle").count() == 11
    assert page.locator(".city-list li").count() == 11
    assert page.locator('[data-figure="cities"]').inner_text() == "11"
    shot(page, "home-en")

    page.get_by_role("link", name="français").click()
    page.wait_for_url(f"{demo_server}/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", name="Villes membres").is_visible()
    shot(page, "home-fr")

    page.locator(".city-list").get_by_role("link", name="Kumasi").click()
    page.wait_for_url(f"{demo_server}/fr/cities/kumasi/")
    assert page.locator("h1").inner_text() == "Kumasi"
    assert "Ghana" in page.locator(".facts").inner_text()
    shot(page, "kumasi-fr")

    assert all(url.startswith(demo_server) for url in requests), requests


def test_city_index_on_a_phone(demo_server, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="pt-PT")
    page = context.new_page()
    page.goto(f"{demo_server}/pt/cities/")
    assert page.locator("tbody tr").count() == 11
    assert page.get_by_role("link", name="Matola").is_visible()
    shot(page, "cities-pt-phone")
    context.close()
