"""Anonymous public pages come from the cache until something they show changes, or time does;
browsers may keep them a minute and ask again with the ETag; pages for one person stay private."""

import datetime as dt
import gzip
import subprocess
import sys
import urllib.request

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from baobab.exceptions import SYSTEM
from learning.models import Event
from network import services
from network.models import City
from network.signals import public_content_changed
from website.cache import AnonymousPageCacheMiddleware, _bump, _page_key, next_change
from website.checks import cache_shared_by_every_process

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def get(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response, len(queries)


def test_a_second_visit_is_served_from_the_cache_in_one_query(client, db):
    first, first_queries = get(client, "/en/cities/")
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/en/cities/")
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert first_queries > 1
    # The version and the page, read together from the cache's table; nothing else.
    assert [query["sql"].count("baobab_cache") > 0 for query in queries] == [True]
    assert second.content == first.content
    assert second["Content-Language"] == "en"


def test_a_hit_carries_the_headers_of_the_miss(client, db):
    first = client.get("/en/programme/")
    second = client.get("/en/programme/")
    assert second["X-Cache"] == "hit"
    # Cache-Control says how long is left, which may differ by a second.
    skipped = {"X-Cache", "Cache-Control"}
    assert {k: v for k, v in second.items() if k not in skipped} == {
        k: v for k, v in first.items() if k not in skipped
    }
    assert second["Cache-Control"].startswith("public, max-age=")
    assert second["ETag"] and second["Last-Modified"] and second["Content-Security-Policy"]


def test_each_host_has_its_own_entries(client, db):
    get(client, "/en/cities/")
    other = client.get("/en/cities/", HTTP_HOST="localhost")
    assert other.status_code == 200 and other["X-Cache"] == "miss"
    assert get(client, "/en/cities/")[0]["X-Cache"] == "hit"
    assert _page_key(other.wsgi_request) != _page_key(client.get("/en/cities/").wsgi_request)


def test_each_language_has_its_own_entry(client, db):
    get(client, "/en/cities/")
    french, _queries = get(client, "/fr/cities/")
    assert french["X-Cache"] == "miss"
    assert "Villes" in french.content.decode()


def test_a_change_to_a_city_drops_the_cached_pages(client, db):
    get(client, "/en/cities/")
    services.city_upsert(slug="kumasi", population=3_456_789, actor=SYSTEM)
    response, queries = get(client, "/en/cities/")
    assert response["X-Cache"] == "miss" and queries > 0
    assert "3,456,789" in response.content.decode()


def test_a_write_the_domain_announces_drops_the_cached_pages(client, db):
    # Bulk writes send no model signal; the apps below the site announce them instead.
    get(client, "/en/cities/")
    public_content_changed.send(sender=__name__)
    response, queries = get(client, "/en/cities/")
    assert response["X-Cache"] == "miss" and queries > 0


def test_publishing_a_page_drops_the_cached_pages(client, db):
    get(client, "/en/cities/kumasi/")
    page = City.objects.get(slug="kumasi").pages.get(locale__language_code="en")
    page.body = "<p>A fresh profile.</p>"
    page.save_revision().publish()
    response, _queries = get(client, "/en/cities/kumasi/")
    assert "A fresh profile." in response.content.decode()


def test_signed_in_people_never_get_or_fill_the_cache(client, secretariat):
    get(client, "/en/")
    client.force_login(secretariat)
    response, queries = get(client, "/en/")
    assert "X-Cache" not in response and queries > 0
    client.logout()
    assert get(client, "/en/")[0]["X-Cache"] == "hit"


def test_forms_and_errors_are_not_cached(client, db):
    client.get("/en/invitations/made-up/")
    assert "X-Cache" not in client.get("/en/invitations/made-up/")
    assert client.get("/en/cities/atlantis/").status_code == 404


def test_a_page_expires_when_an_event_starts_or_ends(client, db):
    soon = timezone.now() + dt.timedelta(seconds=40)
    event = Event.objects.order_by("pk").first()
    # A bulk update sends no signal: only time can drop the page.
    Event.objects.filter(pk=event.pk).update(start=soon, end=soon + dt.timedelta(hours=1))
    response = client.get("/en/events/")
    entry = cache.get(_page_key(response.wsgi_request))
    assert entry["expires"] == soon.timestamp()
    max_age = int(response["Cache-Control"].rsplit("max-age=", 1)[1])
    assert 30 <= max_age <= 40
    assert next_change(soon) == soon + dt.timedelta(hours=1)


def test_without_events_pages_expire_at_midnight(db):
    # Quarters, phases and public dates are dates, compared with today: they change at midnight.
    late = dt.datetime(2031, 6, 30, 23, 59, 30, tzinfo=dt.UTC)
    assert not Event.objects.filter(end__gt=late).exists()
    assert next_change(late) == dt.datetime(2031, 7, 1, tzinfo=dt.UTC)
    assert next_change(late - dt.timedelta(hours=12)) == dt.datetime(2031, 7, 1, tzinfo=dt.UTC)


def test_public_pages_may_be_kept_a_minute_and_revalidated(client, db):
    for attempt in ("miss", "hit"):
        response = client.get("/en/cities/")
        assert response["X-Cache"] == attempt
        assert (
            response["Cache-Control"] == f"public, max-age={settings.BAOBAB_PAGE_BROWSER_SECONDS}"
        )
        etag = response["ETag"]
        assert etag.startswith('"') and response["Last-Modified"]
        again = client.get("/en/cities/", HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304 and again.content == b""
        assert again["ETag"] == etag
    # After a change, the old ETag no longer matches.
    services.city_upsert(slug="kumasi", population=3_456_789, actor=SYSTEM)
    assert client.get("/en/cities/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_pages_for_one_person_are_private(client, secretariat):
    client.force_login(secretariat)
    response = client.get("/en/cities/")
    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def form_page(request):
    return HttpResponse(f'<form method="post"><input value="{get_token(request)}"></form>')


def message_page(request):
    messages.success(request, "Thank you for registering.")
    return HttpResponse("".join(f"<p>{message}</p>" for message in messages.get_messages(request)))


@pytest.mark.parametrize("view", [form_page, message_page])
def test_a_page_with_a_csrf_token_or_a_message_is_neither_cached_nor_public(db, view):
    middleware = AnonymousPageCacheMiddleware(view)
    for _attempt in range(2):
        request = RequestFactory().get("/en/a-form/")
        request.user, request.session = AnonymousUser(), SessionStore()
        request._messages = FallbackStorage(request)
        response = middleware(request)
        assert "X-Cache" not in response
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert cache.get(_page_key(request)) is None


def test_an_anonymous_page_without_either_is_cached(db):
    middleware = AnonymousPageCacheMiddleware(lambda request: HttpResponse("<p>Hello</p>"))
    for attempt in ("miss", "hit"):
        request = RequestFactory().get("/en/a-page/")
        request.user, request.session = AnonymousUser(), SessionStore()
        request._messages = FallbackStorage(request)
        assert middleware(request)["X-Cache"] == attempt


def test_a_cache_outside_the_database_is_bumped_again_at_commit(
    db, django_capture_on_commit_callbacks
):
    # With Redis, another process may store a page rendered from the data before the commit,
    # under the new version: one more bump at commit drops it. One, however many rows changed.
    with override_settings(CACHES=LOCMEM), django_capture_on_commit_callbacks() as callbacks:
        services.city_upsert(slug="kumasi", population=1_000_001, actor=SYSTEM)
        services.city_upsert(slug="lagos", population=1_000_002, actor=SYSTEM)
    assert callbacks.count(_bump) == 1
    # The database cache's bump commits with the write: nothing to redo.
    with django_capture_on_commit_callbacks() as callbacks:
        services.city_upsert(slug="kumasi", population=1_000_003, actor=SYSTEM)
    assert _bump not in callbacks


def test_production_refuses_a_cache_of_each_process_its_own():
    with override_settings(BAOBAB_ENV="production", CACHES=LOCMEM):
        assert [error.id for error in cache_shared_by_every_process()] == ["website.E001"]
    with override_settings(BAOBAB_ENV="demo", CACHES=LOCMEM):
        assert cache_shared_by_every_process() == []
    with override_settings(BAOBAB_ENV="production"):
        assert cache_shared_by_every_process() == []


def _fetch(url):
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.headers["X-Cache"], response.read().decode()


def test_a_write_from_another_process_reaches_the_server(demo_server):
    # The server (its own process, on its own database, set up by migrate and load_demo as
    # `make demo` does) caches the page; manage.py, in another process, changes the city.
    url = f"{demo_server.url}/en/cities/"
    assert _fetch(url)[0] in ("miss", "hit")
    assert _fetch(url)[0] == "hit"
    env = {"PATH": "/usr/bin:/bin", "BAOBAB_ENV": "demo", "DATABASE_URL": demo_server.database_url}
    env["BAOBAB_VAR_DIR"] = str(demo_server.log_path.parent)

    def set_population(population):
        command = (
            "from baobab.exceptions import SYSTEM; from network import services; "
            f"services.city_upsert(slug='kumasi', population={population}, actor=SYSTEM)"
        )
        subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", command],
            env=env,
            cwd=settings.BASE_DIR,
            check=True,
            timeout=120,
        )

    script = "from network.models import City; print(City.objects.get(slug='kumasi').population)"
    before = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        env=env,
        cwd=settings.BASE_DIR,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    ).stdout.strip()
    set_population(3_456_789)
    try:
        state, html = _fetch(url)
        assert state == "miss" and "3,456,789" in html
    finally:
        set_population(int(before))
    assert "3,456,789" not in _fetch(url)[1]


def test_a_filtered_or_paged_listing_is_cached_under_its_sorted_parameters(client, db):
    first, _queries = get(client, "/en/pilots/?theme=data&city=bamako")
    again, _queries = get(client, "/en/pilots/?city=bamako&theme=data")
    assert (first["X-Cache"], again["X-Cache"]) == ("miss", "hit")
    assert again.content == first.content
    other, _queries = get(client, "/en/pilots/?city=lagos")
    assert other["X-Cache"] == "miss" and other.content != first.content
    assert get(client, "/en/pilots/")[0]["X-Cache"] == "miss"
    # A write drops the filtered pages with the others.
    services.city_upsert(slug="bamako", population=2_900_001, actor=SYSTEM)
    assert get(client, "/en/pilots/?city=bamako&theme=data")[0]["X-Cache"] == "miss"


@pytest.mark.parametrize(
    "query",
    [
        "q=water",  # a search: any words, so never kept
        "utm_source=newsletter",  # a parameter no listing reads
        "city=bamako&city=lagos",  # a repeated one
        "city=" + "x" * 65,  # a value longer than any slug
        "city=<script>",
    ],
)
def test_other_parameters_leave_the_page_uncached(client, db, query):
    path = "/en/knowledge/?" + query
    assert get(client, path)[0].get("X-Cache") is None
    assert get(client, path)[0].get("X-Cache") is None


EARLY = "website.cache.EarlyPageCacheMiddleware"


def served_early(response):
    # The authentication middleware, which the early hit skips, sets request.user.
    return not hasattr(response.wsgi_request, "user")


@pytest.mark.parametrize("path", ["/en/", "/fr/cities/", "/en/pilots/?theme=data&city=bamako"])
def test_a_hit_without_a_session_cookie_is_served_before_the_session_in_one_query(client, db, path):
    first = client.get(path)
    assert first["X-Cache"] == "miss" and not served_early(first)
    with CaptureQueriesContext(connection) as queries:
        hit = client.get(path)
    assert hit["X-Cache"] == "hit" and served_early(hit)
    # The version and the page, read together from the cache's table: no session, no user.
    assert len(queries) == 1 and "baobab_cache" in queries[0]["sql"]
    assert hit.content == first.content


@pytest.mark.parametrize("path", ["/en/", "/pt/cities/matola/", "/en/pilots/?city=bamako"])
def test_an_early_hit_answers_as_the_hit_of_the_full_chain(client, db, path):
    client.get(path)
    early = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
    with override_settings(MIDDLEWARE=[m for m in settings.MIDDLEWARE if m != EARLY]):
        late = Client().get(path, HTTP_ACCEPT_ENCODING="gzip")
    assert served_early(early) and not served_early(late)
    assert (early["X-Cache"], late["X-Cache"]) == ("hit", "hit")
    # Cache-Control says how long is left, which may differ by a second; gzip pads each
    # response with a random number of bytes, hence the length. The rest, in the same order.
    skipped = {"Cache-Control", "Content-Length"}
    assert [(k, v) for k, v in early.items() if k not in skipped] == [
        (k, v) for k, v in late.items() if k not in skipped
    ]
    assert early["Vary"] == late["Vary"] and "Cookie" in early["Vary"]
    assert early["Content-Encoding"] == "gzip" and early["Content-Security-Policy"]
    assert early["X-Frame-Options"] == "DENY" and early["Content-Language"] == path[1:3]
    assert gzip.decompress(early.content) == gzip.decompress(late.content)
    etag = early["ETag"]
    again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and served_early(again)


def test_a_visitor_with_a_session_cookie_goes_through_the_full_chain(client, db):
    client.get("/en/cities/")
    session = SessionStore()
    session.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    response = client.get("/en/cities/")
    # Still the cached page (the session is empty), but only once the session was read.
    assert response["X-Cache"] == "hit" and not served_early(response)


def test_a_query_string_not_cached_is_not_served_early(client, db):
    client.get("/en/knowledge/")
    response = client.get("/en/knowledge/?utm_source=newsletter")
    assert "X-Cache" not in response and not served_early(response)
    assert client.get("/en/knowledge/")["X-Cache"] == "hit"


def test_a_write_drops_the_pages_served_early(client, db):
    client.get("/en/cities/")
    assert served_early(client.get("/en/cities/"))
    services.city_upsert(slug="kumasi", population=3_456_789, actor=SYSTEM)
    response = client.get("/en/cities/")
    assert response["X-Cache"] == "miss" and not served_early(response)
    assert "3,456,789" in response.content.decode()
    assert served_early(client.get("/en/cities/"))
