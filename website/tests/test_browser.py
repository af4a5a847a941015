"""A visitor's main path in a real browser, against the demo served as `make demo` serves it."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from baobab.tests.browser import shot

pytestmark = pytest.mark.browser


def test_visitor_sees_the_network_switches_to_french_and_opens_kumasi(demo_server, page):
    requests = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto(f"{demo_server.url}/")
    assert page.url == f"{demo_server.url}/en/"
    assert page.locator("h1").inner_text().startswith("ASToN")
    assert page.locator("svg.map circle").count() == 11
    assert page.locator(".city-list li").count() == 11
    assert page.locator('[data-figure="cities"]').inner_text() == "11"
    shot(page, "home-en")

    page.get_by_role("link", name="français").click()
    page.wait_for_url(f"{demo_server.url}/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", name="Villes membres").is_visible()
    shot(page, "home-fr")

    page.locator(".city-list").get_by_role("link", name="Kumasi").click()
    page.wait_for_url(f"{demo_server.url}/fr/cities/kumasi/")
    assert page.locator("h1").inner_text() == "Kumasi"
    assert "Ghana" in page.locator(".facts").inner_text()
    shot(page, "kumasi-fr")

    assert all(url.startswith(demo_server.url) for url in requests), requests


def test_city_index_on_a_phone(demo_server, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="pt-PT")
    page = context.new_page()
    page.goto(f"{demo_server.url}/pt/cities/")
    assert page.locator("tbody tr").count() == 11
    assert page.get_by_role("link", name="Matola").is_visible()
    shot(page, "cities-pt-phone")
    context.close()


@pytest.mark.parametrize(
    "path",
    ["/en/", "/fr/", "/fr/cities/", "/en/cities/kumasi/", "/pt/cities/matola/", "/fr/programme/"],
)
def test_main_pages_have_no_accessibility_violations(demo_server, page, path):
    page.goto(f"{demo_server.url}{path}")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
