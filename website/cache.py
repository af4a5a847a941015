"""Anonymous public pages are cached per host and address (the address carries the language),
all dropped at once when anything they may show changes, and each dropped when time alone changes
it (an event starts or ends, a new day begins).

Dropping is a version bump, not a scan: every cached page holds the version it was made under, so
a change makes every older entry unusable (the next visit replaces it, or it expires).

The cache is the one every process shares (settings.CACHES), so a write made by one gunicorn
worker, or by ``manage.py`` from cron or a shell, drops the pages every other process serves.

Browsers and proxies may keep a public page for BAOBAB_PAGE_BROWSER_SECONDS (``Cache-Control:
public``), with a strong ``ETag`` and a ``Last-Modified`` that ConditionalGetMiddleware answers
with 304; a page made for one person (signed in, or carrying a session or a CSRF token) is
``private, no-store``.
"""

import datetime as dt
import hashlib
import math
import re
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import transaction
from django.db.models import Min, Q
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import http_date
from wagtail.signals import page_published, page_unpublished

from learning.models import Event
from network.signals import public_content_changed

VERSION_KEY = "baobab:pages:version"

# Writes that no public page shows: sessions, logs, revisions (a draft is not public until it is
# published, which has its own signal), search index rows, user profiles, logins and login
# attempts.
IGNORED_MODELS = {
    "sessions.session",
    "auth.user",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "network.auditlogentry",
    "network.invitation",
    "wagtailcore.modellogentry",
    "wagtailcore.pagelogentry",
    "wagtailcore.revision",
    "wagtailcore.referenceindex",
    "wagtailcore.pagesubscription",
    "wagtailsearch.indexentry",
    "wagtailusers.userprofile",
    "wagtailadmin.editingsession",
    "otp_totp.totpdevice",
    "otp_static.staticdevice",
    "otp_static.statictoken",
}


def _bump() -> None:
    cache.set(VERSION_KEY, time.time_ns(), None)


def pages_changed(**kwargs) -> None:
    _bump()
    # A cache outside the database (Redis) takes the bump before the write commits: another
    # process may meanwhile render a page from the data as it was and store it under the new
    # version. Bumping again at commit drops that page. The database cache needs no second bump:
    # its bump commits with the write.
    if isinstance(caches["default"], DatabaseCache):
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(
        entry[1] is _bump for entry in connection.run_on_commit
    ):
        transaction.on_commit(_bump)


def _model_changed(sender, **kwargs) -> None:
    if sender._meta.label_lower not in IGNORED_MODELS:
        pages_changed()


def connect_signals() -> None:
    post_save.connect(_model_changed, dispatch_uid="baobab-pages-save")
    post_delete.connect(_model_changed, dispatch_uid="baobab-pages-delete")
    page_published.connect(pages_changed, dispatch_uid="baobab-pages-publish")
    page_unpublished.connect(pages_changed, dispatch_uid="baobab-pages-unpublish")
    public_content_changed.connect(pages_changed, dispatch_uid="baobab-pages-content")


def next_change(now: dt.datetime) -> dt.datetime:
    """The next moment a public page may change with no write at all: an event starts (it then
    counts as held in the key figures) or ends (it leaves "upcoming"), or the day changes.

    Every rule on dates (a quarter or phase being current, a membership's public date, the
    exchange rate of the day, the date a page prints) compares with ``timezone.localdate()``,
    today in TIME_ZONE: so they all change at its midnight, and a quarter boundary is never before
    the next midnight. A network has no time zone of its own; its cities' zones only change how
    event times are printed, not when a page changes.
    """
    zone = timezone.get_default_timezone()
    tomorrow = timezone.localtime(now, zone).date() + dt.timedelta(days=1)
    midnight = dt.datetime.combine(tomorrow, dt.time.min, tzinfo=zone)
    events = Event.objects.aggregate(
        start=Min("start", filter=Q(start__gt=now)), end=Min("end", filter=Q(end__gt=now))
    )
    return min(moment for moment in (midnight, events["start"], events["end"]) if moment)


# The parameters the public listings read to filter and page (pilots, library, events, a key
# figure's records). A listing so filtered is cached under its parameters sorted, so that
# ?theme=data&city=lagos and ?city=lagos&theme=data share an entry. Any other parameter (a
# search, a tracking tag), a repeated one or a value that is not a short slug or number leaves
# the page uncached: the variants a visitor can make stay bounded.
LISTING_PARAMS = frozenset(
    {"area", "by", "city", "decision", "kind", "lang", "page", "status", "theme", "zone"}
)
MAX_LISTING_PARAMS = 6
_LISTING_VALUE = re.compile(r"^[\w-]{0,64}$")


def listing_query(request) -> str | None:
    """The normalised query string of a filtered or paged listing ("" without one); None when
    the request has parameters no listing is cached by."""
    items = sorted(request.GET.lists())
    if len(items) > MAX_LISTING_PARAMS:
        return None
    pairs = []
    for name, values in items:
        if name not in LISTING_PARAMS or len(values) != 1 or not _LISTING_VALUE.match(values[0]):
            return None
        pairs.append((name, values[0]))
    return urlencode(pairs)


def _page_key(request, query: str = "") -> str:
    # The host is part of the address: two sites never share an entry.
    address = f"{request.scheme}://{request.get_host()}{request.path}"
    if query:
        address += "?" + query
    return "baobab:page:" + hashlib.sha256(address.encode()).hexdigest()


def _language_page(request) -> bool:
    prefixes = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)
    return request.path.startswith(prefixes)


def _for_someone(request) -> bool:
    # A preview shows a draft at the page's public address: never to be kept for anyone.
    return (
        getattr(request, "is_preview", False)
        or request.user.is_authenticated
        or bool(request.session.keys())
    )


def _personal(request, response) -> bool:
    """Whether the response was made for this visitor: it sets a cookie, or holds a CSRF token
    (whose cookie CsrfViewMiddleware adds after this middleware), session data or a message."""
    messages = getattr(request, "_messages", None)
    return bool(
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or request.session.modified
        # A page that shows a message (iterating marks them used, even when there is none).
        or (messages is not None and (messages.added_new or (messages.used and len(messages))))
    )


def _cacheable_response(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
    )


def _make_private(response) -> None:
    patch_cache_control(response, private=True, no_store=True)


def _make_public(response, expires: float, now: float) -> None:
    seconds = min(settings.BAOBAB_PAGE_BROWSER_SECONDS, math.floor(expires - now))
    patch_cache_control(response, public=True, max_age=max(seconds, 0))


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _language_page(request):
            return self.get_response(request)
        if _for_someone(request):
            response = self.get_response(request)
            _make_private(response)
            return response
        seconds = settings.BAOBAB_PAGE_CACHE_SECONDS
        query = listing_query(request)
        if request.method not in ("GET", "HEAD") or query is None:
            # A search or a form sent: not cached, but no more private than its page.
            seconds = 0
        key = _page_key(request, query or "")
        now = time.time()
        if seconds:
            version, entry = _lookup(key, now)
            if version is None:
                # Never set, or culled: a new version, so that no page stored before is served.
                version = time.time_ns()
                cache.set(VERSION_KEY, version, None)
            if entry:
                return _from_cache(entry, now)
        response = self.get_response(request)
        if _personal(request, response):
            _make_private(response)
            return response
        if not seconds or not _cacheable_response(response):
            return response
        expires = min(now + seconds, next_change(timezone.now()).timestamp())
        set_response_etag(response)
        response["Last-Modified"] = http_date(now)
        _make_public(response, expires, now)
        if expires - now >= 1:
            # Every header, so that a hit answers as the miss did (Cache-Control is worked out
            # again for the time left).
            headers = dict(response.items())
            entry = {
                "version": version,
                "expires": expires,
                "content": response.content,
                "headers": headers,
            }
            cache.set(key, entry, math.ceil(expires - now))
            response["X-Cache"] = "miss"
        return response


def _lookup(key: str, now: float):
    """The current version and the page stored under ``key`` if it is still good (else None).
    One round trip for both: with the database cache, one query."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    entry = found.get(key)
    if entry and version is not None and entry["version"] == version and entry["expires"] > now:
        return version, entry
    return version, None


def _from_cache(entry, now):
    response = HttpResponse(entry["content"])
    for name, value in entry["headers"].items():
        response[name] = value
    _make_public(response, entry["expires"], now)
    response["X-Cache"] = "hit"
    return response


class EarlyPageCacheMiddleware:
    """Serves a cached public page to a visitor who has no session cookie before the session,
    CSRF, authentication, locale and audit middleware run: with no cookie there is no session,
    so no one signed in, and the page is the one AnonymousPageCacheMiddleware would return.

    It only reads the cache; anything else (a miss, a page not cached, a visitor with a session
    cookie, even an empty one) goes on to the full chain, where AnonymousPageCacheMiddleware
    decides and stores as before. It stands after the compression, conditional-GET, security and
    CSP middleware, so a hit still gets their headers; what the middleware it skips would have
    added to a hit (the session's Vary, the language, the frame policy, the length) it adds
    itself, so that the response is the same.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or not settings.BAOBAB_PAGE_CACHE_SECONDS
            or not _language_page(request)
        ):
            return self.get_response(request)
        query = listing_query(request)
        if query is None:
            return self.get_response(request)
        now = time.time()
        _version, entry = _lookup(_page_key(request, query), now)
        if entry is None:
            return self.get_response(request)
        response = _from_cache(entry, now)
        # In the order the skipped middleware would (innermost first): clickjacking, common,
        # locale, sessions (which read the session to see it empty, hence the Vary).
        if response.get("X-Frame-Options") is None:
            response["X-Frame-Options"] = settings.X_FRAME_OPTIONS.upper()
        if not response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        response.headers.setdefault(
            "Content-Language", translation.get_language_from_path(request.path_info)
        )
        patch_vary_headers(response, ("Cookie",))
        return response
