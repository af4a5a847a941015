from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_site(using="default", **kwargs):
    from .sites import default_site_sync

    if using == "default":
        default_site_sync()


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = _("Website")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the city pages' rule)
        from .cache import connect_signals

        connect_signals()
        # A deployment runs migrate with its BASE_URL: the default Site follows it.
        post_migrate.connect(_sync_site, sender=self, dispatch_uid="baobab-site-sync")
