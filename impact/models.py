from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from network.models import City, Membership, Network
from network.pages import CityScopedPage
from network.selectors import page_network


class ReuseRecord(models.Model):
    """A city reusing one of the programme's methods or tools for another policy or service."""

    class Where(models.TextChoices):
        POLICY = "policy", _("Policy")
        SERVICE = "service", _("Service")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="reuse_records", verbose_name=_("network")
    )
    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="reuse_records", verbose_name=_("city")
    )
    topic = models.ForeignKey(
        "learning.Topic",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reuse_records",
        verbose_name=_("method or tool from the backlog"),
    )
    method = models.CharField(
        _("method or tool"),
        max_length=200,
        blank=True,
        help_text=_("Name it here when it is not a topic of the learning backlog."),
    )
    where = models.CharField(_("reused for a"), max_length=16, choices=Where.choices)
    reused_in = models.CharField(
        _("policy or service"),
        max_length=200,
        help_text=_("The policy or service it was reused for, e.g. the new market-fee service."),
    )
    reused_on = models.DateField(_("reused on"), default=timezone.localdate)
    evidence = models.TextField(
        _("evidence"), help_text=_("What shows the reuse: a decision, a document, a service.")
    )
    evidence_url = models.URLField(_("evidence link"), blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("reuse record")
        verbose_name_plural = _("reuse records")
        ordering = ["-reused_on", "city__name", "pk"]

    def __str__(self):
        return f"{self.city}: {self.method_name} → {self.reused_in}"

    @property
    def method_name(self) -> str:
        return self.method or (self.topic.title if self.topic_id else "")

    def clean(self):
        errors = {}
        if not self.method and not self.topic_id:
            errors["method"] = _("Choose a method from the backlog or name it.")
        if self.topic_id and self.network_id and self.topic.network_id != self.network_id:
            errors["topic"] = _("This topic belongs to another network.")
        if self.reused_on and self.reused_on > timezone.localdate():
            errors["reused_on"] = _("The date of a reuse cannot be in the future.")
        if (
            self.network_id
            and self.city_id
            and not Membership.objects.filter(network_id=self.network_id, city_id=self.city_id)
            .exclude(status=Membership.Status.SELECTED)
            .exists()
        ):
            errors["city"] = _("This city is not a member of this network.")
        if errors:
            raise ValidationError(errors)


# A city team enters and changes its own city's reuse records only.


class ImpactPage(RoutablePageMixin, CityScopedPage, Page):
    """/<lang>/impact/: the key figures, each computed from the records and linked to them."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["website.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("impact page")

    def network(self):
        return page_network(self)

    # The view layer answers these sub-addresses: named by dotted path, as Wagtail names a
    # page's form, so that the model never imports its views.
    @path("")
    def index(self, request):
        return import_string("impact.views.impact")(request, page=self)

    @path("figures/<slug:key>/")
    def figure(self, request, key):
        return import_string("impact.views.provenance")(request, page=self, key=key)

    @path("sheet/")
    def sheet(self, request):
        return import_string("impact.views.sheet")(request, page=self)


class DataLicence(models.Model):
    """The licence a network publishes its open data under (CC BY 4.0 when none is set)."""

    network = models.OneToOneField(
        Network, on_delete=models.CASCADE, related_name="data_licence", verbose_name=_("network")
    )
    name = models.CharField(
        _("licence"), max_length=200, default="Creative Commons Attribution 4.0 (CC BY 4.0)"
    )
    identifier = models.CharField(
        _("identifier"),
        max_length=40,
        default="CC-BY-4.0",
        help_text=_("Its SPDX identifier, e.g. CC-BY-4.0 or ODbL-1.0."),
    )
    url = models.URLField(_("address"), default="https://creativecommons.org/licenses/by/4.0/")

    class Meta:
        verbose_name = _("open data licence")
        verbose_name_plural = _("open data licences")

    def __str__(self):
        return f"{self.network}: {self.identifier}"


class OfflinePack(models.Model):
    """The offline knowledge pack of a network in one language (or all): its ZIP in storage and
    how its last build went. A failed build leaves the previous file served (impact.packs)."""

    ALL = "all"

    class Status(models.TextChoices):
        NEW = "new", _("Not built yet")
        BUILDING = "building", _("Building")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="offline_packs", verbose_name=_("network")
    )
    language = models.CharField(
        _("language"), max_length=8, help_text=_("A language code, or “all”.")
    )
    file = models.FileField(_("file"), upload_to="packs/", blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default="new")
    started_at = models.DateTimeField(_("last build started at"), null=True, blank=True)
    error = models.TextField(_("error of the last build"), blank=True)
    scheduled_for = models.DateTimeField(_("next build planned for"), null=True, blank=True)

    class Meta:
        verbose_name = _("offline pack")
        verbose_name_plural = _("offline packs")
        ordering = ["network", "language"]
        constraints = [
            models.UniqueConstraint(fields=["network", "language"], name="one_pack_per_language")
        ]

    def __str__(self):
        return f"{self.network.slug}-{self.language}"
