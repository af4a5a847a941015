"""Pilots and decisions made by the tests themselves, through the experiments models."""

import datetime
import itertools

import pytest

_numbers = itertools.count(1)


@pytest.fixture
def make_pilot(aston):
    from experiments.models import Decision, Pilot
    from network.models import City, Theme

    def _make(city_slug, decision="scale_up", title=None):
        number = next(_numbers)
        pilot = Pilot.objects.create(
            network=aston,
            city=City.objects.get(slug=city_slug),
            title=title or f"Test pilot {number}",
            slug=f"test-pilot-{number}",
            theme=Theme.objects.first(),
            problem="Residents wait too long.",
            hypothesis="A digital service shortens the wait.",
            status="evaluated",
            start=datetime.date(2021, 4, 1),
            end=datetime.date(2021, 10, 31),
        )
        if decision:
            Decision.objects.create(
                pilot=pilot,
                kind=decision,
                decided_on=datetime.date(2021, 12, 1),
                decided_by="Mayor's cabinet",
                evidence="The indicators met their targets.",
            )
        return pilot

    return _make


@pytest.fixture
def bamako_roadmap(aston):
    from roadmap.models import Roadmap

    return Roadmap.objects.get(network=aston, city__slug="bamako")


@pytest.fixture
def lagos_roadmap(aston):
    from roadmap.models import Roadmap

    return Roadmap.objects.get(network=aston, city__slug="lagos")


@pytest.fixture(autouse=True)
def _english():
    # Messages built outside a request use the active language: whatever an earlier test left
    # active, these tests read them in English.
    from django.utils import translation

    with translation.override("en"):
        yield
