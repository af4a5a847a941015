from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.template.defaultfilters import filesizeformat
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext

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
            message = gettext("This file is too large: the limit is %(size)s.") % {
                "size": filesizeformat(settings.BAOBAB_UPLOAD_MAX_BYTES)
            }
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


# What the Wagtail admin needs beyond the site's policy: its icons and widgets set inline styles
# (style attributes and a few <style> blocks) and its image previews use data: URLs. It runs no
# inline script, so scripts stay 'self' only.
ADMIN_CSP = {"style-src": ["'self'", "'unsafe-inline'"], "img-src": ["'self'", "data:"]}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's few relaxations on /admin/ only."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith("/admin/"):
            parts.update = {**ADMIN_CSP, **(parts.update or {})}
        return parts
