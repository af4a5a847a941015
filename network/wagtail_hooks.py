from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import City, Membership, Network, Person


class NetworkViewSet(SnippetViewSet):
    model = Network
    icon = "site"
    list_display = ["name", "slug", "cycle_start", "cycle_end"]
    search_fields = ["name", "description"]
    search_backend_name = None
    list_export = ["name", "slug", "cycle_start", "cycle_end", "languages"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("cycle_start"), FieldPanel("cycle_end")]),
        FieldPanel("languages"),
        FieldPanel("description"),
    ]


class CityViewSet(SnippetViewSet):
    model = City
    icon = "home"
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
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("country"),
        FieldRowPanel([FieldPanel("population"), FieldPanel("population_year")]),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])],
            heading=_("Location"),
        ),
        FieldPanel("languages"),
        FieldPanel("timezone"),
        FieldPanel("description"),
    ]


class MembershipViewSet(SnippetViewSet):
    model = Membership
    icon = "group"
    list_display = ["city", "network", "status", "selection_date", "join_date"]
    list_filter = ["network", "status"]
    search_fields = ["city__name", "network__name"]
    search_backend_name = None
    list_export = ["city", "network", "status", "selection_date", "join_date"]
    panels = [
        FieldPanel("network"),
        FieldPanel("city"),
        FieldPanel("status"),
        FieldRowPanel([FieldPanel("selection_date"), FieldPanel("join_date")]),
    ]

    def get_queryset(self, request):
        return Membership.objects.select_related("city", "network")


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    list_display = ["name", "role", "organisation", "city", "consent_to_be_listed"]
    list_filter = ["network", "role", "city", "consent_to_be_listed"]
    search_fields = ["name", "email", "organisation"]
    search_backend_name = None
    list_export = ["name", "email", "role", "organisation", "city", "languages"]
    panels = [
        FieldPanel("name"),
        FieldPanel("email"),
        FieldRowPanel([FieldPanel("role"), FieldPanel("organisation")]),
        FieldRowPanel([FieldPanel("network"), FieldPanel("city")]),
        FieldPanel("languages"),
        FieldPanel("consent_to_be_listed"),
        FieldPanel("user"),
    ]

    def get_queryset(self, request):
        return Person.objects.select_related("city", "network")


class NetworkGroup(SnippetViewSetGroup):
    menu_label = _("Network")
    menu_icon = "site"
    menu_order = 200
    items = (NetworkViewSet, CityViewSet, MembershipViewSet, PersonViewSet)


register_snippet(NetworkGroup)
