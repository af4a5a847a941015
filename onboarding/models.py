from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from network.models import Membership, Network, Person
from network.versioning import Versioned


class OnboardingStep(models.Model):
    """One step of a network's onboarding template; each city gets its own copy to follow."""

    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        related_name="onboarding_steps",
        verbose_name=_("network"),
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=200)
    expected_days = models.PositiveIntegerField(
        _("expected duration (days)"),
        help_text=_("Days this step usually takes after the previous one."),
    )
    is_paperwork = models.BooleanField(
        _("paperwork"),
        default=False,
        help_text=_("Counted when comparing how long each city's paperwork takes."),
    )
    makes_membership_public = models.BooleanField(
        _("makes the membership public"),
        default=False,
        help_text=_("When a city completes this step, the site announces its membership."),
    )

    class Meta:
        verbose_name = _("onboarding step")
        verbose_name_plural = _("onboarding template")
        ordering = ["network", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "order"],
                name="unique_onboarding_step_order",
                violation_error_message=_("This network already has a step at this position."),
            )
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"


class CityStep(Versioned):
    class Status(models.TextChoices):
        TODO = "todo", _("To do")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        BLOCKED = "blocked", _("Blocked")

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="steps", verbose_name=_("membership")
    )
    step = models.ForeignKey(
        OnboardingStep, on_delete=models.CASCADE, related_name="city_steps", verbose_name=_("step")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.TODO
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done_date = models.DateField(_("date done"), null=True, blank=True)
    owner = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="onboarding_steps",
        verbose_name=_("owner"),
    )
    notes = models.TextField(_("notes"), blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )

    class Meta:
        verbose_name = _("city onboarding step")
        verbose_name_plural = _("city onboarding checklists")
        ordering = ["membership__city__name", "step__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "step"],
                name="unique_city_step",
                violation_error_message=_("This city already has this step."),
            )
        ]

    def __str__(self):
        return f"{self.membership.city}: {self.step.title}"

    @property
    def city_id(self):
        return self.membership.city_id

    def clean(self):
        errors = {}
        selected = self.membership.selection_date if self.membership_id else None
        if self.done_date and selected and self.done_date < selected:
            errors["done_date"] = _("A step cannot be done before the city was selected.")
        if self.status == self.Status.DONE and not self.done_date:
            errors["done_date"] = _("Give the date the step was done.")
        if self.done_date and self.status != self.Status.DONE:
            errors["status"] = _("A step with a date done must be marked done.")
        if (
            self.step_id
            and self.membership_id
            and self.step.network_id != self.membership.network_id
        ):
            errors["step"] = _("This step belongs to another network's template.")
        if errors:
            raise ValidationError(errors)

    def is_overdue(self, today) -> bool:
        return (
            self.status != self.Status.DONE and self.due_date is not None and self.due_date < today
        )


# A city team changes its own city's checklist only.
