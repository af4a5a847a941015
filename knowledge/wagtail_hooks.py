from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.views.pages.create import CreateView
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from baobab.exceptions import NotAllowed
from network import audit, permissions
from network.admin_views import SafeIndexView
from network.jobs import job_enqueue, job_start, job_url
from network.models import AuditLogEntry, City

from . import permissions as knowledge_permissions
from . import selectors, services, tasks, workflows
from .models import Area, CapturePlanEntry, Kind


class CapturePlanEntryViewSet(SnippetViewSet):
    model = CapturePlanEntry
    index_view_class = SafeIndexView
    icon = "calendar-alt"
    menu_label = gettext_lazy("Capture plan")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["what", "area", "city", "due_date", "days", "cost", "owner_role"]
    list_filter = ["area", "theme", "city", "method", "format", "channel", "owner_role"]
    search_fields = ["what", "why"]
    search_backend_name = None
    list_export = [
        "what",
        "why",
        "area",
        "theme",
        "city",
        "method",
        "format",
        "channel",
        "owner_role",
        "due_date",
        "days",
        "day_rate",
        "cost",
    ]
    panels = [
        FieldPanel("what"),
        FieldPanel("why"),
        FieldRowPanel([FieldPanel("area"), FieldPanel("theme", widget=forms.Select)]),
        FieldPanel("city", widget=forms.Select),
        FieldRowPanel([FieldPanel("method"), FieldPanel("format"), FieldPanel("channel")]),
        FieldRowPanel([FieldPanel("owner_role"), FieldPanel("due_date")]),
        FieldRowPanel([FieldPanel("days"), FieldPanel("day_rate")]),
    ]

    def get_queryset(self, request):
        return CapturePlanEntry.objects.select_related("theme", "city")


register_snippet(CapturePlanEntryViewSet)


def capture_inbox(request):
    """Candidates to capture: the secretariat sees every city's, a city team its own."""
    if not knowledge_permissions.may_see_capture_inbox(request.user):
        raise NotAllowed
    city_id = (
        None if permissions.is_secretariat(request.user) else permissions.user_city_id(request.user)
    )
    context = {
        "sections": selectors.inbox(city_id=city_id),
        "handled": selectors.handled_marks() if city_id is None else [],
    }
    return render(request, "knowledge/admin/inbox.html", context)


@require_POST
def capture_action(request, provider_key, object_id):
    """Make a draft from a candidate, or dismiss it with a reason."""
    if not knowledge_permissions.may_see_capture_inbox(request.user):
        raise NotAllowed
    action = request.POST.get("action")
    with audit.refusals_recorded(request):
        try:
            if action == "draft":
                item = services.capture_draft_create(
                    actor=request.user,
                    provider_key=provider_key,
                    object_id=object_id,
                    language_code=(get_language() or "en")[:2],
                )
                messages.success(
                    request, _("Draft “%(title)s” created from its source.") % {"title": item.title}
                )
                return redirect("wagtailadmin_pages:edit", item.pk)
            if action == "dismiss":
                services.capture_dismiss(
                    actor=request.user,
                    provider_key=provider_key,
                    object_id=object_id,
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, _("Candidate dismissed."))
            else:
                messages.error(request, _("Unknown action."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("knowledge_inbox")


class ItemDraftView(CreateView):
    """Wagtail's editor for a new knowledge item, opened with some fields already filled in.
    The form still posts to Wagtail's own add view, which checks and saves it."""

    prefill: dict = {}

    def get(self, request):
        for name, value in self.prefill.items():
            setattr(self.page, name, value)
        return super().get(request)


WRITE_PREFILL = {
    Kind.CITY_STORY: {"kind": Kind.CITY_STORY, "area": Area.CITY_STORIES},
    Kind.CASE_STUDY: {"kind": Kind.CASE_STUDY, "area": Area.APPLICATION},
}


@require_GET
def write_item(request, kind):
    """A city team starts its city story or a case study from My city: the editor opens in the
    library of its network, in the user's language, filed under its city. A story already
    begun is opened instead of a second one. Others who may add items (the secretariat) get
    the same editor with no city chosen; Wagtail refuses those who may not."""
    if kind not in WRITE_PREFILL:
        raise Http404
    city_id = permissions.user_city_id(request.user)
    city = City.objects.get(pk=city_id) if city_id else None
    language = (get_language() or "en")[:2]
    if city is not None and kind == Kind.CITY_STORY:
        story = selectors.city_story(city=city, language_code=language)
        if story is not None:
            return redirect("wagtailadmin_pages:edit", story.pk)
    prefill = {**WRITE_PREFILL[kind], **({"cities": [city]} if city else {})}
    index = selectors.city_library(city=city, language_code=language)
    return ItemDraftView.as_view(prefill=prefill)(
        request,
        content_type_app_name="knowledge",
        content_type_model_name="knowledgeitempage",
        parent_page_id=index.pk,
    )


def translations(request):
    permissions.ensure_secretariat(request.user)
    return render(request, "knowledge/admin/translations.html", selectors.translations_overview())


def plan_calendar(request):
    permissions.ensure_secretariat(request.user)
    return render(request, "knowledge/admin/calendar.html", {"months": selectors.calendar()})


def coverage(request):
    permissions.ensure_secretariat(request.user)
    return render(request, "knowledge/admin/coverage.html", selectors.coverage())


def strategy(request):
    permissions.ensure_secretariat(request.user)
    return render(request, "knowledge/admin/strategy.html", selectors.strategy_context())


def strategy_pdf(request):
    """The strategy's PDF is drawn by a task: the user follows it on the task's page."""
    permissions.ensure_secretariat(request.user)
    job = job_start(kind=tasks.STRATEGY_PDF, owner=request.user, actor=request.user)
    job_enqueue(tasks.strategy_pdf_task, job)
    return redirect(job_url(job))


@hooks.register("register_admin_urls")
def register_knowledge_urls():
    return [
        path("knowledge/inbox/", capture_inbox, name="knowledge_inbox"),
        path(
            "knowledge/inbox/<slug:provider_key>/<int:object_id>/",
            capture_action,
            name="knowledge_capture",
        ),
        path("knowledge/write/<slug:kind>/", write_item, name="knowledge_write"),
        path("knowledge/translations/", translations, name="knowledge_translations"),
        path("knowledge/calendar/", plan_calendar, name="knowledge_calendar"),
        path("knowledge/coverage/", coverage, name="knowledge_coverage"),
        path("knowledge/strategy/", strategy, name="knowledge_strategy"),
        path("knowledge/strategy.pdf", strategy_pdf, name="knowledge_strategy_pdf"),
    ]


class InboxMenuItem(MenuItem):
    def is_shown(self, request):
        return knowledge_permissions.may_see_capture_inbox(request.user)


class SecretariatMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.is_secretariat(request.user)


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    return InboxMenuItem(
        gettext_lazy("To capture"), reverse("knowledge_inbox"), icon_name="tasks", order=255
    )


@hooks.register("register_admin_menu_item")
def register_strategy_menu_item():
    return SecretariatMenuItem(
        gettext_lazy("Knowledge strategy"),
        reverse("knowledge_strategy"),
        icon_name="doc-full",
        order=257,
    )


@hooks.register("register_admin_menu_item")
def register_translations_menu_item():
    return SecretariatMenuItem(
        gettext_lazy("Translations"),
        reverse("knowledge_translations"),
        icon_name="globe",
        order=258,
    )


@hooks.register("register_log_actions")
def register_audit_log(actions):
    actions.register_model(CapturePlanEntry, AuditLogEntry)


# A reviewer who acted on an item from its editor lands on their review queue, not on a
# page explorer they may not open.
hooks.register("after_edit_page", workflows.land_after_review)


# What the city team has to do for this part of the programme, on its workspace page.
hooks.register("workspace_section", selectors.workspace_section)
