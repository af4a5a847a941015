"""A city team changes its own city's records only; tampering is refused and recorded."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from baobab.exceptions import NotAllowed, NotFound
from network.models import AuditLogEntry, City, Person
from network.permissions import get_city_for_user, get_person_for_user
from network.versioning import VERSION_FIELD


def city_form(city, **overrides):
    data = {
        "population": city.population,
        "population_year": city.population_year or "",
        "languages": ", ".join(city.languages),
        "timezone": city.timezone,
        "description": city.description,
        VERSION_FIELD: city.version,
    }
    data.update(overrides)
    return data


def person_form(person, **overrides):
    data = {
        "name": person.name,
        "email": person.email,
        "organisation": person.organisation,
        "languages": ", ".join(person.languages),
        "consent_to_be_listed": "on" if person.consent_to_be_listed else "",
    }
    data.update(overrides)
    return data


def test_coordinator_edits_their_own_city(login):
    bamako = City.objects.get(slug="bamako")
    client = login("bamako")
    response = client.post(
        reverse("wagtailsnippets_network_city:edit", args=[bamako.pk]),
        city_form(bamako, description="Updated by the city team."),
    )
    assert response.status_code == 302
    bamako.refresh_from_db()
    assert bamako.description == "Updated by the city team."
    entry = AuditLogEntry.objects.filter(action="wagtail.edit", object_id=str(bamako.pk)).first()
    assert entry.user.username == "bamako"
    assert entry.city == bamako
    assert "description" in entry.data["changes"]


def test_coordinator_cannot_edit_another_city(login):
    lagos = City.objects.get(slug="lagos")
    before = lagos.description
    response = login("bamako").post(
        reverse("wagtailsnippets_network_city:edit", args=[lagos.pk]),
        city_form(lagos, description="Hijacked"),
    )
    assert response.status_code == 404
    lagos.refresh_from_db()
    assert lagos.description == before
    refusal = AuditLogEntry.objects.get(action="baobab.refused")
    assert (refusal.user.username, refusal.city) == ("bamako", lagos)


def test_coordinator_cannot_rename_or_move_their_city(login):
    bamako = City.objects.get(slug="bamako")
    response = login("bamako").post(
        reverse("wagtailsnippets_network_city:edit", args=[bamako.pk]),
        city_form(bamako, slug="bamako-renamed", population=1),
    )
    assert response.status_code == 200
    assert (
        "You may not change the short name in web addresses of this record."
        in response.content.decode()
    )
    bamako.refresh_from_db()
    assert (bamako.slug, bamako.population) == ("bamako", 2_800_000)
    assert AuditLogEntry.objects.filter(action="baobab.refused", city=bamako).exists()


def test_coordinator_cannot_change_their_own_role_or_city(login):
    me = Person.objects.get(user__username="bamako")
    lagos = City.objects.get(slug="lagos")
    url = reverse("wagtailsnippets_network_person:edit", args=[me.pk])
    client = login("bamako")
    for tampered in ({"role": "secretariat"}, {"city": lagos.pk}):
        response = client.post(url, person_form(me, **tampered))
        assert response.status_code == 200
        assert "You may not change the" in response.content.decode()
    me.refresh_from_db()
    assert (me.role, me.city.slug) == ("coordinator", "bamako")
    assert AuditLogEntry.objects.filter(action="baobab.refused", user=me.user).count() == 2


def test_a_new_team_member_is_filed_under_the_coordinators_city(login):
    response = login("bamako").post(
        reverse("wagtailsnippets_network_person:add"),
        {"name": "Moussa Diarra", "email": "moussa@bamako.example", "languages": "fr"},
    )
    assert response.status_code == 302
    person = Person.objects.get(email="moussa@bamako.example")
    assert (person.city.slug, person.role) == ("bamako", "team_member")


def test_another_citys_id_in_a_hidden_field_is_refused(login):
    lagos = City.objects.get(slug="lagos")
    response = login("bamako").post(
        reverse("wagtailsnippets_network_person:add"),
        {"name": "Intruder", "email": "intruder@example.org", "languages": "fr", "city": lagos.pk},
    )
    assert response.status_code == 200
    assert "You may not change the city of this record." in response.content.decode()
    assert not Person.objects.filter(email="intruder@example.org").exists()
    refusal = AuditLogEntry.objects.get(action="baobab.refused")
    assert refusal.user.username == "bamako"


def test_coordinator_cannot_edit_another_citys_people(login):
    tunde = Person.objects.get(user__username="lagos")
    response = login("bamako").post(
        reverse("wagtailsnippets_network_person:edit", args=[tunde.pk]),
        person_form(tunde, name="Changed"),
    )
    assert response.status_code == 404
    tunde.refresh_from_db()
    assert tunde.name == "Tunde Adeyemi"


def test_city_listing_shows_edit_links_only_for_the_teams_city(login):
    bamako, lagos = City.objects.get(slug="bamako"), City.objects.get(slug="lagos")
    content = login("bamako").get(reverse("wagtailsnippets_network_city:list")).content.decode()
    assert reverse("wagtailsnippets_network_city:edit", args=[bamako.pk]) in content
    assert reverse("wagtailsnippets_network_city:edit", args=[lagos.pk]) not in content


def test_permission_helpers_answer_404_for_another_city_and_403_for_a_missing_right(db):
    users = {u.username: u for u in get_user_model().objects.all()}
    bamako, lagos = City.objects.get(slug="bamako"), City.objects.get(slug="lagos")
    assert get_city_for_user(users["bamako"], bamako.pk, "change") == bamako
    assert get_city_for_user(users["bamako"], lagos.pk, "view") == lagos
    with pytest.raises(NotFound):
        get_city_for_user(users["bamako"], lagos.pk, "change")
    with pytest.raises(NotFound):
        get_city_for_user(users["bamako"], 999_999, "view")
    with pytest.raises(NotAllowed):
        get_city_for_user(users["expert"], bamako.pk, "change")
    assert get_city_for_user(users["secretariat"], lagos.pk, "delete") == lagos
    tunde = Person.objects.get(user__username="lagos")
    with pytest.raises(NotFound):
        get_person_for_user(users["bamako"], tunde.pk, "change")


def _city_records(slug):
    from experiments.models import Pilot
    from onboarding.models import CityStep
    from programme.models import CityDeliverable
    from roadmap.models import Roadmap

    return [
        City.objects.get(slug=slug),
        Person.objects.filter(city__slug=slug).first(),
        Pilot.objects.filter(city__slug=slug).first(),
        Roadmap.objects.filter(city__slug=slug).first(),
        CityStep.objects.filter(membership__city__slug=slug).first(),
        CityDeliverable.objects.filter(city__slug=slug).first(),
    ]


@pytest.mark.parametrize("view", ["history", "usage"])
def test_the_history_and_usage_of_another_citys_record_are_a_404(login, view):
    """Need to know: what was changed, by whom, and where a record is used are its city's."""
    client = login("bamako")
    for own, other in zip(_city_records("bamako"), _city_records("lagos"), strict=True):
        viewset = type(own).snippet_viewset
        url_name = viewset.get_url_name(view)
        assert client.get(reverse(url_name, args=[own.pk])).status_code == 200, url_name
        assert client.get(reverse(url_name, args=[other.pk])).status_code == 404, url_name
    refused = AuditLogEntry.objects.filter(action="baobab.refused", user__username="bamako")
    assert refused.count() == 6
