from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    Panel,
)
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from network import audit
from network.admin_views import (
    CityOwnedCreateView,
    PlainInspectView,
    SafeIndexView,
    ScopedDeleteView,
    ScopedEditView,
    ScopedHistoryView,
    ScopedIndexView,
    ScopedObjectMixin,
    ScopedUsageView,
)
from network.models import AuditLogEntry

from . import permissions as roadmap_permissions
from . import selectors, services
from .forms import AdoptionForm, RoadmapForm
from .models import Action, Layer, Roadmap

# Only the secretariat holds it: it files a roadmap under a network and a city.
SECRETARIAT_ONLY = "roadmap.add_layer"


class ChecksPanel(Panel):
    """What Baobab finds wrong with the roadmap as saved, shown at the top of its form."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "roadmap/admin/checks_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            roadmap = self.instance
            if roadmap is not None and roadmap.pk:
                context["report"] = selectors.roadmap_report(roadmap=roadmap)
                context["adopt_url"] = reverse("roadmap_adopt", args=[roadmap.pk])
            return context


class ExplicitSaveMixin:
    """Each version of a roadmap is one the team chose to save: no autosave, whose background
    saves of the live record raced the Save button and duplicated newly added rows."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.autosave_enabled = False


class RoadmapCreateView(ExplicitSaveMixin, CityOwnedCreateView):
    pass


class RoadmapEditView(ExplicitSaveMixin, ScopedEditView):
    protected_fields = ("city", "network")


class RoadmapRevisionsCompareView(ScopedObjectMixin, snippet_views.RevisionsCompareView):
    """Earlier versions of a roadmap are its city's (and the secretariat's) to compare."""


class RoadmapViewSet(SnippetViewSet):
    model = Roadmap
    icon = "list-ol"
    index_view_class = ScopedIndexView
    add_view_class = RoadmapCreateView
    edit_view_class = RoadmapEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    revisions_compare_view_class = RoadmapRevisionsCompareView
    # A copy would keep the original's city: a city has one roadmap, kept in versions instead.
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = PlainInspectView
    list_display = ["city", "status", "adopted_on", "adopted_by", "yearly_budget", "updated_at"]
    list_filter = ["network", "status", "city"]
    search_fields = ["city__name", "summary", "adopted_by"]
    search_backend_name = None
    list_export = ["city", "network", "status", "adopted_on", "adopted_by", "yearly_budget"]
    inspect_view_fields = ["city", "network", "status", "adopted_on", "adopted_by"]
    # The admin form lives here, in the admin layer, so the model never imports forms.
    edit_handler = ObjectList(
        [
            ChecksPanel(heading=_("Checks")),
            FieldRowPanel(
                [
                    FieldPanel("network", permission=SECRETARIAT_ONLY, widget=forms.Select),
                    FieldPanel("city", permission=SECRETARIAT_ONLY, widget=forms.Select),
                ]
            ),
            FieldPanel("summary"),
            FieldPanel("yearly_budget"),
            MultiFieldPanel(
                [FieldPanel(name) for name, _label in Roadmap.ROLES],
                heading=_("Role the city takes"),
            ),
            MultiFieldPanel(
                [FieldPanel(name) for name, _label in Roadmap.PRINCIPLES],
                heading=_("Charter principles adopted"),
            ),
            InlinePanel("resources", heading=_("Resource inventory"), label=_("resource")),
            InlinePanel("tools", heading=_("Tools by layer of the digital city"), label=_("tool")),
            InlinePanel(
                "actions",
                heading=_("Actions"),
                label=_("action"),
                panels=[
                    FieldPanel("what"),
                    FieldRowPanel([FieldPanel("pilot", widget=forms.Select), FieldPanel("lead")]),
                    MultiFieldPanel(
                        [FieldPanel(name) for name, _label in Action.PARTNERS]
                        + [FieldPanel("partners")],
                        heading=_("Ecosystem partners"),
                    ),
                    FieldRowPanel([FieldPanel("start"), FieldPanel("end"), FieldPanel("status")]),
                    FieldRowPanel([FieldPanel("budget"), FieldPanel("funding_source")]),
                ],
            ),
        ],
        base_form_class=RoadmapForm,
    )

    def get_queryset(self, request):
        return Roadmap.objects.select_related("city", "network")


class LayerViewSet(SnippetViewSet):
    index_view_class = SafeIndexView
    model = Layer
    icon = "table"
    list_display = ["name", "order", "network"]
    list_filter = ["network"]
    search_fields = ["name"]
    search_backend_name = None
    panels = [
        FieldPanel("network", widget=forms.Select),
        FieldRowPanel([FieldPanel("name"), FieldPanel("order")]),
    ]

    def get_queryset(self, request):
        return Layer.objects.select_related("network")


class RoadmapGroup(SnippetViewSetGroup):
    menu_label = _("Roadmaps")
    menu_icon = "list-ol"
    menu_order = 260
    items = (RoadmapViewSet, LayerViewSet)


register_snippet(RoadmapGroup)


def adopt(request, pk):
    """Adopt a roadmap: with blocking checks open, only with a reason, which is recorded."""
    with audit.refusals_recorded(request):
        roadmap = roadmap_permissions.get_roadmap_for_user(request.user, pk, "change")
    form = AdoptionForm(
        request.POST or None,
        initial={"adopted_on": roadmap.adopted_on, "adopted_by": roadmap.adopted_by},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.roadmap_adopt(
                roadmap=roadmap,
                adopted_on=form.cleaned_data["adopted_on"],
                adopted_by=form.cleaned_data["adopted_by"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                gettext("The roadmap of %(city)s is adopted.") % {"city": roadmap.city.name},
            )
            return redirect("wagtailsnippets_roadmap_roadmap:edit", roadmap.pk)
    return render(
        request,
        "roadmap/admin/adopt.html",
        {
            "roadmap": roadmap,
            "report": selectors.roadmap_report(roadmap=roadmap),
            "form": form,
            "edit_url": reverse("wagtailsnippets_roadmap_roadmap:edit", args=[roadmap.pk]),
        },
    )


@hooks.register("register_admin_urls")
def register_adopt_url():
    return [path("roadmap/<int:pk>/adopt/", adopt, name="roadmap_adopt")]


@hooks.register("register_log_actions")
def register_audit_log(actions):
    # Roadmaps and layers go to the network's audit trail, with their city and what changed.
    for model in (Roadmap, Layer):
        actions.register_model(model, AuditLogEntry)
    actions.register_action(services.ADOPTED, _("Adopt roadmap"), _("Roadmap adopted"))


# What the city team has to do for this part of the programme, on its workspace page.
hooks.register("workspace_section", selectors.workspace_section)
