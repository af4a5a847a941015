from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.http import Http404
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from network.models import City, Theme
from network.pages import CityScopedPage, SectionPage

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class Area(models.TextChoices):
    CITY_STORIES = "city_stories", _("City stories")
    APPLICATION = "application", _("Application areas of digital transformation")
    NETWORK = "network", _("How we run the network")


class Kind(models.TextChoices):
    CITY_STORY = "city_story", _("City story")
    CASE_STUDY = "case_study", _("Case study")
    LESSON = "lesson", _("Lesson learned")
    METHOD = "method", _("Method or tool")
    BRIEF = "brief", _("Thematic brief")
    EPISODE = "episode", _("Episode")


class Audience(models.TextChoices):
    CITIES = "cities", _("Cities")
    FUNDERS = "funders", _("Funders")
    PRACTITIONERS = "practitioners", _("Practitioners")
    PUBLIC = "public", _("The public")


# Figures a key-figure block may show: each is computed from the records when the page renders
# (see ``selectors.key_figure``), never typed.
KEY_FIGURE_CHOICES = [
    ("cities", _("Member cities")),
    ("inhabitants", _("Inhabitants of the member cities")),
    ("action_plans_approved", _("Local action plans approved by their city council")),
    ("published_items", _("Knowledge items published")),
]


class KeyFigureBlock(blocks.StructBlock):
    figure = blocks.ChoiceBlock(choices=KEY_FIGURE_CHOICES, label=_("figure"))
    caption = blocks.CharBlock(required=False, label=_("caption"))

    class Meta:
        icon = "order"
        label = _("Key figure")
        template = "knowledge/blocks/key_figure.html"

    def get_context(self, value, parent_context=None):
        from .selectors import key_figure

        context = super().get_context(value, parent_context)
        context["number"] = key_figure(value["figure"])
        context["label"] = dict(KEY_FIGURE_CHOICES)[value["figure"]]
        return context


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"))
    author = blocks.CharBlock(required=False, label=_("who said it"))

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "knowledge/blocks/quote.html"


class LessonsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, label=_("heading"))
    lessons = blocks.ListBlock(blocks.CharBlock(label=_("lesson")), label=_("lessons"))

    class Meta:
        icon = "list-ol"
        label = _("Lessons learned")
        template = "knowledge/blocks/lessons.html"


class PilotChartBlock(blocks.StructBlock):
    """A pilot's indicators, by the pilot's id: shown when the pilots app provides them."""

    pilot_id = blocks.IntegerBlock(min_value=1, label=_("pilot number"))
    caption = blocks.CharBlock(required=False, label=_("caption"))

    class Meta:
        icon = "table"
        label = _("Pilot indicator chart")
        template = "knowledge/blocks/pilot_chart.html"

    def get_context(self, value, parent_context=None):
        from .selectors import pilot_summary

        context = super().get_context(value, parent_context)
        context["pilot"] = pilot_summary(value["pilot_id"])
        return context


# Rich text as Wagtail stores it (its own link and embed markup), and nothing else: whatever
# reaches the database by another road than the editor (an import, a capture, a crafted post)
# loses scripts, event handlers and javascript: links.
SAFE_TAGS = {"p", "br", "h2", "h3", "h4", "b", "strong", "i", "em", "a", "ol", "ul", "li", "embed"}
SAFE_ATTRIBUTES = {"a": {"href", "linktype", "id"}, "embed": {"embedtype", "id", "format", "alt"}}


def sanitise_html(html: str) -> str:
    import nh3

    return nh3.clean(
        html or "",
        tags=SAFE_TAGS,
        attributes=SAFE_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
    )


class SafeRichTextBlock(blocks.RichTextBlock):
    def get_prep_value(self, value):
        return sanitise_html(super().get_prep_value(value))

    def to_python(self, value):
        return super().to_python(sanitise_html(value))


BODY_BLOCKS = [
    ("text", SafeRichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))),
    ("key_figure", KeyFigureBlock()),
    ("quote", QuoteBlock()),
    ("lessons", LessonsBlock()),
    ("image", ImageChooserBlock(label=_("Image"))),
    ("document", DocumentChooserBlock(label=_("Document"))),
    ("pilot_chart", PilotChartBlock()),
]


class KnowledgeIndexPage(RoutablePageMixin, SectionPage):
    """/<lang>/knowledge/: the library, its search and filters, and its Atom feed."""

    subpage_types = ["knowledge.KnowledgeItemPage"]

    class Meta:
        verbose_name = _("knowledge library")

    def section_context(self, request) -> dict:
        from . import selectors

        return selectors.library_context(index=self, params=request.GET)

    # The view layer answers these sub-addresses: named by dotted path, as Wagtail names a
    # page's form, so that the model never imports its views.
    @path("feed/")
    def feed(self, request):
        return import_string("knowledge.feeds.KnowledgeFeed")()(request, index=self)


class KnowledgeItemPage(RoutablePageMixin, CityScopedPage, Page):
    """A city story, case study, lesson, method, thematic brief or episode."""

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    area = models.CharField(_("area"), max_length=16, choices=Area.choices)
    summary = models.TextField(_("summary"), max_length=600)
    body = StreamField(BODY_BLOCKS, blank=True, verbose_name=_("body"))
    themes = ParentalManyToManyField(
        Theme, blank=True, related_name="knowledge_items", verbose_name=_("themes")
    )
    cities = ParentalManyToManyField(
        City, blank=True, related_name="knowledge_items", verbose_name=_("cities")
    )
    phase = models.ForeignKey(
        "programme.Phase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="knowledge_items",
        verbose_name=_("phase"),
    )
    audience = models.CharField(
        _("main audience"), max_length=16, choices=Audience.choices, default=Audience.PUBLIC
    )

    # base_form_class: knowledge.forms.KnowledgeItemForm, set by the app's ready() (forms sit
    # above models).
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("area"), FieldPanel("audience")]),
                FieldPanel("themes"),
                FieldPanel("cities"),
                FieldPanel("phase"),
            ],
            heading=_("Tags"),
        ),
        InlinePanel("sources", heading=_("Sources"), label=_("source")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("area"),
        index.FilterField("locale_id"),
    ]
    override_translatable_fields = [
        SynchronizedField("kind"),
        SynchronizedField("area"),
        SynchronizedField("audience"),
    ]
    parent_page_types = ["knowledge.KnowledgeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("knowledge item")
        verbose_name_plural = _("knowledge items")

    def serve(self, request, *args, **kwargs):
        from django.db.models import Exists, OuterRef

        from network.selectors import public_memberships

        # Tagged with a city not yet public: the item waits for its city (its PDF too). The
        # cities read here are the ones the page shows: no second query.
        shown = Exists(public_memberships().filter(city=OuterRef("pk")))
        self.cities_read = list(self.cities.annotate(shown=shown))
        if not all(city.shown for city in self.cities_read):
            raise Http404
        return super().serve(request, *args, **kwargs)

    @path("pdf/")
    def pdf(self, request):
        from .documents import item_pdf_response

        return item_pdf_response(page=self, request=request)

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.item_context(page=self, request=request))
        return context


def source_content_types():
    """The records an item may draw on: reflections, pilot decisions, events."""
    from . import capture

    return {"id__in": [ct.pk for ct in capture.source_content_types()]}


class KnowledgeSource(Orderable):
    """A record a knowledge item draws on; the record's pages list the items back."""

    page = ParentalKey(KnowledgeItemPage, on_delete=models.CASCADE, related_name="sources")
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        limit_choices_to=source_content_types,
        verbose_name=_("kind of record"),
    )
    object_id = models.PositiveIntegerField(_("record number"))

    panels = [FieldRowPanel([FieldPanel("content_type"), FieldPanel("object_id")])]

    class Meta(Orderable.Meta):
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        record = self.record
        return str(record) if record else f"{self.content_type} #{self.object_id}"

    @property
    def record(self):
        model = self.content_type.model_class() if self.content_type_id else None
        return model._default_manager.filter(pk=self.object_id).first() if model else None

    def clean(self):
        if self.content_type_id and self.object_id and self.record is None:
            raise ValidationError({"object_id": _("No such record.")})


class CaptureMark(models.Model):
    """What became of a capture candidate: turned into a draft item, or dismissed with a reason."""

    class Status(models.TextChoices):
        CAPTURED = "captured", _("Captured")
        DISMISSED = "dismissed", _("Dismissed")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveIntegerField()
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    item = models.ForeignKey(
        KnowledgeItemPage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("knowledge item"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("capture decision")
        verbose_name_plural = _("capture decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                name="unique_capture_mark",
                violation_error_message=_("This candidate was already handled."),
            )
        ]

    def __str__(self):
        return f"{self.content_type} #{self.object_id}: {self.get_status_display()}"

    def clean(self):
        if self.status == self.Status.DISMISSED and not self.reason.strip():
            raise ValidationError({"reason": _("Say why this candidate is dismissed.")})


class CapturePlanEntry(models.Model):
    """One line of the knowledge strategy's capture plan."""

    class Method(models.TextChoices):
        INTERVIEW = "interview", _("Interview")
        WORKSHOP = "workshop", _("Workshop harvest")
        TEMPLATE = "template", _("Template filled in by the city")
        FIELD_VISIT = "field_visit", _("Field visit")
        DESK = "desk", _("Desk review of records")

    class Format(models.TextChoices):
        CASE_STUDY = "case_study", _("Case study")
        EPISODE = "episode", _("Episode")
        VIDEO = "video", _("Video")
        PODCAST = "podcast", _("Podcast")
        INFOGRAPHIC = "infographic", _("Infographic")
        TOOLKIT = "toolkit", _("Toolkit")
        STORY = "story", _("City story")
        BRIEF = "brief", _("Thematic brief")

    class Channel(models.TextChoices):
        WEBSITE = "website", _("Website")
        NEWSLETTER = "newsletter", _("Newsletter")
        SOCIAL = "social", _("Social media")
        EVENTS = "events", _("Events")
        PRINT = "print", _("Print")

    class OwnerRole(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat")
        LEAD_EXPERT = "lead_expert", _("Lead expert")
        EXPERT = "expert", _("Thematic expert")
        CITY_TEAM = "city_team", _("City team")
        COMMUNICATION = "communication", _("Communication officer")

    area = models.CharField(_("area"), max_length=16, choices=Area.choices)
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="capture_plan_entries",
        verbose_name=_("theme"),
    )
    city = models.ForeignKey(
        City,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="capture_plan_entries",
        verbose_name=_("city"),
        help_text=_("Leave empty for what concerns the whole network."),
    )
    what = models.CharField(_("what to capture"), max_length=200)
    why = models.TextField(_("why"))
    method = models.CharField(_("capture method"), max_length=16, choices=Method.choices)
    format = models.CharField(_("format"), max_length=16, choices=Format.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    owner_role = models.CharField(_("owner"), max_length=16, choices=OwnerRole.choices)
    due_date = models.DateField(_("due date"))
    days = models.DecimalField(
        _("person-days"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0), _("Person-days cannot be negative."))],
    )
    day_rate = models.DecimalField(
        _("day rate (EUR)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal(750),
        validators=[MinValueValidator(Decimal(0), _("A day rate cannot be negative."))],
    )

    class Meta:
        verbose_name = _("capture plan entry")
        verbose_name_plural = _("capture plan")
        ordering = ["due_date", "what"]

    def __str__(self):
        return self.what

    @property
    def cost(self) -> Decimal:
        return (self.days or 0) * (self.day_rate or 0)

    cost.fget.short_description = _("cost (EUR)")


class LibraryEntry(models.Model):
    """One version of a knowledge item as the library search reads it (knowledge.search).

    Derived from the pages and rebuilt by ``rebuild_library_index``; the text columns hold the
    words lower-cased and without accents, as both engines index them. SQLite keeps their stemmed
    words in an FTS5 table, PostgreSQL in a generated tsvector column (both made in migrations).
    """

    # No database constraint: the index outlives nothing, but the bench fills it without pages.
    page = models.OneToOneField(
        KnowledgeItemPage,
        on_delete=models.CASCADE,
        primary_key=True,
        db_constraint=False,
        related_name="library_entry",
    )
    translation_key = models.UUIDField(db_index=True)
    language = models.CharField(max_length=8)
    path = models.CharField(max_length=255)
    kind = models.CharField(max_length=16)
    area = models.CharField(max_length=16)
    first_published_at = models.DateTimeField(null=True)
    published = models.BooleanField(default=False)
    # The version shown to readers of a language the item is not written in: the first one.
    original = models.BooleanField(default=False)
    # The languages the item is published in, as "|en|fr|"; its cities' and themes' ids alike
    # (filtered on the entry's own row, counted from LibraryFacet).
    languages = models.CharField(max_length=64)
    cities = models.TextField(default="|")
    themes = models.TextField(default="|")
    # Last: SQLite reads the columns above without stepping over the text.
    title = models.TextField()
    summary = models.TextField()
    body = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["published", "language"])]

    def __str__(self):
        return f"{self.language} {self.page_id}"


class LibraryFacet(models.Model):
    """A value an entry is filtered and counted by: its kind, area, cities, themes, languages."""

    entry = models.ForeignKey(
        LibraryEntry, on_delete=models.CASCADE, db_constraint=False, related_name="facets"
    )
    facet = models.CharField(max_length=8)
    value = models.CharField(max_length=64)

    class Meta:
        indexes = [
            models.Index(fields=["facet", "value", "entry"]),
            models.Index(fields=["entry", "facet", "value"]),
        ]

    def __str__(self):
        return f"{self.facet}={self.value}"
