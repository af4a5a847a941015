from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from network.admin_views import (
    CityOwnedCreateView,
    PlainInspectView,
    SafeIndexView,
    ScopedDeleteView,
    ScopedEditView,
    ScopedHistoryView,
    ScopedIndexView,
    ScopedUsageView,
)
from network.models import AuditLogEntry

from . import datasets
from .models import DataLicence, ReuseRecord
from .opendata import licence_of

# Only the secretariat files a record under any city and network; a city team's are its own.
SECRETARIAT_ONLY = "impact.add_impactpage"


class ReuseRecordEditView(ScopedEditView):
    protected_fields = ("city", "network")


class ReuseRecordViewSet(SnippetViewSet):
    model = ReuseRecord
    # Wagtail's icon set has no "repeat"; the menu label is a heading, so capitalised.
    icon = "rotate"
    menu_label = _("Reuse of methods")
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = ScopedIndexView
    add_view_class = CityOwnedCreateView
    edit_view_class = ReuseRecordEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    inspect_view_enabled = True
    inspect_view_class = PlainInspectView
    list_display = ["city", "method_name", "where", "reused_in", "reused_on"]
    list_filter = ["network", "city", "where"]
    search_fields = ["city__name", "method", "topic__title", "reused_in", "evidence"]
    search_backend_name = None
    list_export = ["city", "method_name", "where", "reused_in", "reused_on", "evidence"]
    panels = [
        FieldPanel("network", permission=SECRETARIAT_ONLY, widget=forms.Select),
        FieldPanel("city", permission=SECRETARIAT_ONLY, widget=forms.Select),
        FieldRowPanel([FieldPanel("topic", widget=forms.Select), FieldPanel("method")]),
        FieldRowPanel([FieldPanel("where"), FieldPanel("reused_in")]),
        FieldPanel("reused_on"),
        FieldPanel("evidence"),
        FieldPanel("evidence_url"),
    ]

    def get_queryset(self, request):
        return ReuseRecord.objects.select_related("city", "topic", "network")


register_snippet(ReuseRecordViewSet)


class DataLicenceViewSet(SnippetViewSet):
    """The licence of each network's open data: the secretariat's choice."""

    model = DataLicence
    icon = "doc-full"
    index_view_class = SafeIndexView
    list_display = ["network", "identifier", "name"]
    panels = [
        FieldPanel("network", widget=forms.Select),
        FieldPanel("name"),
        FieldPanel("identifier"),
        FieldPanel("url"),
    ]


register_snippet(DataLicenceViewSet)


@hooks.register("register_log_actions")
def register_audit_log(actions):
    # Reuse records go to the network's audit trail, with their city and what changed.
    actions.register_model(ReuseRecord, AuditLogEntry)
    actions.register_model(DataLicence, AuditLogEntry)


# The open-data catalogue (experiments) gives every dataset the licence the network chose here.
hooks.register("network_licence", licence_of)


hooks.register("open_datasets", datasets.open_datasets)
