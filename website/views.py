import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@require_safe
@never_cache
def healthz(request):
    """200 when the app and its database answer; 503 otherwise, for load balancers and probes."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
def robots_txt(request):
    """Everything public may be crawled, the back office never; the sitemap lists the rest."""
    from wagtail.models import Site

    site = Site.find_for_request(request) or Site.objects.get(is_default_site=True)
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {site.root_url}{reverse('sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    # Browsers ask for /favicon.ico before (or without) reading the page's <link rel="icon">.
    return HttpResponsePermanentRedirect(static("website/favicon.svg"))
