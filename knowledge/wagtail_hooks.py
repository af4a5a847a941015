from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from network import audit, permissions
from network.admin_views import SafeIndexView
from network.models import AuditLogEntry

from . import documents, selectors, services
from .models import CapturePlanEntry


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


def _secretariat_only(request):
    if not permissions.is_secretariat(request.user):
        raise PermissionDenied


def _may_see_inbox(user) -> bool:
    return permissions.is_secretariat(user) or permissions.user_city_id(user) is not None


def capture_inbox(request):
    """Candidates to capture: the secretariat sees every city's, a city team its own."""
    if not _may_see_inbox(request.user):
        raise PermissionDenied
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
    if not _may_see_inbox(request.user):
        raise PermissionDenied
    action = request.POST.get("action")
    with audit.refusals_recorded(request):
        try:
            if action == "draft":
                item = services.capture_draft_create(
                    user=request.user,
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
                    user=request.user,
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


def translations(request):
    _secretariat_only(request)
    return render(request, "knowledge/admin/translations.html", selectors.translations_overview())


def plan_calendar(request):
    _secretariat_only(request)
    return render(request, "knowledge/admin/calendar.html", {"months": selectors.calendar()})


def coverage(request):
    _secretariat_only(request)
    return render(request, "knowledge/admin/coverage.html", selectors.coverage())


def strategy(request):
    _secretariat_only(request)
    return render(request, "knowledge/admin/strategy.html", selectors.strategy_context())


def strategy_pdf(request):
    _secretariat_only(request)
    return documents.strategy_pdf_response(context=selectors.strategy_context(), request=request)


@hooks.register("register_admin_urls")
def register_knowledge_urls():
    return [
        path("knowledge/inbox/", capture_inbox, name="knowledge_inbox"),
        path(
            "knowledge/inbox/<slug:provider_key>/<int:object_id>/",
            capture_action,
            name="knowledge_capture",
        ),
        path("knowledge/translations/", translations, name="knowledge_translations"),
        path("knowledge/calendar/", plan_calendar, name="knowledge_calendar"),
        path("knowledge/coverage/", coverage, name="knowledge_coverage"),
        path("knowledge/strategy/", strategy, name="knowledge_strategy"),
        path("knowledge/strategy.pdf", strategy_pdf, name="knowledge_strategy_pdf"),
    ]


class InboxMenuItem(MenuItem):
    def is_shown(self, request):
        return _may_see_inbox(request.user)


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
