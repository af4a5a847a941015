"""The main flow in a browser: from the home page's figures to the impact page, a figure's
records broken down by city, and the key-figure sheet, in English and French."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from baobab.tests.browser import shot

pytestmark = pytest.mark.browser


def test_from_the_home_page_to_the_records_behind_a_figure(demo_server, page):
    page.goto(f"{demo_server.url}/en/")
    assert page.locator('[data-figure="participants"] .figure-value').inner_text().strip() == "480"
    page.get_by_role("link", name="Our impact, and the records behind each figure").click()
    page.wait_for_url("**/en/impact/")
    assert "EUR 450,000" in page.locator('[data-figure="invested"]').inner_text()
    assert Axe().run(page).violations_count == 0
    shot(page, "impact-en")
    page.locator('[data-figure="reuse"]').get_by_role("link").click()
    page.get_by_role("link", name="By city").click()
    assert page.locator("table.provenance").get_by_text("Kigali").count() >= 1
    assert page.locator("svg.bars").count() == 1
    shot(page, "impact-reuse-by-city-en")
    page.goto(f"{demo_server.url}/fr/impact/")
    assert "environ 30" in page.locator('[data-figure="reuse"]').inner_text()
    shot(page, "impact-fr")
    response = page.request.get(f"{demo_server.url}/fr/impact/sheet/")
    assert response.headers["content-type"] == "application/pdf"


@pytest.mark.parametrize("path", ["/pt/impact/", "/pt/pilots/"])
def test_chart_labels_stay_readable_on_a_phone(demo_server, browser, path):
    context = browser.new_context(locale="pt-PT", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{demo_server.url}{path}")
    sizes = page.locator("svg.bars text").evaluate_all(
        "texts => texts.map(t => parseFloat(getComputedStyle(t).fontSize)"
        " * t.ownerSVGElement.getBoundingClientRect().width"
        " / t.ownerSVGElement.viewBox.baseVal.width)"
    )
    assert sizes and min(sizes) >= 10, sizes
    shot(page, "chart-phone-" + path.strip("/").replace("/", "-"))
    context.close()
