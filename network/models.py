from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from wagtail.models.audit_log import BaseLogEntry, BaseLogEntryManager

from .fields import LanguageCodesField, NormalisedEmailField, normalise_email
from .versioning import Versioned


def validate_timezone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("Unknown time zone: %(value)s. Use a name such as Africa/Lagos."),
            code="unknown_timezone",
            params={"value": value},
        ) from None


class Network(models.Model):
    """A programme cycle of the network, e.g. ASToN 2019-2022."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("short name in web addresses"),
        unique=True,
        help_text=_(
            "Filled in from the name. Used in web addresses and file names; the same in every "
            "language."
        ),
        error_messages={"unique": _("Another network already uses this short name.")},
    )
    cycle_start = models.DateField(_("cycle start"))
    cycle_end = models.DateField(_("cycle end"), null=True, blank=True)
    languages = LanguageCodesField(
        _("publication languages"),
        help_text=_("Languages everything the network publishes goes out in."),
    )
    description = models.TextField(_("description"), blank=True)
    selection_gap_warning_days = models.PositiveIntegerField(
        _("warn when selection precedes the start by more than (days)"),
        default=90,
        help_text=_(
            "Staff, priorities and elections turn over while cities wait: ASToN lost 8 months."
        ),
    )

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["-cycle_start", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.cycle_start and self.cycle_end and self.cycle_end < self.cycle_start:
            raise ValidationError({"cycle_end": _("The cycle cannot end before it starts.")})


class City(Versioned):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("short name in web addresses"),
        unique=True,
        help_text=_(
            "Filled in from the name. The city's address on the site, the same in every language."
        ),
        error_messages={"unique": _("Another city already uses this short name.")},
    )
    country = CountryField(_("country"))
    # A plain integer with our own validator: PositiveIntegerField's form field would answer with
    # a generic "greater than or equal to 0" before this message could.
    population = models.BigIntegerField(
        _("population"),
        validators=[MinValueValidator(0, message=_("Population cannot be negative."))],
        help_text=_("Inhabitants of the city or its metropolitan area, as the network counts."),
    )
    population_year = models.PositiveSmallIntegerField(
        _("population year"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1900, message=_("Enter a year after 1900.")),
            MaxValueValidator(2100, message=_("Enter a year before 2100.")),
        ],
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        validators=[
            MinValueValidator(-90, message=_("Latitude must be between -90 and 90.")),
            MaxValueValidator(90, message=_("Latitude must be between -90 and 90.")),
        ],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        validators=[
            MinValueValidator(-180, message=_("Longitude must be between -180 and 180.")),
            MaxValueValidator(180, message=_("Longitude must be between -180 and 180.")),
        ],
    )
    languages = LanguageCodesField(_("languages"))
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_timezone],
        help_text=_("Event times are shown in the city's time zone."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(population__gte=0), name="city_population_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90),
                name="city_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__gte=-180, longitude__lte=180),
                name="city_longitude_range",
            ),
        ]

    def __str__(self):
        return self.name


class Theme(models.Model):
    """An application area of digital transformation; pilots, topics and knowledge are tagged
    with them. The list ships with the themes of DESIGN.md and stays editable."""

    class Kind(models.TextChoices):
        THEMATIC = "thematic", _("Thematic")
        CROSS_CUTTING = "cross_cutting", _("Cross-cutting")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("short name in web addresses"),
        unique=True,
        help_text=_("Filled in from the name."),
        error_messages={"unique": _("Another theme already uses this short name.")},
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["order", "name"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language: the shipped themes are in the interface
        catalogues; a theme added later shows as typed."""
        from django.utils.translation import gettext

        return gettext(self.name)


class Membership(models.Model):
    class Status(models.TextChoices):
        SELECTED = "selected", _("Selected")
        CONFIRMED = "confirmed", _("Confirmed")
        ACTIVE = "active", _("Active")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Cities that count as members: selected cities have not yet said yes, withdrawn ones left.
    MEMBER_STATUSES = (Status.CONFIRMED, Status.ACTIVE)

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("network")
    )
    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("city")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SELECTED
    )
    selection_date = models.DateField(_("selection date"), null=True, blank=True)
    join_date = models.DateField(_("join date"), null=True, blank=True)
    public_since = models.DateField(
        _("announced publicly on"),
        null=True,
        blank=True,
        help_text=_("Set when the membership is made public; the site then announces it."),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["network", "city__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "city"],
                name="unique_city_per_network",
                violation_error_message=_("This city is already a member of this network."),
            )
        ]

    def __str__(self):
        return f"{self.city} – {self.network}"

    def clean(self):
        if self.selection_date and self.join_date and self.join_date < self.selection_date:
            raise ValidationError({"join_date": _("A city cannot join before it is selected.")})


class Person(models.Model):
    class Role(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat")
        COORDINATOR = "coordinator", _("City coordinator")
        TEAM_MEMBER = "team_member", _("City team member")
        LEAD_EXPERT = "lead_expert", _("Lead expert")
        EXPERT = "expert", _("Thematic expert")
        STAKEHOLDER = "stakeholder", _("Local stakeholder")

    name = models.CharField(_("name"), max_length=200)
    email = NormalisedEmailField(_("email"), blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        related_name="people",
        verbose_name=_("network"),
    )
    city = models.ForeignKey(
        City,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("city"),
        help_text=_("Leave empty for the secretariat and experts."),
    )
    languages = LanguageCodesField(_("languages"), blank=True)
    consent_to_be_listed = models.BooleanField(
        _("may be listed publicly"),
        default=False,
        help_text=_("Only people who agreed appear on public pages."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        permissions = [("assign_role", _("Can assign a role and a city to a person"))]
        constraints = [
            # On the lowered value, so that no write, whichever way it comes, stores one
            # person twice under two spellings of an address.
            models.UniqueConstraint(
                "network",
                Lower("email"),
                condition=~models.Q(email=""),
                name="unique_person_email_ci_per_network",
                violation_error_message=_("A person with this email is already in this network."),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        city_roles = {self.Role.COORDINATOR, self.Role.TEAM_MEMBER, self.Role.STAKEHOLDER}
        if self.role in city_roles and not self.city_id:
            errors["city"] = _("City coordinators and team members need a city.")
        # Said on the email field (the constraint alone would say it above the form).
        if self.email and self.network_id:
            email = normalise_email(self.email)
            others = Person.objects.filter(network_id=self.network_id, email__iexact=email)
            if others.exclude(pk=self.pk).exists():
                errors["email"] = _("A person with this email is already in this network.")
        if errors:
            raise ValidationError(errors)


class Invitation(models.Model):
    """A link that lets a person create their account, once, before it expires."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("network")
    )
    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Person.Role.choices)
    city = models.ForeignKey(
        City,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("city"),
        help_text=_("Required for city coordinators and team members."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), editable=False)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    audit_exclude = ("token_hash",)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    def clean(self):
        from .permissions import CITY_ROLES

        if self.role in CITY_ROLES and not self.city_id:
            raise ValidationError({"city": _("City coordinators and team members need a city.")})
        if self.role not in CITY_ROLES and self.city_id:
            raise ValidationError({"city": _("Only city teams are invited for a city.")})

    @property
    def status(self) -> str:
        from django.utils import timezone

        if self.accepted_at:
            return "accepted"
        return "expired" if self.expires_at <= timezone.now() else "pending"

    def get_status_display(self) -> str:
        return {"accepted": _("Accepted"), "expired": _("Expired"), "pending": _("Pending")}[
            self.status
        ]

    get_status_display.short_description = _("status")


class AuditLogEntryManager(BaseLogEntryManager):
    def log_action(self, instance, action, **kwargs):
        from . import audit

        kwargs["object_id"] = str(instance.pk)
        kwargs.setdefault("city_id", audit.city_id_of(instance))
        data = dict(kwargs.pop("data", None) or {})
        snapshot = audit.snapshot(instance)
        if action in audit.WRITE_ACTIONS:
            previous = self.for_instance(instance).filter(action__in=audit.WRITE_ACTIONS).first()
            before = previous.data.get("snapshot", {}) if previous else {}
            data["changes"] = audit.changes(before, snapshot)
            data["snapshot"] = snapshot
        return super().log_action(instance, action, data=data, **kwargs)

    def for_instance(self, instance):
        return self.filter(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
            object_id=str(instance.pk),
        )


class AuditLogEntry(BaseLogEntry):
    """Wagtail's log entry, with the city it concerns and what changed: the network's audit trail.

    Writes to the network's records and refused accesses are both recorded here.
    """

    object_id = models.CharField(max_length=255, blank=True, db_index=True)
    city = models.ForeignKey(
        City,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_constraint=False,
        related_name="+",
        verbose_name=_("city"),
    )

    objects = AuditLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit trail")

    def __str__(self):
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.action} {self.label}"

    def action_label(self) -> str:
        from wagtail.log_actions import registry

        return (
            registry.get_action_label(self.action)
            if registry.action_exists(self.action)
            else (self.action)
        )

    def summary(self) -> str:
        if self.data.get("reason"):
            return self.data["reason"]
        changes = self.data.get("changes") or {}
        return "; ".join(f"{name}: {old!r} → {new!r}" for name, (old, new) in changes.items())

    def who(self) -> str:
        return self.user_display_name if self.user_id else _("the system")

    def record(self) -> str:
        return self.label

    action_label.short_description = _("action")
    summary.short_description = _("details")
    who.short_description = _("who")
    record.short_description = _("record")


class Job(models.Model):
    """A piece of long work a user asked for (an export, a PDF), run as a task: its progress and,
    once done, its file, which only its owner may download (see ``network.jobs``)."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("task status", "queued")
        RUNNING = "running", pgettext_lazy("task status", "running")
        DONE = "done", pgettext_lazy("task status", "done")
        FAILED = "failed", pgettext_lazy("task status", "failed")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jobs",
        verbose_name=_("owner"),
    )
    kind = models.CharField(_("kind"), max_length=64)
    # The language the owner asked in: the task writes its file in it.
    language = models.CharField(_("language"), max_length=8, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveIntegerField(_("steps done"), default=0)
    total = models.PositiveIntegerField(_("steps in all"), null=True, blank=True)
    message = models.CharField(_("message"), max_length=300, blank=True)
    # Under MEDIA_ROOT/jobs/, which is never served directly: only through the owner's view.
    file = models.FileField(_("file"), upload_to="jobs/%Y/%m/", blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    erasure_fields = ("message", "error")

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self):
        return f"{self.kind} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)

    @property
    def is_over(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class StoredPdf(models.Model):
    """The PDF of one revision of a published page, drawn once and served from storage."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )
    revision_id = models.PositiveBigIntegerField(_("revision"))
    file = models.FileField(_("file"), upload_to="pdfs/")
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "revision_id"], name="storedpdf_one_per_revision"
            )
        ]
        verbose_name = _("stored PDF")
        verbose_name_plural = _("stored PDFs")

    def __str__(self):
        return f"{self.page_id}@{self.revision_id}"
