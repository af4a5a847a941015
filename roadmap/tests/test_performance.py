"""Roadmap pages: the same number of queries with 11 cities and with 300."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from baobab.tests.queries import data_queries
from experiments.models import Decision, Pilot
from network.models import City, Membership, Theme
from roadmap.models import Action, Layer, ResourceItem, Roadmap, ToolChoice

PAGES = ["/en/roadmaps/", "/fr/roadmaps/bamako/", "/en/cities/bamako/"]


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(data_queries(queries))


def add_cities_with_roadmaps(network, how_many):
    cities = City.objects.bulk_create(
        City(
            name=f"Town {i}",
            slug=f"town-{i}",
            country="SN",
            population=10_000 + i,
            latitude=10,
            longitude=10,
            languages=["fr"],
        )
        for i in range(how_many)
    )
    Membership.objects.bulk_create(
        Membership(network=network, city=city, status="active") for city in cities
    )
    roadmaps = Roadmap.objects.bulk_create(
        Roadmap(network=network, city=city, yearly_budget=Decimal(1000), charter_open_data=True)
        for city in cities
    )
    layers = list(Layer.objects.filter(network=network))
    theme = Theme.objects.first()
    pilots = Pilot.objects.bulk_create(
        Pilot(
            network=network,
            city=city,
            title=f"Pilot {city.slug}",
            slug=f"pilot-{city.slug}",
            theme=theme,
            problem="p",
            hypothesis="h",
        )
        for city in cities
    )
    Decision.objects.bulk_create(
        Decision(
            pilot=pilot,
            kind="scale_up",
            decided_on=datetime.date(2021, 12, 1),
            decided_by="Mayor",
            evidence="e",
        )
        for pilot in pilots
    )
    ToolChoice.objects.bulk_create(
        ToolChoice(
            roadmap=roadmap,
            layer=layers[i % len(layers)],
            what="Tool",
            approach="build",
            investment_cost=Decimal(100),
            yearly_running_cost=Decimal(2000),
        )
        for i, roadmap in enumerate(roadmaps)
    )
    ResourceItem.objects.bulk_create(
        ResourceItem(roadmap=roadmap, kind="human", what="Staff", quantity=2)
        for roadmap in roadmaps
    )
    Action.objects.bulk_create(
        Action(
            roadmap=roadmap,
            what="Act",
            start=datetime.date(2022, 1, 1),
            end=datetime.date(2022, 6, 1),
        )
        for roadmap in roadmaps
    )
    # More records for the city whose page is measured: its page must not grow with them.
    bamako = Roadmap.objects.get(network=network, city__slug="bamako")
    Action.objects.bulk_create(
        Action(
            roadmap=bamako,
            what=f"Extra {i}",
            lead="Team",
            funding_source="Budget",
            start=datetime.date(2022, 1, 1),
            end=datetime.date(2022, 6, 1),
        )
        for i in range(40)
    )


@override_settings(BAOBAB_PAGE_CACHE_SECONDS=0)  # measure the page itself, not the cache
def test_query_count_is_the_same_with_11_and_300_cities(client, aston):
    for path in PAGES:
        client.get(path)  # warm the site-root cache, as a running server has it
    small = {path: count_queries(client, path) for path in PAGES}
    add_cities_with_roadmaps(aston, 289)
    assert City.objects.count() == 300
    large = {path: count_queries(client, path) for path in PAGES}
    assert large == small
    # A ceiling, besides flatness: the city page gathers journey, pilots, friends and roadmap.
    # One more query than the bare page: the language menu asks which translations exist.
    assert max(small.values()) <= 21
    content = client.get("/en/roadmaps/").content.decode()
    assert content.count('<th scope="row"><a href="/en/roadmaps/town-') == 289


@override_settings(BAOBAB_PAGE_CACHE_SECONDS=0)
def test_the_workspace_and_edit_page_do_not_grow_with_the_network(login, aston):
    from django.urls import reverse

    client = login("bamako")
    bamako = Roadmap.objects.get(network=aston, city__slug="bamako")
    paths = [reverse("network_workspace"), reverse("roadmap_adopt", args=[bamako.pk])]
    for path in paths:
        client.get(path)
    small = {path: count_queries(client, path) for path in paths}
    add_cities_with_roadmaps(aston, 289)
    large = {path: count_queries(client, path) for path in paths}
    assert large == small
