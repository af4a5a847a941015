from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from network.models import City, Membership, Network
from network.pages import SectionPage


class Phase(models.Model):
    class Kind(models.TextChoices):
        EXPLORE = "explore", _("Explore")
        ENGAGE = "engage", _("Engage")
        EXPERIMENT = "experiment", _("Experiment")
        OTHER = "other", _("Other")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="phases", verbose_name=_("network")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    outcome = models.TextField(
        _("what a city has at the end"), blank=True, help_text=_("Shown on the programme page.")
    )

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["network", "start", "end"]

    def __str__(self):
        return f"{self.name} ({self.network})"

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("A phase cannot end before it starts.")})

    @property
    def label(self) -> str:
        """The phase's name in the reader's language for the standard phases."""
        return self.get_kind_display() if self.kind != self.Kind.OTHER else self.name


class Deliverable(models.Model):
    """What each city produces in a phase: a baseline study, a vision, an action plan..."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", _("Baseline study")
        VISION = "vision", _("Vision")
        ACTION_PLAN = "action_plan", _("Local action plan")
        STAKEHOLDER_GROUP = "stakeholder_group", _("Local stakeholder group")
        PILOTS = "pilots", _("Pilots")

    phase = models.ForeignKey(
        Phase, on_delete=models.CASCADE, related_name="deliverables", verbose_name=_("phase")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["phase__start", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["phase", "kind"],
                name="unique_deliverable_kind_per_phase",
                violation_error_message=_("This phase already has this deliverable."),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.phase.name}"


class CityDeliverable(ClusterableModel):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")

    deliverable = models.ForeignKey(
        Deliverable,
        on_delete=models.CASCADE,
        related_name="city_deliverables",
        verbose_name=_("deliverable"),
    )
    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="deliverables", verbose_name=_("city")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NOT_STARTED
    )
    text = models.TextField(_("text"), blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )
    approved_by = models.CharField(
        _("approved by"),
        max_length=200,
        blank=True,
        help_text=_("The body that approved it, e.g. the city council."),
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)

    class Meta:
        verbose_name = _("city deliverable")
        verbose_name_plural = _("city deliverables")
        ordering = ["city__name", "deliverable__phase__start", "deliverable__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["deliverable", "city"],
                name="unique_city_deliverable",
                violation_error_message=_("This city already has this deliverable."),
            )
        ]

    def __str__(self):
        return f"{self.city}: {self.deliverable.get_kind_display()}"

    def clean(self):
        errors = {}
        if self.deliverable_id and self.city_id:
            network_id = self.deliverable.phase.network_id
            if not Membership.objects.filter(network_id=network_id, city_id=self.city_id).exists():
                errors["deliverable"] = _(
                    "This deliverable belongs to a phase of a network the city is not a member of."
                )
        if self.status == self.Status.APPROVED and not (self.approved_by and self.approved_on):
            errors["approved_on"] = _("Say who approved it and when.")
        if self.approved_on and self.status != self.Status.APPROVED:
            errors["status"] = _("A deliverable with an approval date must be marked approved.")
        if errors:
            raise ValidationError(errors)


class StakeholderMember(Orderable):
    """A member of a city's local stakeholder group."""

    city_deliverable = ParentalKey(
        CityDeliverable, on_delete=models.CASCADE, related_name="stakeholders"
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    panels = [FieldPanel("name"), FieldPanel("organisation")]

    class Meta(Orderable.Meta):
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")


# A city team changes its own city's deliverables only.


class ProgrammePage(SectionPage):
    """/<lang>/programme/: the phases on a timeline and every city's progress."""

    class Meta:
        verbose_name = _("programme page")

    def section_context(self, request) -> dict:
        from . import selectors

        return selectors.programme_page_context(page=self)
