"""A bounded soak of Baobab's production stack on loopback (deploy/stack.py): client threads read
public pages in three languages, a search, a calendar, open data files and the API while a city
team's API token writes an indicator value every few seconds; every read of the pilot's page
that starts after a write must show it.

    .venv/bin/python deploy/soak.py --seconds 120

Reports errors, reads, latencies (p50, p95), stale reads and the gunicorn workers' memory at the
start and the end. Exits non-zero on any error or stale read.
"""

import argparse
import json
import re
import statistics
import sys
import threading
import time
from collections import Counter

import stack as _stack
from stack import Client

LANGUAGES = ("en", "fr", "pt")


def public_addresses(stack) -> tuple[list[str], dict]:
    """About twenty public pages in each language, plus search, a calendar, /data/ and the API;
    and the pilot the writer writes to."""
    target = stack.shell(
        """
import json
from experiments.models import Indicator
from network.models import City
indicator = Indicator.objects.filter(pilot__city__slug="bamako").order_by("pk").first()
cities = list(City.objects.order_by("slug").values_list("slug", flat=True)[:4])
print(json.dumps({"pilot_id": indicator.pilot_id, "indicator_id": indicator.pk,
                  "pilot": indicator.pilot.slug, "cities": cities}))
"""
    )
    pages = ["", "cities/", "programme/", "learning/", "events/", "pilots/", "roadmaps/",
             "roadmaps/bamako/", "knowledge/", "knowledge/feed/", "impact/", "pilots/?city=bamako",
             f"pilots/{target['pilot']}/", "knowledge/?q=data"]  # fmt: skip
    pages += [f"cities/{slug}/" for slug in target["cities"]]
    addresses = [f"/{lang}/{page}" for lang in LANGUAGES for page in pages]
    catalogue = Client(stack).get("/data/").text()
    data_files = sorted(
        set(re.findall(r'href="(/data/[^"]+\.(?:csv|json|jsonld|xml))"', catalogue))
    )
    addresses += data_files[:8]
    addresses += ["/events.ics", "/cities/bamako/events.ics", "/api/cities", "/api/pilots"]
    addresses += ["/api/events", "/api/key-figures", f"/api/pilots/{target['pilot_id']}"]
    return addresses, target


class Soak:
    def __init__(self, stack, addresses, target, token, seconds, threads, write_every):
        self.stack = stack
        self.addresses = addresses
        self.target = target
        self.token = token
        self.seconds = seconds
        self.threads = threads
        self.write_every = write_every
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors: Counter = Counter()
        self.stale = 0
        self.fresh_checked = 0
        self.writes = 0
        # (time the write was answered, value written), in order.
        self.written: list[tuple[float, int]] = []
        self.pilot_pages = {f"/{lang}/pilots/{target['pilot']}/" for lang in LANGUAGES}

    def read(self, number):
        client = Client(self.stack)
        index = number
        while time.monotonic() < self.end:
            path = self.addresses[index % len(self.addresses)]
            index += self.threads
            language = path.split("/")[1] if path.split("/")[1] in LANGUAGES else "en"
            started = time.monotonic()
            try:
                response = client.request(
                    "GET",
                    path,
                    headers={"Accept-Encoding": "br, gzip", "Accept-Language": language},
                )
                text = response.text() if path in self.pilot_pages else ""
            except Exception as error:  # counted and reported
                with self.lock:
                    self.errors[f"{path}: {type(error).__name__}"] += 1
                client.close()
                continue
            elapsed = time.monotonic() - started
            with self.lock:
                self.latencies.append(elapsed)
                if response.status != 200:
                    self.errors[f"{path}: {response.status}"] += 1
                if path in self.pilot_pages and response.status == 200:
                    expected = [value for done, value in self.written if done <= started]
                    if expected:
                        self.fresh_checked += 1
                        later = [v for _done, v in self.written if v >= expected[-1]]
                        # Writes started meanwhile may already show: any value at least as
                        # recent as the last one answered before this read began.
                        if not any(f">{value}<" in text for value in later):
                            self.stale += 1

    def write(self):
        client = Client(self.stack)
        value = 5_000_001
        while time.monotonic() < self.end - 1:
            value += 2
            try:
                response = client.request(
                    "POST", f"/api/pilots/{self.target['pilot_id']}/indicator-values",
                    body=json.dumps({"indicator_id": self.target["indicator_id"],
                                     "period_start": "2021-04-01", "actual": value}),
                    headers={"Authorization": f"Bearer {self.token}",
                             "Content-Type": "application/json"},
                )  # fmt: skip
            except Exception as error:
                with self.lock:
                    self.errors[f"write: {type(error).__name__}"] += 1
                client.close()
            else:
                with self.lock:
                    if response.status == 201:
                        self.writes += 1
                        self.written.append((time.monotonic(), value))
                    else:
                        self.errors[f"write: {response.status}"] += 1
            time.sleep(self.write_every)

    def run(self):
        self.end = time.monotonic() + self.seconds
        workers = [threading.Thread(target=self.read, args=(n,)) for n in range(self.threads)]
        workers.append(threading.Thread(target=self.write))
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join()


def rss(stack) -> dict[int, int]:
    return {pid: stack.rss_kib(pid) for pid in stack.worker_pids()}


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=300, help="how long to read (default 300)")
    parser.add_argument("--threads", type=int, default=12, help="client threads (default 12)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--write-every", type=float, default=3, help="seconds between writes")
    options = parser.parse_args()
    started = time.monotonic()
    with _stack.Stack(workers=options.workers) as stack:
        _password, token = stack.city_user()
        addresses, target = public_addresses(stack)
        # One round first, so that the memory at the start is that of warm workers.
        warm = Client(stack)
        for path in addresses:
            warm.get(path)
        before = rss(stack)
        print(f"stack up in {time.monotonic() - started:.0f} s; {len(addresses)} addresses, "
              f"{options.threads} threads, {options.seconds} s", flush=True)  # fmt: skip
        soak = Soak(stack, addresses, target, token, options.seconds, options.threads,
                    options.write_every)  # fmt: skip
        soak.run()
        after = rss(stack)
    latencies = soak.latencies
    reads = len(latencies)
    print(f"reads: {reads} ({reads / options.seconds:.1f}/s), writes: {soak.writes}")
    if latencies:
        print(f"latency: p50 {1000 * statistics.median(latencies):.0f} ms, "
              f"p95 {1000 * percentile(latencies, 0.95):.0f} ms, "
              f"max {1000 * max(latencies):.0f} ms")  # fmt: skip
    print(f"freshness: {soak.fresh_checked} reads of the pilot's page after a write, "
          f"{soak.stale} stale")  # fmt: skip
    print(f"errors: {sum(soak.errors.values())}")
    for what, count in soak.errors.most_common(10):
        print(f"  {count} x {what}")
    print("gunicorn workers' RSS (MiB): start " + ", ".join(
        f"{pid}: {kib / 1024:.0f}" for pid, kib in before.items()
    ) + "; end " + ", ".join(f"{pid}: {kib / 1024:.0f}" for pid, kib in after.items()))  # fmt: skip
    if set(before) != set(after):
        print("  (a worker was recycled by --max-requests meanwhile)")
    ok = not soak.errors and not soak.stale and reads and soak.writes
    print(f"soak: {'PASS' if ok else 'FAIL'} in {time.monotonic() - started:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
