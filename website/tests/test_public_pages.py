"""What a visitor sees: the network at a glance, the city index and a city's profile."""

import pytest
from bs4 import BeautifulSoup

from network.models import City, Membership


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_root_redirects_to_the_browsers_language(client, db):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")["Location"] == "/fr/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="pt-PT")["Location"] == "/pt/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de")["Location"] == "/en/"


def test_home_shows_the_network_at_a_glance(client, aston):
    page = soup(client.get("/en/"))
    assert page.h1.get_text() == aston.name
    assert "September 2019" in page.select_one(".cycle").get_text()
    members = City.objects.filter(memberships__network=aston, memberships__status="active")
    assert page.select_one('[data-figure="cities"]').get_text() == str(members.count())
    total = sum(city.population for city in members)
    assert page.select_one('[data-figure="population"]').get_text() == f"{total:,}"
    assert len(page.select("svg.map circle")) == 11
    assert len(page.select(".city-list li")) == 11
    assert page.select_one('svg.map a[href="/en/cities/kumasi/"]') is not None


def test_home_figures_follow_the_records(client, aston):
    Membership.objects.filter(network=aston, city__slug="lagos").update(status="withdrawn")
    page = soup(client.get("/en/"))
    assert page.select_one('[data-figure="cities"]').get_text() == "10"
    assert len(page.select("svg.map circle")) == 10
    assert "Lagos" not in page.select_one(".city-list").get_text()


def test_home_in_french(client, aston):
    page = soup(client.get("/fr/"))
    assert page.html["lang"] == "fr"
    assert "Villes membres" in page.get_text()
    assert "Cycle du programme : septembre 2019 – juin 2022" in page.get_text()
    total = sum(m.city.population for m in aston.memberships.select_related("city"))
    # French groups thousands with a no-break space.
    expected = f"{total:,}".replace(",", "\xa0")
    assert page.select_one('[data-figure="population"]').get_text() == expected
    assert page.select_one(".city-list").get_text().count("Maroc") == 1


def test_city_index_lists_cities_with_country_population_languages_status(client, db):
    page = soup(client.get("/en/cities/"))
    rows = page.select("tbody tr")
    assert len(rows) == 11
    kumasi = next(row for row in rows if "Kumasi" in row.get_text())
    cells = [cell.get_text(strip=True) for cell in kumasi.find_all(["th", "td"])]
    assert cells == ["Kumasi", "Ghana", "3,300,000", "English", "Active"]
    bamako = next(row for row in rows if "Bamako" in row.get_text())
    assert "French, Bambara" in bamako.get_text()


def test_city_index_shows_every_membership_status(client, aston):
    Membership.objects.filter(network=aston, city__slug="niamey").update(status="withdrawn")
    page = soup(client.get("/fr/cities/"))
    niamey = next(row for row in page.select("tbody tr") if "Niamey" in row.get_text())
    assert "Retirée" in niamey.get_text()


def test_city_page_shows_the_city_record_and_translated_profile(client, db):
    page = soup(client.get("/en/cities/kumasi/"))
    assert page.h1.get_text() == "Kumasi"
    facts = page.select_one(".facts").get_text()
    assert "Ghana" in facts and "3,300,000" in facts and "Africa/Accra" in facts
    assert len(page.select("svg.map circle")) == 1

    french = soup(client.get("/fr/cities/kumasi/"))
    assert "Deuxième ville du Ghana" in french.get_text()
    assert french.html["lang"] == "fr"


def test_city_page_lists_only_people_who_consented(client, db):
    bamako = soup(client.get("/en/cities/bamako/")).get_text()
    assert "Awa Koné" in bamako
    lagos = soup(client.get("/en/cities/lagos/")).get_text()
    assert "Tunde Adeyemi" not in lagos


@pytest.mark.parametrize("path", ["/en/", "/en/cities/", "/en/cities/kumasi/"])
def test_language_switcher_keeps_the_visitor_on_the_same_page(client, db, path):
    page = soup(client.get(path))
    links = {a["hreflang"]: a["href"] for a in page.select("nav.languages a")}
    assert links == {code: path.replace("/en/", f"/{code}/", 1) for code in ("en", "fr", "pt")}
    for href in links.values():
        assert client.get(href).status_code == 200


def test_unknown_city_is_404(client, db):
    assert client.get("/en/cities/atlantis/").status_code == 404
