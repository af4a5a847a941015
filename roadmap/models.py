from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, RevisionMixin

from network.models import City, Network
from network.pages import SectionPage
from network.versioning import Versioned

# Layers of the digital city a network starts with; each network edits its own list.
DEFAULT_LAYERS = (
    "Connectivity and infrastructure",
    "Data collection",
    "Data management and platforms",
    "Applications and services",
    "Use and engagement",
)


def _not_negative(message):
    return [MinValueValidator(Decimal(0), message=message)]


def _money(verbose_name, message, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=12,
        decimal_places=2,
        validators=_not_negative(message),
        help_text=kwargs.pop("help_text", _("In euros (EUR).")),
        **kwargs,
    )


class Layer(models.Model):
    """A layer of the digital city, in which a roadmap chooses its tools."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="layers", verbose_name=_("network")
    )
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("layer of the digital city")
        verbose_name_plural = _("layers of the digital city")
        ordering = ["network", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "name"],
                name="unique_layer_name_per_network",
                violation_error_message=_("This network already has a layer with this name."),
            )
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The shipped layers are in the interface catalogues; a layer added later shows as
        typed."""
        from django.utils.translation import gettext

        return gettext(self.name)


# Labels of the default layers, so that makemessages extracts them.
_LAYER_LABELS = (
    _("Connectivity and infrastructure"),
    _("Data collection"),
    _("Data management and platforms"),
    _("Applications and services"),
    _("Use and engagement"),
)


class Roadmap(RevisionMixin, Versioned, ClusterableModel):
    """A city's plan to scale what its pilots showed; every saved edit keeps a revision."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")

    # The roles a local authority may take, and the charter principles it may adopt: one
    # boolean each, so that forms, filters and the comparison stay plain.
    ROLES = (
        ("role_promoter", _("Promoter of innovation")),
        ("role_facilitator", _("Facilitator of alliances")),
        ("role_guarantor", _("Guarantor of the general interest")),
    )
    PRINCIPLES = (
        ("charter_open_source", _("Open source first")),
        ("charter_open_data", _("Open data by default")),
        ("charter_personal_data", _("Personal data protection")),
        ("charter_inclusion", _("Inclusion and accessibility")),
        ("charter_interoperability", _("Interoperability and common standards")),
        ("charter_raw_data", _("Raw data and source files kept")),
    )

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="roadmaps", verbose_name=_("network")
    )
    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="roadmaps", verbose_name=_("city")
    )
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True, editable=False)
    adopted_by = models.CharField(
        _("adopted by"),
        max_length=200,
        blank=True,
        editable=False,
        help_text=_("The body that adopted it, e.g. the city council."),
    )
    adoption_reason = models.TextField(
        _("reason for adopting despite the checks"), blank=True, editable=False
    )
    yearly_budget = _money(
        _("yearly budget committed"),
        _("The yearly budget cannot be negative."),
        default=Decimal(0),
        help_text=_("What the city can commit each year to run its tools, in euros (EUR)."),
    )
    role_promoter = models.BooleanField(_("Promoter of innovation"), default=False)
    role_facilitator = models.BooleanField(_("Facilitator of alliances"), default=False)
    role_guarantor = models.BooleanField(_("Guarantor of the general interest"), default=False)
    charter_open_source = models.BooleanField(_("Open source first"), default=False)
    charter_open_data = models.BooleanField(_("Open data by default"), default=False)
    charter_personal_data = models.BooleanField(_("Personal data protection"), default=False)
    charter_inclusion = models.BooleanField(_("Inclusion and accessibility"), default=False)
    charter_interoperability = models.BooleanField(
        _("Interoperability and common standards"), default=False
    )
    charter_raw_data = models.BooleanField(_("Raw data and source files kept"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")
        ordering = ["city__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "city"],
                name="unique_roadmap_per_city_and_network",
                violation_error_message=_("This city already has a roadmap in this network."),
            ),
            models.CheckConstraint(
                condition=models.Q(yearly_budget__gte=0), name="roadmap_budget_not_negative"
            ),
        ]

    def __str__(self):
        return str(_("Roadmap of %(city)s")) % {"city": self.city.name}

    def roles(self) -> list:
        return [label for name, label in self.ROLES if getattr(self, name)]

    def principles(self) -> list:
        return [label for name, label in self.PRINCIPLES if getattr(self, name)]


class ResourceItem(Orderable):
    """A technical, human or financial resource the city can mobilise for its roadmap."""

    class Kind(models.TextChoices):
        TECHNICAL = "technical", _("Technical")
        HUMAN = "human", _("Human")
        FINANCIAL = "financial", _("Financial")

    roadmap = ParentalKey(Roadmap, on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    what = models.CharField(_("what"), max_length=200)
    quantity = models.DecimalField(
        _("how much"),
        max_digits=12,
        decimal_places=2,
        validators=_not_negative(_("A quantity cannot be negative.")),
    )
    unit = models.CharField(
        _("unit"), max_length=40, blank=True, help_text=_("e.g. people, servers, EUR a year.")
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("what")]),
        FieldRowPanel([FieldPanel("quantity"), FieldPanel("unit"), FieldPanel("available_from")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0), name="resource_quantity_not_negative"
            )
        ]

    def __str__(self):
        return self.what


class ToolChoice(Orderable):
    """A tool the city chooses in a layer of the digital city, and how it will get it."""

    class Approach(models.TextChoices):
        BUILD = "build", _("Build directly")
        COMMISSION = "commission", _("Have it built")
        ENCOURAGE = "encourage", _("Encourage others to build")

    roadmap = ParentalKey(Roadmap, on_delete=models.CASCADE, related_name="tools")
    layer = models.ForeignKey(
        Layer, on_delete=models.PROTECT, related_name="tools", verbose_name=_("layer")
    )
    what = models.CharField(_("tool"), max_length=200)
    approach = models.CharField(_("approach"), max_length=16, choices=Approach.choices)
    expected_results = models.TextField(_("expected results"), blank=True)
    investment_cost = _money(
        _("investment cost"), _("A cost cannot be negative."), default=Decimal(0)
    )
    yearly_running_cost = _money(
        _("yearly running cost"), _("A cost cannot be negative."), default=Decimal(0)
    )
    open_source = models.BooleanField(_("open source"), default=False)
    open_data = models.CharField(_("open data it will publish"), max_length=300, blank=True)
    data_standards = models.CharField(
        _("data standards"),
        max_length=300,
        blank=True,
        help_text=_("The standards its raw data is kept in, e.g. GTFS, GeoJSON, CSV."),
    )

    panels = [
        FieldRowPanel([FieldPanel("layer", widget=forms.Select), FieldPanel("approach")]),
        FieldPanel("what"),
        FieldPanel("expected_results"),
        FieldRowPanel([FieldPanel("investment_cost"), FieldPanel("yearly_running_cost")]),
        FieldRowPanel(
            [FieldPanel("open_source"), FieldPanel("open_data"), FieldPanel("data_standards")]
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("tool")
        verbose_name_plural = _("tools")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(investment_cost__gte=0, yearly_running_cost__gte=0),
                name="tool_costs_not_negative",
            )
        ]

    def __str__(self):
        return self.what


class Action(Orderable):
    """A step of the roadmap: who leads it, with which partners, when, with what money."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        UNDER_WAY = "under_way", _("Under way")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    PARTNERS = (
        ("partner_startups", _("Start-ups")),
        ("partner_civil_society", _("Civil society")),
        ("partner_universities", _("Universities")),
        ("partner_companies", _("Companies")),
        ("partner_funders", _("Funders")),
    )

    roadmap = ParentalKey(Roadmap, on_delete=models.CASCADE, related_name="actions")
    what = models.CharField(_("what"), max_length=200)
    pilot = models.ForeignKey(
        "experiments.Pilot",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roadmap_actions",
        verbose_name=_("pilot it scales"),
        help_text=_("One of the city's pilots decided “scale up” or “continue”."),
    )
    lead = models.CharField(_("who leads"), max_length=200, blank=True)
    partner_startups = models.BooleanField(_("Start-ups"), default=False)
    partner_civil_society = models.BooleanField(_("Civil society"), default=False)
    partner_universities = models.BooleanField(_("Universities"), default=False)
    partner_companies = models.BooleanField(_("Companies"), default=False)
    partner_funders = models.BooleanField(_("Funders"), default=False)
    partners = models.CharField(_("partners, by name"), max_length=300, blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    budget = _money(_("budget"), _("A budget cannot be negative."), default=Decimal(0))
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )

    class Meta(Orderable.Meta):
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget__gte=0), name="action_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="action_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.what

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("An action cannot end before it starts.")})

    def partner_kinds(self) -> list:
        return [label for name, label in self.PARTNERS if getattr(self, name)]


# A city team changes its own city's roadmap only; layers are the secretariat's.


class RoadmapIndexPage(RoutablePageMixin, SectionPage):
    """/<lang>/roadmaps/: the cities' roadmaps compared; each city's at /roadmaps/<city>/."""

    class Meta:
        verbose_name = _("roadmaps page")

    @path("")
    def comparison(self, request):
        from . import selectors

        context = selectors.comparison_context(page=self, request=request)
        return self.render(request, context_overrides=context)

    @path("<slug:city_slug>/")
    def city_roadmap(self, request, city_slug):
        from . import selectors

        context = selectors.city_roadmap_context(page=self, city_slug=city_slug)
        return self.render(request, context_overrides=context, template="roadmap/city_roadmap.html")

    @path("<slug:city_slug>/pdf/")
    def city_roadmap_pdf(self, request, city_slug):
        from . import documents, selectors

        context = selectors.city_roadmap_context(page=self, city_slug=city_slug)
        return documents.roadmap_pdf_response(request=request, page=self, context=context)
