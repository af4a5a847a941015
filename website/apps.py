from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = _("Website")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the city pages' rule)
        from .cache import connect_signals

        connect_signals()
