from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "impact"
    verbose_name = _("Impact")

    def ready(self):
        from wagtail.signals import page_published

        from knowledge.models import KnowledgeItemPage

        from . import permissions  # noqa: F401  (registers who may do what)
        from .signals import item_published

        page_published.connect(
            item_published, sender=KnowledgeItemPage, dispatch_uid="impact-offline-packs"
        )
