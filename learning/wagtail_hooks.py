from django import forms
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from network.admin_views import PlainInspectView, SafeIndexView, ScopedIndexView
from network.choices import TimezoneSelect
from network.models import AuditLogEntry

from . import selectors, views
from .forms import EventAdminForm
from .models import (
    CriticalFriendPairing,
    Event,
    MaturityAssessment,
    NeedExpression,
    Quarter,
    Reflection,
    Registration,
    Topic,
)


class TopicViewSet(SnippetViewSet):
    index_view_class = SafeIndexView
    model = Topic
    icon = "list-ul"
    list_display = ["title", "kind", "theme", "domain", "status"]
    list_filter = ["network", "kind", "status", "theme", "domain"]
    search_fields = ["title", "summary"]
    search_backend_name = None
    list_export = ["title", "kind", "theme", "domain", "status", "summary"]
    panels = [
        FieldPanel("network", widget=forms.Select),
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
        FieldRowPanel([FieldPanel("theme"), FieldPanel("domain")]),
        FieldPanel("resources"),
    ]

    def get_queryset(self, request):
        return Topic.objects.select_related("theme", "network")


class QuarterViewSet(SnippetViewSet):
    index_view_class = SafeIndexView
    model = Quarter
    icon = "date"
    list_display = ["name", "start", "end", "topic", "reflection_deadline"]
    list_filter = ["network"]
    search_fields = ["name", "choice_reason", "tools_introduced"]
    search_backend_name = None
    list_export = ["name", "start", "end", "topic", "choice_reason", "reflection_deadline"]
    panels = [
        FieldPanel("network", widget=forms.Select),
        FieldRowPanel([FieldPanel("name"), FieldPanel("start"), FieldPanel("end")]),
        FieldRowPanel([FieldPanel("needs_deadline"), FieldPanel("weight_least_mature")]),
        MultiFieldPanel(
            [FieldPanel("topic", widget=forms.Select), FieldPanel("choice_reason")],
            heading=_("Topic"),
        ),
        FieldPanel("kickoff_event", widget=forms.Select),
        FieldRowPanel([FieldPanel("learning_guide"), FieldPanel("learning_guide_page")]),
        FieldPanel("tools_introduced"),
        FieldRowPanel(
            [
                FieldPanel("practice_start"),
                FieldPanel("practice_end"),
                FieldPanel("reflection_deadline"),
            ]
        ),
    ]

    def get_queryset(self, request):
        return Quarter.objects.select_related("topic")


class EventViewSet(SnippetViewSet):
    index_view_class = SafeIndexView
    model = Event
    icon = "calendar-alt"
    list_display = ["title", "kind", "start", "timezone", "host_city", "topic"]
    list_filter = ["network", "kind", "host_city", "quarter"]
    search_fields = ["title", "place", "notes"]
    search_backend_name = None
    list_export = ["title", "kind", "start", "end", "timezone", "place", "host_city", "topic"]
    edit_handler = ObjectList(
        [
            FieldPanel("network", widget=forms.Select),
            FieldRowPanel([FieldPanel("title"), FieldPanel("kind")]),
            FieldPanel("description"),
            FieldRowPanel(
                [
                    FieldPanel("start"),
                    FieldPanel("end"),
                    FieldPanel("timezone", widget=TimezoneSelect),
                ]
            ),
            FieldRowPanel([FieldPanel("place"), FieldPanel("online_url")]),
            FieldRowPanel([FieldPanel("languages"), FieldPanel("facilitator")]),
            FieldRowPanel(
                [
                    FieldPanel("topic", widget=forms.Select),
                    FieldPanel("quarter", widget=forms.Select),
                    FieldPanel("host_city", widget=forms.Select),
                ]
            ),
            FieldPanel("notes"),
        ],
        base_form_class=EventAdminForm,
    )

    def get_queryset(self, request):
        return Event.objects.select_related("host_city", "topic")


class RegistrationViewSet(SnippetViewSet):
    index_view_class = ScopedIndexView
    model = Registration
    icon = "user"
    list_display = ["event", "person", "registered_at", "attended"]
    list_filter = ["event__kind", "attended", "person__city"]
    search_fields = ["person__name", "event__title"]
    search_backend_name = None
    list_export = ["event", "person", "registered_at", "attended"]
    panels = [
        FieldPanel("event", widget=forms.Select),
        FieldPanel("person"),
        FieldPanel("attended"),
    ]

    def get_queryset(self, request):
        return Registration.objects.select_related("event", "person")


class NeedViewSet(SnippetViewSet):
    index_view_class = ScopedIndexView
    model = NeedExpression
    icon = "order"
    list_display = ["quarter", "city", "rank", "topic", "reason"]
    list_filter = ["quarter", "city"]
    search_fields = ["reason", "topic__title"]
    search_backend_name = None
    list_export = ["quarter", "city", "rank", "topic", "reason"]
    panels = [
        FieldPanel("quarter", widget=forms.Select),
        FieldPanel("city", widget=forms.Select),
        FieldPanel("topic", widget=forms.Select),
        FieldPanel("rank"),
        FieldPanel("reason"),
    ]

    def get_queryset(self, request):
        return NeedExpression.objects.select_related("quarter", "city", "topic")


class MaturityViewSet(SnippetViewSet):
    index_view_class = ScopedIndexView
    model = MaturityAssessment
    icon = "pick"
    list_display = ["city", "domain", "level", "assessed_on"]
    list_filter = ["city", "domain", "level"]
    list_export = ["city", "domain", "level", "assessed_on", "note"]
    panels = [
        FieldPanel("city", widget=forms.Select),
        FieldRowPanel([FieldPanel("domain"), FieldPanel("level"), FieldPanel("assessed_on")]),
        FieldPanel("note"),
    ]

    def get_queryset(self, request):
        return MaturityAssessment.objects.select_related("city")


class ReflectionViewSet(SnippetViewSet):
    index_view_class = ScopedIndexView
    model = Reflection
    icon = "openquote"
    inspect_view_enabled = True
    inspect_view_class = PlainInspectView
    list_display = ["quarter", "city", "share_lesson", "submitted_at"]
    list_filter = ["quarter", "city", "share_lesson"]
    search_fields = ["tried", "worked", "did_not_work", "next_steps", "lesson"]
    search_backend_name = None
    list_export = ["quarter", "city", "tried", "worked", "did_not_work", "next_steps", "lesson"]
    panels = [
        FieldPanel("quarter", widget=forms.Select),
        FieldPanel("city", widget=forms.Select),
        FieldPanel("tried"),
        FieldPanel("worked"),
        FieldPanel("did_not_work"),
        FieldPanel("next_steps"),
        FieldPanel("lesson"),
        FieldPanel("share_lesson"),
    ]

    def get_queryset(self, request):
        return Reflection.objects.select_related("quarter", "city")


class PairingViewSet(SnippetViewSet):
    index_view_class = SafeIndexView
    model = CriticalFriendPairing
    icon = "group"
    list_display = ["stage", "stage_name", "city_a", "city_b", "city_c", "confirmed"]
    list_filter = ["network", "stage", "confirmed"]
    list_export = ["stage", "stage_name", "city_a", "city_b", "city_c", "why"]
    panels = [
        FieldPanel("network", widget=forms.Select),
        FieldRowPanel([FieldPanel("stage"), FieldPanel("stage_name")]),
        FieldRowPanel(
            [
                FieldPanel("city_a", widget=forms.Select),
                FieldPanel("city_b", widget=forms.Select),
                FieldPanel("city_c", widget=forms.Select),
            ]
        ),
        FieldPanel("explanation"),
        FieldPanel("confirmed"),
    ]

    def get_queryset(self, request):
        return CriticalFriendPairing.objects.select_related("city_a", "city_b", "city_c")


class LearningGroup(SnippetViewSetGroup):
    menu_label = _("Learning journey")
    menu_icon = "openquote"
    menu_order = 230
    items = (
        TopicViewSet,
        QuarterViewSet,
        EventViewSet,
        RegistrationViewSet,
        NeedViewSet,
        MaturityViewSet,
        ReflectionViewSet,
        PairingViewSet,
    )


register_snippet(LearningGroup)


@hooks.register("register_admin_urls")
def register_learning_urls():
    return [
        path("learning/", views.overview, name="learning_overview"),
        path(
            "learning/quarters/<int:quarter_pk>/needs/<int:city_pk>/",
            views.needs_edit,
            name="learning_needs",
        ),
        path("learning/quarters/<int:quarter_pk>/ranking/", views.ranking, name="learning_ranking"),
        path(
            "learning/quarters/<int:quarter_pk>/reflections/",
            views.reflections_status,
            name="learning_reflections",
        ),
        path(
            "learning/quarters/<int:quarter_pk>/reflect/<int:city_pk>/",
            views.reflect,
            name="learning_reflect",
        ),
        path("learning/maturity/", views.maturity, name="learning_maturity"),
        path(
            "learning/maturity/<int:city_pk>/", views.maturity_edit, name="learning_maturity_edit"
        ),
        path(
            "learning/events/<int:event_pk>/register/<int:city_pk>/",
            views.register,
            name="learning_register",
        ),
        path(
            "learning/events/<int:event_pk>/attendance/",
            views.attendance,
            name="learning_attendance",
        ),
        path("learning/pairings/", views.pairings, name="learning_pairings"),
    ]


@hooks.register("register_admin_menu_item")
def register_learning_menu_item():
    return MenuItem(
        _("Learning hub"), reverse("learning_overview"), icon_name="openquote", order=160
    )


@hooks.register("register_log_actions")
def register_audit_log(actions):
    for model in (
        Topic,
        Quarter,
        Event,
        Registration,
        NeedExpression,
        MaturityAssessment,
        Reflection,
        CriticalFriendPairing,
    ):
        actions.register_model(model, AuditLogEntry)
    actions.register_action("baobab.attendance", _("Record attendance"), _("Attendance recorded"))
    actions.register_action("baobab.needs_ranked", _("Rank needs"), _("Learning needs ranked"))
    actions.register_action(
        "baobab.maturity_assessed", _("Assess maturity"), _("Maturity self-assessed")
    )


# What the city team has to do for this part of the programme, on its workspace page.
hooks.register("workspace_section", selectors.workspace_section)
