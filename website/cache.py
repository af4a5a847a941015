"""Anonymous public pages are cached per address (the address carries the language) and all
dropped at once when anything they may show changes.

Dropping is a version bump, not a scan: every cached page's key holds the version it was made
under, so a change makes every older entry unreachable (they then expire on their own).
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from wagtail.signals import page_published, page_unpublished

from network.signals import public_content_changed

VERSION_KEY = "baobab:pages:version"
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary")

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


def pages_changed(**kwargs) -> None:
    cache.set(VERSION_KEY, time.time_ns(), None)


def _model_changed(sender, **kwargs) -> None:
    if sender._meta.label_lower not in IGNORED_MODELS:
        pages_changed()


def connect_signals() -> None:
    post_save.connect(_model_changed, dispatch_uid="baobab-pages-save")
    post_delete.connect(_model_changed, dispatch_uid="baobab-pages-delete")
    page_published.connect(pages_changed, dispatch_uid="baobab-pages-publish")
    page_unpublished.connect(pages_changed, dispatch_uid="baobab-pages-unpublish")
    public_content_changed.connect(pages_changed, dispatch_uid="baobab-pages-content")


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or request.GET or request.user.is_authenticated:
        return False
    prefixes = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)
    return request.path.startswith(prefixes)


def _cacheable_response(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-cache", "no-store"))
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.BAOBAB_PAGE_CACHE_SECONDS
        if not seconds or not _cacheable_request(request):
            return self.get_response(request)
        version = cache.get(VERSION_KEY) or 0
        key = f"baobab:page:{version}:{request.path}"
        cached = cache.get(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(response):
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            cache.set(key, (response.content, headers), seconds)
            response["X-Cache"] = "miss"
        return response
