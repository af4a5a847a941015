"""Personal data on a need-to-know basis: a city team sees its own people in full and others by
name, city and organisation; experts see names and organisations; the secretariat sees all. The
listing, its exports, the detail view and the search apply the one rule."""

import datetime
import io

import openpyxl
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from learning.models import Event
from network.models import City, Person
from network.permissions import visible_person_fields

LIST = "wagtailsnippets_network_person:list"


def _export(client, fmt="csv", query=""):
    response = client.get(reverse(LIST) + f"?export={fmt}{query}")
    assert response.status_code == 200
    if fmt == "csv":
        return b"".join(response.streaming_content).decode()
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return "\n".join(
        ",".join("" if cell is None else str(cell) for cell in row)
        for row in book.active.iter_rows(values_only=True)
    )


@pytest.fixture
def lagos_person(db):
    return Person.objects.filter(city__slug="lagos").exclude(email="").first()


@pytest.fixture
def bamako_person(db):
    return Person.objects.filter(city__slug="bamako").exclude(email="").first()


def test_the_rule(login, django_user_model, bamako_person, lagos_person):
    def user(name):
        return django_user_model.objects.get(username=name)

    assert "email" in visible_person_fields(user("secretariat"), lagos_person)
    assert "email" in visible_person_fields(user("bamako"), bamako_person)
    assert visible_person_fields(user("bamako"), lagos_person) == {"name", "city", "organisation"}
    assert visible_person_fields(user("expert"), bamako_person) == {"name", "organisation"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_show_each_role_what_it_needs(login, fmt, bamako_person, lagos_person):
    everyone = Person.objects.exclude(email="")
    secretariat = _export(login("secretariat"), fmt)
    assert all(person.email in secretariat for person in everyone)

    bamako = _export(login("bamako"), fmt)
    assert bamako_person.email in bamako
    assert not any(person.email in bamako for person in everyone.exclude(city__slug="bamako")), (
        "a city team exports another city's e-mails"
    )
    assert lagos_person.name in bamako and "Lagos" in bamako

    expert = _export(login("expert"), fmt)
    assert not any(person.email in expert for person in everyone)
    assert bamako_person.name in expert


def test_the_detail_view_applies_the_rule(login, bamako_person, lagos_person):
    url = reverse("wagtailsnippets_network_person:inspect", args=[lagos_person.pk])
    assert lagos_person.email in login("secretariat").get(url).content.decode()
    assert lagos_person.email in login("lagos").get(url).content.decode()
    seen = login("bamako").get(url).content.decode()
    assert lagos_person.name in seen and lagos_person.email not in seen
    seen = login("expert").get(
        reverse("wagtailsnippets_network_person:inspect", args=[bamako_person.pk])
    )
    assert bamako_person.email not in seen.content.decode()


def test_the_listing_cannot_be_searched_by_an_email_one_may_not_see(login, lagos_person):
    query = f"?q={lagos_person.email}"
    assert lagos_person.name in login("secretariat").get(reverse(LIST) + query).content.decode()
    assert lagos_person.name not in login("bamako").get(reverse(LIST) + query).content.decode()
    assert lagos_person.name not in login("expert").get(reverse(LIST) + query).content.decode()


def test_the_listing_hides_roles_of_other_cities(login, lagos_person):
    lagos_person.role = Person.Role.STAKEHOLDER
    lagos_person.name = "Zebulon Quartermaine"
    lagos_person.save()
    query = f"?q={lagos_person.name}"

    def table(client):
        page = client.get(reverse(LIST) + query).content.decode()
        start = page.index('class="listing')
        return page[start : page.index("</table>", start)]

    assert lagos_person.name in table(login("bamako"))
    assert "Local stakeholder" in table(login("lagos"))
    assert "Local stakeholder" not in table(login("bamako"))


def test_an_event_leader_who_did_not_consent_is_not_named_publicly(client, aston):
    leader = Person.objects.create(
        network=aston,
        name="Zanele Unlisted",
        role=Person.Role.EXPERT,
        consent_to_be_listed=False,
    )
    start = timezone.now() + datetime.timedelta(days=3)
    Event.objects.create(
        network=aston,
        title="Workshop led quietly",
        kind="training",
        start=start,
        end=start + datetime.timedelta(hours=2),
        host_city=City.objects.get(slug="bamako"),
        facilitator=leader,
    )
    page = client.get("/en/events/").content.decode()
    assert "Workshop led quietly" in page
    assert "Zanele Unlisted" not in page
    leader.consent_to_be_listed = True
    leader.save()
    cache.clear()
    assert "Zanele Unlisted" in client.get("/en/events/").content.decode()
