from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from network import selectors as network_selectors
from network.models import City, Network
from network.pages import CityScopedPage

from . import selectors

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class HomePage(CityScopedPage, Page):
    """The network at a glance; one per language, at the root of the site."""

    network = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        related_name="home_pages",
        verbose_name=_("network"),
    )
    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("network"), FieldPanel("intro")]
    subpage_types = [
        "website.CityIndexPage",
        "programme.ProgrammePage",
        "learning.LearningPage",
        "learning.EventsPage",
        "experiments.PilotIndexPage",
        "roadmap.RoadmapIndexPage",
        "knowledge.KnowledgeIndexPage",
        "impact.ImpactPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.home_context(page=self, request=request))
        return context


class CityIndexPage(CityScopedPage, Page):
    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["website.HomePage"]
    subpage_types = ["website.CityPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("city index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.city_index_context(page=self, request=request))
        return context


class CityPage(CityScopedPage, Page):
    """A city's public profile; the facts come from its City record, the text is translated."""

    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="pages", verbose_name=_("city")
    )
    body = RichTextField(_("profile"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("city"), FieldPanel("body")]
    parent_page_types = ["website.CityIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("city page")

    def clean(self):
        super().clean()
        others = CityPage.objects.filter(city_id=self.city_id, locale_id=self.locale_id)
        if self.city_id and others.exclude(pk=self.pk).exists():
            raise ValidationError({"city": _("This city already has a page in this language.")})

    # A city not yet public (or never announced) has no public page, even when it is live.
    def serve(self, request, *args, **kwargs):
        # Read once: the page lists these memberships too.
        self.public_memberships = list(network_selectors.city_memberships(city=self.city))
        if not self.public_memberships:
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        if not network_selectors.city_is_public(city=self.city):
            return []
        return super().get_sitemap_urls(request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.city_page_context(page=self, request=request))
        return context
