from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExperimentsConfig(AppConfig):
    name = "experiments"
    verbose_name = _("Pilots")

    def ready(self):
        from network import workspace

        from . import opendata, permissions  # noqa: F401  (registers who may do what)
        from .selectors import open_datasets, workspace_section

        workspace.register(workspace_section)
        opendata.register(open_datasets)
