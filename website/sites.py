"""The default Wagtail Site answers at BASE_URL: every absolute address Baobab writes (sitemap,
robots.txt, share links, PDFs, mails) is built from the Site, so the two must agree."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def base_url_host_and_port() -> tuple[str, int]:
    parts = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(
            f"BASE_URL must be an http(s) address, not {settings.WAGTAILADMIN_BASE_URL!r}"
        )
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def default_site_sync(*, root_page=None, site_name=None):
    """Point the default Site at BASE_URL's host and port; create it when a root page is given.

    Returns the Site, or None when there is none yet and no root page to make one with."""
    from wagtail.models import Site

    hostname, port = base_url_host_and_port()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        if root_page is None:
            return None
        site = Site(is_default_site=True, root_page=root_page)
    changed = site.pk is None or (site.hostname, site.port) != (hostname, port)
    if root_page is not None and site.root_page_id != root_page.pk:
        site.root_page, changed = root_page, True
    if site_name is not None and site.site_name != site_name:
        site.site_name, changed = site_name, True
    if changed:
        # Another Site may already hold this host and port (an old one left behind).
        Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).delete()
        site.hostname, site.port = hostname, port
        site.save()
    return site
