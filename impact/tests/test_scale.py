"""Key figures of a network of 300 cities and 1,000,000 attendance rows: a constant, small
number of queries (the same as for a network of a few rows)."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from impact import scale, selectors

pytestmark = pytest.mark.django_db


def _measure(network):
    with CaptureQueriesContext(connection) as context:
        started = time.perf_counter()
        figures = selectors.key_figures(network=network)
        elapsed = time.perf_counter() - started
    return figures, len(context.captured_queries), elapsed


def test_key_figures_at_300_cities_and_a_million_attendance_rows():
    small = scale.build(cities=3, events=2, people=5, slug="small")
    _figures, small_queries, _elapsed = _measure(small)

    large = scale.build(cities=300, events=1000, people=1000)
    figures, large_queries, elapsed = _measure(large)

    assert figures["participants"].value == 1000
    assert len(figures["participants"].by_city) == 300
    assert large_queries == small_queries <= 30
    print(f"key figures: {large_queries} queries, {elapsed:.2f} s")
