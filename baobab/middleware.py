from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
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
