"""The library's SQL query count does not grow with the number of items."""

import time

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baobab.tests.queries import data_queries
from knowledge.models import KnowledgeItemPage

from .helpers import bulk_items

URLS = (
    "/en/knowledge/",
    "/fr/knowledge/?kind=lesson&area=network",
    "/en/knowledge/?q=bulk+item&city=bamako",
    "/en/knowledge/?page=3",
    "/en/knowledge/feed/",
)


def counts(client) -> dict:
    # Rows written by bulk_create send no signal, so the page cache is dropped by hand.
    cache.clear()
    result = {}
    for url in URLS:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        result[url] = len(data_queries(queries))
    return result


def test_library_queries_are_flat_from_100_to_10000_items(client, db):
    bulk_items(100, prefix="Small")
    small = counts(client)
    started = time.monotonic()
    bulk_items(9_900, prefix="Large")
    assert KnowledgeItemPage.objects.live().count() >= 10_000
    assert time.monotonic() - started < 30
    large = counts(client)
    assert large == small
    assert all(count <= 25 for count in large.values())
