"""Pilots: a city's experiments, their budgets, indicators, people reached and the decisions taken
on the evidence they produced (scale up, continue, adjust, stop)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable

from baobab.currencies import check_decimals, validate_currency
from network.fields import PlainNumberInput
from network.models import City, Membership, Network, Theme
from network.pages import SectionPage
from network.versioning import Versioned

AMOUNT = {"max_digits": 18, "decimal_places": 4}


def _not_negative(message):
    return [MinValueValidator(0, message=message)]


def quarter_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The calendar quarter holding ``day``: the default reporting period of an indicator."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = datetime.date(day.year, first_month, 1)
    next_start = (
        datetime.date(day.year + 1, 1, 1)
        if first_month == 10
        else datetime.date(day.year, first_month + 3, 1)
    )
    return start, next_start - datetime.timedelta(days=1)


class PilotQuerySet(models.QuerySet):
    def with_current_decision(self):
        """Annotate each pilot with the kind and date of its latest decision (None if none)."""
        latest = Decision.objects.filter(pilot=OuterRef("pk")).order_by("-decided_on", "-pk")
        return self.annotate(
            current_decision_kind=Subquery(latest.values("kind")[:1]),
            current_decision_on=Subquery(latest.values("decided_on")[:1]),
        )

    def decided(self, *kinds):
        """Pilots whose latest decision is one of ``kinds`` (e.g. Decision.Kind.SCALE_UP)."""
        return self.with_current_decision().filter(current_decision_kind__in=kinds)


class Pilot(Versioned, ClusterableModel):
    """An experiment a city runs to learn whether a digital solution works for its citizens."""

    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        EVALUATED = "evaluated", _("Evaluated")
        CLOSED = "closed", _("Closed")

    class FundingSource(models.TextChoices):
        NETWORK_GRANT = "network_grant", _("Network grant")
        CITY = "city", _("City")
        PARTNER = "partner", _("Partner")
        OTHER = "other", _("Other")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="pilots", verbose_name=_("network")
    )
    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="pilots", verbose_name=_("city")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("short name in web addresses"),
        max_length=80,
        help_text=_(
            "Filled in from the title. The pilot's address on the site, the same in every language."
        ),
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="pilots", verbose_name=_("theme")
    )
    problem = models.TextField(_("problem"), help_text=_("The local problem the pilot tackles."))
    hypothesis = models.TextField(
        _("hypothesis"), help_text=_("What the city expects to learn or to prove.")
    )
    description = models.TextField(_("description"), blank=True)
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("Never shown on the public site.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.IDEA
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    partners = models.TextField(
        _("partners"), blank=True, help_text=_("One organisation per line.")
    )
    budget_amount = models.DecimalField(
        _("budget"),
        **AMOUNT,
        default=0,
        validators=_not_negative(_("A budget cannot be negative.")),
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        default="EUR",
        validators=[validate_currency],
        help_text=_("The currency the budget is kept in."),
    )
    funding_source = models.CharField(
        _("funding source"),
        max_length=16,
        choices=FundingSource.choices,
        default=FundingSource.NETWORK_GRANT,
    )
    spent_amount = models.DecimalField(
        _("spent so far"),
        **AMOUNT,
        default=0,
        validators=_not_negative(_("An amount spent cannot be negative.")),
    )
    people_reached = models.IntegerField(
        _("people reached"),
        default=0,
        validators=_not_negative(_("People reached cannot be negative.")),
    )
    reached_women = models.IntegerField(
        _("women"), null=True, blank=True, validators=_not_negative(_("Cannot be negative."))
    )
    reached_men = models.IntegerField(
        _("men"), null=True, blank=True, validators=_not_negative(_("Cannot be negative."))
    )
    reached_other_sex = models.IntegerField(
        _("other or not stated"),
        null=True,
        blank=True,
        validators=_not_negative(_("Cannot be negative.")),
    )
    reached_under_18 = models.IntegerField(
        _("under 18"), null=True, blank=True, validators=_not_negative(_("Cannot be negative."))
    )
    reached_18_34 = models.IntegerField(
        _("18 to 34"), null=True, blank=True, validators=_not_negative(_("Cannot be negative."))
    )
    reached_35_59 = models.IntegerField(
        _("35 to 59"), null=True, blank=True, validators=_not_negative(_("Cannot be negative."))
    )
    reached_60_plus = models.IntegerField(
        _("60 and over"),
        null=True,
        blank=True,
        validators=_not_negative(_("Cannot be negative.")),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    SEX_FIELDS = ("reached_women", "reached_men", "reached_other_sex")
    AGE_FIELDS = ("reached_under_18", "reached_18_34", "reached_35_59", "reached_60_plus")

    objects = PilotQuerySet.as_manager()

    class Meta:
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")
        ordering = ["city__name", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "slug"],
                name="unique_pilot_slug_per_network",
                violation_error_message=_(
                    "Another pilot of this network already uses this short name."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(budget_amount__gte=0), name="pilot_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(spent_amount__gte=0), name="pilot_spent_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(people_reached__gte=0), name="pilot_people_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(start__isnull=True)
                | models.Q(end__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="pilot_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["network", "status"])]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("A pilot cannot end before it starts.")
        for field in ("budget_amount", "spent_amount"):
            message = check_decimals(getattr(self, field), self.currency)
            if message:
                errors[field] = message
        for fields, label in ((self.SEX_FIELDS, _("sex")), (self.AGE_FIELDS, _("age group"))):
            parts = [getattr(self, name) for name in fields]
            if not all(isinstance(p, int | None) for p in [*parts, self.people_reached]):
                continue  # refused by the fields' own validation
            if self.people_reached is not None and sum(p or 0 for p in parts) > self.people_reached:
                errors[fields[0]] = _(
                    "The breakdown by %(what)s adds up to more than the people reached."
                ) % {"what": label}
        if self.network_id and self.city_id:
            member = Membership.objects.filter(network_id=self.network_id, city_id=self.city_id)
            if not member.exists():
                errors["city"] = _("This city is not a member of this network.")
        if errors:
            raise ValidationError(errors)

    @property
    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]

    @property
    def current_decision(self):
        """The latest decision; use ``Pilot.objects.with_current_decision()`` in listings."""
        return self.decisions.order_by("-decided_on", "-pk").first()


class Indicator(Orderable):
    """What the pilot measures, with its baseline and target."""

    pilot = ParentalKey(
        Pilot, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("pilot")
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=60, help_text=_("e.g. households, %, days."))
    baseline = models.DecimalField(
        _("baseline"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=18, decimal_places=4, null=True, blank=True
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("unit"),
        FieldPanel("baseline", widget=PlainNumberInput),
        FieldPanel("target", widget=PlainNumberInput),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return f"{self.name} ({self.unit})"

    @property
    def city_id(self):
        # The audit trail files each entry under the record's city.
        return self.pilot.city_id


class IndicatorValue(models.Model):
    """The actual value (and the period's target) of an indicator for one reporting period."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    actual = models.DecimalField(
        _("actual"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=18, decimal_places=4, null=True, blank=True
    )

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start"],
                name="unique_indicator_period",
                violation_error_message=_("This indicator already has a value for this period."),
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="indicator_period_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.period_start} – {self.period_end}"

    @property
    def city_id(self):
        # The audit trail files each entry under the record's city.
        return self.indicator.pilot.city_id

    def clean(self):
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("A period cannot end before it starts.")
        if self.actual is None and self.target is None:
            errors["actual"] = _("Enter an actual value, a target, or both.")
        if self.indicator_id and self.period_start and self.period_end and not errors:
            pilot = self.indicator.pilot
            if (pilot.start and self.period_start < pilot.start) or (
                pilot.end and self.period_end > pilot.end
            ):
                errors["period_start"] = _(
                    "This period falls outside the pilot's dates (%(start)s – %(end)s)."
                ) % {"start": pilot.start or "…", "end": pilot.end or "…"}
        if errors:
            raise ValidationError(errors)


class Decision(models.Model):
    """What the city decided at evaluation, on which evidence, and who decided; all are kept,
    the latest is the pilot's current decision."""

    class Kind(models.TextChoices):
        SCALE_UP = "scale_up", _("Scale up")
        CONTINUE = "continue", _("Continue")
        ADJUST = "adjust", _("Adjust")
        STOP = "stop", _("Stop")

    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("pilot")
    )
    kind = models.CharField(_("decision"), max_length=16, choices=Kind.choices)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.CharField(
        _("decided by"), max_length=200, help_text=_("Who took it, e.g. the mayor's cabinet.")
    )
    evidence = models.TextField(
        _("evidence"),
        help_text=_("What the indicator values and the team's experience showed."),
    )
    evidence_indicators = models.ManyToManyField(
        Indicator,
        blank=True,
        related_name="decisions",
        verbose_name=_("indicators used as evidence"),
    )
    evidence_document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evidence document"),
    )
    reflection = models.TextField(
        _("reflection"), blank=True, help_text=_("What the team learned along the way.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["pilot", "-decided_on", "-pk"]
        get_latest_by = ["decided_on", "pk"]

    def __str__(self):
        return f"{self.pilot}: {self.get_kind_display()} ({self.decided_on})"

    @property
    def city_id(self):
        # The audit trail files each entry under the record's city.
        return self.pilot.city_id

    def clean(self):
        if not (self.evidence or "").strip():
            raise ValidationError({"evidence": _("Say what evidence the decision rests on.")})


class ExchangeRate(models.Model):
    """The value in euros of one unit of a currency on a date, as the secretariat records it."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="exchange_rates", verbose_name=_("network")
    )
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    rate_to_eur = models.DecimalField(
        _("value of one unit in EUR"),
        max_digits=20,
        decimal_places=10,
        validators=[MinValueValidator(0, message=_("A rate cannot be negative."))],
    )
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["network", "currency", "-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "currency", "date"],
                name="unique_rate_per_day",
                violation_error_message=_("This currency already has a rate on this date."),
            ),
            models.CheckConstraint(
                condition=models.Q(rate_to_eur__gt=0), name="exchange_rate_positive"
            ),
        ]

    def __str__(self):
        return f"1 {self.currency} = {self.rate_to_eur} EUR ({self.date})"

    def clean(self):
        if self.rate_to_eur is not None and self.rate_to_eur <= 0:
            raise ValidationError({"rate_to_eur": _("A rate must be greater than zero.")})


class PilotIndexPage(RoutablePageMixin, SectionPage):
    """/<lang>/pilots/: the portfolio, and each pilot's public page at /<lang>/pilots/<slug>/."""

    class Meta:
        verbose_name = _("pilot portfolio page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["page_url"] = self.get_url(request)
        return context

    # The view layer answers these sub-addresses: named by dotted path, as Wagtail names a
    # page's form, so that the model never imports its views.
    @path("")
    def portfolio(self, request):
        return import_string("experiments.views.portfolio")(request, page=self)

    @path("<slug:slug>/")
    def pilot(self, request, slug):
        return import_string("experiments.views.pilot")(request, page=self, slug=slug)
