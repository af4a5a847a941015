"""The public roadmaps: the comparison across cities, each city's page, its PDF."""

import datetime
import gzip
import io
from decimal import Decimal

from bs4 import BeautifulSoup
from pypdf import PdfReader

from baobab.exceptions import SYSTEM
from roadmap import services
from roadmap.models import Layer, Roadmap


def soup(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "html.parser")


def cell(page, city, name):
    return page.select_one(f'tr[data-city="{city}"] td[data-{name}]').get_text()


def test_the_comparison_totals_are_computed_from_the_tools(client, db):
    page = soup(client, "/en/roadmaps/")
    # Demo tools, by hand: Bamako 15,000 + 45,000 + 20,000 invested, 4,000 + 18,000 + 6,000 a
    # year; Kigali 80,000 + 60,000 + 20,000 and 20,000 + 30,000 + 8,000.
    assert cell(page, "bamako", "investment") == "80,000"
    assert cell(page, "bamako", "running") == "28,000"
    assert cell(page, "kigali", "investment") == "160,000"
    assert cell(page, "kigali", "running") == "58,000"
    # All five: 80,000 + 150,000 + 65,000 + 24,000 + 160,000 and
    # 28,000 + 50,000 + 27,000 + 12,000 + 58,000; budgets 60 + 150 + 20 + 35 + 90 thousand.
    assert page.select_one("[data-total-investment]").get_text() == "479,000"
    assert page.select_one("[data-total-running]").get_text() == "175,000"
    assert page.select_one("[data-total-budget]").get_text() == "355,000"


def test_a_new_tool_changes_the_comparison_at_once(client, lagos_roadmap):
    assert cell(soup(client, "/en/roadmaps/"), "lagos", "investment") == "150,000"
    services.tool_add(
        roadmap=lagos_roadmap,
        layer=Layer.objects.get(network=lagos_roadmap.network, name="Data collection"),
        what="Traffic counters",
        approach="commission",
        investment_cost=Decimal("12500.50"),
        yearly_running_cost=Decimal(1000),
        data_standards="CSV",
        actor=SYSTEM,
    )
    page = soup(client, "/en/roadmaps/")
    assert cell(page, "lagos", "investment") == "162,501"
    assert page.select_one("[data-total-investment]").get_text() == "491,501"


def test_the_comparison_shows_layers_by_cities_and_the_charter(client, db):
    page = soup(client, "/en/roadmaps/")
    cities = [th.get_text() for th in page.select("table.layers thead th")[1:]]
    assert cities == ["Bamako", "Kigali", "Kumasi", "Lagos", "Matola"]
    rows = {
        row.th.get_text(): [td.get_text(" ", strip=True) for td in row.select("td")]
        for row in page.select("table.layers tbody tr")
    }
    assert list(rows) == [
        "Connectivity and infrastructure",
        "Data collection",
        "Data management and platforms",
        "Applications and services",
        "Use and engagement",
    ]
    assert rows["Data management and platforms"][0] == "Address register (Have it built)"
    assert rows["Data collection"][3] == "Bus stop and route mapping (Encourage others to build)"
    charter = {
        row.th.get_text(): row.select("td")[-1].get_text()
        for row in page.select("table.matrix tbody tr")
    }
    assert charter["Open source first"] == "3"  # Bamako, Kigali, Kumasi
    assert charter["Personal data protection"] == "4"


def test_the_pages_are_translated(client, db):
    french = client.get("/fr/roadmaps/").content.decode()
    assert "Couches de la ville numérique" in french
    assert "Faire construire" in french
    portuguese = client.get("/pt/roadmaps/bamako/").content.decode()
    assert "Roteiro de Bamako" in portuguese


def test_a_citys_roadmap_page_has_its_timeline_checks_and_pdf_link(client, db):
    page = soup(client, "/en/roadmaps/kigali/")
    assert page.h1.get_text() == "Roadmap of Kigali"
    actions = Roadmap.objects.get(city__slug="kigali").actions.count()
    assert actions >= 2
    assert len(page.select("svg.timeline rect.action")) == actions
    assert page.select_one('[data-check="none"]') is not None
    assert page.select_one('a[href="/en/roadmaps/kigali/pdf/"]') is not None
    assert "Adopted by City of Kigali council" in page.get_text()
    kumasi = soup(client, "/en/roadmaps/kumasi/")
    assert kumasi.select_one('[data-check="running_costs_above_budget"]') is not None


def test_a_city_without_a_roadmap_answers_404(client, db):
    assert client.get("/en/roadmaps/niamey/").status_code == 404
    assert client.get("/en/roadmaps/niamey/pdf/").status_code == 404


def test_the_pdf_holds_the_roadmap(client, db):
    response = client.get("/fr/roadmaps/kumasi/pdf/")
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    # Table cells wrap: compare words, not lines.
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Feuille de route de Kumasi" in text and "Brouillon" in text
    assert "Waste collection dashboard" in text
    assert "Fonctionnement par an EUR 27 000" in text  # computed from the two tools
    assert "Agree data sharing with private collectors" in text


def test_the_city_page_links_to_its_roadmap(client, db):
    assert 'href="/fr/roadmaps/matola/"' in client.get("/fr/cities/matola/").content.decode()
    assert "/roadmaps/niamey/" not in client.get("/en/cities/niamey/").content.decode()


def test_an_adoption_reaches_the_cached_public_page(client, aston):
    assert "Draft" in soup(client, "/en/roadmaps/lagos/").select_one(".roadmap-status").text
    assert client.get("/en/roadmaps/lagos/").get("X-Cache") == "hit"
    services.roadmap_adopt(
        roadmap=Roadmap.objects.get(network=aston, city__slug="lagos"),
        adopted_on=datetime.date(2022, 10, 3),
        adopted_by="Lagos State executive council",
        actor=SYSTEM,
    )
    status = soup(client, "/en/roadmaps/lagos/").select_one(".roadmap-status").text
    assert "Adopted by Lagos State executive council" in status


def test_the_pages_are_light_and_need_no_script(client, db):
    for path in ("/en/roadmaps/", "/fr/roadmaps/", "/en/roadmaps/bamako/", "/fr/cities/lagos/"):
        content = client.get(path).content
        assert len(gzip.compress(content)) <= 14 * 1024, path
        html = content.decode()
        assert "<script" not in html and 'style="' not in html, path
