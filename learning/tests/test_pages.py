"""The public learning and events pages, the secretariat's ranking and the city page: content in
English and French, light, and a query count that does not grow from 11 to 300 cities with
10,000 attendance rows."""

import gzip
import itertools

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learning.models import Event, MaturityAssessment, NeedExpression, Quarter, Registration, Topic
from learning.selectors import reported_participants
from network.models import City, Membership, Person

PAGES = ["/en/learning/", "/fr/learning/", "/en/events/", "/fr/events/?zone=kigali"]


def test_the_learning_page_shows_backlog_quarters_and_the_needs(client, aston):
    text = client.get("/en/learning/").content.decode()
    assert "Next quarter: 2022 Q3" in text
    assert "Citizen participation is first with" in text
    for quarter in Quarter.objects.filter(network=aston, topic__isnull=False):
        assert quarter.name in text and quarter.topic.title in text
    assert "Street addressing with digital tools" in text  # waiting in the backlog
    assert f"<dd data-participants>{reported_participants(network=aston)}</dd>" in text


def test_the_learning_page_in_french(client, db):
    text = client.get("/fr/learning/").content.decode()
    assert "Parcours d’apprentissage" in text
    assert "Trimestre suivant" in text


def test_event_times_are_shown_in_the_chosen_citys_zone(client, aston):
    event = Event.objects.get(network=aston, title="Transnational meeting in Kigali")
    text = client.get("/en/events/?zone=bamako").content.decode()
    # 09:00 in Kigali (UTC+2) is 07:00 in Bamako (UTC+0).
    assert "Tue 9 Nov 2021, 07:00" in text and "(UTC+00:00, Africa/Bamako)" in text
    text = client.get("/en/events/").content.decode()
    assert "Tue 9 Nov 2021, 09:00" in text and "(UTC+02:00, Africa/Kigali)" in text
    assert reverse("learning_event_ics", args=[event.pk]) in text


def test_a_signed_in_city_team_sees_its_own_zone(login):
    text = login("lagos").get("/en/events/").content.decode()
    assert "Tue 9 Nov 2021, 08:00" in text and "(UTC+01:00, Africa/Lagos)" in text


def test_public_pages_are_light(client, db):
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200
        assert len(gzip.compress(response.content)) < 14 * 1024, path
        assert "style=" not in response.content.decode()
        assert "<script" not in response.content.decode()


def _counts(client, login):
    counts = {}
    for path in PAGES:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counts[path] = len(queries)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/cities/bamako/").status_code == 200
    counts["city"] = len(queries)
    quarter = Quarter.objects.get(name="2022 Q3")
    secretariat = login("secretariat")
    secretariat.get(reverse("learning_ranking", args=[quarter.pk]))  # warm the session
    for name in ("ranking",):
        with CaptureQueriesContext(connection) as queries:
            assert (
                secretariat.get(reverse("learning_ranking", args=[quarter.pk])).status_code == 200
            )
        counts[name] = len(queries)
    with CaptureQueriesContext(connection) as queries:
        assert secretariat.get(reverse("learning_maturity")).status_code == 200
    counts["maturity"] = len(queries)
    client.logout()
    return counts


def _grow(aston):
    """289 more member cities with maturity and needs, and 10,000 attendance rows."""
    cities = City.objects.bulk_create(
        City(
            name=f"City {i}",
            slug=f"city-{i}",
            country="SN",
            population=1000,
            latitude=14,
            longitude=-17,
            languages=["fr"],
            timezone="Africa/Dakar",
        )
        for i in range(289)
    )
    Membership.objects.bulk_create(
        Membership(network=aston, city=city, status="active") for city in cities
    )
    domains = ["data", "financing", "experimentation"]
    MaturityAssessment.objects.bulk_create(
        MaturityAssessment(city=city, domain=d, level=1 + (i % 4), assessed_on="2020-06-15")
        for i, (city, d) in enumerate(itertools.product(cities, domains))
    )
    quarter = Quarter.objects.get(network=aston, name="2022 Q3")
    topics = list(Topic.objects.filter(network=aston, status="waiting"))
    NeedExpression.objects.bulk_create(
        NeedExpression(city=city, quarter=quarter, topic=topic, rank=rank, reason="r")
        for i, city in enumerate(cities)
        for rank, topic in enumerate((topics[i % 5 :] + topics[: i % 5])[:5], start=1)
    )
    people = Person.objects.bulk_create(
        Person(network=aston, city=cities[i % len(cities)], name=f"P {i}", role="stakeholder")
        for i in range(400)
    )
    events = list(Event.objects.filter(network=aston)[:25])
    Registration.objects.bulk_create(
        Registration(event=event, person=person, attended=True)
        for person in people
        for event in events
    )
    assert Registration.objects.filter(person__in=people).count() == 10_000


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_data(client, login, aston):
    Quarter.objects.filter(network=aston, name="2022 Q3").update(weight_least_mature=True)
    small = _counts(client, login)
    _grow(aston)
    large = _counts(client, login)
    assert large == small
    for path in PAGES:
        response = client.get(path)
        assert len(gzip.compress(response.content)) < 14 * 1024, path
