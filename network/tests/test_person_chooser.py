"""The person chooser: a name is never alone (city and organisation beside it), typing narrows
the list, and the people of the record's city come first."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from learning.models import Event, Registration
from network.choosers import PersonChooser, people_for_choice, person_label
from network.models import City, Person
from onboarding.models import CityStep

CHOOSE = "wagtailsnippetchoosers_network_person:choose"
RESULTS = "wagtailsnippetchoosers_network_person:choose_results"
CHOSEN = "wagtailsnippetchoosers_network_person:chosen"


def _rows(html: str) -> list[str]:
    return re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S)[1:]


def test_the_chooser_shows_city_and_organisation_and_never_an_email(login, aston):
    client = login("bamako")
    response = client.get(reverse(RESULTS), {"q": "Coulibaly"})
    assert response.status_code == 200
    html = response.content.decode()
    rows = _rows(html)
    assert rows, html
    assert all("Bamako" in row for row in rows)
    # People of one family name work in different places: the organisation tells them apart.
    organisations = {
        org for org in ("District de Bamako", "Mairie de la Commune III") if org in html
    }
    assert len(organisations) == 2
    assert "@" not in html


def test_the_users_city_comes_first(login, aston):
    client = login("lagos")
    html = client.get(reverse(RESULTS)).content.decode()
    first = _rows(html)[0]
    assert "Lagos" in first
    people = list(people_for_choice(city_id=City.objects.get(slug="lagos").pk)[:60])
    lagos = [p.city.slug == "lagos" for p in people]
    # Every Lagos person, then the others: never a Lagos person after someone else.
    assert lagos[0] and lagos.index(False) == sum(lagos)


def test_the_records_city_comes_first_for_the_secretariat(login, aston):
    client = login("secretariat")
    matola = City.objects.get(slug="matola")
    html = client.get(reverse(CHOOSE), {"city": matola.pk}).content.decode()
    assert "Matola" in _rows(html.replace("\\n", "\n").replace('\\"', '"'))[0]
    step = CityStep.objects.filter(membership__city__slug="kigali").first()
    html = client.get(reverse(RESULTS), {"membership": step.membership_id}).content.decode()
    assert "Kigali" in _rows(html)[0]


def test_typing_part_of_a_name_narrows_the_list(login, aston):
    client = login("secretariat")
    everyone = people_for_choice(city_id=None).count()
    narrowed = people_for_choice(city_id=None, query="macu")
    assert 0 < narrowed.count() < everyone
    assert all("Macuácua" in p.name for p in narrowed)
    # Several words: each must be found, in the name, the organisation or the city.
    both = people_for_choice(city_id=None, query="kofi matola")
    assert not both.exists()
    html = client.get(reverse(RESULTS), {"q": "Sènami"}).content.decode()
    rows = _rows(html)
    assert rows and all("Sènami" in row for row in rows)


def test_the_chosen_person_is_shown_with_city_and_organisation(login, aston):
    client = login("secretariat")
    person = Person.objects.filter(city__slug="kumasi", email__startswith="participant-").first()
    response = client.get(reverse(CHOSEN, args=[person.pk]))
    assert person_label(person) in response.content.decode()
    assert "Kumasi" in person_label(person)
    assert person.organisation in person_label(person)


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("wagtailsnippets_learning_registration:add", "person"),
        ("wagtailsnippets_learning_event:add", "facilitator"),
    ],
)
def test_person_fields_use_the_chooser_not_a_long_select(login, aston, url, field):
    client = login("secretariat")
    response = client.get(reverse(url))
    form = response.context["form"]
    assert isinstance(form.fields[field].widget, PersonChooser)
    assert f'<select name="{field}"' not in response.content.decode()


def test_the_checklist_owner_chooser_follows_the_membership(login, aston):
    client = login("secretariat")
    step = CityStep.objects.filter(membership__city__slug="niamey").first()
    response = client.get(reverse("wagtailsnippets_onboarding_citystep:edit", args=[step.pk]))
    widget = response.context["form"].fields["owner"].widget
    assert isinstance(widget, PersonChooser)
    assert widget.linked_fields == {"membership": "#id_membership"}
    # A city team's form has no membership field: nothing to link, no script error.
    client = login("bamako")
    step = CityStep.objects.filter(membership__city__slug="bamako").first()
    response = client.get(reverse("wagtailsnippets_onboarding_citystep:edit", args=[step.pk]))
    assert response.context["form"].fields["owner"].widget.linked_fields == {}


def test_the_chooser_speaks_french_and_portuguese(login, aston):
    client = login("secretariat")
    for code, heading in (("fr", "Organisation"), ("pt", "Organização")):
        client.cookies["django_language"] = code
        with translation.override(code):
            html = client.get(reverse(RESULTS), HTTP_ACCEPT_LANGUAGE=code).content.decode()
        assert heading in html, code


def test_a_registration_saved_through_the_chooser(login, aston):
    client = login("secretariat")
    event = Event.objects.filter(network=aston).first()
    person = Person.objects.filter(city__slug="bizerte", email__startswith="participant-").last()
    Registration.objects.filter(event=event, person=person).delete()
    response = client.post(
        reverse("wagtailsnippets_learning_registration:add"),
        {"event": event.pk, "person": person.pk, "attended": "unknown"},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Registration.objects.filter(event=event, person=person).exists()
