"""Two people editing the same record at once: the second save, based on a version the first
has replaced, is refused with a message showing the other's change, and nothing is lost."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html
from wagtail.users.models import UserProfile

from baobab.exceptions import SYSTEM
from experiments import services as pilot_services
from experiments.models import Pilot
from network.models import City
from network.versioning import VERSION_FIELD
from onboarding.models import CityStep
from roadmap.models import Roadmap


def _records():
    return {
        "pilot": (Pilot.objects.get(slug="bamako-waste-sms"), "title"),
        "city": (City.objects.get(slug="bamako"), "description"),
        "roadmap": (Roadmap.objects.get(city__slug="bamako"), "summary"),
        "city step": (CityStep.objects.filter(membership__city__slug="bamako").first(), "notes"),
    }


def _client(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _edit_url(instance):
    return reverse(instance.snippet_viewset.get_url_name("edit"), args=[instance.pk])


def _form(response):
    return querydict_from_html(response.content.decode(), form_id="w-editor-form")


@pytest.mark.parametrize("kind", ["pilot", "city", "roadmap", "city step"])
def test_the_second_of_two_concurrent_saves_is_refused(db, kind):
    instance, field = _records()[kind]
    url = _edit_url(instance)
    team, secretariat = _client("bamako"), _client("secretariat")
    first, second = _form(team.get(url)), _form(secretariat.get(url))
    assert first[VERSION_FIELD] == second[VERSION_FIELD] == str(instance.version)

    first[field] = "Changed by the city team"
    assert team.post(url, first).status_code == 302
    second[field] = "Changed by the secretariat"
    refused = secretariat.post(url, second)

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "after you opened it" in page
    assert "Changed by the city team" in page  # the other person's change is shown
    instance.refresh_from_db()
    assert getattr(instance, field) == "Changed by the city team"  # and kept

    # The form comes back with the secretariat's input and the new version: saving it again
    # is a deliberate choice, and goes through.
    again = _form(refused)
    assert again[field].strip() == "Changed by the secretariat"
    assert secretariat.post(url, again).status_code == 302
    instance.refresh_from_db()
    assert getattr(instance, field) == "Changed by the secretariat"


def test_a_change_made_elsewhere_also_makes_an_open_form_stale(db):
    instance, _field = _records()["pilot"]
    url = _edit_url(instance)
    team = _client("bamako")
    data = _form(team.get(url))
    pilot_services.pilot_upsert(
        network=instance.network,
        city=instance.city,
        slug=instance.slug,
        people_reached=999,
        actor=SYSTEM,
    )
    data["title"] = "A stale title"
    response = team.post(url, data)
    assert response.status_code == 200
    instance.refresh_from_db()
    assert instance.title != "A stale title" and instance.people_reached == 999


def test_the_message_is_translated(db):
    instance, field = _records()["city"]
    url = _edit_url(instance)
    secretariat_user = get_user_model().objects.get(username="secretariat")
    profile = UserProfile.get_for_user(secretariat_user)
    profile.preferred_language = "fr"
    profile.save()
    team, secretariat = _client("bamako"), _client("secretariat")
    first, second = _form(team.get(url)), _form(secretariat.get(url))
    first[field] = "Première version"
    team.post(url, first)
    second[field] = "Seconde version"
    refused = secretariat.post(url, second).content.decode()
    assert "après que vous l’avez ouverte" in refused
    assert "Première version" in refused


@pytest.mark.parametrize("kind", ["pilot", "city", "roadmap", "city step"])
def test_a_save_without_the_version_it_was_opened_at_is_refused(db, kind):
    instance, field = _records()[kind]
    url = _edit_url(instance)
    team = _client("bamako")
    data = _form(team.get(url))
    del data[VERSION_FIELD]
    data[field] = "Sent without a version"

    refused = team.post(url, data)

    assert refused.status_code == 200
    assert "sent without the version of the record" in refused.content.decode()
    instance.refresh_from_db()
    assert getattr(instance, field) != "Sent without a version"
    # The form comes back with the version now saved: a second save is a deliberate one.
    again = _form(refused)
    assert again[VERSION_FIELD] == str(instance.version)
    assert team.post(url, again).status_code == 302
    instance.refresh_from_db()
    assert getattr(instance, field) == "Sent without a version"
