"""A person downloads what Baobab holds about them; the secretariat erases a person, whose
records stay, anonymous; only people who agreed are listed publicly."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from baobab.exceptions import SYSTEM
from network import services
from network.models import AuditLogEntry, Person
from network.personal_data import ERASED_NAME, erasure_ledger, person_data
from onboarding.models import CityStep


@pytest.fixture(autouse=True)
def _ledger(settings, tmp_path):
    settings.BAOBAB_ERASURE_LEDGER = tmp_path / "erasure-ledger.jsonl"


def refused(response):
    # The admin answers a missing right with its "no permission" redirect to the dashboard.
    return response.status_code == 403 or response.get("Location") == "/admin/"


def awa():
    return Person.objects.get(user__username="bamako")


def test_a_person_downloads_their_data_as_json(login):
    person = awa()
    step = CityStep.objects.filter(membership__city=person.city).first()
    step.owner = person
    step.save()
    services.person_upsert(
        network=person.network, email=person.email, organisation="Mairie du District", actor=SYSTEM
    )

    response = login("bamako").get(reverse("network_personal_data_mine"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["person"]["name"] == "Awa Koné"
    assert data["person"]["email"] == "bamako@aston.example"
    assert data["role"]["role"] == "City coordinator" and data["role"]["city"] == "Bamako"
    assert data["account"]["username"] == "bamako"
    assert "password" not in json.dumps(data["account"])
    assert data["memberships"] and data["memberships"][0]["status"]
    # Records of other apps that point at the person are found through the relations.
    steps = data["related_records"]["onboarding.citystep.owner"]
    assert [row["id"] for row in steps] == [step.pk]
    # The audit trail's entries about the person are there, the change of organisation too.
    changes = [entry["details"].get("changes", {}) for entry in data["audit_entries"]]
    assert any("organisation" in change for change in changes)


def test_only_the_secretariat_downloads_someone_elses_data(login):
    lagos_person = Person.objects.get(user__username="lagos")
    url = reverse("network_personal_data_export", args=[lagos_person.pk])
    assert refused(login("bamako").get(url))
    assert refused(login("expert").get(url))
    response = login("secretariat").get(url)
    assert response.status_code == 200
    assert json.loads(response.content)["person"]["name"] == "Tunde Adeyemi"
    assert (
        login("secretariat").get(reverse("network_personal_data_export", args=[999999])).status_code
        == 404
    )


def test_the_secretariat_erases_a_person_and_their_records_stay_anonymous(login, client):
    person = awa()
    step = CityStep.objects.filter(membership__city=person.city).first()
    step.owner = person
    step.save()
    services.person_upsert(
        network=person.network, email=person.email, organisation="Mairie", actor=SYSTEM
    )
    user_pk = person.user_id
    url = reverse("network_person_erase", args=[person.pk])

    # Asking (GET) changes nothing.
    page = login("secretariat").get(url)
    assert page.status_code == 200 and "Awa Koné" in page.content.decode()
    assert awa().name == "Awa Koné"

    # Awa is signed in elsewhere.
    from django.test import Client

    awa_client = Client()
    awa_client.force_login(get_user_model().objects.get(username="bamako"))
    assert awa_client.get(reverse("wagtailadmin_home")).status_code == 200

    response = login("secretariat").post(url)
    assert response.status_code == 302
    person = Person.objects.get(pk=person.pk)
    assert (person.name, person.email, person.organisation) == (ERASED_NAME, "", "")
    assert not person.consent_to_be_listed
    user = get_user_model().objects.get(pk=user_pk)
    assert not user.is_active and not user.has_usable_password()
    assert "bamako" not in user.username and user.email == ""
    # Their sessions ended.
    assert awa_client.get(reverse("wagtailadmin_home")).status_code == 302
    # The records they took part in remain, pointing at the anonymous person.
    assert CityStep.objects.get(pk=step.pk).owner_id == person.pk
    # The audit trail no longer holds the name or the email, in any entry.
    trail = json.dumps(list(AuditLogEntry.objects.values("label", "data")), ensure_ascii=False)
    assert "Awa Koné" not in trail and "bamako@aston.example" not in trail
    assert AuditLogEntry.objects.filter(action="baobab.erase").exists()
    # The ledger outside the database keeps ids only.
    assert erasure_ledger()[-1]["person"] == person.pk
    assert "Awa" not in json.dumps(erasure_ledger())
    # Nothing personal is left to download.
    assert "Awa" not in json.dumps(person_data(person), ensure_ascii=False)


def test_erasure_is_for_the_secretariat_and_never_over_get(login):
    person = awa()
    url = reverse("network_person_erase", args=[person.pk])
    assert refused(login("bamako").post(url))
    assert refused(login("lagos").post(url))
    login("secretariat").get(url)
    assert awa().name == "Awa Koné"
    assert (
        login("secretariat").post(reverse("network_person_erase", args=[999999])).status_code == 404
    )


def test_the_person_listing_offers_download_and_erasure_to_the_secretariat(login):
    # Searched, so the person is on the first page whatever the number of people.
    listing = reverse("wagtailsnippets_network_person:list") + f"?q={awa().email}"
    erase = reverse("network_person_erase", args=[awa().pk])
    assert erase in login("secretariat").get(listing).content.decode()
    assert erase not in login("bamako").get(listing).content.decode()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_people_are_listed_publicly_only_with_their_consent(client, db, language):
    awa_page = client.get(f"/{language}/cities/bamako/").content.decode()
    lagos_page = client.get(f"/{language}/cities/lagos/").content.decode()
    assert Person.objects.get(name="Awa Koné").consent_to_be_listed
    assert "Awa Koné" in awa_page
    assert not Person.objects.get(name="Tunde Adeyemi").consent_to_be_listed
    assert "Tunde Adeyemi" not in lagos_page
    for page in ("/", "/cities/", "/programme/"):
        assert "Tunde Adeyemi" not in client.get(f"/{language}{page}").content.decode()
