"""Pages and exports of pilots cost the same number of queries with 11 cities and 15 pilots as
with 300 cities and 5,000 pilots."""

import datetime
import gzip
import itertools
from decimal import Decimal

from bs4 import BeautifulSoup
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from baobab.tests.queries import data_queries
from experiments.models import Decision, Indicator, IndicatorValue, Pilot
from network.models import City, Membership, Theme

PATHS = [
    "/en/pilots/",
    "/fr/pilots/?decision=scale_up&theme=land-addressing",
    "/en/pilots/bamako-street-addressing/",
    "/en/cities/bamako/",
    "/data/",
    "/data/pilots/aston.csv",
    "/data/pilots/aston.xlsx",
    "/data/iati/aston.xml",
]


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(data_queries(queries))


def add_data(network):
    cities = City.objects.bulk_create(
        City(
            name=f"Town {i}",
            slug=f"town-{i}",
            country="SN",
            population=10_000 + i,
            latitude=14,
            longitude=-17,
            languages=["fr"],
        )
        for i in range(289)
    )
    Membership.objects.bulk_create(
        Membership(network=network, city=city, status="active") for city in cities
    )
    themes = itertools.cycle(Theme.objects.all())
    currencies = itertools.cycle(["EUR", "XOF", "NGN", "MAD", "KES"])
    start, end = datetime.date(2021, 1, 1), datetime.date(2021, 12, 31)
    pilots = Pilot.objects.bulk_create(
        Pilot(
            network=network,
            city=cities[i % len(cities)],
            title=f"Pilot {i}",
            slug=f"pilot-{i}",
            theme=next(themes),
            problem="A problem",
            hypothesis="A hypothesis",
            status="evaluated",
            start=start,
            end=end,
            currency=next(currencies),
            budget_amount=Decimal(1000 + i),
            people_reached=i % 50,
        )
        for i in range(4985)
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(pilot=pilot, name="Households", unit="households", target=10) for pilot in pilots
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=indicator, period_start=start, period_end=end, actual=5)
        for indicator in indicators
    )
    kinds = itertools.cycle(Decision.Kind.values)
    Decision.objects.bulk_create(
        Decision(pilot=pilot, kind=next(kinds), decided_on=end, decided_by="Mayor", evidence="x")
        for pilot in pilots
    )
    # The pilot whose page is measured gets more of everything too.
    pilot = Pilot.objects.get(slug="bamako-street-addressing")
    more = Indicator.objects.bulk_create(
        Indicator(pilot=pilot, name=f"Extra {i}", unit="points", target=i) for i in range(10)
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=indicator,
            period_start=datetime.date(2021, 4 + 3 * q, 1),
            period_end=datetime.date(2021, 6 + 3 * q, 28),
            actual=q,
            target=q + 1,
        )
        for indicator in more
        for q in range(3)
    )
    Decision.objects.bulk_create(
        Decision(
            pilot=pilot,
            kind="continue",
            decided_on=datetime.date(2022, 5, d),
            decided_by="X",
            evidence="y",
        )
        for d in range(1, 20)
    )


@override_settings(BAOBAB_PAGE_CACHE_SECONDS=0)  # measure the page itself, not the cache
def test_query_counts_are_flat_and_pages_light_from_11_to_300_cities_and_5000_pilots(client, aston):
    for path in PATHS:
        client.get(path)  # warm the site-root cache, as a running server has it
    small = {path: count_queries(client, path) for path in PATHS}
    add_data(aston)
    assert City.objects.count() == 300 and Pilot.objects.count() == 5000
    large = {path: count_queries(client, path) for path in PATHS}
    assert large == small
    # One more query than the bare page: the language menu asks which translations exist.
    assert max(small.values()) <= 21, small
    # The portfolio stays light too: ten cities by name, the 290 others in one bar, and 20
    # pilots a page.
    content = client.get("/en/pilots/").content
    assert len(gzip.compress(content)) <= 14 * 1024
    page = BeautifulSoup(content, "html.parser")
    assert len(page.select("#city-chart rect")) == 11
    assert "290 other cities" in page.select_one("#city-chart").text
    assert len(page.select(".pilot-list li")) == 20
