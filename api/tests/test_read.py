"""Public reads: what is published, paginated in a stable order, in a flat number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.models import City, Membership

pytestmark = pytest.mark.django_db


def test_the_index_and_the_openapi_document(client):
    assert "/api/key-figures" in client.get("/api/").json()["endpoints"]
    document = client.get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert "/api/reuse-records" in document["paths"]


def test_cities_are_paginated_in_a_stable_order(client):
    first = client.get("/api/cities?page_size=5").json()
    second = client.get("/api/cities?page_size=5&page=2").json()
    assert first["count"] == 11 and first["next_page"] == 2
    names = [c["name"] for c in first["results"] + second["results"]]
    assert names == sorted(names) and len(set(names)) == 10
    assert client.get("/api/cities?page=99").json()["results"] == []


def test_a_withdrawn_city_is_not_listed(client):
    Membership.objects.filter(city__slug="lagos").update(status="withdrawn")
    slugs = [c["slug"] for c in client.get("/api/cities?page_size=100").json()["results"]]
    assert "lagos" not in slugs
    assert client.get("/api/cities/lagos").status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/api/cities?page_size=101", "/api/cities?page=0", "/api/pilots?page_size=abc"],
)
def test_bad_paging_is_a_json_error(client, path):
    response = client.get(path)
    assert response.status_code == 422
    assert response.json()["message"]


def test_pilots_events_knowledge_and_key_figures(client):
    pilot = client.get("/api/pilots?page_size=1").json()["results"][0]
    assert {"budget_eur", "indicators", "people_reached"} <= set(pilot)
    assert isinstance(pilot["budget"], str) and pilot["currency"]
    assert "internal_notes" not in pilot
    assert client.get(f"/api/pilots/{pilot['id']}").json()["slug"] == pilot["slug"]
    assert client.get("/api/pilots/2147483647").json() == {"message": "Not found.", "detail": None}
    assert client.get("/api/events").json()["count"] > 0
    items = client.get("/api/knowledge?page_size=100").json()["results"]
    assert all(item["url"].startswith("/") for item in items)
    figures = {f["key"]: f for f in client.get("/api/key-figures").json()}
    assert figures["participants"]["value"] == 480
    assert figures["reuse"]["percent"] == 30
    assert figures["invested"]["value"] == 450000


def _count(client, path):
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


def test_query_counts_do_not_grow_with_data(client, aston):
    paths = ["/api/cities?page_size=100", "/api/pilots?page_size=100", "/api/key-figures"]
    before = [_count(client, path) for path in paths]
    cities = City.objects.bulk_create(
        City(
            name=f"City {n}",
            slug=f"city-{n}",
            country="ML",
            population=n,
            latitude=0,
            longitude=0,
            languages=["fr"],
        )
        for n in range(200)
    )
    Membership.objects.bulk_create(
        Membership(network=aston, city=city, status="active") for city in cities
    )
    assert [_count(client, path) for path in paths] == before


def test_pilot_amounts_are_exact_decimal_text_with_their_currency(client):
    pilots = client.get("/api/pilots?page_size=100").json()["results"]
    lagos = next(p for p in pilots if p["slug"] == "lagos-market-tax")
    assert (lagos["currency"], lagos["budget"], lagos["budget_eur"]) == (
        "NGN",
        "20000000.00",
        "40000.00",
    )
    assert client.get(f"/api/pilots/{lagos['id']}").json()["budget"] == "20000000.00"
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]["PilotOut"]
    budget = schema["properties"]["budget"]
    assert (budget["type"], budget["format"]) == ("string", "decimal")
    in_eur = next(s for s in schema["properties"]["budget_eur"]["anyOf"] if s["type"] != "null")
    assert (in_eur["type"], in_eur["format"]) == ("string", "decimal")
