from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self):
        from wagtail.signals import page_published

        from . import (
            permissions,  # noqa: F401  (registers the library's page rules)
            tasks,
        )
        from . import search as library_search
        from .forms import KnowledgeItemForm
        from .models import KnowledgeItemPage

        # Wagtail reads the page's form class when it first builds the editor, after this.
        KnowledgeItemPage.base_form_class = KnowledgeItemForm
        page_published.connect(tasks.item_published, sender=KnowledgeItemPage)
        library_search.connect(self)
