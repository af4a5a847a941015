"""In a real browser: Bamako's coordinator marks an overdue step done, and the warning leaves
the secretariat's overview."""

import pytest

from baobab.tests.browser import shot
from network.tests.test_browser_invitation import admin_login

pytestmark = pytest.mark.browser


def test_coordinator_marks_a_step_done_and_the_warning_disappears(demo_server, browser):
    base = demo_server.url
    secretariat = browser.new_context(locale="en-GB")
    overview = secretariat.new_page()
    admin_login(overview, base, "secretariat", "baobab-demo")
    overview.goto(f"{base}/admin/programme/overview/")
    bamako_overdue = overview.locator('[data-warning="overdue"][data-city="bamako"]')
    assert bamako_overdue.count() == 1
    shot(overview, "overview-before")

    coordinator = browser.new_context(locale="en-GB")
    page = coordinator.new_page()
    admin_login(page, base, "bamako", "baobab-demo")
    page.goto(f"{base}/admin/workspace/")
    assert "An overdue step holds back" in page.locator("main").inner_text()
    page.get_by_role("link", name="Secretariat visit to the city").click()
    page.locator("#id_status").select_option("done")
    page.locator("#id_done_date").fill("2020-02-14")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("updated").first.wait_for()
    shot(page, "step-done")
    page.goto(f"{base}/admin/workspace/")
    assert "An overdue step holds back" not in page.locator("main").inner_text()
    coordinator.close()

    overview.reload()
    assert bamako_overdue.count() == 0
    assert overview.locator('[data-warning="gap"][data-city="bamako"]').count() == 1
    shot(overview, "overview-after")
    secretariat.close()
