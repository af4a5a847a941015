"""A city page shows the city's published story, in the reader's language where it exists."""

from network.models import City

from .helpers import item


def story(*, title, code="en", live=True):
    page = item(title=title, kind="city_story", area="city_stories", code=code, live=live)
    page.cities.set([City.objects.get(slug="niamey")])
    page.save_revision().publish() if live else page.save_revision()
    return page


def test_the_city_page_links_its_published_stories_only(client, db):
    story(title="Niamey counts its market stalls")
    story(title="Niamey unpublished notes", live=False)
    english = client.get("/en/cities/niamey/").content.decode()
    assert "Niamey counts its market stalls" in english
    assert "Niamey unpublished notes" not in english


def test_a_story_shows_in_the_readers_language_where_it_exists(client, db):
    french = client.get("/fr/cities/bamako/").content.decode()
    english = client.get("/en/cities/bamako/").content.decode()
    assert "Le récit de la ville" in french
    # The demo's Bamako story was written in French and translated into English.
    assert "Bamako : donner une adresse à chaque rue" in french
    assert "Bamako : donner une adresse à chaque rue" not in english
