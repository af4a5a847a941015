"""In a real browser: Bamako's coordinator ranks the city's learning needs; the secretariat sees
the ranking with Bamako's reasons and picks the quarter's topic; the public pages show it."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from baobab.tests.browser import shot

pytestmark = pytest.mark.browser


def admin_login(page, base_url, username):
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("baobab-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/admin/")


def test_a_coordinator_ranks_needs_and_the_secretariat_picks_the_topic(demo_server, browser):
    base = demo_server.url
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    admin_login(page, base, "bamako")
    # Today 2022 Q3 is long over: My city shows its ranking as missed, the Learning hub still
    # opens it for the demo's story.
    page.goto(f"{base}/admin/learning/")
    page.get_by_role("row", name="2022 Q3").get_by_role("link", name="Rank our needs").click()
    page.get_by_label("Rank 1", exact=True).select_option(label="Open data")
    page.get_by_label("Why (rank 1)").fill("Our start-ups ask for the market data.")
    page.get_by_label("Rank 2", exact=True).select_option(label="Citizen participation")
    page.get_by_label("Why (rank 2)").fill("Residents want a say in the pilots.")
    shot(page, "learning-needs-bamako")
    page.get_by_role("button", name="Save our ranking").click()
    page.get_by_text("Your ranking for 2022 Q3 is saved.").wait_for()
    context.close()

    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    admin_login(page, base, "secretariat")
    page.goto(f"{base}/admin/learning/")
    page.get_by_role("row", name="2022 Q3").get_by_role("link", name="Ranking").click()
    ranking = page.locator("[data-ranking]")
    assert "Bamako" in ranking.inner_text()
    assert "Our start-ups ask for the market data." in ranking.inner_text()
    first = page.locator("[data-ranking] tbody tr").first.get_attribute("data-topic")
    assert first == "Citizen participation"
    assert "is first with" in page.locator("[data-why-first]").inner_text()
    shot(page, "learning-ranking-secretariat")
    page.get_by_label("Topic of the quarter").select_option(label="Citizen participation")
    page.get_by_role("button", name="Choose this topic").click()
    page.get_by_text("Citizen participation is the topic of 2022 Q3.").wait_for()
    shot(page, "learning-topic-chosen")
    context.close()

    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/fr/learning/")
    assert "Trimestres passés" in page.locator("main").inner_text()
    assert Axe().run(page).violations_count == 0
    shot(page, "learning-page-fr")
    page.goto(f"{base}/fr/events/?zone=kampala")
    assert "UTC+03:00, Africa/Kampala" in page.locator("main").inner_text()
    assert Axe().run(page).violations_count == 0
    shot(page, "events-page-fr")
    context.close()
