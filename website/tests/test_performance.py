"""Public pages stay light and their query count does not grow with the data."""

import gzip
import re
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from baobab.tests.queries import data_queries
from network.models import City, Membership
from programme.models import CityDeliverable, Deliverable
from website.models import CityIndexPage, CityPage

PAGES = ["/en/", "/fr/cities/", "/en/cities/kumasi/", "/fr/programme/"]
CSS = Path(settings.BASE_DIR, "website/static/website/baobab.css")


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(data_queries(queries))


def add_cities(network, how_many):
    cities = City.objects.bulk_create(
        City(
            name=f"Town {i}",
            slug=f"town-{i}",
            country="SN",
            population=10_000 + i,
            latitude=-30 + (i % 60),
            longitude=-15 + (i % 60),
            languages=["fr"],
        )
        for i in range(how_many)
    )
    Membership.objects.bulk_create(
        Membership(network=network, city=city, status="active") for city in cities
    )
    CityDeliverable.objects.bulk_create(
        CityDeliverable(deliverable=deliverable, city=city, status="in_progress")
        for deliverable in Deliverable.objects.filter(phase__network=network)
        for city in cities
    )
    index = CityIndexPage.objects.get(locale=Locale.objects.get(language_code="en"))
    for city in cities:
        index.add_child(instance=CityPage(title=city.name, slug=city.slug, city=city))


@override_settings(BAOBAB_PAGE_CACHE_SECONDS=0)  # measure the page itself, not the cache
def test_query_count_is_the_same_with_11_and_300_cities(client, aston):
    for path in PAGES:
        client.get(path)  # warm the site-root cache, as a running server has it
    small = {path: count_queries(client, path) for path in PAGES}
    add_cities(aston, 289)
    assert City.objects.count() == 300
    large = {path: count_queries(client, path) for path in PAGES}
    assert large == small
    # A ceiling, besides flatness: the city page gathers journey, pilots, friends and roadmap;
    # the home page its four key figures (impact.selectors.headline).
    # One more query than the bare page: the language menu asks which translations exist.
    assert max(small.values()) <= 21


def test_pages_fit_the_first_round_trip(client, db):
    css = gzip.compress(CSS.read_bytes())
    for path in [*PAGES, "/fr/", "/pt/cities/matola/"]:
        html = gzip.compress(client.get(path).content)
        assert len(html) <= 14 * 1024, (path, len(html))
        assert len(html) + len(css) <= 60 * 1024, (path, len(html) + len(css))


def test_the_home_page_needs_no_external_request(client, db):
    content = client.get("/en/").content.decode()
    # Alternates name the page's translations in full (as search engines ask); they are
    # never fetched.
    content = re.sub(r'<link rel="alternate" hreflang="\w+" href="[^"]+">', "", content)
    assert "http://" not in content.replace("http://www.w3.org", "")
    assert "https://" not in content
    assert "<script" not in content


def one_page_of_each_type():
    """The first live English page of each page type, and a filtered listing."""
    from wagtail.models import Page

    pages = {}
    for page in Page.objects.live().filter(locale__language_code="en", depth__gt=1).specific():
        pages.setdefault(type(page).__name__, page.url)
    return {**pages, "filtered listing": "/en/pilots/?city=kumasi"}


@override_settings(BAOBAB_PAGE_CACHE_SECONDS=0)
def test_no_public_page_asks_more_of_the_database_with_ten_times_the_data(client, db):
    from demo.bench_data import grow

    paths = one_page_of_each_type()
    assert {"HomePage", "CityPage", "KnowledgeItemPage", "ImpactPage", "PilotIndexPage"} <= set(
        paths
    )
    for path in paths.values():
        client.get(path)  # warm the site-root cache, as a running server has it
    small = {name: count_queries(client, path) for name, path in paths.items()}
    grow(10)
    assert City.objects.count() == 110
    large = {name: count_queries(client, path) for name, path in paths.items()}
    assert large == small
