"""Anonymous public pages come from the cache until something they show changes."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from baobab.exceptions import SYSTEM
from network import services
from network.models import City
from network.signals import public_content_changed


def get(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response, len(queries)


def test_a_second_visit_is_served_from_the_cache_without_queries(client, db):
    first, first_queries = get(client, "/en/cities/")
    second, second_queries = get(client, "/en/cities/")
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert first_queries > 0 and second_queries == 0
    assert second.content == first.content
    assert second["Content-Language"] == "en"


def test_each_language_has_its_own_entry(client, db):
    get(client, "/en/cities/")
    french, _queries = get(client, "/fr/cities/")
    assert french["X-Cache"] == "miss"
    assert "Villes" in french.content.decode()


def test_a_change_to_a_city_drops_the_cached_pages(client, db):
    get(client, "/en/cities/")
    services.city_upsert(slug="kumasi", population=3_456_789, actor=SYSTEM)
    response, queries = get(client, "/en/cities/")
    assert response["X-Cache"] == "miss" and queries > 0
    assert "3,456,789" in response.content.decode()


def test_a_write_the_domain_announces_drops_the_cached_pages(client, db):
    # Bulk writes send no model signal; the apps below the site announce them instead.
    get(client, "/en/cities/")
    public_content_changed.send(sender=__name__)
    response, queries = get(client, "/en/cities/")
    assert response["X-Cache"] == "miss" and queries > 0


def test_publishing_a_page_drops_the_cached_pages(client, db):
    get(client, "/en/cities/kumasi/")
    page = City.objects.get(slug="kumasi").pages.get(locale__language_code="en")
    page.body = "<p>A fresh profile.</p>"
    page.save_revision().publish()
    response, _queries = get(client, "/en/cities/kumasi/")
    assert "A fresh profile." in response.content.decode()


def test_signed_in_people_never_get_or_fill_the_cache(client, secretariat):
    get(client, "/en/")
    client.force_login(secretariat)
    response, queries = get(client, "/en/")
    assert "X-Cache" not in response and queries > 0
    client.logout()
    assert get(client, "/en/")[0]["X-Cache"] == "hit"


def test_forms_and_errors_are_not_cached(client, db):
    client.get("/en/invitations/made-up/")
    assert "X-Cache" not in client.get("/en/invitations/made-up/")
    assert client.get("/en/cities/atlantis/").status_code == 404
