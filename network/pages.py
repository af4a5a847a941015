"""The shape every public section of the site shares (programme, learning, events, pilots,
roadmaps, knowledge, impact): one page per language under the home page, an editable
introduction, and content drawn from the records."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class CityScopedPage:
    """Mixed into every page model: Wagtail's page rights, narrowed by ``network.permissions``
    to a city team's own city."""

    def permissions_for_user(self, user):
        from .permissions import CityPagePermissionTester

        return CityPagePermissionTester(user, self)


class SectionPage(CityScopedPage, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["website.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        abstract = True

    def section_context(self, request) -> dict:
        """What the section shows, read from the records (each app's selectors)."""
        return {}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.section_context(request))
        return context
