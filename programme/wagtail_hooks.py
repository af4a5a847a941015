from django import forms
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from network import permissions
from network.admin_views import (
    PlainInspectView,
    SafeIndexView,
    ScopedDeleteView,
    ScopedEditView,
    ScopedHistoryView,
    ScopedIndexView,
    ScopedUsageView,
)
from network.models import AuditLogEntry
from network.selectors import network_default
from onboarding import selectors as onboarding_selectors

from . import selectors
from .models import CityDeliverable, Deliverable, Phase

SECRETARIAT_ONLY = "programme.add_citydeliverable"


class CityDeliverableEditView(ScopedEditView):
    protected_fields = ("deliverable", "city")


class PhaseViewSet(SnippetViewSet):
    index_view_class = SafeIndexView
    model = Phase
    icon = "time"
    list_display = ["name", "kind", "start", "end", "network"]
    list_filter = ["network", "kind"]
    search_fields = ["name"]
    search_backend_name = None
    panels = [
        FieldPanel("network", widget=forms.Select),
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("outcome"),
    ]


class DeliverableViewSet(SnippetViewSet):
    index_view_class = SafeIndexView
    model = Deliverable
    icon = "doc-full"
    list_display = ["kind", "phase", "order"]
    list_filter = ["phase__network", "phase"]
    panels = [
        FieldPanel("phase", widget=forms.Select),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("order")]),
    ]

    def get_queryset(self, request):
        return Deliverable.objects.select_related("phase__network")


class CityDeliverableViewSet(SnippetViewSet):
    model = CityDeliverable
    icon = "doc-full-inverse"
    index_view_class = ScopedIndexView
    edit_view_class = CityDeliverableEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    inspect_view_enabled = True
    inspect_view_class = PlainInspectView
    list_display = ["city", "deliverable", "status", "approved_by", "approved_on"]
    list_filter = ["deliverable__phase__network", "city", "status", "deliverable__kind"]
    search_fields = ["city__name", "text", "approved_by"]
    search_backend_name = None
    list_export = ["city", "deliverable", "status", "approved_by", "approved_on"]
    panels = [
        FieldPanel("deliverable", permission=SECRETARIAT_ONLY, widget=forms.Select),
        FieldPanel("city", permission=SECRETARIAT_ONLY, widget=forms.Select),
        FieldPanel("status"),
        FieldPanel("text"),
        FieldPanel("document"),
        FieldRowPanel([FieldPanel("approved_by"), FieldPanel("approved_on")]),
        InlinePanel("stakeholders", heading=_("Stakeholder group members"), label=_("member")),
    ]

    def get_queryset(self, request):
        return CityDeliverable.objects.select_related("city", "deliverable__phase")


class ProgrammeGroup(SnippetViewSetGroup):
    menu_label = _("Programme")
    menu_icon = "time"
    menu_order = 220
    items = (CityDeliverableViewSet, PhaseViewSet, DeliverableViewSet)


register_snippet(ProgrammeGroup)


def overview(request):
    """The secretariat's view of every city's path: warnings, owners, overdue steps, progress."""
    permissions.ensure_secretariat(request.user)
    network = network_default()
    today = timezone.localdate()
    context = {"network": network, "today": today}
    if network:
        context.update(
            warnings=onboarding_selectors.onboarding_warnings(network=network, today=today),
            checklists=onboarding_selectors.checklist_matrix(network=network),
            progress=selectors.progress(network=network),
        )
    return render(request, "programme/overview.html", context)


@hooks.register("register_admin_urls")
def register_overview_url():
    return [path("programme/overview/", overview, name="programme_overview")]


class OverviewMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.is_secretariat(request.user)


@hooks.register("register_admin_menu_item")
def register_overview_menu_item():
    return OverviewMenuItem(
        _("Programme overview"), reverse("programme_overview"), icon_name="view", order=150
    )


@hooks.register("register_log_actions")
def register_audit_log(actions):
    # Programme records go to the network's audit trail, with their city and what changed.
    for model in (Phase, Deliverable, CityDeliverable):
        actions.register_model(model, AuditLogEntry)


# What the city team has to do for this part of the programme, on its workspace page.
hooks.register("workspace_section", selectors.workspace_section)
