import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from experiments.models import ExchangeRate, Pilot
from learning.models import Event, Registration
from network.models import City, Membership, Network, Person, Theme
from programme.models import Phase


def make_city(slug, **fields):
    return City.objects.create(
        name=slug.title(),
        slug=slug,
        country="ML",
        population=1000,
        latitude=0,
        longitude=0,
        languages=["fr"],
        **fields,
    )


def make_event(network, kind, day):
    start = timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 9))
    return Event.objects.create(
        network=network,
        title=f"{kind} {day}",
        kind=kind,
        start=start,
        end=start + datetime.timedelta(hours=2),
    )


@pytest.fixture
def small_network(db):
    """A network built by hand: three member cities and one that withdrew, all announced."""
    network = Network.objects.create(
        name="Test network",
        slug="test-network",
        cycle_start=datetime.date(2021, 1, 1),
        languages=["en"],
    )
    Phase.objects.create(
        network=network,
        name="Explore",
        kind="explore",
        start=datetime.date(2021, 1, 1),
        end=datetime.date(2021, 12, 31),
    )
    cities = {}
    for slug, status in (
        ("alpha", "active"),
        ("beta", "active"),
        ("gamma", "confirmed"),
        ("delta", "withdrawn"),
    ):
        cities[slug] = make_city(slug)
        Membership.objects.create(
            network=network,
            city=cities[slug],
            status=status,
            public_since=datetime.date(2021, 1, 15),
        )
    return network, cities


@pytest.fixture
def people(small_network):
    network, cities = small_network
    return [
        Person.objects.create(
            name=f"Person {index}", role="team_member", network=network, city=cities["alpha"]
        )
        for index in range(3)
    ]


def attend(event, people, attended=True):
    for person in people:
        Registration.objects.create(event=event, person=person, attended=attended)


def make_pilot(network, city, slug, currency, budget, people_reached=0):
    return Pilot.objects.create(
        network=network,
        city=city,
        title=slug,
        slug=slug,
        theme=Theme.objects.first(),
        problem="p",
        hypothesis="h",
        start=datetime.date(2021, 3, 1),
        currency=currency,
        budget_amount=Decimal(budget),
        people_reached=people_reached,
    )


def rate(network, currency, value, day=datetime.date(2021, 1, 1)):
    return ExchangeRate.objects.create(
        network=network, currency=currency, rate_to_eur=Decimal(value), date=day
    )
