import base64
import hashlib
import re

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.template.defaultfilters import filesizeformat
from django.utils.cache import patch_vary_headers

# Addresses that carry no language prefix: a 404 there is a 404, not a hint to add "/en/".
UNPREFIXED = ("/admin/", "/documents/", "/static/", "/media/", "/healthz", "/sitemap.xml")


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, without its "missing language prefix" redirect outside the
    public site: the catch-all page route would otherwise turn every admin 404 into a redirect.
    """

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(UNPREFIXED):
            patch_vary_headers(response, ("Accept-Language",))
            return response
        return super().process_response(request, response)


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
            from network.uploads import TOO_LARGE

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


# What the Wagtail admin needs beyond the site's policy (found by the browser tests): its rich
# text editor applies inline styles. Styles cannot run code; scripts get no such relaxation.
ADMIN_CSP = {"style-src": ["'self'", "'unsafe-inline'"]}
# A few Wagtail form widgets (date pickers, the snippet chooser) still start with a one-line
# inline script such as ``initDateChooser("id_x", {...});``. Only scripts of exactly that shape
# are allowed, each by its hash: any other inline script, injected or not, stays blocked.
WIDGET_SCRIPT = re.compile(
    r'<script>(\s*(?:new |init)?[A-Za-z]*Chooser\("[\w-]+", \{[^<>]*\}\);\s*)</script>'
)


def widget_script_hashes(html: str) -> list[str]:
    hashes = []
    for body in WIDGET_SCRIPT.findall(html):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    return sorted(set(hashes))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's few relaxations on /admin/ only."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith("/admin/"):
            update = dict(ADMIN_CSP)
            if "html" in response.get("Content-Type", "") and not response.streaming:
                hashes = widget_script_hashes(response.content.decode(errors="replace"))
                if hashes:
                    update["script-src"] = ["'self'", *hashes]
            parts.update = {**update, **(parts.update or {})}
        return parts
