from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from baobab.exceptions import NotAllowed

from . import audit, permissions, services, views, workspace
from .admin_views import (
    CityOwnedCreateView,
    NameFieldPanel,
    PlainColumn,
    PlainColumnsMixin,
    PlainInspectView,
    SafeExportMixin,
    SafeIndexView,
    ScopedDeleteView,
    ScopedEditView,
    ScopedHistoryView,
    ScopedIndexView,
    ScopedUsageView,
    plain_value,
    slug_panel,
)
from .choices import TimezoneSelect
from .choosers import PersonChooserViewSet
from .jobs import job_enqueue, job_kind_register, job_progress, job_run, job_start, job_url
from .models import AuditLogEntry, City, Invitation, Membership, Network, Person, Theme

# Fields only the secretariat may set: their form fields are left out for everyone else, and a
# value posted for them anyway is refused and recorded.
SECRETARIAT_ONLY = "network.assign_role"
CITY_IDENTITY = "network.add_city"


class CityEditView(ScopedEditView):
    protected_fields = ("name", "slug", "country", "latitude", "longitude")


class PersonCreateView(CityOwnedCreateView):
    def set_city_team_defaults(self, instance):
        # A city team adds people to its own city as team members.
        instance.role = Person.Role.TEAM_MEMBER


class NetworkViewSet(SnippetViewSet):
    index_view_class = SafeIndexView
    model = Network
    icon = "site"
    list_display = ["name", "slug", "cycle_start", "cycle_end"]
    search_fields = ["name", "description"]
    search_backend_name = None
    list_export = ["name", "slug", "cycle_start", "cycle_end", "languages"]
    inspect_view_enabled = True
    inspect_view_class = PlainInspectView
    panels = [
        NameFieldPanel("name"),
        slug_panel(),
        FieldRowPanel([FieldPanel("cycle_start"), FieldPanel("cycle_end")]),
        FieldPanel("languages"),
        FieldPanel("description"),
        FieldPanel("selection_gap_warning_days"),
    ]


class CityViewSet(SnippetViewSet):
    model = City
    icon = "home"
    index_view_class = ScopedIndexView
    edit_view_class = CityEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    inspect_view_enabled = True
    inspect_view_class = PlainInspectView
    list_display = ["name", "country", "population", "population_year", "timezone"]
    list_filter = ["country", "memberships__network", "memberships__status"]
    search_fields = ["name", "slug", "description"]
    search_backend_name = None
    list_export = [
        "name",
        "slug",
        "country",
        "population",
        "population_year",
        "latitude",
        "longitude",
        "languages",
        "timezone",
    ]
    panels = [
        NameFieldPanel("name", permission=CITY_IDENTITY),
        slug_panel(permission=CITY_IDENTITY),
        FieldPanel("country", permission=CITY_IDENTITY),
        FieldRowPanel([FieldPanel("population"), FieldPanel("population_year")]),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("latitude", permission=CITY_IDENTITY),
                        FieldPanel("longitude", permission=CITY_IDENTITY),
                    ]
                )
            ],
            heading=_("Location"),
        ),
        FieldPanel("languages"),
        FieldPanel("timezone", widget=TimezoneSelect),
        FieldPanel("description"),
    ]


class MembershipViewSet(SnippetViewSet):
    index_view_class = SafeIndexView
    model = Membership
    icon = "group"
    inspect_view_enabled = True
    inspect_view_class = PlainInspectView
    list_display = ["city", "network", "status", "selection_date", "join_date"]
    list_filter = ["network", "status"]
    search_fields = ["city__name", "network__name"]
    search_backend_name = None
    list_export = ["city", "network", "status", "selection_date", "join_date"]
    panels = [
        FieldPanel("network", widget=forms.Select),
        FieldPanel("city", widget=forms.Select),
        FieldPanel("status"),
        FieldRowPanel(
            [FieldPanel("selection_date"), FieldPanel("join_date"), FieldPanel("public_since")]
        ),
    ]

    def get_queryset(self, request):
        return Membership.objects.select_related("city", "network")


class PersonFieldMixin:
    """A column of the people listing that stays empty where the reader may not see the field
    (network.permissions.visible_person_fields)."""

    def __init__(self, field, accessor=None, **kwargs):
        super().__init__(field, accessor=accessor or field, **kwargs)
        self.field = field

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        user = request.user if request else None
        if self.field not in permissions.visible_person_fields(user, instance):
            context["raw_value"] = None
            context["value"] = plain_value(None)
        return context


class PersonFieldColumn(PersonFieldMixin, PlainColumn):
    pass


class PersonIndexView(ScopedIndexView):
    """The people listing and its CSV/XLSX export: each row shows what the reader may see."""

    def search_queryset(self, queryset):
        self.search_fields = permissions.person_search_fields(self.request.user)
        return super().search_queryset(queryset)

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        visible = permissions.visible_person_fields(self.request.user, item)
        return type(row)((name, value if name in visible else "") for name, value in row.items())


class PersonInspectView(PlainInspectView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # The fields depend on whose record it is, known only once the object is read.
        visible = permissions.visible_person_fields(request.user, self.object)
        self.fields = [name for name in self.fields if name in visible]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    chooser_viewset_class = PersonChooserViewSet
    index_view_class = PersonIndexView
    add_view_class = PersonCreateView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    inspect_view_class = PersonInspectView
    inspect_view_enabled = True
    list_display = [
        "name",
        PersonFieldColumn("role", accessor="get_role_display", label=_("role"), sort_key="role"),
        PersonFieldColumn("organisation", label=_("organisation"), sort_key="organisation"),
        PersonFieldColumn("city", label=_("city"), sort_key="city__name"),
        PersonFieldColumn("consent_to_be_listed", label=_("may be listed publicly")),
    ]
    list_filter = ["network", "role", "city", "consent_to_be_listed"]
    search_fields = ["name", "email", "organisation"]
    search_backend_name = None
    list_export = ["name", "email", "role", "organisation", "city", "languages"]
    panels = [
        FieldPanel("name"),
        FieldPanel("email"),
        FieldRowPanel(
            [FieldPanel("role", permission=SECRETARIAT_ONLY), FieldPanel("organisation")]
        ),
        FieldRowPanel(
            [
                FieldPanel("network", permission=SECRETARIAT_ONLY, widget=forms.Select),
                FieldPanel("city", permission=SECRETARIAT_ONLY, widget=forms.Select),
            ]
        ),
        FieldPanel("languages"),
        FieldPanel("consent_to_be_listed"),
        FieldPanel("user", permission=SECRETARIAT_ONLY),
    ]

    def get_queryset(self, request):
        return Person.objects.select_related("city", "network")


class ThemeViewSet(SnippetViewSet):
    index_view_class = SafeIndexView
    model = Theme
    icon = "tag"
    list_display = ["name", "kind", "order"]
    list_filter = ["kind"]
    search_fields = ["name"]
    search_backend_name = None
    panels = [
        NameFieldPanel("name"),
        slug_panel(),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("order")]),
    ]


class InvitationCreateView(snippet_views.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        invitation, _token = services.invitation_create(
            network=data["network"],
            email=data["email"],
            name=data["name"],
            role=data["role"],
            city=data.get("city"),
            invited_by=self.request.user,
        )
        return invitation

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            audit.refusal_record(
                request=self.request,
                reason=f"invitation refused: {'; '.join(error.messages)}",
                model=Invitation,
            )
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def get_success_message(self, instance):
        return gettext("Invitation sent to %(email)s.") % {"email": instance.email}


class InvitationViewSet(SnippetViewSet):
    index_view_class = SafeIndexView
    model = Invitation
    icon = "mail"
    add_view_class = InvitationCreateView
    inspect_view_enabled = True
    inspect_view_class = PlainInspectView
    list_display = ["name", "email", "role", "city", "get_status_display", "expires_at"]
    list_filter = ["network", "role", "city"]
    search_fields = ["name", "email"]
    search_backend_name = None
    inspect_view_fields = ["name", "email", "role", "city", "network", "created_at", "expires_at"]
    panels = [
        FieldPanel("name"),
        FieldPanel("email"),
        FieldRowPanel([FieldPanel("role"), FieldPanel("city", widget=forms.Select)]),
        FieldPanel("network", widget=forms.Select),
    ]

    def get_queryset(self, request):
        return Invitation.objects.select_related("city", "network")


class NetworkGroup(SnippetViewSetGroup):
    menu_label = _("Network")
    menu_icon = "site"
    menu_order = 200
    items = (
        NetworkViewSet,
        CityViewSet,
        MembershipViewSet,
        PersonViewSet,
        InvitationViewSet,
        ThemeViewSet,
    )


register_snippet(NetworkGroup)


AUDIT_EXPORT = "audit_trail_export"
job_kind_register(AUDIT_EXPORT, _("Audit trail export"))


class AuditTrailIndexView(PlainColumnsMixin, SafeExportMixin, generic.IndexView):
    """The audit trail grows with every write: its exports are written by a task, which runs
    this same view, filters included, for the user who asked (``audit_trail_export_task``)."""

    def get_base_queryset(self):
        # A model viewset, unlike a snippet viewset, has no get_queryset(request) to ask: the
        # listing's who and city columns are read with the rows here, not one query per row.
        return super().get_base_queryset().select_related("user", "city")

    def render_to_response(self, context, **response_kwargs):
        job = getattr(self.request, "baobab_job", None)
        if not self.is_export:
            return super().render_to_response(context, **response_kwargs)
        if job is None:
            job = job_start(kind=AUDIT_EXPORT, owner=self.request.user, actor=self.request.user)
            job_enqueue(audit_trail_export_task, job, query=self.request.GET.urlencode())
            return redirect(job_url(job))
        self._rows_written = 0
        self._rows_total = context["object_list"].count()
        job_progress(job, 0, self._rows_total)
        return super().render_to_response(context, **response_kwargs)

    def to_row_dict(self, item):
        job = getattr(self.request, "baobab_job", None)
        if job is not None:
            self._rows_written += 1
            if self._rows_written % 500 == 0:
                job_progress(job, self._rows_written, self._rows_total)
        return super().to_row_dict(item)


def _audit_trail_export(job, query):
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.test import RequestFactory

    # The listing's own view, asked by the owner, so the export holds exactly the rows they
    # filtered and may read.
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"
    factory = RequestFactory(SERVER_NAME=host, HTTP_HOST=host)
    request = factory.get(reverse("audit_trail:index"), QueryDict(query))
    request.user = job.owner
    request.baobab_job = job
    response = audit_trail_viewset.index_view(request)
    if response.status_code != 200:
        raise NotAllowed(f"The audit trail answered {response.status_code}.")
    content = b"".join(response.streaming_content)
    extension = "xlsx" if request.GET.get("export") == "xlsx" else "csv"
    return content, f"audit-trail.{extension}"


@task()
def audit_trail_export_task(job_id: int, query: str) -> None:
    job_run(job_id, lambda job: _audit_trail_export(job, query))


class AuditTrailViewSet(ModelViewSet):
    model = AuditLogEntry
    index_view_class = AuditTrailIndexView
    icon = "history"
    menu_label = _("Audit trail")
    menu_order = 900
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = ["timestamp", "who", "action_label", "record", "city", "summary"]
    list_filter = ["user", "city", "action", "timestamp"]
    search_fields = ["label"]
    search_backend_name = None
    list_export = ["timestamp", "who", "action", "record", "city", "summary"]
    inspect_view_fields = ["timestamp", "who", "action_label", "record", "city", "summary"]
    form_fields = []


audit_trail_viewset = AuditTrailViewSet("audit_trail")


@hooks.register("register_admin_viewset")
def register_audit_trail():
    return audit_trail_viewset


@hooks.register("register_log_actions")
def register_audit_log(actions):
    for model in (Network, City, Membership, Person, Invitation, Theme):
        actions.register_model(model, AuditLogEntry)
    actions.register_action(audit.REFUSED, _("Access refused"), _("Access refused"))
    actions.register_action(
        "baobab.twofactor_on", _("Turn on two-step verification"), _("Two-step verification on")
    )
    actions.register_action(
        "baobab.twofactor_off",
        _("Turn off two-step verification"),
        _("Two-step verification off"),
    )
    actions.register_action("baobab.erase", _("Erase personal data"), _("Personal data erased"))
    actions.register_action(
        "baobab.data_export", _("Download personal data"), _("Personal data downloaded")
    )
    actions.register_action("baobab.invite", _("Invite"), _("Invitation sent"))
    actions.register_action(
        "baobab.invitation_accepted", _("Accept invitation"), _("Invitation accepted")
    )


@hooks.register("register_admin_urls")
def register_workspace_url():
    return [
        path("workspace/", views.workspace, name="network_workspace"),
        path("two-step/", views.twofactor, name="network_twofactor"),
        path("two-step/verify/", views.twofactor_verify, name="network_twofactor_verify"),
        path("my-data/", views.personal_data_mine, name="network_personal_data_mine"),
        path(
            "people/<int:pk>/data/",
            views.personal_data_export,
            name="network_personal_data_export",
        ),
        path("people/<int:pk>/erase/", views.person_erase, name="network_person_erase"),
        path("tasks/", views.jobs_mine, name="network_jobs"),
        path("tasks/<int:pk>/", views.job_detail, name="network_job"),
        path("tasks/<int:pk>/file/", views.job_file, name="network_job_file"),
    ]


@hooks.register("register_account_menu_item")
def register_twofactor_account_item(request):
    return {
        "url": reverse("network_twofactor"),
        "label": gettext("Two-step verification"),
        "help_text": gettext("Ask for a code from your phone after your password."),
    }


@hooks.register("register_account_menu_item")
def register_personal_data_account_item(request):
    return {
        "url": reverse("network_personal_data_mine"),
        "label": gettext("Download my data"),
        "help_text": gettext("Everything Baobab holds about you, as a JSON file."),
    }


@hooks.register("register_account_menu_item")
def register_jobs_account_item(request):
    return {
        "url": reverse("network_jobs"),
        "label": gettext("My tasks"),
        "help_text": gettext("The exports and PDFs you asked for, and their files."),
    }


@hooks.register("register_snippet_listing_buttons")
def register_person_data_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Person) and permissions.is_secretariat(user):
        yield ListingButton(
            _("Download data"),
            reverse("network_personal_data_export", args=[snippet.pk]),
            icon_name="download",
            priority=60,
        )
        yield ListingButton(
            _("Erase personal data"),
            reverse("network_person_erase", args=[snippet.pk]),
            icon_name="bin",
            priority=70,
        )


class WorkspaceMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.user_city_id(request.user) is not None


@hooks.register("register_admin_menu_item")
def register_workspace_menu_item():
    return WorkspaceMenuItem(
        _("My city"), reverse("network_workspace"), icon_name="home", order=100
    )


@hooks.register("construct_page_chooser_queryset")
def hide_other_drafts_from_choosers(pages, request):
    return permissions.pages_visible_to(request.user, pages)


# Profile and team come first on the workspace page, before the sections of the other apps.
hooks.register("workspace_section", workspace.profile_section, order=-1)
