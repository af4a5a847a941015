from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = _("Roadmaps")

    def ready(self):
        from django.db.models.signals import post_save

        from . import permissions  # noqa: F401  (registers who may do what)

        post_save.connect(
            _network_saved, sender="network.Network", dispatch_uid="roadmap-default-layers"
        )


def _network_saved(sender, instance, created, raw=False, **kwargs):
    # A new network starts with the layers of the digital city; it edits the list afterwards.
    if created and not raw:
        from baobab.exceptions import SYSTEM

        from .services import layers_default_ensure

        layers_default_ensure(network=instance, actor=SYSTEM)
