"""Benchmarks of the public pages: `make bench`.

On a fresh SQLite database, with the demo (``load_demo``) and then the demo grown 100 times
(demo.bench_data), serves the site with gunicorn (one sync worker, on core 0) as two servers:
one with the page cache, one without (PAGE_CACHE_SECONDS=0, every page rendered from the
database). ``wrk`` (4 connections, on core 1) loads each page, and a bare Django view
(``HttpResponse("ok")``) served by the same process through Baobab's middleware and through none:
a page's rate divided by the bare view's, measured in the same round, depends far less on the
machine (and on what else runs on it) than the rate itself.

Each figure is measured in 3 rounds, interleaved (every target once, then again), and printed as
median [min-max]. Page weights (HTML gzip-compressed, and with the CSS and scripts it links) and
SQL queries per page (rendered, counted with CaptureQueriesContext) come from one request in
process. Requests go to 127.0.0.1 only.
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from rich.console import Console
from rich.table import Table

from baobab.serving import free_port, wait_until_up

BASE_DIR = Path(__file__).resolve().parent.parent
PAGES = {
    "home": "/en/",
    "library": "/en/knowledge/",
    "pilots": "/en/pilots/",
    "city": "/en/cities/kumasi/",
    "item": "/en/knowledge/first-cycle/",
    "impact": "/en/impact/",
    "pilots ?city=": "/en/pilots/?city=kumasi",
}
BARE = "/bench/bare/"
BARE_ALONE = "/bench/bare-without-middleware/"
ROUNDS = 3
SECONDS = int(os.environ.get("BENCH_SECONDS", "3"))
CONNECTIONS = 4
FACTORS = [int(f) for f in os.environ.get("BENCH_FACTORS", "1,100").split(",")]
RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
WRK = ["taskset", "-c", "1", "wrk", "-t1", "--timeout", "60s"]
ERRORS = re.compile(r"Non-2xx or 3xx responses: (\d+)")


def _wrk(port: int, path: str) -> float:
    # The one worker may still be answering the requests wrk left open on the previous target:
    # one request waits its turn behind them, so that they do not eat into this measurement.
    urllib.request.urlopen(f"http://127.0.0.1:{port}{BARE}", timeout=600).read()
    result = subprocess.run(
        [*WRK, f"-c{CONNECTIONS}", f"-d{SECONDS}s", f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
    )
    errors = ERRORS.search(result.stdout)
    if errors:
        raise RuntimeError(f"{path}: {errors.group(1)} error responses\n{result.stdout}")
    return float(RATE.search(result.stdout).group(1))


GUNICORN = ["taskset", "-c", "0"]
WORKER = ["--workers", "1", "--worker-class", "sync"]


class Server:
    """gunicorn, one sync worker, on core 0."""

    def __init__(self, env):
        self.port = free_port()
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        self.process = subprocess.Popen(
            [*GUNICORN, gunicorn, "baobab.bench_wsgi", *WORKER, "--bind", f"127.0.0.1:{self.port}"],
            env=env,
            cwd=BASE_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until_up(f"http://127.0.0.1:{self.port}{BARE}", seconds=60)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


# Run in a process of its own, with the settings of the server without cache: queries and
# weights of each page as rendered from the database.
IN_PROCESS = """
import gzip, json, re, sys
import django
django.setup()
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_ACCEPT_ENCODING="gzip")
linked = re.compile(r'(?:href|src)="/static/([^"?#]+\\.(?:css|js))"')
out = {}
for path in json.loads(sys.argv[1]):
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    html = gzip.decompress(response.content).decode()
    assets = sum(
        len(gzip.compress(open(finders.find(name), "rb").read()))
        for name in sorted(set(linked.findall(html)))
    )
    gz = len(response.content)
    out[path] = {"queries": len(queries), "gz": gz, "total": gz + assets}
print(json.dumps(out))
"""


def _in_process(env) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", IN_PROCESS, json.dumps(list(PAGES.values()))],
        env={**env, "ALLOWED_HOSTS": "testserver"},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _measure(env) -> tuple[dict, dict]:
    """Rates by (server, path), each a list of one figure per round."""
    servers = {"rendered": Server({**env, "PAGE_CACHE_SECONDS": "0"}), "cached": Server(env)}
    targets = [(name, path) for name in servers for path in [BARE, BARE_ALONE, *PAGES.values()]]
    rates = {target: [] for target in targets}
    try:
        for name, path in targets:  # warm up: templates, connections, the page cache
            for _ in range(2):
                urllib.request.urlopen(f"http://127.0.0.1:{servers[name].port}{path}").read()
        for _round in range(ROUNDS):
            for name, path in targets:
                rates[(name, path)].append(_wrk(servers[name].port, path))
    finally:
        for server in servers.values():
            server.stop()
    return rates


def _spread(values) -> str:
    return f"{statistics.median(values):.3g} [{min(values):.3g}-{max(values):.3g}]"


def _ratios(rates, name, path, reference) -> list[float]:
    pairs = zip(rates[(name, path)], rates[(name, reference)], strict=True)
    return [page / bare if bare else float("nan") for page, bare in pairs]


def _table(factor, counts, rates, figures) -> Table:
    table = Table(
        title=f"Public pages, demo x{factor} ({counts}); req/s median (min-max) of {ROUNDS}"
        f" rounds of {SECONDS} s, {CONNECTIONS} connections"
    )
    columns = ["page", "rendered req/s", "/ bare+mw", "/ bare", "cached req/s", "/ bare+mw"]
    for column in [*columns, "/ bare", "HTML gz", "total gz", "queries"]:
        table.add_column(column, justify="left" if column == "page" else "right")
    for label, path in [("bare view + middleware", BARE), ("bare view", BARE_ALONE)]:
        table.add_row(
            label,
            _spread(rates[("rendered", path)]),
            "",
            "",
            _spread(rates[("cached", path)]),
        )
    for label, path in PAGES.items():
        table.add_row(
            f"{label} {path}",
            _spread(rates[("rendered", path)]),
            _spread(_ratios(rates, "rendered", path, BARE)),
            _spread(_ratios(rates, "rendered", path, BARE_ALONE)),
            _spread(rates[("cached", path)]),
            _spread(_ratios(rates, "cached", path, BARE)),
            _spread(_ratios(rates, "cached", path, BARE_ALONE)),
            f"{figures[path]['gz'] / 1024:.1f} KB",
            f"{figures[path]['total'] / 1024:.1f} KB",
            str(figures[path]["queries"]),
        )
    return table


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("make bench needs wrk (apt-get install wrk)")
    console = Console(width=200)
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "BAOBAB_ENV": "test",
            "DJANGO_SETTINGS_MODULE": "baobab.bench_settings",
            "DEBUG": "false",
            "BAOBAB_VAR_DIR": tmp,
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "ALLOWED_HOSTS": "127.0.0.1",
            "LOG_LEVEL": "WARNING",
        }
        manage = [sys.executable, "manage.py"]
        for command in (["migrate", "--no-input", "-v0"], ["load_demo"]):
            subprocess.run(manage + command, env=env, cwd=BASE_DIR, check=True, capture_output=True)
        factor_now = 1
        for factor in FACTORS:
            grow = (
                "import json, time; from demo.bench_data import grow; t = time.perf_counter();"
                f" counts = grow({factor // factor_now});"
                " counts['seconds'] = round(time.perf_counter() - t); print(json.dumps(counts))"
            )
            counts = {}
            if factor > factor_now:
                result = subprocess.run(
                    [*manage, "shell", "--no-imports", "-c", grow],
                    env=env,
                    cwd=BASE_DIR,
                    check=True,
                    capture_output=True,
                    text=True,
                )
                counts = json.loads(result.stdout.strip().splitlines()[-1])
                factor_now = factor
            started = time.perf_counter()
            figures = _in_process({**env, "PAGE_CACHE_SECONDS": "0"})
            rates = _measure(env)
            summary = ", ".join(f"{v} {k}" for k, v in counts.items()) or "load_demo"
            console.print(_table(factor, summary, rates, figures))
            console.print(f"measured in {time.perf_counter() - started:.0f} s")
    console.print(
        "rendered: every request renders the page from the database; cached: the page cache's"
        " hit. / bare+mw and / bare: the page's rate over the bare view's in the same round,"
        " through Baobab's middleware and through none. queries: rendered (a hit makes one, the"
        " database cache's read; none with Redis)."
    )


if __name__ == "__main__":
    main()
