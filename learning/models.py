"""The learning journey: a topic backlog, quarters chosen from the cities' needs, events with
attendance, reflections and critical friends."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.fields import LanguageCodesField
from network.models import City, Network, Person, Theme, validate_timezone
from network.pages import SectionPage

MAX_RANKED_TOPICS = 5


class Domain(models.TextChoices):
    """The domains a city assesses its maturity in; a topic may belong to one."""

    DIGITAL_GOVERNMENT = "digital_government", _("Digital government")
    DATA = "data", _("Data")
    EXPERIMENTATION = "experimentation", _("Experimentation")
    CITIZEN_PARTICIPATION = "citizen_participation", _("Citizen participation")
    PROJECT_MANAGEMENT = "project_management", _("Project management")
    FINANCING = "financing", _("Financing")


class Topic(models.Model):
    """A learning topic in the network's backlog."""

    class Kind(models.TextChoices):
        METHOD = "method", _("Method")
        THEME = "theme", _("Theme")
        SKILL = "skill", _("Skill")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        SCHEDULED = "scheduled", _("Scheduled")
        DONE = "done", _("Done")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="topics", verbose_name=_("network")
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.METHOD)
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topics",
        verbose_name=_("theme"),
    )
    domain = models.CharField(
        _("maturity domain"),
        max_length=32,
        choices=Domain.choices,
        blank=True,
        help_text=_(
            "The maturity domain the topic strengthens: the ranking can weigh the needs of the "
            "cities least mature in it."
        ),
    )
    resources = models.TextField(
        _("resources"), blank=True, help_text=_("Readings, tools and links, one per line.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.WAITING
    )

    class Meta:
        verbose_name = _("learning topic")
        verbose_name_plural = _("learning topics")
        ordering = ["network", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "title"],
                name="unique_topic_title_per_network",
                violation_error_message=_("The backlog already has a topic with this title."),
            )
        ]

    def __str__(self):
        return self.title


class Quarter(models.Model):
    """A learning quarter: one topic, a kickoff, a guide, a practice window, a reflection."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="quarters", verbose_name=_("network")
    )
    name = models.CharField(_("name"), max_length=60, help_text=_("e.g. 2021 Q2"))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    needs_deadline = models.DateField(
        _("needs ranked by"),
        null=True,
        blank=True,
        help_text=_("Cities rank the topics they need before this date."),
    )
    weight_least_mature = models.BooleanField(
        _("weigh the least mature cities more"),
        default=False,
        help_text=_(
            "Leave no one behind: a city's points for a topic count more the less mature it is "
            "in the topic's domain."
        ),
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quarters",
        verbose_name=_("topic"),
    )
    choice_reason = models.TextField(
        _("why this topic"),
        blank=True,
        help_text=_("Required when the topic chosen is not the first of the ranking."),
    )
    topic_chosen_at = models.DateTimeField(_("topic chosen on"), null=True, blank=True)
    kickoff_event = models.ForeignKey(
        "learning.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kickoff_of",
        verbose_name=_("kickoff meeting"),
    )
    learning_guide = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("learning guide (document)"),
    )
    learning_guide_page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("learning guide (page)"),
        help_text=_("A page written by an expert, instead of or beside a document."),
    )
    tools_introduced = models.TextField(_("tools introduced"), blank=True)
    practice_start = models.DateField(_("practice starts"), null=True, blank=True)
    practice_end = models.DateField(_("practice ends"), null=True, blank=True)
    reflection_deadline = models.DateField(_("reflections due"), null=True, blank=True)

    class Meta:
        verbose_name = _("quarter")
        verbose_name_plural = _("quarters")
        ordering = ["network", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "name"],
                name="unique_quarter_name_per_network",
                violation_error_message=_("This network already has a quarter with this name."),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("A quarter cannot end before it starts.")
        if self.practice_start and self.practice_end and self.practice_end < self.practice_start:
            errors["practice_end"] = _("The practice window cannot end before it starts.")
        if self.topic_id and self.network_id and self.topic.network_id != self.network_id:
            errors["topic"] = _("This topic belongs to another network's backlog.")
        if errors:
            raise ValidationError(errors)


class NeedExpression(models.Model):
    """One line of a city's ranking of the topics it needs for a quarter (rank 1 = most)."""

    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="learning_needs", verbose_name=_("city")
    )
    quarter = models.ForeignKey(
        Quarter, on_delete=models.CASCADE, related_name="needs", verbose_name=_("quarter")
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="needs", verbose_name=_("topic")
    )
    rank = models.PositiveSmallIntegerField(
        _("rank"),
        validators=[
            MinValueValidator(1, message=_("A rank goes from 1 to 5.")),
            MaxValueValidator(MAX_RANKED_TOPICS, message=_("A rank goes from 1 to 5.")),
        ],
    )
    reason = models.TextField(_("why the city needs it"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("learning need")
        verbose_name_plural = _("learning needs")
        ordering = ["quarter", "city__name", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "quarter", "topic"],
                name="unique_need_topic_per_city_quarter",
                violation_error_message=_("A topic can appear only once in a city's ranking."),
            ),
            models.UniqueConstraint(
                fields=["city", "quarter", "rank"],
                name="unique_need_rank_per_city_quarter",
                violation_error_message=_("Each rank is used once in a city's ranking."),
            ),
            models.CheckConstraint(
                condition=models.Q(rank__gte=1, rank__lte=MAX_RANKED_TOPICS),
                name="need_rank_range",
            ),
        ]

    def __str__(self):
        return f"{self.city} – {self.quarter}: {self.rank}. {self.topic}"


class MaturityAssessment(models.Model):
    """A city's self-assessed maturity in one domain, on a given day (the latest counts)."""

    class Level(models.IntegerChoices):
        STARTING = 1, _("1 – Starting")
        DEVELOPING = 2, _("2 – Developing")
        ESTABLISHED = 3, _("3 – Established")
        LEADING = 4, _("4 – Leading")

    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="maturity", verbose_name=_("city")
    )
    domain = models.CharField(_("domain"), max_length=32, choices=Domain.choices)
    level = models.PositiveSmallIntegerField(
        _("level"),
        choices=Level.choices,
        validators=[
            MinValueValidator(1, message=_("A level goes from 1 to 4.")),
            MaxValueValidator(4, message=_("A level goes from 1 to 4.")),
        ],
    )
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("maturity assessment")
        verbose_name_plural = _("maturity assessments")
        ordering = ["city__name", "domain", "-assessed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "domain", "assessed_on"],
                name="unique_maturity_per_city_domain_day",
                violation_error_message=_("This city already assessed this domain on that day."),
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=4), name="maturity_level_range"
            ),
        ]

    def __str__(self):
        return f"{self.city}: {self.get_domain_display()} {self.level}"


class Event(models.Model):
    class Kind(models.TextChoices):
        KICKOFF = "kickoff", _("Kickoff")
        NETWORK_EVENT = "network_event", _("Network event or webinar")
        TRAINING = "training", _("Training")
        TRANSNATIONAL_MEETING = "transnational_meeting", _("Transnational meeting")
        PEER_LEARNING = "peer_learning", _("Peer-learning moment")
        EXPERT_SESSION = "expert_session", _("Expert session")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="events", verbose_name=_("network")
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_timezone],
        help_text=_("The time zone of the place the event is organised in."),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    languages = LanguageCodesField(_("languages"), blank=True)
    facilitator = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitated_events",
        verbose_name=_("facilitator"),
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("topic"),
    )
    quarter = models.ForeignKey(
        Quarter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("quarter"),
    )
    host_city = models.ForeignKey(
        City,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("host city"),
    )
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_("What happened: the knowledge team turns events with notes into drafts."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start", "title"]
        indexes = [models.Index(fields=["network", "start"], name="learning_event_start_idx")]

    def __str__(self):
        return self.title

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("An event must end after it starts.")})


class Registration(models.Model):
    """A person registered for an event; ``attended`` is recorded after it (None: not yet)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("person")
    )
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                name="unique_registration_per_event_person",
                violation_error_message=_("This person is already registered for this event."),
            )
        ]

    def __str__(self):
        return f"{self.person} – {self.event}"


class Reflection(models.Model):
    """What a city tried, learned and will do next at the end of a quarter."""

    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="reflections", verbose_name=_("city")
    )
    quarter = models.ForeignKey(
        Quarter, on_delete=models.CASCADE, related_name="reflections", verbose_name=_("quarter")
    )
    tried = models.TextField(_("what we tried"))
    worked = models.TextField(_("what worked"))
    did_not_work = models.TextField(_("what did not work"))
    next_steps = models.TextField(_("what we will do next"))
    lesson = models.TextField(_("lesson"), blank=True)
    share_lesson = models.BooleanField(
        _("lesson worth sharing"),
        default=False,
        help_text=_("The knowledge team may turn it into a knowledge item."),
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    author = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reflections",
        verbose_name=_("author"),
    )

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        ordering = ["quarter", "city__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "quarter"],
                name="unique_reflection_per_city_quarter",
                violation_error_message=_("This city already reflected on this quarter."),
            )
        ]

    def __str__(self):
        return f"{self.city} – {self.quarter}"

    def clean(self):
        if self.share_lesson and not self.lesson.strip():
            raise ValidationError({"lesson": _("Write the lesson you want to share.")})


class CriticalFriendPairing(models.Model):
    """Two cities (three for the odd one out) who review each other's work at a stage."""

    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        related_name="critical_friend_pairings",
        verbose_name=_("network"),
    )
    stage = models.PositiveSmallIntegerField(_("stage number"))
    stage_name = models.CharField(_("stage"), max_length=120)
    city_a = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="+", verbose_name=_("city A")
    )
    city_b = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="+", verbose_name=_("city B")
    )
    city_c = models.ForeignKey(
        City,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("city C"),
        help_text=_("Only for a trio, when the number of cities is odd."),
    )
    complementarity = models.FloatField(
        _("how much they can learn from each other"),
        default=0,
        help_text=_("The sum of the gaps between the cities' maturity levels, domain by domain."),
    )
    explanation = models.TextField(
        _("note"), blank=True, help_text=_("Anything the secretariat adds to the reasons.")
    )
    # The facts behind the pairing, put into words when shown (``why``), in the reader's language:
    # {"gaps": [[domain, stronger city id, weaker city id], ...], "score", "repeats", "swapped"}.
    reasons = models.JSONField(_("reasons"), default=dict, blank=True, editable=False)
    confirmed = models.BooleanField(_("confirmed"), default=False)
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )

    class Meta:
        verbose_name = _("critical friend pairing")
        verbose_name_plural = _("critical friend pairings")
        ordering = ["network", "stage", "city_a__name"]

    def __str__(self):
        return " – ".join(str(city) for city in self.cities)

    @property
    def cities(self) -> list:
        return [c for c in (self.city_a, self.city_b, self.city_c) if c is not None]

    @property
    def city_ids(self) -> list[int]:
        return [i for i in (self.city_a_id, self.city_b_id, self.city_c_id) if i]

    def why(self) -> str:
        """Why these cities are critical friends, in words."""
        if not self.reasons:
            return self.explanation
        names = {city.pk: city.name for city in self.cities}
        labels = dict(Domain.choices)
        parts = [
            _("%(strong)s is stronger in %(domain)s than %(weak)s")
            % {"strong": names[strong], "weak": names[weak], "domain": labels[domain].lower()}
            for domain, strong, weak in self.reasons.get("gaps", [])[:2]
            if strong in names and weak in names and domain in labels
        ]
        text = "; ".join(parts) + "." if parts else str(_("Their maturity levels are alike."))
        text += " " + _(
            "How much they can learn from each other: %(score)d points (the wider the gaps between "
            "their levels, the more)."
        ) % {"score": max(self.reasons.get("score", 0), 0)}
        if self.reasons.get("repeats"):
            text += " " + _("They were paired before: no other grouping avoided it.")
        else:
            text += " " + _("They have not been paired before.")
        if self.reasons.get("swapped"):
            text += " " + _("Swapped by hand.")
        if self.explanation:
            text += " " + self.explanation
        return text

    why.short_description = _("why")

    def clean(self):
        ids = [i for i in (self.city_a_id, self.city_b_id, self.city_c_id) if i]
        if len(ids) != len(set(ids)):
            raise ValidationError(_("A city cannot be its own critical friend."))


class LearningPage(SectionPage):
    """/<lang>/learning/: the topic backlog, the current quarter and past quarters."""

    class Meta:
        verbose_name = _("learning journey page")

    def section_context(self, request) -> dict:
        from . import selectors

        return selectors.learning_page_context(page=self)


class EventsPage(SectionPage):
    """/<lang>/events/: the network's events, with times in the viewer's city zone."""

    class Meta:
        verbose_name = _("events page")

    def section_context(self, request) -> dict:
        from . import selectors

        return selectors.events_page_context(page=self, request=request)
