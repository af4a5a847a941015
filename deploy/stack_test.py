"""Baobab's production set-up, end to end on this machine: the files in deploy/ (nginx, systemd
units, environment template) serving a fresh PostgreSQL database with Redis, checked through
nginx over TLS.

    .venv/bin/python deploy/stack_test.py

Prints one PASS or FAIL line per check and exits non-zero if any failed. Needs root (it installs
nginx with apt-get if missing), PostgreSQL on 127.0.0.1:5432 (BAOBAB_TEST_POSTGRES_URL) and Redis
on 127.0.0.1:6379. Not collected by pytest (its name does not start with test_).
"""

import gzip
import json
import re
import sys
import tarfile
import time
import traceback

import brotli
import stack as _stack
from stack import ENV_TEMPLATE, NGINX_CONF, Client, read_env_file

RESULTS = []


def check(function):
    """Run one check; record PASS or FAIL with the reason, go on with the next."""

    def run(stack, *args):
        started = time.monotonic()
        try:
            detail = function(stack, *args)
        except Exception as error:  # every failure is reported, none stops the run
            RESULTS.append(False)
            reason = "".join(traceback.format_exception_only(error)).strip()
            print(f"FAIL {function.__name__}: {reason}", flush=True)
            return None
        RESULTS.append(True)
        elapsed = time.monotonic() - started
        print(f"PASS {function.__name__}{f': {detail}' if detail else ''} ({elapsed:.1f} s)",
              flush=True)  # fmt: skip
        return detail

    return run


def page_assets(html):
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


@check
def http_redirects_to_https(stack):
    response = Client(stack, scheme="http").get("/en/pilots/?city=bamako")
    location = response.header("Location")
    assert response.status == 301, response.status
    assert location == f"{stack.base_url}/en/pilots/?city=bamako", location
    return location


@check
def hsts_on_every_answer(stack):
    client = Client(stack)
    home = client.get("/en/")
    assert home.status == 200, home.status
    static = client.get(page_assets(home.text())[0])
    missing = client.get("/media/documents/nothing.pdf")
    for response in (home, static, missing):
        values = response.all("Strict-Transport-Security")
        assert values == ["max-age=31536000; includeSubDomains; preload"], values
    return "page, static file and refusal each carry it once"


@check
def session_and_csrf_cookies_are_host_only_and_secure(stack, password):
    client = Client(stack)
    form = client.get("/admin/login/")
    assert form.status == 200, form.status
    csrf_cookie = next(v for v in form.all("Set-Cookie") if v.startswith("__Host-csrftoken="))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text()).group(1)
    body = f"username=bamako&password={password}&csrfmiddlewaretoken={token}&next=/admin/"
    signed_in = client.request(
        "POST", "/admin/login/", body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded",
                 "Origin": stack.base_url, "Referer": f"{stack.base_url}/admin/login/"},
    )  # fmt: skip
    assert signed_in.status == 302, (signed_in.status, signed_in.text()[:300])
    session_cookie = next(
        v for v in signed_in.all("Set-Cookie") if v.startswith("__Host-sessionid=")
    )
    for cookie in (csrf_cookie, session_cookie):
        attributes = [part.strip().lower() for part in cookie.split(";")[1:]]
        assert "secure" in attributes and "path=/" in attributes, cookie
        assert not any(a.startswith("domain=") for a in attributes), cookie
    assert "httponly" in session_cookie.lower()
    dashboard = client.get("/admin/")
    assert dashboard.status == 200, dashboard.status
    assert "private" in dashboard.header("Cache-Control", ""), dashboard.header("Cache-Control")
    return "__Host-csrftoken and __Host-sessionid: Secure, Path=/, no Domain"


@check
def html_compressed_once(stack):
    client = Client(stack)
    found = []
    for accept, decode in (("gzip", gzip.decompress), ("br", brotli.decompress)):
        response = client.get("/fr/cities/", **{"Accept-Encoding": accept})
        assert response.status == 200, response.status
        assert response.all("Content-Encoding") == [accept], response.all("Content-Encoding")
        html = decode(response.body).decode()
        assert html.lstrip().lower().startswith("<!doctype html"), html[:60]
        found.append(f"{accept} {len(response.body)} B for {len(html)} B")
    plain = client.get("/fr/cities/", **{"Accept-Encoding": "identity"})
    assert not plain.all("Content-Encoding") and plain.body.lower().startswith(b"<!doctype")
    # A text answer the app left uncompressed (a static file) is compressed by nginx.
    css = next(p for p in page_assets(plain.text()) if p.endswith(".css"))
    styled = client.get(css, **{"Accept-Encoding": "gzip"})
    assert styled.header("Content-Encoding") == "gzip", styled.headers
    gzip.decompress(styled.body).decode()
    return ", ".join(found)


@check
def hashed_static_file_cached_a_year(stack):
    client = Client(stack)
    asset = page_assets(client.get("/en/").text())[0]
    assert re.search(r"\.[0-9a-f]{12}\.\w+$", asset), asset
    response = client.get(asset)
    assert response.status == 200, response.status
    control = response.header("Cache-Control")
    assert control == "public, max-age=31536000, immutable", control
    return f"{asset}: {control}"


@check
def repeated_request_gets_304(stack):
    client = Client(stack)
    outcomes = []
    for path in ("/en/pilots/", page_assets(client.get("/en/").text())[0]):
        first = client.get(path, **{"Accept-Encoding": "gzip"})
        etag = first.header("ETag")
        assert first.status == 200 and etag, (path, first.status, etag)
        again = client.get(path, **{"Accept-Encoding": "gzip", "If-None-Match": etag})
        assert again.status == 304 and not again.body, (path, again.status)
        outcomes.append(f"{path} {etag}")
    return "; ".join(outcomes)


@check
def media_images_served_documents_never(stack):
    made = stack.shell(
        """
import io, json
from django.core.files.base import ContentFile
from PIL import Image as Picture
from wagtail.documents.models import Document
from wagtail.images.models import Image
buffer = io.BytesIO(); Picture.new("RGB", (8, 8), "green").save(buffer, "PNG")
image = Image.objects.create(title="stack", file=ContentFile(buffer.getvalue(), "stack.png"))
document = Document.objects.create(title="stack", file=ContentFile(b"stack document", "stack.txt"))
print(json.dumps([image.file.url, document.file.url, document.url]))
"""
    )
    image_url, file_url, document_url = made
    client = Client(stack)
    image = client.get(image_url)
    assert image.status == 200 and image.body.startswith(b"\x89PNG"), (image_url, image.status)
    assert image.header("Server", "").startswith("nginx") and image.header("ETag")
    direct = client.get(file_url)
    assert file_url.startswith("/media/documents/") and direct.status == 404, direct.status
    assert b"stack document" not in direct.body
    served = client.get(document_url)
    assert served.status == 200 and served.body == b"stack document", served.status
    return f"{image_url} 200; {file_url} 404; {document_url} 200 through the app"


@check
def a_write_is_fresh_on_every_worker(stack, token):
    target = stack.shell(
        """
import json
from experiments.models import Indicator
indicator = Indicator.objects.filter(pilot__city__slug="bamako").order_by("pk").first()
print(json.dumps([indicator.pilot_id, indicator.pk, indicator.pilot.slug]))
"""
    )
    pilot_id, indicator_id, slug = target
    pages = [f"/{lang}/pilots/{slug}/" for lang in ("en", "fr", "pt")]
    reader = Client(stack)
    for path in pages:  # cached before the write
        assert reader.get(path).status == 200, path
    writer = Client(stack)
    stale = reads = 0
    for round_number in range(3):
        actual = 4_000_001 + 2 * round_number
        response = writer.request(
            "POST", f"/api/pilots/{pilot_id}/indicator-values",
            body=json.dumps({"indicator_id": indicator_id, "period_start": "2021-04-01",
                             "actual": actual}),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )  # fmt: skip
        assert response.status == 201, (response.status, response.text()[:300])
        for _ in range(8):
            for path in pages:
                reads += 1
                # A new connection each time: gunicorn's workers take turns accepting them.
                page = Client(stack).request("GET", path, keep=False)
                stale += str(actual) not in page.text()
    answered = stack.access_pids(f"/pilots/{slug}/")
    assert stale == 0, f"{stale} stale reads of {reads}"
    assert len(answered) >= 2, f"only worker(s) {answered} answered"
    workers = ", ".join(sorted(pid.strip("<>") for pid in answered))
    return f"{reads} reads after 3 writes, none stale, answered by workers {workers}"


@check
def pdf_drawn_by_db_worker(stack):
    """Publishing a library item queues its PDF; the db_worker draws and stores it before any
    reader asks, and nginx then serves that stored file through the app."""
    url, stored, waited = stack.shell(
        """
import json, time
from knowledge.models import KnowledgeItemPage
from network.models import StoredPdf
page = KnowledgeItemPage.objects.live().filter(locale__language_code="en").first()
revision = page.save_revision()
revision.publish()
started = time.monotonic()
stored = StoredPdf.objects.filter(page=page, revision_id=revision.pk)
while not stored.exists() and time.monotonic() - started < 120:
    time.sleep(0.3)
print(json.dumps([page.url, [p.file.name for p in stored], time.monotonic() - started]))
"""
    )
    assert len(stored) == 1, f"no PDF stored by the worker after {waited:.0f} s"
    response = Client(stack).get(f"{url}pdf/")
    assert response.status == 200, response.status
    assert response.body.startswith(b"%PDF-"), response.body[:20]
    assert response.header("Content-Type") == "application/pdf", response.header("Content-Type")
    return f"{stored[0]} drawn by the worker {waited:.1f} s after publishing, served at {url}pdf/"


WRITER = """
import time
from baobab.exceptions import SYSTEM
from impact import services
from network.models import City, Network
network = Network.objects.get(); city = City.objects.get(slug="kumasi")
from pathlib import Path
stop, progress = Path({stop!r}), Path({progress!r})
n = 0
while not stop.exists():
    services.reuse_record_create(network=network, city=city, actor=SYSTEM, method="stack",
        where="service", reused_in=f"stack write {{n}}", evidence="written during a backup")
    n += 1  # committed: the service is atomic
    progress.write_text(str(n))
    time.sleep(0.01)
"""

COUNTS = """
import json
from django.apps import apps
manifest = json.loads({manifest!r})
print(json.dumps({{label: apps.get_model(label)._base_manager.count()
                  for label in manifest["records"]}}))
"""


@check
def backup_while_writing_restores_exactly(stack):
    archive = stack.tmp / "backup.tar.gz"
    stop, progress = stack.tmp / "stop-writing", stack.tmp / "written"

    def written_so_far():
        try:
            return int(progress.read_text() or 0)
        except (FileNotFoundError, ValueError):
            return 0

    code = WRITER.format(stop=str(stop), progress=str(progress))
    writer = stack.spawn_manage("writer", "shell", "-v0", "-c", code)
    try:
        deadline = time.monotonic() + 60
        while written_so_far() < 5 and time.monotonic() < deadline and writer.poll() is None:
            time.sleep(0.2)
        before = written_so_far()
        stack.manage("backup", str(archive), "-v0")
        after_backup = written_so_far()
        time.sleep(1)  # and writes go on after it
    finally:
        stop.touch()
    assert writer.wait(timeout=60) == 0, stack.log_tail("writer")
    written = written_so_far()
    assert 0 < before < after_backup < written, (before, after_backup, written)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    restored = stack.spare_database  # migrated, empty
    env = {
        "DATABASE_URL": stack.database_url(restored),
        "MEDIA_ROOT": str(stack.tmp / "restored-media"),
        "ERASURE_LEDGER": str(stack.tmp / "restored-ledger.jsonl"),
    }
    stack.manage("restore", str(archive), "-v0", env=env)
    counts = stack.shell(COUNTS.format(manifest=json.dumps(manifest)), env=env)
    differ = {
        label: (expected, counts[label])
        for label, expected in manifest["records"].items()
        if counts[label] != expected
    }
    assert not differ, f"row counts differ from the manifest: {differ}"
    total = sum(manifest["records"].values())
    return (
        f"{written} records written meanwhile ({after_backup - before} during the backup); "
        f"{len(manifest['records'])} tables, {total} rows restored as the manifest counts"
    )


@check
def upload_limit_left_to_the_app(stack):
    limit = int(read_env_file(ENV_TEMPLATE)["UPLOAD_MAX_MB"])
    nginx_limit = int(re.search(r"client_max_body_size (\d+)m;", NGINX_CONF.read_text()).group(1))
    assert nginx_limit == limit + 2, (nginx_limit, limit)
    body = b"x" * ((limit + 1) * 1024 * 1024 + 4096)
    response = Client(stack).request(
        "POST", "/admin/login/", body=body, headers={"Content-Type": "application/octet-stream"}
    )
    assert response.status == 413 and "text/plain" in response.header("Content-Type", ""), (
        response.status,
        response.header("Content-Type"),
    )
    return f"nginx allows {nginx_limit} MB, the app refuses above {limit} MB with its message"


@check
def forged_forwarded_address_ignored(stack):
    client = Client(stack)
    form = client.get("/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text()).group(1)
    response = client.request(
        "POST", "/admin/login/",
        body=f"username=nobody-stack&password=wrong&csrfmiddlewaretoken={token}",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": stack.base_url,
                 "X-Forwarded-For": "198.51.100.7"},
    )  # fmt: skip
    assert response.status == 200, response.status
    address = stack.shell(
        """
import json
from axes.models import AccessFailureLog
print(json.dumps(AccessFailureLog.objects.get(username="nobody-stack").ip_address))
"""
    )
    assert address == "127.0.0.1", address
    return "a failed login is counted against nginx's client address, not the forged one"


def main():
    started = time.monotonic()
    print("== Baobab production stack (deploy/) ==", flush=True)
    try:
        with _stack.Stack(workers=2) as stack:
            print(f"stack up in {time.monotonic() - started:.0f} s: nginx https {stack.https_port}"
                  f", http {stack.http_port}, gunicorn {stack.app_port} "
                  f"(workers {stack.worker_pids()}), db_worker, Redis db {stack.redis_db}",
                  flush=True)  # fmt: skip
            password, token = stack.city_user()
            http_redirects_to_https(stack)
            hsts_on_every_answer(stack)
            session_and_csrf_cookies_are_host_only_and_secure(stack, password)
            html_compressed_once(stack)
            hashed_static_file_cached_a_year(stack)
            repeated_request_gets_304(stack)
            media_images_served_documents_never(stack)
            a_write_is_fresh_on_every_worker(stack, token)
            pdf_drawn_by_db_worker(stack)
            backup_while_writing_restores_exactly(stack)
            upload_limit_left_to_the_app(stack)
            forged_forwarded_address_ignored(stack)
            if not all(RESULTS):
                for name in ("gunicorn", "db_worker", "nginx"):
                    print(f"--- {name} log (last lines) ---\n{stack.log_tail(name)}")
    except Exception:
        traceback.print_exc()
        RESULTS.append(False)
        print("FAIL stack: could not be started or stopped (above)")
    passed, failed = RESULTS.count(True), RESULTS.count(False)
    print(f"stack duration: {time.monotonic() - started:.0f} s")
    print(f"stack: {passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
