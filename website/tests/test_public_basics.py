"""What every public page carries for the wider web: the default site at BASE_URL, robots.txt,
a favicon, a description, a sitemap whose hreflang alternates name only real translations."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Page, Site

from knowledge.models import KnowledgeItemPage
from website.sites import default_site_sync

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_the_demo_site_answers_at_base_url_not_localhost(db, settings):
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == settings.WAGTAILADMIN_BASE_URL
    assert site.hostname != "localhost"


@override_settings(WAGTAILADMIN_BASE_URL="https://cities.example.org")
def test_sync_site_follows_base_url(db):
    call_command("sync_site", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("cities.example.org", 443)
    assert site.root_url == "https://cities.example.org"
    assert (
        KnowledgeItemPage.objects.live().first().full_url.startswith("https://cities.example.org/")
    )


@override_settings(WAGTAILADMIN_BASE_URL="http://127.0.0.1:8123")
def test_sync_site_keeps_a_port(db):
    site = default_site_sync()
    assert (site.hostname, site.port) == ("127.0.0.1", 8123)


@override_settings(WAGTAILADMIN_BASE_URL="https://cities.example.org")
def test_robots_names_the_absolute_sitemap(client, db):
    default_site_sync()
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: https://cities.example.org/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_favicon_is_linked_and_served(client, db):
    page = BeautifulSoup(client.get("/en/").content, "html.parser")
    icon = page.select_one('link[rel="icon"]')["href"]
    assert icon.endswith(".svg")
    assert client.get("/favicon.ico")["Location"] == icon


def _sitemap(client):
    from lxml import etree

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return etree.fromstring(response.content)


def test_sitemap_lists_pages_drawn_from_records_and_the_data_catalogue(client, db, settings):
    locations = {loc.text for loc in _sitemap(client).iterfind(".//s:loc", SITEMAP_NS)}
    base = settings.WAGTAILADMIN_BASE_URL
    from experiments.models import Pilot
    from roadmap.models import Roadmap

    pilot = Pilot.objects.order_by("slug").first()
    roadmap = Roadmap.objects.select_related("city").first()
    for language in ("en", "fr", "pt"):
        assert f"{base}/{language}/pilots/{pilot.slug}/" in locations
        assert f"{base}/{language}/roadmaps/{roadmap.city.slug}/" in locations
        assert f"{base}/{language}/impact/figures/participants/" in locations
        assert f"{base}/{language}/events/" in locations
    assert f"{base}/data/" in locations
    assert all(location.startswith(base + "/") for location in locations)


def test_sitemap_hreflang_names_only_translations_that_exist(client, db):
    root = _sitemap(client)
    untranslated = [
        page
        for page in KnowledgeItemPage.objects.live().filter(locale__language_code="en")
        if not page.get_translations().filter(locale__language_code="pt").exists()
    ]
    assert untranslated, "the demo has knowledge items not translated into Portuguese"
    item = untranslated[0]
    urls = {url.find("s:loc", SITEMAP_NS).text: url for url in root.iterfind("s:url", SITEMAP_NS)}
    entry = urls[item.full_url]
    alternates = {
        link.get("hreflang"): link.get("href")
        for link in entry.iterfind("{http://www.w3.org/1999/xhtml}link")
    }
    existing = {page.locale.language_code for page in item.get_translations(inclusive=True)}
    assert set(alternates) == existing
    assert "pt" not in alternates
    # Every alternate named anywhere is itself a listed page.
    for url in urls.values():
        for link in url.iterfind("{http://www.w3.org/1999/xhtml}link"):
            assert link.get("href") in urls


def test_untranslated_page_links_its_languages_to_pages_that_exist(client, db):
    item = next(
        page
        for page in KnowledgeItemPage.objects.live().filter(locale__language_code="en")
        if not page.get_translations().filter(locale__language_code="pt").exists()
    )
    page = BeautifulSoup(client.get(item.url).content, "html.parser")
    assert not page.select('head link[rel="alternate"][hreflang="pt"]')
    portuguese = page.select_one('nav.languages a[hreflang="pt"]')["href"]
    assert portuguese == "/pt/knowledge/"
    assert client.get(portuguese).status_code == 200


PUBLIC_PATHS = [
    "/{lang}/",
    "/{lang}/cities/",
    "/{lang}/cities/kumasi/",
    "/{lang}/programme/",
    "/{lang}/learning/",
    "/{lang}/events/",
    "/{lang}/pilots/",
    "/{lang}/roadmaps/",
    "/{lang}/roadmaps/bamako/",
    "/{lang}/knowledge/",
    "/{lang}/knowledge/first-cycle/",
    "/{lang}/impact/",
    "/{lang}/impact/figures/participants/",
]


@pytest.mark.parametrize("lang", ["en", "fr", "pt"])
def test_every_public_page_has_a_description(client, db, lang):
    seen = set()
    for path in PUBLIC_PATHS:
        response = client.get(path.format(lang=lang))
        assert response.status_code == 200, path
        page = BeautifulSoup(response.content, "html.parser")
        descriptions = page.select('meta[name="description"]')
        assert len(descriptions) == 1, path
        content = descriptions[0]["content"].strip()
        assert 20 <= len(content) <= 200, (path, content)
        seen.add(content)
    # Sections say what they are: not one description for every page.
    assert len(seen) > len(PUBLIC_PATHS) // 2


def test_description_comes_from_the_pages_own_text(client, db):
    item = KnowledgeItemPage.objects.live().filter(locale__language_code="en").first()
    page = BeautifulSoup(client.get(item.url).content, "html.parser")
    assert page.select_one('meta[name="description"]')["content"] == item.summary.strip()
    Page.objects.filter(pk=item.pk).update(search_description="Said for search engines.")
    cache.clear()
    page = BeautifulSoup(client.get(item.url).content, "html.parser")
    assert page.select_one('meta[name="description"]')["content"] == "Said for search engines."


@pytest.mark.parametrize("lang", ["fr", "pt"])
def test_dates_use_unambiguous_month_names(client, db, lang):
    html = client.get(f"/{lang}/events/").content.decode()
    times = re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', html)
    assert times
    for attribute, _text in times:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", attribute), attribute
    text = " ".join(shown for _attribute, shown in times)
    if lang == "fr":
        assert "juin 2022" in text and "Jui " not in text and "jui " not in text
    html = client.get(f"/{lang}/").content.decode()
    assert "Jui " not in html and "jui " not in html


def test_knowledge_item_time_has_no_microseconds(client, db):
    item = KnowledgeItemPage.objects.live().filter(locale__language_code="fr").first()
    html = client.get(item.url).content.decode()
    attributes = re.findall(r'<time datetime="([^"]+)"', html)
    assert attributes
    assert all("." not in value for value in attributes)


@override_settings(WAGTAILADMIN_BASE_URL="https://cities.example.org")
def test_share_links_and_json_ld_name_base_url(client, db):
    from urllib.parse import quote

    default_site_sync()
    item = KnowledgeItemPage.objects.live().filter(locale__language_code="en").first()
    html = client.get(item.url).content.decode()
    page = BeautifulSoup(html, "html.parser")
    address = "https://cities.example.org" + item.url
    assert page.find("meta", property="og:url")["content"] == address
    assert quote(address, safe="/") in page.find("a", href=re.compile("^https://wa.me/"))["href"]
    assert "localhost" not in html
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "localhost" not in sitemap and address in sitemap
