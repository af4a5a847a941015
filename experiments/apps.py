from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExperimentsConfig(AppConfig):
    name = "experiments"
    verbose_name = _("Pilots")

    def ready(self):

        from . import permissions  # noqa: F401  (registers who may do what)
