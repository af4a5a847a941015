from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


def _sync_site(using="default", **kwargs):
    from .sites import default_site_sync

    if using == "default":
        default_site_sync()


def _create_cache_table(using="default", **kwargs):
    # The database cache's table is no model's, so no migration makes it: every migrate does
    # (``make demo``, a deployment, a restore's fresh database), before the migrations run, as
    # their writes already drop cached pages. It does nothing for Redis.
    call_command("createcachetable", database=using, verbosity=0)


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = _("Website")

    def ready(self):
        from . import checks, permissions  # noqa: F401  (register the checks, the pages' rule)
        from .cache import connect_signals

        connect_signals()
        # A deployment runs migrate with its BASE_URL: the default Site follows it.
        pre_migrate.connect(_create_cache_table, sender=self, dispatch_uid="baobab-cache-table")
        post_migrate.connect(_sync_site, sender=self, dispatch_uid="baobab-site-sync")
