"""Benchmarks of the public pages: `make bench`.

Serves the demo with gunicorn on a fresh SQLite database, then measures, in one run:

- throughput of each page against /healthz (a bare Django view with one trivial query) on the
  same server, as a ratio, so the figure does not depend on the machine;
- page weight: HTML gzip-compressed, and HTML + CSS;
- SQL queries per page, with the demo's 11 cities.

Requests go to 127.0.0.1 only, in a bounded number.
"""

import gzip
import http.client
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from rich.console import Console
from rich.table import Table

from baobab.serving import free_port, wait_until_up

BASE_DIR = Path(__file__).resolve().parent.parent
PAGES = ["/en/", "/fr/cities/", "/en/cities/kumasi/"]
REFERENCE = "/healthz"
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "400"))
CONCURRENCY = 4


def _hammer(port: int, path: str, count: int) -> float:
    """Requests per second for ``count`` GETs of ``path`` over keep-alive connections."""

    def worker(n):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(n):
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            assert response.status == 200, (path, response.status)
        connection.close()

    share = count // CONCURRENCY
    started = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        list(pool.map(worker, [share] * CONCURRENCY))
    return share * CONCURRENCY / (time.perf_counter() - started)


def _query_counts(env) -> dict[str, int]:
    script = (
        "import django, json; django.setup();"
        "from django.db import connection; from django.test import Client;"
        "from django.test.utils import CaptureQueriesContext;"
        "c = Client(); out = {}\n"
        f"for p in {PAGES!r}:\n"
        "    c.get(p)\n"
        "    with CaptureQueriesContext(connection) as q: c.get(p)\n"
        "    out[p] = len(q)\n"
        "print(json.dumps(out))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**env, "DJANGO_SETTINGS_MODULE": "baobab.settings", "ALLOWED_HOSTS": "testserver"},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


def _serve_and_measure(env) -> tuple[float, dict, dict]:
    """Serve with gunicorn (2 workers); return /healthz req/s, page req/s, page weights."""
    port = free_port()
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "baobab.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
        env={**env, "ALLOWED_HOSTS": "127.0.0.1"},
        cwd=BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}{REFERENCE}")
        for path in [REFERENCE, *PAGES]:
            _hammer(port, path, 40)  # warm up caches and connections
        reference = _hammer(port, REFERENCE, REQUESTS)
        rates = {path: _hammer(port, path, REQUESTS) for path in PAGES}
        css = (BASE_DIR / "website/static/website/baobab.css").read_bytes()
        weights = {}
        for path in PAGES:
            html_gz = len(
                gzip.compress(urllib.request.urlopen(f"http://127.0.0.1:{port}{path}").read())
            )
            weights[path] = (html_gz, html_gz + len(gzip.compress(css)))
    finally:
        server.terminate()
        server.wait(timeout=10)
    return reference, rates, weights


def main() -> None:
    console = Console(width=140)
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "BAOBAB_ENV": "test",
            "BAOBAB_VAR_DIR": tmp,
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "LOG_LEVEL": "WARNING",
        }
        manage = [sys.executable, "manage.py"]
        for command in (["migrate", "--no-input", "-v0"], ["load_demo"]):
            subprocess.run(manage + command, env=env, cwd=BASE_DIR, check=True, capture_output=True)
        reference, cached, weights = _serve_and_measure(env)
        uncached_env = {**env, "PAGE_CACHE_SECONDS": "0"}
        uncached_reference, uncached, _weights = _serve_and_measure(uncached_env)
        queries = _query_counts(uncached_env)

    table = Table(title=f"Baobab public pages ({REQUESTS} requests each, {CONCURRENCY} clients)")
    columns = ["page", "cached req/s", "vs /healthz", "uncached req/s", "vs /healthz"]
    for column in [*columns, "HTML gz", "HTML+CSS gz", "queries"]:
        table.add_column(column, justify="right" if column != "page" else "left")
    table.add_row(REFERENCE, f"{reference:.0f}", "1.00", f"{uncached_reference:.0f}", "1.00")
    for path in PAGES:
        html, both = weights[path]
        table.add_row(
            path,
            f"{cached[path]:.0f}",
            f"{cached[path] / reference:.2f}",
            f"{uncached[path]:.0f}",
            f"{uncached[path] / uncached_reference:.2f}",
            f"{html / 1024:.1f} KB",
            f"{both / 1024:.1f} KB",
            str(queries[path]),
        )
    console.print(table)
    console.print(
        "queries: per page without the cache (with it, a repeat visit makes one: the database"
        " cache's own read, none with Redis)"
    )


if __name__ == "__main__":
    main()
