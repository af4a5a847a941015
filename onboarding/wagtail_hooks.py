from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.utils import get_valid_next_url_from_request, set_query_params
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
from network.models import AuditLogEntry, Membership, Person

from . import selectors, services
from .models import CityStep, OnboardingStep

# Which checklist a row belongs to, and when it is due, is the secretariat's to set.
SECRETARIAT_ONLY = "onboarding.add_citystep"


class CityStepForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        city_id = permissions.user_city_id(for_user)
        if "owner" in self.fields and city_id and not permissions.is_secretariat(for_user):
            self.fields["owner"].queryset = Person.objects.filter(city_id=city_id)
        if "owner" in self.fields and "membership" in self.fields:
            # The chooser lists the people of the checklist's city first.
            self.fields["owner"].widget.linked_fields = {"membership": "#id_membership"}


class CityStepEditView(ScopedEditView):
    protected_fields = ("membership", "step", "due_date")

    def save_instance(self):
        instance = super().save_instance()
        services.membership_announce_if_public(city_step=instance, actor=self.request.user)
        return instance

    def get_success_url(self):
        # Back where the step was opened from (e.g. My city), or to this city's checklist:
        # the whole network's checklists are not where a city team was working.
        next_url = get_valid_next_url_from_request(self.request)
        if next_url:
            return next_url
        return set_query_params(
            super().get_success_url(), {"membership__city": self.object.membership.city_id}
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        next_url = get_valid_next_url_from_request(self.request)
        if next_url:
            context["action_url"] = set_query_params(context["action_url"], {"next": next_url})
        return context


class OnboardingStepViewSet(SnippetViewSet):
    index_view_class = SafeIndexView
    model = OnboardingStep
    icon = "list-ol"
    list_display = ["order", "title", "expected_days", "is_paperwork", "network"]
    list_filter = ["network"]
    search_fields = ["title"]
    search_backend_name = None
    panels = [
        FieldPanel("network", widget=forms.Select),
        FieldRowPanel([FieldPanel("order"), FieldPanel("expected_days")]),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("is_paperwork"), FieldPanel("makes_membership_public")]),
    ]


class CityStepViewSet(SnippetViewSet):
    model = CityStep
    icon = "tasks"
    index_view_class = ScopedIndexView
    edit_view_class = CityStepEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    inspect_view_enabled = True
    inspect_view_class = PlainInspectView
    list_display = ["membership", "step", "status", "due_date", "done_date", "owner"]
    list_filter = ["membership__network", "membership__city", "status", "step"]
    search_fields = ["membership__city__name", "step__title", "notes"]
    search_backend_name = None
    list_export = ["membership", "step", "status", "due_date", "done_date", "owner", "notes"]
    # The form class goes on the edit handler: a viewset attribute would be ignored.
    edit_handler = ObjectList(
        [
            FieldPanel("membership", permission=SECRETARIAT_ONLY, widget=forms.Select),
            FieldPanel("step", permission=SECRETARIAT_ONLY, widget=forms.Select),
            FieldRowPanel(
                [
                    FieldPanel("status"),
                    FieldPanel("due_date", permission=SECRETARIAT_ONLY),
                    FieldPanel("done_date"),
                ]
            ),
            FieldPanel("owner"),
            FieldPanel("notes"),
            FieldPanel("document"),
        ],
        base_form_class=CityStepForm,
    )

    def get_queryset(self, request):
        return CityStep.objects.select_related(
            "membership__city", "membership__network", "step", "owner"
        )


class OnboardingGroup(SnippetViewSetGroup):
    menu_label = _("Onboarding")
    menu_icon = "tasks"
    menu_order = 210
    items = (CityStepViewSet, OnboardingStepViewSet)


register_snippet(OnboardingGroup)


@hooks.register("after_create_snippet")
def give_a_new_member_its_checklist(request, instance):
    # A city added to a network starts with the network's onboarding template.
    if isinstance(instance, Membership) and instance.selection_date:
        services.city_checklist_create(membership=instance, actor=request.user)


@hooks.register("register_log_actions")
def register_audit_log(actions):
    # Onboarding records go to the network's audit trail, with their city and what changed.
    for model in (OnboardingStep, CityStep):
        actions.register_model(model, AuditLogEntry)


# What the city team has to do for this part of the programme, on its workspace page.
hooks.register("workspace_section", selectors.workspace_section)
