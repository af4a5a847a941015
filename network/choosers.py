"""The person chooser of every admin form that picks someone.

Hundreds of people share a handful of first names: the chooser shows each person's city and
organisation beside the name, searches name, organisation and city as one types, and lists the
people of the city the record is about (or the user's own city) first. E-mail addresses are not
shown: city teams pick people of other cities by name, city and organisation only.
"""

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenView,
)
from wagtail.snippets.widgets import AdminSnippetChooser

from . import permissions
from .models import Membership, Person

# Query parameters a form passes to the chooser to say which city its record is about.
CITY_PARAMETERS = ("city", "membership")


def person_label(person: Person) -> str:
    """Name, city and organisation: enough to tell two people of the same name apart."""
    details = [str(part) for part in (person.city, person.organisation) if part]
    return f"{person.name} ({', '.join(details)})" if details else person.name


def relevant_city_id(request) -> int | None:
    """The city whose people come first: the record's, else the user's own."""
    city = request.GET.get("city", "")
    if city.isdigit():
        return int(city)
    membership = request.GET.get("membership", "")
    if membership.isdigit():
        found = Membership.objects.filter(pk=membership).values_list("city_id", flat=True).first()
        if found:
            return found
    return permissions.user_city_id(request.user)


def people_for_choice(*, city_id: int | None, query: str = ""):
    """People ordered for a chooser: ``city_id``'s first, then by name; ``query`` narrows them
    by a part of the name, the organisation or the city."""
    return (
        narrow(Person.objects.select_related("city"), query)
        .annotate(
            elsewhere=Case(
                When(city_id=city_id, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
            if city_id
            else Value(0, output_field=IntegerField())
        )
        .order_by("elsewhere", "name", "pk")
    )


def narrow(people, query: str):
    """Every word of ``query`` is found in the name, the organisation or the city."""
    for word in query.split():
        people = people.filter(
            Q(name__icontains=word)
            | Q(organisation__icontains=word)
            | Q(city__name__icontains=word)
        )
    return people


class PersonFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search by name, organisation or city"),
        widget=forms.TextInput(attrs={"placeholder": _("Type part of a name")}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_searching = False
        self.is_filtering_by_collection = False
        self.search_query = None

    def filter(self, objects):
        query = self.cleaned_data.get("q", "").strip()
        if query:
            self.is_searching = True
            self.search_query = query
            return narrow(objects, query)
        return objects


class PersonChooseMixin:
    filter_form_class = PersonFilterForm
    per_page = 20
    page_subtitle = ""  # the title already says "a person"

    def get_object_list(self):
        return people_for_choice(city_id=relevant_city_id(self.request))

    @property
    def title_column(self):
        column = super().title_column
        column.label = _("Name")
        column.accessor = "name"
        return column

    @property
    def columns(self):
        return [
            *super().columns,
            Column("city", label=_("City")),
            Column("organisation", label=_("Organisation")),
            Column("role", label=_("Role"), accessor="get_role_display"),
        ]


class PersonChooseView(PersonChooseMixin, ChooseView):
    pass


class PersonChooseResultsView(PersonChooseMixin, ChooseResultsView):
    pass


class PersonChosenView(SnippetChosenView):
    def get_object(self, pk):
        return Person.objects.select_related("city").get(pk=pk)

    def get_display_title(self, instance):
        return person_label(instance)


class PersonChooser(AdminSnippetChooser):
    def get_display_title(self, instance):
        return person_label(instance)


class PersonChooserViewSet(SnippetChooserViewSet):
    # Wagtail's own title is translated once, at import, in the server's language.
    page_title = _("Choose a person")
    choose_view_class = PersonChooseView
    choose_results_view_class = PersonChooseResultsView
    chosen_view_class = PersonChosenView
    base_widget_class = PersonChooser
    preserve_url_parameters = ["multiple", *CITY_PARAMETERS]
