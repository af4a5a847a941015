from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from baobab.currencies import CurrencySelect
from network import audit
from network.admin_views import (
    CityOwnedCreateView,
    NameFieldPanel,
    PlainInspectView,
    SafeIndexView,
    ScopedDeleteView,
    ScopedEditView,
    ScopedHistoryView,
    ScopedIndexView,
    ScopedUsageView,
    slug_panel,
)
from network.fields import PlainNumberInput
from network.models import AuditLogEntry

from . import selectors, services
from .forms import DecisionForm, IndicatorValueForm
from .models import Decision, ExchangeRate, Indicator, IndicatorValue, Pilot
from .permissions import get_pilot_for_user

# Only the secretariat files a pilot under a network and a city; a city team's pilots are its own.
SECRETARIAT_ONLY = "experiments.add_exchangerate"


class PilotEditView(ScopedEditView):
    protected_fields = ("city", "network")


class PilotViewSet(SnippetViewSet):
    model = Pilot
    icon = "pick"
    index_view_class = ScopedIndexView
    add_view_class = CityOwnedCreateView
    edit_view_class = PilotEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    inspect_view_enabled = True
    inspect_view_class = PlainInspectView
    list_display = [
        "title",
        "city",
        "theme",
        "status",
        "currency",
        "budget_amount",
        "people_reached",
    ]
    list_filter = ["network", "city", "theme", "status", "funding_source"]
    search_fields = ["title", "problem", "hypothesis", "partners"]
    search_backend_name = None
    list_export = [
        "title",
        "slug",
        "city",
        "theme",
        "status",
        "start",
        "end",
        "funding_source",
        "currency",
        "budget_amount",
        "spent_amount",
        "people_reached",
    ]
    inspect_view_fields = [
        "title",
        "city",
        "theme",
        "status",
        "start",
        "end",
        "problem",
        "hypothesis",
        "partners",
        "currency",
        "budget_amount",
        "spent_amount",
        "people_reached",
    ]
    panels = [
        FieldRowPanel(
            [
                FieldPanel("network", permission=SECRETARIAT_ONLY, widget=forms.Select),
                FieldPanel("city", permission=SECRETARIAT_ONLY, widget=forms.Select),
            ]
        ),
        FieldRowPanel([NameFieldPanel("title"), slug_panel()]),
        FieldRowPanel([FieldPanel("theme", widget=forms.Select), FieldPanel("status")]),
        FieldPanel("problem"),
        FieldPanel("hypothesis"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("partners"),
        MultiFieldPanel(
            [
                # The currency first, on a row of its own with the funding source: its names are
                # long, and beside the amounts it squeezed the budget to three digits.
                FieldRowPanel(
                    [FieldPanel("currency", widget=CurrencySelect), FieldPanel("funding_source")]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("budget_amount", widget=PlainNumberInput),
                        FieldPanel("spent_amount", widget=PlainNumberInput),
                    ]
                ),
            ],
            heading=_("Budget"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("people_reached"),
                FieldRowPanel(
                    [
                        FieldPanel("reached_women"),
                        FieldPanel("reached_men"),
                        FieldPanel("reached_other_sex"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("reached_under_18"),
                        FieldPanel("reached_18_34"),
                        FieldPanel("reached_35_59"),
                        FieldPanel("reached_60_plus"),
                    ]
                ),
            ],
            heading=_("People reached"),
        ),
        InlinePanel("indicators", heading=_("Indicators"), label=_("indicator")),
        FieldPanel("internal_notes"),
    ]

    def get_queryset(self, request):
        return Pilot.objects.select_related("city", "theme", "network")


class ExchangeRateViewSet(SnippetViewSet):
    model = ExchangeRate
    icon = "doc-full"
    index_view_class = SafeIndexView
    list_display = ["currency", "rate_to_eur", "date", "network"]
    list_filter = ["network", "currency"]
    list_export = ["currency", "rate_to_eur", "date", "network"]
    panels = [
        FieldPanel("network", widget=forms.Select),
        FieldRowPanel(
            [
                FieldPanel("currency", widget=CurrencySelect),
                FieldPanel("rate_to_eur"),
                FieldPanel("date"),
            ]
        ),
    ]

    def get_queryset(self, request):
        return ExchangeRate.objects.select_related("network")


class PilotsGroup(SnippetViewSetGroup):
    menu_label = _("Pilots")
    menu_icon = "pick"
    menu_order = 240
    items = (PilotViewSet, ExchangeRateViewSet)


register_snippet(PilotsGroup)


def pilot_record(request, pk):
    """A pilot's team records indicator values and decisions here; the history is shown below."""
    with audit.refusals_recorded(request):
        pilot = get_pilot_for_user(request.user, pk, action="change")
    action = request.POST.get("action") if request.method == "POST" else None
    value_form = IndicatorValueForm(
        request.POST if action == "value" else None, pilot=pilot, prefix="value"
    )
    decision_form = DecisionForm(
        request.POST if action == "decision" else None, pilot=pilot, prefix="decision"
    )
    form = {"value": value_form, "decision": decision_form}.get(action)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "value":
                services.indicator_value_record(actor=request.user, **data)
                message = gettext("Indicator value recorded.")
            else:
                services.decision_record(pilot=pilot, actor=request.user, **data)
                message = gettext("Decision recorded.")
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, message)
            return redirect("experiments_pilot_record", pk=pilot.pk)
    if form is not None and form.errors:
        messages.error(request, gettext("Nothing was saved: please correct the errors below."))
    indicators = Indicator.objects.filter(pilot=pilot).prefetch_related("values")
    decisions = Decision.objects.filter(pilot=pilot).order_by("-decided_on", "-pk")
    return render(
        request,
        "experiments/admin/pilot_record.html",
        {
            "pilot": pilot,
            "value_form": value_form,
            "decision_form": decision_form,
            "indicators": indicators,
            "decisions": decisions,
            "media": value_form.media + decision_form.media,
            "breadcrumbs_items": [
                {"url": reverse("wagtailadmin_home"), "label": gettext("Home")},
                {
                    "url": reverse("wagtailsnippets_experiments_pilot:list"),
                    "label": gettext("Pilots"),
                },
                {
                    "url": reverse("wagtailsnippets_experiments_pilot:edit", args=[pilot.pk]),
                    "label": pilot.title,
                },
                {"url": "", "label": gettext("Record values and decisions")},
            ],
        },
    )


@hooks.register("register_admin_urls")
def register_record_url():
    return [path("pilots/<int:pk>/record/", pilot_record, name="experiments_pilot_record")]


@hooks.register("register_snippet_listing_buttons")
def record_button(snippet, user, next_url=None):
    from wagtail.admin.widgets import ListingButton

    if isinstance(snippet, Pilot) and policy_registry.get(snippet).user_has_permission_for_instance(
        user, "change", snippet
    ):
        yield ListingButton(
            gettext("Record values and decisions"),
            reverse("experiments_pilot_record", args=[snippet.pk]),
            priority=5,
        )


@hooks.register("register_log_actions")
def register_audit_log(actions):
    # Pilot records go to the network's audit trail, with what changed.
    for model in (Pilot, Indicator, IndicatorValue, Decision, ExchangeRate):
        actions.register_model(model, AuditLogEntry)


# What the city team has to do for this part of the programme, on its workspace page.
hooks.register("workspace_section", selectors.workspace_section)


hooks.register("open_datasets", selectors.open_datasets)
