"""A large network, built fast, to measure the key figures: `make bench` and the tests use it.

Attendance rows are inserted by one INSERT ... SELECT over a cross join of events and people,
so a million rows take seconds on SQLite and PostgreSQL alike, with no Python loop.
"""

import datetime

from django.db import connection
from django.utils import timezone

from learning.models import Event, Registration
from network.models import City, Membership, Network, Person


def build(*, cities=300, events=1000, people=1000, slug="scale") -> Network:
    """A network of ``cities`` member cities, ``events`` trainings and ``people`` people, each
    of whom attended every training: events × people attendance rows."""
    network = Network.objects.create(
        name=f"Network {slug}", slug=slug, cycle_start=datetime.date(2020, 1, 1), languages=["en"]
    )
    made = City.objects.bulk_create(
        City(
            name=f"{slug} city {n}",
            slug=f"{slug}-city-{n}",
            country="ML",
            population=1000 + n,
            latitude=0,
            longitude=0,
            languages=["fr"],
        )
        for n in range(cities)
    )
    Membership.objects.bulk_create(
        Membership(network=network, city=city, status="active") for city in made
    )
    Person.objects.bulk_create(
        Person(name=f"P{n}", role="team_member", network=network, city=made[n % cities])
        for n in range(people)
    )
    start = timezone.make_aware(datetime.datetime(2020, 1, 6, 9))
    Event.objects.bulk_create(
        Event(
            network=network,
            title=f"Training {n}",
            kind=Event.Kind.TRAINING,
            start=start + datetime.timedelta(days=n),
            end=start + datetime.timedelta(days=n, hours=2),
        )
        for n in range(events)
    )
    registrations = Registration._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {registrations} (event_id, person_id, registered_at, attended) "
            f"SELECT e.id, p.id, %s, %s FROM {Event._meta.db_table} e "
            f"CROSS JOIN {Person._meta.db_table} p WHERE e.network_id = %s AND p.network_id = %s",
            [start, True, network.pk, network.pk],
        )
    return network
