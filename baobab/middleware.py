import json
import re
from fnmatch import fnmatch

import brotli
from csp.constants import NONCE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed
from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _

# Addresses that carry no language prefix: a 404 there is a 404, not a hint to add "/en/".
UNPREFIXED = ("/admin/", "/documents/", "/static/", "/media/", "/healthz", "/sitemap.xml", "/api/")


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, without its "missing language prefix" redirect outside the
    public site: the catch-all page route would otherwise turn every admin 404 into a redirect.
    """

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(UNPREFIXED):
            patch_vary_headers(response, ("Accept-Language",))
            return response
        return super().process_response(request, response)


# What is worth compressing: text. Images, PDFs and archives are compressed already; static files
# and documents are streamed, and WhiteNoise serves static files precompressed.
COMPRESSIBLE = re.compile(
    r"^(text/|application/(json|xml|javascript|ld\+json|[a-z.+-]*\+(json|xml))\b)", re.IGNORECASE
)
ACCEPTS_BROTLI = re.compile(r"\bbr\b")


class CompressionMiddleware(GZipMiddleware):
    """Django's GZipMiddleware for text responses, or brotli when the client accepts it (smaller,
    for people on slow connections).

    BREACH (guessing a secret from the compressed size of pages that reflect the attacker's
    input): Django masks the CSRF token anew in every response, so no secret repeats from one
    response to the next; that is the defence that matters. Django's gzip also pads each
    response with a random number of bytes; brotli has no such padding. Session and CSRF
    cookies travel in headers, which are not compressed here.

    Like Django's gzip, a strong ETag becomes weak once the body is compressed: the compressed
    bytes are not those the ETag was computed on, yet a conditional request still matches it.
    """

    # Dynamic pages are compressed on each response: a middle quality, nearly as small as the
    # best and many times faster.
    brotli_quality = 5

    def process_response(self, request, response):
        if response.streaming or not COMPRESSIBLE.match(response.get("Content-Type", "")):
            return response
        accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
        if not ACCEPTS_BROTLI.search(accepted):
            return super().process_response(request, response)
        if len(response.content) < 200 or response.has_header("Content-Encoding"):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        compressed = brotli.compress(response.content, quality=self.brotli_quality)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "br"
        return response


class MethodMiddleware:
    """Outside the API, the site's addresses take GET, HEAD and POST only, whatever their view
    would do with another method: Django's generic views take a PUT as a POST, and a DELETE sent
    to a delete view removes the record directly, past Wagtail's checks, hooks and audit trail.
    The few of Wagtail's views its admin scripts call with another method are named here; the API
    declares its own methods."""

    METHODS = {"GET", "HEAD", "POST"}
    OTHER_METHODS = {
        # The admin remembers which notices a person dismissed.
        "wagtailadmin_dismissibles": {"PATCH"},
        # The live preview clears what it stored.
        "*:preview_on_edit": {"DELETE"},
        "*:preview_on_add": {"DELETE"},
        # The translation editor saves and clears each string.
        "wagtail_localize:edit_*": {"PUT", "DELETE"},
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in self.METHODS or request.path_info.startswith("/api/"):
            return self.get_response(request)
        allowed = self.allowed(request.path_info)
        if request.method not in allowed:
            return HttpResponseNotAllowed(sorted(allowed))
        return self.get_response(request)

    def allowed(self, path) -> set[str]:
        try:
            name = resolve(path).view_name
        except Resolver404:
            return self.METHODS
        for glob, methods in self.OTHER_METHODS.items():
            if fnmatch(name, glob):
                return self.METHODS | methods
        return self.METHODS


TOO_LARGE = _("This file is too large: the limit is %(size)s.")


class UploadSizeLimitMiddleware:
    """Refuses a request whose declared body is larger than the upload cap, before any of it is
    read. A body sent without a length (chunked) is stopped by ``baobab.uploads`` instead."""

    # Room for the form's other fields and the multipart boundaries around the file.
    MARGIN = 1024 * 1024

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.BAOBAB_UPLOAD_MAX_BYTES + self.MARGIN:
            message = str(TOO_LARGE) % {"size": filesizeformat(settings.BAOBAB_UPLOAD_MAX_BYTES)}
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class SearchQueryLimitMiddleware:
    """Cuts every ``q`` search parameter to BAOBAB_SEARCH_MAX_CHARS, so that any search, the
    admin's and the public site's, present and future, answers a huge query in bounded time."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.BAOBAB_SEARCH_MAX_CHARS
        if any(len(value) > limit for value in request.GET.getlist("q")):
            query = request.GET.copy()
            query.setlist("q", [value[:limit] for value in query.getlist("q")])
            query._mutable = False
            request.GET = query
        return self.get_response(request)


# What the Wagtail admin needs beyond the site's policy (found by the admin crawl): its rich
# text editor and a few widgets apply inline styles. Styles cannot run code; scripts get no such
# relaxation.
ADMIN_CSP = {"style-src": [SELF, UNSAFE_INLINE]}
# The editor shows its live preview in a frame of the admin itself: only the preview views may be
# framed, and only by our own pages.
PREVIEW = re.compile(r"^/admin/.*/preview/(\d+/)?$")

# Wagtail still starts some widgets with a small inline script: a chooser or date picker
# (``new PageChooser("id_x", {...});``, ``initDateChooser("id_x", {...});``) and an inline panel
# (``new InlinePanel(JSON.parse("..."))``). Rather than trusting every inline script the response
# holds (one unescaped value in a template would then run as if it were ours), only scripts of
# exactly these shapes get the response's nonce: a call to one of Wagtail's initialisers whose
# arguments are pure data (JSON, or a string escaped by ``escapejs``). Any other inline script,
# injected or not, stays blocked. A nonce rather than a hash, because an inline panel copies its
# empty row, start script included, for each row added: the copy's script names the new row, so
# its text (and hash) differs, while jQuery carries the nonce over to it.
SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
WIDGET_CALL = re.compile(
    r"\s*((?:new )?[A-Z][A-Za-z]*Chooser|init(?:Date|Time|DateTime)Chooser|createTaskChooser)"
    r"\((.*)\);\s*",
    re.DOTALL,
)
# ``escapejs`` leaves no quote, backslash or angle bracket unescaped.
ESCAPED_STRING = r'"(?:[^"\\<>]|\\u[0-9A-Fa-f]{4})*"'
PANEL_START = re.compile(
    r"\s*\(function\(\) \{\s*var panel = new (?:InlinePanel|MultipleChooserPanel)"
    rf"\(JSON\.parse\({ESCAPED_STRING}\)\);\s*\}}\)\(\);\s*"
)


def is_wagtail_start_script(body: str) -> bool:
    if PANEL_START.fullmatch(body):
        return True
    call = WIDGET_CALL.fullmatch(body)
    if not call:
        return False
    try:
        args = json.loads(f"[{call.group(2)}]")
    except ValueError:
        return False
    id_, *options = args
    return (
        isinstance(id_, str)
        and len(options) <= 1
        and all(isinstance(option, dict) for option in options)
    )


def with_nonce_on_start_scripts(html: str, nonce) -> tuple[str, bool]:
    """The page, with the nonce on each of Wagtail's start scripts; and whether it has any.
    ``nonce`` is django-csp's lazy one: it is only drawn (and named in the policy) if needed."""
    found = False

    def sign(match):
        nonlocal found
        if not is_wagtail_start_script(match.group(1)):
            return match.group(0)
        found = True
        return f'<script nonce="{nonce}">{match.group(1)}</script>'

    return SCRIPT.sub(sign, html), found


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's few relaxations on /admin/ only."""

    def process_response(self, request, response):
        if getattr(request, "is_preview", False):
            # Wagtail renders a preview by passing a stand-in request for the page's public
            # address through the middleware. The policy is the one of the admin's preview view,
            # set when the real request goes out.
            return response
        if (
            request.path_info.startswith("/admin/")
            and "html" in response.get("Content-Type", "")
            and not response.streaming
        ):
            html = response.content.decode(response.charset)
            signed, found = with_nonce_on_start_scripts(html, request.csp_nonce)
            if found:
                response.content = signed.encode(response.charset)
                if response.has_header("Content-Length"):
                    response["Content-Length"] = str(len(response.content))
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith("/admin/"):
            update = dict(ADMIN_CSP)
            if parts.nonce:
                update["script-src"] = [SELF, NONCE]
            parts.update = {**update, **(parts.update or {})}
            if PREVIEW.match(request.path_info):
                parts.replace = {"frame-ancestors": [SELF], **(parts.replace or {})}
        return parts


def client_address(request) -> str | None:
    """The client's address: the connection's, or behind our proxy (BEHIND_TLS_PROXY) the last
    entry of X-Forwarded-For, the one the proxy appended. Entries before it come from the client
    and can be anything, so the login throttle (django-axes) never counts them."""
    if settings.BAOBAB_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR")
