"""In a real browser: Bamako's coordinator records an indicator value and a "scale up" decision,
and the portfolio's totals of scaled-up pilots grow."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from baobab.tests.browser import shot

pytestmark = pytest.mark.browser


def admin_login(page, base_url, username, password):
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/admin/")


def totals(page):
    return {
        name: page.locator(f'[data-total="{name}"]').inner_text()
        for name in ("pilots", "budget-eur", "people")
    }


def test_coordinator_records_a_value_and_a_scale_up_decision(demo_server, browser):
    base = demo_server.url
    visitor = browser.new_context(locale="en-GB")
    page = visitor.new_page()
    page.goto(f"{base}/en/pilots/")
    assert totals(page) == {"pilots": "15", "budget-eur": "450,000\xa0EUR", "people": "424"}
    assert page.locator("#city-chart rect").count() == 11
    shot(page, "pilots-en")
    assert Axe().run(page).violations_count == 0
    page.locator("#id_decision").select_option("scale_up")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(f"{base}/en/pilots/?*decision=scale_up*")
    assert totals(page) == {"pilots": "4", "budget-eur": "146,000\xa0EUR", "people": "199"}

    coordinator = browser.new_context(locale="en-GB")
    admin = coordinator.new_page()
    admin_login(admin, base, "bamako", "baobab-demo")
    admin.goto(f"{base}/admin/workspace/")
    admin.get_by_role("link", name="Reporting overflowing bins by text message").click()
    admin.get_by_role("heading", name="Indicator values").wait_for()
    admin.locator("#id_value-period_start").fill("2021-10-01")
    admin.locator("#id_value-actual").fill("160")
    admin.locator("#id_value-target").fill("150")
    admin.get_by_role("button", name="Record this value").click()
    admin.get_by_text("Indicator value recorded.").wait_for()
    admin.locator("#id_decision-kind").select_option("scale_up")
    admin.locator("#id_decision-decided_on").fill("2022-03-01")
    admin.locator("#id_decision-decided_by").fill("Mayor of Bamako")
    # Evidence left empty first: refused with a message, nothing saved.
    admin.get_by_role("button", name="Record the decision").click()
    admin.get_by_text("Say what evidence the decision rests on.").wait_for()
    admin.locator("#id_decision-evidence").fill(
        "160 reports in the last quarter, above the target of 150, each answered within a day."
    )
    shot(admin, "pilot-record-admin")
    admin.get_by_role("button", name="Record the decision").click()
    admin.get_by_text("Decision recorded.").wait_for()
    assert "Mayor of Bamako" in admin.locator("main").inner_text()
    coordinator.close()

    page.goto(f"{base}/en/pilots/?decision=scale_up")
    assert totals(page) == {"pilots": "5", "budget-eur": "166,000\xa0EUR", "people": "224"}
    page.get_by_role("link", name="Reporting overflowing bins by text message").click()
    page.wait_for_url(f"{base}/en/pilots/bamako-waste-sms/")
    assert page.locator("svg.indicator-chart rect.actual").count() == 3
    assert "Scale up" in page.locator(".decisions li").first.inner_text()
    shot(page, "pilot-en")
    assert Axe().run(page).violations_count == 0
    page.goto(f"{base}/fr/pilots/bamako-waste-sms/")
    assert "Passer à l’échelle" in page.locator(".decisions li").first.inner_text()
    shot(page, "pilot-fr")
    page.goto(f"{base}/fr/pilots/")
    shot(page, "pilots-fr")
    visitor.close()
