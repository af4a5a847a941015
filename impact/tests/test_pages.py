"""The impact page, each figure's records, the key-figure sheet and the home page's figures."""

import gzip
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from impact.models import ReuseRecord
from network.models import City, Person

pytestmark = pytest.mark.django_db

PAGES = ["/en/impact/", "/en/impact/figures/participants/", "/en/impact/figures/reuse/?by=city"]


def test_the_impact_page_shows_each_figure_with_its_date_and_records(client):
    response = client.get("/en/impact/")
    html = response.content.decode()
    assert response.status_code == 200
    for key in ("participants", "reuse", "invested", "people_reached", "action_plans"):
        assert f'data-figure="{key}"' in html
        assert f'href="/en/impact/figures/{key}/"' in html
    assert "480" in html and "EUR 450,000" in html and "8 of 10" in html
    assert "about 30%" in html and "3 of 11 cities, 27.3%" in html
    assert "As of" in html
    assert "<svg" in html and "<table" in html
    assert 'style="' not in html and "<script>" not in html


def test_the_impact_page_in_french(client):
    html = client.get("/fr/impact/").content.decode()
    assert "Participants aux formations et aux rencontres transnationales" in html
    assert "environ 30 %" in html or "environ 30%" in html


@pytest.mark.parametrize("by", ["year", "city", "phase"])
def test_a_figure_breaks_down_and_lists_its_records(client, by):
    response = client.get(f"/en/impact/figures/reuse/?by={by}")
    html = response.content.decode()
    assert response.status_code == 200
    for city in ("Bamako", "Kigali", "Kumasi"):
        assert city in html  # the reuse records behind the figure
    assert "<svg" in html


def test_provenance_pages_are_paginated_and_say_nothing_personal(client):
    html = client.get("/en/impact/figures/events/?by=city&page=2").content.decode()
    assert "Page 2 of 2" in html and 'rel="prev"' in html
    # Attendance is shown as a count per event, never as names.
    html = client.get("/en/impact/figures/participants/").content.decode()
    assert "Attended" in html
    assert not any(name in html for name in Person.objects.values_list("name", flat=True))


def test_an_unknown_figure_or_breakdown(client):
    assert client.get("/en/impact/figures/happiness/").status_code == 404
    response = client.get("/en/impact/figures/events/?by=colour&page=abc")
    assert response.status_code == 200


def test_the_key_figure_sheet_is_a_one_page_pdf(client):
    response = client.get("/en/impact/sheet/")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for expected in ("480", "EUR 450,000", "8 of 10", "about 30%", "424"):
        assert expected in text


def test_the_home_page_shows_the_main_four(client):
    html = client.get("/en/").content.decode()
    for key in ("participants", "reuse", "invested", "people_reached"):
        assert f'data-figure="{key}"' in html
    assert 'data-figure="action_plans"' not in html
    assert 'href="/en/impact/"' in html


def test_pages_stay_light(client):
    for path in PAGES:
        assert len(gzip.compress(client.get(path).content)) < 14 * 1024, path


def test_a_new_reuse_record_shows_at_once(client, aston):
    assert "about 30%" in client.get("/en/impact/").content.decode()
    for slug in ("lagos", "kampala"):
        ReuseRecord.objects.create(
            network=aston,
            city=City.objects.get(slug=slug),
            method="Design thinking",
            where="policy",
            reused_in="Housing policy",
            evidence="Council minutes",
        )
    # 5 of 11: 45.5%, about 50%; the cached page was dropped by the write.
    assert "about 50%" in client.get("/en/impact/").content.decode()


def _queries(client, path):
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


def test_query_counts_do_not_grow_with_reuse_records(client, aston):
    before = {path: _queries(client, path) for path in [*PAGES, "/en/"]}
    cities = list(City.objects.all())
    ReuseRecord.objects.bulk_create(
        ReuseRecord(
            network=aston,
            city=cities[index % len(cities)],
            method=f"Method {index}",
            where="service",
            reused_in=f"Service {index}",
            evidence="Minutes",
        )
        for index in range(500)
    )
    from django.core.cache import cache

    cache.clear()
    after = {path: _queries(client, path) for path in [*PAGES, "/en/"]}
    assert after == before
